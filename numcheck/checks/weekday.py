"""Kind ``weekday``: a weekday written beside an explicit calendar date that falls on another day.

"Monday, April 8, 2025": April 8, 2025 was a Tuesday, so the two cannot both be right.

The weekday must be *attached* to the date, not merely nearby, because prose often names two
days in one sentence ("on Friday, two days after the March 3 vote"). Attached means one of:

- the weekday opens the date ("Monday, April 8, 2025", "Monday 8 April", "Monday (April 8)");
- the date is followed by an appositive weekday ("April 8, a Monday", "April 8 (Monday)").

and nothing but a comma, brackets or spaces stands between them. A weekday followed by a clock
time or a time-zone note ("Saturday (2024 Friday, UTC)") is a different, time-zone-shifted
reading and is left alone.

Only dates that name a day of a month in digits are checked, and weekdays that are part of a
name ("Super Tuesday", "Black Friday") are not weekdays. A date whose year was taken from the
document date (``relative``) is checked only within ``max_inferred_days`` of that date: the
extractor's year choice is reliable there, and an old date ("Saturday, December 28" in an
article about last winter) is too easily resolved into the wrong year.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.model import Claim

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_INDEX = {n.lower(): i for i, n in enumerate(WEEKDAY_NAMES)}
_WD = "(?P<wd>" + "|".join(WEEKDAY_NAMES) + ")"

# the weekday right before the date: "Monday, " "Monday " "Monday (" "Monday, the "
_BEFORE = re.compile(_WD + r"\s*,?\s*(?:\(\s*)?(?:the\s+)?$")
# the weekday right after the date: ", a Monday" " (Monday)" ", which was a Monday"
_AFTER = re.compile(r"^\s*(?:,\s*(?:which\s+(?:was|is|will\s+be)\s+)?a\s+|\(\s*)" + _WD + r"\b")
# the weekday inside the claim's own text, opening it
_INSIDE = re.compile(r"^\s*" + _WD + r"\b")
# a clock time or a time-zone note next to the weekday makes it a shifted reading
_TIME_NOTE = re.compile(r"\b(?:UTC|GMT|[ECMP][SD]?T|local\s+time|\d{1,2}[:.]\d\d|\d{3,4}\s*(?:UTC|GMT|hours?))\b")

# a capitalised word before the weekday makes it a name ("Super Tuesday", "Black Friday")
_NAMED_DAY = re.compile(r"\b[A-Z][a-z]+\s+$")


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


def attached_weekday(text: str, claim: Claim) -> tuple[str, int, int] | None:
    """The weekday attached to a date claim, as ``(name, start, end)`` offsets, if any."""
    m = _INSIDE.match(claim.text)
    if m:
        start = claim.start + m.start("wd")
        return m.group("wd"), start, start + len(m.group("wd"))
    before = text[max(0, claim.start - 24):claim.start]
    m = _BEFORE.search(before)
    if m:
        start = claim.start - len(before) + m.start("wd")
        return m.group("wd"), start, start + len(m.group("wd"))
    after = text[claim.end:claim.end + 40]
    m = _AFTER.match(after)
    if m:
        start = claim.end + m.start("wd")
        return m.group("wd"), start, start + len(m.group("wd"))
    return None


def _has_time_note(text: str, start: int, end: int) -> bool:
    """A clock time or time zone within the bracket or clause right around the weekday."""
    window = text[max(0, start - 12):min(len(text), end + 30)]
    return bool(_TIME_NOTE.search(window))


def run(documents: Iterable[DocClaims], params: WeekdayParams) -> Iterator[Finding]:
    """Yield one finding per date whose attached weekday is not the date's weekday."""
    for dc in documents:
        for claim in dc.claims:
            day = _full_date(claim)
            if day is None or claim.boilerplate:
                continue
            if claim.relative:
                if dc.date is None or abs((day - dc.date).days) > params.max_inferred_days:
                    continue
            if not any(ch.isdigit() for ch in claim.text):
                # "yesterday", "last Friday": the weekday is not an independent statement
                continue
            found = attached_weekday(dc.text, claim)
            if found is None:
                continue
            name, ws, we = found
            if _NAMED_DAY.search(dc.text[max(0, ws - 12):ws]):
                continue
            if _has_time_note(dc.text, ws, we):
                continue
            if _WEEKDAY_INDEX[name.lower()] == day.weekday():
                continue
            yield _finding(dc, claim, day, name, ws, we)


def _finding(dc: DocClaims, claim: Claim, day: _dt.date, name: str, ws: int, we: int) -> Finding:
    actual = WEEKDAY_NAMES[day.weekday()]
    year_note = ""
    if claim.relative and dc.date is not None:
        year_note = f" (year {day.year} taken from the document date {dc.date.isoformat()})"
    computation = f"{day.isoformat()}{year_note} is a {actual}, not a {name}"
    weekday_claim = Claim(start=ws, end=we, text=dc.text[ws:we], kind="date", value=None,
                          sentence=claim.sentence, relative=True, block=claim.block)
    evidence = [Involved(dc.doc, weekday_claim, "stated weekday")]
    if claim.relative and dc.date_evidence is not None:
        evidence.append(dc.date_evidence)
    return Finding(
        primary=Involved(dc.doc, claim, "date"),
        evidence=tuple(evidence),
        values={"date_text": claim.text, "date": day.isoformat(), "stated": name,
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
