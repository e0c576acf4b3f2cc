"""Reading a claim's context: sentence, qualifier, interval, scope and subject.

:func:`annotate` looks only at a short window on each side of a claim, with anchored regexes,
so it is pure and linear in the number of claims.

- ``qualifier``: the hedge right before the number ("about", "at least", "more than", "up to"...,
  see :data:`QUALIFIER_PHRASES`); "as many as" reads as ``up_to``, "nearly"/"almost" as ``approx``
  whose interval ends at the value ("nearly 30 years" is 27 to 30).
- ``low``/``high``: the interval the qualifier means, with :data:`numcheck.model.APPROX_TOLERANCE`
  for ``approx``. Lower bounds of ``at_most``/``less_than``/``up_to`` are 0 for kinds that cannot
  be negative (counts, money, percentages, ages, durations, ordinals) and ``-inf`` otherwise.
  ``more_than``/``less_than`` keep the stated value as the (open) bound. A range keeps the
  interval its two ends give.
- ``scope``: ``per_side``, ``each``, ``total``, ``average``, ``per_day``, ``per_week``,
  ``per_month``, ``per_year`` from phrases before or just after the counted noun. A party named
  as the subject of the clause before the number also gives ``per_side``: "each side agreed to
  hand over about 1,000 prisoners", "each country freed 300", and "both sides will release 500
  each" (with "both", only together with a trailing "each"/"apiece").
- ``subject``: the lemma of the head noun of the noun phrase after the number: its first plural
  word, else its last word before a function word (at most four words):
  "4,757 Ukrainian citizens were" → "citizen", "200 Ukrainian service members" → "member",
  "35% of voters" → "voter", "a 1,200-kilometre pipeline to" → "pipeline". A figure followed
  directly by a verb, adverb or preposition names no noun of its own ("300 went", "34 voted
  against", "21 in one province"): its subject is None, or the noun of an "of the 500 seats,"
  right before it ("seat"). Participles before a plural noun still let it through ("300 armed
  men" → "man"). Lemmas come from suffix rules plus short lists of irregular plurals and of
  exceptions, which is fast and deterministic.
"""

from __future__ import annotations

import bisect
import functools
import math
import re

from numcheck.extract.numbers import new_claim
from numcheck.extract.words import trie_pattern
from numcheck.limits import checkpoint
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

#: Approximate qualifiers that put the true value at or below the figure ("nearly 30 years" is
#: within the approximate tolerance below 30, not above it).
_SHORT_OF = frozenset({"nearly", "almost"})

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



_OVER_STOPS = frozenset("across in at from of to by for with on than".split())


def _over_across(before: str) -> bool:
    """True when "over" follows a figure and up to three words of its phrase ("14,860 fans over 17
    games", "£2m over three years"): over the figure's span, not "more than" it. Words are read
    from the end of a short window, so the cost is bounded whatever the text."""
    words = before[-60:].split()[-4:]
    for w in reversed(words):
        if any(ch.isdigit() for ch in w):
            return True
        if w.lower() in _OVER_STOPS:
            return False
    return False

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
# Up to six words may stand between the noun and the phrase: "1,000 prisoners to be handed over
# by each side".
# The phrases form a character trie (one group, looked up in _SCOPE_OF afterwards): re tries
# the phrase list at every word of the window, and a trie rejects a word in a step or two.
_SCOPE_OF = {p: s for s, ps in SCOPE_PHRASES.items() for p in ps}
_SCOPE_AFTER_RE = re.compile(
    r"(?<![\s\u00a0])(?:[\s\u00a0]+[A-Za-z][\w'’-]*){0,6}?[\s\u00a0,]+("
    + trie_pattern(_SCOPE_OF).replace(r"\ ", r"[\s\u00a0]+")
    # "$40 million a year earlier", "a week ago": a time back, not a rate
    + r")\b(?![\s\u00a0]+(?:earlier|ago|before|later|after)\b)",
    re.IGNORECASE,
)
_SCOPE_BEFORE_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{s}>{_alt(ps)})" for s, ps in _SCOPE_BEFORE.items())
    + r")[\s\u00a0]+(?:(?:about|around|some|nearly|more than|at least|over|up to)[\s\u00a0]+)?$",
    re.IGNORECASE,
)
# Every pattern matched at a claim's end opens with (?<!\s): it is only ever tried right after the
# number, and the guard keeps a scan over a long run of spaces linear.
_NP_RE = re.compile(
    r"(?<![\s\u00a0])[\s\u00a0]+(?:of[\s\u00a0]+(?:(?:the|all|its|their|those|these)[\s\u00a0]+)?)?"
    r"([A-Za-z][\w’'-]*(?:[\s\u00a0][A-Za-z][\w’'-]*){0,3})"
)
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
    "loaves": "loaf", "hooves": "hoof", "halves": "half", "oxen": "ox", "dice": "die",
    "data": "data", "media": "media", "series": "series", "species": "species", "news": "news",
    "aircraft": "aircraft", "personnel": "personnel", "troops": "troop", "crises": "crisis",
    "analyses": "analysis", "bases": "base", "cases": "case", "houses": "house", "courses": "course",
    "theses": "thesis", "hypotheses": "hypothesis", "diagnoses": "diagnosis", "oases": "oasis",
    "gases": "gas", "criteria": "criterion", "phenomena": "phenomenon", "valves": "valve",
    "sheep": "sheep", "fish": "fish", "deer": "deer", "cattle": "cattle", "quizzes": "quiz",
}
# Singular nouns in -us (their plural drops "es": "buses" → "bus"), and words whose plural in -es
# only adds "s" although the suffix rules below would cut more.
_US_STEMS = ("bus", "virus", "bonus", "campus", "census", "status", "genius", "octopus", "circus",
             "prospectus", "apparatus", "consensus", "stimulus", "surplus", "focus", "chorus")
