"""Fixture tests for the arithmetic kinds: product, parts_whole, percent and conversion.

Every ``fixtures/checks/<kind>/flag_<CODES>_*.md`` must raise exactly the codes its name lists
(``flag_NC111_NC112_x.md`` → NC111 and NC112) and nothing else, with every default rule
active; every ``pass_*.md`` must raise nothing at all.

A fixture that depends on something the extractor reads wrongly today is listed in
:data:`KNOWN_GAPS` with the reason, as a strict xfail: it fails the run as soon as it passes
(drop it from the list then), and nothing turns a failing fixture into an xfail at run time.
A ``flag_`` fixture must name its codes; the kinds covered here and in test_checks_story.py
together must be every kind the registry knows (numcheck.checks.KINDS).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from numcheck.report import check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
KINDS = ("product", "parts_whole", "percent", "conversion", "granularity", "statistics", "score",
         "table_total")


#: fixture (``kind/name``) → what the extractor misreads, while it does (strict xfails)
KNOWN_GAPS: dict[str, str] = {}


def _fixtures():
    for kind in KINDS:
        for path in sorted(p for p in (FIXTURES / kind).iterdir() if p.suffix in (".md", ".html")):
            case = f"{kind}/{path.name}"
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[case])] if case in KNOWN_GAPS else []
            yield pytest.param(path, id=f"{kind}/{path.stem}", marks=marks)


def _expected_codes(path: Path) -> set[str]:
    if path.name.startswith("pass_"):
        return set()
    assert path.name.startswith("flag_"), f"{path.name}: a fixture is named flag_* or pass_*"
    codes = set(re.findall(r"NC\d{3}", path.stem))
    assert codes, f"{path.name}: a flag_ fixture names the codes it raises (flag_NC111_x.md)"
    return codes


def test_fixture_kinds_are_the_registry():
    """Every registered kind has its fixtures tested, here or in test_checks_story.py."""
    from numcheck.checks import KINDS as REGISTRY

    from test_checks_story import KIND_CODES

    covered = set(KINDS) | set(KIND_CODES)
    assert covered == set(REGISTRY), (
        f"kinds without fixture tests: {sorted(set(REGISTRY) - covered)}; "
        f"tested kinds the registry does not know: {sorted(covered - set(REGISTRY))}")
    for kind in REGISTRY:
        assert (FIXTURES / kind).is_dir(), f"fixtures/checks/{kind}/ is missing"


def test_flag_fixture_without_codes_is_refused():
    with pytest.raises(AssertionError, match="names the codes"):
        _expected_codes(Path("flag_wrong_total.md"))
    with pytest.raises(AssertionError, match="flag_\\* or pass_\\*"):
        _expected_codes(Path("wrong_total.md"))


def test_every_kind_has_flag_and_pass_fixtures():
    for kind in KINDS:
        names = [p.name for p in (FIXTURES / kind).glob("*.md")]
        assert any(n.startswith("flag_") for n in names), kind
        assert any(n.startswith("pass_") for n in names), kind


@pytest.mark.parametrize("path", list(_fixtures()))
def test_fixture_raises_exactly_its_codes(path: Path):
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
