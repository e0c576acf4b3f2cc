"""The report families (issue 12): GRIM (NC701/NC702), reported tests (NC721-NC724), match scores
(NC731-NC734) and tables (NC711-NC714), end to end through ``numcheck.report.check``.

The GRIM tests compute which values are possible here, by brute force over whole counts with
exact fractions and this module's own rounding, never with numcheck's code.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from numcheck.report import check


def _codes(text: str, date: str = "2025-03-01", fmt: str | None = None) -> list[str]:
    report = check(texts=[text], date=date)
    assert not report.errors, [e.format() for e in report.errors]
    return sorted(a.code for a in report.anomalies)


# ---- GRIM, computed independently -------------------------------------------------------------

def _round_half_up(x: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    return Fraction(int(x * scale + Fraction(1, 2)), scale)


def _round_half_even(x: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    return Fraction(round(x * scale), scale)  # Python's round() on a Fraction is half to even


def _truncate(x: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    return Fraction(int(x * scale), scale)


def _possible(stated: Fraction, denominator: int, scale: int, decimals: int, top: int) -> bool:
    return any(r(Fraction(scale * k, denominator), decimals) == stated
               for k in range(0, top + 1)
               for r in (_round_half_up, _round_half_even, _truncate))


def _percent_cases():
    rng = random.Random(12)
    cases = [(138, "59.8"), (138, "59.4"), (212, "43.2"), (212, "43.4"), (94, "37.5"), (167, "28.4"),
             (40, "12.5"), (7, "42.9"), (7, "42.8"), (300, "33.3"), (160, "0.6"), (96, "52.1")]
    for _ in range(40):
        n = rng.randint(12, 800)
        value = rng.randint(1, 999) / 10
        cases.append((n, f"{value:.1f}"))
    return cases


@pytest.mark.parametrize("n, shown", _percent_cases())
def test_grim_percent_matches_brute_force(n: int, shown: str):
    text = f"Of the {n:,} pupils who sat the test, {shown} per cent passed in both subjects."
    stated = Fraction(shown)
    expected = not _possible(stated, n, 100, 1, n) and n < 1000
    assert ("NC701" in _codes(text)) == expected, (n, shown)


def test_grim_percent_message_names_the_two_nearest_values():
    report = check(texts=["Of the 138 pupils in the year group, 59.8 per cent achieved a strong pass."],
                   date="2025-08-21")
    [a] = report.anomalies
    assert a.code == "NC701"
    assert "82/138 = 59.4%" in a.message and "83/138 = 60.1%" in a.message


def test_grim_percent_stays_silent_on_weighted_surveys_and_hedges():
    assert _codes("Of the 212 nurses who responded, 43.7% said they planned to leave. "
                  "Results were weighted by grade.") == []
    assert _codes("Of the 212 nurses who responded, about 43.7% said they planned to leave.") == []


@pytest.mark.parametrize("n, shown, items", [(28, "3.47", 1), (28, "3.46", 1), (26, "4.40", 1), (24, "4.38", 1),
                                             (19, "5.24", 1), (19, "5.24", 4), (31, "2.15", 1), (45, "3.91", 1),
                                             (12, "2.42", 1), (12, "2.43", 1)])
def test_grim_mean_matches_brute_force(n: int, shown: str, items: int):
    scale = "a seven-point scale" if items == 1 else "a seven-point, four-item scale"
    text = f"Volunteers rated the app on {scale}, and the mean rating was {shown} (n = {n})."
    expected = not _possible(Fraction(shown), n * items, 1, 2, 7 * n * items)
    assert ("NC702" in _codes(text)) == expected, (n, shown, items)


def test_grim_mean_needs_whole_number_answers():
    # no scale or count named: the answers need not be whole numbers
    assert _codes("The mean reaction time was 3.47 (n = 28).") == []
    # a composite of unknown items
    assert _codes("On a 1-5 scale, the mean of the subscale items was 3.47 (n = 28).") == []


# ---- reported tests ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("Scores rose, t(28) = 2.20, p = .036.", None),
    ("Scores rose, t(28) = 2.20, p = .36.", "NC722"),
    ("Scores rose, t (28)=2.20,p=.036.", None),
    ("Scores rose, T(28) = 2.20, P = .036.", None),
    ("Scores fell, t(28) = \u22122.20, p = .036.", None),
    ("Scores fell, t(28) = \u20132.20, p = .036.", None),
    ("Scores rose, t[28] = 2.20, p < .001.", "NC721"),
    ("Scores rose, t(28) = 2.20, ns.", "NC722"),
    ("Scores rose, t(28) = 1.20, n.s.", None),
    ("Scores rose, t(2,28) = 2.20, p = .036.", "NC723"),
    ("Scores rose, F(28) = 4.84, p = .036.", "NC723"),
    ("Scores rose, F(1, 28) = 4.84, p = .036.", None),
    ("Scores rose, F(1, 28) = 4.84, p \u2264 .01.", "NC721"),
    ("Uptake differed, \u03c7\u00b2(1, N = 96) = 4.12, p = .042.", None),
    ("Uptake differed, chi-square(1) = 4.12, p = .42.", "NC722"),
    ("Heterogeneity was modest, Q(14) = 21.4, p = .09.", None),
    ("They were related, r(48) = .32, p = .02.", None),
    ("They were related, r(48) = 1.32, p = .02.", "NC723"),
    ("The groups differed, z = 1.71, p = .04, one-tailed.", None),
    ("The groups differed, z = 1.71, p = .04.", "NC722"),
])
def test_reported_tests(text: str, code: str | None):
    assert _codes(text) == ([code] if code else [])


def test_decision_error_message_writes_out_the_p_value():
    report = check(texts=["Scores rose, t(28) = 2.20, p = .36."], date="2024-01-01")
    [a] = report.anomalies
    assert "p = .036" in a.message and "significant" in a.message


# ---- match scores -----------------------------------------------------------------------------

def test_scorers_with_own_goals_and_penalties():
    ok = "Harton beat Mill Lane 3-1.\n\nScorers: Harton - Price 14, Webb og 71, Obi 88 (pen). Mill Lane - Dace 40.\n"
    bad = ok.replace(", Obi 88 (pen)", "")
    assert _codes(ok) == []
    assert _codes(bad) == ["NC731"]


def test_one_sides_scorers_must_give_one_of_the_scores():
    assert _codes("Harton beat Mill Lane 2-0.\n\nScorers: Harton - Price 14, 62.\n") == []
    assert _codes("Harton beat Mill Lane 2-0.\n\nScorers: Harton - Price 14, 62, Obi 80.\n") == ["NC731"]


def test_rugby_points_come_from_the_rule_params():
    text = ("Harbour beat Northgate 28-13.\n\nScorers: Harbour - Tries: Evans 2, Lloyd; Cons: Price 2; "
            "Pens: Price 3. Northgate - Try: Owen; Con: Jones; Pens: Jones 2.\n")
    assert _codes(text) == []
    assert _codes(text.replace("28-13", "26-13")) == ["NC731"]


def test_line_scores_and_the_final():
    text = "The Hawks won 88-80.\n\nHawks 20 24 22 22 — 88\n\nRams 18 20 21 21 — 80\n"
    assert _codes(text) == []
    assert _codes(text.replace("won 88-80", "won 88-78")) == ["NC732"]
    assert _codes(text.replace("22 22 — 88", "22 26 — 88")) == ["NC732"]


def test_half_time_against_the_line_score():
    text = "The Hawks won 88-80, having led 44-38 at halftime.\n\nHawks 20 24 22 22 — 88\n\nRams 18 20 21 21 — 80\n"
    assert _codes(text) == []
    assert _codes(text.replace("44-38", "46-38")) == ["NC733"]


def test_aggregate_over_two_legs():
    assert _codes("Corley's 2-0 win over Ashby sealed a 4-2 aggregate victory after the first leg ended 2-2.") == []
    assert _codes("Corley's 2-0 win over Ashby sealed a 3-1 aggregate victory after the first leg ended 2-2.") == ["NC734"]


def test_round_ups_with_several_finals_are_left_alone():
    text = ("Harton beat Mill Lane 3-1, and Kelby drew 2-2 with Ashby.\n\n"
            "Scorers: Harton - Price 14, Obi 71. Mill Lane - Dace 40.\n")
    assert _codes(text) == []


# ---- tables -----------------------------------------------------------------------------------

_TABLE = """Spending by area, 2024-25.

