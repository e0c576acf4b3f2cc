"""Recall and false anomalies on cases written by people who never read the code.

The scorer is the project's shared one (``../shared/tools/score_cases.py``); the thresholds are
the figures measured when these tests were written, so a change to the reading that loses
contradictions or adds false anomalies fails here with the scorer's per-case report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import _ci  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SCORER = REPO.parent / "shared" / "tools" / "score_cases.py"
DEV_CASES = REPO.parent / "shared" / "cases"
FRESH = Path(__file__).resolve().parent / "cases" / "fresh"
HELD = Path(__file__).resolve().parent / "cases" / "held"

needs_shared = pytest.mark.skipif(
    not SCORER.exists() and not _ci.IN_CI,
    reason="../shared/tools/score_cases.py is not beside this checkout")


def _score(cases: Path, min_recall: float, max_fp: int) -> subprocess.CompletedProcess:
    cmd = f"{sys.executable} -m numcheck"
    # a loaded CI machine must not turn the per-document time budget into lost findings: the
    # budget has tests of its own (tests/hostile/)
    env = dict(os.environ, NUMCHECK_DOC_TIMEOUT="120", NUMCHECK_STORY_TIMEOUT="120")
    return subprocess.run([sys.executable, str(SCORER), "--cmd", cmd, "--min-recall", str(min_recall),
                           "--max-fp", str(max_fp), str(cases)],
                          capture_output=True, text=True, cwd=REPO, timeout=900, env=env)


@needs_shared
def test_fresh_cases_keep_their_recall_and_precision():
    run = _score(FRESH, 0.65, 0)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


@needs_shared
def test_held_out_cases_keep_their_recall_and_precision():
    run = _score(HELD, 0.60, 0)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


@needs_shared
def test_development_cases_keep_their_recall_and_precision():
    if not DEV_CASES.exists():
        pytest.fail("../shared/cases is missing")
    run = _score(DEV_CASES, 0.90, 0)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


@pytest.mark.parametrize("folder, least", [(FRESH, 80), (HELD, 90)], ids=["fresh", "held"])
def test_cases_are_well_formed(folder, least):
    import yaml

    cases = sorted(p for p in folder.iterdir() if p.is_dir())
    assert len(cases) >= least
    for case in cases:
        spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
        for exp in spec.get("expect") or []:
            files = exp["file"] if isinstance(exp["file"], list) else [exp["file"]]
            snippets = exp["snippet"] if isinstance(exp["snippet"], list) else [exp["snippet"]]
            text = "".join((case / f).read_text(encoding="utf-8") for f in files)
            for s in snippets:
                assert s in text, (case.name, s)
