"""Calendar arithmetic for the temporal scanner: resolving partial dates against a reference day.

Everything here works on plain ``datetime.date`` values and integers so it stays cheap and never
raises on bad input: a month/day that does not exist (February 30, the 45th of May) yields ``None``
and the caller keeps the claim unresolved.

Resolution policy for an expression that names some fields of a date but not all of them
("May 7", "October", "Friday", "the 18th", "Easter"): build the latest candidate on or before the
reference day (``past``) and the earliest one after it (``future``) and pick:

1. the candidate a tense cue asks for, provided it lies within about six months of the
   reference day for a future cue ("will", "until", "scheduled", "due") or within a year for a
   past one ("was", "began", "since", a regular "-ed" verb): "came in March" in a January
   article is last March, "is due out in May" is the coming one;
2. otherwise the closer one, with distances into the future counted double: news reports mostly
   look back, so "May 7" in a 2025-05-23 article is 2025-05-07 and "December 28" in a January
   article is the previous December, while "June 1" in a May 28 article is four days ahead.
"""

from __future__ import annotations

import datetime as _dt

__all__ = [
    "safe_date",
    "add_months",
    "add_years",
    "choose",
    "resolve_month_day",
    "resolve_month",
    "resolve_weekday",
    "resolve_day_of_month",
    "resolve_weekday_day",
    "easter",
    "holiday",
    "resolve_holiday",
    "HOLIDAY_RULES",
    "two_digit_year",
    "iso_week",
]

_HALF_YEAR = 183


def safe_date(y: int, m: int, d: int) -> _dt.date | None:
    """``date(y, m, d)`` or ``None`` when the fields name no real day (year 1–9999 only)."""
    if not (1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def add_months(day: _dt.date, n: int) -> _dt.date | None:
    """``day`` moved by ``n`` calendar months, clamping the day to the target month's length."""
    total = day.year * 12 + (day.month - 1) + n
    y, m = divmod(total, 12)
    m += 1
    if not 1 <= y <= 9999:
        return None
    for d in (day.day, 30, 29, 28):
        if d <= day.day:
            got = safe_date(y, m, d)
            if got:
                return got
    return None


def add_years(day: _dt.date, n: int) -> _dt.date | None:
    """``day`` moved by ``n`` years (February 29 becomes February 28 in common years)."""
    return safe_date(day.year + n, day.month, day.day) or safe_date(day.year + n, day.month, 28)


def choose(ref: _dt.date, past, future, past_dist: float, future_dist: float, cue: str | None):
    """Pick ``past`` or ``future`` by the policy in the module docstring.

    Distances are in days (callers working in months pass months × 30.5). Either candidate may
    be ``None``; the other one is then returned.
    """
    if past is None:
        return future
    if future is None:
        return past
    if cue == "future" and future_dist <= _HALF_YEAR:
        return future
    if cue == "past" and past_dist <= 2 * _HALF_YEAR:
        return past
    return future if 2 * future_dist < past_dist else past


def resolve_month_day(ref: _dt.date, month: int, day: int, cue: str | None = None) -> _dt.date | None:
    """The year for a month and day given without one ("May 7", "December 28").

    Candidates are searched a few years either side so February 29 lands on a leap year;
    a day that never exists (April 31) gives ``None``.
    """
    past = future = None
    for back in range(0, 9):
        c = safe_date(ref.year - back, month, day)
        if c is not None and c <= ref:
            past = c
            break
    for fwd in range(0, 9):
        c = safe_date(ref.year + fwd, month, day)
        if c is not None and c > ref:
            future = c
            break
    if past is None and future is None:
        return None
    pd = (ref - past).days if past else 0
    fd = (future - ref).days if future else 0
    return choose(ref, past, future, pd, fd, cue)


def resolve_month(ref: _dt.date, month: int, cue: str | None = None, mode: str | None = None) -> tuple[int, int]:
    """``(year, month)`` for a month named without a year ("in October").

    ``mode`` comes from a modifier: ``"last"`` = the latest such month strictly before the
    reference month, ``"next"`` = the earliest strictly after, ``"this"`` = the reference year.
    Without a modifier the current month counts as past.
    """
    if mode == "this":
        return ref.year, month
    if mode == "last":
        return (ref.year if month < ref.month else ref.year - 1), month
    if mode == "next":
        return (ref.year if month > ref.month else ref.year + 1), month
    past_y = ref.year if month <= ref.month else ref.year - 1
    fut_y = ref.year if month > ref.month else ref.year + 1
    pd = ((ref.year - past_y) * 12 + ref.month - month) * 30.5
    fd = ((fut_y - ref.year) * 12 + month - ref.month) * 30.5
    return (choose(ref, past_y, fut_y, pd, fd, cue), month)


def resolve_weekday(ref: _dt.date, weekday: int, mode: str | None = None, cue: str | None = None) -> _dt.date:
    """The date of a weekday (0 = Monday) named relative to ``ref``.

    ``mode``: ``None`` → the latest such day on or before ``ref`` (the news convention for
    "on Friday"), or the next one (1–7 days ahead) when a future cue is present; ``"this"`` →
    that day in ref's Monday-based week; ``"next"``/``"following"`` → in the week after;
    ``"last"``/``"previous"`` → in the week before; ``"past"`` → the latest strictly before;
    ``"coming"`` → the earliest strictly after.
    """
    monday = ref - _dt.timedelta(days=ref.weekday())
    if mode == "this":
        return monday + _dt.timedelta(days=weekday)
    if mode in ("next", "following"):
        return monday + _dt.timedelta(days=7 + weekday)
    if mode in ("last", "previous"):
        return monday + _dt.timedelta(days=weekday - 7)
    if mode == "past":
        return ref - _dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)
    if mode == "coming":
        return ref + _dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    if cue == "future":
        # "is set to land on Monday" written on a Monday means that day
        return ref + _dt.timedelta(days=(weekday - ref.weekday()) % 7)
    return ref - _dt.timedelta(days=(ref.weekday() - weekday) % 7)


