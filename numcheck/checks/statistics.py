"""Kind ``statistics``: reported test results whose p-value the statistic cannot give.

The reported tests come from the reading (``Reading.reports.tests``, recognised by
:func:`numcheck.extract.stats.scan_tests`); the p-values are recomputed here with scipy's
distributions: t and r (as t with ``r·√(df / (1 − r²))``) two-tailed, F and χ² (and Cochran's Q,
a χ²) upper-tailed, z two-tailed. A test the text calls one-tailed may match either the one- or
the two-tailed value.

A statistic is good to half its last digit, or (with ``truncation``) to a whole unit above it;
the reported p likewise. A result is *inconsistent* when no reading of the statistic inside its
rounding gives a p inside the reported p's ("= .036" is .0355–.037; "< .05" any p up to .05;
"> .05" and "ns" any p from ``alpha`` up). Five checks (param ``check``):

``inconsistent`` (NC721)
    inconsistent, with the same decision at ``alpha`` either way ("p < .001" where the
    statistic gives .04);
``decision`` (NC722)
    inconsistent, and significance at ``alpha`` flips (reported significant, computed not, or
    the reverse). A reported "p = .05" decides nothing;
``malformed`` (NC723)
    degrees of freedom that do not fit the test ("t(2, 28)", "F(28)"), r beyond ±1, a negative
    F or χ², a p above 1: reported instead of skipped;
``effect_size`` (NC724)
    a Cohen's d with a t-test the text says compares independent groups, smaller than any split
    of the df + 2 participants allows: ``d ≥ 2|t| / √(df + 2)`` (equal groups give the least),
    less Hedges' small-sample correction;
``effect_interval`` (NC725)
    a confidence interval reported for d ("d = 0.55, 95% CI [0.03, 1.07]") that d or the test
    contradicts: d outside its own interval; and, for a t-test between independent groups, a
    95% interval that excludes 0 where t gives p well above ``alpha`` (or includes it where t
    gives p well below: an exact interval for d excludes 0 exactly when the t-test is
    significant, approximate ones nearly so, hence a margin), or an interval narrower than
    df + 2 participants allow: the narrowest, for equal groups, is d ± z·√(4/N + d²/2N) (the
    large-sample standard error of d), less Hedges' correction and 15% for other methods.
"""

from __future__ import annotations

import math
from typing import Iterable, Iterator, Literal

from numcheck.checks._spans import span_claim
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params

_SHOWN = {"t": "t", "F": "F", "r": "r", "chi2": "χ²", "z": "z", "Q": "Q"}


class StatisticsParams(Params):
    """Which consistency of reported tests a rule checks."""

    check: Literal["inconsistent", "decision", "malformed", "effect_size", "effect_interval"]
    #: The significance level that decides a "decision error".
    alpha: float = 0.05
    #: Allow a statistic or p that was truncated rather than rounded.
    truncation: bool = True


def _unit(text: str) -> float:
    if "." not in text:
        return 1.0
    return 10.0 ** -len(text.split(".", 1)[1])


def p_value(test: str, statistic: float, df: tuple[float, ...], one_tailed: bool = False) -> float:
    """The p-value of a test statistic (two-tailed for t, r and z unless ``one_tailed``)."""
    from scipy import stats

    a = abs(statistic)
    if test == "t":
        p = 2 * stats.t.sf(a, df[0])
    elif test == "r":
        if a >= 1:
            p = 0.0
        else:
            p = 2 * stats.t.sf(a * math.sqrt(df[0] / (1 - a * a)), df[0])
    elif test == "z":
        p = 2 * stats.norm.sf(a)
    elif test == "F":
        return float(stats.f.sf(statistic, df[0], df[1]))
    else:  # chi2 and Q
        return float(stats.chi2.sf(statistic, df[0]))
    p = float(p)
    return p / 2 if one_tailed else p


def computed_range(test, params: StatisticsParams, one_tailed: bool = False) -> tuple[float, float]:
    """The p-values the statistic allows within its rounding: ``(lowest, highest)``."""
    unit = _unit(test.statistic_text)
    a = abs(test.statistic)
    lo = max(0.0, a - unit / 2)
    hi = a + (unit if params.truncation else unit / 2)
    if test.test == "r":
        hi = min(hi, 1.0)
    sign = -1.0 if test.statistic < 0 and test.test in ("t", "r", "z") else 1.0
    p_small = p_value(test.test, sign * hi, test.df, one_tailed)
    p_large = p_value(test.test, sign * lo, test.df, one_tailed)
    return min(p_small, p_large), max(p_small, p_large)


