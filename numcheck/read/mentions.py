"""Mentions: what each figure counts or measures, who it belongs to, its role and its time.

One pass per sentence over its tokens (:mod:`numcheck.read.tokens`). For each claim the reader
finds its clause (between strong punctuation, dashes, brackets and subordinating words), the
noun phrase it counts, the verb that governs it, the name that holds it, the time its clause
names, and the cue words that give it a role. What a figure refers back to ("of them", "those
enrolled", "the vehicles", "it") is left to :mod:`numcheck.read.refs`, which runs after every
mention of the document is known.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from numcheck.extract.context import lemma
from numcheck.limits import checkpoint
from numcheck.read import lexicon
from numcheck.read.document import Sentence, Text
from numcheck.read.tokens import AMOUNT_KINDS, TIME_KINDS, Token

__all__ = ["Draft", "read_mentions", "clause_bounds", "UNIT_ENTITY"]

#: Words that end a clause on either side of a figure.
_HARD = frozenset({";", ":", "(", ")", "[", "]", "—", "–"})
_SOFT_SUB = frozenset({"who", "whom", "which", "where", "when", "whether", "if", "because",
                       "although", "though", "unless", "once", "whereby", "after", "before",
                       "since", "as", "until"})
_CLAUSE_CONJ = frozenset({"while", "whereas", "but"})
#: Participles that open a new clause after a comma with the same subject ("…, killing 14").
_CLAUSE_PARTICIPLES = frozenset({"killing", "injuring", "bringing", "raising", "taking", "putting",
                                 "giving", "leaving", "pushing", "making", "adding", "lifting",
                                 "forcing", "affecting", "leading", "sending", "costing"})
#: Verbs whose object or subject count is the size of an event ("killed 14", "21 were injured").
EVENT_VERBS = frozenset("""kill injure wound die evacuate rescue arrest detain displace strand
    treat hospitalise hospitalize free release return exchange save damage destroy flood hit
    affect infect test vaccinate confirm report record employ hire recruit sack lay cut shed
    create attend visit sign vote elect poll win lose score concede fine order charge raise
    donate collect sell buy build open close move house rehouse shelter transfer receive
    register enrol enroll apply admit discharge recover carry injure cancel delay serve replace
    hand award grant pay spend cost repay invest borrow lend owe give allocate earn make fetch
    distribute deliver supply contribute account generate produce""".split())
#: Verbs of change: a figure after them (or their noun) is the size of a change.
UP_VERBS = frozenset("rise increase grow climb jump gain soar surge rocket boost improve lift "
                     "swell expand double triple quadruple recover rebound widen".split())
DOWN_VERBS = frozenset("fall drop decline decrease shrink slip slide dip plunge tumble sink "
                       "ease cut reduce narrow halve slump lose contract lower shed".split())
_CHANGE_NOUNS = {"rise": 1, "increase": 1, "growth": 1, "gain": 1, "jump": 1, "hike": 1,
                 "uplift": 1, "boost": 1, "improvement": 1, "fall": -1, "drop": -1, "decline": -1,
                 "decrease": -1, "reduction": -1, "cut": -1, "loss": -1, "slump": -1, "dip": -1}
#: Adjectives after a measurement that say which dimension it gives ("96 metres long").
_DIMENSION_ADJ = {"long": "length", "tall": "height", "high": "height", "wide": "width",
                  "deep": "depth", "thick": "thickness", "heavy": "mass", "old": "age",
                  "across": "width", "away": "distance", "apart": "distance"}
#: Nouns before "of" that name the total of what follows ("the number of homes", "the toll").
TALLY_NOUNS = frozenset("number total toll tally count figure sum amount level".split())
_TOTAL_CUES = ("a total of", "in total", "in all", "altogether", "all told", "combined",
               "overall", "total of", "in sum")
_REMAINDER_WORDS = frozenset({"remaining", "rest", "remainder", "balance", "other"})
_INCREMENT_AFTER = frozenset({"more", "further", "additional", "extra", "new"})
_INCREMENT_BEFORE = frozenset({"another", "further", "additional", "extra"})
_CAPACITY_NOUNS = frozenset({"capacity", "seat", "bed", "berth", "place", "space", "pitch"})
_CAPACITY_VERBS = frozenset({"hold", "carry", "seat", "accommodate", "house", "sleep", "take"})
_PLAN_WORDS = frozenset("""will would plan plans planned planning propose proposed proposes expect
    expected expects forecast forecasts projected project projects target targets aim aims aimed
    intend intends intended hope hopes hoped could might may should shall scheduled due going""".split())
_ESTIMATE_WORDS = frozenset("estimate estimated estimates reckon reckons believed thought "
                            "thinks suggest suggests".split())
_SAY_VERBS = frozenset("say said says told tell claim claimed claims estimate estimated put puts "
                       "report reported reports announce announced state stated insist insisted "
                       "according count counted".split())
_PER_WORDS = frozenset({"per", "a", "an", "each", "every"})
_PERIOD_NOUNS = frozenset({"day", "week", "month", "year", "hour", "minute", "night", "season",
                           "term", "quarter", "decade", "annum", "fortnight"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_GROUP_PRON = frozenset({"they", "them", "their", "it", "its", "we", "our"})

#: Most tokens a clause reaches on either side of its figure (keeps a sentence of thousands of
#: figures linear).
MAX_CLAUSE = 40
#: Stands in for a token of an insertion that the clause reads across.
_GAP = Token(0, 0, "", "GAP")

#: pint unit name → quantulum3 entity ("meter" → "length"); filled on first use.
UNIT_ENTITY: dict[str, str] = {}


def _entities() -> dict[str, str]:
    if not UNIT_ENTITY:
        from numcheck.extract import units

        for info in units.UNITS.values():
            if info.pint and info.entity:
                UNIT_ENTITY.setdefault(info.pint, info.entity)
    return UNIT_ENTITY


@dataclass(slots=True)
class Draft:
    """A mention while it is being read (mutable; frozen into a Mention at the end)."""

    claim: int
    sentence: int
    paragraph: int
    kind: str
    thing: str | None = None
    owner: str | None = None
    attribute: str | None = None
    predicate: str | None = None
    holder: str | None = None
    time: str | None = None
    time_from: str = ""
    role: str = "amount"
    per: str | None = None
    phase: str = ""
    modality: str = "actual"
    source: str | None = None
    quoted: bool = False
    definite: bool = False
    entity: int = -1
    cue: str = ""
    modifiers: list[str] = field(default_factory=list)
    #: Reading aids, not part of the Mention: clause token bounds and the figure's token.
    lo: int = 0
    hi: int = 0
    pos: int = 0
    #: the figure names no noun of its own ("210 in Millbrook", "79 opposed it")
    elided: bool = False
    #: "of them"/"of those"/"those enrolled": the thing is found by reference
    refers: str = ""
    #: the base a partitive names in its own sentence ("868 of the borough's 1,240 entrants")
    base_claim: int = -1
    #: +1 / -1 when a change verb or noun governs the figure
    direction: int = 0
    #: what follows the figure up to the clause end, lower-cased (for list readers)
    after: str = ""
    #: a running total ("so far", "to date", "since January", "has now raised")
    running: bool = False
    #: where ``thing`` came from: "noun" (after the figure), "of" ("a penalty of £2,500"),
    #: "partitive", "compound" ("420-bed"), "tally", "subject" (the clause's subject), "list"
    thing_from: str = ""


def insertions(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges ``[a, b]`` (both ends the delimiters) of parenthetical insertions: a pair of
    dashes, or brackets ("410 – roughly 45 per cent – voted", "1,200 km (745 miles)")."""
    out: list[tuple[int, int]] = []
    open_at = -1
    dash_at = -1
    for k, t in enumerate(tokens):
        if t.low in ("(", "["):
            open_at = k
        elif t.low in (")", "]") and open_at >= 0:
            out.append((open_at, k))
            open_at = -1
        elif t.tag == "DASH" and (t.low != "-" or _spaced(tokens, k)) and open_at < 0:
            if dash_at >= 0:
                out.append((dash_at, k))
                dash_at = -1
            else:
                dash_at = k
    # ", which opened in 1968, employs 1,350 people": a relative clause between commas
    n = len(tokens)
    for k in range(n - 1):
        if tokens[k].low == "," and tokens[k + 1].low in ("which", "who") and not any(a <= k <= b for a, b in out):
            for m in range(k + 2, min(n, k + 25)):
                if tokens[m].low == ",":
                    if m + 1 < n and tokens[m + 1].tag in ("VERB", "AUX", "MOD"):
                        out.append((k, m))
                    break
                if tokens[m].low in (";", ".", "(", ")") or tokens[m].tag == "DASH":
                    break
    out.sort()
    return out


