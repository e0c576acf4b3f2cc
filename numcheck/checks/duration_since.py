"""Kind ``duration_since``: an elapsed time, tenure or anniversary that does not fit between its start and the document date.

"In the 15 years since … opened that first shop in 2013", "who opened … in 1989, … after 42
years", "opened its doors in 1998, … its 30th anniversary", "for 14 years" with "First elected
in 2015": the reading layer ties each duration or ordinal to its start (``elapsed`` relations,
:mod:`numcheck.read.temporal`); here the time from the start to the document date is computed.

Tolerance: the start covers its whole written granularity (all of 2019); the duration's
qualifier interval ("nearly 30 years" is at most 30, "more than a decade" over 10) is widened by
``slack_units`` of its own unit (at most ``max_slack_days``), because elapsed time in prose is
counted loosely. An anniversary is exact: the Nth anniversary falls N years after the start; the
Nth season or edition counts the first as one.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, Iterator

from numcheck.checks._calendar import date_bounds, readable, unit_days
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, intersects, interval
from numcheck.model import APPROX_TOLERANCE


class DurationSinceParams(Params):
    """How loosely elapsed time may be counted."""

    slack_units: float = 1.0
    max_slack_days: float = 366.0


def run(documents: Iterable[DocClaims], params: DurationSinceParams) -> Iterator[Finding]:
    """Yield one finding per elapsed time the document date cannot satisfy."""
    for dc in documents:
        if dc.date is None:
            continue
        for rel in dc.reading.relations:
            if rel.kind != "elapsed" or rel.blocked:
                continue
            start = dc.claims[rel.of("start")[0]]
            sb = date_bounds(start.date)
            if sb is None or sb[1] > dc.date:
                continue
            durs = rel.of("duration")
            dur = dc.claims[durs[0]] if durs else None
            found = _check(dc, rel, dur, start, sb, params)
            if found is not None:
                yield found


def _check(dc, rel, dur, start, sb, params):
    first, last = sb
    if dur is not None and dur.kind == "ordinal":
        # the Nth anniversary is N years on; the Nth season counts the first as one
        years = dc.date.year - first.year
        n = years + (1 if rel.cue == "edition" else 0)
        if abs(dur.value - n) < 0.5:
            return None
        return _finding(dc, dur, start, f"{dur.text} {rel.cue}", "year", (n, n),
                        f"from {start.text} to {dc.date.year} makes this the {int(n)}th, not the {dur.text}"
                        if rel.cue == "anniversary" else
                        f"counting {start.text} as the first, {dc.date.year} is the {int(n)}th, not the {dur.text}")
    if dur is not None:
        per = unit_days("year" if dur.kind == "age" else dur.unit)
        if per is None:
            return None
        lo, hi = interval(dur)
        if dur.qualifier == "approx" and dur.text.lower().startswith(("nearly", "almost")):
            hi = dur.value  # "nearly 30 years" is at most 30
        unit = "year" if dur.kind == "age" else (dur.unit or "")
        text = dur.text
    else:
        per = 365.2425
        v = rel.value or 1.0
        lo, hi = {"exact": (v, v), "almost": (v * (1 - APPROX_TOLERANCE), v),
                  "more_than": (v, float("inf"))}.get(rel.bound, (v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE)))
        unit, text = "year", rel.cue
    slack = min(params.slack_units * per, params.max_slack_days) if (dur is not None and dur.kind != "age") or rel.bound != "exact" else per / 24
    if dur is None and rel.bound == "exact":
        slack = 3.0  # "exactly a year": within a few days
    elapsed = ((dc.date - last).days, (dc.date - first).days)
    stated = (lo * per - slack, hi * per + slack)
    if intersects(stated, elapsed):
        return None
    computation = (
        f"from {readable(start.date)} to the document date {dc.date.isoformat()} is "
        f"{fmt(round(elapsed[0] / per, 1))}–{fmt(round(elapsed[1] / per, 1))} {unit}s, outside the "
        f"{fmt(max(0, stated[0] / per))}–{fmt(stated[1] / per)} {unit}s that \"{text}\" allows"
    )
    return _finding(dc, dur, start, text, unit, (round(elapsed[0] / per, 1), round(elapsed[1] / per, 1)),
                    computation, primary_claim=dur or start)


def _finding(dc, dur, start, text, unit, elapsed, computation, primary_claim=None):
    evidence = [Involved(dc.doc, start, "start")]
    if dc.date_evidence is not None:
        evidence.append(dc.date_evidence)
    return Finding(
        primary=Involved(dc.doc, primary_claim or dur, "duration"),
        evidence=tuple(evidence),
        values={"duration_text": f"\"{text}\"", "start_text": start.text,
                "document_date": dc.date.isoformat(), "elapsed_low": elapsed[0],
                "elapsed_high": elapsed[1], "unit": unit},
        computation=computation,
    )


KIND = KindSpec(
    name="duration_since",
    params=DurationSinceParams,
    run=run,
    scope="document",
    description="An elapsed time, tenure or anniversary disagrees with its start and the document date.",
)
