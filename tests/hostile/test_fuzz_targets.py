"""The fuzz harness of bench/fuzz.py: its saved findings replay cleanly, and it runs.

``python bench/fuzz.py --target all`` fuzzes front matter, corpus rows, configs and baselines
(as well as article text). Each input it saved as a crash or hang lives under
tests/hostile/regressions/<target>/ and is replayed here through the same target function, so a
fixed bug stays fixed. (Article-text findings at the top of regressions/ are replayed by
test_hostile_inputs.py.) A short run of each target shows the harness itself still works.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REGRESSIONS = Path(__file__).with_name("regressions")


def _fuzz():
    spec = importlib.util.spec_from_file_location("numcheck_bench_fuzz", REPO / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz()
CASES = sorted((t, p.name) for t in fuzz.TARGETS if t != "text"
               for p in (REGRESSIONS / t).glob("*") if p.is_file())


def test_every_target_has_its_regressions_folder_or_none_yet() -> None:
    assert set(fuzz.TARGETS) == {"text", "front-matter", "corpus-row", "config", "baseline"}
    assert CASES, "no saved fuzz findings for the structured targets"


@pytest.mark.parametrize("target, name", CASES)
def test_saved_fuzz_finding_replays_cleanly(target: str, name: str) -> None:
    from numcheck.limits import time_budget

    text = (REGRESSIONS / target / name).read_bytes().decode("utf-8", errors="replace")
    with time_budget(10, f"replaying {name}"):
        fuzz.TARGETS[target](text)


@pytest.mark.parametrize("target", ["front-matter", "corpus-row", "config", "baseline"])
def test_fuzz_harness_runs(target: str, tmp_path: Path) -> None:
    """Three seconds of the hypothesis engine on each target: no crash found, nothing saved."""
    pytest.importorskip("hypothesis")
    code = fuzz.main(["--engine", "hypothesis", "--target", target, "--seconds", "3",
                      "--out", str(tmp_path)])
    assert code == 0, sorted(p.name for p in tmp_path.rglob("*"))
    assert not any(tmp_path.rglob("crash-*"))
