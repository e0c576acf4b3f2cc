"""Kind ``agreement``: one measured thing stated twice in an article with values that cannot both hold.

"The 1,200-kilometre pipeline ..." and later "the pipeline will stretch 1,500 kilometres": one
pipeline has one length.

Most pairs of differing figures in an article are about different things (the dead and the
injured, Monday's arrivals and Tuesday's), so the identity test is strict. This module also
holds that test, :func:`measures` and :func:`same_thing`, which the story kinds
(:mod:`.story_agreement`, :mod:`.cumulative`) share. Two claims are the same measured thing when:

- they are counts, quantities or sums of money of the same unit (and never percentages, years,
  ordinals or ages, whose repeats are usually different things);
- they name the same *thing*: the noun the figure counts ("64 trucks"), or for a measurement the
  noun it measures ("the 1,200-kilometre pipeline", "the pipeline ... 1,500 kilometres"), or a
  tally noun before it ("the death toll rose to 40");
- their *roles* agree: the content words around the figure share at least one (trucks that
  *entered*, people *killed*); modifiers before the noun ("aid trucks") must be equal;
- the capitalised names in their clauses are the same (so "Biden received 4,000 votes" and
  "Sanders received 3,000 votes" are two things, and "he received" matches neither);
- their *scope* agrees (per side / each / a day versus in total);
- neither figure is quoted speech, a change ("rose from", "up from"), a comparison, a plan
  or a part ("so far", "when finished", "first phase"), and neither sentence names a time the
  other does not.

Within one article (this kind) the later mention must also refer back definitely ("the
pipeline", "the 15 people"), and the thing may not come in several ("another pipeline", "each
pipeline", "pipelines").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import describe, intersects, interval
from numcheck.model import Claim

MEASURED_KINDS = ("count", "quantity", "money")

_STOP = frozenset(
    """a an the of in on at to from for by with and or but as than that which who whom whose
    this these those its their his her our your my it they he she we you i there here
    is are was were be been being have has had do does did will would could should may might
    must can shall not no nor so such very more most less fewer some any all each every both
    about around approximately nearly almost roughly some over under up down out into onto
    least at just only also still even per said says told say according while when where after
    before since until during over than then now""".split()
)
_AUX = frozenset("is are was were be been being have has had will would could should may might "
                 "reportedly also still already".split())
#: Words too general to tell two figures' roles apart.
_WEAK_ROLES = frozenset("""total number figure one two three including include includes other
    percent per cent people person said say says told""".split())
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_TALLY = re.compile(
    r"\b(?:(?P<mod>[a-z]+)\s+)?(?P<head>toll|tally|total|number|count|figure)"
    r"(?:\s+(?:of|has|had|have|is|was|now|stands?|stood|rose|risen|climbed|reached|increased|"
    r"jumped|grew|hit|at|to|stands?\s+at)){1,4}\s+(?:at\s+least\s+|about\s+|some\s+|nearly\s+|"
    r"more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
# A measurement's verb after its owner: "the pipeline will stretch", "the bridge is to span".
_OWNER_LINK = frozenset("will would is was are be to shall stretch stretches stretched run runs ran "
                        "span spans spanned measure measures measured extend extends extended cover "
                        "covers covered reach reaches reached weigh weighs weighed cost costs "
                        "for about some nearly roughly over".split())
#: Nouns whose plural has no -s; a counted noun phrase ends at them too.
_PLURALS = frozenset("people men women children police staff personnel crew cattle sheep fish "
                     "deer troops".split())
_PREPOSITIONS = frozenset("outside inside near across along behind beyond within without into "
                          "onto toward towards".split())
_PER = re.compile(r"\b(?:each|per|apiece|every|a\s+(?:day|week|month|year)|daily|weekly|annually|"
                  r"a\s+head|on\s+(?:each|either|both)\s+sides?|per\s+side)\b", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:in\s+total|in\s+all|total|combined|altogether|overall|together)\b",
                    re.IGNORECASE)
#: Words near a figure that mean it is a change, comparison, plan or part, not a settled value.
_UNSETTLED = re.compile(
    r"\b(?:rose|risen|rise|rising|fell|fallen|falling|dropped|drop|increased?|decreased?|grew|"
    r"up\s+from|down\s+from|from\s+[\d,.]+\s+to|compared|(?<!more\s)(?<!fewer\s)(?<!less\s)than|"
    r"previous(?:ly)?|originally|"
    r"initially|initial|originally|first\s+phase|phase|stage|section|so\s+far|to\s+date|"
    r"eventually|when\s+(?:finished|complete[d]?)|once\s+(?:finished|complete[d]?)|extension|"
    r"extend(?:ed)?|expand(?:ed)?|planned|proposed|target|estimate[sd]?|projected|revised|"
    r"updated|corrected|another|additional|extra|further|remaining|last\s+year|a\s+year\s+ago|"
    r"instead|rather|if|unless|could|might|may|versus|vs|between)\b",
    re.IGNORECASE,
)
#: The part of :data:`_UNSETTLED` that still disqualifies a running total: a change or a comparison.
_CHANGE = re.compile(
    r"\b(?:up\s+from|down\s+from|from\s+[\d,.]+\s+to|compared|(?<!more\s)(?<!fewer\s)(?<!less\s)than|"
    r"previous(?:ly)?|last\s+year|a\s+year\s+ago|another|additional|extra|further|remaining|"
    r"if|unless|could|might|may|expected|projected|estimated|would)\b",
    re.IGNORECASE,
)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|all|all\s+the|those|these|all\s+of\s+the)\s+"
                              r"(?:[a-z-]+\s+){0,1}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Measure:
    """What a figure measures, read from the words around it."""

    doc: str
    claim: Claim
    head: str
    modifiers: frozenset[str]
    roles: frozenset[str]
    scope: str
    dimension: str
    definite: bool
    #: Capitalised names in the figure's clause (whose figure it is: "Biden received 4,000 votes").
    names: frozenset[str] = frozenset()


class AgreementParams(Params):
    """How wide a window of words defines a figure's role, and the smallest figure considered."""

    role_window: int = 4
    min_value: float = 10.0


