"""The temporal scanner: dates, years, weekdays, clock times and relative dates in prose.

:func:`scan_temporal` finds "key" tokens with ``str.find`` (digit runs, month and weekday names,
unit words such as "year", "today", holiday names), tries at each key the branches of one
compiled pattern that can contain it, dispatches the match on the name of the branch that
matched, checks a few characters of context and resolves the result against the document date
with :mod:`numcheck.extract.temporal_calendar`. The same pattern tried at every word start
(:func:`_scan_exhaustive`) is the reference the keyed scan is tested against.

Claims produced
---------------
``date``  ``value`` = the year (float) or ``None``; ``date`` = ISO 8601 at the text's own
          granularity: ``"2025"``, ``"2025-05"``, ``"2025-05-07"`` or, for weeks, ``"2025-W21"``;
          ``unit`` ``None``.
``year``  a year on its own ("in 2024", "the 2022 invasion", "since '82"); ``value`` = the year,
          ``date`` = ``"2024"``. A year range "2012–13" gives two year claims, one per year,
          each spanning its own digits ("2012" and "13", the second with ``date`` ``"2013"``).
          A decade is a year claim over a period: "the 1990s" has ``value`` 1990, ``low``/``high``
          1990/1999 and ``date`` ``"199X"`` (ISO 8601-2's unspecified digit); "the 1800s" covers
          1800–1899 (``"18XX"``).
``time``  a clock time ("10 a.m.", "10:30", "noon", "1700 UTC"); ``value`` = hours since midnight (10.5),
          ``unit`` ``"hour"``, ``date`` = the date of an adjacent date expression ("Friday at
          10 a.m.", "3pm today") when there is one.

What is relative
----------------
``relative`` is true whenever any field of the resolved date came from the reference date.
Resolved values below are for a reference date of Friday 2025-05-23:

=====================================================  =========  ==============================
expression                                             relative   resolved
=====================================================  =========  ==============================
"7 May 2025", "May 7, 2025", "2025-05-07", "5/7/25"    no         2025-05-07
"Monday, April 8, 2025" (weekday + full date)          no         2025-04-08
"May 7–9, 2025" (a day range)                          no         2025-05-07 and 2025-05-09
"February 2022", "May of 2022"                         no         2022-02 / 2022-05
"in 2024", "since '82", "2012–13"                      no         2024 / 1982 / 2012 and 2013
"Christmas 2019", "Easter of 2018"                     no         2019-12-25 / 2018-04-01
"May 7", "7 May", "the 4th of July", "Oct/2"           yes        2025-05-07 / ... / 2024-10-02
"in October", "since November", "early June"           yes        2024-10 / 2024-11 / 2025-06
"October of next year", "last September"               yes        2026-10 + 2026 / 2024-09
"Friday", "on Friday"                                  yes        2025-05-23
"last Friday", "next Friday", "this Friday"            yes        2025-05-16 / 2025-05-30 / -23
"this past Friday", "this coming Friday"               yes        2025-05-16 / 2025-05-30
"Tuesday of next week", "next week on Monday"          yes        2025-05-27 / 2025-05-26
"Monday 21", "on the 18th"                             yes        2025-04-21 / 2025-05-18
"today", "tonight", "earlier today", "this morning"    yes        2025-05-23
"yesterday", "tomorrow"                                yes        2025-05-22 / 2025-05-24
"the day before yesterday", "the day after tomorrow"   yes        2025-05-21 / 2025-05-25
"to end the day", "for the day", "late in the day"     yes        2025-05-23 (the span "the day")
"two years ago", "a week ago"                          yes        2023-05-23 / 2025-05-16
"in three weeks", "3 days from now"                    yes        2025-06-13 / 2025-05-26
"3 days after January 12th, 2017"                      no         2017-01-15
"2 weeks before Christmas"                             yes        2024-12-11
"this week", "last week", "next week"                  yes        2025-W21 / 2025-W20 / 2025-W22
"this month", "last month", "earlier this month"       yes        2025-05 / 2025-04 / 2025-05
"this year", "last year", "next year"                  yes        2025 / 2024 / 2026
"the end of last year", "later this year"              yes        2024 / 2025
"Christmas", "last Easter", "Thanksgiving"             yes        2024-12-25 / 2025-04-20 / ...
=====================================================  =========  ==============================

A bare "May 7", a bare month or a bare holiday resolves to the nearest occurrence, future
distances counted double, unless a tense cue earlier in the same sentence asks for the future
("will", "until", "scheduled", "due", "to be": within about six months) or the past ("was",
"began", "since", a regular "-ed" verb: within a year); see
:mod:`numcheck.extract.temporal_calendar`. A bare weekday is the latest such day on or before
the reference date, or the next one (0–6 days ahead) when a future cue is present. Arithmetic offsets
("two years ago", "in 3 months") are kept at day precision, the convention of the reference
taggers; checks should treat any ``relative`` date as approximate.

Without a reference date, anything that needs one is still claimed, with ``relative=True``,
``date=None`` and, unless the text gives the year, ``value=None``; "May 7, 2025" and "in 2024"
resolve fully either way.

Not claimed (deliberately): dates that do not exist ("February 30, 2025", "the 45th of May",
year 0 or 99999 — no claim, never an exception); a four-digit number followed by a plural
noun or unit ("2,000 prisoners", "2000 people", "2024 votes", "1500 km"), which the number
scanner owns; vague spans ("in recent days", "a few days ago", "the past year");
anchors that are narrative rather than the document date ("three weeks later", "the next day",
"the day before"); seasons; lunar holidays; ambiguous national days
("Independence Day"); a holiday name followed by a capitalised word ("Easter Island"); bare
weekday abbreviations ("Sun", "Wed") unless a day number or month follows them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

from numcheck.extract import temporal_calendar as cal
from numcheck.extract.temporal_words import (
    COUNT_WORDS,
    DAY_WORDS,
    MONTHS,
    SPELLED_YEAR_RE,
    WEEKDAYS,
    alt,
    spelled_year,
)
from numcheck.limits import checkpoint
from numcheck.model import Claim

__all__ = ["scan_temporal"]

# ---------------------------------------------------------------------------------------------
# Pattern fragments. Month and weekday names are matched case-insensitively except where a
# lower-case form is an ordinary English word ("may", "sun", "sat", "wed", "mar").
# ---------------------------------------------------------------------------------------------
_NW = r"(?![A-Za-z])"
_MON = (
    rf"(?:(?i:{alt(w for w in MONTHS if w not in ('may', 'mar'))})|May|MAY|Mar|MAR|mar(?=\d))" + _NW
)
_MONCAP = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Sept\.|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.|Dec\.)"
)
_WDFULL = rf"(?i:{alt(w for w in WEEKDAYS if len(w) > 5)})"
_WDABBR = rf"(?:{alt(w.capitalize() for w in WEEKDAYS if len(w) <= 5)})"
_WD = rf"(?:{_WDFULL}|{_WDABBR}){_NW}"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?(?![A-Za-z\d])"
_DAYORD = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?![A-Za-z\d])"
_DAYW = rf"(?i:{alt(DAY_WORDS)})" + _NW
_SPY = rf"(?i:{SPELLED_YEAR_RE})" + _NW


def _year_part(n: str) -> str:
    # a year after a day: ", 2025" / " 2025" / " of 1995" / " in 2020" / " '82" / " of 87" / spelled
    return (
        rf"(?:(?:[^\S\n]*,[^\S\n]*|[^\S\n]+)(?:(?:of|in)[^\S\n]+)?(?:(?P<{n}>[12]\d{{3}})(?!\d|,\d|\.\d)"
        rf"|['’](?P<{n}a>\d{{2}})(?![\w'’])|(?P<{n}s>{_SPY}))|[^\S\n]+of[^\S\n]+(?P<{n}b>\d{{2}})(?!\d))?"
    )


_RANGE_TAIL = r"(?:[^\S\n]*[-–—][^\S\n]*|[^\S\n]+(?:to|through|and)[^\S\n]+)"
_WDPRE = rf"(?:(?:this|next|last|coming)[^\S\n]+)?"
# "next 6th of April", "this 5/12": a modifier on a month and day picks the occurrence
_DATE_MOD = r"(?i:next|last|this)"

_BRANCHES = [
    # weekday tied to a relative week: "tuesday of next week", "next week on Monday"
    ("RWW", rf"(?P<rww>{_WD})[^\S\n]+(?:of[^\S\n]+)?(?:the[^\S\n]+)?(?P<rwwm>next|last|this|previous|following|coming)[^\S\n]+week{_NW}"),
    ("RWK", rf"(?P<rwkm>(?i:next|last|this|previous|following))[^\S\n]+week[^\S\n]*[-,]?[^\S\n]*(?:on[^\S\n]+)?(?P<rwkd>{_WD})"),
    # month first: "May 7", "Monday, April 8, 2025", "Dec. 31 , 1994", "October, 1st", "May twenty nine"
    ("MD", rf"(?:{_WDPRE}(?P<mdw>{_WD})\.?,?[^\S\n]*[-(]?[^\S\n]*|(?P<mdx>{_DATE_MOD})[^\S\n]+)?(?P<mdm>{_MON})(?:\.?[^\S\n]*(?:the[^\S\n]+)?(?P<mdd>{_DAYNUM})"
           rf"(?:{_RANGE_TAIL}(?P<mde>(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?(?![A-Za-z\d]))(?=[^\S\n]*[,.;:)!?]|[^\S\n]*$|,?[^\S\n]+[12]\d{{3}}))?"
           rf"|\.?,[^\S\n]*(?P<mdo>{_DAYORD})|\.?[^\S\n]+(?:the[^\S\n]+)?(?P<mddw>{_DAYW}))" + _year_part("mdy")),
    # day first: "7 May 2025", "the 4th of July", "twenty third day of September"
    ("DM", rf"(?:{_WDPRE}(?P<dmw>{_WD})\.?,?[^\S\n]+|(?P<dmx>{_DATE_MOD})[^\S\n]+)?(?P<dmthe>the[^\S\n]+)?(?:(?P<dmd>{_DAYNUM})|(?P<dmdw>{_DAYW}))"
           rf"(?:[^\S\n]+day)?[^\S\n]+(?P<dmof>of[^\S\n]+)?(?P<dmm>{_MON})\.?" + _year_part("dmy")),
    # month name mixed with numbers: "05-Aug-2016", "2019/aug/01", "Oct/2", "Friday-Jun-15"
    ("MIX", rf"(?:{_WDPRE}(?P<xw>{_WD})(?:[^\S\n]|[,(-])+)?(?P<mix>(?:\d{{1,4}}[-/]){{1,2}}{_MON}(?:[-/]\d{{1,4}})?"
            rf"|{_MON}(?:[-/]\d{{1,4}}){{1,2}})(?![\w/-])"),
    # ISO and other all-numeric forms
    ("ISO", r"(?P<isy>[12]\d{3})(?P<iss>[-/.])(?P<ism>1[0-2]|0?[1-9])(?P=iss)(?P<isd>[12]\d|3[01]|0?[1-9])(?![\d])"
            r"|(?P<isy2>[12]\d{3}) (?P<ism2>0[1-9]|1[0-2]) (?P<isd2>0[1-9]|[12]\d|3[01])(?!\d)"
            r"|(?P<cmp>(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)"),
    ("NUM", rf"(?:{_WDPRE}(?P<nw>{_WD})\.?,?[^\S\n]+|(?P<nx>{_DATE_MOD})[^\S\n]+)?(?P<na>\d{{1,2}})(?P<ns>[/.-])(?P<nb>\d{{1,2}})"
            r"(?:(?P=ns)(?P<nc>\d{4}|\d{2}))?(?![\d/]|[.,-]\d|[^\S\n]?%)"),
    # year ranges and year-month: "2012–13", "2019/20", "1990-1995", "2025-05"
    ("YR", r"(?P<yra>[12]\d{3})(?P<yrs>[^\S\n]*[-–—/][^\S\n]*)(?P<yrb>\d{4}|\d{2})(?![\d%]|[.,]\d)"),
    # month + year: "February 2022", "May of 2022", "October of next year"
    ("MY", rf"(?P<mym>{_MON})\.?,?[^\S\n]+(?:of[^\S\n]+)?(?:(?P<myb>\[)?(?P<myy>[12]\d{{3}})(?(myb)\])(?!\d|,\d|\.\d)|(?P<myr>next|last|this)[^\S\n]+year{_NW})"),
    ("HOL", rf"(?:(?P<hm>(?i:last|next|previous|following|this))[^\S\n]+)?(?P<hol>(?i:christmas[^\S\n]+eve|christmas(?:[^\S\n]+day)?|easter[^\S\n]+monday|easter(?:[^\S\n]+sunday)?"
            rf"|good[^\S\n]+friday|thanksgiving(?:[^\S\n]+day)?|black[^\S\n]+friday|cyber[^\S\n]+monday|new[^\S\n]+year['’]?s[^\S\n]+eve"
            rf"|new[^\S\n]+year['’]?s(?:[^\S\n]+day)?|new[^\S\n]+year[^\S\n]+day|halloween|valentine['’]?s[^\S\n]+day|st\.?[^\S\n]+patrick['’]?s(?:[^\S\n]+day)?"
            rf"|saint[^\S\n]+patrick['’]?s?(?:[^\S\n]+day)?|earth[^\S\n]+day|international[^\S\n]+workers['’]?[^\S\n]+day|juneteenth|boxing[^\S\n]+day"
            rf"|veterans['’]?[^\S\n]+day|armistice[^\S\n]+day|bastille[^\S\n]+day|canada[^\S\n]+day|australia[^\S\n]+day|memorial[^\S\n]+day"
            rf"|labou?r[^\S\n]+day|martin[^\S\n]+luther[^\S\n]+king(?:[^\S\n]+jr\.?)?[^\S\n]+day|father['’]?s[^\S\n]+day)|New[^\S\n]+Year|May[^\S\n]+Day){_NW}"
            rf"(?:[^\S\n]+(?:of[^\S\n]+)?(?:(?P<hy>[12]\d{{3}})(?!\d|,\d)|(?:the[^\S\n]+)?(?P<hr>this|last|next)[^\S\n]+year{_NW}))?"),
    # weekday + day of month without a month: "Monday 21", "Mon 13th", "tuesday the eleventh"
    ("WDD", rf"(?P<wdd>{_WD})\.?,?[^\S\n]+(?:the[^\S\n]+)?(?:(?P<wddn>{_DAYNUM})|(?P<wddw>{_DAYW}))(?![^\S\n]+[a-z]|[^\S\n]*[-–][^\S\n]*\d)"),
    ("RWD", rf"(?P<rwm>(?i:this[^\S\n]+past|this[^\S\n]+coming|this[^\S\n]+upcoming|past|coming|upcoming|next|last|previous|following|this))"
            rf"[^\S\n]+(?P<rwd>{_WD})(?!s)"),
    ("WK", rf"(?P<wk>{_WDFULL}|{_WDABBR})(?![\w-]|['’](?!s\b))(?!\.\w)"),
    # a bare ordinal day after a preposition: "on the 18th.", "until the 4th"
    ("ODM", r"(?i:on|by|until|till|from|since)[^\S\n]+(?:the[^\S\n]+)?(?P<odm>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))"
            r"(?=[^\S\n]*(?:[.,;:!?)\-–—]|$)|[^\S\n]+(?:at|and|or)\b)"),
    # "the day" of a market or court report: "to end the day", "for the day", "late in the day"
    ("TDAY", r"(?i:end(?:s|ed|ing)?|finish(?:es|ed|ing)?|clos(?:e|es|ed|ing)|for|of|(?:late|later|early|earlier)[^\S\n]+in|during)"
             r"[^\S\n]+(?P<tday>the[^\S\n]+day)(?![\w-])(?![^\S\n]+(?:before|after|of|when|that|he|she|they|it)\b)"),
    ("RD", r"(?P<rd>(?i:the[^\S\n]+day[^\S\n]+(?:before|after)[^\S\n]+)?(?:(?i:earlier|later)[^\S\n]+)?(?i:today|tonight|tomorrow|tmrw|yesterday)"
           r"|(?i:this)[^\S\n]+(?:morning|afternoon|evening))(?![\w'’]*-)" + _NW),
    ("AGO", rf"(?P<ago>(?P<agon>\d{{1,3}}|(?i:{alt(w for w in COUNT_WORDS if w not in ('a few', 'a couple of'))}))[^\S\n]+"
            r"(?P<agou>(?i:days?|weeks?|fortnights?|months?|years?|decades?))"
            r"(?P<agox>(?:[^\S\n]*(?:,|and)[^\S\n]*(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)[^\S\n]+(?i:days?|weeks?|months?|years?))*)"
            r"[^\S\n]+(?:(?P<agoa>ago)|(?P<agof>from|after|before)[^\S\n]+(?P<agoanc>now|today|tomorrow|tmrw|yesterday)))" + _NW),
    ("IN", rf"(?i:in)[^\S\n]+(?P<inn>\d{{1,3}}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))[^\S\n]+"
           r"(?P<inu>(?i:days?|weeks?|fortnights?|months?|years?))(?:['’]s?[^\S\n]+time)?" + _NW),
    ("PER", r"(?P<per>(?P<pmod>(?i:earlier|later|early|late|mid-?)[^\S\n]+(?:this|last|next)"
            r"|(?i:the[^\S\n]+)?(?:end|start|beginning|middle|rest|remainder|close)[^\S\n]+of[^\S\n]+(?:this|last|next|the)"
            r"|(?i:this|last|next))[^\S\n]+(?P<pu>week|month|year))(?![\w-])"),
    ("BM", rf"(?P<bm>{_MONCAP})(?![\w'’-])"),
    ("YEAR", r"(?P<yr>1[1-9]\d\d|2[01]\d\d|[01]\d[0-5]\d(?=[^\S\n]*(?:UTC|GMT|Z\b|hours|hrs)))(?![\d%A-Za-z])(?![.,]\d)"),
    ("APY", r"['’](?P<apy>\d\d)(?![\w'’])"),
    ("T12", r"(?P<th>[01]?\d)(?:[:.](?P<tm>[0-5]\d))?[^\S\n]*(?P<ap>[aApP])\.?[^\S\n]?[mM]\.?(?![A-Za-z])"),
    ("T24", r"(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?![\d:])"),
    ("TW", r"(?P<tw>(?i:noon|midnight|midday))(?![\w-])"),
    ("OC", r"(?P<oc>\d{1,2}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))[^\S\n]+o['’]clock"),
]

# Every branch must begin at a word start; one look-behind in front of the whole alternation is
# cheaper than one per branch.
@functools.lru_cache(maxsize=1)
def _exhaustive_patterns():
    """The whole alternation and each branch alone, for :func:`_scan_exhaustive` (compiled on
    first use: the keyed scan never needs them)."""
    master = re.compile(r"(?<![\w'’])(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in _BRANCHES) + ")")
    singles = [(name, re.compile(rf"(?<![\w'’])(?:{pat})")) for name, pat in _BRANCHES]
    return master, singles


_BRANCH_INDEX = {name: i for i, (name, _) in enumerate(_BRANCHES)}

# ---------------------------------------------------------------------------------------------
# Context tests (small compiled patterns applied to short windows).
# ---------------------------------------------------------------------------------------------
_FUTURE_CUE = re.compile(
    r"(?i)\b(?:will|shall|going\s+to|set\s+to|due|is\s+to|are\s+to|scheduled|planned|plans?\s+to"
    r"|expected|until|till|upcoming|next|should|would|won['’]t|to\s+be|to\s+(?:begin|start|open|resume|launch)|(?:may|might|could)\s+(?!have\b|not\b)be)\b"
    r"|['’]ll\b"
)
# past tense: a few irregular verbs and auxiliaries, and regular -ed forms (after the future
# test, so "scheduled"/"expected" never get here)
_PAST_CUE = re.compile(
    r"(?i)\b(?:was|were|had|did|came|began|begun|became|took|saw|said|told|won|lost|fell|rose|met|left|"
    r"held|made|went|gave|got|found|ran|since|ago|[a-z]{2,}ed)\b"
)
# a reporting verb in the past directly before the expression (optionally "on"): news reports
# speech after the fact ("Peskov said Thursday"); other verbs ("to be held on") may look ahead
_GOVERNING_PAST = re.compile(
    r"(?i)\b(?:said|told|announced|reported|confirmed|added|wrote|stated|claimed|declared)"
    r"\s+(?:on\s+)?$"
)
# a scheduling verb in the present directly before the expression: news writes the next event
# of a programme in the present ("A second hearing follows on Monday", "the trial opens
# Tuesday"), and such a present means the coming day, not the last one
_GOVERNING_PRESENT = re.compile(
    r"(?i)\b(?:follows|opens|begins|starts|resumes|reopens|reconvenes|kicks\s+off|takes\s+place|"
    r"gets\s+under\s*way)\s+(?:on\s+)?$"
)
_SENT_BREAK = re.compile(r"[.!?]\s|\n")
_BM_CUE = re.compile(
    r"(?i)(?:\b(?:in|since|until|till|by|from|during|through|throughout|between|before|after|early|late|"
    r"last|next|this|of\s+(?:early|late)|end\s+of|start\s+of|beginning\s+of|middle\s+of|as\s+of|and|or|to|"
    r"for|on|that)\s+|\bmid-?)$"
)
_YEAR_PRE_CUE = re.compile(
    r"(?i)(?:\b(?:in|since|until|till|by|from|during|through|between|before|after|early|late|of|for|"
    r"the|and|to|than|around|circa|c\.|season|fiscal|fy|class\s+of|spring|summer|autumn|fall|winter|"
    r"year|mid|pre|post|[a-z]+['’]s)[\s-]+|mid-)$"
)
_COUNT_PRE = re.compile(
    r"(?i)\b(?:about|some|nearly|almost|over|than|around|approximately|roughly|least|most|only|just|"
    r"up\s+to|estimated|total\s+of|all|these|those|with)\s+$"
)
_PREV_CAP = re.compile(r"(?<![\w'’])[A-Z][\w'’]*[^\S\n]+$")
_MILITARY_TIME = re.compile(r"[^\S\n]*(?:UTC|GMT|Z\b|hours\b|hrs\b)")
# a capitalised word after a holiday name makes it a place or an event: "Easter Island"
_HOLIDAY_NAME_NOT = re.compile(r"[^\S\n]+(?!Eve\b|Day\b|Sunday\b|Monday\b|Weekend\b)[A-Z][a-z]")
_PAIRED_COUNT = re.compile(r"\d[\d,]*[^\S\n]+[a-z]+s[^\S\n]+(?:against|versus|vs\.?|to|and|or)[^\S\n]+$")
# a lower-case word after a four-digit number that makes it a count or measurement, not a year
_AFTER_NUM_WORD = re.compile(r"\s+([a-z]+)")
_YEAR_PLURAL_OK = frozenset(
    "elections olympics games midterms playoffs finals championships polls levels figures results "
    "riots protests attacks floods fires talks negotiations primaries caucuses rules accords agreements "
    "accounts earnings sales statistics numbers prices rates models cars vehicles records hearings "
    "awards oscars grammys emmys nominations budgets plans filings standings rankings census "
    "sanctions reforms events attacks bombings killings shootings storms hurricanes seasons "
    "winter summer spring autumn fall".split()
)
# count nouns whose plural does not end in "s": "2000 people", "1500 men"
_COUNT_NOUNS = frozenset(
    "people men women children persons staff personnel police troops cattle sheep fish deer "
    "employees workers residents".split()
)
_UNITWORDS = frozenset(
    "km m cm mm kg g mg lb lbs mi ft yd ha mph kmh km/h mw gw kw kwh mwh gwh hp cc ml l gal bbl "
    "sq acres metres meters miles feet tonnes tons euros dollars pounds yen yuan rupees".split()
)
_WEEKDAY_NOT = re.compile(r"\s+(?:Times|Telegraph|Mirror|Express|Herald|Post|Mail|Star|Tribune|Independent|"
                          r"Night\b|School|Service|Morning\s+Herald|Age\b|Sport|People|Observer)")
_USA_TODAY = re.compile(r"(?:USA|U\.S\.A\.)\s+$")
_IN_EXCLUDE = re.compile(
    r"(?i)\b(?:first|time|times|\w+est|most|least|only|once|twice|never|since|than|for|over|within|"
    r"decade|record|rise|fall|increase|decline|drop|jump|growth|low|high|years?|months?|weeks?|days?)\W*$"
)

_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}


def _cue(text: str, start: int, end: int) -> str | None:
    """``"future"`` or ``"past"`` when a tense marker sits earlier in the same sentence, near the
    expression; a future marker wins over a past one."""
    lo = max(0, start - 70)
    left = text[lo:start]
    breaks = list(_SENT_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    # only the left context: in "announced Friday that it will..." the "will" belongs to a
    # subordinate clause
    # a past-tense verb right before the expression governs it: "Peskov said Thursday" even
    # after a quoted "the next meetings"
    if _GOVERNING_PAST.search(left):
        return "past"
    if _GOVERNING_PRESENT.search(left):
        return "future"
    # a future marker wins over a past one: in "should be completed in October" the participle
    # "completed" is no past tense, and "announced ... to be held on October 12" looks ahead
    if _FUTURE_CUE.search(left):
        return "future"
    if _PAST_CUE.search(left):
        return "past"
    return None


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _date_claim(text, s, e, y, m=None, d=None, relative=False) -> Claim:
    # y None means "could not resolve": the claim stays, unresolved
    if y is not None and not 1 <= y <= 9999:
        y = None  # "next year" in a 9999 document: no ISO date exists
    return Claim(s, e, text[s:e], "date", None if y is None else float(y), date=_iso(y, m, d), relative=relative)


def _day_claim(text, s, e, day: _dt.date | None, relative: bool) -> Claim:
    if day is None:
        return Claim(s, e, text[s:e], "date", None, relative=relative)
    return Claim(s, e, text[s:e], "date", float(day.year), date=day.isoformat(), relative=relative)


def _year_claim(text, s, e, y: int) -> Claim:
    return Claim(s, e, text[s:e], "year", float(y), date=f"{y:04d}")


def _daynum(tok: str) -> int:
    return int(tok.rstrip("stndrhSTNDRH"))


def _dayword(tok: str) -> int | None:
    return DAY_WORDS.get(re.sub(r"[\s-]+", " ", tok.lower()))


def _month(tok: str) -> int:
    return MONTHS[tok.rstrip(".").lower()]


def _weekday(tok: str) -> int:
    return WEEKDAYS[tok.rstrip(".").lower()]


def _year_from(m: re.Match, n: str, ref: _dt.date | None) -> int | None | bool:
    """The year of a ``_year_part`` group: an int, ``None`` if absent, ``False`` if invalid."""
    g = m.group(n)
    if g:
        return int(g)
    g = m.group(n + "a") or m.group(n + "b")
    if g:
        return cal.two_digit_year(int(g), ref)
    g = m.group(n + "s")
    if g:
        y = spelled_year(g)
        return y if y else False
    return None


def _full(text, s, e, y, mo, d, ref, cue_needed=True, mode: str | None = None) -> Claim | None:
    """A day-precision claim from fields that may lack the year.

    ``mode`` (from "next"/"last"/"this" before the date) picks the first occurrence after the
    reference date, the last one before it, or the one in its year.
    """
    if y is False:
        return None
    if y is not None:
        day = cal.safe_date(y, mo, d)
        if day is None:
            return None
        return _day_claim(text, s, e, day, False)
    if cal.safe_date(2000, mo, d) is None:  # 2000 is a leap year: any real month/day exists
        return None
    if ref is None:
        return _day_claim(text, s, e, None, True)
    if mode:
        mode = mode.lower()
        if mode == "this":
            day = cal.safe_date(ref.year, mo, d)
        else:
            step = 1 if mode == "next" else -1
            day = None
            for k in range(0, 9 * step, step):
                c = cal.safe_date(ref.year + k, mo, d)
                if c is not None and (c > ref if step > 0 else c < ref):
                    day = c
                    break
        return _day_claim(text, s, e, day, True)
    day = cal.resolve_month_day(ref, mo, d, _cue(text, s, e) if cue_needed else None)
    return _day_claim(text, s, e, day, True)


def _offset(ref: _dt.date, n: int, unit: str) -> _dt.date | None:
    unit = unit.lower().rstrip("s")
    try:
        if unit in _UNIT_DAYS:
            return ref + _dt.timedelta(days=n * _UNIT_DAYS[unit])
    except OverflowError:
        return None
    if unit == "month":
        return cal.add_months(ref, n)
    if unit == "year":
        return cal.add_years(ref, n)
    if unit == "decade":
        return cal.add_years(ref, 10 * n)
    return None


def _count(tok: str) -> int:
    if tok.isdigit():
        return int(tok)
    return COUNT_WORDS.get(re.sub(r"\s+", " ", tok.lower()), 1)


# ---------------------------------------------------------------------------------------------
# Branch handlers: each returns a list of claims (possibly empty) for one match.
# ---------------------------------------------------------------------------------------------


def _h_md(m, text, ref):
    s, e = m.span()
    mo = _month(m.group("mdm"))
    if m.group("mdd"):
        d = _daynum(m.group("mdd"))
    elif m.group("mdo"):
        d = _daynum(m.group("mdo"))
    else:
        d = _dayword(m.group("mddw"))
        if d is None:
            return []
    y = _year_from(m, "mdy", ref)
    if m.group("mde"):
        # "May 7–9, 2025": one claim per day, the second spanning only its number
        d2 = _daynum(m.group("mde"))
        e1 = m.end("mdd")
        first = _full(text, s, e1, y, mo, d, ref)
        if d2 <= d or first is None:
            return [first] if first else []
        s2 = m.start("mde")
        e2 = m.end("mdy") if m.group("mdy") else m.end("mde")
        if first.date and len(first.date) == 10:
            second = _full(text, s2, e2, int(first.date[:4]), mo, d2, ref)
            if second is not None and second.relative != first.relative:
                second = Claim(**{**second.to_dict(), "relative": first.relative})
        else:
            second = _full(text, s2, e2, y, mo, d2, ref)
        return [c for c in (first, second) if c]
    c = _full(text, s, e, y, mo, d, ref, mode=m.group("mdx"))
    return [c] if c else []


def _h_dm(m, text, ref):
    s, e = m.span()
    if m.group("dmd"):
        d = _daynum(m.group("dmd"))
    else:
        w = m.group("dmdw")
        d = _dayword(w)
        # "a second May election" is no date: a spelled ordinal needs "the ... of"
        if d is None or (not m.group("dmof") and not m.group("dmthe") and w.lower().endswith(("st", "nd", "rd", "th"))):
            return None
    if s > 0 and text[s - 1] in "$£€¥#" or text[max(0, s - 2):s] in ("$ ", "£ ", "€ "):
        return None  # "$12 December 27": the 12 is money
    if e == m.end("dmm") + 1 and text[e - 1] == "." and len(m.group("dmm")) > 4:
        e -= 1  # "the 6th of April." — the full stop ends the sentence, it abbreviates nothing
    if m.group("dmthe") and not m.group("dmw") and not m.group("dmx"):
        s = m.start("dmthe")
    c = _full(text, s, e, _year_from(m, "dmy", ref), _month(m.group("dmm")), d, ref, mode=m.group("dmx"))
    return [c] if c else []


def _h_mix(m, text, ref):
    s, e = m.span()
    parts = re.split(r"[-/]", m.group("mix"))
    mo = None
    nums = []
    for p in parts:
        if p.isdigit():
            nums.append(p)
        elif mo is None:
            mo = _month(p)
        else:
            return []
    if mo is None or not nums:
        return []
    y = d = None
    for p in nums:
        if len(p) == 4 and y is None:
            y = int(p)
        elif len(p) <= 2 and d is None:
            d = int(p)
        else:
            return []
    if d is None:
        return [_date_claim(text, s, e, y, mo)] if y else []
    if len(nums) == 2 and y is None:
        return []
    c = _full(text, s, e, y, mo, d, ref)
    return [c] if c else []


def _h_iso(m, text, ref):
    s, e = m.span()
    if m.group("cmp"):
        g = m.group("cmp")
        y, mo, d = int(g[:4]), int(g[4:6]), int(g[6:])
    elif m.group("isy2"):
        y, mo, d = int(m.group("isy2")), int(m.group("ism2")), int(m.group("isd2"))
    else:
        y, mo, d = int(m.group("isy")), int(m.group("ism")), int(m.group("isd"))
    day = cal.safe_date(y, mo, d)
    return [_day_claim(text, s, e, day, False)] if day else []


# A lower-case word right after a number ("1.4 metres", "2.5 per"): the number is a measure.
_WORD_AFTER = re.compile(r"[^\S\n]+(?!at\b|on\b|in\b|and\b|or\b|to\b)[a-z]{2,}")


def _h_num(m, text, ref):
    s, e = m.span()
    if s > 0 and text[s - 1] in "$£€#/.-":
        return None
    a, b, c = m.group("na"), m.group("nb"), m.group("nc")
    sep = m.group("ns")
    wd = m.group("nw")
    before = text[max(0, s - 4):s].lower()
    on = before.endswith("on ") or before.endswith("by ")
    if sep in ".-" and not (wd or c or (sep == "." and on)):
        return None
    if m.group("nx") and sep != "/":
        return None  # "this 2.5 percent" is no date
    if sep == "/" and not (wd or c or on or m.group("nx") or len(a) == 2 or len(b) == 2):
        return None
    if c is None and sep == "." and not wd and not on:
        return None
    if c is None and sep in ".-" and _WORD_AFTER.match(text, e):
        return None  # "on Monday, 1.4 metres above": a decimal before its unit, not a date
    ia, ib = int(a), int(b)
    if ia > 12 and ib <= 12:
        d, mo = ia, ib
    else:
        mo, d = ia, ib
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    y = None
    if c is not None:
        y = int(c) if len(c) == 4 else cal.two_digit_year(int(c), ref)
    if y is not None and cal.safe_date(y, mo, d) is None:
        return []  # "2/29/2019": a real-looking date that does not exist
    cl = _full(text, s, e, y, mo, d, ref, mode=m.group("nx"))
    return [cl] if cl else []


def _h_yr(m, text, ref):
    s = m.start()
    a = int(m.group("yra"))
    b = m.group("yrb")
    if not _year_ok(text, s, m.end("yra"), a, pre_only=True):
        return None
    sep = m.group("yrs").strip()
    if len(b) == 2:
        full_b = a // 100 * 100 + int(b)
        if full_b > a:
            return [_year_claim(text, s, m.end("yra"), a), _year_claim(text, m.start("yrb"), m.end("yrb"), full_b)]
        if sep == "-" and 1 <= int(b) <= 12 and not m.group("yrs").strip(" -"):
            return [_date_claim(text, s, m.end(), a, int(b))]
        return None
    bb = int(b)
    if a < bb <= a + 200:
        return [_year_claim(text, s, m.end("yra"), a), _year_claim(text, m.start("yrb"), m.end("yrb"), bb)]
    return None


def _h_my(m, text, ref):
    s, e = m.span()
    mo = _month(m.group("mym"))
    if m.group("myy"):
        return [_date_claim(text, s, e, int(m.group("myy")), mo)]
    # "October of next year": the month and the year phrase are two claims, so a later
    # "next year" elsewhere can be compared with this one
    e1 = m.end("mym")
    s2 = m.start("myr")
    if ref is None:
        return [_date_claim(text, s, e1, None, relative=True), _date_claim(text, s2, e, None, relative=True)]
    y = ref.year + {"next": 1, "last": -1, "this": 0}[m.group("myr").lower()]
    return [_date_claim(text, s, e1, y, mo, relative=True), _date_claim(text, s2, e, y, relative=True)]


def _holiday_key(name: str) -> str:
    k = re.sub(r"[\s]+", " ", name.lower()).replace("’", "'")
    k = k.replace("saint ", "st ").replace("st. ", "st ").replace(" jr.", "").replace(" jr", "")
    k = re.sub(r"\b(day|sunday)$", "", k).strip() if k.startswith(("christmas", "easter s", "thanksgiving")) else k
    aliases = {
        "easter": "easter", "new year's": "new year", "new year's day": "new year", "new year day": "new year",
        "st patrick's": "st patrick's day", "st patricks": "st patrick's day", "st patrick": "st patrick's day",
        "st patricks day": "st patrick's day", "st patrick day": "st patrick's day",
        "international workers' day": "may day", "international workers day": "may day",
        "valentines day": "valentine's day", "veterans' day": "veterans day", "labour day": "labor day",
        "fathers day": "father's day", "father's day": "father's day", "martin luther king day": "martin luther king day",
        "new years eve": "new year's eve", "new year's eve": "new year's eve",
    }
    k = aliases.get(k, k)
    if k.startswith("easter s"):
        k = "easter"
    return k


def _h_hol(m, text, ref):
    s, e = m.span()
    key = _holiday_key(m.group("hol"))
    if key not in cal.HOLIDAY_RULES:
        return []
    if m.group("hy"):
        day = cal.holiday(key, int(m.group("hy")))
        return [_day_claim(text, s, e, day, False)] if day else []
    if _HOLIDAY_NAME_NOT.match(text, e):
        return None
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    if m.group("hr"):
        y = ref.year + {"next": 1, "last": -1, "this": 0}[m.group("hr").lower()]
        return [_day_claim(text, s, e, cal.holiday(key, y), True)]
    mode = (m.group("hm") or "").lower() or None
    mode = {"previous": "last", "following": "next"}.get(mode, mode)
    day = cal.resolve_holiday(ref, key, mode, _cue(text, s, e))
    return [_day_claim(text, s, e, day, True)]


def _h_wdd(m, text, ref):
    s, e = m.span()
    d = _daynum(m.group("wddn")) if m.group("wddn") else _dayword(m.group("wddw"))
    if d is None:
        return None
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    return [_day_claim(text, s, e, cal.resolve_weekday_day(ref, _weekday(m.group("wdd")), d, _cue(text, s, e)), True)]


def _h_rwd(m, text, ref):
    s, e = m.span()
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    mod = re.sub(r"\s+", " ", m.group("rwm").lower())
    mode = {"this past": "past", "past": "past", "this coming": "coming", "this upcoming": "coming",
            "coming": "coming", "upcoming": "coming"}.get(mod, mod)
    return [_day_claim(text, s, e, cal.resolve_weekday(ref, _weekday(m.group("rwd")), mode), True)]


def _h_rww(m, text, ref, wd_group="rww", mod_group="rwwm"):
    s, e = m.span()
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    mod = m.group(mod_group).lower()
    mode = {"previous": "last", "coming": "next"}.get(mod, mod)
    return [_day_claim(text, s, e, cal.resolve_weekday(ref, _weekday(m.group(wd_group)), mode), True)]


def _h_rwk(m, text, ref):
    return _h_rww(m, text, ref, "rwkd", "rwkm")


# "November 14, a Wednesday": the weekday is said of the date before it, not a day of its own
_APPOSITION_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?,[^\S\n]{1,3}an?[^\S\n]{1,3}$")


def _h_wk(m, text, ref):
    s, e = m.span()
    tok = m.group("wk")
    if not tok[0].isupper() and len(tok) <= 4:
        return None
    if _APPOSITION_BEFORE.search(text, max(0, s - 16), s):
        return None
    if _WEEKDAY_NOT.match(text, e):
        return None
    if len(tok) <= 4:
        # a bare "Sun"/"Wed"/"Sat" is usually a word or a name; accept the short form only in a
        # list of days or after "on"
        pre = text[max(0, s - 12):s]
        if not re.search(r"(?:\bon|\bor|\band|,|\bweek)\s*$", pre):
            return None
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    return [_day_claim(text, s, e, cal.resolve_weekday(ref, _weekday(tok), None, _cue(text, s, e)), True)]


def _h_odm(m, text, ref):
    s, e = m.start("odm"), m.end()
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    return [_day_claim(text, s, e, cal.resolve_day_of_month(ref, _daynum(m.group("odm")), _cue(text, s, e)), True)]


def _h_tday(m, text, ref):
    s, e = m.start("tday"), m.end()
    return [_day_claim(text, s, e, ref, True)]


def _h_rd(m, text, ref):
    s, e = m.span()
    if _USA_TODAY.search(text, max(0, s - 8), s):
        return None
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    g = re.sub(r"\s+", " ", m.group("rd").lower())
    off = 0
    if g.endswith("tomorrow") or g.endswith("tmrw"):
        off = 1
    elif g.endswith("yesterday"):
        off = -1
    if g.startswith("the day before"):
        off -= 1
    elif g.startswith("the day after"):
        off += 1
    return [_day_claim(text, s, e, ref + _dt.timedelta(days=off), True)]


def _h_ago(m, text, ref):
    s, e = m.span()
    parts = [(m.group("agon"), m.group("agou"))]
    extra = m.group("agox")
    if extra:
        parts += re.findall(r"(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+([A-Za-z]+)", extra)
    if re.search(r"(?i)\b(?:last|past|next|the)\s+$", text[max(0, s - 6):s]) and len(parts) > 1:
        # "for the last 3 months and 2 days ago": only the final component is the offset
        n, u = parts[-1]
        s = e - len(m.group(0).split(" and ")[-1].split(",")[-1].lstrip())
        parts = [(n, u)]
    elif re.search(r"(?i)\b(?:last|past|next|the)\s+$", text[max(0, s - 6):s]):
        return None  # "the last 3 years ago" is garbled; "the past two days" is a duration
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    sign = -1 if m.group("agoa") or m.group("agof") == "before" else 1
    anchor = ref
    anc = (m.group("agoanc") or "").lower()
    if anc in ("tomorrow", "tmrw"):
        anchor = ref + _dt.timedelta(days=1)
    elif anc == "yesterday":
        anchor = ref - _dt.timedelta(days=1)
    day = anchor
    for n, u in parts:
        if day is None:
            break
        day = _offset(day, sign * _count(n), u)
    return [_day_claim(text, s, e, day, True)]


def _h_in(m, text, ref):
    s, e = m.span()
    lo = max(0, s - 40)
    if _IN_EXCLUDE.search(text, lo, s):
        return None  # "the first time in 20 years", "the lowest in 3 months": durations
    if _count(m.group("inn")) == 1 and m.group("inu").lower().startswith("day"):
        # "moving 2,000 captives in one day": within a single day, a duration; nobody writes
        # "in one day" for tomorrow
        return None
    # the preposition stays in the span: "in two weeks" is the expression
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    return [_day_claim(text, s, e, _offset(ref, _count(m.group("inn")), m.group("inu")), True)]


def _h_per(m, text, ref):
    s, e = m.span()
    phrase = re.sub(r"\s+", " ", m.group("per").lower())
    unit = m.group("pu")
    if phrase.startswith("the ") and " of the " not in phrase and not phrase.startswith(("the end", "the start", "the beginning", "the middle", "the rest", "the remainder", "the close")):
        return None
    if ref is None:
        return [_day_claim(text, s, e, None, True)]
    if " last " in f" {phrase} ":
        k = -1
    elif " next " in f" {phrase} ":
        k = 1
    else:
        k = 0
    if unit == "week":
        day = ref + _dt.timedelta(days=7 * k)
        return [Claim(s, e, text[s:e], "date", float(day.isocalendar()[0]), date=cal.iso_week(day), relative=True)]
    if unit == "month":
        d = cal.add_months(ref.replace(day=1), k)
        return [_date_claim(text, s, e, d.year, d.month, relative=True)] if d else []
    return [_date_claim(text, s, e, ref.year + k, relative=True)]


def _h_bm(m, text, ref):
    s, e = m.span()
    tok = m.group("bm")
    pre = text[max(0, s - 22):s]
    cm = _BM_CUE.search(pre)
    if not cm:
        if not (s == 0 or text[s - 1] == "\n" or pre.rstrip().endswith((".", "\n"))) or tok == "May":
            return None
        # a month opening a sentence ("October was the wettest...") is a date unless it is "May"
        nxt = text[e:e + 1]
        if nxt not in (",", " "):
            return None
    cue_word = cm.group(0).strip().lower() if cm else ""
    if cue_word in ("and", "or", "to", "for", "on", "that") and not re.search(
        rf"{_MONCAP}\s*$", text[max(0, s - 25):s - len(cm.group(0))]
    ):
        if cue_word in ("and", "or", "to", "for", "on", "that"):
            return None
    if tok == "May" and text[e:e + 1] == " " and re.match(r" [a-z]+", text[e:e + 6]) and cue_word not in ("in", "since", "until", "by", "from", "during", "early", "late", "mid", "mid-", "last", "next", "this"):
        return None
    mo = _month(tok)
    if ref is None:
        return [_date_claim(text, s, e, None, relative=True)]
    mode = cue_word if cue_word in ("last", "next", "this") else None
    y, mo = cal.resolve_month(ref, mo, _cue(text, s, e), mode)
    return [_date_claim(text, s, e, y, mo, relative=True)]


def _after_name(text: str, s: int) -> bool:
    """Whether a capitalised word that does not open a sentence stands right before ``s``
    ("Beyond Fest 2019 continues": a year after a name, whatever follows it)."""
    m = _PREV_CAP.search(text, max(0, s - 30), s)
    if m is None:
        return False
    b = m.start()
    before = text[max(0, b - 3):b].rstrip(" \t\"“'‘(")
    return bool(before) and before[-1] not in ".!?:\n"


def _year_ok(text: str, s: int, e: int, y: int, pre_only: bool = False) -> bool:
    """Whether the four digits at ``text[s:e]`` are a year rather than a count or measure."""
    if s > 0:
        p = text[s - 1]
        if p in "$£€¥#.,/:" or p.isalnum():
            return False
        if p == "-" and not re.search(r"(?i)(?:mid|pre|post|early|late)-$", text[max(0, s - 6):s]):
            return False
    if pre_only:
        return True
    nxt = _AFTER_NUM_WORD.match(text, e)
    if nxt:
        w = nxt.group(1)
        if w in _UNITWORDS or w in _COUNT_NOUNS:
            return False
        if w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")) and w not in _YEAR_PLURAL_OK:
            if (len(w) > 3 or w in ("men",)) and not _after_name(text, s):
                return False
        pre = text[max(0, s - 30):s]
        if _COUNT_PRE.search(pre) and not _YEAR_PRE_CUE.search(pre):
            return False
    elif text[e:e + 1] in "-–" and text[e + 1:e + 2].isalpha():
        # "2000-strong", "1500-word": compound adjectives of a count
        w = re.match(r"[-–]([a-z]+)", text[e:e + 12])
        if w and w.group(1) in ("strong", "word", "page", "member", "seat", "mile", "metre", "meter", "acre", "ton", "tonne", "bed", "room"):
            return False
    if _PAIRED_COUNT.search(text, max(0, s - 40), s):
        return False  # "2024 votes against 1800": the second figure is a count like the first
    return True


def _h_year(m, text, ref):
    s, e = m.span()
    g = m.group("yr")
    if _MILITARY_TIME.match(text, e):
        # "(1700 UTC)", "0600 hours": a 24-hour clock time, not a year
        h, mins = int(g[:2]), int(g[2:])
        return [_time_claim(text, s, e, h + mins / 60)] if h <= 23 and mins <= 59 else None
    y = int(g)
    if not _year_ok(text, s, e, y):
        return None
    return [_year_claim(text, s, e, y)]


def _h_apy(m, text, ref):
    s, e = m.span()
    pre = text[max(0, s - 20):s]
    if not re.search(r"(?i)\b(?:in|since|of|from|until|till|by|during|class|season|summer|winter|spring|fall|autumn|and|to|the|early|late|mid|before|after)\s+$", pre):
        return None
    y = cal.two_digit_year(int(m.group("apy")), ref)
    return [_year_claim(text, s, e, y)]


def _time_claim(text, s, e, hours: float) -> Claim:
    return Claim(s, e, text[s:e], "time", hours, unit="hour")


def _h_t12(m, text, ref):
    s, e = m.span()
    if s > 0 and text[s - 1] in "$£€#.,:/":
        return None
    h = int(m.group("th"))
    if not 1 <= h <= 12:
        return None
    mins = int(m.group("tm") or 0)
    pm = m.group("ap").lower() == "p"
    h = h % 12 + (12 if pm else 0)
    return [_time_claim(text, s, e, h + mins / 60)]


def _h_t24(m, text, ref):
    s, e = m.span()
    if s > 0 and text[s - 1] in "$£€#.,:/-":
        return None
    if re.match(r"[.:]\d", text[e:e + 2]):
        # "1:43.21", "2:20:51": an elapsed race time, which the number scanner reads whole
        return None
    nxt = re.match(r"\s*([ap])\.?\s?m\b", text[e:e + 6], re.I)
    h, mins = int(m.group("hh")), int(m.group("mm"))
    if nxt:
        if not 1 <= h <= 12:
            return None
        e += nxt.end()
        h = h % 12 + (12 if nxt.group(1).lower() == "p" else 0)
    return [_time_claim(text, s, e, h + mins / 60)]


def _h_tw(m, text, ref):
    s, e = m.span()
    w = m.group("tw").lower()
    return [_time_claim(text, s, e, 0.0 if w == "midnight" else 12.0)]


def _h_oc(m, text, ref):
    s, e = m.span()
    tok = m.group("oc")
    h = int(tok) if tok.isdigit() else COUNT_WORDS.get(tok.lower())
    if h is None or not 1 <= h <= 12:
        return None
    return [_time_claim(text, s, e, float(h))]


_HANDLERS = {
    "RWW": _h_rww, "RWK": _h_rwk, "MD": _h_md, "DM": _h_dm, "MIX": _h_mix, "ISO": _h_iso,
    "NUM": _h_num, "YR": _h_yr, "MY": _h_my, "HOL": _h_hol, "WDD": _h_wdd, "RWD": _h_rwd,
    "WK": _h_wk, "ODM": _h_odm, "TDAY": _h_tday, "RD": _h_rd, "AGO": _h_ago, "IN": _h_in, "PER": _h_per, "BM": _h_bm,
    "YEAR": _h_year, "APY": _h_apy, "T12": _h_t12, "T24": _h_t24, "TW": _h_tw, "OC": _h_oc,
}

# how far a time may sit from the date it belongs to, and what may stand between them
_TIME_AFTER_DATE = re.compile(r"\s*,?\s*(?:at|from|around|about|by|before|after)?\s*$")
_TIME_BEFORE_DATE = re.compile(
    r"^[^\S\n]*(?:(?:local[^\S\n]+time|[A-Z]{2,5}(?:[^\S\n]+[A-Z]{2,5})?)[^\S\n]*)?,?[^\S\n]*(?:on|of)?[^\S\n]*$"
)


def _attach_times(text: str, claims: list[Claim]) -> list[Claim]:
    """Give each time claim the date of an adjacent day-precision date claim."""
    out = list(claims)
    for i, c in enumerate(out):
        if c.kind != "time" or c.date is not None:
            continue
        prev = out[i - 1] if i > 0 else None
        nxt = out[i + 1] if i + 1 < len(out) else None
        date = None
        if nxt is not None and nxt.kind == "date" and nxt.date and len(nxt.date) == 10 \
                and nxt.start - c.end <= 20 and _TIME_BEFORE_DATE.match(text[c.end:nxt.start]):
            date, rel = nxt.date, nxt.relative
        elif prev is not None and prev.kind == "date" and prev.date and len(prev.date) == 10 \
                and c.start - prev.end <= 10 and _TIME_AFTER_DATE.match(text[prev.end:c.start]):
            date, rel = prev.date, prev.relative
        if date is not None:
            out[i] = Claim(c.start, c.end, c.text, "time", c.value, unit=c.unit, date=date, relative=rel)
    return out


_OFFSET_BEFORE = re.compile(
    rf"(?<![\w])(?P<n>\d{{1,3}}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
    r"[^\S\n]+(?P<u>(?i:days?|weeks?|fortnights?|months?|years?))[^\S\n]+(?P<dir>(?i:from|after|before))[^\S\n]+$"
)


_OFFSET_WORDS = ("from ", "after ", "before ", "From ", "After ", "Before ")


def _compose_offsets(text: str, claims: list[Claim]) -> list[Claim]:
    """Fold "3 days after January 12th" / "2 weeks before Christmas" into one shifted date."""
    out = []
    for c in claims:
        if c.kind == "date" and c.date and len(c.date) == 10 \
                and text.endswith(_OFFSET_WORDS, max(0, c.start - 8), c.start):
            lo = max(0, c.start - 30)
            m = _OFFSET_BEFORE.search(text, lo, c.start)
            if m is not None and (not out or out[-1].end <= m.start()):
                sign = -1 if m.group("dir").lower() == "before" else 1
                day = _offset(_dt.date.fromisoformat(c.date), sign * _count(m.group("n")), m.group("u"))
                if day is not None:
                    # an offset from an explicit date is as explicit as its anchor
                    c = _day_claim(text, m.start(), c.end, day, c.relative)
        out.append(c)
    return out


def _run(name: str, m: re.Match, text: str, ref):
    """Call the handler of branch ``name``; a date pushed past year 1 or 9999 by the reference
    date ("tomorrow" on 9999-12-31) consumes the match without a claim instead of raising."""
    try:
        return _HANDLERS[name](m, text, ref)
    except OverflowError:
        return []


def _fallback(text: str, ref, start: int, branches):
    """Try ``branches`` (name, pattern) at ``start``; ``(claims, match)`` of the first that holds."""
    m = None
    for name, rx in branches:
        mm = rx.match(text, start)
        if mm is None:
            continue
        m = mm
        got = _run(name, mm, text, ref)
        if got is not None:
            return got, mm
    return None, m


def _scan_exhaustive(text: str, ref: _dt.date | None) -> list[Claim]:
    """Reference implementation of :func:`scan_temporal`: try the master pattern at every word start.

    About ten times slower than the keyed scan; kept so tests can check that the keyed scan
    misses nothing the full pattern would find.
    """
    master, singles = _exhaustive_patterns()
    claims: list[Claim] = []
    pos = 0
    n = len(text)
    search = master.search
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        # lastgroup is the outermost group that closed last, i.e. the branch
        name = m.lastgroup
        start = m.start()
        got = _run(name, m, text, ref)
        if got is None:
            got, m = _fallback(text, ref, start, singles[_BRANCH_INDEX[name] + 1:])
        if got is None:
            pos = start + 1
            continue
        claims.extend(got)
        pos = max(m.end(), start + 1)
    return _finish(text, ref, claims)


# "the 1950s", "1990s", "the 1800s": a decade (or, for "X00s", a century) as a period of years.
# Found with str.find on "0s", so the regex runs only at the few places that can hold one; a
# digit, letter or apostrophe before it ("21950s", "'90s") or a letter or digit after it
# ("1990sq") is no decade. "the '90s" leaves the century unsaid and is not claimed.
_DECADE = re.compile(r"(?<![\w'’.,])([12]\d)(\d)0s(?![\w'’])")


def _decades(text: str) -> list[Claim]:
    """Claims of kind ``year`` for decades: "the 1990s" is every year from 1990 to 1999, with
    ``value`` 1990, ``low``/``high`` 1990 and 1999 and ``date`` "199X" (ISO 8601-2's unspecified
    digit); "the 1800s" is 1800 to 1899 ("18XX"), and so is any "X00s", which may name the
    decade or the century. "the early 1990s" and "the late 1990s" keep the
    whole decade: which years "early" covers is a matter of taste, and a check must not fire on
    it."""
    out: list[Claim] = []
    i = text.find("0s")
    while i >= 0:
        s = i - 3
        if s >= 0:
            m = _DECADE.match(text, s)
            if m is not None and m.end() == i + 2:
                century, decade = m.group(1), m.group(2)
                if decade == "0":
                    # "the 1900s", "the 2000s": the decade or the century; the wider reading
                    lo, hi, iso = int(century) * 100, int(century) * 100 + 99, f"{century}XX"
                else:
                    lo = int(century + decade + "0")
                    hi, iso = lo + 9, f"{century}{decade}X"
                out.append(Claim(s, m.end(), text[s:m.end()], "year", float(lo), low=float(lo),
                                 high=float(hi), date=iso))
        i = text.find("0s", i + 2)
    return out


def _finish(text: str, ref, claims: list[Claim]) -> list[Claim]:
    decades = _decades(text)
    if decades:
        taken = [(c.start, c.end) for c in claims]
        new = [d for d in decades if not any(a < d.end and d.start < b for a, b in taken)]
        if new:
            claims = sorted(claims + new, key=lambda c: (c.start, c.end))
    if ref is not None and claims:
        claims = _compose_offsets(text, claims)
    if any(c.kind == "time" for c in claims):
        claims = _attach_times(text, claims)
    return claims


# ---------------------------------------------------------------------------------------------
# Keyed scan. Running the master pattern at every word start costs ~10 µs per word; instead the
# scan locates "key" tokens that every temporal expression contains (a digit run, a month or
# weekday name, a unit word such as "year", "today", "noon", a holiday name) with str.find on a
# lower-cased copy — a memchr-speed search — and tries only the branches that can contain that
# key, at the key and at the starts of the few modifier words right before it ("earlier this",
# "the end of last", "in two", "this past").
# ---------------------------------------------------------------------------------------------
_CATEGORY_BRANCHES = {
    "N": ("IN", "ODM", "DM", "MIX", "ISO", "NUM", "YR", "WDD", "AGO", "YEAR", "APY", "T12", "T24", "OC"),
    "M": ("RWW", "MD", "DM", "MIX", "MY", "HOL", "BM"),
    "W": ("RWW", "RWK", "MD", "DM", "MIX", "NUM", "HOL", "WDD", "RWD", "WK"),
    "U": ("RWK", "PER", "AGO", "IN", "TDAY", "HOL", "RD"),
    "R": ("RD", "AGO"),
    "T": ("TW", "OC"),
    "H": ("HOL",),
}
# reduced branch sets for the common case where nothing date-like follows the key
_CATEGORY_BRANCHES.update({
    "Wf": ("HOL", "RWD", "WK"),
    "Mf": ("HOL", "BM"),
    "N4": ("MIX", "ISO", "YR", "YEAR"),
})
_DAY_START = r"(?i:fir|sec|thi|fou|fif|six|sev|eig|nin|ten|ele|twe)"
_W_TAIL = re.compile(
    rf"[^\S\n]*+[.,]?[^\S\n]*+[-(]?[^\S\n]*+(?:[0-9]|the\b|of\b|{_DAY_START}|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?i:next|last|this|previous|following|coming)\b)"
)
_M_TAIL = re.compile(
    rf"\.?[^\S\n]*+[-,/]?[^\S\n]*+(?:[0-9'’\[]|the\b|of\b|[Dd]ay\b|{_DAY_START}|(?i:next|last|this)\b)"
)


class _LazyPattern:
    """A pattern compiled on its first ``match``: start-up pays only for the categories a
    text actually exercises (pre-commit starts a fresh process for every commit)."""

    __slots__ = ("source", "_rx")

    def __init__(self, source: str) -> None:
        self.source = source
        self._rx: re.Pattern | None = None

    def match(self, text: str, pos: int = 0):
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.source)
        return rx.match(text, pos)


_CATEGORY_RE = {}
for _cat, _names in _CATEGORY_BRANCHES.items():
    _pats = [(n, p) for n, p in _BRANCHES if n in _names]
    _CATEGORY_RE[_cat] = (
        _LazyPattern("|".join(f"(?P<{n}>{p})" for n, p in _pats)),
        [(n, _LazyPattern(p)) for n, p in _pats],
        {n: i for i, (n, _) in enumerate(_pats)},
    )

# literal → the whole words it may begin (longest first); "day" and "noon" may also end a word
_KEY_WORDS = {
    "jan": ("january", "jan"), "feb": ("february", "feb"), "mar": ("march", "mar"),
    "apr": ("april", "apr"), "may": ("may",), "jun": ("june", "jun"), "jul": ("july", "jul"),
    "aug": ("august", "aug"), "sep": ("september", "sept", "sep"), "oct": ("october", "oct"),
    "nov": ("november", "nov"), "dec": ("december", "decades", "decade", "dec"),
    "mon": ("months", "month", "mon"), "tue": ("tues", "tue"), "wed": ("wed",), "thu": ("thurs", "thur", "thu"),
    "fri": ("fri",), "sat": ("sat",), "sun": ("sun",),
    "week": ("weeks", "week"), "year": ("years", "year"), "fortnight": ("fortnights", "fortnight"),
    "tomorrow": ("tomorrow",), "tonight": ("tonight",), "tmrw": ("tmrw",),
    "morning": ("morning",), "evening": ("evening",), "midnight": ("midnight",), "clock": ("clock",),
    "christmas": ("christmas",), "easter": ("easter",), "thanksgiving": ("thanksgiving",),
    "halloween": ("halloween",), "new year": ("new year",), "juneteenth": ("juneteenth",),
    "patrick": ("patrick",),
}
_SUFFIX_KEYS = ("day", "noon")
# month/weekday forms that are also ordinary lower-case words
_LOWER_WORDS = frozenset(("may", "mar", "mon", "sun", "sat", "wed"))
_WORD_CATEGORY: dict[str, str] = {}
for _w in MONTHS:
    _WORD_CATEGORY[_w] = "M"
for _w in WEEKDAYS:
    _WORD_CATEGORY[_w] = "W"
for _w in ("day", "days", "week", "weeks", "month", "months", "year", "years", "fortnight",
           "fortnights", "decade", "decades"):
    _WORD_CATEGORY[_w] = "U"
for _w in ("today", "tonight", "tomorrow", "tmrw", "yesterday", "morning", "afternoon", "evening"):
    _WORD_CATEGORY[_w] = "R"
for _w in ("noon", "midnight", "midday", "clock"):
    _WORD_CATEGORY[_w] = "T"
for _w in ("christmas", "easter", "thanksgiving", "halloween", "new year", "juneteenth", "patrick"):
    _WORD_CATEGORY[_w] = "H"

# words that may precede a key inside one expression
_PREFIX_WORDS = frozenset(
    "this last next past coming upcoming previous following earlier later early late mid the end start "
    "beginning middle rest remainder close of in on by until till from since a an and day days week weeks "
    "month months year years before after black good cyber easter new st st. saint earth labor labour "
    "memorial veterans veterans' armistice bastille canada australia boxing valentine's valentines "
    "patrick's patricks father's fathers workers' workers international martin luther king jr jr. "
    "ends ended ending finish finishes finished finishing closes closed closing for during o "
    "mon tue tues wed thu thur thurs fri sat sun".split()
) | frozenset(COUNT_WORDS) | frozenset(w for k in DAY_WORDS for w in k.split())
# a unit word ("year", "days") is worth trying only after one of these or before "ago"/"from"...
_UNIT_PREV = frozenset(
    "this last next past previous coming following earlier later early late mid".split()
) | frozenset(COUNT_WORDS)
# words before "Day" in holiday names: "Earth Day", "Boxing Day"
_HOLIDAY_WORDS = frozenset(
    "earth labor labour memorial veterans veterans' armistice bastille canada australia boxing "
    "valentine's valentines patrick's patricks father's fathers workers' workers king jr jr. year's "
    "new".split()
)
_UNIT_NEXT = re.compile(r"s?[^\S\n]+(?:ago|from|after|before|later)\b|s?[^\S\n]+(?:on[^\S\n]+)?[A-Za-z]*day")
_WORDCH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.'’")
_DIGITS = re.compile(r"[0-9]+")
# what may follow a digit run that starts a temporal expression (4- and 8-digit runs always may)
_DIGIT_NEXT = re.compile(
    r"(?:st|nd|rd|th)?(?:[:/.\-][0-9]|[^\S\n]*+[aApP]\.?[^\S\n]?[mM]\b|[^\S\n]*+[-/]?[^\S\n]*+(?i:jan|feb|mar|apr|may|jun|jul"
    r"|aug|sep|oct|nov|dec|of\b|days?\b|weeks?\b|months?\b|years?\b|fortnights?\b|decades?\b|o['’]clock))"
    r"|(?:st|nd|rd|th)\b"
)


# digits that may be preceded by a modifier word: "in 3 weeks", "the 4th of July", "on the 18th"
_DIGIT_CHAIN = re.compile(
    r"(?:st|nd|rd|th)|/[0-9]|[^\S\n]+(?i:days?|weeks?|months?|years?|fortnights?|decades?|of|jan|feb|mar|apr"
    r"|may|jun|jul|aug|sep|oct|nov|dec)"
)
# a month preceded by a spelled day: "the fourth of July", "fifteen August"
_MONTH_CHAIN = re.compile(r"(?:of|[a-z]{3,})[^\S\n]+$")


def _keys(text: str, low: str) -> list[tuple[int, int, str]]:
    """``(start, end, category)`` of every key token, sorted by start."""
    keys = []
    dnext = _DIGIT_NEXT.match
    drun = _DIGITS.match
    find = low.find
    # ten str.find scans beat one regex character-class scan by about half
    for ch in "0123456789":
        s = find(ch)
        while s >= 0:
            if s == 0 or not ("0" <= low[s - 1] <= "9" or low[s - 1].isalpha()):
                # "A380", "F-16" stay names; "mar3" is found from its month
                e = drun(low, s).end()
                if e - s in (4, 8) or dnext(text, e) or (s and text[s - 1] in "'’"):
                    keys.append((s, e, "N"))
            s = find(ch, s + 1)
    n = len(low)
    for lit, words in _KEY_WORDS.items():
        i = find(lit)
        while i >= 0:
            if i == 0 or not low[i - 1].isalpha():
                for w in words:
                    k = i + len(w)
                    if (k >= n or not low[k].isalpha()) and low.startswith(w, i):
                        cat = _WORD_CATEGORY[w]
                        if w in _LOWER_WORDS and text[i].islower():
                            # lower-case "may", "sun", "wed": words, unless a digit follows ("mar3")
                            if not (k < n and (low[k].isdigit() or low[k] in " -/.") and cat == "M" and w != "may"):
                                break
                        keys.append((i, k, cat))
                        break
            i = find(lit, i + 1)
    for lit in _SUFFIX_KEYS:
        i = find(lit)
        while i >= 0:
            k = i + len(lit)
            if k < n and low[k] == "s":
                k += 1
            if k >= n or not low[k].isalpha():
                j = i
                while j > 0 and low[j - 1].isalpha() and i - j < 10:
                    j -= 1
                cat = _WORD_CATEGORY.get(low[j:k])
                if cat is None and low[j:k] in WEEKDAYS:
                    cat = "W"
                if cat is not None:
                    keys.append((j, k, cat))
            i = find(lit, i + 1)
    keys.sort()
    return keys


_WORD_RE = re.compile(r"[a-z0-9.'’]+")


def _prev_word(low: str, j: int, floor: int) -> int:
    """Start of the word ending just before ``j`` (across spaces, a comma or a hyphen), or -1."""
    if j - 2 >= floor and low[j - 1] == " " and low[j - 2] not in " \t,-":
        # the usual case, one space between words: one rfind instead of a character loop
        sp = low.rfind(" ", floor, j - 1)
        if sp >= 0 and _WORD_RE.fullmatch(low, sp + 1, j - 1):
            return sp + 1
    k = j
    while k > floor and low[k - 1] in " \t,-":
        k -= 1
    if k == j and j > floor and low[j - 1] not in " \t":
        return -1
    e = k
    while k > floor and low[k - 1] in _WORDCH:
        k -= 1
    return k if k < e and (k == 0 or low[k - 1] not in _WORDCH) else -1


def _chain(text: str, low: str, k: int, floor: int) -> list[int]:
    """Starts of the modifier words right before ``k`` (earliest first), not before ``floor``."""
    starts = []
    j = k
    for _ in range(5):
        p = _prev_word(low, j, max(floor, j - 24))
        if p < 0:
            break
        w = low[p:j].rstrip(" \t,-")
        if w not in _PREFIX_WORDS and not w.isdigit():
            break
        j = p
        starts.append(p)
    starts.reverse()
    return starts


def scan_temporal(text: str, ref: _dt.date | None) -> list[Claim]:
    """Find the date, year and time claims in ``text``, resolved against ``ref``.

    Returns non-overlapping claims sorted by start offset; every claim satisfies
    ``claim.text == text[claim.start:claim.end]``. Never raises on odd input: impossible
    dates are simply not claimed. See the module docstring for the forms handled and for
    which of them are ``relative``.
    """
    if isinstance(ref, _dt.datetime):
        ref = ref.date()
    low = text.lower()
    if len(low) != len(text):
        # U+0130 (İ) is the one character whose lower case is two characters long; offsets
        # into ``low`` must stay offsets into ``text``
        low = text.replace("\u0130", "I").lower()
        if len(low) != len(text):
            return _scan_exhaustive(text, ref)
    claims: list[Claim] = []
    pos = 0
    for ks, ke, cat in _keys(text, low):
        checkpoint()
        if ks < pos:
            continue
        if cat == "U" or cat == "R":
            p = _prev_word(low, ks, max(pos, ks - 24))
            w = low[p:ks].rstrip(" \t,-") if p >= 0 else ""
            if cat == "R":
                if low[ks] in "mae" and w != "this":
                    continue  # "morning", "afternoon", "evening" only as "this morning"
            elif not (w in _UNIT_PREV or (w and w[0].isdigit()) or _UNIT_NEXT.match(low, ke)):
                if w != "the" and w not in _HOLIDAY_WORDS:
                    continue
                if w == "the":
                    # "the end of the year", "to end the day", "for the day"
                    q = _prev_word(low, p, max(pos, p - 24))
                    if q < 0 or low[q:p].rstrip(" \t,-") not in _PREFIX_WORDS:
                        continue
        if cat == "N" and not _DIGIT_CHAIN.match(text, ke):
            # a year, time or numeric date starts at its own digits
            cands = [ks]
        elif cat == "M" and not _MONTH_CHAIN.search(low, max(pos, ks - 8), ks):
            cands = [ks]
        else:
            cands = _chain(text, low, ks, pos)
            cands.append(ks)
        if cat == "N" and ks and text[ks - 1] in "'’":
            cands.append(ks - 1)
        if cat == "W":
            if not _W_TAIL.match(text, ke):
                cat = "Wf"
        elif cat == "M":
            if len(cands) == 1 and not _M_TAIL.match(text, ke):
                cat = "Mf"
        elif cat == "N" and ke - ks == 4 and len(cands) == 1:
            cat = "N4"
        master, singles, index = _CATEGORY_RE[cat]
        for c in cands:
            if c > 0 and (text[c - 1].isalnum() or text[c - 1] in "'’") and not (cat == "N" and c == ks):
                if not (c == ks - 1 and cat == "N"):
                    continue
            m = master.match(text, c)
            if m is None or m.end() <= ks:
                continue
            name = m.lastgroup
            got = _run(name, m, text, ref)
            if got is None:
                got, m = _fallback(text, ref, c, singles[index[name] + 1:])
            if got is None or m.end() <= ks:
                continue
            claims.extend(got)
            pos = m.end()
            break
    return _finish(text, ref, claims)
