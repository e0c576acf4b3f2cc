"""Temporal relations: which explicit dates, durations and ages refer to one event or person.

The calendar arithmetic is the checks' (:mod:`numcheck.checks`); here only the reading:

- ``anchor`` (relative, explicit): a date anchored on the document date ("last month",
  "eight years ago", "next year", "earlier this month") and an explicit year or date for the
  same event: in apposition ("eight years ago, in 2012"), bound in its clause by an ordinal or
  an event phrase ("the fifth such exchange in 2024", "a May 7 swap in 2024"), or the same
  event told again nearby ("will open next year … would open its doors in August 2027", "last
  month's decision … voted … on 22 May 2024"). Comparisons that name two periods on purpose
  ("the same quarter last year", "compared with", "up from … a year ago") are non-relations.
- ``elapsed`` (duration, start, [end]): an elapsed time, tenure or anniversary and the start it
  counts from ("in the 15 years since … in 2013", "who opened … in 1989, … after 42 years",
  "opened its doors in 1998, … its 30th anniversary", "for 14 years" … "First elected in
  2015", "the 60-year-old company, founded in 1972"); the end is the document date unless
  the clause sets another. ``value`` carries a duration written in words ("exactly a year
  since"), ``cue`` the frame ("since", "anniversary", "edition", "tenure", "age of").
- ``age`` (age, birth, [at]): a person's age and their birth date, tracked by name, surname,
  pronoun and relative clause ("The 23-year-old, who was born in 1998", "died aged 71" …
  "Born … on 3 April 1948"); ``at`` is the explicit time an age holds at ("joined as a
  16-year-old apprentice in 1964"), else the document date. Ages at another, unstated time
  ("was 25 when", "arrived aged ten") are non-relations.
- ``span`` (start, end, duration): a time or date range and the duration stated for it
  ("from 11pm on Friday 7 March until 5am on Monday 10 March - a 48-hour closure", "open at
  7 a.m. and close at 8 p.m., giving voters a 12-hour window", "from 14 June to 30 August – a
  six-week programme"). Offsets ("30 minutes later than usual") and rates ("64 hours a week")
  are not spans' durations.
"""

from __future__ import annotations

import re

from numcheck.extract.context import lemma
from numcheck.model import Relation
from numcheck.read import lexicon
from numcheck.read.document import Text
from numcheck.read.mentions import Draft, clause_bounds

__all__ = ["read_temporal"]

_PERIOD_UNITS = ("year", "month", "week", "day", "decade", "fortnight", "century")
_START_VERBS = frozenset("""open found establish start launch begin set form create build elect
    appoint join take become hire name sign marry move arrive win complete inaugurate""".split())
_TENURE_VERBS = frozenset("""serve represent lead run hold work live be chair manage head coach
    teach stand own operate trade sit""".split())
_COMPARE = (" compared with ", " compared to ", " same quarter ", " same period ", " same month ",
            " same week ", " same time ", " a year earlier ", " a year ago ", " the year before ",
            " up from ", " down from ", " rather than ", " versus ", " against ", " previous ",
            " last year's ", " from a year ")
_EVENT_NOUNS = {
    "decision": {"decide", "vote", "agree", "approve", "rule", "back", "reject"},
    "vote": {"vote", "approve", "back", "reject"}, "ruling": {"rule", "decide", "find"},
    "meeting": {"meet", "vote", "decide"}, "announcement": {"announce", "say", "confirm"},
    "election": {"elect", "vote", "win"}, "closure": {"close", "shut"}, "opening": {"open"},
    "sale": {"sell", "buy"}, "deal": {"sign", "agree"}, "attack": {"attack", "kill"},
}
_PAST_FRAME = ("had been", "by then", "at the time", "when he", "when she", "when they",
               "when it", "later", "that year")
_NOT_BIRTH_BEFORE = ("first", "born again")
_AGED_THINGS = frozenset("""company firm business club shop store bridge building school hospital
    charity band newspaper theatre festival brand institution group society church pub restaurant
    museum library factory plant mill race tradition event""".split())
#: Things whose life an anniversary or "N-year history" counts, when named by a definite noun.
_LIVING_THINGS = _AGED_THINGS | frozenset("""theater cinema venue park hotel airport station zoo
    stadium team orchestra choir paper magazine centre center clinic market garden gallery
    tunnel railway line route ferry service charity trust practice studio bakery mine""".split())
#: Verbs that begin a thing's life ("the bridge, which opened in 1994") or a person's tenure.
_ORIGIN_THING_VERBS = frozenset("open found establish form launch start begin build create inaugurate incorporate".split())
_ORIGIN_PERSON_VERBS = frozenset("appoint elect join hire name".split())
#: "played its first engagement in 1985": the first of these begins a band's or a club's life.
_FIRST_EVENTS = frozenset("""engagement concert performance show game match season edition service
    flight broadcast issue race meeting production exhibition""".split())
#: Words that make a relative date deictic ("last month", "next year"), unlike a bare month name.
_DEICTIC_WORDS = frozenset("last next this earlier later ago yesterday today tomorrow coming past previous".split())
_REPORTING = frozenset("say tell publish announce release report confirm reveal disclose add note".split())
#: Verbs that tell one event in different words ("the penalty imposed …" / "issued the penalty").
_EVENT_VERBS = (
    frozenset("impose issue levy fine order"), frozenset("decide vote agree approve rule back reject"),
    frozenset("open launch unveil inaugurate"), frozenset("close shut"), frozenset("sign agree seal"),
    frozenset("hold stage host"), frozenset("announce unveil reveal confirm"), frozenset("elect win"),
    frozenset("sell buy acquire"), frozenset("appoint name hire"),
)
#: Verbs of events that happen to a thing once ("the plant was mothballed last year" … "The works
#: was mothballed in September 2023" tell one event).
_ONE_OFF_VERBS = frozenset("""close end finish complete mothball demolish collapse destroy sell
    acquire merge liquidate shut scrap abandon""".split())
_GENERIC_NOUNS = frozenset("year month week day time people city town country area government "
                           "council company group work number part way".split())


def read_temporal(doc: Text, drafts: list[Draft]) -> list[Relation]:
    """Every temporal relation and non-relation of one document."""
    out: list[Relation] = []
    seen: set = set()

    def add(kind, members, cue="", start=0, end=0, **kw):
        key = (kind, tuple(members), kw.get("blocked", ""))
        if key not in seen:
            seen.add(key)
            out.append(Relation(kind, tuple(members), cue, start, end, **kw))

    claims = doc.claims
    times = [k for k, c in enumerate(claims) if c.kind in ("date", "year", "time", "duration", "age", "ordinal")]
    if not times:
        return out
    sents = sorted({claims[k].sentence for k in times})
    for si in sents:
        if si >= len(doc.sentences):
            continue
        sent = doc.sentence(si)
        _anchors(doc, sent, add)
        _possessive_events(doc, sent, add)
        _elapsed(doc, sent, add)
        _spans(doc, sent, add)
    _cross_anchors(doc, add)
    _tenures(doc, add)
    _cross_spans(doc, add, {m for r in out if r.kind == "span" for _, m in r.members})
    _lifetimes(doc, add, {m for r in out if r.kind == "elapsed" for _, m in r.members})
    _ages(doc, add)
    _weekdays(doc, add)
    return out


# ---- helpers ---------------------------------------------------------------------------------

def _tok(sent, k):
    return sent.tokens[sent.at[k]] if k in sent.at else None


def _clause(sent, k):
    j = sent.at.get(k)
    if j is None:
        return 0, 0
    return clause_bounds(sent.tokens, j, sent.inserts)


def _words(sent, a, b) -> str:
    return " ".join(t.low for t in sent.tokens[a:b])


def _explicit(c) -> bool:
    return c.kind in ("year", "date") and not c.relative and bool(c.date)


def _deictic(c) -> bool:
    return c.kind == "date" and c.relative and bool(c.date) and not any(ch.isdigit() for ch in c.text)