_ADD_S = frozenset(
    """shoes canoes oboes toes foes hoes tiptoes horseshoes
    movies cookies calories zombies rookies hippies pixies goalies aunties brownies selfies
    smoothies hoodies newbies freebies techies pies lies ties dies species
    headaches caches moustaches mustaches earaches toothaches backaches avalanches niches quiches
    causes clauses pauses abuses excuses fuses ruses muses uses refuses accuses blouses spouses
    prizes sizes mazes blazes breezes dozes""".split()
)
# Nouns ending in -men that are singular.
_MEN_SINGULAR = frozenset("specimen specimens abdomen abdomens regimen regimens omen omens amen stamen "
                          "hymen acumen".split())
_NO_SUBJECT_KINDS = frozenset({"date", "year", "time"})
# _NP_RE needs whitespace right after the number (the "" of the end of the text never matches).
_SPACE_CHARS = frozenset(" \t\n\r\u00a0\u2009\u202f\u2007\f\v\x1c\x1d\x1e\x1f\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u2028\u2029\u205f\u3000")
_NON_NEGATIVE = frozenset({"count", "money", "percent", "age", "duration", "ordinal", "range"})

# Words that, right after a figure, show it has no noun of its own ("300 went", "34 voted",
# "45 outside"): common verbs (past and base forms) and adverbs and prepositions that _STOP
# does not already hold. Participles in -ed/-ing are recognised by their ending.
_VERBISH = frozenset(
    """went came left fled died fell rose won lost got made took gave ran saw said stood sat held
    kept met paid sent spent sold told became began brought bought built caught chose drew drove
    ate flew froze grew hid hit hurt knew laid led lent let lay meant put quit rode rang sang sank
    shot shut slept spoke stole struck swam swore taught thought threw understood woke wore wrote
    go goes come comes die remain stay live work vote say think believe support oppose join leave
    return appear seem want need face fear attend survive escape receive get make take give see
    went back home away abroad overseas outside inside nearby upstairs downstairs instead too
    alone apiece altogether together here there now today yesterday tomorrow tonight ago
    respectively apart aboard ashore inland offshore onboard""".split()
)
# Nouns ending in -ly, which the adverb test below must let through ("one family").
_LY_NOUNS = frozenset("family ally assembly supply rally anomaly reply belly monopoly bully jelly lily "
                      "fly butterfly homily folly tally gully italy sally emily july".split())
_ED_NOUNS = frozenset("bed beds shed sheds seed seeds speed speeds need needs breed breeds creed "
                      "weed weeds feed feeds steed reed reeds deed deeds red hundred".split())
