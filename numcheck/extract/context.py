"""Reading a claim's context: sentence, qualifier, interval, scope and subject.

:func:`annotate` looks only at a short window on each side of a claim, with anchored regexes,
so it is pure and linear in the number of claims.

- ``qualifier``: the hedge right before the number ("about", "at least", "more than", "up to"...,
  see :data:`QUALIFIER_PHRASES`); "as many as" reads as ``up_to``, "nearly"/"almost" as ``approx``.
- ``low``/``high``: the interval the qualifier means, with :data:`numcheck.model.APPROX_TOLERANCE`
  for ``approx``. Lower bounds of ``at_most``/``less_than``/``up_to`` are 0 for kinds that cannot
  be negative (counts, money, percentages, ages, durations, ordinals) and ``-inf`` otherwise.
  ``more_than``/``less_than`` keep the stated value as the (open) bound. A range keeps the
  interval its two ends give.
- ``scope``: ``per_side``, ``each``, ``total``, ``average``, ``per_day``, ``per_week``,
  ``per_month``, ``per_year`` from phrases before or just after the counted noun.
- ``subject``: the lemma of the head noun of the noun phrase after the number: its first plural
  word, else its last word before a function word (at most four words):
  "4,757 Ukrainian citizens were" → "citizen", "200 Ukrainian service members" → "member",
  "35% of voters" → "voter", "a 1,200-kilometre pipeline to" → "pipeline". Lemmas come from a suffix rule plus a short list of irregular
  plurals, which is fast and deterministic.
"""

from __future__ import annotations

import bisect
import math
import re

from numcheck.model import APPROX_TOLERANCE, Claim

__all__ = ["annotate", "lemma", "QUALIFIER_PHRASES", "SCOPE_PHRASES"]

#: qualifier → phrases that, right before a number, give it that qualifier.
QUALIFIER_PHRASES = {
    "approx": ("about", "approximately", "around", "nearly", "almost", "some", "roughly",
               "an estimated", "estimated", "circa", "approx.", "close to", "~", "c."),
    "at_least": ("at least", "no fewer than", "no less than", "a minimum of", "not less than"),
    "more_than": ("more than", "over", "upwards of", "in excess of", "greater than", "above"),
    "at_most": ("at most", "no more than", "a maximum of", "not more than"),
    "less_than": ("less than", "under", "fewer than", "below"),
    "up_to": ("up to", "as many as", "as much as"),
}

#: scope → phrases after the counted noun (or, for the "a total of" kind, before the number).
SCOPE_PHRASES = {
    "per_side": ("on each side", "by each side", "per side", "on both sides", "from each side", "for each side"),
    "total": ("in total", "altogether", "combined", "all told", "in all"),
    "average": ("on average",),
    "per_day": ("per day", "a day", "each day", "every day", "daily"),
    "per_week": ("per week", "a week", "each week", "every week", "weekly"),
    "per_month": ("per month", "a month", "each month", "every month", "monthly"),
    "per_year": ("per year", "a year", "each year", "every year", "per annum", "annually", "yearly"),
    "each": ("each", "apiece", "per person", "per head"),
}
_SCOPE_BEFORE = {
    "total": ("a total of", "in total", "total of", "altogether"),
    "average": ("an average of", "average of", "on average", "an average"),
    "each": ("each of",),
}


def _alt(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


# Phrase → qualifier, and all phrases as one tuple for a single C-level ``str.endswith`` test;
# the regex below runs only when that test hits.
_QUAL_OF = {p: q for q, ps in QUALIFIER_PHRASES.items() for p in ps}
_QUAL_ENDINGS = tuple(_QUAL_OF)
_SCOPE_BEFORE_ENDINGS = tuple(p.split()[-1] for ps in (
    ("a total of", "in total", "total of", "altogether", "an average of", "average of", "on average",
     "an average", "each of", "about", "around", "some", "nearly", "more than", "at least", "over", "up to"),
) for p in ps)
_QUAL_RE = re.compile(
    r"(?:^|(?<=[^\w]))(?:"
    + "|".join(f"(?P<{q}>{_alt(ps)})" for q, ps in QUALIFIER_PHRASES.items())
    + r")[\s\u00a0]*$",
    re.IGNORECASE,
)
_SCOPE_AFTER_RE = re.compile(
    r"(?:[\s\u00a0]+[A-Za-z][\w'’-]*){0,4}?[\s\u00a0,]+(?:"
    + "|".join(f"(?P<{s}>{_alt(ps)})" for s, ps in SCOPE_PHRASES.items())
    + r")\b",
    re.IGNORECASE,
)
_SCOPE_BEFORE_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{s}>{_alt(ps)})" for s, ps in _SCOPE_BEFORE.items())
    + r")[\s\u00a0]+(?:(?:about|around|some|nearly|more than|at least|over|up to)[\s\u00a0]+)?$",
    re.IGNORECASE,
)
_NP_RE = re.compile(r"[\s\u00a0]+(?:of[\s\u00a0]+(?:the|all|its|their|those|these)?[\s\u00a0]*)?((?:[A-Za-z][\w’'-]*[\s\u00a0]?){1,4})")
_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")

