"""Kind ``cumulative``: a running total that falls in a later article of the same story.

"At least 4,757 have returned so far" on May 23 and "4,000 have returned so far" on May 30: a
count of everyone who has come home can only grow.

A figure is a running total when its clause speaks of accumulation over time: "so far", "to
date", "since", "the death toll rose to", "has reached", "now stands at" ("a total of 441" is
a sum at one time, and is not enough). Both figures must be running totals of
the same thing by the strict test of :func:`numcheck.checks.agreement.same_thing` (changes and
comparisons such as "up from" are never running totals). Articles are ordered by their dates
only: articles with equal dates, or without a date, are not ordered and never compared.

A finding needs the later figure's whole interval to lie below the earlier one's: "more than
4,000" after "at least 4,757" is consistent, "4,000" is not.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from numcheck.checks.agreement import AgreementParams, Measure, measures, same_thing
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec
from numcheck.checks.common import describe, fmt, interval

# Only words of accumulation over time: "a total of 441" is a sum, not a running total.
_RUNNING = re.compile(
    r"\b(?:so\s+far|to\s+date|thus\s+far|until\s+now|up\s+to\s+now|since|"
    r"(?:death|casualty|fatality)\s+toll|cumulative(?:ly)?|"
    r"(?:has|have|had)\s+(?:now\s+)?(?:risen|climbed|reached|grown|increased|surpassed)|"
    r"rose\s+to|climbed\s+to|now\s+stands?\s+at|toll\s+(?:stands?|stood)\s+at)\b",
    re.IGNORECASE,
)


class CumulativeParams(AgreementParams):
    """Same knobs as :class:`~numcheck.checks.agreement.AgreementParams`."""


def _clause_text(dc: DocClaims, m: Measure) -> str:
    from numcheck.checks.agreement import _clause

    s, e = _clause(dc, m.claim)
    return dc.text[s:e]


def running_totals(dc: DocClaims, params: CumulativeParams) -> list[Measure]:
    """The figures of a document that its own words mark as running totals."""
    return [m for m in measures(dc, params, running=True) if _RUNNING.search(_clause_text(dc, m))]


def run(documents: Iterable[DocClaims], params: CumulativeParams) -> Iterator[Finding]:
    """Yield one finding per running total that is lower in a later-dated article."""
    docs = [d for d in documents if d.date is not None]
    totals = {d.doc: running_totals(d, params) for d in docs}
    for da in docs:
        for db in docs:
            if not da.date < db.date:
                continue
            for a in totals[da.doc]:
                for b in totals[db.doc]:
                    if not same_thing(a, b) or max(a.claim.value, b.claim.value) < params.min_value:
                        continue
                    a_lo, _ = interval(a.claim)
                    _, b_hi = interval(b.claim)
                    if not b_hi < a_lo:
                        continue
                    yield _finding(a, b, da, db)


def _finding(a: Measure, b: Measure, da: DocClaims, db: DocClaims) -> Finding:
    a_lo, _ = interval(a.claim)
    _, b_hi = interval(b.claim)
    computation = (
        f"{describe(a.claim)} in {a.doc} ({da.date.isoformat()}) is a running total of the "
        f"{a.head}, so {b.doc} ({db.date.isoformat()}) should give at least {fmt(a_lo)}; "
        f"{describe(b.claim)} is at most {fmt(b_hi)}"
    )
    return Finding(
        primary=Involved(b.doc, b.claim, "later total"),
        evidence=(Involved(a.doc, a.claim, "earlier total"),),
        values={"later": b.claim.text, "later_date": db.date.isoformat(), "earlier": a.claim.text,
                "earlier_date": da.date.isoformat(), "earlier_doc": a.doc, "thing": a.head},
        computation=computation,
    )


KIND = KindSpec(
    name="cumulative",
    params=CumulativeParams,
    run=run,
    scope="story",
    description="A running total is lower in a later-dated article of the same story.",
)