def lemma(word: str) -> str:
    """A crude singular lower-case form ("trucks" → "truck", "casualties" → "casualty")."""
    w = word.lower().strip("'")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _clause(dc: DocClaims, claim: Claim) -> tuple[int, int]:
    """The clause around a claim: bounded by the sentence and by ; : ( ) — and commas."""
    s, e = dc.sentence_span(claim.sentence) if dc.sentence_starts else (0, len(dc.text))
    left = dc.text[s:claim.start]
    right = dc.text[claim.end:e]
    lb = max((left.rfind(ch) for ch in ";:()—,"), default=-1)
    rb_candidates = [right.find(ch) for ch in ";:()—," if right.find(ch) >= 0]
    rb = min(rb_candidates) if rb_candidates else len(right)
    return s + lb + 1, claim.end + rb


def in_quotes(dc: DocClaims, claim: Claim) -> bool:
    """True when the claim sits inside a quotation in its paragraph."""
    para_start = dc.text.rfind("\n", 0, claim.start) + 1
    before = dc.text[para_start:claim.start]
    straight = before.count("\"") % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def _words(text: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(text)]


def read_measure(dc: DocClaims, claim: Claim, params: AgreementParams,
                 running: bool = False) -> Measure | None:
    """What ``claim`` measures, or None when it is not a settled figure of a nameable thing.

    With ``running``, figures that are running totals ("so far", "rose to") are kept; changes
    and comparisons are still dropped.
    """
    if claim.kind not in MEASURED_KINDS or claim.value is None or claim.boilerplate:
        return None
    if claim.block not in ("body", "title"):
        return None
    cs, ce = _clause(dc, claim)
    before_text = dc.text[cs:claim.start]
    after_text = dc.text[claim.end:ce]
    window = dc.text[cs:ce]
    if (_CHANGE if running else _UNSETTLED).search(window) or in_quotes(dc, claim):
        return None
    head = None
    modifiers: list[str] = []
    after = _words(after_text)
    before = _words(before_text)
    dimension = claim.unit or claim.kind
    tally = _TALLY.search(before_text)
    if claim.kind == "count" or not claim.unit:
        # the counted noun follows the figure and ends at its first plural: "64 aid trucks"
        phrase = []
        for w in after[:3]:
            lw = w.lower()
            if lw in _STOP or lw in _PREPOSITIONS or (phrase and lw.endswith(("ing", "ed"))):
                break
            phrase.append(lw)
            if lw in _PLURALS or (lw.endswith("s") and not lw.endswith("ss")):
                break
        if phrase and (phrase[-1] in _PLURALS or phrase[-1].endswith("s") or claim.value == 1):
            head, modifiers = lemma(phrase[-1]), phrase[:-1]
            rest = after[len(phrase):]
        elif tally:
            head = tally.group("head").lower()
            modifiers = [tally.group("mod").lower()] if tally.group("mod") else []
            rest = after
        else:
            return None
    else:
        # a measurement: its owner follows a compound figure ("1,200-kilometre pipeline") or
        # precedes the linking verb ("the pipeline will stretch 1,500 kilometres")
        compound = "-" in claim.text and after and after[0].lower() not in _STOP \
            and after_text[:1] == " "
        if compound:
            head = lemma(after[0])
            rest = after[1:]
        else:
            head = _owner_before(before)
            if head is None:
                return None
            rest = after
    if head is None or head in _STOP or not head.isalpha():
        return None
    roles = []
    for w in rest:
        lw = w.lower()
        if lw in _AUX:
            continue
        if lw in _STOP:
            continue
        if lw in _WEAK_ROLES or not lw.isalpha():
            continue
        roles.append(lemma(lw))
        if len(roles) >= params.role_window:
            break
    # the word right before the figure ("killed 40", "freed 200") is a role too
    skip = {"least", "about", "some", "nearly", "almost", "around", "over", "than", "more",
            "the", "all", "approximately", "roughly", "up", "to", "of", "a", "an"}
    prev = [w.lower() for w in before if w.lower() not in skip]
    if prev and prev[-1] not in _STOP and prev[-1] != head:
        roles.append(lemma(prev[-1]))
    scope = "per" if _PER.search(window) else "total" if _TOTAL.search(window) else ""
    definite = bool(_DEFINITE_BEFORE.search(before_text)) or _mentions_definitely(window, head)
    sentence_start = dc.sentence_span(claim.sentence)[0] if dc.sentence_starts else 0
    names = frozenset(
        m.group() for m in _WORD.finditer(dc.text, cs, ce)
        if m.group()[:1].isupper() and m.group().lower() not in _STOP
        and m.group().lower() not in _CALENDAR
        # a capitalised sentence opener is a name only if the article also capitalises it
        # mid-sentence ("Biden received", not "Engineers say")
        and not (m.start() == sentence_start and m.group() not in _midsentence_names(dc))
    )
    return Measure(dc.doc, claim, head, frozenset(modifiers), frozenset(roles), scope,
                   dimension, definite, names)


