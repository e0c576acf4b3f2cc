"""Tests for the numeric scanner (numcheck.extract.numbers)."""

import json
import math
import pathlib

import pytest

import _ci  # noqa: E402

from numcheck.extract.numbers import scan_numbers

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl"


def one(text, fragment=None):
    """The single claim whose text is ``fragment`` (or the only claim)."""
    claims = scan_numbers(text)
    if fragment is None:
        assert len(claims) == 1, claims
        return claims[0]
    hits = [c for c in claims if c.text == fragment]
    assert hits, (fragment, [c.text for c in claims])
    return hits[0]


@pytest.mark.parametrize(
    "text,fragment,kind,value,unit",
    [
        ("The bridge cost $2.5bn to build.", "$2.5bn", "money", 2.5e9, "USD"),
        ("Revenue reached £20.1 billion last year.", "£20.1 billion", "money", 20.1e9, "GBP"),
        ("The fund lent US$40 million to the port.", "US$40 million", "money", 40e6, "USD"),
        ("A ticket now costs €12.50 each way.", "€12.50", "money", 12.5, "EUR"),
        ("Donors pledged 5 million dollars.", "5 million dollars", "money", 5e6, "USD"),
        ("Farmers were paid Rs 4,500 per tonne.", "Rs 4,500", "money", 4500, "INR"),
        ("Shares fell 34 cents to close lower.", "34 cents", "money", 34, "USX"),
        ("Turnout was 35% in the capital.", "35%", "percent", 35, "percent"),
        ("Turnout rose to 35 percent.", "35 percent", "percent", 35, "percent"),
        ("Unemployment stood at 4.2 per cent.", "4.2 per cent", "percent", 4.2, "percent"),
        ("It was the fifth attempt this month.", "fifth", "ordinal", 5, None),
        ("The 1,000th visitor got a prize.", "1,000th", "ordinal", 1000, None),
        ("It marks the 21st anniversary.", "21st", "ordinal", 21, None),
        ("A 54-year-old driver was arrested.", "54-year-old", "age", 54, "year"),
        ("The pipeline runs 1,200-kilometre across the plain.", "1,200-kilometre", "quantity", 1200, "kilometer"),
        ("The talks lasted 26 months.", "26 months", "duration", 26, "month"),
        ("It ended a three-year war.", "three-year", "duration", 3, "year"),
        ("After a two-hour call they agreed.", "two-hour", "duration", 2, "hour"),
        ("The lorry carried 18 tonnes of grain.", "18 tonnes", "quantity", 18, "metric_ton"),
        ("Temperatures hit 41 degrees Celsius.", "41 degrees Celsius", "quantity", 41, "degree_Celsius"),
        ("Sixty-eight candidates registered.", "Sixty-eight", "count", 68, None),
        ("Some two thousand marchers came.", "two thousand", "count", 2000, None),
        ("They freed a dozen hostages.", "a dozen", "count", 12, None),
        ("A third of voters abstained.", "A third", "count", 1 / 3, None),
        ("Half the budget went on salaries.", "Half", "count", 0.5, None),
        ("Mix in 3/4 of the flour.", "3/4", "count", 0.75, None),
        ("The city has 1.5 million residents.", "1.5 million", "count", 1.5e6, None),
        ("Police detained 2,000 prisoners.", "2,000", "count", 2000, None),
        ("The lake froze at -12 overnight.", "-12", "count", -12, None),
    ],
)
def test_forms(text, fragment, kind, value, unit):
    c = one(text, fragment)
    assert c.kind == kind
    assert math.isclose(c.value, value, rel_tol=1e-9)
    assert c.unit == unit


def test_ranges_have_their_midpoint_as_value_and_their_ends_as_interval():
    c = one("Between 200 and 300 people gathered.", "200 and 300")
    assert (c.kind, c.value, c.low, c.high) == ("range", 250, 200, 300)
    c = one("Some 200-300 people gathered.", "200-300")
    assert (c.kind, c.low, c.high) == ("range", 200, 300)
    c = one("The cost is $5-10 million.", "$5-10 million")
    assert (c.low, c.high) == (5e6, 10e6)