def _inferred_month_day(c) -> bool:
    """"May 7" in a dated article: a month and day whose year came from the document date."""
    return c.kind == "date" and c.relative and c.date is not None and len(c.date) == 10 and \
        any(ch.isdigit() for ch in c.text) and not re.search(r"\b\d{4}\b", c.text)


def _comparison_between(doc: Text, a, b) -> bool:
    lo, hi = (a.start, b.end) if a.start < b.start else (b.start, a.end)
    seg = " " + " ".join(re.findall(r"[a-z']+", doc.text[lo:hi].lower())) + " "
    near_b = doc.text[max(0, b.start - 30):b.start].lower()
    return any(cue in seg for cue in _COMPARE) or "same" in near_b.split()[-3:]


# ---- anchors ---------------------------------------------------------------------------------

def _anchors(doc: Text, sent, add) -> None:
    claims = doc.claims
    ks = range(sent.first, sent.last)
    anchors = [k for k in ks if _deictic(claims[k])]
    explicit = [k for k in ks if _explicit(claims[k])]
    toks = sent.tokens
    for a in anchors:
        ca = claims[a]
        ja = sent.at.get(a)
        if ja is None:
            continue
        if any(lexicon.verb_lemma(t.low) in _REPORTING or t.low == "according" for t in toks[max(0, ja - 3):ja]):
            continue  # "published on Wednesday", "said on Friday": the anchor dates the report
        # apposition: "eight years ago, in 2012", "last week (on 3 March)"
        m = ja + 1
        if m < len(toks) and toks[m].low in (",", "(", "—", "–", "-") and ca.date and len(ca.date) != 10 or (
                m < len(toks) and toks[m].low in (",", "(") and "ago" in ca.text.lower()):
            m += 1
            while m < len(toks) and toks[m].low in ("in", "on", "back", "of"):
                m += 1
            if m < len(toks) and toks[m].claim >= 0 and toks[m].claim in explicit:
                e = toks[m].claim
                add("anchor", [("relative", a), ("explicit", e)], "apposition", ca.start, claims[e].end)
                continue
        lo, hi = _clause(sent, a)
        main = _copula_after_relative(sent, ja)
        for e in explicit:
            je = sent.at.get(e)
            if main is not None and main <= je:
                # "The ballot, which closed on Wednesday, was the union's second … in 2024":
                # the copula makes the subject the event that the frame dates
                lo_e = main
            elif je is None or not (lo <= je < hi) or sent.level[je] != sent.level[ja]:
                continue
            else:
                lo_e = lo
            ce = claims[e]
            if ce.kind != "year":
                continue
            frame = _bound_frame(doc, sent, e, lo_e)
            if frame is None:
                continue
            blocked = "comparison" if _comparison_between(doc, ca, ce) else ""
            # "in a May 7 exchange, the fifth such swap in 2024": a month-day before the year,
            # dated by the anchor too, corroborates it
            also = [k for k in range(sent.first, sent.last)
                    if k not in (a, e, frame[1]) and _inferred_month_day(claims[k])
                    and claims[k].start < ce.start and sent.at.get(k, -1) >= lo]
            add("anchor", [("relative", a), ("explicit", e), ("frame", frame[1])]
                + [("corroborates", k) for k in also], frame[0], ce.start, ce.end, blocked=blocked)


#: Events that recur and are named by their period ("last year's festival").
_RECURRING_EVENTS = frozenset("""event festival edition race election show fair tournament championship
    final conference parade marathon concert ceremony competition contest games summit ballot
    regatta gala carnival congress convention exhibition expo awards derby rally match""".split())
#: Verbs that place such an event in time ("held in September 2023", "due to open in July 2023").
_EVENT_TIME_VERBS = frozenset("""hold stage run take open close start begin end schedule plan
    cancel scrap postpone call fall""".split())


def _possessive_events(doc: Text, sent, add) -> None:
    """A recurring event named by its period ("last year's event", "this year's festival") and
    the date the same sentence gives it ("– held in September 2023 –", "just nine days before
    it was due to open in July 2023"): one event, so the date must fall in that period.

    A date that another noun or a comparison stands between ("up from 30,000 in 2023", "since
    1979") is another event's."""
    claims = doc.claims
    toks = sent.tokens
    for a in range(sent.first, sent.last):
        ca = claims[a]
        ja = sent.at.get(a)
        if ja is None or not _deictic(ca) or ca.date is None or len(ca.date) != 4:
            continue
        q = ja + 1
        if q + 1 < len(toks) and toks[q].low in ("'", "’") and toks[q + 1].low == "s":
            q += 2
        elif not (q < len(toks) and toks[q].low in ("'s", "’s")):
            continue
        else:
            q += 1
        while q < len(toks) and toks[q].tag in ("ADJ", "NAME") and q + 1 < len(toks) and toks[q + 1].tag in ("NOUN", "NAME"):
            q += 1
        if q >= len(toks) or lemma(toks[q].low) not in _RECURRING_EVENTS:
            continue
        noun = lemma(toks[q].low)
        for r in range(q + 1, min(len(toks), q + 16)):
            t = toks[r]
            if t.low in (";", ".") or (t.tag == "NOUN" and lemma(t.low) in _RECURRING_EVENTS):
                break
            if t.claim < 0 or not _explicit(claims[t.claim]):
                continue
            e = t.claim
            if toks[r - 1].low not in ("in", "on", "during") or (r > 1 and toks[r - 2].low in ("since", "from", "until")):
                continue  # "held every June since 1962": a time of another sort
            verb = None
            for w in range(r - 2, q, -1):
                if toks[w].tag in ("VERB", "ADJ") and lexicon.verb_lemma(toks[w].low, force=True) in _EVENT_TIME_VERBS:
                    verb = lexicon.verb_lemma(toks[w].low, force=True)
                    break
                if toks[w].tag == "NOUN" or toks[w].claim >= 0:
                    break
            if verb is None:
                break
            # (the anchor is itself "last year's": only what stands between them compares)
            between = " " + _words(sent, q + 1, r) + " "
            blocked = "comparison" if any(cue in between for cue in _COMPARE) else ""
            add("anchor", [("relative", a), ("explicit", e)], f"{ca.text}'s {noun} ({verb})", ca.start,
                claims[e].end, blocked=blocked)
            break


def _copula_after_relative(sent, ja: int) -> int | None:
    """For a time inside a relative clause on the sentence's subject, followed by a copula
    ("The ballot, which closed on Wednesday, was the union's second …"), the token index where
    the copula's complement begins; else None."""
    toks = sent.tokens
    q = ja
    while q > 0 and toks[q].low not in ("which", "that"):
        if toks[q].low in (",", ";") or toks[q].tag == "CONJ":
            return None
        q -= 1
    if q < 3 or toks[q - 1].low != "," or toks[q - 2].tag not in ("NOUN", "NAME") or toks[0].tag != "DET":
        return None
    if any(t.tag == "VERB" for t in toks[:q - 1]):
        return None
    r = ja + 1
    while r < len(toks) and toks[r].low != ",":
        if toks[r].tag in ("SUB", "CONJ"):
            return None
        r += 1
    if r + 1 < len(toks) and toks[r + 1].low in ("was", "is", "were"):
        return r + 2
    return None


def _bound_frame(doc: Text, sent, e: int, lo: int):
    """The ordinal or inferred month-day that binds the year ``e`` to the anchored event."""
    claims = doc.claims
    toks = sent.tokens
    je = sent.at[e]
    for j in range(je - 1, max(lo - 1, je - 8), -1):
        t = toks[j]
        if t.low in (",", ";", ":", "(", ")", "—", "–") or t.tag == "SUB":
            return None
        if t.claim >= 0 and t.claim != e:
            c = claims[t.claim]
            gap = [x.low for x in toks[j + 1:je]]
            if c.kind == "ordinal" and j > 0 and (toks[j - 1].low in ("the", "its", "their", "his", "her", "our", "this", "a", "an")
                                                  or toks[j - 1].low.endswith(("'s", "’s"))) \
                    and gap and gap[-1] in ("in", "of", "during") and len(gap) <= 6:
                return "ordinal", t.claim
            if _inferred_month_day(c) and gap and gap[-1] in ("in", "of", "during") and 2 <= len(gap) <= 6:
                return "event_phrase", t.claim
            return None
    return None