def _spaced(tokens: list[Token], k: int) -> bool:
    t = tokens[k]
    return (k == 0 or tokens[k - 1].end < t.start) and (k + 1 >= len(tokens) or tokens[k + 1].start > t.end)


def _boundary(t: Token, nxt: Token | None = None) -> bool:
    if t.low == "and" and nxt is not None and nxt.tag == "VERB" and nxt.lex in ("Z", "D"):
        return True  # "which opened in 1987 and employs 640 people": a second verb phrase
    return (t.low in _HARD or (t.tag == "DASH" and t.low != "-") or (t.tag == "SUB" and t.low in _SOFT_SUB)
            or (t.tag == "CONJ" and t.low in _CLAUSE_CONJ) or t.low in (".", "!", "?"))


def clause_bounds(tokens: list[Token], j: int, inserts: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """Token indices ``[lo, hi)`` of the clause around token ``j``.

    A figure inside an insertion has the insertion as its clause; a figure outside one reads
    across it, so that "410 – roughly 45 per cent – voted" gives 410 the verb "voted".
    """
    if inserts is None:
        inserts = insertions(tokens)
    for a, b in inserts:
        if a < j < b:
            return a + 1, b
    skip = {}
    for a, b in inserts:
        skip[b] = a  # walking left from b jumps to a
    lo = j
    floor = max(0, j - MAX_CLAUSE)
    while lo > floor:
        if lo - 1 in skip:
            lo = skip[lo - 1]
            if lo == 0:
                break
            continue
        t = tokens[lo - 1]
        if _boundary(t, tokens[lo] if lo < len(tokens) else None):
            break
        if t.low == "," and lo < len(tokens) and tokens[lo].low in _CLAUSE_PARTICIPLES:
            break
        lo -= 1
    ahead = {a: b for a, b in inserts}
    hi = j + 1
    n = min(len(tokens), j + MAX_CLAUSE)
    while hi < n:
        if hi in ahead and ahead[hi] > hi:
            hi = ahead[hi] + 1
            continue
        t = tokens[hi]
        if _boundary(t, tokens[hi + 1] if hi + 1 < len(tokens) else None):
            break
        if t.low == "," and hi + 1 < n and (tokens[hi + 1].low in _CLAUSE_PARTICIPLES
                                            or tokens[hi + 1].tag == "SUB"):
            break
        hi += 1
    return lo, hi


def _quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted speech inside ``text[start:end]`` (straight and curly double quotes)."""
    out = []
    i = start
    seg = text
    while True:
        a = -1
        for q in ('"', "“"):
            k = seg.find(q, i, end)
            if k != -1 and (a == -1 or k < a):
                a = k
        if a == -1:
            break
        b = -1
        for q in ('"', "”"):
            k = seg.find(q, a + 1, end if end > a + 1 else a + 1)
            if k != -1 and (b == -1 or k < b):
                b = k
        if b == -1:
            b = end
        out.append((a, b + 1))
        i = b + 1
        if i >= end:
            break
    return out


def read_mentions(doc: Text) -> list[Draft]:
    """A draft mention for every claim of ``doc``, in claim order."""
    drafts: list[Draft] = []
    claims = doc.claims
    quotes = _document_quotes(doc)
    quote_starts = [a for a, _ in quotes]
    for s in doc.sentences:
        if s.first == s.last:
            continue
        has_amount = any(claims[k].kind in AMOUNT_KINDS for k in range(s.first, s.last))
        if has_amount:
            sent = doc.sentence(s.index)
        for k in range(s.first, s.last):
            checkpoint()
            c = claims[k]
            d = Draft(k, s.index, s.paragraph, c.kind)
            d.quoted = _inside(quotes, c.start, quote_starts)
            if has_amount:
                _read(doc, sent, d)
            drafts.append(d)
    return drafts


def _document_quotes(doc: Text) -> list[tuple[int, int]]:
    text = doc.text
    out: list[tuple[int, int]] = []
    for p, start in enumerate(doc.paragraph_starts):
        end = doc.paragraph_starts[p + 1] if p + 1 < len(doc.paragraph_starts) else len(text)
        out.extend(_quoted_spans(text, start, end))
    return out


def _inside(spans: list[tuple[int, int]], offset: int, starts: list[int] | None = None) -> bool:
    """True when ``offset`` lies in one of ``spans`` (sorted by start; ``starts`` their starts).

    Spans in order overlap by at most their last character, which the next span then also
    holds, so only the last span starting at or before ``offset`` need be looked at: a bisection,
    where a walk from the first span made a long document quadratic in its quotes.
    """
    if starts is None:
        starts = [a for a, _ in spans]
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i][1]


def _label(doc: Text, toks, j, c) -> str:
    """Why a figure is not an amount at all: "label" ("Route 9", "Flight SK11", "Junction 14"),
    "score" ("a 2-2 draw", "won 3-1", "9-4"), "multiplier" ("three ways", "four times")."""
    text = doc.text
    prev = toks[j - 1] if j > 0 else None
    if prev is not None and prev.tag == "NAME" and prev.end >= c.start - 1 and c.kind == "count" \
            and not prev.low.endswith("'s"):
        return "label"
    if prev is not None and prev.low in ("no", "no.", "number", "junction", "route", "flight", "room",
                                         "platform", "gate", "bus", "line", "page", "table", "grade",
                                         "year", "band", "tier", "level", "stage", "phase", "article",
                                         "section", "clause", "chapter", "division", "ward") and c.kind == "count":
        return "label"
    after = text[c.end:c.end + 2]
    before = text[max(0, c.start - 2):c.start]
    if c.kind == "count" and ((after[:1] in "-–" and after[1:2].isdigit()) or (before[-1:] in "-–" and before[:1].isdigit())):
        return "score"
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None and c.kind == "count" and nxt.low in ("ways", "times", "fold"):
        return "multiplier"
    if c.kind == "count" and prev is not None and prev.low == "," and j >= 2 and (
            toks[j - 2].tag == "NAME" or lexicon.thing_class(lemma(toks[j - 2].low)) == "person") \
            and (nxt is None or nxt.low in (",", ")", "who", ".", "and")) and c.value is not None and 0 < c.value < 120 \
            and float(c.value).is_integer():
        return "age"  # "the driver, 58, who had worked …": an age in apposition
    return ""


def _read(doc: Text, sent: Sentence, d: Draft) -> None:
    c = doc.claims[d.claim]
    toks = sent.tokens
    j = sent.at.get(d.claim)
    if j is None:
        return
    d.pos = j
    label = _label(doc, toks, j, c)
    if label:
        d.role = label
        return
    lo, hi = clause_bounds(toks, j, sent.inserts)
    level = sent.level
    here = level[j]
    if here == -1 and sent.inserts:
        # readers below see the clause without the insertions it reads across (one masked copy
        # per sentence; a figure inside an insertion reads only the insertion)
        masked = getattr(sent, "masked", None)
        if masked is None:
            masked = [t if level[k] == -1 else _GAP for k, t in enumerate(toks)]
            sent.masked = masked
        toks = masked
    d.lo, d.hi = lo, hi
    d.after = " ".join(t.low for t in toks[j + 1:hi])
    if c.kind in AMOUNT_KINDS or c.kind == "age":
        _thing(doc, toks, j, lo, hi, c, d)
        _predicate(toks, j, lo, hi, d)
        _role(doc, toks, j, lo, hi, c, d)
        _holder(toks, lo, j, d)
        _modality(toks, lo, hi, j, d)
        d.running = _running(doc, toks, j, lo, hi, c, d)
        if d.running and c.kind == "money" and any(t.low == "raised" for t in toks[lo:hi]):
            d.cue = d.cue or "raised"
        _source(doc, sent, toks, d)
    _time(doc, sent, toks, lo, hi, j, d)


def _noun_after(toks: list[Token], j: int, hi: int) -> tuple[str | None, list[str], int]:
    """The head noun of the phrase starting at ``toks[j]``: its lemma, modifiers and index."""
    mods: list[str] = []
    k = j
    head = None
    head_at = -1
    while k < hi and k < j + 5:
        t = toks[k]
        if head is not None and t.lex == "Z":
            break  # "the $68 million deal confirms …": a present-tense verb after the head
        if t.tag in ("NOUN", "ADJ") or (t.tag == "VERB" and t.lex in ("P", "G") and k + 1 < hi
                                         and toks[k + 1].tag == "NOUN"):
            if head is not None:
                mods.append(head)
            head = t.low
            head_at = k
            if t.tag == "NOUN" and t.lex == "S":
                break  # the first plural closes the phrase ("Ukrainian citizens were")
            k += 1
            continue
        if t.tag == "NAME" and head is None:
            mods.append(t.low)
            k += 1
            continue
        break
    if head is None:
        return None, [], -1
    return lemma(head), mods, head_at


def _thing(doc: Text, toks, j, lo, hi, c, d: Draft) -> None:
    text = doc.text
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    # "420-bed hospital", "4,100-strong workforce", "4,850-capacity ground", "96-metre ferry"
    if nxt is not None and nxt.tag == "DASH" and nxt.start == c.end and j + 2 < len(toks):
        word = toks[j + 2]
        owner, mods, at = _noun_after(toks, j + 3, hi)
        if word.low in ("strong", "member", "person", "man", "woman"):
            d.thing = owner
            d.role = "total"
            d.cue = "-" + word.low
        elif word.low in ("capacity",):
            d.owner, d.attribute, d.role, d.cue = owner, "capacity", "capacity", "-capacity"
        elif word.tag == "NOUN":
            d.thing = lemma(word.low)
            d.owner = owner
            if d.thing in _CAPACITY_NOUNS:
                d.attribute, d.role, d.cue = "capacity", "capacity", "-" + word.low
        d.modifiers = mods
        d.definite = _definite_before(toks, j, lo)
        return
    if c.kind == "quantity" and text[c.end - 1:c.end] != "-" and "-" in c.text:
        # "a 96-metre ferry": the unit is in the claim, the owner is the noun after it
        owner, mods, at = _noun_after(toks, j + 1, hi)
        d.owner = owner
        d.modifiers = mods
        d.attribute = _entities().get(c.unit or "", None)
        d.definite = _definite_before(toks, j, lo)
        return
    past_verb_after = nxt is not None and nxt.tag == "VERB" and nxt.lex == "D"
    if nxt is not None and nxt.tag == "VERB" and nxt.lex in ("V", "Z", "S", "N") and j + 2 < len(toks) and \
            toks[j + 2].tag in ("VERB", "AUX", "MOD", "PREP", "PUNCT", "SUB", "CONJ"):
        # after a figure a noun-or-verb word is the noun: "the $68 million deal confirms …"
        nxt.tag = "NOUN"
        if not c.subject and c.kind in ("count", "money"):
            d.thing, d.thing_from = lemma(nxt.low), "noun"
    direct = nxt is not None and nxt.tag in ("NOUN", "ADJ", "NAME") and nxt.start <= c.end + 1
    if c.subject and c.kind != "percent" and not (c.kind == "quantity" and c.subject in _DIMENSION_ADJ) \
            and not past_verb_after and (c.kind not in ("money", "quantity") or direct):
        # "23 asked questions": a past-tense verb after the figure makes it the subject
        d.thing = c.subject
        d.thing_from = "noun"
        if c.kind == "quantity" and nxt.tag == "NOUN" and lemma(nxt.low) != c.subject:
            d.thing = lemma(nxt.low)  # "a 16.4kg stone out of the mud": the noun right after it
    if d.thing is None and c.kind in ("count", "range") and j >= lo + 2 and toks[j - 1].low == "of" \
            and toks[j - 2].tag == "NOUN" and toks[j - 2].low not in TALLY_NOUNS:
        # "a crowd of 28,406", "an attendance of 6,410", "a majority of 1,030"
        d.thing, d.thing_from = lemma(toks[j - 2].low), "of"
        _, mods, at = _noun_after(toks, j + 1, hi)
        d.modifiers = mods
    # "N of (the|its|their|…) (ADJ|NOUN)* NOUN" and "N of them/those/these"
    k = j + 1
    if k < hi and toks[k].low == "of":
        k += 1
        if k < hi and toks[k].low in ("them", "those", "these", "whom", "which", "us"):
            d.refers = toks[k].low
            if k + 1 < hi and toks[k + 1].tag in ("VERB", "ADJ") and toks[k + 1].lex in ("P", "D", "J"):
                d.refers += " " + toks[k + 1].low  # "those enrolled", "those questioned"
        else:
            while k < hi and toks[k].tag in ("DET", "NAME") or (k < hi and toks[k].low.endswith("'s")):
                k += 1
            if k < hi and toks[k].tag == "NUM" and toks[k].claim >= 0:
                d.base_claim = toks[k].claim
                k += 1
            head, mods, at = _noun_after(toks, k, hi)
            if head and c.kind != "percent":
                d.thing = d.thing or head
                d.modifiers = d.modifiers or mods
            elif head and c.kind == "percent":
                d.thing = head
                d.modifiers = mods
    if c.kind == "percent" and d.thing is None and c.subject:
        d.thing = c.subject
    if d.thing is None and c.kind in ("count", "range") and d.refers == "" and nxt is not None:
        k = j + 1
        while k < hi and toks[k].low in _INCREMENT_AFTER | {"of"} and toks[k].tag != "NUM":
            k += 1
        if k < hi and toks[k].tag in ("NOUN", "ADJ") and not (k == j + 1 and toks[k].low.endswith("ing")):
            head, mods, _ = _noun_after(toks, k, hi)
            if head:
                d.thing, d.modifiers = head, mods
    # "the number/total/toll of X" or "the death toll ... N"
    if d.thing is None:
        for m in range(j - 1, max(lo, j - 8) - 1, -1):
            t = toks[m]
            if t.low in TALLY_NOUNS and t.tag == "NOUN":
                if m + 2 < j and toks[m + 1].low == "of":
                    head, mods, _ = _noun_after(toks, m + 2, j)
                    if head:
                        d.thing, d.modifiers = head, mods
                        break
                if m > lo and toks[m - 1].tag in ("NOUN", "ADJ"):
                    d.thing = lemma(toks[m - 1].low) + " " + t.low
                    break
    # money and measures: "a penalty of £2,500", "revenue rose 9% to £412m", "the site's 460 staff"
    if d.thing is None and c.kind == "money" and j >= 2 and toks[j - 1].low in ("worth", "at") and (
            toks[j - 2].low == "," or toks[j - 1].low == "worth" or toks[j - 2].low == "valued"):
        # "The deal, worth €340 million,", "a contract valued at $86 million"
        q = j - 2
        while q >= 0 and toks[q].low in (",", "valued", "is", "was"):
            q -= 1
        if q >= 0 and toks[q].tag == "NOUN":
            d.thing, d.thing_from = lemma(toks[q].low), "worth"
    if d.thing is None and c.kind in ("money", "quantity"):
        if j - 2 >= lo and toks[j - 1].low == "of" and (toks[j - 2].tag == "NOUN" or (
                toks[j - 2].tag == "VERB" and j - 3 >= lo and (toks[j - 3].tag == "DET" or toks[j - 3].low.endswith("'s")))) \
                and toks[j - 2].low not in TALLY_NOUNS:
            d.thing, d.thing_from = lemma(toks[j - 2].low), "of"
        else:
            owner = _clause_subject(toks, lo, j) or _main_subject_after(toks, j, hi)
            if owner is not None:
                if c.kind == "money":
                    d.thing = owner[0]
                    d.modifiers = owner[1]
                    d.thing_from = "subject"
                else:
                    d.owner = owner[0]
                    if owner[1][:1] == ["the"]:
                        d.definite = True
        if c.kind == "quantity":
            d.attribute = _entities().get(c.unit or "", None)
            after2 = toks[j + 2] if j + 2 < len(toks) else None
            if nxt is not None and nxt.low in _DIMENSION_ADJ and not (
                    nxt.low in ("across", "away") and after2 is not None and after2.tag in ("DET", "NOUN", "NAME")):
                d.attribute = _DIMENSION_ADJ[nxt.low]
            elif d.predicate is None and j > 0:
                pass
    if d.thing is None and c.kind in ("count", "range"):
        d.elided = True
    if c.kind == "quantity" and d.attribute is None:
        d.attribute = _entities().get(c.unit or "", None)
    d.definite = d.definite or _definite_before(toks, j, lo)
    # "the 47 students who sat it": a restrictive clause picks out a subset, not the set
    k = j + 1
    while k < len(toks) and k < j + 5 and toks[k].tag in ("NOUN", "ADJ"):
        k += 1
    if k < len(toks) and k > j + 1 and (toks[k].low in ("who", "that", "whose", "with", "aged", "without")
                                         and toks[k - 1].low != ","):
        d.definite = False
        d.modifiers = list(d.modifiers) + ["restricted"]
    if c.kind == "count" and j + 3 < len(toks) and toks[j + 1].low == "of" and any(
            t.low in ("remaining", "rest", "other") for t in toks[j + 2:j + 4]):
        d.role, d.cue = "remainder", "of the remaining"  # "All eight of the remaining branches"
    if j >= 2 and any(t.low == "among" for t in toks[max(lo, j - 4):j]):
        d.definite = False  # "Among the school's 24 pupils with …": a group picked out, not the set
    rel_at = lo - 1 if lo >= 1 and toks[lo - 1].low in ("which", "that", "who") else (
        lo if lo >= 2 and lo < j and toks[lo].low in ("which", "who") and toks[lo - 1].low == "," else None)
    if rel_at is not None and d.owner is None:
        # "The plant, which opened in 1987 and employs 640 people": the relative's noun owns it
        k = rel_at - 1
        while k >= 0 and toks[k].low in (",",):
            k -= 1
        if k >= 0 and toks[k].tag in ("NOUN",):
            d.owner = lemma(toks[k].low)
    elif lo >= 2 and toks[lo - 1].tag == "VERB" and toks[lo - 2].low == "and" and d.owner is None:
        pass
    if c.kind in ("count", "money") and j > lo and toks[j - 1].low.endswith("'s"):
        # "the site's 460 staff", "Kelby's 1,200 residents": the owner is the possessor
        d.owner = d.owner or lemma(toks[j - 1].low[:-2])
        d.definite = True
    if "restricted" in d.modifiers or (j >= 2 and any(t.low == "among" for t in toks[max(lo, j - 4):j])):
        d.definite = False


def _definite_before(toks, j, lo) -> bool:
    k = j - 1
    while k >= lo and toks[k].tag == "ADV":
        k -= 1
    return k >= lo and (toks[k].low in ("the", "all", "those", "these", "its", "their", "his", "her")
                        or toks[k].low.endswith("'s"))


def _clause_subject(toks, lo, j):
    """The noun phrase before the verb that governs the figure: (lemma, modifiers).

    "Engineers said the bridge will span 950 metres": the bridge, not the engineers."""
    k = j - 1
    while k >= lo and toks[k].tag in ("ADV", "GAP", "DET") or (k >= lo and toks[k].low in ("about", "some", "nearly", "up", "to", "around", "roughly", "over")):
        k -= 1
    if k >= lo and toks[k].tag in ("VERB",):
        m = k - 1
        while m >= lo and toks[m].tag in ("AUX", "MOD", "ADV", "NEG"):
            m -= 1
        if m >= lo and toks[m].tag == "NOUN":
            mods: list[str] = []
            head = lemma(toks[m].low)
            q = m - 1
            while q >= lo and toks[q].tag in ("NOUN", "ADJ"):
                mods.insert(0, toks[q].low)
                q -= 1
            if q >= lo and (toks[q].low in ("the", "its", "their", "this") or toks[q].low.endswith("'s")):
                mods.insert(0, "the")  # a definite subject: "the bridge will span 950 metres"
            return head, mods
        if m >= lo and toks[m].tag == "PRON" and toks[m].low in ("it", "they"):
            return toks[m].low, []
    head = None
    mods = []
    for k in range(lo, j):
        t = toks[k]
        if t.tag in ("VERB", "AUX", "MOD") and head is not None:
            return head, mods
        if t.tag == "PREP" and head is not None:
            return head, mods
        if t.tag == "NOUN":
            if head is not None:
                mods.append(head)
            head = lemma(t.low)
        elif t.tag == "PRON" and t.low in ("it", "they"):
            head = t.low
    return None


def _opens_clause(toks, j, lo) -> bool:
    """True when the figure starts its own clause: after a comma, "and", "while", a colon or the
    clause start, with only determiners, hedges or insertions between."""
    k = j - 1
    while k >= lo and (toks[k].tag in ("DET", "ADV", "GAP") or toks[k].low in ("some", "about", "nearly", "almost", "around")):
        k -= 1
    return k < lo or toks[k].low in (",", "and", "or", "while", "whereas", "but", "with")


def _main_subject_after(toks, j, hi):
    """"At 104 metres, the ferry is …": the subject of the main clause after an opening phrase."""
    k = j + 1
    while k < len(toks) and toks[k].tag in ("ADJ", "ADV", "NOUN") and k < j + 3:
        k += 1
    if k >= len(toks) or toks[k].low != ",":
        return None
    k += 1
    det = toks[k].low if k < len(toks) and toks[k].tag == "DET" else None
    while k < len(toks) and toks[k].tag in ("DET", "ADJ"):
        k += 1
    head = None
    # "the ferry" after the opening phrase refers back definitely
    mods: list[str] = ["the"] if det in ("the", "this", "its") else []
    while k < len(toks) and toks[k].tag in ("NOUN", "NAME"):
        if head:
            mods.append(head)
        head = lemma(toks[k].low)
        k += 1
    if head and k < len(toks) and toks[k].tag in ("VERB", "AUX", "MOD"):
        return head, mods
    return None


def _predicate(toks, j, lo, hi, d: Draft) -> None:
    # the verb before the figure governs an object ("damaged 340 homes", "killing 14 people");
    # a figure that opens its clause is the subject of the verb after it ("21 were treated")
    opens = _opens_clause(toks, j, lo)
    after = None
    for k in range(j + 1, hi):
        t = toks[k]
        if t.tag == "VERB":
            after = k
            if t.lex == "G" and d.kind != "percent" and k > j + 1 and toks[k - 1].tag == "NOUN":
                # "120 buses carrying pilgrims crossed the border": the participle modifies the
                # noun; the clause's verb comes after it
                for m in range(k + 1, hi):
                    if toks[m].tag == "VERB" and toks[m].lex in ("D", "Z", "V", "P"):
                        after = m
                        break
                    if toks[m].tag == "SUB" or toks[m].low in (",", ";", "while", "but"):
                        break
            break
        if t.tag in ("AUX", "MOD") and d.kind != "percent":
            # "80 were women", "60 were over 50": a copula and its complement name a category
            if k + 1 < hi and toks[k + 1].tag not in ("VERB", "ADV", "AUX", "NEG"):
                break
            continue
        if t.tag == "PREP" and t.low in ("in", "at", "from", "across") and k + 1 < hi and toks[k + 1].tag == "NAME":
            continue  # "340 households in Kelsbrook are still living …"
        if t.tag == "NAME" and k > j + 1 and toks[k - 1].tag in ("PREP", "NAME"):
            continue
        if t.tag in ("NUM", "PREP", "PUNCT", "SUB", "CONJ") and t.low not in ("of",):
            if not (t.tag == "PREP" and k == j + 1 and t.low == "of"):
                break
    # "2,300 evacuated on Sunday", "the 46 people rescued": a participle right after the phrase
    reduced = after is not None and toks[after].lex == "P" and all(
        toks[k].tag in ("NOUN", "ADJ") for k in range(j + 1, after))
    before = None
    if (not opens or after is None) and not reduced:
        prenominal = True
        for k in range(j - 1, lo - 1, -1):
            t = toks[k]
            if prenominal and t.tag in ("DET", "ADV", "GAP") or (prenominal and t.tag == "VERB" and t.lex in ("G", "P")
                                                                 and k > lo and toks[k - 1].tag == "DET"):
                continue  # "the remaining 23", "an estimated 5,000"
            prenominal = False
            if t.tag == "VERB" and not (t.lex in ("P", "G", "J") and k + 1 < j and toks[k + 1].tag == "NOUN"):
                before = k
                break
            if opens and t.low in (",", "and", "while", "whereas", "but"):
                break
    speech = before is not None and lexicon.verb_lemma(toks[before].low) in ("say", "tell", "report", "announce",
                                                                          "confirm", "add", "note", "show", "find")
    pick = after if (opens or reduced or speech) and after is not None else (before if before is not None else after)
    if pick is None:
        return
    lem = lexicon.verb_lemma(toks[pick].low, force=True)
    if lem and pick + 1 < len(toks) and toks[pick + 1].low == "back" and lem in ("pay", "give", "hand"):
        lem = "repay"
    if lem and lem not in ("be", "have", "do"):
        d.predicate = lem
        if d.kind == "count" and lem in EVENT_VERBS and d.attribute is None:
            d.attribute = lem


def _role(doc: Text, toks, j, lo, hi, c, d: Draft) -> None:
    prev = [t.low for t in toks[max(lo, j - 5):j] if t.tag not in ("PUNCT", "GAP", "QUOTE")]
    prev_s = " ".join(prev)
    nxt = [t.low for t in toks[j + 1:min(hi, j + 5)]]
    scope = c.scope
    if scope in ("each", "per_side"):
        d.role = "per_unit"
        d.per = "side" if scope == "per_side" else None
        d.cue = scope
    elif scope == "total":
        d.role, d.cue = "total", "total"
    elif scope == "average":
        d.role, d.cue = "average", "average"
    elif scope and scope.startswith("per_"):
        d.role, d.per, d.cue = "rate", scope[4:], scope
    for cue in _TOTAL_CUES:
        if prev_s.endswith(cue) or " ".join(nxt[:2]).startswith(cue):
            d.role, d.cue = "total", cue
    if prev[-1:] == ["to"] and any(w in TALLY_NOUNS for w in prev[-5:-1]) and any(
            lexicon.verb_lemma(w) in ("bring", "take", "push", "raise", "lift", "put") for w in prev[-6:-2]):
        d.role, d.cue = "total", "bringing the total to"
    # "N a game", "N per vehicle", "N for each of those days", "N each"
    for k in range(j + 1, min(hi, j + 6)):
        t = toks[k]
        if t.low in _PER_WORDS and k + 1 < hi and (toks[k + 1].tag == "NOUN" or (
                toks[k + 1].tag == "VERB" and t.low in ("per", "each", "every"))) and (
                t.low != "a" or lemma(toks[k + 1].low) in _PERIOD_NOUNS or k == j + 1
                or toks[k - 1].tag == "NOUN"):
            unit = lemma(toks[k + 1].low)
            if t.low in ("a", "an") and unit not in _PERIOD_NOUNS and k != j + 1 and toks[k - 1].tag != "NOUN":
                break
            if t.low in ("a", "an") and k + 2 < len(toks) and toks[k + 2].low in ("earlier", "ago", "before", "later", "after", "on"):
                break  # "$40 million a year earlier": a time, not a rate
            if unit in _PERIOD_NOUNS and d.role not in ("average",):
                d.role, d.per = "rate", unit
            else:
                if d.role != "average":
                    d.role = "per_unit"
                d.per = unit
            d.cue = t.low + " " + toks[k + 1].low
            break
        if t.low == "for" and k + 2 < hi and toks[k + 1].low in ("each", "every"):
            m = k + 2
            if toks[m].low == "of":
                m += 1
            while m < hi and toks[m].tag == "DET":
                m += 1
            if m < hi and toks[m].tag == "NOUN":
                d.role, d.per, d.cue = "per_unit", lemma(toks[m].low), "for each"
            break
        if t.tag in ("VERB", "NUM", "PUNCT"):
            break
    if d.role == "amount" and nxt[:1] and nxt[0] in ("each", "apiece") and c.kind in ("money", "quantity", "count"):
        d.role, d.cue = "per_unit", nxt[0]
    if c.kind == "money" and any(w in ("apiece", "each") for w in nxt[:3]):
        d.role, d.cue = "per_unit", "apiece"
    if any(w in ("average", "averaged", "averaging") for w in prev[-3:]):
        d.role, d.cue = "average", "average"
        k = j - 1
        while k > lo and toks[k].low not in ("averaging", "averaged"):
            k -= 1
        if toks[k].low in ("averaging", "averaged") and k > lo and toks[k - 1].tag == "NOUN" and d.per is None \
                and (toks[k].low == "averaging" or toks[k - 1].lex == "S"):
            d.per = lemma(toks[k - 1].low)  # "loans averaging $310": so much per loan
    if d.role == "amount" and c.kind == "count" and j >= 3 and toks[j - 1].low == "of" and \
            toks[j - 2].tag == "NOUN" and toks[j - 2].lex == "S" and toks[j - 3].tag == "NUM":
        # "12 teams of 11 players": so many for each of the teams
        d.role, d.per, d.cue = "per_unit", lemma(toks[j - 2].low), "groups of"
    if d.role == "amount" and c.kind in ("money", "quantity", "count"):
        # "Each vehicle will cost £385,000", "Every household will get £150": the clause's
        # subject is one of many
        for k in range(lo, j - 1):
            if toks[k].low in ("each", "every") and toks[k + 1].tag == "NOUN" and k + 1 < j:
                d.role, d.per, d.cue = "per_unit", lemma(toks[k + 1].low), toks[k].low
                break
    # "the remaining 23", "the balance of £63.0m", "the rest"
    if any(w in _REMAINDER_WORDS for w in prev[-3:]) and not prev[-1:] == ["other"] or \
            (prev[-2:] == ["balance", "of"]):
        d.role, d.cue = "remainder", "remaining"
    if c.kind != "percent" and (prev[-1:] and prev[-1] in _INCREMENT_BEFORE or (nxt[:1] and nxt[0] in _INCREMENT_AFTER)):
        if d.role == "amount":
            d.role, d.cue = "increment", (prev[-1] if prev and prev[-1] in _INCREMENT_BEFORE else nxt[0])
    # capacity: "can carry up to 600", "capacity of 300", "room for 400", "holds 45"
    if d.role == "amount" and c.kind == "count":
        if prev[-2:] in (["capacity", "of"], ["room", "for"], ["space", "for"]) or (
                "capacity" in prev[-3:]):
            d.role, d.attribute, d.cue = "capacity", "capacity", "capacity"
        elif d.predicate in _CAPACITY_VERBS and any(toks[k].tag == "MOD" for k in range(lo, j)):
            d.role, d.attribute, d.cue = "capacity", "capacity", "can " + d.predicate
        if d.role == "capacity" and any(toks[k].low == "each" for k in range(lo, j)):
            # "Each of the ship's eight lifeboats can hold 45 people": a capacity per unit
            d.role = "per_unit"
            for k in range(lo, j):
                if toks[k].low == "each" and k + 1 < j and toks[k + 1].tag == "NOUN":
                    d.per = lemma(toks[k + 1].low)
    if c.kind == "percent":
        if d.role == "amount":
            d.role = "share"
        # "rose 18 per cent", "a fall of 9 per cent", "up 17 per cent"
        direction = _change_direction(toks, j, lo, hi)
        if direction:
            d.role, d.direction = "change", direction
    elif c.kind in ("money", "count", "quantity"):
        direction = _change_direction(toks, j, lo, hi, amounts=True)
        if direction:
            d.role, d.direction = "change", direction
    if c.kind in ("count", "money") and prev[-1:] == ["by"] and d.role == "amount":
        # "won by 212 votes", "rose by 10,000"
        d.role, d.cue = "difference", "by"


_RUNNING_PHRASES = (("so", "far"), ("to", "date"), ("thus", "far"), ("until", "now"), ("up", "to", "now"),
                    ("this", "season"), ("of", "the", "season"), ("this", "year", "so"), ("in", "all", "competitions"))
_RUNNING_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _phrase in _RUNNING_PHRASES:
    _RUNNING_BY_FIRST[_phrase[0]] = _RUNNING_BY_FIRST.get(_phrase[0], ()) + (_phrase,)
_RUNNING_VERBS = frozenset("raise give administer collect sign donate score vaccinate test reach "
                           "climb rise hit top pass surpass register record recover return".split())


_NOT_TOTALS = frozenset("target goal aim ambition cap limit ceiling budget donation gift grant "
                        "pledge instalment payment".split())


def _running(doc: Text, toks, j, lo, hi, c, d: Draft) -> bool:
    """A figure that totals up to now: "so far", "to date", "since January", "has now raised",
    "the death toll rose to", "his 33rd goal of the season", "leads the team with 31 goals"."""
    if d.thing in _NOT_TOTALS:
        # "its £340,000 target", "boosted by a £50,000 donation": the clause is about a running
        # total, but this figure is its goal or one of its parts
        return False
    words = [t.low for t in toks[lo:hi]]
    # one pass over the clause, each word looked up among the phrases' first words (a scan
    # of the clause per phrase was a hot spot of the whole check)
    for i, w in enumerate(words):
        for phrase in _RUNNING_BY_FIRST.get(w, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                return True
    for k in range(lo, hi):
        t = toks[k]
        if t.low == "since" and k + 1 < hi and toks[k + 1].tag in ("TIME", "DET", "NOUN", "NAME", "ADJ"):
            return True
        if t.low in ("has", "have") and k < j:
            # "has (now) raised £412,000", "have been given"
            m = k + 1
            while m < hi and toks[m].low in ("now", "so", "already", "been", "far", "since"):
                m += 1
            if m < hi and toks[m].tag == "VERB" and lexicon.verb_lemma(toks[m].low) in _RUNNING_VERBS:
                return True
        if t.low == "toll" or (t.low in ("total", "tally") and k < j and any(
                lexicon.verb_lemma(x.low) in ("rise", "climb", "reach", "stand", "bring", "take") for x in toks[k:j] if x.tag == "VERB")):
            return True
    if c.kind == "count" and d.predicate == "lead" and "with" in words:
        return True  # "leads the team with 31 goals"
    return False


def _change_direction(toks, j, lo, hi, amounts: bool = False) -> int:
    """+1/-1 when the figure states the size of a change, else 0."""
    k = j - 1
    while k >= lo and toks[k].tag in ("ADV",) or (k >= lo and toks[k].low in ("by", "of", "some", "about", "nearly", "almost", "more", "than", "over", "around", "roughly", "a", "an", "just")):
        k -= 1
    if k < lo:
        return 0
    t = toks[k]
    lem = lexicon.verb_lemma(t.low, force=t.tag == "VERB") if t.tag in ("VERB", "NOUN") else None
    if amounts:
        # "rose by 10,000", "a fall of 225", "an increase of £2.1m": only with "by"/"of" right before
        if toks[j - 1].low not in ("by", "of"):
            return 0
    if t.low in ("up",):
        return 1 if not amounts else 0
    if t.low in ("down",):
        return -1 if not amounts else 0
    if lem in UP_VERBS and t.tag == "VERB":
        return 1
    if lem in DOWN_VERBS and t.tag == "VERB":
        return -1
    noun = lemma(t.low)
    if t.tag == "NOUN" and noun in _CHANGE_NOUNS:
        return _CHANGE_NOUNS[noun]
    # "an 18 per cent rise", "a 9% fall"
    if not amounts and j + 1 < hi:
        n = toks[j + 1]
        if n.tag in ("NOUN", "VERB") and lemma(n.low) in _CHANGE_NOUNS:
            return _CHANGE_NOUNS[lemma(n.low)]
    return 0


def _holder(toks, lo, j, d: Draft) -> None:
    """The name (or pronoun) the clause's subject is, left of the figure."""
    if lo >= 2 and toks[lo - 1].low in ("who", "whose") and toks[lo - 2].low == ",":
        # "Marek Vega, who leads the team with 31 goals"
        k = lo - 3
        if k >= 0 and toks[k].tag == "NAME":
            d.holder = toks[k].low.removesuffix("'s")
            return
    k = lo
    names: list[str] = []
    while k < j:
        t = toks[k]
        if t.tag == "NAME":
            run = []
            while k < j and toks[k].tag == "NAME":
                run.append(toks[k].low.rstrip("'s").removesuffix("'"))
                k += 1
            prev = toks[k - len(run) - 1] if k - len(run) - 1 >= lo else None
            if prev is None or prev.tag not in ("PREP",) or prev.low in ("by",):
                names.append(run[-1])
            continue
        if t.tag == "PRON" and t.low in _PERSONAL | _GROUP_PRON and not names:
            d.holder = t.low if d.holder is None else d.holder
        if t.tag in ("VERB", "AUX", "MOD") and names:
            break
        k += 1
    if names:
        d.holder = names[0]


def _modality(toks, lo, hi, j, d: Draft) -> None:
    # the verb group that governs the figure: before it back to the clause start, and after it
    # up to its verb
    end = j
    for k in range(j + 1, min(hi, j + 6)):
        if toks[k].tag in ("VERB", "MOD", "AUX"):
            end = k + 1
            if toks[k].tag == "VERB":
                break
        elif toks[k].tag not in ("NOUN", "ADJ", "ADV", "NEG"):
            break
    for k in range(lo, end):
        w = toks[k].low
        if w in _PLAN_WORDS and (toks[k].tag in ("MOD", "VERB") or w in ("due", "scheduled")):
            d.modality = "plan"
            d.cue = d.cue or w
            return
        if w in _ESTIMATE_WORDS:
            d.modality = "estimate"
    if d.modality == "actual":
        for k in range(max(lo, j - 2), j):
            if toks[k].low in ("target", "goal", "forecast", "projection", "budget"):
                d.modality = "plan"


def _source(doc: Text, sent: Sentence, toks, d: Draft) -> None:
    """Who the figure is attributed to: "police said", "according to organisers".

    The answer depends only on the sentence's tokens, so it is worked out once per sentence
    (and token list) and shared by its figures: a sentence of thousands of figures was read
    once per figure, quadratic in its length (issue 16, item 3).
    """
    cache = getattr(sent, "source_cache", None)
    if cache is None:
        cache = sent.source_cache = {}
    key = id(toks)
    if key not in cache:
        probe = Draft(d.claim, d.sentence, d.paragraph, d.kind)
        _source_of(toks, probe)
        cache[key] = (toks, probe.source)  # the list itself is kept so its id stays its own
    source = cache[key][1]
    if source is not None:
        d.source = source


def _source_of(toks, d: Draft) -> None:
    for k, t in enumerate(toks):
        if t.low == "according" and k + 2 < len(toks) and toks[k + 1].low == "to":
            name = _np_after(toks, k + 2)
            if name:
                d.source = name
                return
        if t.tag == "VERB" and lexicon.verb_lemma(t.low) in ("say", "tell", "estimate", "put", "claim",
                                                              "insist", "report", "count"):
            # the subject right before the verb ("police said", "organisers estimated")
            m = k - 1
            while m >= 0 and toks[m].tag in ("ADV",):
                m -= 1
            if m >= 0 and toks[m].tag in ("NOUN", "NAME"):
                d.source = lemma(toks[m].low)
                return
            # "…, said police chief X"
            if k + 1 < len(toks) and toks[k + 1].tag in ("NOUN", "NAME"):
                d.source = lemma(toks[k + 1].low)
                return


def _np_after(toks, k) -> str | None:
    while k < len(toks) and toks[k].tag == "DET":
        k += 1
    if k < len(toks) and toks[k].tag in ("NOUN", "NAME"):
        return lemma(toks[k].low)
    return None


def _time_claims(doc: Text, sent: Sentence) -> list[int]:
    """The claims of ``sent`` that name a time with a date (worked out once per sentence: one
    scan of the sentence per figure was quadratic in a sentence of thousands of figures)."""
    got = getattr(sent, "time_claims", None)
    if got is None:
        claims = doc.claims
        got = sent.time_claims = [k for k in range(sent.first, sent.last)
                                  if claims[k].kind in TIME_KINDS and claims[k].date is not None]
    return got


def _time(doc: Text, sent: Sentence, toks, lo, hi, j, d: Draft) -> None:
    claims = doc.claims
    best = None
    level = sent.level
    here = level[j] if level else -1
    timed = _time_claims(doc, sent)
    for k in timed:
        c = claims[k]
        if c.kind not in TIME_KINDS or c.date is None or k == d.claim:
            continue
        pos = sent.at.get(k)
        if pos is None or (level and level[pos] != here):
            continue  # "(2023: £378.0m)": a year inside brackets dates only the bracket
        if lo <= pos < hi:
            if best is None or abs(pos - j) < abs(best[0] - j):
                best = (pos, c.date, "clause")
    if best is None and toks:
        dates = [claims[k].date for k in timed
                 if claims[k].kind in TIME_KINDS and claims[k].date and k != d.claim
                 and not (level and k in sent.at and level[sent.at[k]] != here)]
        if len(set(dates)) == 1:
            best = (0, dates[0], "sentence")
    if best is not None:
        d.time, d.time_from = best[1], best[2]


#: Owners that refer to something named elsewhere: pronouns, and nouns for "the thing being
#: built or done" that an article uses for its main subject ("the project", "the scheme").
_REFERRING_OWNERS = frozenset({"it", "its", "they", "which", "project", "scheme", "development",
                               "plan", "plans", "venture", "programme", "program", "work", "works"})


def resolve(doc: Text, drafts: list[Draft]) -> None:
    """Owners that are pronouns or stand-ins ("it will stretch 950km", "the project") take the
    owner of the nearest earlier measurement of the same attribute; references made with "it"
    count as definite."""
    last: dict[str, str] = {}
    for d in drafts:
        c = doc.claims[d.claim]
        if c.kind != "quantity" or not d.attribute:
            continue
        if d.owner in _REFERRING_OWNERS or (d.owner is None and d.holder in ("it", "they")):
            found = last.get(d.attribute)
            if found:
                d.owner = found
                d.definite = True
        elif d.owner:
            last[d.attribute] = d.owner