_NAMES_CACHE: dict[tuple[str, int], frozenset[str]] = {}


def _midsentence_names(dc: DocClaims) -> frozenset[str]:
    """Capitalised words the article writes somewhere other than at a sentence start (cached)."""
    key = (dc.doc, hash(dc.text))
    got = _NAMES_CACHE.get(key)
    if got is None:
        if len(_NAMES_CACHE) > 256:
            _NAMES_CACHE.clear()
        starts = set(dc.sentence_starts)
        got = frozenset(m.group() for m in re.finditer(r"\b[A-Z][A-Za-z'-]*", dc.text)
                        if m.start() not in starts)
        _NAMES_CACHE[key] = got
    return got


def _owner_before(before: list[str]) -> str | None:
    """The noun after the last "the"/"its" before a measurement, if only linking words follow it."""
    lower = [w.lower() for w in before]
    for k in range(len(lower) - 2, -1, -1):
        if lower[k] in ("the", "its", "this"):
            noun = lower[k + 1]
            tail = lower[k + 2:]
            if noun in _STOP or not tail or len(tail) > 4:
                return None
            if all(t in _OWNER_LINK for t in tail):
                return lemma(noun)
            return None
    return None


def _mentions_definitely(window: str, head: str) -> bool:
    return bool(re.search(r"\b(?:the|this|its)\s+(?:[a-z-]+\s+)?" + re.escape(head) + r"s?\b",
                          window, re.IGNORECASE))


# Three rules (NC401, NC402, NC501) read the same measures of the same document one after the
# other; keep the last few results instead of re-reading them. Entries hold the DocClaims itself
# so an id() is never reused while its entry lives.
_MEASURES_CACHE: dict[tuple, tuple[DocClaims, list]] = {}
_MEASURES_CACHE_SIZE = 8


