"""Shared helpers for the round-two hostile tests: running the real CLI, and the good article.

Every hostile test puts its bad input next to ``good.md``, whose one NC601 anomaly must still be
reported: one bad input never costs the other files their results.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n"
#: One NC601 anomaly: "March 2" and "Earlier this month" date the airlift to 2020, not 2019.
GOOD_TEXT = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, "
             "the second such airlift in 2019.\n")
GOOD = HEAD + GOOD_TEXT

#: "Some 600 of the 2,000 members (35%) voted" (NC201: 600 of 2,000 is 30%, not 35%), then a
#: phrase repeated n times: one sentence with thousands of figures (issue 16, item 3).
FIGURES_HEAD = "Some 600 of the 2,000 members (35%) voted "


def many_figures(phrase: str, n: int) -> str:
    """One sentence: :data:`FIGURES_HEAD` followed by ``phrase`` n times."""
    return FIGURES_HEAD + phrase * n + "\n"


@dataclass
class Run:
    """One finished CLI run."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def records(self) -> dict | None:
        """The JSON report on stdout (None when stdout is not JSON)."""
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None

    def error_lines(self) -> list[str]:
        """The ``numcheck: ...`` lines on stderr."""
        return [ln for ln in self.stderr.splitlines() if ln.startswith("numcheck: ")]

    def anomalies(self, name: str = "") -> list[dict]:
        """Anomalies of the JSON report whose path ends in ``name``."""
        return [a for a in (self.records or {}).get("anomalies", []) if a["path"].endswith(name)]


def clean_env(**extra: str) -> dict:
    """The environment without NUMCHECK_* settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMCHECK_")}
    env.update(extra)
    return env


#: Address space a CLI run may use: a run that tries to expand an alias bomb or read /dev/zero
#: fails with MemoryError inside it instead of taking the test machine's memory.
MEMORY_LIMIT = 3 * 1024 ** 3


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass


def cli(cwd: Path, *args: str, timeout: float = 120, env: dict | None = None,
        stdin: str | None = None, cap_memory: bool = False) -> Run:
    """``python -m numcheck ARGS`` in ``cwd``; a hang past ``timeout`` fails the test. With
    ``cap_memory`` the run's address space is capped at :data:`MEMORY_LIMIT`."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "numcheck", *args], cwd=cwd, capture_output=True,
                          encoding="utf-8", errors="replace", timeout=timeout,
                          env=env or clean_env(), input=stdin,
                          preexec_fn=_limit_memory if cap_memory and os.name == "posix" else None)
    return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def check(cwd: Path, *args: str, timeout: float = 120, env: dict | None = None,
          fmt: str = "json", cap_memory: bool = True) -> Run:
    """``numcheck check ARGS --format FMT --no-config`` (no colour, no progress bar), memory
    capped unless ``cap_memory`` is false."""
    return cli(cwd, "check", *args, "--format", fmt, "--no-config", "--color", "never",
               "--progress", "never", timeout=timeout, env=env, cap_memory=cap_memory)


def assert_clean_failure(run: Run, expected_errors: int = 1) -> None:
    """No traceback, no internal error, ``expected_errors`` one-line errors, good.md reported."""
    assert "Traceback" not in run.stderr, run.stderr
    assert "internal error" not in run.stderr, run.stderr
    lines = run.error_lines()
    assert len(lines) == expected_errors, lines
    for line in lines:
        assert len(line) < 400, line
    assert any(a["code"] == "NC601" for a in run.anomalies("good.md")), (run.stderr, run.stdout[:2000])
