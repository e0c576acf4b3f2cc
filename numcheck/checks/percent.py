"""Kind ``percent``: percentages that contradict the figures they are computed from.

One kind, three checks (param ``check``), each over relations of the reading layer
(:mod:`numcheck.read`):

``share_of_base`` (NC201)
    ``share_of``: a count, its base and the share stated for it ("600 of the 2,000 members
    (35%)", "340 positions, or about 12% of its 4,100-strong workforce", "A third of them, 21
    sites"). The share computed from the count and base must fall inside the stated share's
    interval. Shares in words ("one in five", "a third", "nearly half") are roundings by
    nature and allow :data:`FRACTION_TOLERANCE` either way.

``shares_sum`` (NC202)
    ``shares``: shares of one whole that partitions by its nature (an election result, a
    single-answer question, a budget split, the sources of a supply) or that the text gives
    as complete ("the remaining 12 percent", "no other candidates"). They must not add up to
    more than 100% beyond rounding, and when complete not to less. Lists that the reading
    marks as multi-answer or as not a partition are left alone.

``change`` (NC203)
    ``change``: a stated change (percentage, percentage points, or a factor in words:
    "doubled", "halved", "more than doubled") with its start and end values. The direction
    counts ("fell 25% from 80 to 120" is wrong twice over). When the start and end values are
    themselves percentages, a percentage change may be relative or in points; "points" in the
    text allows only the difference.
"""

from __future__ import annotations

import math
from typing import Iterable, Iterator, Literal

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, interval, intersects
from numcheck.model import APPROX_TOLERANCE, Claim

#: How far a share in words ("one in five", "a third") may stray from its exact value,
#: relative: newsrooms write "a third" for 30–36% and "one in five" for 18–22%.
FRACTION_TOLERANCE = 0.12


class PercentParams(Params):
    """Which percentage relation a rule checks."""

    check: Literal["share_of_base", "shares_sum", "change"]


def _is_points(c: Claim) -> bool:
    return "point" in c.text.lower() or (c.unit or "").lower().endswith("point")


def _word_share(c: Claim) -> bool:
    return c.kind == "count" and c.value is not None and 0 < c.value < 1


def share_interval(c: Claim) -> tuple[float, float]:
    """A share as an interval of percentages (fractions in words widened as roundings)."""
    if _word_share(c):
        lo, hi = interval(c)
        v = c.value
        if c.qualifier in ("exact",):
            lo, hi = v * (1 - FRACTION_TOLERANCE), v * (1 + FRACTION_TOLERANCE)
        elif c.qualifier == "approx":
            lo, hi = v * (1 - FRACTION_TOLERANCE - APPROX_TOLERANCE), v * (1 + FRACTION_TOLERANCE)
            if c.text.lower().startswith(("nearly", "almost")):
                hi = v * 1.005
        else:
            lo = lo * (1 - FRACTION_TOLERANCE) if math.isfinite(lo) else lo
            hi = hi * (1 + FRACTION_TOLERANCE) if math.isfinite(hi) else hi
        return lo * 100, hi * 100
    return interval(c)


def _share_text(c: Claim) -> str:
    return c.text


def _iv(iv: tuple[float, float], digits: int = 1) -> str:
    lo, hi = iv
    if not math.isfinite(hi):
        return f"≥ {lo:.{digits}f}%"
    if abs(hi - lo) < 10 ** -digits:
        return f"{lo:.{digits}f}%"
    return f"{lo:.{digits}f}–{hi:.{digits}f}%"


def _share_of_base(dc: DocClaims, params: PercentParams) -> Iterator[Finding]:
    claims = dc.claims
    for rel in dc.reading.relations:
        if rel.kind != "share_of" or rel.blocked or not rel.of("part"):
            continue
        share = claims[rel.of("share")[0]]
        base = claims[rel.of("base")[0]]
        part = claims[rel.of("part")[0]]
        b_lo, b_hi = interval(base)
        p_lo, p_hi = interval(part)
        if b_hi <= 0 or b_lo <= 0 or not math.isfinite(p_lo):
            continue
        computed = (100.0 * p_lo / b_hi, 100.0 * p_hi / b_lo if math.isfinite(p_hi) else math.inf)
        stated = share_interval(share)
        if intersects(computed, stated):
            continue
        exact = 100.0 * part.value / base.value
        yield Finding(
            primary=Involved(dc.doc, share, "stated share"),
            evidence=(Involved(dc.doc, part, "count"), Involved(dc.doc, base, "base")),
            values={"count": part.text, "base": base.text, "computed": f"{exact:.1f}%",
                    "stated": share.text},
            computation=f"{part.text} / {base.text} = {exact:.1f}%; \"{share.text}\" allows {_iv(stated)}",
        )