def test_from_to_is_a_change_not_a_range():
    claims = scan_numbers("Prices rose from 40 to 55 dollars.")
    assert [c.kind for c in claims] != ["range"]
    assert all(c.kind != "range" for c in claims)


def test_score_is_not_a_range_or_negative():
    claims = scan_numbers("The hosts won 3 - 2 after extra time.")
    assert [(c.value, c.kind) for c in claims] == [(3, "count"), (2, "count")]


def test_suspended_hyphen_and_ranging_from_are_ranges():
    c = one("Designs call for an 8- to 16-metre mirror.", "8- to 16-metre")
    assert (c.kind, c.low, c.high, c.unit) == ("range", 8, 16, "meter")
    c = one("Lows ranged from -18 °C to -34 °C overnight.", "-18 °C to -34 °C")
    assert (c.kind, c.low, c.high) == ("range", -34, -18)


def test_dash_chains_are_not_ranges():
    claims = scan_numbers("Call +1-222-2222 or note the 3-0-4 scoreline.")
    assert all(c.kind != "range" for c in claims)


def test_hyphenated_identifier_is_not_negative():
    assert one("The F-16 jets landed.").value == 16


def test_unicode_separators_and_digits():
    c = one("Population: 1\u202f234\u202f567 people.")
    assert c.value == 1234567
    c = one("They raised 40\u00a0000 euros.")
    assert c.value == 40000
    assert one("Add ½ cup of milk.").value == 0.5


def test_pronoun_one_is_not_a_number():
    assert scan_numbers("The one she picked was red.") == []
    assert one("Only one ship returned.").value == 1


def test_vague_plural_is_a_lower_bound():
    c = one("Thousands of people fled.")
    assert (c.value, c.qualifier) == (2000, "at_least")


def test_spans_are_exact():
    text = "About 1,000 detainees, 35% of them women, left on 3 buses worth $4.5m."
    for c in scan_numbers(text):
        assert text[c.start:c.end] == c.text


@pytest.mark.parametrize(
    "text",
    ["1e999999", "9" * 100_000, "12345678901234567890123456789012345678901234567890",
     "-" * 1000 + "5", "1/0", "1.2.3.4.5.6.7.8.9" * 500, "one " * 5000, "$" * 3000 + "1"],
)
def test_absurd_input_does_not_raise_or_hang(text):
    claims = scan_numbers(text)
    for c in claims:
        assert text[c.start:c.end] == c.text
        assert c.value is None or isinstance(c.value, float)


def test_huge_numbers_are_capped():
    claims = scan_numbers("ID " + "7" * 100_000 + " end")
    assert claims and claims[0].value is None
    c = one("It is 1e999999 big.")
    assert c.value == math.inf


@pytest.mark.skipif(not CORPUS.exists() and not _ci.IN_CI, reason="shared corpus not present")
def test_corpus_scans_cleanly():
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        prev = -1
        for c in scan_numbers(text):
            assert text[c.start:c.end] == c.text
            assert c.start >= prev  # ordered, no overlaps
            prev = c.end


@pytest.mark.parametrize(
    "text",
    [
        "Nine died in the storm, 21 in one district and 4 in the next.",
        "She was born in 1950 in a small harbour village.",
        "Sales rose 12 in March against 9 in February.",
    ],
)
def test_bare_in_after_a_figure_is_the_preposition(text):
    assert all(c.unit != "inch" for c in scan_numbers(text))


@pytest.mark.parametrize(
    "text,fragment,value",
    [
        ("The panel is 14 in.", "14 in", 14),
        ("Order the 8-in tiles.", "8-in", 8),
        ("The sheet measures 30 x 4 in wide.", "4 in", 4),
        ("The shelf is 7 ft 3 in long.", "7 ft 3 in", 7.25),
    ],
)
def test_in_is_an_inch_where_it_cannot_be_a_preposition(text, fragment, value):
    c = one(text, fragment)
    assert c.value == pytest.approx(value)
    assert c.unit in ("inch", "foot")


