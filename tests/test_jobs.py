"""``--jobs N`` on lists of files and folders, and on corpora: the same report, no process left.

Each run gets a marker in its environment; forked workers inherit it, so any live process that
still carries the marker after numcheck has exited is a worker left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from numcheck.report import check_documents

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists() or sys.platform == "win32",
                                reason="needs /proc and fork")


def _carrying(marker: str) -> list[int]:
    """Pids of live processes whose environment holds ``marker``."""
    needle = f"NUMCHECK_TEST_MARK={marker}".encode()
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            env = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in env and state != "Z":
            out.append(int(entry))
    return out


def _gone(marker: str, within: float = 10.0) -> list[int]:
    deadline = time.monotonic() + within
    while True:
        left = _carrying(marker)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def _articles(folder: Path, n: int, shared: Path) -> Path:
    folder.mkdir()
    rows = [json.loads(line) for line in (shared / "corpus" / "news.jsonl").open(encoding="utf-8")]
    for i, r in enumerate(rows[:n]):
        (folder / f"a{i:03d}.md").write_text(r["text"], encoding="utf-8")
    return folder


def _numcheck(args, marker, **kw):
    env = dict(os.environ, NUMCHECK_TEST_MARK=marker, NO_COLOR="1")
    return subprocess.Popen([sys.executable, "-m", "numcheck", *args], env=env, cwd=kw.pop("cwd", REPO),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_files_and_folders_with_jobs_2_report_what_one_process_reports(tmp_path, shared_dir):
    folder = _articles(tmp_path / "news", 24, shared_dir)
    paths = [str(folder), "fixtures", "tests/cases/fresh"]
    outs = []
    for jobs in ("1", "2"):
        p = _numcheck(["check", *paths, "--no-config", "--format", "json", "--jobs", jobs], uuid.uuid4().hex)
        out, err = p.communicate(timeout=600)
        assert p.returncode == 1, err
        outs.append(json.loads(out))
    assert outs[0] == outs[1]
    assert len(outs[0]["anomalies"]) > 50
    # several stories of several files each: cross-file checks ran in the workers too
    assert any(len(s["documents"]) > 1 for s in outs[0]["stories"])


def test_check_documents_with_workers_equals_one_process(shared_dir):
    from numcheck.engine import load_rules
    from numcheck.ingest import document_from_text

    rows = [json.loads(line) for line in (shared_dir / "corpus" / "news.jsonl").open(encoding="utf-8")][:30]
    docs = [document_from_text(r["text"], f"{r['id']}.md", fmt="md", date=r.get("date")) for r in rows]
    rules, _ = load_rules()
    serial = check_documents(docs, rules, story="auto")
    parallel = check_documents(docs, rules, story="auto", jobs=2)
    assert parallel.anomalies == serial.anomalies and parallel.errors == serial.errors
    assert [s.documents for s in parallel.stories] == [s.documents for s in serial.stories]


@pytest.mark.parametrize("what", ["files", "corpus"])
def test_no_worker_is_left_after_a_normal_exit(tmp_path, shared_dir, what):
    target = str(_articles(tmp_path / "news", 12, shared_dir)) if what == "files" \
        else str(shared_dir / "corpus" / "fomc.jsonl")
    marker = uuid.uuid4().hex
    p = _numcheck(["check", target, "--no-config", "--format", "json", "--jobs", "2"], marker)
    out, err = p.communicate(timeout=600)
    assert p.returncode in (0, 1), err
    assert json.loads(out)["summary"]["documents"] > 1
    assert _gone(marker) == []


def test_no_worker_is_left_after_an_input_error(tmp_path, shared_dir):
    folder = _articles(tmp_path / "news", 12, shared_dir)
    (folder / "broken.md").write_bytes(b"\xff\xfe not text \x00\x00")
    marker = uuid.uuid4().hex
    p = _numcheck(["check", str(folder), str(tmp_path / "missing.md"), "--no-config", "--jobs", "2"], marker)
    out, err = p.communicate(timeout=600)
    assert p.returncode == 2
    assert "missing.md" in err and "Traceback" not in err
    assert _gone(marker) == []


@pytest.mark.parametrize("what", ["files", "corpus"])
def test_no_worker_is_left_after_ctrl_c(tmp_path, shared_dir, what):
    if what == "files":
        target = str(_articles(tmp_path / "news", 200, shared_dir))
    else:
        target = str(shared_dir / "corpus" / "news.jsonl")
    marker = uuid.uuid4().hex
    # a terminal's Ctrl-C: SIGINT to the whole process group
    p = _numcheck(["check", target, "--no-config", "--format", "json", "--jobs", "2"], marker,
                  start_new_session=True)
    deadline = time.monotonic() + 120
    while len(_carrying(marker)) < 3 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    assert p.poll() is None and len(_carrying(marker)) >= 3, "the workers never started"
    time.sleep(0.5)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert _gone(marker) == []


@pytest.mark.parametrize("interrupt", [False, True])
def test_no_dask_process_is_left_after_a_run_or_ctrl_c(shared_dir, interrupt):
    pytest.importorskip("distributed")
    marker = uuid.uuid4().hex
    corpus = shared_dir / "corpus" / ("news.jsonl" if interrupt else "fomc.jsonl")
    p = _numcheck(["check", str(corpus), "--no-config", "--format", "jsonl", "-o", os.devnull,
                   "--engine", "dask", "--jobs", "2"], marker, start_new_session=True)
    if interrupt:
        deadline = time.monotonic() + 180
        # the main process, the scheduler's and the two workers' (nannies included)
        while len(_carrying(marker)) < 4 and time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.1)
        assert p.poll() is None, "the run ended before the cluster was up"
        time.sleep(1.0)
        os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=300)
    assert p.returncode == (130 if interrupt else 0) or (not interrupt and p.returncode == 1), err
    if not interrupt:
        # (a Ctrl-C reaches the cluster's own processes too, which may print their tracebacks)
        assert "Traceback" not in err
    assert _gone(marker, within=20) == []
