"""Kind ``weekday``: a weekday written beside an explicit calendar date that falls on another day.

"Monday, April 8, 2025": April 8, 2025 was a Tuesday, so the two cannot both be right.

Which weekday is written with which date is the reading layer's (``weekday`` relations,
:mod:`numcheck.read.temporal`): in the date's text ("Monday, April 8, 2025", "Sunday 9 March"),
right before it ("Thu., Feb. 4", "on Friday (13 November)") or in apposition after it ("April 8,
a Monday"); a time zone named beside it ("Saturday (2024 Friday, UTC)") makes a shifted reading,
a non-relation. Here the calendar decides.

Only dates that name a day of a month in digits are checked, and weekdays that are part of a
name ("Super Tuesday", "Black Friday") are not weekdays. A date whose year was taken from the
document date (``relative``) is checked only within ``max_inferred_days`` of that date: the
extractor's year choice is reliable there, and an old date ("Saturday, December 28" in an
article about last winter) is too easily resolved into the wrong year.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.model import Claim

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WeekdayParams(Params):
    """How far from the document date a date with an inferred year may lie and still be checked."""

    max_inferred_days: int = 120


def _full_date(claim: Claim) -> _dt.date | None:
    if claim.kind != "date" or not claim.date or len(claim.date) != 10:
        return None
    try:
        return _dt.date.fromisoformat(claim.date)
    except ValueError:
        return None


def run(documents: Iterable[DocClaims], params: WeekdayParams) -> Iterator[Finding]:
    """Yield one finding per date whose stated weekday is not the date's weekday."""
    for dc in documents:
        for rel in dc.reading.relations:
            if rel.kind != "weekday" or rel.blocked or rel.value is None:
                continue
            claim = dc.claims[rel.of("date")[0]]
            day = _full_date(claim)
            if day is None:
                continue
            if claim.relative and (dc.date is None or abs((day - dc.date).days) > params.max_inferred_days):
                continue
            stated = int(rel.value)
            if stated == day.weekday():
                continue
            yield _finding(dc, claim, day, WEEKDAY_NAMES[stated], rel.start, rel.end)


def _finding(dc: DocClaims, claim: Claim, day: _dt.date, name: str, ws: int, we: int) -> Finding:
    actual = WEEKDAY_NAMES[day.weekday()]
    year_note = ""
    if claim.relative and dc.date is not None:
        year_note = f" (year {day.year} taken from the document date {dc.date.isoformat()})"
    computation = f"{day.isoformat()}{year_note} is a {actual}, not a {name}"
    weekday_claim = Claim(start=ws, end=we, text=dc.text[ws:we], kind="date", value=None,
                          sentence=claim.sentence, relative=True, block=claim.block)
    name_text = dc.text[ws:we]
    evidence = [Involved(dc.doc, weekday_claim, "stated weekday")]
    if claim.relative and dc.date_evidence is not None:
        evidence.append(dc.date_evidence)
    return Finding(
        primary=Involved(dc.doc, claim, "date"),
        evidence=tuple(evidence),
        values={"date_text": claim.text, "date": day.isoformat(), "stated": name_text,
                "actual": actual},
        computation=computation,
    )


KIND = KindSpec(
    name="weekday",
    params=WeekdayParams,
    run=run,
    scope="document",
    description="A weekday attached to an explicit date is not that date's day of the week.",
)