def _verb_of(sent, k) -> str | None:
    """The lemma of the verb a time expression's clause is about: the nearest verb on its left
    in the clause ("who opened … in 1989", "will open next year"), else the nearest after it."""
    lo, hi = _clause(sent, k)
    j = sent.at.get(k)
    if j is None:
        return None
    for rng in (range(j - 1, lo - 1, -1), range(j + 1, hi)):
        for q in rng:
            t = sent.tokens[q]
            if t.tag == "VERB" and not (q > 0 and sent.tokens[q - 1].tag == "DASH"):
                lem = lexicon.verb_lemma(t.low, force=True)
                if lem and lem not in ("be", "have", "do"):
                    return lem
    return None


#: How many sentences before or after an anchor its event may be told again with a date.
_CROSS_WINDOW = 8


def _cross_anchors(doc: Text, add) -> None:
    """The same event told again nearby with an explicit date: same verb, or an event noun
    ("last month's decision") and a verb of that event."""
    claims = doc.claims
    # a weekday ("said on Friday") dates a report, rarely the event told again elsewhere
    anchors = [k for k, c in enumerate(claims) if _deictic(c) and c.block != "title"
               and c.date is not None and len(c.date) != 10 and _DEICTIC_WORDS & set(c.text.lower().split())]
    if not anchors:
        return
    explicit = [k for k, c in enumerate(claims) if _explicit(c) and c.kind in ("date", "year") and c.block != "title"]
    # only dates within _CROSS_WINDOW sentences qualify: look those up by sentence (a walk over
    # every explicit date for every anchor was quadratic in a long document)
    by_sentence: dict[int, list[int]] = {}
    for e in explicit:
        by_sentence.setdefault(claims[e].sentence, []).append(e)
    for a in anchors:
        ca = claims[a]
        sa = doc.sentence(ca.sentence)
        va = _verb_of(sa, a)
        ja = sa.at.get(a)
        noun = None
        if ja is not None:
            q = ja + 1
            while q < len(sa.tokens) and sa.tokens[q].low in ("'", "’", "s", "'s", "’s"):
                q += 1
            while q + 1 < len(sa.tokens) and sa.tokens[q].tag == "NOUN" and sa.tokens[q + 1].tag == "NOUN":
                q += 1  # "last month's cabinet decision": the head is the last noun
            if q > ja + 1 and q < len(sa.tokens) and sa.tokens[q].tag == "NOUN":
                noun = lemma(sa.tokens[q].low)  # "last month's decision"
        near = sorted(e for si in range(ca.sentence - _CROSS_WINDOW, ca.sentence + _CROSS_WINDOW + 1)
                      if si != ca.sentence for e in by_sentence.get(si, ()))
        for e in near:
            ce = claims[e]
            se = doc.sentence(ce.sentence)
            ve = _verb_of(se, e)
            ok = False
            cue = ""
            je = se.at.get(e)
            # "The mill's closure in January 2024" told of what "shut down last month": the
            # event noun the explicit date dates, definite, names the anchored verb's event
            noun_e = lemma(se.tokens[je - 2].low) if je is not None and je >= 3 and se.tokens[je - 1].low == "in" \
                and se.tokens[je - 2].tag == "NOUN" and (se.tokens[je - 3].low in ("the", "its", "their")
                                                         or se.tokens[je - 3].low.endswith(("'s", "’s"))) else None
            owner_e = se.tokens[je - 3].low.removesuffix("'s").removesuffix("’s") if noun_e else ""
            near = abs(ce.sentence - ca.sentence) <= 3
            if noun in _EVENT_NOUNS and ve in _EVENT_NOUNS[noun] and ce.kind == "date" and near:
                ok, cue = True, f"{ca.text} {noun}"
            elif noun_e in _EVENT_NOUNS and va in _EVENT_NOUNS[noun_e] and ce.kind == "date" and (
                    near or (owner_e and lemma(owner_e) in _nouns(sa, a) | {lemma(t.low) for t in sa.tokens[:sa.at[a]] if t.tag == "NOUN"})):
                # (further away only when the owner is named again: "the mill's closure")
                ok, cue = True, f"the {noun_e} ({va})"
            elif not near:
                continue
            elif va and ve and va == ve and va in _START_VERBS | _ONE_OFF_VERBS \
                    and not (va == "say"):
                ok, cue = True, f"same event ({va})"
            elif va and ve and any(va in g and ve in g for g in _EVENT_VERBS) and ce.kind == "date":
                shared = _definite_nouns(se, e) & _nouns(sa, a)
                if shared:
                    ok, cue = True, f"the {sorted(shared)[0]} ({va} / {ve})"
            if not ok:
                continue
            lo, hi = _clause(se, e)
            words = " " + _words(se, lo, hi) + " "
            blocked = "other_time" if any(w in words for w in (" previous ", " earlier ", " last year ", " original",
                                                                  " first ", " a year ", " again ", " before ",
                                                                  " too ", " also ", " sister ", " another ")) else ""
            add("anchor", [("relative", a), ("explicit", e)], cue, ce.start, ce.end, blocked=blocked)


def _nouns(sent, k) -> set[str]:
    lo, hi = _clause(sent, k)
    return {lemma(t.low) for t in sent.tokens[lo:hi] if t.tag == "NOUN"} - _GENERIC_NOUNS


def _definite_nouns(sent, k) -> set[str]:
    """Nouns of the clause that refer back: "issued the penalty on Sept. 4, 2024"."""
    lo, hi = _clause(sent, k)
    toks = sent.tokens
    return {lemma(toks[q].low) for q in range(lo + 1, hi)
            if toks[q].tag == "NOUN" and toks[q - 1].low in ("the", "this", "that")} - _GENERIC_NOUNS


# ---- elapsed time ----------------------------------------------------------------------------

def _duration_years(c) -> bool:
    return c.kind == "duration" and (c.unit or "").rstrip("s") in _PERIOD_UNITS


def _start_year_near(doc: Text, sent, j_from: int, lo: int, hi: int, exclude=()) -> int | None:
    claims = doc.claims
    best = None
    for q in range(lo, hi):
        t = sent.tokens[q]
        if t.claim >= 0 and t.claim not in exclude and _explicit(claims[t.claim]):
            if best is None or abs(q - j_from) < abs(sent.at[best] - j_from):
                best = t.claim
    return best


