"""Effect sizes with their confidence intervals (NC725; issue 12, "effect sizes with their
confidence intervals where they can be recomputed").

The consistent results below are built here from first principles, by a different method than
the check's: the exact interval for d between two equal groups, found by inverting the
noncentral t distribution (scipy's ``nct``) for the observed t. The inconsistent ones are the
same results with the interval spoiled in the ways papers spoil it.
"""

from __future__ import annotations

import math

import pytest
from scipy import optimize, stats

import numcheck


def exact_interval(t: float, df: int) -> tuple[float, float, float]:
    """d and its exact 95% interval for an independent-samples t with equal groups."""
    n1 = n2 = (df + 2) / 2
    scale = math.sqrt(n1 * n2 / (n1 + n2))  # delta = d * scale is the noncentrality

    def at(q):
        return optimize.brentq(lambda nc: stats.nct.cdf(t, df, nc) - q, -50, 50)

    return t / scale, at(0.975) / scale, at(0.025) / scale


FIELDS = [
    ("Pupils taught with worked examples outscored the control classes on the end-of-unit test",
     2.85, 46),
    ("Nurses on the twelve-hour rota reported more fatigue than those on eight-hour shifts", 3.40, 118),
    ("Patients given the new dressing reported less pain at the first change", 2.20, 70),
    ("Undergraduates who slept after learning recalled more word pairs the next morning", 4.10, 62),
    ("Children in the reading-recovery programme read more words per minute by the spring", 2.60, 88),
    ("Adults in the mindfulness arm scored lower on the stress scale at eight weeks", 1.20, 54),
]


def paragraph(lead: str, t: float, df: int, d: float, lo: float, hi: float) -> str:
    p = 2 * stats.t.sf(abs(t), df)
    p_text = "< .001" if p < 0.001 else "= " + f"{p:.3f}".lstrip("0")
    return (f"{lead}, in an independent-samples comparison, t({df}) = {t:.2f}, p {p_text}, "
            f"d = {d:.2f}, 95% CI [{lo:.2f}, {hi:.2f}]. The difference held after adjustment.")


def results():
    out = []
    for lead, t, df in FIELDS:
        d, lo, hi = exact_interval(t, df)
        out.append((paragraph(lead, t, df, d, lo, hi), "consistent"))
        mid, half = (lo + hi) / 2, (hi - lo) / 2
        # an interval a third as wide (a standard error taken for a standard deviation)
        out.append((paragraph(lead, t, df, d, mid - half / 3, mid + half / 3), "too narrow"))
        # an interval that leaves d outside it (another comparison's interval)
        out.append((paragraph(lead, t, df, d, d + 0.4, d + 0.9), "d outside"))
        p = 2 * stats.t.sf(abs(t), df)
        if p > 0.1:
            # a non-significant test whose interval is shifted off zero
            out.append((paragraph(lead, t, df, d, lo + (0.05 - lo), hi), "excludes 0"))
        elif p < 0.02:
            # a significant test whose interval is shifted to take in zero
            out.append((paragraph(lead, t, df, d, -0.10, hi), "includes 0"))
    return out


RESULTS = results()


@pytest.mark.parametrize("text,expect", RESULTS, ids=[f"{i}-{e}" for i, (_, e) in enumerate(RESULTS)])
def test_effect_size_intervals(text, expect):
    report = numcheck.check(texts=[text], date="2024-03-01")
    codes = [a.code for a in report.anomalies]
    if expect == "consistent":
        assert codes == [], (text, [a.message for a in report.anomalies])
    else:
        assert "NC725" in codes, text


def test_the_set_is_mostly_inconsistent_and_all_found():
    bad = [r for r in RESULTS if r[1] != "consistent"]
    assert len(RESULTS) >= 20 and len(bad) >= 2 * len(FIELDS)


def test_intervals_are_read_in_the_forms_papers_use():
    from numcheck.extract.stats import scan_tests

    (a,) = scan_tests("Groups differed, t(58) = 2.10, d = 0.55 (95% CI: 0.03 to 1.07), p = .04.")
    assert a.ci == (0.03, 1.07) and a.ci_level == 95 and a.p == 0.04
    (b,) = scan_tests("A paired test, t(20) = 2.5, p = .02, d = −0.40, 95% CI [−0.90, −0.10].")
    assert b.ci == (-0.90, -0.10) and b.d == -0.40


def test_scipy_is_imported_only_for_texts_with_tests_and_before_the_rule_run():
    # a budget that stopped scipy's first import half-way left it broken for every later
    # document ("NameError: _ndimage_api"); prose without tests must not pay for it at all
    import subprocess
    import sys

    code = (
        "import sys, numcheck\n"
        "r = numcheck.check(texts=['The council met on Monday and agreed the budget of £4.2m.'], date='2024-03-01')\n"
        "assert 'scipy' not in sys.modules, 'scipy imported for prose without tests'\n"
        "r = numcheck.check(texts=['" + paragraph(*FIELDS[0], *exact_interval(FIELDS[0][1], FIELDS[0][2])) + "'],"
        " date='2024-03-01', timeout_per_story=30)\n"
        "assert 'scipy.stats' in sys.modules and not r.errors and not r.anomalies, r.errors\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