# "Of the 500 seats, 300 went ...": the noun of the whole right before a bare part.
_OF_WHOLE_BEFORE = re.compile(
    r"\b(?:of|out\s+of|among)\s+(?:the|these|those|its|their|all)\s+[\d,.]+\s+(?:[A-Za-z][\w'-]*\s+){0,2}?"
    r"([A-Za-z][\w'-]*),\s*$",
    re.IGNORECASE,
)
# A party as the subject of the clause before the number, up to eight words before it, with no
# clause break or subordinating word in between: "each side agreed to hand over about 1,000".
_PARTY = r"(?:side|country|party|nation|army|team|camp|government|state|delegation)"
_PARTIES = r"(?:sides|countries|parties|nations|armies|teams|camps|governments|states|delegations)"
_PER_SIDE_BEFORE = re.compile(
    rf"\b(?:(?P<each>each|either)\s+{_PARTY}|(?P<both>both)\s+{_PARTIES})\b"
    r"(?![\w'’])(?:[\s\u00a0]+(?!(?:after|when|while|as|because|before|since|which|who|that|if|and|but)\b)"
    r"[A-Za-z][\w'’-]*){0,8}[\s\u00a0]+(?:(?:about|around|some|nearly|almost|roughly|more\s+than|"
    r"at\s+least|over|up\s+to)[\s\u00a0]+)?$",
    re.IGNORECASE,
)
_EACH_AFTER = re.compile(r"(?<![\s\u00a0])(?:[\s\u00a0]+[A-Za-z][\w'’-]*){0,2}?[\s\u00a0]+(?:each|apiece)\b", re.IGNORECASE)


def lemma(word: str) -> str:
    """The singular, lower-case form of a noun ("detainees" → "detainee", "cities" → "city",
    "buses" → "bus", "wolves" → "wolf", "heroes" → "hero", "policemen" → "policeman")."""
    w = word.lower()
    if "’" in w:
        w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    irregular = _IRREGULAR.get(w)
    if irregular is not None:
        return irregular
    if w.endswith("men") and len(w) > 4 and w not in _MEN_SINGULAR:
        return w[:-3] + "man"  # "policemen", "gunmen", "servicewomen"
    if w.endswith("children"):
        return w[:-3]  # "grandchildren"
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "ous")):
        return w
    if w in _ADD_S:
        return w[:-1]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("uses"):
        stem = w[:-2]
        return stem if stem.endswith(_US_STEMS) else w[:-1]
    if w.endswith(("sses", "shes", "ches", "xes", "zzes", "tzes", "oes")):
        return w[:-2]
    if w.endswith("lves"):
        return w[:-3] + "f"  # "wolves", "shelves", "calves"
    return w[:-1]


def _widen(value: float, sign: int) -> float:
    """``value`` moved by the approximate tolerance, to 12 significant digits: ``12,000 × 1.1``
    is 13,200, not the 13200.000000000002 binary floating point makes of it."""
    x = value * (1 + sign * APPROX_TOLERANCE)
    return float(f"{x:.12g}") if math.isfinite(x) else x


def _interval(kind: str, value: float | None, qualifier: str) -> tuple[float | None, float | None]:
    if value is None or value != value:
        return None, None
    floor = 0.0 if kind in _NON_NEGATIVE and value >= 0 else -math.inf
    if qualifier == "approx":
        a, b = _widen(value, -1), _widen(value, 1)
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
    if kind != "percent" and m.start(1) - end > 2 and text[end:m.start(1)].strip().lower().startswith("of"):
        return None
    head = None
    first = True
    participle = False
    for w in _WORD_RE.findall(m.group(1)):
        lw = w.lower()
        if lw in _STOP:
            break
        if first:
            first = False
            if lw in _VERBISH:
                return None  # "300 went", "45 outside": the figure names no noun of its own
            if (lw.endswith("ed") and lw not in _ED_NOUNS) or lw.endswith("ing") or (
                lw.endswith("ly") and lw not in _LY_NOUNS
            ):
                # "34 voted against", "300 living in tents", "20 only": a verb or adverb unless a
                # plural noun follows ("300 armed men", "40 flying squads")
                participle = True
                continue
        elif head is not None and (lw in _VERBISH or (lw.endswith("ed") and lw not in _ED_NOUNS)):
            break  # "one ship returned": the verb after a singular noun ends the phrase
        lem = _lemma_cached(w)
        if lem != lw.replace("’", "'"):
            return lem  # the first plural closes the phrase: "Ukrainian citizens were ..."
        if participle:
            return None
        head = lem
    return None if participle else head


# lemma() is pure and news reuses its nouns; the C-level cache answers a repeat in ~0.1 µs.
_lemma_cached = functools.lru_cache(maxsize=1 << 15)(lemma)
# Where a per-side party phrase may begin ("each side", "Both countries", "either party"):
# found once per text with str.find, so that most claims skip the party regex.
_PARTY_HINTS = ("ach ", "oth ", "ither ")


def _party_hints(text: str) -> list[int]:
    out: list[int] = []
    for hint in _PARTY_HINTS:
        i = text.find(hint)
        while i >= 0:
            out.append(i)
            i = text.find(hint, i + 1)
    out.sort()
    return out


