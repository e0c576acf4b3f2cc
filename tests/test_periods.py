"""Decades as periods of years, and "nearly"/"almost" as at most the figure (issue 11, items 10
and 11), from the extracted claim to the temporal and arithmetic checks that read them."""

from __future__ import annotations

import pytest

import numcheck
from numcheck.extract import extract


def _claims(text, date="2024-05-01"):
    return {c.text: c for c in extract(text, date)}


def test_a_decade_is_a_period_of_years_not_seconds():
    c = _claims("Membership of the club peaked in the 1950s and fell through the 1990s, "
                "before a revival in the 2010s.")
    for text, lo, hi, iso in (("1950s", 1950, 1959, "195X"), ("1990s", 1990, 1999, "199X"),
                              ("2010s", 2010, 2019, "201X")):
        assert c[text].kind == "year" and c[text].unit is None
        assert (c[text].low, c[text].high, c[text].date) == (lo, hi, iso)
    assert not any(x.kind == "duration" for x in c.values())


def test_a_hundreds_decade_covers_the_century_and_others_are_no_decade():
    c = _claims("The mill dates from the 1800s. Fares rose 20s a week in the '90s; the 31990s "
                "and 1990sq are typos.")
    assert (c["1800s"].kind, c["1800s"].low, c["1800s"].high, c["1800s"].date) == ("year", 1800, 1899, "18XX")
    assert not any(x.kind == "year" and "90s" in x.text for x in c.values())


def test_nearly_and_almost_are_at_most_the_value():
    c = _claims("The mill ran for nearly 30 years and almost 200 people worked there; "
                "about 50 still live nearby.")
    assert (c["30 years"].low, c["30 years"].high) == pytest.approx((27, 30))
    assert (c["200"].low, c["200"].high) == pytest.approx((180, 200))
    assert (c["50"].low, c["50"].high) == pytest.approx((45, 55))  # "about" stays two-sided


def _codes(text, date="2024-05-01"):
    report = numcheck.check(texts=[text], date=date)
    return [a.code for a in report.anomalies]


def test_age_contradicts_a_birth_decade():
    assert _codes("Margaret Ellis, 45, who was born in the 1950s, has run the bakery on Mill "
                  "Street since she left school.") == ["NC604"]
    assert _codes("Margaret Ellis, 68, who was born in the 1950s, has run the bakery on Mill "
                  "Street since she left school.") == []


def test_elapsed_time_since_a_decade():
    assert _codes("The mill, which opened in the 1990s, closed last week after 60 years of "
                  "trading.") == ["NC603"]
    assert _codes("The mill, which opened in the 1990s, closed last week after 30 years of "
                  "trading.") == []


def test_nearly_a_total_cannot_exceed_it():
    flagged = ("The two sides agreed that 1,000 prisoners per side would go free, nearly 1,900 "
               "prisoners in total.")
    assert _codes(flagged) == ["NC101"]
    assert _codes(flagged.replace("nearly 1,900", "about 1,900")) == []
    assert _codes(flagged.replace("nearly 1,900", "almost 2,000")) == []
