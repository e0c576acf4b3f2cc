"""Meta-tests: the layer contract, the kind registry and the default rule pack stay honest."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_layers_point_down_the_pipeline():
    """import-linter enforces ingest → extract → checks → engine → report → render → cli."""
    lint = Path(sys.executable).with_name("lint-imports")
    cmd = [str(lint)] if lint.exists() else ["lint-imports"]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_every_kind_has_a_default_rule_and_every_rule_a_kind():
    from numcheck.checks import KINDS
    from numcheck.engine import load_rules

    rules, problems = load_rules()
    assert not problems, [p.format() for p in problems]
    used = {r.kind for r in rules}
    assert used <= set(KINDS)
    assert set(KINDS) - used == set(), f"kinds without a default rule: {set(KINDS) - used}"


def test_default_rules_have_unique_codes_names_and_examples():
    from numcheck.engine import load_rules

    rules, _ = load_rules()
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for r in rules:
        expects = {ex.expect for ex in r.examples}
        assert expects == {"flag", "pass"}, f"{r.code} needs flag and pass examples"


def test_values_are_frozen_and_picklable():
    from numcheck.model import Anomaly, Claim, Evidence, Span

    claim = Claim(0, 5, "1,000", "count", 1000.0, 900.0, 1100.0, qualifier="approx")
    anomaly = Anomaly("NC101", "x", "product", "error", "a.md", 0, 5, "1,000", "m",
                      (Evidence("b.md", 1, 2, "2", "total"),))
    for value in (claim, anomaly, Span(1, 2)):
        assert pickle.loads(pickle.dumps(value)) == value
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.start = 3  # type: ignore[misc]


def test_rules_pickle_for_workers():
    from numcheck.engine import load_rules

    rules, _ = load_rules()
    again = pickle.loads(pickle.dumps(rules))
    assert [r.code for r in again] == [r.code for r in rules]