def _month_seq(ref: _dt.date, step: int):
    y, m = ref.year, ref.month
    for _ in range(0, 30):
        yield y, m
        m += step
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1


def resolve_day_of_month(ref: _dt.date, day: int, cue: str | None = None) -> _dt.date | None:
    """The date for a bare day of the month ("on the 18th"): this month's or a neighbour's."""
    return resolve_weekday_day(ref, None, day, cue)


def resolve_weekday_day(ref: _dt.date, weekday: int | None, day: int, cue: str | None = None) -> _dt.date | None:
    """The nearest date whose day of month is ``day`` and, if given, whose weekday matches.

    "Monday 21" means the closest month in which the 21st is a Monday.
    """
    past = future = None
    for y, m in _month_seq(ref, -1):
        c = safe_date(y, m, day)
        if c is not None and c <= ref and (weekday is None or c.weekday() == weekday):
            past = c
            break
    for y, m in _month_seq(ref, 1):
        c = safe_date(y, m, day)
        if c is not None and c > ref and (weekday is None or c.weekday() == weekday):
            future = c
            break
    pd = (ref - past).days if past else 0
    fd = (future - ref).days if future else 0
    return choose(ref, past, future, pd, fd, cue)


def two_digit_year(yy: int, ref: _dt.date | None) -> int:
    """Expand a two-digit year: up to 20 years past the reference year's are 20xx, the rest 19xx."""
    pivot = (ref.year % 100 if ref else 25) + 20
    return 2000 + yy if yy <= pivot else 1900 + yy


def iso_week(day: _dt.date) -> str:
    """The ISO 8601 week containing ``day``, e.g. ``"2025-W21"``."""
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"


def easter(year: int) -> _dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return _dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> _dt.date:
    if n > 0:
        first = _dt.date(year, month, 1)
        return first + _dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (_dt.date(year + (month == 12), month % 12 + 1, 1)) - _dt.timedelta(days=1)
    return last - _dt.timedelta(days=(last.weekday() - weekday) % 7)


#: Holiday key → rule. ``("fixed", month, day)``, ``("easter", offset_days)`` or
#: ``("nth", month, weekday, n, offset_days)`` (``n`` = -1 for the last such weekday).
HOLIDAY_RULES: dict[str, tuple] = {
    "christmas": ("fixed", 12, 25),
    "christmas eve": ("fixed", 12, 24),
    "boxing day": ("fixed", 12, 26),
    "new year": ("fixed", 1, 1),
    "new year's eve": ("fixed", 12, 31),
    "independence day": ("fixed", 7, 4),
    "halloween": ("fixed", 10, 31),
    "valentine's day": ("fixed", 2, 14),
    "st patrick's day": ("fixed", 3, 17),
    "earth day": ("fixed", 4, 22),
    "may day": ("fixed", 5, 1),
    "juneteenth": ("fixed", 6, 19),
    "veterans day": ("fixed", 11, 11),
    "armistice day": ("fixed", 11, 11),
    "remembrance day": ("fixed", 11, 11),
    "bastille day": ("fixed", 7, 14),
    "canada day": ("fixed", 7, 1),
    "australia day": ("fixed", 1, 26),
    "easter": ("easter", 0),
    "good friday": ("easter", -2),
    "easter monday": ("easter", 1),
    "thanksgiving": ("nth", 11, 3, 4, 0),
    "black friday": ("nth", 11, 3, 4, 1),
    "cyber monday": ("nth", 11, 3, 4, 4),
    "memorial day": ("nth", 5, 0, -1, 0),
    "labor day": ("nth", 9, 0, 1, 0),
    "martin luther king day": ("nth", 1, 0, 3, 0),
    "mother's day": ("nth", 5, 6, 2, 0),
    "father's day": ("nth", 6, 6, 3, 0),
}


def holiday(key: str, year: int) -> _dt.date | None:
    """The date of holiday ``key`` (a :data:`HOLIDAY_RULES` key) in ``year``."""
    rule = HOLIDAY_RULES.get(key)
    if rule is None or not 1583 <= year <= 9999:
        return None
    if rule[0] == "fixed":
        return safe_date(year, rule[1], rule[2])
    if rule[0] == "easter":
        return easter(year) + _dt.timedelta(days=rule[1])
    _, month, weekday, n, offset = rule
    return _nth_weekday(year, month, weekday, n) + _dt.timedelta(days=offset)


def resolve_holiday(ref: _dt.date, key: str, mode: str | None = None, cue: str | None = None) -> _dt.date | None:
    """The occurrence of a holiday meant by an expression without a year.

    ``mode`` ``"last"`` → the latest strictly before ``ref``; ``"next"`` → the earliest strictly
    after; ``"this"`` → the one in ref's year; otherwise the policy of :func:`choose`.
    """
    if mode == "this":
        return holiday(key, ref.year)
    cands = [holiday(key, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    cands = [c for c in cands if c is not None]
    before = [c for c in cands if c < ref]
    after = [c for c in cands if c > ref]
    if mode == "last":
        return before[-1] if before else None
    if mode == "next":
        return after[0] if after else None
    past = max((c for c in cands if c <= ref), default=None)
    future = after[0] if after else None
    pd = (ref - past).days if past else 0
    fd = (future - ref).days if future else 0
    return choose(ref, past, future, pd, fd, cue)
