"""Kind ``agreement``: one measured thing stated twice in an article with values that cannot both hold.

"The 1,200-kilometre pipeline ..." and later "it will stretch 950km": one pipeline has one
length.

The pairs come from the reading layer (``same`` relations, :mod:`numcheck.read`): two mentions
of one thing, attribute, owner and time, the later one referring back definitely ("the pipeline",
"Of the 17 dead", "all 380 beds", "The $68 million deal"). The reading marks as non-relations
the pairs that disagree for a reason the text gives (figures attributed to different sources,
different times, different holders, a plan against an outcome); here only the intervals are
compared.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import describe, intersects, interval


class AgreementParams(Params):
    """The smallest figure considered (small counts repeat for many reasons)."""

    min_value: float = 10


def thing_of(key: str) -> str:
    """The thing a mention key names, for messages ("count|person|carry|ferry" → "person")."""
    parts = key.split("|")
    return parts[1] if len(parts) > 1 else key


def conflict(a, b) -> bool:
    """True when two claims' intervals share no value."""
    return not intersects(interval(a), interval(b))


def _in_unit(c, unit):
    """``c`` converted to ``unit`` (pint is loaded only here, when two units meet), or None."""
    from dataclasses import replace

    from numcheck.extract import units

    try:
        f = units.convert(1.0, c.unit, unit)
    except Exception:  # a unit pint cannot convert: the two figures are not comparable
        return None
    lo, hi = interval(c)
    return replace(c, value=c.value * f, low=lo * f, high=hi * f, qualifier="exact" if lo == hi else "approx",
                   unit=unit)


def run(documents: Iterable[DocClaims], params: AgreementParams) -> Iterator[Finding]:
    """Yield a finding for each pair of mentions of one thing whose values conflict."""
    for dc in documents:
        claims = dc.claims
        for rel in dc.reading.relations:
            if rel.kind != "same" or rel.blocked:
                continue
            a, b = claims[rel.of("first")[0]], claims[rel.of("second")[0]]
            if a.kind == "quantity" and a.unit != b.unit:
                a = _in_unit(a, b.unit)
                if a is None:
                    continue
            # (small counts repeat for many reasons; a term or an age is one figure however small)
            if (a.kind not in ("duration", "age") and max(a.value, b.value) < params.min_value) or not conflict(a, b):
                continue
            m0 = dc.reading.mentions[rel.of("first")[0]]
            thing = m0.owner or m0.thing or thing_of(m0.key)
            if a.kind == "age":
                thing = f"age of {(m0.holder or 'this person').title()}"
            yield Finding(
                primary=Involved(dc.doc, b, "later value"),
                evidence=(Involved(dc.doc, a, "earlier value"),),
                values={"thing": thing, "first": a.text, "second": b.text},
                computation=f"{describe(a)} and {describe(b)} cannot both be the {thing}",
            )


KIND = KindSpec(
    name="agreement",
    params=AgreementParams,
    run=run,
    scope="document",
    description="One thing is given two values in one article.",
)