def _elapsed(doc: Text, sent, add) -> None:
    claims = doc.claims
    toks = sent.tokens
    ks = list(range(sent.first, sent.last))
    text_low = doc.text[sent.start:sent.end].lower()
    past = any(p in text_low for p in ("had been", "by then", "at the time"))
    for k in ks:
        c = claims[k]
        j = sent.at.get(k)
        if j is None:
            continue
        if _duration_years(c):
            after = [t.low for t in toks[j + 1:j + 4]]
            before = [t.low for t in toks[max(0, j - 3):j]]
            if any(w in after[:2] for w in ("later", "earlier", "ago", "before", "after", "old")):
                continue
            starts = [q for q in ks if q != k and _explicit(claims[q])]
            if not starts:
                continue
            cue = None
            start = None
            if "since" in after[:3]:
                # "15 years since Ana and Tom Reyes opened that first shop in 2013"
                s_at = j + 1 + after.index("since")
                for q in range(s_at, min(len(toks), s_at + 14)):
                    if toks[q].claim >= 0 and toks[q].claim in starts:
                        start, cue = toks[q].claim, "since"
                        break
            elif before[-1:] == ["after"] or before[-1:] == ["for"] or before[-2:] in (["for", "the"], ["for", "nearly"], ["for", "almost"], ["for", "over"]) or before[-1:] in (["nearly"], ["almost"], ["over"]):
                # "who opened … in 1989, is to hang up her tape measure after 42 years"
                lo_c, hi_c = _clause(sent, k)
                for q in starts:
                    jq = sent.at.get(q)
                    v = _verb_of(sent, q)
                    if jq is None or v not in _START_VERBS or _comparison_between(doc, claims[q], c):
                        continue
                    same_clause = lo_c <= jq < hi_c
                    lq, _ = _clause(sent, q)
                    on_subject = lq >= 2 and toks[lq - 1].low in ("who", "which") and toks[lq - 2].low == "," \
                        and lq < j and not any(t.low == "that" for t in toks[lq:jq])
                    if same_clause or (before[-1:] == ["after"] and on_subject):
                        start, cue = q, "after" if before[-1:] == ["after"] else "for"
                        break
                    words_before = [t.low for t in toks[max(0, jq - 2):jq]] if jq is not None else []
                    if jq is not None and "since" in words_before:
                        start, cue = q, "since"
                        break
            if start is None:
                continue
            lo_c, hi_c = _clause(sent, k)
            clause = " " + _words(sent, lo_c, hi_c) + " "
            # the elapsed time must run up to now ("has been", "in the 15 years since", "is to
            # hang up … after 42 years"); "led the city for six years since 2008 before retiring"
            # is a closed period
            now = any(w in clause for w in (" has ", " have ", " 's ", " is ", " are ", " marks ", " marking ",
                                             " now ", " in the ", " over the ", " for the ", " during the ",
                                             " will ", " celebrat", " 've "))
            blocked = "past_frame" if past or not now else ""
            add("elapsed", [("duration", k), ("start", start)], cue, c.start, c.end, blocked=blocked)
        elif c.kind == "ordinal":
            nxt = [t.low for t in toks[j + 1:j + 3]]
            if not nxt:
                continue
            counted = nxt[0]
            if counted in ("anniversary", "birthday", "jubilee"):
                cue = "anniversary"
            elif counted in ("season", "edition", "year", "festival", "annual", "series", "staging", "championship", "anniversary"):
                cue = "edition"
            else:
                continue
            if (c.value or 0) < 2:
                continue
            lo_c, hi_c = _clause(sent, k)
            clause_words = set(_words(sent, lo_c, hi_c).split())
            if not clause_words & {"is", "are", "will", "marks", "celebrates", "celebrating", "marking", "this",
                                   "year's", "'s", "becomes", "be"}:
                continue  # "answered 2,300 calls in its first year": an Nth of the past
            starts = [q for q in ks if q != k and _explicit(claims[q]) and _verb_of(sent, q) in _START_VERBS]
            if not starts:
                continue
            add("elapsed", [("duration", k), ("start", starts[0])], cue, c.start, c.end,
                blocked="past_frame" if past else "")
        elif c.kind == "age":
            # "the 60-year-old company, founded in 1972"
            d_thing = c.subject
            if d_thing not in _AGED_THINGS:
                continue
            for q in ks:
                if q != k and _explicit(claims[q]) and _verb_of(sent, q) in ("found", "establish", "open", "start", "build", "form", "launch", "set"):
                    add("elapsed", [("duration", k), ("start", q)], "age of", c.start, c.end)
                    break
    # "It is exactly a year since … on 15 May 2023": a duration written in words
    for j, t in enumerate(toks):
        if t.low in ("a", "an") and j + 2 < len(toks) and toks[j + 1].low in _PERIOD_UNITS and toks[j + 2].low == "since" \
                and not (j > 0 and toks[j - 1].tag == "NUM") \
                and (j == 0 or toks[j - 1].low in ("exactly", "nearly", "almost", "just", "over", "about", "around",
                                                    "is", "'s", "been", "was", "than", "barely", "only")):
            hedge = toks[j - 1].low if j > 0 else ""
            start = None
            for q in range(j + 3, min(len(toks), j + 20)):
                if toks[q].claim >= 0 and _explicit(claims[toks[q].claim]):
                    start = toks[q].claim
                    break
            if start is None:
                continue
            bound = {"exactly": "exact", "nearly": "almost", "almost": "almost", "over": "more_than",
                     "more": "more_than", "about": "approx", "around": "approx"}.get(hedge, "approx")
            years = {"year": 1, "decade": 10, "century": 100}.get(toks[j + 1].low)
            months = {"month": 1, "fortnight": 0.46, "week": 0.23, "day": 1 / 30.4}.get(toks[j + 1].low)
            value = years if years is not None else (months / 12 if months else None)
            if value is None:
                continue
            add("elapsed", [("start", start)], f"{hedge} a {toks[j + 1].low} since".strip(), t.start,
                toks[j + 1].end, value=float(value), bound=bound, blocked="past_frame" if past else "")


def _tenures(doc: Text, add) -> None:
    """A tenure stated in one sentence ("has represented Holme Valley … for 14 years") and its
    start in another ("First elected in 2015, …"), for the same person: the only start of a
    tenure the article gives."""
    claims = doc.claims
    durations = []
    for k, c in enumerate(claims):
        if not _duration_years(c) or c.block == "title" or (c.unit or "").rstrip("s") not in ("year", "decade"):
            continue
        sent = doc.sentence(c.sentence)
        j = sent.at.get(k)
        if j is None or j == 0 or sent.tokens[j - 1].low not in ("for", "nearly", "almost", "over"):
            continue
        lo_p, _ = _clause(sent, k)
        if not any(t.low in ("has", "have", "'s") for t in sent.tokens[lo_p:j]):
            continue  # "They would be held for 444 days": not a tenure up to now
        lo_c, hi_c = _clause(sent, k)
        if any(_explicit(claims[x]) and x in sent.at and lo_c <= sent.at[x] < hi_c for x in range(sent.first, sent.last)):
            continue  # the clause gives its own time; read there
        v = _verb_of(sent, k)
        if v in _TENURE_VERBS or (j >= 3 and sent.tokens[j - 3].low in ("has", "have")):
            durations.append(k)
    if len(durations) != 1:
        return
    d = durations[0]
    starts = []
    for k, c in enumerate(claims):
        if not _explicit(c) or c.sentence == claims[d].sentence:
            continue
        sent = doc.sentence(c.sentence)
        j = sent.at.get(k)
        if j is None:
            continue
        lo_c, hi_c = _clause(sent, k)
        words = [t.low for t in sent.tokens[lo_c:j]]
        verbs = {lexicon.verb_lemma(w, force=True) for w in words}
        if ("first" in words and verbs & {"elect", "appoint", "join", "become", "take", "win"}) or \
                ("sworn" in words) or verbs & {"appoint", "name", "hire"} or ("took" in words and "over" in words):
            starts.append(k)
    if len(starts) == 1:
        pd, ps = person_of(doc, d), person_of(doc, starts[0])
        if pd and ps and pd != ps:
            return  # another person's start ("Mayor Paul Dorsey, who was first elected in 2013")
        add("elapsed", [("duration", d), ("start", starts[0])], "tenure", claims[d].start, claims[d].end)


def _head_before(toks, lo: int, hi: int) -> tuple[str | None, str]:
    """The head noun of the first noun phrase in ``toks[lo:hi]`` before its first verb, and its
    determiner: ("bridge", "the") for "The Penwithy toll bridge will close", ("band", "a") for
    "A brass band formed by …"."""
    head, det = None, ""
    for q in range(lo, hi):
        t = toks[q]
        if t.tag in ("VERB", "MOD") or (head is not None and t.tag not in ("NOUN", "NAME", "ADJ")):
            break
        if t.tag == "DET" and head is None:
            det = t.low
        elif t.tag in ("NOUN", "NAME") and not t.low.endswith(("'s", "’s")):
            head = lemma(t.low)
        elif t.tag == "PRON" and head is None:
            return t.low, "pron"
    return head, det