def reported_range(test, params: StatisticsParams) -> tuple[float, float]:
    """The p-values the reported p allows: ``(lowest, highest)``."""
    if test.comparison == "ns":
        return params.alpha, 1.0
    p = test.p
    if test.comparison in ("<", "<="):
        return 0.0, p
    if test.comparison in (">", ">="):
        return p, 1.0
    unit = _unit(test.p_text)
    return max(0.0, p - unit / 2), p + (unit if params.truncation else unit / 2)


def _readings(test, params):
    out = [computed_range(test, params)]
    if test.one_tailed and test.test in ("t", "r", "z"):
        out.append(computed_range(test, params, one_tailed=True))
    return out


def consistent(test, params: StatisticsParams) -> bool:
    """True when some reading of the statistic gives a p the report allows."""
    lo, hi = reported_range(test, params)
    eps = 1e-12
    return any(c_lo <= hi + eps and lo <= c_hi + eps for c_lo, c_hi in _readings(test, params))


def decision_flips(test, params: StatisticsParams) -> bool:
    """True when every reading of the statistic decides significance at ``alpha`` the other way
    from the report."""
    alpha = params.alpha
    cmp, p = test.comparison, test.p
    if cmp == "ns" or (cmp in (">", ">=") and p >= alpha) or (cmp == "=" and p > alpha):
        reported = False
    elif (cmp in ("<", "<=") and p <= alpha) or (cmp == "=" and p < alpha):
        reported = True
    else:
        return False
    readings = _readings(test, params)
    if reported:
        return all(lo > alpha for lo, _ in readings)
    return all(hi < alpha for _, hi in readings)


def _p_shown(p: float) -> str:
    if p < 0.0001:
        return "< .0001"
    text = f"{p:.4f}" if p < 0.001 else f"{p:.3f}"
    return text.lstrip("0") if text.startswith("0") else text


def _described(test) -> str:
    dfs = ", ".join(f"{d:g}" for d in test.df)
    n = f", N = {test.n}" if test.n is not None else ""
    head = _SHOWN[test.test] + (f"({dfs}{n})" if test.df else "")
    return f"{head} = {test.statistic_text if test.statistic >= 0 else '−' + test.statistic_text}"


def _reported(test) -> str:
    return "ns" if test.comparison == "ns" else f"p {test.comparison} {test.p_text}"


def _primary(dc, test) -> Involved:
    return Involved(dc.doc, span_claim(dc, test.start, test.end, test.statistic), "reported test")


def _inconsistent(dc: DocClaims, params: StatisticsParams, want_flip: bool) -> Iterator[Finding]:
    for test in _tests(dc):
        if test.malformed or consistent(test, params):
            continue
        flips = decision_flips(test, params)
        if flips != want_flip:
            continue
        exact = p_value(test.test, test.statistic, test.df)
        tails = "two-tailed"
        if test.one_tailed and test.test in ("t", "r", "z"):
            tails = f"two-tailed; {_p_shown(exact / 2)} one-tailed"
        computed = _p_shown(exact)
        how = f"computed p = {computed}, {tails}"
        if flips:
            side = "significant" if exact < params.alpha else "not significant"
            how += f"; at α = {params.alpha:g} the result is {side}"
        yield Finding(primary=_primary(dc, test), evidence=(),
                      values={"test": _described(test), "reported": _reported(test),
                              "computed": f"p = {computed}"},
                      computation=how)


def _malformed(dc: DocClaims, params: StatisticsParams) -> Iterator[Finding]:
    for test in _tests(dc):
        if test.malformed:
            yield Finding(primary=_primary(dc, test), evidence=(),
                          values={"test": test.text, "problem": test.malformed}, computation="")