def test_one_after_a_preposition_in_a_contrast_is_not_a_count():
    claims = scan_numbers("Forty homes flooded, 30 in one town and 10 in another.")
    assert [c.text for c in claims] == ["Forty", "30", "10"]
    # a subject "one ... another" still counts someone
    assert [c.value for c in scan_numbers("One driver died and another was hurt.")] == [1]


@pytest.mark.parametrize(
    "text,fragment,kind,value,unit",
    [
        ("The winner crossed the line in 2:07:44.", "2:07:44", "duration", 2 * 3600 + 7 * 60 + 44, "second"),
        ("Her best lap took 1:31.05 last year.", "1:31.05", "duration", 91.05, "second"),
        ("The launch came at 09:41:00 on the dot.", "09:41:00", "time", 9 + 41 / 60, "hour"),
        ("Polls shut at 21:00:00 UTC.", "21:00:00", "time", 21.0, "hour"),
    ],
)
def test_times_with_seconds_are_one_claim(text, fragment, kind, value, unit):
    claims = scan_numbers(text)
    c = one(text, fragment)
    assert (c.kind, c.unit) == (kind, unit)
    assert c.value == pytest.approx(value)
    assert all(x.kind != "count" for x in claims)


@pytest.mark.parametrize(
    "text,fragment,value,unit",
    [
        ("The drought lasted a decade.", "a decade", 1, "decade"),
        ("The feud ran for nearly a decade.", "a decade", 1, "decade"),
        ("Two decades passed before the trial.", "Two decades", 2, "decade"),
        ("The tower stood for a century.", "a century", 1, "century"),
        ("The mill worked for half a century.", "half a century", 0.5, "century"),
        ("It has been a quarter of a century.", "a quarter of a century", 0.25, "century"),
    ],
)
def test_decades_and_centuries_are_durations(text, fragment, value, unit):
    c = one(text, fragment)
    assert (c.kind, c.value, c.unit) == ("duration", value, unit)


def test_bare_plural_decades_state_no_number():
    assert scan_numbers("The dispute is decades old.") == []


@pytest.mark.parametrize(
    "text,fragment,unit",
    [
        ("The chip runs at 3.2 GHz under load.", "3.2 GHz", "gigahertz"),
        ("The farm produced 41 MWh last month.", "41 MWh", "megawatt_hour"),
        ("Each heater draws 2 kW at most.", "2 kW", "kilowatt"),
    ],
)
def test_mixed_case_symbols_are_units_before_a_word(text, fragment, unit):
    assert one(text, fragment).unit == unit


def test_fast_path_agrees_with_the_full_reader():
    # the same figures reached by the plain-number shortcut and by the run reader
    text = ("Some 12 days later 40 km away, 30 people, twelve boats and 35% of 2,000 voters; "
            "then 12-15 days, two hundred people and one of them.")
    got = [(c.text, c.kind, c.value, c.unit) for c in scan_numbers(text)]
    assert got == [
        ("12 days", "duration", 12, "day"), ("40 km", "quantity", 40, "kilometer"),
        ("30", "count", 30, None), ("twelve", "count", 12, None), ("35%", "percent", 35, "percent"),
        ("2,000", "count", 2000, None), ("12-15 days", "range", 13.5, "day"),
        ("two hundred", "count", 200, None), ("one", "count", 1, None),
    ]


def test_a_code_read_after_a_number_does_not_lead_the_next():
    claims = scan_numbers("The fee rises to 17 USD 25.")
    assert [(c.text, c.value, c.unit) for c in claims] == [("17 USD 25", 17.25, "USD")]


@pytest.mark.parametrize("shape", ["12,34,", "1,2", "1,0", "1.000.", "0,00,"])
def test_digit_comma_shapes_scan_in_linear_time(shape):
    import time

    def cost(n):
        text = (shape * (n // len(shape) + 1))[:n]
        t0 = time.process_time()
        scan_numbers(text)
        return time.process_time() - t0

    small, big = min(cost(2000) for _ in range(3)), min(cost(16000) for _ in range(3))
    assert big < max(small, 0.002) * 30, (small, big)  # linear gives ~8x; quadratic ~64x
