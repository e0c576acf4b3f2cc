"""The recipe of docs/scale.md, "A cluster of your own": ``dask scheduler`` and ``dask worker``
processes started by hand on this machine, and numcheck pointed at them with ``--scheduler``.

The results must be those of the serial run, byte for byte, and every process of the cluster
is stopped (and checked gone) at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parents[1]


def _dask() -> list[str]:
    exe = Path(sys.executable).with_name("dask")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("dask")
    if found is None:
        pytest.skip("the dask command is not installed")
    return [found]


def _stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def test_a_scheduler_and_worker_processes_give_the_serial_results(tmp_path, shared_dir):
    # the dev cases' articles as one corpus (many anomalies), after 100 Wikinews articles
    corpus = tmp_path / "corpus.jsonl"
    lines = (shared_dir / "corpus" / "news.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[:100]
    for case in sorted((shared_dir / "cases").iterdir()):
        for doc in sorted(case.glob("*.txt")) + sorted(case.glob("*.md")):
            lines.append(json.dumps({"id": f"{case.name}/{doc.name}", "text": doc.read_text(encoding="utf-8")}) + "\n")
    corpus.write_text("".join(lines), encoding="utf-8")
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    procs = []
    try:
        sched_file = tmp_path / "scheduler.json"
        procs.append(subprocess.Popen(
            _dask() + ["scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0",
                       "--scheduler-file", str(sched_file)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 120
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sched_file.exists(), "the scheduler did not start"
        address = json.loads(sched_file.read_text())["address"]
        procs.append(subprocess.Popen(
            _dask() + ["worker", "--scheduler-file", str(sched_file), "--nworkers", "2",
                       "--nthreads", "1", "--no-dashboard", "--local-directory", str(tmp_path / "w")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        outs = {}
        for name, extra in (("serial", ["--jobs", "1"]), ("cluster", ["--engine", "dask", "--scheduler", address])):
            out = tmp_path / f"{name}.jsonl"
            run = subprocess.run([sys.executable, "-m", "numcheck", "check", str(corpus), "--no-config",
                                  "--format", "jsonl", "-o", str(out), *extra],
                                 cwd=REPO, capture_output=True, text=True, timeout=600)
            assert run.returncode in (0, 1), run.stderr
            outs[name] = out.read_bytes()
        assert outs["cluster"] == outs["serial"]
        assert outs["serial"].count(b"\n") >= 5  # anomalies found, in the same order
    finally:
        _stop(procs[::-1])
    assert all(p.poll() is not None for p in procs)