def measures(dc: DocClaims, params: AgreementParams, running: bool = False) -> list[Measure]:
    """Every settled (or, with ``running``, running-total) nameable figure in a document."""
    key = (id(dc), params, running)
    hit = _MEASURES_CACHE.get(key)
    if hit is not None and hit[0] is dc:
        return list(hit[1])
    out = _read_measures(dc, params, running)
    if len(_MEASURES_CACHE) >= _MEASURES_CACHE_SIZE:
        try:  # another worker thread may be trimming too
            _MEASURES_CACHE.pop(next(iter(_MEASURES_CACHE)), None)
        except (StopIteration, RuntimeError):
            pass
    _MEASURES_CACHE[key] = (dc, out)
    return list(out)


def _read_measures(dc: DocClaims, params: AgreementParams, running: bool) -> list[Measure]:
    out = []
    for c in dc.claims:
        m = read_measure(dc, c, params, running)
        if m is not None:
            out.append(m)
    return out


def same_thing(a: Measure, b: Measure) -> bool:
    """True when two measures are, by the strict test in the module docstring, one thing."""
    if a.head != b.head or a.dimension != b.dimension or a.scope != b.scope:
        return False
    if a.claim.kind != b.claim.kind or a.modifiers != b.modifiers:
        return False
    if a.names != b.names:
        # different named owners ("Biden received ... votes", "Sanders received ... votes"),
        # or a name on one side only ("he received ...") that cannot be matched
        return False
    if a.claim.kind == "count" or not a.claim.unit:
        return bool(a.roles & b.roles)
    return True


def sentence_times(dc: DocClaims, claim: Claim) -> frozenset[str]:
    """The ISO dates named in the claim's sentence (relative ones resolved)."""
    return frozenset(c.date for c in dc.claims
                     if c.sentence == claim.sentence and c.kind in ("date", "year", "time")
                     and c.date)


def conflict(a: Measure, b: Measure) -> bool:
    """True when the two figures' intervals cannot share a true value."""
    return not intersects(interval(a.claim), interval(b.claim))


def _several(dc: DocClaims, head: str) -> bool:
    """The article speaks of more than one such thing ("another pipeline", "both bridges")."""
    pattern = (r"\b(?:another|other|second|two|three|several|many|both|each|every|new|"
               r"separate|different)\s+(?:[a-z-]+\s+)?" + re.escape(head) + r"s?\b")
    return bool(re.search(pattern, dc.text, re.IGNORECASE))


def run(documents: Iterable[DocClaims], params: AgreementParams) -> Iterator[Finding]:
    """Yield one finding per pair of conflicting figures for one thing in one article."""
    for dc in documents:
        found = measures(dc, params)
        by_head: dict[str, list[Measure]] = {}
        for m in found:
            by_head.setdefault(m.head, []).append(m)
        for head, group in by_head.items():
            if len(group) < 2 or _several(dc, head):
                continue
            values = {m.claim.value for m in group}
            if len(values) != 2:
                # three or more figures for one noun is a series, not a repeat
                continue
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if a.claim.sentence == b.claim.sentence or not same_thing(a, b):
                        continue
                    if max(a.claim.value, b.claim.value) < params.min_value:
                        continue
                    if not b.definite:
                        continue
                    ta, tb = sentence_times(dc, a.claim), sentence_times(dc, b.claim)
                    # an event count belongs to its time; a measurement only clashes with a
                    # different time when both sentences name one
                    if a.claim.unit and ta and tb and not (ta & tb):
                        continue
                    if not a.claim.unit and ta != tb:
                        continue
                    if not conflict(a, b):
                        continue
                    yield _finding(a, b)


def _finding(a: Measure, b: Measure) -> Finding:
    computation = (f"{describe(a.claim)} and {describe(b.claim)} both measure the {a.head}"
                   f"{' (' + a.dimension + ')' if a.claim.unit else ''}; the intervals do not meet")
    return Finding(
        primary=Involved(b.doc, b.claim, "restated figure"),
        evidence=(Involved(a.doc, a.claim, "first figure"),),
        values={"first": a.claim.text, "second": b.claim.text, "thing": a.head},
        computation=computation,
    )


KIND = KindSpec(
    name="agreement",
    params=AgreementParams,
    run=run,
    scope="document",
    description="One measured thing is given two values in one article that cannot both hold.",
)