def _lifetime_subject(sent, lo: int) -> tuple[str | None, str]:
    """The thing a clause starting at ``lo`` is about: for a relative clause ("The bridge, which
    opened in 1994") the noun it hangs on, else its own subject."""
    toks = sent.tokens
    if lo >= 2 and toks[lo].low in ("which", "that") and toks[lo - 1].low == ",":
        q = lo - 2
        det = ""
        for r in range(q, -1, -1):
            if toks[r].tag == "DET":
                det = toks[r].low
                break
            if toks[r].tag not in ("NOUN", "NAME", "ADJ"):
                break
        return lemma(toks[q].low), det
    return _head_before(toks, lo, len(toks))


def _lifetimes(doc: Text, add, linked: set[int]) -> None:
    """An anniversary, "N-year history" or tenure in one sentence ("will celebrate its 30th
    anniversary", "the first full closure in its 21-year history", "in his 18 years on the
    bench") and the start of that life told in another ("played its first engagement in the
    spring of 1985", "The bridge, which opened in 1994", "was appointed … in 2012").

    The start must belong to the same thing (the same head noun, the same person) or be the
    article's only start of that sort told of a definite thing ("The theater opened in June
    1962"); a life told of its own time ("celebrated its 50th anniversary in 2010") is left to
    the sentence."""
    claims = doc.claims
    lives = []  # (claim, "thing"|"person", head)
    for k, c in enumerate(claims):
        if k in linked or c.block in ("title", "boilerplate") or c.boilerplate:
            continue
        if c.kind not in ("ordinal", "duration"):
            continue
        sent = doc.sentence(c.sentence)
        j = sent.at.get(k)
        if j is None or j == 0:
            continue
        toks = sent.tokens
        nxt = toks[j + 1].low if j + 1 < len(toks) else ""
        nxt2 = toks[j + 2].low if j + 2 < len(toks) else ""
        prev = toks[j - 1].low
        possessive = prev in ("its", "their", "our") or prev.endswith(("'s", "’s"))
        if c.kind == "ordinal":
            if nxt != "anniversary" or nxt2 == "of" or not possessive or (c.value or 0) < 2:
                continue
            sort = "thing"
        elif _duration_years(c) and (c.unit or "").rstrip("s") in ("year", "decade"):
            if nxt in ("history", "existence") and possessive:
                sort = "thing"
            elif prev in ("his", "her") and nxt in ("on", "in", "at", "as", "with"):
                sort = "person"
            else:
                continue
        else:
            continue
        lo, hi = _clause(sent, k)
        if any(_explicit(claims[x]) and toks[sent.at[x] - 1].tag != "DET"
               and "including" not in _words(sent, lo, sent.at[x]).split()
               for x in range(sent.first, sent.last) if x in sent.at and lo < sent.at[x] < hi):
            continue  # the clause gives its own time ("the 2017 trial" names another event)
        words = " " + _words(sent, 0, hi) + " "
        if not any(w in words for w in (" is ", " are ", " will ", " marks ", " celebrat", " has ", " have ",
                                         " this ", " 's ", " becomes ", " now ", " 've ", " be ")):
            continue  # "answered 2,300 calls in its first year": a life of the past
        if sort == "thing":
            head, det = (lemma(prev[:-2]), "the") if prev.endswith(("'s", "’s")) else _head_before(toks, 0, j)
        else:
            head, det = _head_before(toks, 0, j)
            if det == "pron" or head is None:
                head = _last_person(doc, doc.sentences[c.sentence].start)
        lives.append((k, sort, head))
    if not lives:
        return
    starts = {"thing": [], "person": []}  # (claim, head, definite)
    for q, c in enumerate(claims):
        if not _explicit(c) or c.block in ("title", "boilerplate") or c.boilerplate:
            continue
        sent = doc.sentence(c.sentence)
        jq = sent.at.get(q)
        if jq is None or (jq > 0 and sent.tokens[jq - 1].low in ("by", "until", "before", "after", "since", "from")):
            continue
        lo, hi = _clause(sent, q)
        vq = _left_verb(sent.tokens, jq)
        v = lexicon.verb_lemma(sent.tokens[vq].low, force=True) if vq is not None else _verb_of(sent, q)
        first_event = any(sent.tokens[r].low == "first" and r + 1 < hi and lemma(sent.tokens[r + 1].low) in _FIRST_EVENTS
                          for r in range(lo, jq))
        # an active verb with an object begins the object's life ("Smith founded the firm in
        # 1972", "The company opened its first store in 1990"), else the subject's
        obj = _object_of(sent.tokens, vq, jq) if vq is not None and not first_event else None
        if v in _ORIGIN_THING_VERBS or first_event:
            head, det = obj or _lifetime_subject(sent, lo if vq is None else _clause_start(sent.tokens, vq))
            starts["thing"].append((q, head, det))
        elif v in _ORIGIN_PERSON_VERBS:
            # the clause's own subject ("Whitcomb, 66, was appointed by then-Gov. Ellen Marsh")
            head, det = obj or _head_before(sent.tokens, _clause_start(sent.tokens, vq) if vq is not None else lo, jq)
            if det == "pron":
                head = _last_person(doc, doc.sentences[c.sentence].start)
            starts["person"].append((q, head, ""))
    for k, sort, head in lives:
        cands = [s for s in starts[sort] if claims[s[0]].sentence != claims[k].sentence]
        same = [s for s in cands if head and s[1] == head]
        if len(same) == 1:
            pick = same[0]
        elif len(cands) == 1 and sort == "thing" and cands[0][2] == "the" and cands[0][1] in _LIVING_THINGS \
                and not _has_other_thing(claims, starts, cands[0]):
            pick = cands[0]  # "The theater opened in June 1962": the article's only start
        else:
            continue
        c = claims[k]
        cue = "anniversary" if c.kind == "ordinal" else ("tenure" if sort == "person" else "history")
        add("elapsed", [("duration", k), ("start", pick[0])], cue, c.start, c.end)


def _left_verb(toks, j: int) -> int | None:
    """The nearest verb left of token ``j`` within its sentence, not across a conjunction or a
    subordinate clause; a full stop inside the sentence is an abbreviation ("then-Gov.")."""
    for q in range(j - 1, -1, -1):
        t = toks[q]
        if t.tag in ("CONJ", "SUB") or t.low in (";", ":"):
            return None
        if t.tag == "VERB" and t.lex != "G":
            return q
    return None


def _object_of(toks, v: int, j: int) -> tuple[str, str] | None:
    """The head and determiner of an active verb's object between the verb ``v`` and token
    ``j`` ("founded the firm in 1972"); None for a passive ("was founded in 1972") or an
    intransitive verb ("opened in 1994")."""
    if v > 0 and toks[v - 1].tag == "AUX" and toks[v].lex in ("P", "D"):
        return None
    if v + 1 < j and toks[v + 1].low.endswith("ing") and toks[v].low.startswith(("bega", "star", "open")):
        return None  # "began sailing in 2001": the subject's life
    head, det = None, ""
    for q in range(v + 1, j):
        t = toks[q]
        if t.tag == "DET" and head is None:
            det = t.low
        elif t.tag in ("NOUN", "NAME") and not t.low.endswith(("'s", "’s")):
            head = lemma(t.low)
        elif t.tag in ("ADJ", "ORD") or (t.tag == "ADV" and head is None):
            continue
        else:
            break
    return (head, det) if head else None


def _clause_start(toks, j: int) -> int:
    """Where the clause holding token ``j`` begins: after the last conjunction, subordinator
    or semicolon before it, else the sentence start."""
    for q in range(j - 1, -1, -1):
        if toks[q].tag in ("CONJ", "SUB") or toks[q].low in (";", ":"):
            return q if toks[q].low in ("which", "that") else q + 1
    return 0


def _has_other_thing(claims, starts, pick) -> bool:
    """Whether another start in the article is told of another thing (then the one start
    cannot be assumed to be the life's)."""
    return any(s[0] != pick[0] and s[1] != pick[1] for s in starts["thing"])