def _shares_sum(dc: DocClaims, params: PercentParams) -> Iterator[Finding]:
    claims = dc.claims
    for rel in dc.reading.relations:
        if rel.kind != "shares" or rel.blocked:
            continue
        shares = [claims[k] for k in rel.of("share")]
        ivs = [share_interval(c) for c in shares]
        lo = sum(i[0] for i in ivs)
        hi = sum(i[1] for i in ivs)
        total = sum(c.value * (100 if _word_share(c) else 1) for c in shares)
        listed = " + ".join(c.text for c in shares)
        if lo > 100.0 + 1e-9:
            how = f"{listed} = {total:.1f}%, more than 100% even at the lowest reading ({lo:.1f}%)"
        elif rel.complete and hi < 100.0 - 1e-9:
            how = (f"{listed} = {total:.1f}%, short of 100% even at the highest reading ({hi:.1f}%), "
                   f"and the list is given as complete")
        else:
            continue
        yield Finding(
            primary=Involved(dc.doc, shares[-1], "share"),
            evidence=tuple(Involved(dc.doc, c, "share") for c in shares[:-1]),
            values={"shares": listed, "total": f"{total:.1f}%"},
            computation=how,
        )


def _change(dc: DocClaims, params: PercentParams) -> Iterator[Finding]:
    claims = dc.claims
    mentions = dc.reading.mentions
    for rel in dc.reading.relations:
        if rel.kind != "change" or rel.blocked:
            continue
        start = claims[rel.of("before")[0]]
        end = claims[rel.of("after")[0]]
        a_lo, a_hi = interval(start)
        b_lo, b_hi = interval(end)
        if a_lo <= 0 or not all(math.isfinite(x) for x in (a_hi, b_hi)):
            continue
        changes = [k for k in rel.of("change") if claims[k].kind == "percent" or _word_share(claims[k])]
        if changes:
            p = claims[changes[-1]]
            direction = mentions[changes[-1]].direction or 1
            # "fell by a fifth" is a rounding, widened as shares in words are
            p_lo, p_hi = share_interval(p)
            stated = (p_lo, p_hi) if direction > 0 else (-p_hi, -p_lo)
            points = _is_points(p) or mentions[changes[-1]].thing == "point"
            readings = []
            if not points:
                readings.append((100.0 * (b_lo / a_hi - 1), 100.0 * (b_hi / a_lo - 1)))
            if start.kind == "percent":
                readings.append((b_lo - a_hi, b_hi - a_lo))
            if not readings or any(intersects(iv, stated) for iv in readings):
                continue
            exact_rel = 100.0 * (end.value / start.value - 1)
            word = "rise" if direction > 0 else "fall"
            if points:
                computation = (f"{end.text} − {start.text} = {end.value - start.value:+.1f} points, "
                               f"but the text says a {word} of {p.text}")
            else:
                computation = (f"({end.text} − {start.text}) / {start.text} = {exact_rel:+.1f}%, "
                               f"but the text says a {word} of {p.text}")
                if start.kind == "percent":
                    computation += f" (and the difference is {end.value - start.value:+.1f} points)"
            yield Finding(
                primary=Involved(dc.doc, p, "stated change"),
                evidence=(Involved(dc.doc, start, "from"), Involved(dc.doc, end, "to")),
                values={"stated": f"a {word} of {p.text}", "start": start.text, "end": end.text,
                        "computed": f"{exact_rel:+.1f}%", "direction": word},
                computation=computation,
            )
        elif rel.value is not None:
            factor = rel.value
            ratio = (b_lo / a_hi, b_hi / a_lo)
            slack = 0.05
            shrink = factor < 1
            if rel.bound == "more_than":
                # "more than doubled" is above ×2; "more than halved" below ×0.5
                stated = (0.0, factor) if shrink else (factor, math.inf)
            elif rel.bound == "almost":
                stated = (factor, factor / (1 - APPROX_TOLERANCE)) if shrink else (factor * (1 - APPROX_TOLERANCE), factor)
            elif rel.bound == "approx":
                stated = (factor * (1 - APPROX_TOLERANCE), factor * (1 + APPROX_TOLERANCE))
            else:
                stated = (factor * (1 - slack), factor * (1 + slack))
            if intersects(ratio, stated):
                continue
            exact = end.value / start.value
            word = rel.cue
            hedge = {"more_than": "more than ", "almost": "almost ", "approx": "about "}.get(rel.bound, "")
            target = start.value * factor
            yield Finding(
                primary=Involved(dc.doc, end, "after"),
                evidence=(Involved(dc.doc, start, "before"),),
                values={"stated": f"\"{hedge}{word}\"", "start": start.text, "end": end.text,
                        "computed": f"×{exact:.2f}", "direction": "fall" if shrink else "rise"},
                computation=(f"{end.text} / {start.text} = {exact:.2f}, but \"{hedge}{word}\" "
                             f"means ×{'>' if rel.bound == 'more_than' else ''}{fmt(factor)} "
                             f"(about {fmt(round(target))})"),
            )


_CHECKS = {"share_of_base": _share_of_base, "shares_sum": _shares_sum, "change": _change}


def run(documents: Iterable[DocClaims], params: PercentParams) -> Iterator[Finding]:
    """Run the percentage check named by ``params.check`` over each document."""
    check = _CHECKS[params.check]
    for dc in documents:
        yield from check(dc, params)


KIND = KindSpec(
    name="percent",
    params=PercentParams,
    run=run,
    scope="document",
    description="Percentages that contradict the counts, bases or start and end values they come from.",
)
