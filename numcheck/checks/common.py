"""Tolerance shared by every kind: what interval of true values a stated figure allows.

The policy (documented in the README, never tuned per fixture):

1. **Qualifiers** become intervals (the extractor fills ``Claim.low``/``high``): "at least 37"
   is [37, ∞), "more than 200" is (200, ∞), "up to 50" is [0, 50], "about 1,000" is
   1,000 ± 10% (``numcheck.model.APPROX_TOLERANCE``).
2. **Rounding** comes from the digits written: a figure with decimals is good to half its last
   digit ("2.5 million" is [2.45, 2.55] million; "35.2%" is [35.15, 35.25]); a percentage
   written as a whole number is good to ±0.5 points. Whole numbers written in digits
   ("2,000") are taken as exact unless qualified, because newsrooms write "about" when they
   round, and treating every trailing zero as rounding would excuse almost any error.
3. A check fires only when **no** reading inside every interval is consistent, i.e. when the
   intervals computed from one side and stated on the other do not intersect.
"""

from __future__ import annotations

import math
import re

from numcheck.model import APPROX_TOLERANCE, Claim

INF = math.inf

_LITERAL = re.compile(r"\d[\d,\u00a0\u2009 ]*(?:\.(\d+))?")


def rounding_halfwidth(claim: Claim) -> float:
    """Half the unit of the last digit written, in the claim's value units (0 if exact)."""
    if claim.value is None:
        return 0.0
    m = _LITERAL.search(claim.text)
    if m is None:
        return 0.0
    decimals = m.group(1)
    literal = m.group(0).replace(",", "").replace("\u00a0", "").replace("\u2009", "").replace(" ", "")
    try:
        literal_value = float(literal)
    except ValueError:
        return 0.0
    scale = claim.value / literal_value if literal_value else 1.0
    if decimals:
        return 0.5 * 10 ** (-len(decimals)) * abs(scale)
    if claim.kind == "percent":
        return 0.5
    return 0.0


def interval(claim: Claim) -> tuple[float, float]:
    """The interval of true values a claim allows: qualifier interval widened by rounding."""
    v = claim.value
    if v is None:
        return (-INF, INF)
    lo = claim.low if claim.low is not None else v
    hi = claim.high if claim.high is not None else v
    if claim.qualifier == "approx" and claim.low is None:
        lo, hi = v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE)
    if claim.qualifier in ("at_least", "more_than") and claim.high is None:
        hi = INF
    if claim.qualifier in ("at_most", "less_than", "up_to") and claim.low is None:
        lo = 0.0 if v >= 0 else -INF
    r = rounding_halfwidth(claim)
    return (lo - r, hi + r)


def intersects(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two closed intervals share a point (with a relative epsilon for floats)."""
    eps = 1e-9 * max(1.0, abs(a[0]) if math.isfinite(a[0]) else 1.0,
                     abs(b[0]) if math.isfinite(b[0]) else 1.0)
    return a[0] <= b[1] + eps and b[0] <= a[1] + eps


def scale(a: tuple[float, float], k: float) -> tuple[float, float]:
    """An interval times a non-negative constant."""
    lo, hi = a[0] * k, a[1] * k
    return (min(lo, hi), max(lo, hi))


def add(*intervals: tuple[float, float]) -> tuple[float, float]:
    """The sum of intervals."""
    return (sum(i[0] for i in intervals), sum(i[1] for i in intervals))


def describe(claim: Claim) -> str:
    """How a claim reads in a message: its text, and its interval when that is not a point."""
    lo, hi = interval(claim)
    if lo == hi:
        return f"\"{claim.text}\""
    if math.isinf(hi):
        return f"\"{claim.text}\" (≥ {_fmt(lo)})"
    return f"\"{claim.text}\" ({_fmt(lo)}–{_fmt(hi)})"


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4g}"


def fmt(x: float) -> str:
    """A number for messages: thousands separators, at most four significant decimals."""
    return _fmt(x)