def person_of(doc: Text, k: int) -> str | None:
    """The person a claim belongs to: the name a relative clause hangs on ("Gwen Arkwright, who
    has represented …", "Mayor Paul Dorsey, who was first elected in 2013"), the name that is
    its clause's subject, or for "he"/"she" the last person named before it."""
    claims = doc.claims
    c = claims[k]
    sent = doc.sentence(c.sentence)
    j = sent.at.get(k)
    if j is None:
        return None
    lo, hi = _clause(sent, k)
    toks = sent.tokens
    if lo >= 2 and toks[lo - 1].low in ("who", "whose") and toks[lo - 2].low == ",":
        q = lo - 3
        if q >= 0 and toks[q].cap:
            return toks[q].low.removesuffix("'s")
    name = _subject_name(sent, lo, j)
    if name:
        return name
    if _pronoun(toks, lo, j):
        return _last_person(doc, c.start)
    return None


def _last_person(doc: Text, offset: int) -> str | None:
    """The surname of the last person named before ``offset`` (a capitalised word followed by
    a comma and an age, or a first and last name)."""
    seg = doc.text[max(0, offset - 600):offset]
    found = re.findall(r"\b([A-Z][a-z]+)(?:,\s*\d{1,3},|,\s+who\b|\s+(?:[A-Z][a-z]+\s+)?(?:said|says|was|is|has|had|who|won|took))", seg)
    return found[-1].lower() if found else None


# ---- ages ------------------------------------------------------------------------------------

_TITLES = frozenset("mr mrs ms miss dr sir dame lord lady cllr councillor prof professor rev".split())


def _person_before(doc: Text, sent, j: int) -> str | None:
    """The surname right before an appositive age ("Ferreira, 47") or a verb."""
    toks = sent.tokens
    k = j - 1
    if k >= 0 and toks[k].low == ",":
        k -= 1
    if k >= 0 and toks[k].cap and toks[k].tag in ("NAME", "NOUN") and toks[k].low not in _TITLES:
        return toks[k].low.removesuffix("'s")
    return None


def _subject_name(sent, lo: int, j: int) -> str | None:
    """The last capitalised name in the clause before token ``j``, outside insertions ("Jack
    Ferris, who scored for Dunmore Rovers, has died aged 71") and not a possessive ("Dunmore's
    record goalscorer")."""
    name = None
    level = sent.level
    for q in range(lo, j):
        t = sent.tokens[q]
        if level[q] != level[j] or t.low.endswith(("'s", "’s")):
            continue
        if t.cap and t.tag in ("NAME", "NOUN") and t.low not in _TITLES and not (q == 0 and t.tag == "NOUN" and lexicon.tag(t.low)):
            name = t.low.removesuffix("'s")
    return name


def _ages(doc: Text, add) -> None:
    claims = doc.claims
    births = []  # (claim index, person or None, via relative clause to token)
    ages = []    # (claim, person, explicit time claim or None, blocked)
    last_person = None
    people_by_sentence: dict[int, str] = {}
    for si, s in enumerate(doc.sentences):
        if s.first == s.last:
            continue
        if not any(claims[k].kind in ("age", "date", "year") for k in range(s.first, s.last)):
            continue
        sent = doc.sentence(si)
        toks = sent.tokens
        for k in range(s.first, s.last):
            c = claims[k]
            j = sent.at.get(k)
            if j is None:
                continue
            before = [t.low for t in toks[max(0, j - 6):j]]
            wide = [t.low for t in toks[max(0, j - 9):j]]
            if _explicit(c) and c.kind == "date" and "born" not in before and any(
                    wide[i:i + 3] == ["date", "of", "birth"] for i in range(len(wide) - 2)) and not any(
                    t.claim >= 0 for t in toks[max(0, j - 9):j]):
                # "His date of birth was given in court as 14 February 1988"
                q = max(0, j - 9) + next(i for i in range(len(wide) - 2) if wide[i:i + 3] == ["date", "of", "birth"])
                owner = toks[q - 1].low if q > 0 else ""
                person = owner.removesuffix("'s") if owner.endswith(("'s", "’s")) else (
                    _last_person(doc, s.start) if owner in ("his", "her") else None)
                births.append((k, person, si))
                continue
            if _explicit(c) and "born" in before and not any(
                    t.claim >= 0 for t in toks[j - len(before) + len(before) - 1 - before[::-1].index("born"):j]):
                # (no other date between: "born 3 April 1938; died 9 August 2025" gives one birth)
                b_at = len(before) - 1 - before[::-1].index("born")
                bj = j - len(before) + b_at
                lo, hi = _clause(sent, k)
                person = None
                if bj >= 2 and toks[bj - 1].low in ("was", "is") and toks[bj - 2].low in ("who",):
                    # the name the relative clause hangs on, for ages told elsewhere
                    name = toks[bj - 4].low.removesuffix("'s") if bj >= 4 and toks[bj - 3].low == "," \
                        and toks[bj - 4].cap else None
                    person = ("rel", bj - 2, name)
                elif bj >= 1 and toks[bj - 1].low in ("was", "is"):
                    person = _subject_name(sent, lo, bj) or _pronoun(toks, lo, bj)
                    if bj >= 3 and toks[bj - 2].tag == "NOUN" and (toks[bj - 3].low in ("his", "her", "their", "its")
                                                                   or toks[bj - 3].low.endswith("'s")):
                        person = "@" + lemma(toks[bj - 2].low)  # "his father was born in 1948"
                elif bj <= lo + 1 or (bj >= 1 and toks[bj - 1].low in (",", "(")):
                    # "Born in Leyford on 3 April 1948, Ferris joined …", "Born on 3 April 1938
                    # in Louth, the daughter of a signalman, she trained …": the main clause's subject
                    for q in range(j + 1, min(len(toks), j + 20)):
                        if toks[q].low in (";", "."):
                            break
                        if toks[q].low == "," and q + 1 < len(toks):
                            nxt = toks[q + 1]
                            if nxt.cap and nxt.tag in ("NAME", "NOUN") and q + 2 < len(toks) and \
                                    toks[q + 2].tag in ("VERB", "AUX", "NAME"):
                                person = nxt.low if toks[q + 2].tag != "NAME" else toks[q + 2].low
                                break
                            if nxt.low in ("he", "she"):
                                person = nxt.low
                                break
                    if person is None and bj >= 2 and toks[bj - 1].low == ",":
                        # "Margaret Ellery, headteacher, born 3 April 1938; died …"
                        names = [t for t in toks[:bj] if t.cap and t.tag == "NAME"]
                        if names:
                            person = names[-1].low if len(names) < 3 else names[1].low
                    if person in ("he", "she"):
                        person = _last_person(doc, claims[k].start) or person
                births.append((k, person, si))
            elif c.kind == "age":
                if c.subject and lexicon.thing_class(c.subject) not in ("person", None):
                    continue
                lo, hi = _clause(sent, k)
                person = _person_before(doc, sent, j)
                rel_birth = None
                if person is None:
                    person = _subject_name(sent, lo, j) or _pronoun(toks, lo, j)
                if person is None and lo >= 2 and toks[lo].low == "who" and toks[lo - 1].low == "," and toks[lo - 2].cap:
                    person = toks[lo - 2].low.removesuffix("'s")  # "Margaret Ellery, who has died aged 88,"
                # "The 23-year-old, who was born in 1998": the relative clause after the age
                if j + 3 < len(toks) and toks[j + 1].low == "," and toks[j + 2].low == "who":
                    rel_birth = j + 2
                at = None
                blocked = ""
                words = [t.low for t in toks[lo:hi]]
                for q in range(lo, hi):
                    t = toks[q]
                    if t.claim >= 0 and t.claim != k and _explicit(claims[t.claim]) and sent.level[q] == sent.level[j]:
                        at = t.claim
                prev = [t.low for t in toks[max(lo, j - 3):j]]
                if at is None and (("was" in prev or "were" in prev) and "when" in words or "when" in [t.low for t in toks[j + 1:j + 3]]):
                    blocked = "other_time"
                if at is None and prev[-1:] in (["at"],) and "now" not in prev:
                    blocked = "other_time"
                if at is None and (prev[-2:] == ["age", "of"] or prev[-1:] == ["age"] or (
                        prev[-2:] == ["at", "the"] and c.text.lower().startswith("age"))) and "now" not in prev \
                        and not any(lexicon.verb_lemma(w) == "die" for w in words[:j - lo]):
                    # "At the age of ten, Vanderbilt was …"; "has died at the age of 79" is the
                    # age at a death told as news
                    blocked = "other_time"
                if at is None and prev[-1:] in (["aged"],) and any(lexicon.verb_lemma(w) in ("arrive", "leave", "join", "start", "begin", "move", "emigrate", "win") for w in words if w not in ("aged",)):
                    blocked = "other_time"
                if at is not None and any(lexicon.verb_lemma(w) == "die" for w in words):
                    pass
                ages.append((k, person, at, blocked, rel_birth, si))
    if not births or not ages:
        return
    for k, person, at, blocked, rel_birth, si in ages:
        cands = []
        for b, bperson, bsi in births:
            if b == at:
                continue
            if isinstance(bperson, tuple):
                # "The 23-year-old, who was born in 1998": only the age the clause hangs on;
                # "Mrs Ellery, who was born … 1951" … "The 72-year-old": the one person born
                if rel_birth is not None and bsi == si:
                    cands.append(b)
                elif bsi != si and bperson[2] and (person == bperson[2] or (
                        person is None and len(births) == 1
                        and len({p for _, p, *_ in ages if p and p not in ("he", "she")} - {bperson[2]}) == 0)):
                    cands.append(b)
            elif person and bperson and person not in ("he", "she") and bperson not in ("he", "she"):
                if person == bperson:
                    cands.append(b)
            elif len(births) == 1 and len({p for _, p, *_ in ages if p and p not in ("he", "she")}) <= 1:
                cands.append(b)
        if len({claims[b].date for b in cands}) == 1 and cands:
            cands = cands[:1]  # the birth date repeated (an obituary's footer): one birth
        if len(cands) != 1:
            continue
        members = [("age", k), ("birth", cands[0])] + ([("at", at)] if at is not None else [])
        add("age", members, "born", claims[k].start, claims[k].end, blocked=blocked)