| Area | Budget (£000) | Spent (£000) |
|---|---|---|
| North | 1,240 | 1,105 |
| Central | 2,180 | 1,962 |
| South | 1,670 | 1,488 |
| **Total** | **5,090** | **4,555** |
"""


def test_total_row_against_its_column():
    assert _codes(_TABLE) == []
    assert _codes(_TABLE.replace("**4,555**", "**4,655**")) == ["NC711"]


def test_overlapping_rows_are_left_out_of_the_sum():
    text = _TABLE.replace("| South | 1,670 | 1,488 |", "| South | 1,670 | 1,488 |\n| of which coastal | 600 | 540 |")
    assert _codes(text) == []


def test_rounding_note_lets_rounded_whole_numbers_miss_by_their_rounding():
    text = ("Households by tenure.\n\n| Tenure | Households |\n|---|---|\n| Owned | 12,400 |\n"
            "| Rented | 8,300 |\n| Social | 4,100 |\n| Total | 24,820 |\n")
    assert _codes(text) == ["NC711"]
    assert _codes(text + "\nFigures are rounded to the nearest 100 and may not sum.\n") == []


def test_total_column_in_html(tmp_path):
    html = ("<html><body><article><p>Medals won at the Games this week by the top nations.</p><table>"
            "<tr><th>Nation</th><th>Gold</th><th>Silver</th><th>Total</th></tr>"
            "<tr><td>Calvera</td><td>14</td><td>11</td><td>25</td></tr>"
            "<tr><td>Maridia</td><td>11</td><td>12</td><td>24</td></tr></table>"
            "<p>More than 2,600 athletes competed.</p></article></body></html>")
    page = tmp_path / "medals.html"
    page.write_text(html, encoding="utf-8")
    report = check(paths=[str(page)], date="2025-08-11")
    assert sorted(a.code for a in report.anomalies) == ["NC711"]
    [a] = report.anomalies
    assert "11 + 12 = 23" in a.message


def test_prose_citing_a_table_uses_the_header_scale():
    table = ("\n\nTable 2: Spending by service (£m)\n\n| Service | 2024 |\n|---|---|\n"
             "| Roads | 5.4 |\n| Parks | 1.2 |\n")
    assert _codes("Road spending rose to £5.4m (Table 2)." + table) == []
    assert _codes("Road spending rose to £5.4 million (see Table 2)." + table) == []
    assert _codes("Road spending rose to £5.8m (Table 2)." + table) == ["NC714"]