def _effect_size(dc: DocClaims, params: StatisticsParams) -> Iterator[Finding]:
    for test in _tests(dc):
        if test.malformed or test.test != "t" or test.d is None or test.design != "independent":
            continue
        df = test.df[0]
        unit = _unit(test.statistic_text)
        t_low = max(0.0, abs(test.statistic) - unit / 2)
        correction = 1 - 3 / (4 * df - 1) if df > 1 else 1.0
        least = 2 * t_low / math.sqrt(df + 2) * correction
        d_high = abs(test.d) + _unit(test.d_text) / 2
        if d_high >= least - 1e-9:
            continue
        equal = 2 * abs(test.statistic) / math.sqrt(df + 2)
        yield Finding(
            primary=_primary(dc, test), evidence=(),
            values={"test": _described(test), "d": test.d_text, "least": f"{least:.2f}"},
            computation=(f"with {df + 2:g} participants in two independent groups, {_described(test)} gives "
                         f"d = {equal:.2f} for equal groups and more for unequal ones (at least {least:.2f} "
                         f"after rounding and Hedges' correction), not {test.d_text}"))


#: Two-sided normal quantiles for the interval levels that papers report.
_Z = {90: 1.6448536269514722, 95: 1.959963984540054, 99: 2.5758293035489004}


def _effect_interval(dc: DocClaims, params: StatisticsParams) -> Iterator[Finding]:
    for test in _tests(dc):
        if test.malformed or test.d is None or test.ci is None:
            continue
        lo, hi = sorted(test.ci)
        first, second = test.ci_text.strip("[]").split(", ")
        r = max(_unit(first.lstrip("-−–— ")), _unit(second.lstrip("-−–— "))) / 2
        rd = _unit(test.d_text) / 2
        d = test.d
        shown = f"d = {test.d_text}, {test.ci_level}% CI {test.ci_text}"
        problem = ""
        # d may be written without its sign beside a negative interval
        if not any(lo - r - rd <= x <= hi + r + rd for x in (d, -d)):
            problem = f"d = {test.d_text} lies outside its own interval {test.ci_text}"
        elif test.test == "t" and test.design == "independent" and test.df:
            df = test.df[0]
            n = df + 2
            p_low, p_high = computed_range(test, params)
            excludes = lo - r > 0 or hi + r < 0
            includes = lo + r < 0 < hi - r
            p = p_value("t", test.statistic, test.df)
            if test.ci_level == 95 and excludes and p_low > params.alpha * 1.6:
                problem = (f"the interval {test.ci_text} excludes 0, but {_described(test)} gives "
                           f"p = {_p_shown(p)}, not significant")
            elif test.ci_level == 95 and includes and p_high < params.alpha * 0.6:
                problem = (f"the interval {test.ci_text} includes 0, but {_described(test)} gives "
                           f"p = {_p_shown(p)}, significant")
            else:
                z = _Z[test.ci_level]
                d_low = max(0.0, abs(d) - rd)
                correction = 1 - 3 / (4 * df - 1) if df > 1 else 1.0
                least = z * math.sqrt(4 / n + d_low * d_low / (2 * n)) * correction * 0.85
                half = (hi - lo) / 2 + r
                if half < least:
                    problem = (f"the interval {test.ci_text} is ±{(hi - lo) / 2:.2f} wide, narrower than "
                               f"{n:g} participants allow (at least ±{least / 0.85:.2f} for two equal groups)")
        if not problem:
            continue
        yield Finding(primary=_primary(dc, test), evidence=(),
                      values={"test": _described(test), "interval": shown, "problem": problem},
                      computation=problem)


def _tests(dc: DocClaims):
    reports = dc.reading.reports
    return reports.tests if reports is not None else ()


def run(documents: Iterable[DocClaims], params: StatisticsParams) -> Iterator[Finding]:
    """Run the statistics check named by ``params.check`` over each document."""
    for dc in documents:
        if params.check == "inconsistent":
            yield from _inconsistent(dc, params, want_flip=False)
        elif params.check == "decision":
            yield from _inconsistent(dc, params, want_flip=True)
        elif params.check == "malformed":
            yield from _malformed(dc, params)
        elif params.check == "effect_interval":
            yield from _effect_interval(dc, params)
        else:
            yield from _effect_size(dc, params)


KIND = KindSpec(
    name="statistics",
    params=StatisticsParams,
    run=run,
    scope="document",
    description="Reported test results (t, F, r, χ², z, Q) whose p-value, significance or "
                "effect size the statistic and degrees of freedom cannot give.",
)
