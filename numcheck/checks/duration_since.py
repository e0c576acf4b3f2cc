"""Kind ``duration_since``: an elapsed time that does not fit between its start date and the document date.

"More than 10 years since 2019" in an article dated 2024: at most 5 years and a few days have
passed since any day of 2019.

The duration must be tied to its start by "since" with nothing but a few linking words in
between ("ten years since 2019", "five years have passed since March 2020", "a decade since
the 2014 vote"). The end of the interval is the document date, so a sentence that is set at
another time is skipped: one that names a further explicit year or date, or uses the past
perfect ("by then it had been five years since 2005").

Tolerance: the start date covers its whole written granularity (all of 2019, all of March 2020);
the duration's qualifier interval (see :mod:`numcheck.checks.common`) is widened by
``slack_units`` of its own unit (at most ``max_slack_days``), because elapsed time in prose is
counted loosely ("five years" may be four years and ten months, "a decade" nine years).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, intersects, interval
from numcheck.model import Claim

#: Days per unit of an elapsed duration; months and years at their mean lengths.
UNIT_DAYS = {
    "day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.436875, "year": 365.2425,
    "decade": 3652.425, "century": 36524.25,
}

_SINCE_GAP = re.compile(
    r"^\s*(?:(?:have|has|had)\s+)?(?:(?:now\s+)?(?:passed|elapsed|gone\s+by)\s+)?since\s+"
    r"(?:(?:early|late|mid|the\s+(?:start|end|beginning|middle|spring|summer|autumn|fall|winter)"
    r"\s+of|the|its|their|his|her)[\s-]+)?$",
    re.IGNORECASE,
)
_PAST_FRAME = re.compile(r"\b(?:had\s+(?:been|passed|elapsed)|by\s+then|at\s+the\s+time)\b",
                         re.IGNORECASE)


# the elapsed time must run up to now: present perfect or present ("it has been", "marks",
# "in the ten years since"); "served for almost a decade since 2008" is a closed past period
_UP_TO_NOW = re.compile(r"(?:\b(?:has|have|is|are|marks?|marking|now|in\s+the|over\s+the|for\s+the|"
                        r"during\s+the)\b|'s|'ve)", re.IGNORECASE)


class DurationSinceParams(Params):
    """How loosely elapsed time may be counted."""

    slack_units: float = 1.0
    max_slack_days: float = 366.0


def unit_days(unit: str | None) -> float | None:
    """Days in one ``unit`` of a duration ("years", "yr", "month"...), or None if not a calendar unit."""
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
    """First and last day an ISO date at its own granularity ("2019", "2019-03", "2019-03-04") covers."""
    if not iso:
        return None
    try:
        if len(iso) == 4 and iso.isdigit():
            y = int(iso)
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        if len(iso) == 7:
            y, m = int(iso[:4]), int(iso[5:7])
            return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(iso) == 10:
            d = _dt.date.fromisoformat(iso)
            return d, d
    except ValueError:
        return None
    return None


def lead_gap(text: str, left_end: int, claim: Claim) -> str:
    """The text from ``left_end`` to where ``claim`` names its time, past any lower-case
    prepositions the claim's own span starts with ("since 2019", "in March 2012")."""
    lead = re.match(r"(?:[a-z]+\s+)*", claim.text)
    return text[left_end:claim.start] + (lead.group() if lead else "")


def _explicit_time(c: Claim) -> bool:
    return c.kind in ("year", "date") and not c.relative and date_bounds(c.date) is not None


def run(documents: Iterable[DocClaims], params: DurationSinceParams) -> Iterator[Finding]:
    """Yield one finding per "N units since DATE" that the document date cannot satisfy."""
    for dc in documents:
        if dc.date is None:
            continue
        for sentence, claims in dc.by_sentence().items():
            if _PAST_FRAME.search(dc.sentence_text(sentence)):
                continue
            pairs = []
            for i, dur in enumerate(claims):
                if dur.kind != "duration" or dur.boilerplate or dur.value is None:
                    continue
                per = unit_days(dur.unit)
                if per is None:
                    continue
                start = next((c for c in claims[i + 1:i + 2] if _explicit_time(c)), None)
                if start is None or not _SINCE_GAP.match(lead_gap(dc.text, dur.end, start)):
                    continue
                lead = dc.text[max(dc.sentence_span(sentence)[0], dur.start - 60):dur.start]
                if not (_UP_TO_NOW.search(lead) or _UP_TO_NOW.search(lead_gap(dc.text, dur.end, start))):
                    continue
                pairs.append((dur, start, per))
            starts = {id(p[1]) for p in pairs}
            # any other explicit time may set the sentence at another moment than the document date
            if any(_explicit_time(c) and id(c) not in starts for c in claims):
                continue
            for dur, start, per in pairs:
                found = _check(dc, dur, start, per, params)
                if found is not None:
                    yield found


def _check(dc: DocClaims, dur: Claim, start: Claim, per: float,
           params: DurationSinceParams) -> Finding | None:
    first, last = date_bounds(start.date)
    if last > dc.date:
        return None
    elapsed = ((dc.date - last).days, (dc.date - first).days)
    lo, hi = interval(dur)
    slack = min(params.slack_units * per, params.max_slack_days)
    stated = (lo * per - slack, hi * per + slack)
    if intersects(stated, elapsed):
        return None
    unit = dur.unit or ""
    computation = (
        f"from {start.date} ({first.isoformat()}–{last.isoformat()}) to the document date "
        f"{dc.date.isoformat()} is {fmt(elapsed[0] / per)}–{fmt(elapsed[1] / per)} {unit}, "
        f"outside {fmt(stated[0] / per)}–{fmt(stated[1] / per)} {unit} allowed for "
        f"\"{dur.text}\" (± {fmt(slack / per)} {unit} slack)"
    )
    evidence = [Involved(dc.doc, start, "start date")]
    if dc.date_evidence is not None:
        evidence.append(dc.date_evidence)
    return Finding(
        primary=Involved(dc.doc, dur, "duration"),
        evidence=tuple(evidence),
        values={"duration_text": dur.text, "start_text": start.text,
                "document_date": dc.date.isoformat(),
                "elapsed_low": round(elapsed[0] / per, 1), "elapsed_high": round(elapsed[1] / per, 1),
                "unit": unit},
        computation=computation,
    )


KIND = KindSpec(
    name="duration_since",
    params=DurationSinceParams,
    run=run,
    scope="document",
    description="A duration since a date disagrees with the time from that date to the document date.",
)