def _pronoun(toks, lo, j):
    for q in range(j - 1, lo - 1, -1):
        if toks[q].low in ("he", "she"):
            return toks[q].low
    return None


# ---- spans -----------------------------------------------------------------------------------

_OPEN_VERBS = frozenset("open start begin run").union({"from"})
_CLOSE_WORDS = frozenset({"until", "to", "till", "through", "and", "-", "–", "—", "close", "end", "finish"})


def _spans(doc: Text, sent, add) -> None:
    claims = doc.claims
    toks = sent.tokens
    points = [j for j, t in enumerate(toks) if t.claim >= 0 and claims[t.claim].kind in ("time", "date")
              and claims[t.claim].date is not None or (t.claim >= 0 and claims[t.claim].kind == "time")]
    timed_dates = {claims[toks[j].claim].date for j in points if claims[toks[j].claim].kind == "time"}
    # "from 10pm on Saturday 28 June to 6am on Sunday 29 June": the dates belong to the times
    points = [j for j in points if claims[toks[j].claim].kind == "time" or claims[toks[j].claim].date not in timed_dates]
    durations = [j for j, t in enumerate(toks) if t.claim >= 0 and claims[t.claim].kind == "duration"]
    if len(points) < 2 or not durations:
        return
    used = set()
    used_durs: set[int] = set()
    for x, ja in enumerate(points):
        if ja in used:
            continue
        a = toks[ja].claim
        ca = claims[a]
        # the end: the next time point of the same kind, joined by to/until/and/a dash
        for jb in points[x + 1:]:
            b = toks[jb].claim
            cb = claims[b]
            if ca.kind == "time" and cb.kind != "time" or ca.kind == "date" and cb.kind != "date":
                continue
            if any(claims[toks[jc].claim].kind == ca.kind for jc in points if ja < jc < jb):
                break  # "today announced its season, which runs from 14 June to 30 August": a nearer start
            between = [t.low for t in toks[ja + 1:jb] if t.claim < 0 or claims[t.claim].kind in ("date",)]
            words = [w for w in between if w not in ("on", "the", "of", ",")]
            # dates attached to the times ("11pm on Friday 7 March") sit between
            joined = any(w in ("until", "to", "till", "through", "-", "–", "—", "and") for w in words)
            opener = any(t.low in ("from", "between") for t in toks[max(0, ja - 3):ja]) or \
                any(lexicon.verb_lemma(t.low) in _START_VERBS for t in toks[max(0, ja - 4):ja])
            closer = any(lexicon.verb_lemma(w) in _END_VERBS or w == "back" for w in words) or \
                any(w in ("until", "till", "to", "-", "–", "—", "through") for w in words)
            if not (joined and (opener or closer)) or len(words) > 8:
                continue
            # the two ends must not each be a separate range ("9 a.m. to 8 p.m. Monday … 9 a.m. to 5 p.m.")
            dur = _span_duration(doc, sent, jb, durations)
            if dur is None:
                # "The two-hour hearing ran from 10 a.m. to 1 p.m.": the duration before it
                before = [jd for jd in durations if jd < ja and ja - jd <= 12 and jd + 1 < len(toks)]
                if before:
                    jd = before[-1]
                    gap = toks[jd + 1:ja]
                    lows = [t.low for t in gap]
                    hyphened = "-" in claims[toks[jd].claim].text or (jd + 1 < len(toks) and toks[jd + 1].tag == "DASH")
                    if toks[jd + 1].tag == "NOUN" and not any(t.low in (";", ".", ",") for t in gap) and ja - jd <= 8:
                        dur = jd  # "The two-hour hearing ran from 10 a.m. to 1 p.m."
                    elif hyphened and not any(t.low in (";", ".") for t in gap) and not any(
                            t.claim >= 0 and claims[t.claim].kind == "duration" for t in gap):
                        dur = jd  # "The 16-day Lakeshore Blues Festival opens Friday, July 11, and runs through …"
                    elif lows[-2:] in ([",", "from"], [",", "between"]) and not any(
                            t.low in (";", ".") for t in gap) and ja - jd <= 8:
                        dur = jd  # "The outage lasted 45 minutes, from 6:10 p.m. until 7:20 p.m."
                    elif any(lows[q:q + 2] in ([",", "which"], [",", "that"]) and q + 2 < len(lows)
                             and lexicon.verb_lemma(lows[q + 2]) in _START_VERBS for q in range(len(lows))) \
                            and not any(t.low in (";", ".") for t in gap):
                        dur = jd  # "debated for five hours at the meeting, which began at 6.30pm and closed at 11.15pm"
            if dur is None or dur in used_durs:
                break
            used_durs.add(dur)
            members = [("start", a), ("end", b), ("duration", toks[dur].claim)]
            nd = dur + 2 if dur + 2 < len(toks) and toks[dur + 1].low == "and" else dur + 1
            if nd < len(toks) and toks[nd].claim >= 0 and claims[toks[nd].claim].kind == "duration" and \
                    _smaller_unit(claims[toks[dur].claim], claims[toks[nd].claim]):
                members.append(("duration", toks[nd].claim))  # "7 hours and 45 minutes": one length
            zones = [_ZONE.search(doc.text[c.end:c.end + 16]) for c in (ca, cb)]
            named = [z.group().lower() if z else None for z in zones]
            blocked = ""
            arrival = any(lexicon.verb_lemma(t.low, force=True) in ("reach", "arrive", "land") for t in toks[ja + 1:jb])
            if ca.kind == "time" and (named[0] and named[1] and named[0] != named[1]
                                      or (named[1] or "").startswith("local")
                                      or (named[1] and not named[0] and arrival)):
                # "leave at 11:55 … reach Singapore at 07:35 local time", "leaves Valmont at
                # 10.30pm and reaches Harwick at 5.50am UK time": the clocks of two places
                blocked = "time_zone"
            add("span", members, "range", ca.start, cb.end, blocked=blocked)
            used.add(jb)
            break