def annotate(text: str, claims: list[Claim], sentence_starts: list[int]) -> list[Claim]:
    """Fill ``sentence``, ``qualifier``, ``low``/``high``, ``scope`` and ``subject`` of each claim.

    Pure: returns new claims in the same order. Works for every kind, dates included (dates get
    a sentence, a qualifier and an interval over their year value, never a subject).
    """
    out: list[Claim] = []
    append = out.append
    n = len(text)
    starts = sentence_starts or [0]
    nstarts = len(starts)
    si, last_start = 0, -1
    s_begin, s_end = starts[0], (starts[1] if nstarts > 1 else n)
    qual_search, qual_endings = _QUAL_RE.search, _QUAL_ENDINGS
    scope_after, scope_endings = _SCOPE_AFTER_RE.match, _SCOPE_BEFORE_ENDINGS
    hints = _party_hints(text)
    bisect_left = bisect.bisect_left
    for c in claims:
        checkpoint()
        cs, ce, kind = c.start, c.end, c.kind
        if cs < last_start:
            # claims out of order: look the sentence up afresh
            si = max(bisect.bisect_right(starts, cs) - 1, 0)
            s_begin, s_end = starts[si], (starts[si + 1] if si + 1 < nstarts else n)
        while cs >= s_end and si + 1 < nstarts:
            si += 1
            s_begin, s_end = starts[si], (starts[si + 1] if si + 1 < nstarts else n)
        last_start = cs
        before = text[max(s_begin, cs - 40):cs]
        qualifier = c.qualifier
        tail = before.rstrip().lower()
        short = False  # "nearly"/"almost": at most the value
        if tail.endswith(qual_endings) and kind not in ("ordinal", "date", "time"):
            m = qual_search(before)
            if m:
                qualifier = m.lastgroup or "exact"
                short = qualifier == "approx" and m.group(0).strip().lower() in _SHORT_OF
                if qualifier == "more_than" and m.group(0).strip().lower() == "over" and (
                        kind in _NO_SUBJECT_KINDS or _over_across(before[:m.start()])):
                    # "averaged 14,860 fans over 17 home games", "£2m over three years": over
                    # the figure's span, not more than it
                    qualifier = "exact"
        low, high = c.low, c.high
        if kind == "range" and low is not None:
            if qualifier == "approx":
                low, high = _widen(low, -1), _widen(high, 1)
        elif qualifier == "exact" and low is None:
            value = c.value
            low = high = value if value == value else None  # NaN marks an unreadable number
        elif low is None or high is None or qualifier != "exact":
            low, high = _interval(kind, c.value, qualifier)
        if short and high is not None and c.value is not None and c.value >= 0:
            # "nearly 30 years" is 27 to 30, never 33: the writer would not say "nearly" of 31
            high = c.high if kind == "range" and c.high is not None else c.value
        scope = c.scope
        subject = c.subject
        if kind not in _NO_SUBJECT_KINDS:
            limit = ce + 60 if ce + 60 < s_end else s_end
            ms = scope_after(text, ce, limit)
            if ms:
                scope = _SCOPE_OF[" ".join(ms.group(1).lower().split())]
            elif tail.endswith(scope_endings):
                mb = _SCOPE_BEFORE_RE.search(before)
                if mb:
                    scope = mb.lastgroup
            if hints and (scope is None or scope == "each"):
                # "each side agreed to hand over 1,000", "both sides will release 500 each"
                lo = cs - 90 if cs - 90 > s_begin else s_begin
                k = bisect_left(hints, lo)
                if k < len(hints) and hints[k] < cs:
                    mp = _PER_SIDE_BEFORE.search(text, lo, cs)
                    if mp and (mp.group("each") or scope == "each" or _EACH_AFTER.match(text, ce, limit)):
                        scope = "per_side"
            if subject is None and text[ce:ce + 1] in _SPACE_CHARS:
                subject = _subject(text, ce, ce + 50 if ce + 50 < s_end else s_end, kind)
            if subject is None and kind == "count" and tail.endswith(","):
                mo = _OF_WHOLE_BEFORE.search(before)
                if mo:
                    lem = lemma(mo.group(1))
                    if lem != mo.group(1).lower():
                        subject = lem  # only a plural noun names the whole's members
        append(new_claim(cs, ce, c.text, kind, c.value, low, high, c.unit, qualifier, scope, subject,
                         c.date, si, c.boilerplate, c.relative, c.block))
    return out
