"""Parallel speed-up on one machine and the Dask overhead, on the 50 MB corpus.

Usage::

    python3 bench/scale.py                   # --jobs 1, --jobs 2, --engine dask (2 workers)
    python3 bench/scale.py --mb 10 --api     # smaller corpus; also the numcheck.dask API

Every run is a fresh ``numcheck check CORPUS --format jsonl -o FILE`` process, timed wall-clock,
in the same invocation so the ratios compare like with like: ``--jobs 2`` against ``--jobs 1``
(target ≥ 1.7× on 2 cores) and ``--engine dask --jobs 2`` (a 2-worker LocalCluster started by
the command) against ``--jobs 2``. The outputs are compared byte for byte. With ``--api`` the
``numcheck.dask`` API (``dd.read_json`` → ``anomalies()`` → ``to_parquet``) is timed on a
2-worker LocalCluster too (cluster start-up excluded).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_big_corpus import OUT, make  # noqa: E402


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def timed_check(corpus: Path, label: str, extra: list[str]) -> tuple[float, float, Path, int]:
    """Wall seconds and CPU seconds (the whole process tree) of one ``numcheck check`` run,
    its output file, and its exit code."""
    out = OUT / f"scale-{label}.jsonl"
    cmd = [shutil.which("numcheck") or "numcheck", "check", str(corpus), "--format", "jsonl",
           "-o", str(out), "--no-config", *extra]
    cpu0 = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        print(proc.stderr[-2000:], file=sys.stderr)
    return seconds, _children_cpu() - cpu0, out, proc.returncode


def api_run(corpus: Path, workers: int) -> float:
    """Seconds for numcheck.dask.anomalies over the corpus on a fresh LocalCluster."""
    import logging

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import numcheck.dask as ncd

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster):
        started = time.perf_counter()
        ddf = dd.read_json(str(corpus), lines=True, blocksize="4MB")
        target = OUT / "scale-api.parquet"
        shutil.rmtree(target, ignore_errors=True)
        ncd.anomalies(ddf, source=str(corpus), date_field="published").to_parquet(str(target))
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Run the configurations and print times, throughput and ratios."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=50)
    ap.add_argument("--api", action="store_true", help="also time the numcheck.dask API")
    args = ap.parse_args(argv)
    corpus = make(args.mb)
    size = corpus.stat().st_size / 1e6
    print(f"# {corpus} ({size:.1f} MB); {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    runs = {}
    for label, extra in (("jobs1", ["--jobs", "1"]), ("jobs2", ["--jobs", "2"]),
                         ("dask2", ["--engine", "dask", "--jobs", "2"])):
        seconds, cpu, out, code = timed_check(corpus, label, extra)
        runs[label] = (seconds, out, cpu)
        print(f"{label:>6}: {seconds:7.1f} s wall  {size / seconds:6.2f} MB/s  {cpu:7.1f} s CPU "
              f"(process tree)  load {os.getloadavg()[0]:.1f}  exit {code}", flush=True)
    j1, j2, dk = runs["jobs1"][0], runs["jobs2"][0], runs["dask2"][0]
    print(f"speed-up --jobs 2 / --jobs 1: {j1 / j2:.2f}x   target ≥ 1.7x: {'met' if j1 / j2 >= 1.7 else 'NOT met'}")
    # on a shared machine wall time also measures the neighbours; CPU time shows what the
    # parallel run costs in extra work (pickling, the main process), whatever the load
    c1, c2 = runs["jobs1"][2], runs["jobs2"][2]
    print(f"CPU cost of --jobs 2 over --jobs 1: {c2 / c1:.2f}x; speed-up on an otherwise idle "
          f"2-core machine at most {2 * c1 / c2:.2f}x")
    print(f"dask 2 workers vs --jobs 2: {dk / j2:.2f}x the time ({dk - j2:+.1f} s overhead, "
          f"cluster start-up included)")
    same = all(filecmp.cmp(runs["jobs1"][1], runs[k][1], shallow=False) for k in ("jobs2", "dask2"))
    print(f"outputs identical across the three runs: {same}")
    if args.api:
        seconds = api_run(corpus, 2)
        print(f"numcheck.dask API, 2 workers: {seconds:7.1f} s  {size / seconds:6.2f} MB/s  "
              f"({seconds / j2:.2f}x --jobs 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
