"""Whole-process speed of ``numcheck check`` on a corpus, two commits side by side in one run.

Usage::

    python3 bench/compare_commits.py                       # HEAD~1 vs the working tree, news.jsonl
    python3 bench/compare_commits.py --base 58c70aa --repeat 5
    python3 bench/compare_commits.py --corpus ../shared/corpus/fomc.jsonl

The base commit is checked out into a temporary git worktree (its ``rules/`` linked where the
installed package would have it), and both trees run ``python -m numcheck check CORPUS --jobs 1
--format json`` with the same interpreter and dependencies, alternately, ``--repeat`` times each,
so that the machine's load falls on both alike. Prints each run, the medians, MB/s of corpus text
and the ratio head/base (below 1.0 means the working tree is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"


def _text_bytes(corpus: Path) -> int:
    total = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                total += len(json.loads(line).get("text", "").encode("utf-8"))
    return total


def _prepare(base: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), base],
                   check=True, capture_output=True)
    link = where / "numcheck" / "rules"
    if not link.exists():
        link.symlink_to(where / "rules", target_is_directory=True)
    return where


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _run(tree: Path, corpus: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole-process run of ``tree`` on ``corpus``."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    env.pop("NUMCHECK_MAX_BYTES", None)
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run([sys.executable, "-m", "numcheck", "check", str(corpus), "--jobs", "1",
                           "--format", "json", "--no-config", "-o", os.devnull],
                          cwd=tree, env=env, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{tree}: exit {proc.returncode}: {proc.stderr.strip()[-400:]}")
    return seconds, cpu


def main(argv: list[str] | None = None) -> int:
    """Run both trees alternately and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="HEAD~1", help="commit to compare against (default HEAD~1)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus).resolve()
    size = _text_bytes(corpus)
    with tempfile.TemporaryDirectory(prefix="numcheck-base-") as tmp:
        base_tree = _prepare(args.base, Path(tmp) / "base")
        try:
            times = {"base": [], "head": []}
            _run(base_tree, corpus), _run(ROOT, corpus)  # warm the OS cache for both
            for i in range(args.repeat):
                for name, tree in (("base", base_tree), ("head", ROOT)) if i % 2 == 0 else (("head", ROOT), ("base", base_tree)):
                    t = _run(tree, corpus)
                    times[name].append(t)
                    print(f"  run {i + 1} {name}: {t[0]:.2f} s wall, {t[1]:.2f} s CPU")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                           capture_output=True)
    mb = size / 1e6
    print(f"corpus {corpus.name}: {mb:.2f} MB of text, {args.repeat} runs each, alternating; "
          f"load {os.getloadavg()[0]:.1f}")
    for k, what in ((0, "wall"), (1, "CPU")):
        b = statistics.median(t[k] for t in times["base"])
        h = statistics.median(t[k] for t in times["head"])
        print(f"{what:>4}: base {args.base} median {b:.2f} s ({mb / b:.2f} MB/s); head (working tree) "
              f"median {h:.2f} s ({mb / h:.2f} MB/s); ratio head/base {h / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
