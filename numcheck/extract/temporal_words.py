"""Word tables and regex fragments shared by the temporal scanner.

Kept apart from :mod:`numcheck.extract.temporal` so the scanner module holds only the master
pattern and the per-match logic.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_UNIT_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TEEN_ORD = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

#: Spelled day-of-month words → day number (1–31). Lone cardinals below ten are left out on
#: purpose: "May one day..." is not a date.
DAY_WORDS: dict[str, int] = {}
for _i, _w in enumerate(_UNIT_ORD, 1):
    DAY_WORDS[_w] = _i
for _i, _w in enumerate(_TEENS, 10):
    DAY_WORDS[_w] = _i
for _i, _w in enumerate(_TEEN_ORD, 10):
    DAY_WORDS[_w] = _i
DAY_WORDS["twentieth"] = 20
DAY_WORDS["twenty"] = 20
DAY_WORDS["thirtieth"] = 30
DAY_WORDS["thirty"] = 30
for _i, _w in enumerate(_UNITS, 1):
    DAY_WORDS[f"twenty {_w}"] = 20 + _i
for _i, _w in enumerate(_UNIT_ORD, 1):
    DAY_WORDS[f"twenty {_w}"] = 20 + _i
DAY_WORDS["thirty one"] = 31
DAY_WORDS["thirty first"] = 31

#: Small cardinal words used as counts in "two years ago", "in three weeks".
COUNT_WORDS: dict[str, int] = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "a few": 3}
for _i, _w in enumerate(_UNITS, 1):
    COUNT_WORDS[_w] = _i
for _i, _w in enumerate(_TEENS, 10):
    COUNT_WORDS[_w] = _i
COUNT_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
COUNT_WORDS["a few"] = 3


_SEP = r"(?:[^\S\n]|-)+"


def alt(words) -> str:
    """A regex matching any of ``words`` (a space in a word matches spaces or hyphens).

    The alternation is emitted as a trie ("t(?:en(?:th)?|hird|...)") so a failing attempt costs
    one or two character tests instead of one per word; longer words are tried first at every
    branch point, as a longest-first alternation would.
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        end = "" in node
        kids = [k for k in node if k]
        if not kids:
            return ""
        parts = []
        for k in sorted(kids):
            atom = _SEP if k == " " else re.escape(k)
            parts.append(atom + emit(node[k]))
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def spelled_year(words: str) -> int | None:
    """Value of a spelled-out year ("nineteen eighty six", "two thousand and thirty two",
    "seventeen hundred thirty three", "nineteen oh five"); ``None`` if it is not one."""
    toks = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not toks:
        return None
    small = {w: i for i, w in enumerate(_UNITS, 1)}
    small.update({w: i for i, w in enumerate(_TEENS, 10)})

    def two(ts):
        # 0–99 from at most two words
        if not ts:
            return 0
        if len(ts) == 1:
            if ts[0] in small:
                return small[ts[0]]
            return _TENS.get(ts[0])
        if len(ts) == 2 and ts[0] in _TENS and ts[1] in small and small[ts[1]] < 10:
            return _TENS[ts[0]] + small[ts[1]]
        if len(ts) == 2 and ts[0] in ("oh", "o") and ts[1] in small and small[ts[1]] < 10:
            return small[ts[1]]
        return None

    if len(toks) >= 2 and toks[0] in small and toks[1] == "thousand":
        rest = two(toks[2:])
        return None if rest is None else small[toks[0]] * 1000 + rest
    if toks[0] in small and small[toks[0]] >= 10:
        century = small[toks[0]]
        rest_t = toks[1:]
        if rest_t and rest_t[0] == "hundred":
            rest_t = rest_t[1:]
        elif not rest_t:
            return None
        rest = two(rest_t)
        return None if rest is None else century * 100 + rest
    return None


_SMALL_NUM = alt(list(_UNITS) + _TEENS + list(_TENS))
#: A spelled-out year, for :func:`spelled_year` to validate.
SPELLED_YEAR_RE = (
    rf"(?:(?:one|two)[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:{_SMALL_NUM})(?:[\s-]+(?:{alt(_UNITS)}))?)?"
    rf"|(?:{alt(_TEENS)})[\s-]+(?:hundred[\s-]+(?:and[\s-]+)?)?(?:oh[\s-]+)?(?:{_SMALL_NUM})(?:[\s-]+(?:{alt(_UNITS)}))?)"
)
