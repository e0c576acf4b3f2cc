"""Kind ``product``: a per-unit figure times its count contradicts the stated total.

"About 1,000 prisoners on each side ... 2,000 in total" is consistent (2 × 900–1,100 allows
2,000); "1,000 per side ... 2,500 in total" is not.

The relations come from the reading layer (``product``, :mod:`numcheck.read`): a per-unit or
average figure, every count the text allows as the number of its units (all of them are
readings: the check fires only when none gives the total), and the total. A per-side figure
multiplies by the two parties the story speaks of (``value`` 2 on the relation).

Two checks (param ``check``):

``per_unit`` (NC101)
    A figure stated for each unit ("£2,500 for each of those days", "£61,000 apiece", "Each
    vehicle will cost £385,000", "1,000 per side").
``average`` (NC102)
    An average per unit ("averaged 28,700 a game", "an average of 1,850 parcels"). A quotient
    is rarely a whole number, so the average is read as rounded to its last written digit.
"""

from __future__ import annotations

import math
from typing import Iterable, Iterator, Literal

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, interval, intersects
from numcheck.model import Claim


class ProductParams(Params):
    """Which product relation a rule checks."""

    check: Literal["per_unit", "average"]
    #: Also pair a per-side figure with a total in another document of the story.
    cross_document: bool = True


def _average_halfwidth(c: Claim) -> float:
    """Half the unit of an average's last digit: "28,700" is good to ±50, "2" to ±0.5."""
    text = c.text.replace(",", "")
    digits = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    if not digits or c.value is None:
        return 0.5
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    whole = digits.split(".")[0]
    zeros = len(whole) - len(whole.rstrip("0"))
    literal = float(whole) if whole else 1.0
    scale = c.value / literal if literal else 1.0
    return 0.5 * 10 ** zeros * scale


def run(documents: Iterable[DocClaims], params: ProductParams) -> Iterator[Finding]:
    """Yield a finding for each per-unit × count that no reading fits to its total."""
    docs = list(documents)
    for dc in docs:
        claims = dc.claims
        mentions = dc.reading.mentions
        for rel in dc.reading.relations:
            if rel.kind != "product" or rel.blocked:
                continue
            u = rel.of("per_unit")[0]
            role = mentions[u].role
            if (params.check == "average") != (role == "average"):
                continue
            each = claims[u]
            totals = [(dc, claims[k]) for k in rel.of("total")]
            counts = [claims[k] for k in rel.of("count")]
            things = {dc.claims[k].start: mentions[k].thing for k in rel.of("count")}
            multipliers = [(interval(c), f"{c.text} ({things[c.start]})" if things.get(c.start) else c.text, c)
                           for c in counts]
            if rel.value is not None:
                multipliers.append(((rel.value, rel.value), f"{fmt(rel.value)} sides" if rel.cue == "both sides" else rel.cue, None))
            if not multipliers or not totals:
                continue
            lo, hi = interval(each)
            if role == "average":
                r = _average_halfwidth(each)
                lo, hi = lo - r, hi + r
            for tdc, total in totals:
                yield from _judge(dc, each, role, multipliers, lo, hi, tdc, total)
    if params.cross_document and len(docs) > 1 and params.check == "per_unit":
        from numcheck.read.story import link_products

        by_doc = {d.doc: d for d in docs}
        for rel in link_products(docs):
            A, B = by_doc[rel.docs[0]], by_doc[rel.docs[1]]
            each = A.claims[rel.of("per_unit")[0]]
            total = B.claims[rel.of("total")[0]]
            lo, hi = interval(each)
            for f in _judge(A, each, "per_unit", [((rel.value, rel.value), f"{fmt(rel.value)} sides", None)], lo, hi, B, total):
                # across articles the total is where the contradiction shows; cite the per-side figure
                yield Finding(primary=Involved(B.doc, total, "total"),
                              evidence=(Involved(A.doc, each, "per unit"),),
                              values={"each": f.values["each"], "multiplier": f.values["multiplier"],
                                      "total": f.values["total"], "expected": f.values["expected"]},
                              computation=f.computation)


def _judge(dc, each, role, multipliers, lo, hi, tdc, total):
    """A finding when no multiplier takes ``each`` (its interval ``lo``–``hi``) to ``total``."""
    t_iv = interval(total)
    if any(intersects((lo * m_lo, hi * m_hi), t_iv) for (m_lo, m_hi), _, _ in multipliers):
        return
    (m_lo, m_hi), label, count = multipliers[0]
    product = each.value * (m_lo + m_hi) / 2
    alts = ""
    if len(multipliers) > 1:
        alts = "; nor with " + ", ".join(f"{t}: {fmt(each.value * (a + b) / 2)}"
                                         for (a, b), t, _ in multipliers[1:])
    ev = [Involved(dc.doc, c, "count") for _, _, c in multipliers if c is not None]
    ev.append(Involved(tdc.doc, total, "total"))
    yield Finding(
        primary=Involved(dc.doc, each, "per unit" if role != "average" else "average"),
        evidence=tuple(ev),
        values={"each": each.text, "multiplier": label, "total": total.text, "expected": product},
        computation=f"{each.text} × {label} = {fmt(product)}; \"{total.text}\" allows {_iv(t_iv)}{alts}",
    )


def _iv(iv) -> str:
    lo, hi = iv
    if lo == hi:
        return fmt(lo)
    if not math.isfinite(hi):
        return f"≥ {fmt(lo)}"
    return f"{fmt(lo)}–{fmt(hi)}"


KIND = KindSpec(
    name="product",
    params=ProductParams,
    run=run,
    scope="story",
    description="A per-unit or average figure times its count contradicts the stated total.",
)
