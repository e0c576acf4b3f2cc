"""Calendar arithmetic shared by the temporal kinds (not a kind: the underscore keeps it out of
the registry). Only dates and durations; what refers to what comes from the reading layer."""

from __future__ import annotations

import calendar
import datetime as _dt

#: Days per unit of an elapsed duration; months and years at their mean lengths.
UNIT_DAYS = {
    "day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.436875, "year": 365.2425,
    "decade": 3652.425, "century": 36524.25,
}
#: Hours per unit of a clock duration.
UNIT_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0,
              "fortnight": 336.0}


def unit_days(unit: str | None) -> float | None:
    """Days in one ``unit`` of a duration ("years", "yr", "month"...), or None."""
    if not unit:
        return None
    u = unit.lower().strip()
    for name, days in UNIT_DAYS.items():
        if u == name or u == name + "s" or u.startswith(name) or (name == "year" and u in ("yr", "yrs", "y")):
            return days
    if u in ("centuries",):
        return UNIT_DAYS["century"]
    return None


def date_bounds(iso: str | None) -> tuple[_dt.date, _dt.date] | None:
    """First and last day an ISO date at its own granularity covers: a year ("2019"), a decade
    or century with unspecified digits ("199X", "18XX"), a month
    ("2019-03"), an ISO week ("2025-W01", Monday to Sunday, which may start in the old year) or
    a day."""
    if not iso:
        return None
    try:
        if len(iso) == 4 and iso[:2].isdigit() and iso.rstrip("X") != iso and iso.rstrip("X").isdigit():
            # a decade "199X" or a century "18XX" (ISO 8601-2 unspecified digits)
            lo, hi = int(iso.replace("X", "0")), int(iso.replace("X", "9"))
            return _dt.date(max(lo, 1), 1, 1), _dt.date(hi, 12, 31)
        if len(iso) == 4 and iso.isdigit():
            y = int(iso)
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        if len(iso) == 8 and iso[4:6] == "-W":
            monday = _dt.date.fromisocalendar(int(iso[:4]), int(iso[6:8]), 1)
            return monday, monday + _dt.timedelta(days=6)
        if len(iso) == 7:
            y, m = int(iso[:4]), int(iso[5:7])
            return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(iso) == 10:
            d = _dt.date.fromisoformat(iso)
            return d, d
    except ValueError:
        return None
    return None


def readable(iso: str | None) -> str:
    """An ISO date as a message shows it: "199X" (a decade) as "1990–1999", anything else as is."""
    if iso and len(iso) == 4 and "X" in iso:
        return f"{iso.replace('X', '0')}–{iso.replace('X', '9')}"
    return iso or ""


def completed_years(born: _dt.date, on: _dt.date) -> int:
    """Whole years from ``born`` to ``on`` (an age)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_range(birth: tuple[_dt.date, _dt.date], at: tuple[_dt.date, _dt.date]) -> tuple[int, int]:
    """The ages a person born within ``birth`` can have within ``at``."""
    lo = completed_years(birth[1], at[0])
    hi = completed_years(birth[0], at[1])
    return min(lo, hi), max(lo, hi)
