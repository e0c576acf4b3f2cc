"""Kind ``parts_whole``: a breakdown that does not fit the whole it breaks down.

"37 people died, 21 in one province and 19 in another": 21 + 19 = 40 > 37. With "at least
37 people died" the same breakdown is fine, since the whole may be 40.

The breakdowns come from the reading layer (``part_of`` relations, :mod:`numcheck.read`): a
whole and its parts in any of the phrasings it knows, with ``complete`` when the text gives the
breakdown as exhaustive ("the remaining 23", "split three ways", "with the balance of") and a
``blocked`` reason ("overlap") when the parts name categories that may overlap, in which case
only a single part larger than the whole is wrong.

Two checks (param ``check``):

``exceed`` (NC111)
    The parts add up to more than the whole allows (intervals and rounding from
    :mod:`numcheck.checks.common`).
``exact_sum`` (NC112)
    The breakdown is complete and the parts add up to less than the whole allows (more is
    NC111's), so never twice for one breakdown.
"""

from __future__ import annotations

import math
from typing import Iterable, Iterator, Literal

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import add, fmt, interval, intersects


class PartsWholeParams(Params):
    """Which relation between a breakdown and its whole a rule checks."""

    check: Literal["exceed", "exact_sum"]


def run(documents: Iterable[DocClaims], params: PartsWholeParams) -> Iterator[Finding]:
    """Yield a finding for each breakdown that cannot fit its whole."""
    for dc in documents:
        claims = dc.claims
        for rel in dc.reading.relations:
            if rel.kind != "part_of" or rel.blocked not in ("", "overlap"):
                continue
            whole = claims[rel.of("whole")[0]]
            parts = [claims[k] for role, k in rel.members if role != "whole"]
            if not parts:
                continue
            whole_iv = interval(whole)
            if params.check == "exceed":
                for p in parts:
                    if interval(p)[0] > whole_iv[1] + 1e-9:
                        yield _finding(dc, whole, [p], "exceed", rel.cue)
                        break
                else:
                    if rel.blocked or len(parts) < 2:
                        continue
                    total = add(*[interval(p) for p in parts])
                    if total[0] > whole_iv[1] + 1e-9:
                        yield _finding(dc, whole, parts, "exceed", rel.cue)
                continue
            if rel.blocked or not rel.complete or len(parts) < 2:
                continue
            total = add(*[interval(p) for p in parts])
            if total[0] > whole_iv[1] + 1e-9 or intersects(total, whole_iv):
                continue
            yield _finding(dc, whole, parts, "short", rel.cue)


def _finding(dc: DocClaims, whole, parts, how: str, cue: str) -> Finding:
    wlo, whi = interval(whole)
    plus = " + ".join(p.text for p in parts)
    value_sum = sum(p.value for p in parts)
    total = add(*[interval(p) for p in parts])
    if how == "exceed":
        allows = f"at most {fmt(whi)}" if math.isfinite(whi) else "any number"
        relation = f"which is more than {whole.text!r} allows ({allows})"
    else:
        relation = (f"but the breakdown is given as complete and {whole.text!r} allows "
                    f"{fmt(wlo)}" + (f"–{fmt(whi)}" if whi != wlo else ""))
    sum_text = f"{plus} = {fmt(value_sum)}" if len(parts) > 1 else plus
    if len(parts) > 1 and total[0] != value_sum and how == "exceed":
        sum_text += f" (at least {fmt(total[0])})"
    if len(parts) > 1 and total[1] != value_sum and how == "short":
        sum_text += f" (at most {fmt(total[1])})"
    return Finding(
        primary=Involved(dc.doc, whole, "whole"),
        evidence=tuple(Involved(dc.doc, p, "part") for p in parts),
        values={"whole": whole.text, "parts": plus, "sum": value_sum, "frame": cue},
        computation=f"{sum_text}, {relation}",
    )


KIND = KindSpec(
    name="parts_whole",
    params=PartsWholeParams,
    run=run,
    scope="document",
    description="Parts of a breakdown exceed, or (when complete) fail to add up to, their whole.",
)
