"""Interrupted runs and the time budget's signal handling.

* A run stopped by SIGTERM exits 143, by SIGINT (Ctrl-C) 130, without a traceback, and leaves
  its ``--output``/``--write-baseline`` file either as it was or complete: never half written.
* :class:`numcheck.limits.time_budget` interrupts pure-Python work, cannot be swallowed by an
  ``except Exception``, restores the timer and handler it found (an outer timer such as
  pytest-timeout's keeps running and still fires), and falls back to deadline checks off the
  main thread.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from numcheck.limits import Budget, BudgetExceeded, Limits, LimitError, parse_bytes, time_budget

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX signals needed")

OLD = '{"old": true}\n'


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> Path:
    """200 dated articles: a run over them takes a few seconds, long enough to interrupt."""
    folder = tmp_path_factory.mktemp("newsroom")
    rng = random.Random(7)
    for i in range(200):
        body = " ".join(
            f"About {rng.randint(1, 9999):,} people came in {rng.randint(1990, 2020)} and "
            f"{rng.randint(2, 99)} percent left on March {rng.randint(1, 28)}." for _ in range(40))
        (folder / f"a{i:03}.md").write_text(f"---\ndate: 2020-03-20\n---\n{body}\n", encoding="utf-8")
    return folder


#: The child resets SIGINT and SIGTERM to what a fresh shell gives it (a pytest started from a
#: background job inherits SIGINT as ignored, and Python then never raises KeyboardInterrupt),
#: and says "started" on stderr once the first story reaches the rules: by then numcheck's own
#: handlers are installed and most of the run is still ahead, so a signal sent on the marker
#: lands mid-run instead of racing a fixed sleep.
_CHILD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
import numcheck.report as report
_real, _said = report.run_story, []
def run_story(*args, **kwargs):
    if not _said:
        _said.append(1)
        sys.stderr.write("numcheck-test: started\\n")
        sys.stderr.flush()
    return _real(*args, **kwargs)
report.run_story = run_story
from numcheck.cli import main
sys.exit(main(sys.argv[1:]))
"""
STARTED = "numcheck-test: started"


def _start(folder: Path, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMCHECK_")}
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, "check", ".", "--no-config", "--progress", "never",
         "--fail-on", "never", *extra],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _interrupt(proc: subprocess.Popen, sig) -> tuple[str, str]:
    """Wait for the started marker, send ``sig``, and return (stdout, stderr)."""
    first = proc.stderr.readline()
    assert first.strip() == STARTED, f"no started marker, got {first!r}"
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    return out, first + err


def _outcome(target: Path) -> str:
    """"old" or "new" (complete JSON report); anything else fails the test."""
    text = target.read_text(encoding="utf-8")
    if text == OLD:
        return "old"
    json.loads(text)  # raises on a half-written file
    return "new"


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_interrupted_run_leaves_old_output(newsroom: Path, tmp_path: Path, sig, code) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    proc = _start(newsroom, "--format", "json", "--output", str(target))
    _, err = _interrupt(proc, sig)
    assert "Traceback" not in err, err
    # never 0: the run was interrupted mid-way, so it must say so
    assert proc.returncode == code, (proc.returncode, err)
    assert _outcome(target) == "old"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "report.json"]
    assert leftovers == [], f"temporary files left behind: {leftovers}"


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_interrupted_baseline_write(newsroom: Path, tmp_path: Path, sig, code) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(OLD, encoding="utf-8")
    proc = _start(newsroom, "--write-baseline", str(baseline), "--format", "json")
    _, err = _interrupt(proc, sig)
    assert "Traceback" not in err, err
    assert proc.returncode == code, (proc.returncode, err)
    assert _outcome(baseline) == "old"


def test_child_marker_does_not_change_the_run(newsroom: Path, tmp_path: Path) -> None:
    """The wrapped child, left alone, finishes like ``numcheck check`` (so the marker is the
    only thing the interrupt tests add)."""
    target = tmp_path / "report.json"
    proc = _start(newsroom, "--format", "json", "--output", str(target))
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    assert err.splitlines()[:1] == [STARTED]
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["documents"] == 200


