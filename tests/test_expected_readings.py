"""The fixtures' readings against a hand-written table (tests/data/expected_readings.yaml).

The golden files record whatever the pipeline read, and ``--regen-golden`` rewrites them
wholesale, so a wrong reading that slips in becomes the expectation. The table beside them is
written by hand and never regenerated: it says what each figure a fixture depends on *is*
(value, unit, kind, date), and for every pass fixture what its check needs read (the
relation, tables or reports it consumes), so that no pass fixture can pass without its check
running. This file also reports golden files that no fixture produces any more.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CHECKS = REPO / "fixtures" / "checks"
GOLDEN = REPO / "tests" / "golden"
TABLE = yaml.safe_load((REPO / "tests" / "data" / "expected_readings.yaml").read_text(encoding="utf-8"))
FIELDS = ("kind", "value", "unit", "date", "scope", "subject", "low", "high")
STORY_KINDS = {"story_agreement", "cumulative"}


def _dc(rel: str):
    from numcheck.engine import analyse
    from numcheck.ingest import load_document

    return analyse(load_document(str(CHECKS / rel)))


def _file_entries():
    return [pytest.param(k, v, id=k) for k, v in sorted(TABLE.items()) if (CHECKS / k).is_file()]


def _same(expected, actual) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and math.isclose(expected, actual, rel_tol=1e-12, abs_tol=1e-12)
    return str(expected) == str(actual) if expected is not None else actual is None


@pytest.mark.parametrize("rel, entry", _file_entries())
def test_fixture_reads_as_written_by_hand(rel, entry):
    dc = _dc(rel)
    for want in entry.get("claims", ()):
        found = [c for c in dc.claims if c.text == want["text"]]
        assert found, f"{rel}: no claim {want['text']!r}; read {[c.text for c in dc.claims]}"
        c = found[want.get("at", 0)]
        wrong = {f: (want[f], getattr(c, f)) for f in FIELDS if f in want and not _same(want[f], getattr(c, f))}
        assert not wrong, f"{rel}: {want['text']!r} read wrongly (expected, got): {wrong}"
    for text in entry.get("not_claims", ()):
        assert all(c.text != text for c in dc.claims), f"{rel}: {text!r} was read as a claim of its own"
    kinds = {r.kind for r in dc.reading.relations}
    if "relation" in entry:
        assert entry["relation"] in kinds, (
            f"{rel}: its check needs a {entry['relation']!r} relation, and none was read "
            f"(read: {sorted(kinds)}): the fixture would pass without the check running")
    if "no_relation" in entry:
        assert entry["no_relation"] not in kinds, f"{rel}: a {entry['no_relation']!r} relation was read"
    if "tables" in entry:
        assert len(dc.tables) == entry["tables"], f"{rel}: {len(dc.tables)} tables read"
    for field, least in (entry.get("reports") or {}).items():
        got = len(getattr(dc.reading.reports, field))
        assert got >= least, f"{rel}: {got} {field} read, at least {least} expected"


@pytest.mark.parametrize("rel", sorted(k for k, v in TABLE.items() if v.get("one_story")))
def test_story_fixture_is_one_story(rel):
    import numcheck

    report = numcheck.check(paths=[str(CHECKS / rel)], story="auto")
    assert [len(s.documents) for s in report.stories] == [len(list((CHECKS / rel).glob("*.md")))], (
        f"{rel}: its articles are not linked into one story, so the story check never compares them")


def _pass_fixtures() -> list[str]:
    out = []
    for kind in sorted(p for p in CHECKS.iterdir() if p.is_dir()):
        for p in sorted(kind.iterdir()):
            if p.name.startswith("pass_"):
                out.append(str(p.relative_to(CHECKS)))
    return out


def test_every_pass_fixture_says_what_its_check_needs():
    """A pass fixture passes for its reason only if the check had something to look at: each
    names the relation (or tables, reports, story link) it needs, or the non-relation it shows,
    or at least the claims it depends on."""
    needs = ("relation", "no_relation", "tables", "reports", "one_story", "claims")
    missing = [rel for rel in _pass_fixtures() if not any(k in TABLE.get(rel, {}) for k in needs)]
    assert missing == [], f"pass fixtures with no hand-written expectation: {missing}"


def test_table_names_real_fixtures():
    gone = [k for k in TABLE if not (CHECKS / k).exists()]
    assert gone == [], f"expected_readings.yaml names fixtures that do not exist: {gone}"


def test_no_orphan_golden_files():
    """Every golden file belongs to a fixture that still exists (a renamed or deleted fixture
    leaves its goldens behind, checked against nothing)."""
    fixtures = REPO / "fixtures"
    orphans = []
    for g in sorted(GOLDEN.rglob("*")):
        if not g.is_file():
            continue
        rel = g.relative_to(GOLDEN)
        parts = rel.name.split(".")
        # <article>.<ext>.<stage>[.json] or <story folder>.<format>
        candidates = [fixtures / rel.parent / ".".join(parts[:i]) for i in range(1, len(parts))]
        if not any(c.exists() for c in candidates):
            orphans.append(str(rel))
    assert orphans == [], f"golden files no fixture produces: {orphans}"