# Words that end a noun phrase: prepositions, conjunctions, auxiliaries, pronouns and adverbs.
_STOP = frozenset(
    """of in on at to for from with by and or but nor who whom whose which that were was are is be
    been being have had has will would could should may might can do did does as than since during
    after before over under into onto about against between among through across per each every
    a an the this these those it its their his her they them he she we you our your said says
    including while when where if then also only more less most least so such not no yet still
    just already again ago later earlier last next this year years month months day days week weeks
    time times percent per cent""".split()
)
_IRREGULAR = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "police": "police", "staff": "staff",
    "lives": "life", "wives": "wife", "knives": "knife", "leaves": "leaf", "thieves": "thief",
    "data": "data", "media": "media", "series": "series", "species": "species", "news": "news",
    "aircraft": "aircraft", "personnel": "personnel", "troops": "troop", "crises": "crisis",
    "analyses": "analysis", "bases": "base", "cases": "case", "houses": "house", "courses": "course",
}
_NO_SUBJECT_KINDS = frozenset({"date", "year", "time"})
_NON_NEGATIVE = frozenset({"count", "money", "percent", "age", "duration", "ordinal", "range"})


def lemma(word: str) -> str:
    """The singular, lower-case form of a noun ("detainees" → "detainee", "cities" → "city")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "ous")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes", "uses")):
        return w[:-2]
    return w[:-1]


def _interval(kind: str, value: float | None, qualifier: str) -> tuple[float | None, float | None]:
    if value is None or value != value:
        return None, None
    floor = 0.0 if kind in _NON_NEGATIVE and value >= 0 else -math.inf
    if qualifier == "approx":
        a, b = value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
        return (a, b) if a <= b else (b, a)
    if qualifier in ("at_least", "more_than"):
        return value, math.inf
    if qualifier in ("at_most", "less_than", "up_to"):
        return floor, value
    return value, value


def _subject(text: str, end: int, limit: int, kind: str) -> str | None:
    m = _NP_RE.match(text, end, limit)
    if not m:
        return None
    if kind != "percent" and text[end:m.start(1)].strip().lower().startswith("of"):
        return None
    head = None
    for w in _WORD_RE.findall(m.group(1)):
        lw = w.lower()
        if lw in _STOP:
            break
        lem = lemma(w)
        if lem != lw.replace("’", "'"):
            return lem  # the first plural closes the phrase: "Ukrainian citizens were ..."
        head = lem
    return head


def annotate(text: str, claims: list[Claim], sentence_starts: list[int]) -> list[Claim]:
    """Fill ``sentence``, ``qualifier``, ``low``/``high``, ``scope`` and ``subject`` of each claim.

    Pure: returns new claims in the same order. Works for every kind, dates included (dates get
    a sentence, a qualifier and an interval over their year value, never a subject).
    """
    out: list[Claim] = []
    n = len(text)
    starts = sentence_starts or [0]
    for c in claims:
        si = bisect.bisect_right(starts, c.start) - 1
        if si < 0:
            si = 0
        s_begin = starts[si]
        s_end = starts[si + 1] if si + 1 < len(starts) else n
        before = text[max(s_begin, c.start - 40):c.start]
        qualifier = c.qualifier
        tail = before.rstrip().lower()
        m = _QUAL_RE.search(before) if tail.endswith(_QUAL_ENDINGS) else None
        if m and c.kind not in ("ordinal", "date", "time"):
            qualifier = m.lastgroup or "exact"
            if qualifier == "more_than" and m.group(0).strip().lower() == "over" and c.kind in _NO_SUBJECT_KINDS:
                qualifier = "exact"
        if c.kind == "range" and c.low is not None:
            low, high = c.low, c.high
            if qualifier == "approx":
                low, high = low * (1 - APPROX_TOLERANCE), high * (1 + APPROX_TOLERANCE)
        elif c.low is not None and c.high is not None and qualifier == "exact":
            low, high = c.low, c.high
        else:
            low, high = _interval(c.kind, c.value, qualifier)
        scope = c.scope
        subject = c.subject
        if c.kind not in _NO_SUBJECT_KINDS:
            limit = min(s_end, c.end + 60)
            ms = _SCOPE_AFTER_RE.match(text, c.end, limit)
            if ms:
                scope = ms.lastgroup
            elif tail.endswith(_SCOPE_BEFORE_ENDINGS):
                mb = _SCOPE_BEFORE_RE.search(before)
                if mb:
                    scope = mb.lastgroup
            if subject is None:
                subject = _subject(text, c.end, min(s_end, c.end + 50), c.kind)
        # the constructor directly: dataclasses.replace() costs several times more per claim
        out.append(
            Claim(c.start, c.end, c.text, c.kind, c.value, low, high, c.unit, qualifier, scope, subject,
                  c.date, si, c.boilerplate, c.relative, c.block)
        )
    return out
