"""Peak memory of ``numcheck check`` on a 50 MB and a 500 MB corpus: it should not grow.

Usage::

    python3 bench/memory.py                    # 50 MB and 500 MB, --jobs 2 (~15 min on 2 cores)
    python3 bench/memory.py --mb 50 200 --jobs 1

Each run is a fresh ``numcheck check CORPUS --format jsonl -o FILE`` process (the corpus is made
by bench/make_big_corpus.py if missing). psutil samples every 0.2 s: the main process' RSS, the
largest worker's RSS, and the sum over the process tree (an upper bound: forked workers share
pages with the parent). Targets: peak within ±20% between sizes and under 400 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_big_corpus import OUT, make  # noqa: E402


def measure(corpus: Path, jobs: int, extra: list[str]) -> dict:
    """Run one check and return its wall time and peak RSS figures (bytes)."""
    out = OUT / f"memory-{corpus.stem}.jsonl"
    cmd = [shutil.which("numcheck") or "numcheck", "check", str(corpus), "--format", "jsonl",
           "-o", str(out), "--jobs", str(jobs), "--no-config", *extra]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    main_peak = worker_peak = tree_peak = 0
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss
            kids = [c.memory_info().rss for c in ps.children(recursive=True)]
        except psutil.Error:
            kids, rss = [], 0
        main_peak = max(main_peak, rss)
        worker_peak = max([worker_peak, *kids])
        tree_peak = max(tree_peak, rss + sum(kids))
        time.sleep(0.2)
    err = proc.stderr.read().decode()
    return {"seconds": time.perf_counter() - started, "exit": proc.returncode, "main": main_peak,
            "worker": worker_peak, "tree": tree_peak, "stderr": err[-500:]}


def main(argv: list[str] | None = None) -> int:
    """Measure each size and print a table and the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, nargs="+", default=[50, 500])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--engine", default="local", choices=("local", "dask"))
    args = ap.parse_args(argv)
    extra = ["--engine", args.engine] if args.engine != "local" else []
    print(f"# numcheck check --format jsonl --jobs {args.jobs} {' '.join(extra)}; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'corpus':>8} {'MB/s':>6} {'seconds':>8} {'main MB':>8} {'worker MB':>9} {'tree MB':>8}  exit")
    results = []
    for mb in args.mb:
        corpus = make(mb)
        size = corpus.stat().st_size / 1e6
        r = measure(corpus, args.jobs, extra)
        results.append(r)
        print(f"{size:>6.0f}MB {size / r['seconds']:>6.2f} {r['seconds']:>8.1f} {r['main'] / 1e6:>8.0f} "
              f"{r['worker'] / 1e6:>9.0f} {r['tree'] / 1e6:>8.0f}  {r['exit']}", flush=True)
        if r["exit"] not in (0, 1):
            print(r["stderr"], file=sys.stderr)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        for key in ("main", "worker", "tree"):
            if a[key]:
                print(f"peak {key} RSS ratio {args.mb[-1]} MB / {args.mb[0]} MB: {b[key] / a[key]:.2f}")
        ok = all(r["tree"] < 400e6 for r in results) and abs(b["tree"] / a["tree"] - 1) <= 0.2
        print(f"target (flat ±20%, < 400 MB per run, process tree): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