def test_completed_run_writes_the_whole_report(newsroom: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    proc = _start(newsroom, "--format", "json", "--output", str(target))
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["documents"] == 200


def test_main_restores_the_sigterm_handler_and_environment(tmp_path: Path, monkeypatch) -> None:
    from numcheck.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NUMCHECK_DOC_TIMEOUT", raising=False)
    (tmp_path / "a.md").write_text("About 1,000 people came.\n", encoding="utf-8")
    before = signal.getsignal(signal.SIGTERM)
    assert main(["check", "a.md", "--no-config", "--timeout-per-doc", "3"]) == 0
    assert signal.getsignal(signal.SIGTERM) is before
    assert "NUMCHECK_DOC_TIMEOUT" not in os.environ


# ---- the time budget -------------------------------------------------------------------------

def _spin(seconds: float) -> int:
    """Pure-Python busy work for ``seconds``, swallowing every ordinary exception."""
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            n += 1
        except Exception:  # noqa: BLE001 - the budget must get through this
            pass
    return n


def test_budget_interrupts_python_work() -> None:
    outer = signal.getitimer(signal.ITIMER_REAL)  # pytest-timeout's, when it runs
    started = time.monotonic()
    with pytest.raises(BudgetExceeded) as info:
        with time_budget(0.2, "spinning"):
            _spin(5)
    assert time.monotonic() - started < 2
    assert info.value.seconds == 0.2 and info.value.stage == "spinning"
    after = signal.getitimer(signal.ITIMER_REAL)
    assert (after == (0.0, 0.0)) if not outer[0] else (outer[0] - 3 < after[0] <= outer[0])


def test_budget_restores_handler_and_never_fires_late() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with time_budget(0.3) as budget:
        assert budget.uses_signal
        total = sum(range(1000))
    assert total == 499500
    assert signal.getsignal(signal.SIGALRM) is before
    _spin(0.5)  # a stray alarm would raise or kill the process here


def test_no_budget_is_free() -> None:
    with time_budget(None) as budget:
        _spin(0.05)
    assert budget.remaining() is None and not budget.uses_signal


def test_outer_timer_survives_and_fires() -> None:
    fired = []

    def outer(signum, frame):
        fired.append(time.monotonic())

    previous = signal.signal(signal.SIGALRM, outer)
    try:
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        with time_budget(0.2):
            pass
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.6
        assert signal.getsignal(signal.SIGALRM) is outer
        _spin(1.0)
        assert len(fired) == 1 and 0.5 < fired[0] - started < 1.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outer_timer_due_first_gets_its_signal_and_ours_still_runs() -> None:
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: fired.append(time.monotonic()))
    try:
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(BudgetExceeded):
            with time_budget(0.4):
                _spin(3)
        ended = time.monotonic()
        assert len(fired) == 1 and fired[0] - started < 0.3
        assert 0.35 < ended - started < 1.5
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_worker_threads_fall_back_to_deadline_checks() -> None:
    result: dict = {}

    def work() -> None:
        try:
            with time_budget(0.1) as budget:
                result["signal"] = budget.uses_signal
                _spin(0.3)
                budget.check("after spinning")
        except BudgetExceeded as exc:
            result["stage"] = exc.stage

    t = threading.Thread(target=work)
    t.start()
    t.join(10)
    assert result == {"signal": False, "stage": "after spinning"}


def test_check_documents_in_a_thread_enforces_the_deadline() -> None:
    """Off the main thread the outcome is the same as on it: an overrun is an error."""
    from numcheck.ingest import document_from_text
    from numcheck.report import check_documents

    slow = document_from_text("\n".join(["1234567890," * 3] * 500), path="slow.txt")
    fine = document_from_text("About 1,000 people came.", path="fine.txt")
    out: dict = {}
    t = threading.Thread(target=lambda: out.setdefault(
        "r", check_documents([slow, fine], [], timeout_per_doc=0.001)))
    t.start()
    t.join(300)
    report = out["r"]
    assert [(p.path, p.kind) for p in report.errors] == [("slow.txt", "limit")]
    assert [d.document.path for d in report.documents] == ["fine.txt"]


def test_budget_object_deadline() -> None:
    b = Budget(0.01)
    time.sleep(0.02)
    with pytest.raises(BudgetExceeded):
        b.check("x")
    Budget(None).check()


def test_limit_values() -> None:
    assert parse_bytes("20MB") == 20 * 1024 ** 2
    assert parse_bytes("1.5k") == 1536
    assert parse_bytes(" 512 ") == 512
    for bad in ("", "MB", "-1", "1e9", "12 parsecs", "0"):
        with pytest.raises(LimitError):
            parse_bytes(bad)
    env = {"NUMCHECK_MAX_BYTES": "1KB", "NUMCHECK_DOC_TIMEOUT": "off"}
    assert Limits.resolve(environ=env) == Limits(1024, None)
    assert Limits.resolve("2KB", "5", environ=env) == Limits(2048, 5.0)
    assert Limits.resolve(environ={}) == Limits()
    with pytest.raises(LimitError, match="NUMCHECK_DOC_TIMEOUT"):
        Limits.resolve(environ={"NUMCHECK_DOC_TIMEOUT": "nan"})
    assert Limits.resolve(environ=Limits(999, 2.5).environ()) == Limits(999, 2.5)


def test_default_size_limit_matches_ingest() -> None:
    from numcheck.ingest import DEFAULT_MAX_BYTES
    from numcheck.limits import DEFAULT_MAX_BYTES as LIMIT

    assert LIMIT == DEFAULT_MAX_BYTES
