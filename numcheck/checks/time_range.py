"""Kind ``time_range``: a time or date range that does not last as long as the duration stated for it.

"From 11pm on Friday 7 March until 5am on Monday 10 March - a 48-hour closure" is 54 hours;
"from 14 June to 30 August – a six-week programme" is 11 weeks. The range and the duration
that belongs to it come from the reading layer (``span`` relations,
:mod:`numcheck.read.temporal`), which leaves offsets ("30 minutes later than usual") and rates
("64 hours a week") alone.

Arithmetic: clock times with dates give an exact span; bare clock times are taken modulo a day
(a range may cross midnight); a date range may count both end days or one, and either
reading passes. Ranges whose ends name different time zones are skipped. The duration keeps its
qualifier interval, widened by half of its own unit or ``relative_slack`` of its value,
whichever is larger ("a two-hour meeting" may run two and a quarter hours).
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, Iterator

from numcheck.checks._calendar import UNIT_HOURS
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, intersects, interval


_WEEKDAY = {n: i for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                         "saturday", "sunday"))}


class TimeRangeParams(Params):
    """How loosely a stated duration may be rounded."""

    relative_slack: float = 0.05


def _hours(c, text: str) -> tuple[_dt.datetime | None, float | None]:
    """A time claim as (datetime when its date is known, hour of day)."""
    if c.kind != "time" or c.value is None:
        return None, None
    h = c.value
    if c.date and len(c.date) == 10:
        d = _dt.date.fromisoformat(c.date)
        return _dt.datetime(d.year, d.month, d.day) + _dt.timedelta(hours=h), h
    return None, h


def run(documents: Iterable[DocClaims], params: TimeRangeParams) -> Iterator[Finding]:
    """Yield one finding per range whose length its stated duration does not allow."""
    for dc in documents:
        for rel in dc.reading.relations:
            if rel.kind != "span" or rel.blocked:
                continue
            a = dc.claims[rel.of("start")[0]]
            b = dc.claims[rel.of("end")[0]]
            durs = [dc.claims[k] for k in rel.of("duration")]
            dur = durs[0]
            pers = [UNIT_HOURS.get((d.unit or "").rstrip("s")) for d in durs]
            if any(p is None for p in pers) or any(d.value is None for d in durs):
                continue
            # "7 hours and 45 minutes": the parts add up to one length, rounded to the smallest unit
            extra = sum(d.value * p for d, p in zip(durs[1:], pers[1:]))
            per = pers[0]
            if a.kind == "time":
                da, ha = _hours(a, dc.text)
                db, hb = _hours(b, dc.text)
                if ha is None or hb is None:
                    continue
                if da is not None and db is not None:
                    if db < da and da - db < _dt.timedelta(days=7):
                        # "from 7 p.m. Monday to 1 p.m. Tuesday" read against a Monday document
                        # date gives last Tuesday: the end is the Tuesday after the start
                        db += _dt.timedelta(days=7)
                    lengths = [(db - da).total_seconds() / 3600]
                else:
                    lengths = [(hb - ha) % 24 or 24.0]
            else:
                if not (a.date and b.date and len(a.date) == 10 and len(b.date) == 10):
                    continue
                da, db = _dt.date.fromisoformat(a.date), _dt.date.fromisoformat(b.date)
                wd = _WEEKDAY.get(a.text.lower().split()[0]) if not any(ch.isdigit() for ch in a.text) else None
                if wd is not None:
                    # "Friday to Sunday 25 May": the Friday before the end, not the document's
                    da = db - _dt.timedelta(days=(db.weekday() - wd) % 7)
                days = (db - da).days
                if days < 0:
                    continue
                lengths = [days * 24.0, (days + 1) * 24.0]  # either end counted, or both
            lo, hi = interval(dur)
            slack = max(0.5 * pers[-1], params.relative_slack * (dur.value * per + extra))
            stated = (lo * per + extra - slack, hi * per + extra + slack)
            if dur.qualifier in ("more_than", "at_least"):
                stated = (lo * per + extra, stated[1])  # "more than five hours" is a hard floor
            elif dur.qualifier in ("less_than", "at_most", "up_to"):
                stated = (stated[0], hi * per + extra)
            if any(intersects((x, x), stated) for x in lengths if x >= 0):
                continue
            if extra:
                per = pers[-1]  # lengths shown in the smallest unit stated
                dur_text = " and ".join(d.text for d in durs)
            else:
                dur_text = dur.text
            unit = (durs[-1].unit or "hour").rstrip("s")
            length = lengths[0] / per
            shown = fmt(round(length, 1)) if len(lengths) == 1 else f"{fmt(round(lengths[0] / per, 1))}–{fmt(round(lengths[1] / per, 1))}"
            yield Finding(
                primary=Involved(dc.doc, dur, "duration"),
                evidence=(Involved(dc.doc, a, "start"), Involved(dc.doc, b, "end")),
                values={"start_text": a.text, "end_text": b.text, "length": shown, "unit": unit,
                        "duration_text": f"\"{dur_text}\""},
                computation=(f"{a.text} to {b.text} is {shown} {unit}s; \"{dur_text}\" allows "
                             f"{fmt(round(stated[0] / per, 2))}–{fmt(round(stated[1] / per, 2))}"),
            )


KIND = KindSpec(
    name="time_range",
    params=TimeRangeParams,
    run=run,
    scope="document",
    description="A time or date range disagrees with the duration stated for it.",
)
