"""Fixture tests for the arithmetic kinds: product, parts_whole, percent and conversion.

Every ``fixtures/checks/<kind>/flag_<CODES>_*.md`` must raise exactly the codes its name lists
(``flag_NC111_NC112_x.md`` → NC111 and NC112) and nothing else, with every default rule
active; every ``pass_*.md`` must raise nothing at all.

A few fixtures depend on the extractor reading something it reads wrongly today; those are
marked ``xfail`` only while the misreading is observable (probed at run time), so they turn
into ordinary passing tests as soon as the extractor is fixed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from numcheck.extract import extract
from numcheck.report import check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
KINDS = ("product", "parts_whole", "percent", "conversion", "granularity", "statistics", "score",
         "table_total")


def _scope_after_noun_is_read() -> bool:
    claims = extract("They freed 1,000 prisoners per side.")
    return any(c.scope == "per_side" for c in claims)


def _bare_figure_before_in_is_a_count() -> bool:
    claims = extract("37 were killed, 21 in one province and 19 in another.")
    return not any(c.unit == "inch" for c in claims)


# fixture name → (probe that must hold for the fixture to be checkable, what is misread)
_NEEDS = {
    "flag_NC101_per_side_total.md": (_scope_after_noun_is_read,
                                     "extractor leaves scope unset for 'per side'/'in total' after the noun"),
    "flag_NC101_groups_of.md": (_scope_after_noun_is_read,
                                "extractor leaves scope unset for 'in total' after the noun"),
    "flag_NC111_by_place.md": (_bare_figure_before_in_is_a_count,
                               "extractor reads '21 in one province' as 21 inches"),
}


def _fixtures():
    for kind in KINDS:
        for path in sorted(p for p in (FIXTURES / kind).iterdir() if p.suffix in (".md", ".html")):
            yield pytest.param(path, id=f"{kind}/{path.stem}")


def _expected_codes(path: Path) -> set[str]:
    if path.name.startswith("pass_"):
        return set()
    return set(re.findall(r"NC\d{3}", path.stem))


def test_every_kind_has_flag_and_pass_fixtures():
    for kind in KINDS:
        names = [p.name for p in (FIXTURES / kind).glob("*.md")]
        assert any(n.startswith("flag_") for n in names), kind
        assert any(n.startswith("pass_") for n in names), kind


@pytest.mark.parametrize("path", list(_fixtures()))
def test_fixture_raises_exactly_its_codes(path: Path):
    need = _NEEDS.get(path.name)
    if need is not None and not need[0]():
        pytest.xfail(need[1])
    report = check(str(path))
    assert not report.errors, [e.format() for e in report.errors]
    got = {a.code for a in report.anomalies}
    expected = _expected_codes(path)
    assert got == expected, [(a.code, a.message) for a in report.anomalies]


def test_messages_write_the_arithmetic_out():
    report = check("Some 600 of the 2,000 members (35%) voted to strike.", date="2022-05-17")
    [a] = report.anomalies
    assert a.code == "NC201"
    assert "600 / 2,000 = 30.0%" in a.message and "35%" in a.message
    report = check("The storm moved 120 miles (250 km) inland.", date="2024-08-21")
    [a] = report.anomalies
    assert a.code == "NC301" and "193.1 km" in a.message


def test_qualifier_turns_an_excess_into_a_consistent_breakdown():
    exact = check("Of the 37 dead, 21 were found in the north and 19 were found in the south.",
                  date="2024-03-08")
    hedged = check("Of the at least 37 dead, 21 were found in the north and 19 were found in the south.",
                   date="2024-03-08")
    assert [a.code for a in exact.anomalies] == ["NC111"]
    assert hedged.anomalies == []


def test_conversion_rounding_follows_the_digits():
    from numcheck.checks.conversion import converted_halfwidth
    from numcheck.model import Claim

    def q(text, value):
        return Claim(0, len(text), text, "quantity", value, unit="kilometer")

    assert converted_halfwidth(q("250 km", 250)) == 5
    assert converted_halfwidth(q("200 km", 200)) == 50
    assert converted_halfwidth(q("193 km", 193)) == 0.5
    assert converted_halfwidth(q("45 km", 45)) == 2.5
    assert converted_halfwidth(q("120 km", 120), trailing_zeros=False) == 0.5
    assert converted_halfwidth(q("1.80 m", 1.8)) == pytest.approx(0.005)
    assert converted_halfwidth(q("2.5 million km", 2.5e6)) == pytest.approx(50_000)
