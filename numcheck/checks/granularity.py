"""Kind ``granularity``: figures that no whole count can give (the GRIM test).

A percentage of a whole-number base is k / n for some whole k, rounded to the digits shown:
of 138 pupils, 82 is 59.4% and 83 is 60.1%, so "59.8 per cent of the 138 pupils" cannot be
right. The same holds for a mean of whole-number answers: a mean of n answers on a 1–5 scale
is some whole total over n (Brown and Heathers' GRIM test), over n × k for a k-item scale.

Two checks (param ``check``):

``percent`` (NC701)
    ``share_of`` relations of the reading without a count (a count is NC201's to check): a
    share with decimals and its base, in one sentence. Skipped when the base is not an exact
    whole number, the share is hedged ("about 59.8%"), the document says its figures are
    weighted, or the base is large enough that every value of that many decimals is possible.
``mean`` (NC702)
    ``Reading.reports.means``: a mean, its n and its items (see
    :func:`numcheck.extract.stats.scan_means`).

Every rounding convention in ``params.modes`` is allowed (half-up, half-even, truncation); a
figure is flagged only when none of them gives it from any whole count. The message names the
two nearest values that are possible.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from typing import Iterable, Iterator, Literal

from numcheck.checks._spans import span_claim
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import rounding_halfwidth

_ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}


class GranularityParams(Params):
    """Which granularity a rule checks, and the rounding conventions it allows."""

    check: Literal["percent", "mean"]
    modes: tuple[Literal["half_up", "half_even", "truncate"], ...] = ("half_up", "half_even", "truncate")
    #: Shares with fewer decimals are not checked (whole percentages are often rounded loosely)…
    min_decimals: int = 1
    #: … except of a base this small, where whole percentages are 100/n apart ("of seven
    #: schools, 50%": 3 is 42.9%, 4 is 57.1%).
    whole_percent_max_base: int = 25


def _decimals(halfwidth: float) -> int:
    if halfwidth <= 0:
        return 0
    return max(0, round(-math.log10(2 * halfwidth)))


def shown(numerator: int, denominator: int, scale: int, decimals: int, mode: str) -> Decimal:
    """``scale × numerator / denominator`` written to ``decimals`` places under ``mode``."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(scale * numerator) / Decimal(denominator)
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=_ROUNDING[mode])


def grim(stated: Decimal, denominator: int, scale: int, modes, top: int | None = None):
    """``(possible, below, above)`` for a figure ``stated`` that should be ``scale × k /
    denominator`` for a whole ``k`` (``0 ≤ k ≤ top`` when ``top`` is given): whether some k
    gives it under one of ``modes``, and the nearest (k, shown half-up) below and above it."""
    decimals = max(0, -stated.as_tuple().exponent)
    unit = Decimal(1).scaleb(-decimals)
    lo = max(0, int(math.floor((stated - 2 * unit) * denominator / scale)) - 1)
    hi = int(math.ceil((stated + 2 * unit) * denominator / scale)) + 1
    if top is not None:
        hi = min(hi, top)
    possible = False
    below = above = None
    for k in range(lo, hi + 1):
        for mode in modes:
            if shown(k, denominator, scale, decimals, mode) == stated:
                possible = True
        value = shown(k, denominator, scale, decimals, "half_up")
        if value < stated and (below is None or value >= below[1]):
            below = (k, value)
        if value > stated and above is None:
            above = (k, value)
    return possible, below, above


def _percent(dc: DocClaims, params: GranularityParams) -> Iterator[Finding]:
    reading = dc.reading
    reports = reading.reports
    if reports is not None and reports.weighted:
        return
    claims = dc.claims
    for rel in reading.relations:
        if rel.kind != "share_of" or rel.blocked or rel.of("part"):
            continue
        share = claims[rel.of("share")[0]]
        base = claims[rel.of("base")[0]]
        if share.kind != "percent" or share.qualifier != "exact" or share.value is None:
            continue
        if base.kind != "count" or base.qualifier != "exact" or base.value is None:
            continue
        # a base read from another sentence is a reference the reading may have got wrong;
        # a granularity claim is too strong to rest on it, unless the share names its whole
        # set ("38.5 percent of all participants": cue "share of all")
        if reading.mentions[rel.of("share")[0]].sentence != reading.mentions[rel.of("base")[0]].sentence \
                and rel.cue != "share of all":
            continue
        n = base.value
        if not float(n).is_integer() or n <= 0 or not 0 <= share.value <= 100:
            continue
        n = int(n)
        decimals = _decimals(rounding_halfwidth(share))
        if decimals < params.min_decimals and not (decimals == 0 and n <= params.whole_percent_max_base):
            continue
        if n >= 100 * 10 ** decimals:
            continue  # steps of 100/n are finer than the last digit: every value is possible
        stated = Decimal(f"{share.value:.{decimals}f}")
        possible, below, above = grim(stated, n, 100, params.modes, top=n)
        if possible:
            continue
        near = _near(below, above, n, "%")
        yield Finding(
            primary=Involved(dc.doc, share, "percentage"),
            evidence=(Involved(dc.doc, base, "base"),),
            values={"stated": share.text, "base": base.text, "nearest": near},
            computation=f"the nearest possible values are {near}",
        )


def _near(below, above, n: int, suffix: str) -> str:
    parts = []
    for item in (below, above):
        if item is not None:
            k, value = item
            parts.append(f"{k:,}/{n:,} = {value}{suffix}")
    return " and ".join(parts)


def _mean(dc: DocClaims, params: GranularityParams) -> Iterator[Finding]:
    reports = dc.reading.reports
    if reports is None:
        return
    for mean in reports.means:
        total = mean.n * mean.items
        stated = Decimal(mean.value_text)
        decimals = max(0, -stated.as_tuple().exponent)
        if decimals < params.min_decimals or total >= 10 ** decimals:
            continue
        top = None
        if mean.high is not None:
            top = int(math.floor(mean.high * total))
        possible, below, above = grim(stated, total, 1, params.modes, top=top)
        if possible:
            continue
        items = f" × {mean.items} items" if mean.items > 1 else ""
        parts = []
        for item in (below, above):
            if item is not None:
                parts.append(f"{item[0]:,}/{total:,} = {item[1]}")
        near = " and ".join(parts)
        primary = span_claim(dc, mean.start, mean.end, mean.value)
        n_claim = span_claim(dc, mean.n_start, mean.n_end, mean.n)
        yield Finding(
            primary=Involved(dc.doc, primary, "mean"),
            evidence=(Involved(dc.doc, n_claim, "n"),),
            values={"stated": mean.value_text, "n": mean.n, "nearest": near},
            computation=(f"it is a whole total over {mean.n:,}{items}; the nearest possible "
                         f"values are {near}"),
        )


_CHECKS = {"percent": _percent, "mean": _mean}


def run(documents: Iterable[DocClaims], params: GranularityParams) -> Iterator[Finding]:
    """Run the granularity check named by ``params.check`` over each document."""
    check = _CHECKS[params.check]
    for dc in documents:
        yield from check(dc, params)


KIND = KindSpec(
    name="granularity",
    params=GranularityParams,
    run=run,
    scope="document",
    description="Percentages of a whole-number base, and means of whole-number answers, that no "
                "whole count can give (the GRIM test).",
)
