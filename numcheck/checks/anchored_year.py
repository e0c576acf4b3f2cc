"""Kind ``anchored_year``: an explicit year or date that contradicts a date anchored on the document date.

"Earlier this month, 200 soldiers were freed in a May 7 swap, the fifth such exchange in 2024",
in an article dated May 2025: "earlier this month" pins the swap to May 2025, so "in 2024"
cannot describe the same swap. "He was first elected eight years ago, in 2012" in 2024;
"will open next year" and "would open its doors in August 2027" in 2025.

Which relative and explicit times name one event is the reading layer's (``anchor`` relations,
:mod:`numcheck.read.temporal`: apposition, an ordinal or event phrase in one clause, the same
event told again nearby), as are the comparisons that name two periods on purpose ("the same
quarter last year"), which are non-relations. Here the check is calendar arithmetic: the
explicit date must fall inside the period the relative expression resolves to.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from numcheck.checks._calendar import date_bounds, readable
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params


class AnchoredYearParams(Params):
    """Days a relative week or "last month" may reach past its calendar period (a reporter's
    "last week" may be eight days ago)."""

    slack_days: int = 1


def _hedged(a, bounds):
    """The period a relative expression allows: "eight years ago" is a year either side of the
    day it resolves to, "a decade ago" two, "more than a decade ago" anything before it."""
    import datetime as _dt

    lo, hi = bounds
    text = a.text.lower()
    if "ago" in text and len(a.date or "") == 10:
        years = 2 if ("decade" in text or "century" in text) else 1
        lo, hi = lo.replace(year=lo.year - years, day=min(lo.day, 28)), hi.replace(year=hi.year + years, day=min(hi.day, 28))
    if a.qualifier in ("more_than", "at_least") and "ago" in text:
        lo = _dt.date.min
    if a.qualifier in ("less_than", "at_most", "up_to") and "ago" in text:
        hi = _dt.date.max
    return lo, hi


def run(documents: Iterable[DocClaims], params: AnchoredYearParams) -> Iterator[Finding]:
    """Yield one finding per explicit date outside the period its anchor resolves to."""
    import datetime as _dt

    for dc in documents:
        if dc.date is None:
            continue
        seen = set()
        for rel in dc.reading.relations:
            if rel.kind != "anchor" or rel.blocked:
                continue
            a = dc.claims[rel.of("relative")[0]]
            e = dc.claims[rel.of("explicit")[0]]
            ra, re_ = date_bounds(a.date), date_bounds(e.date)
            if ra is None or re_ is None:
                continue
            ra = _hedged(a, ra)
            slack = _dt.timedelta(days=params.slack_days)
            if re_[0] <= ra[1] + slack and ra[0] - slack <= re_[1]:
                continue
            if e.start in seen:
                continue
            seen.add(e.start)
            frames = rel.of("frame")
            evidence = [Involved(dc.doc, a, "anchor")]
            evidence += [Involved(dc.doc, dc.claims[k], "anchored date") for k in rel.of("corroborates")]
            evidence += [Involved(dc.doc, dc.claims[f], f"binds the year ({rel.cue})") for f in frames]
            if dc.date_evidence is not None:
                evidence.append(dc.date_evidence)
            source = f"document date {dc.date.isoformat()}"
            if dc.date_evidence is not None and dc.date_evidence.doc != dc.doc:
                source += f", taken from {dc.date_evidence.doc}"
            elif dc.date_source == "flag":
                source += ", given with --date"
            year = readable(e.date[:4])
            anchor_year = a.date[:4]
            anchors = [a] + [dc.claims[k] for k in rel.of("corroborates")]
            resolved = "; ".join(f"\"{x.text}\" → {x.date}" for x in anchors)
            ending = f"{anchor_year} ≠ {year}" if anchor_year != year else f"\"{e.text}\" is {readable(e.date)}, outside it"
            yield Finding(
                primary=Involved(dc.doc, e, "year" if e.kind == "year" else "date"),
                evidence=tuple(evidence),
                values={"year": year, "year_text": f"\"{e.text}\"",
                        "anchors": ", ".join(f"\"{x.text}\"" for x in anchors),
                        "anchor_year": anchor_year if anchor_year != year else a.date,
                        "document_date": dc.date.isoformat(), "frame": rel.cue},
                computation=f"{resolved} (resolved against the {source}); {ending}",
            )


KIND = KindSpec(
    name="anchored_year",
    params=AnchoredYearParams,
    run=run,
    scope="document",
    description="An explicit year contradicts a date anchored on the document date.",
)
