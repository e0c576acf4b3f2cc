"""The real seed articles (../shared/seeds) read as the foundation issue lists, and our own
fixture twins read the same way. Skips cleanly when ../shared is absent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import _ci  # noqa: E402

from numcheck.engine import analyse
from numcheck.ingest import load_document

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def _claims(path: Path, date: str | None = None):
    doc = load_document(str(path), date=dt.date.fromisoformat(date) if date else None)
    return analyse(doc)


def _one(claims, text, **fields):
    found = [c for c in claims if c.text == text and all(getattr(c, k) == v for k, v in fields.items())]
    assert found, f"no claim {text!r} with {fields}; have {[(c.text, c.kind) for c in claims]}"
    return found[0]


def _seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        _ci.missing("../shared/seeds")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_seed_000_claims_with_date_flag():
    dc = _claims(_seed("000"), "2025-05-23")
    claims = dc.claims
    per_side = _one(claims, "1,000", kind="count", qualifier="approx", scope="per_side")
    assert per_side.subject == "detainee" and per_side.low < 1000 < per_side.high
    _one(claims, "64", kind="count", value=64, subject="exchange")
    _one(claims, "4,757", kind="count", qualifier="at_least")
    _one(claims, "200", kind="count", qualifier="more_than")
    _one(claims, "fifth", kind="ordinal", value=5)
    _one(claims, "2024", kind="year", date="2024", relative=False)
    _one(claims, "May 7", kind="date", date="2025-05-07", relative=True)
    _one(claims, "February 2022", kind="date", date="2022-02")
    # a reporting verb in the past governs the weekday: the Thursday before publication
    _one(claims, "Thursday", kind="date", date="2025-05-22")


def test_seed_001_claims_without_date():
    dc = _claims(_seed("001"))
    assert dc.date == dt.date(2025, 5, 23) and dc.date_source == "caption"
    claims = dc.claims
    _one(claims, "2,000", kind="count", scope="total")
    _one(claims, "three-year", kind="duration", value=3, unit="year")
    _one(claims, "two hours", kind="duration", value=2, unit="hour")
    _one(claims, "May 15", kind="date", date="2025-05-15")
    money = _one(claims, "$10", kind="money", unit="USD")
    assert money.boilerplate


def test_fixture_twins_read_like_the_seeds():
    wire = _claims(REPO / "fixtures/story_swap/wire_report.txt", "2025-05-23").claims
    _one(wire, "1,000", qualifier="approx", scope="per_side")
    _one(wire, "64", subject="exchange")
    _one(wire, "4,757", qualifier="at_least")
    _one(wire, "2024", kind="year")
    _one(wire, "May 7", date="2025-05-07")
    network = _claims(REPO / "fixtures/story_swap/network_report.txt")
    assert network.date == dt.date(2025, 5, 23) and network.date_source == "caption"
    _one(network.claims, "2,000", scope="total")
    _one(network.claims, "May 15", date="2025-05-15")
    boiler = [c for c in wire if c.text == "$10"]
    assert boiler and boiler[0].boilerplate