def _cross_spans(doc: Text, add, taken: set[int]) -> None:
    """``span`` across sentences: a length told first ("Tram drivers will walk out for 48 hours
    next week") and the event's start and end in the next sentence, which refers back to it
    ("The stoppage will begin at 6am on Monday 10 February and end at 6pm on Wednesday 12
    February"). Only a next sentence that opens with a definite subject or "It" and gives no
    length of its own, after a sentence with one length in hours or days."""
    claims = doc.claims
    for si in range(1, len(doc.sentences)):
        s2 = doc.sentences[si]
        if s2.first == s2.last:
            continue
        ks = [k for k in range(s2.first, s2.last) if k not in taken]
        times = [k for k in ks if claims[k].kind == "time" and claims[k].date and len(claims[k].date) == 10]
        if len(times) != 2 or any(claims[k].kind == "duration" for k in range(s2.first, s2.last)):
            continue
        opening = doc.text[s2.start:s2.start + 30].lower()
        if not opening.startswith(("the ", "it ", "this ")):
            continue
        sent = doc.sentence(si)
        toks = sent.tokens
        ja, jb = sent.at.get(times[0]), sent.at.get(times[1])
        if ja is None or jb is None:
            continue
        starts = any(lexicon.verb_lemma(t.low, force=True) in _START_VERBS for t in toks[max(0, ja - 4):ja]) or \
            any(t.low == "from" for t in toks[max(0, ja - 3):ja])
        ends = any(lexicon.verb_lemma(t.low, force=True) in _END_VERBS or t.low in ("until", "till", "to")
                   for t in toks[max(ja + 1, jb - 5):jb])
        if not (starts and ends):
            continue
        s1 = doc.sentences[si - 1]
        if s2.paragraph - s1.paragraph > 1:
            continue
        durs = [k for k in range(s1.first, s1.last) if claims[k].kind == "duration"
                and (claims[k].unit or "").rstrip("s") in ("hour", "day")]
        if len(durs) != 1 or durs[0] in taken:
            continue
        add("span", [("start", times[0]), ("end", times[1]), ("duration", durs[0])], "range; length told before",
            claims[times[0]].start, claims[times[1]].end)


_START_VERBS = frozenset("open start begin run leave depart launch".split())
_END_VERBS = frozenset("close end finish return arrive land".split())
_UNIT_ORDER = ("week", "day", "hour", "minute", "second")


def _smaller_unit(a, b) -> bool:
    """True when duration ``b`` is in a smaller unit than ``a`` ("7 hours" and "45 minutes")."""
    ua, ub = (a.unit or "").rstrip("s"), (b.unit or "").rstrip("s")
    return ua in _UNIT_ORDER and ub in _UNIT_ORDER and _UNIT_ORDER.index(ub) > _UNIT_ORDER.index(ua)


def _span_duration(doc: Text, sent, jb: int, durations: list[int]) -> int | None:
    """The duration stated for a range ending at token ``jb``: the next duration in its
    sentence, in apposition or a "giving … a N-hour window" clause, that is not an offset or a
    rate."""
    toks = sent.tokens
    claims = doc.claims
    for jd in durations:
        if jd <= jb or jd - jb > 12:
            continue
        c = claims[toks[jd].claim]
        after = [t.low for t in toks[jd + 1:jd + 4]]
        before = [t.low for t in toks[max(0, jd - 2):jd]]
        if any(w in after[:2] for w in ("later", "earlier", "after", "before", "ago", "late", "early",
                                         "behind", "ahead", "apart", "each", "every", "per", "a")):
            return None
        if any(w in before for w in ("every", "each", "per", "another", "extra", "additional")):
            return None
        # no second range or clause verb of another subject between
        if any(toks[q].low == "and" and q > 0 and toks[q - 1].low == "," for q in range(jb + 1, jd)):
            return None  # ", and a two-hour follow-up is planned": another clause
        for t in toks[jb + 1:jd]:
            if t.claim >= 0 and claims[t.claim].kind == "time":
                return None
            if t.low in (";", ".") or (t.tag == "SUB" and t.low not in ("which",)):
                return None
        return jd
    return None


# ---- weekdays --------------------------------------------------------------------------------

_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
             "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3,
             "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_WD_RE = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Weds|Thu|Thurs?|Fri|Sat|Sun)\b\.?", re.I)
# a weekday right before a date: "Thu., Feb. 4", "Friday (13 November)", "Tuesday, Nov. 4", "the
# evening of Tuesday 2 September"; or after it: "April 8, a Monday", "13 November (Friday)"
_WD_BEFORE = re.compile(r"(?:^|[^\w])(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Weds|Thu|Thurs?|Fri|Sat|Sun)"
                        r"\.?[ \t]*,?[ \t]*\(?[ \t]*(?:the[ \t]+)?$")
_WD_AFTER = re.compile(r"^[ \t]*(?:,[ \t]*(?:which[ \t]+(?:was|is|will[ \t]+be)[ \t]+)?a[ \t]+|\([ \t]*)"
                       r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_ZONE = re.compile(r"\b(?:UTC|GMT|[ECMP][SD]T|BST|CEST|CET|AEST|AEDT|local\s+time|(?:UK|US|[A-Z][a-z]{2,12})\s+time)\b")
_NAMED = re.compile(r"\b(?:Super|Black|Cyber|Good|Easter|Ash|Maundy|Holy|Palm|Bloody)\s+$")


def _weekdays(doc: Text, add) -> None:
    """``weekday``: a weekday written with an explicit calendar date, in its text ("Monday, April 8,
    2025", "Sunday 9 March"), right before it ("Thu., Feb. 4", "on Friday (13 November)") or in
    apposition after it ("April 8, a Monday"). ``value`` is the weekday stated (0 = Monday); the
    ``weekday`` member is the weekday's own claim when it has one. A time zone named beside it
    ("Saturday (2024 Friday, UTC)") makes the weekday a shifted reading: a non-relation."""
    text = doc.text
    claims = doc.claims
    by_start = {c.start: k for k, c in enumerate(claims)}
    by_end = {c.end: k for k, c in enumerate(claims)}
    for k, c in enumerate(claims):
        if c.kind != "date" or not c.date or len(c.date) != 10 or c.boilerplate:
            continue
        if not any(ch.isdigit() for ch in c.text):
            continue  # "last Friday": the weekday is the date
        name = None
        ws = we = 0
        m = _WD_RE.match(c.text)
        if m:
            name, ws, we = m.group(1), c.start + m.start(1), c.start + m.end(1)
        else:
            before = text[max(0, c.start - 24):c.start]
            mb = _WD_BEFORE.search(before)
            if mb:
                ws = c.start - len(before) + mb.start(1)
                name, we = mb.group(1), ws + len(mb.group(1))
            else:
                ma = _WD_AFTER.match(text[c.end:c.end + 40])
                if ma:
                    ws = c.end + ma.start(1)
                    name, we = ma.group(1), ws + len(ma.group(1))
        if name is None or name.lower() not in _WEEKDAYS:
            continue
        if name[0].islower() and len(name) <= 4:
            continue  # "sat", "sun", "wed" in lower case are words, not weekdays
        if _NAMED.search(text[max(0, ws - 12):ws]):
            continue  # "Super Tuesday", "Black Friday"
        window = text[max(0, ws - 12):min(len(text), we + 30)]
        blocked = "time_zone" if _ZONE.search(window) else ""
        own = by_start.get(ws)
        members = ([("weekday", own)] if own is not None and own != k else []) + [("date", k)]
        add("weekday", members, text[ws:we], ws, we, value=float(_WEEKDAYS[name.lower()]), blocked=blocked)
