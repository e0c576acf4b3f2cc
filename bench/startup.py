"""Start-up cost of ``numcheck check`` on one 3 KB article, the way pre-commit runs it.

Usage::

    python3 bench/startup.py               # 9 runs, median, plus -X importtime top offenders

Each run is a fresh process running the ``numcheck`` console script (as pre-commit invokes a
hook) on one ~3 KB article from the corpus, written to bench/out/startup-article.md. Then
``python -X importtime -m numcheck check ARTICLE`` lists the imports with the largest
cumulative time. Target: median wall time < 0.5 s.

Two settings are timed: the environment as it is, and with compiled bytecode cached (as a
``pip install`` or pre-commit's hook environment has it). When ``PYTHONDONTWRITEBYTECODE`` is set
and the package has no ``__pycache__`` (an editable install in such a container), every start
compiles numcheck's modules from source; the second setting uses ``PYTHONPYCACHEPREFIX`` under
bench/out/ instead, leaving the source tree alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_CORPUS = Path("/work/shared/corpus/news.jsonl")


def article(corpus: Path, size: int = 3000) -> Path:
    """An article of about ``size`` bytes from the corpus, as a Markdown file with its date."""
    best = None
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            gap = abs(len(row["text"].encode("utf-8")) - size)
            if best is None or gap < best[0]:
                best = (gap, row)
    row = best[1]
    OUT.mkdir(exist_ok=True)
    path = OUT / "startup-article.md"
    path.write_text(f"---\ndate: {row['published']}\n---\n{row['text']}\n", encoding="utf-8")
    return path


def compare(base: str, path: Path, runs: int) -> int:
    """Start-up of ``base`` and of the working tree, alternately, by wall and by CPU time.

    Each run is ``python -m numcheck check ARTICLE --no-config`` with that tree first on
    ``PYTHONPATH`` and bytecode cached (one cache folder per tree). CPU time (user + system of
    the child) is what a loaded machine disturbs least.
    """
    import resource
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from compare_commits import ROOT, _prepare

    def one(tree: Path) -> tuple[float, float]:
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=str(OUT / f"pycache-{tree.name}"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "numcheck", "check", str(path), "--no-config"],
                       cwd=tree, env=env, capture_output=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    with tempfile.TemporaryDirectory(prefix="numcheck-base-") as tmp:
        base_tree = _prepare(base, Path(tmp) / "base")
        try:
            trees = {"base": base_tree, "head": ROOT}
            for tree in trees.values():
                one(tree), one(tree)  # bytecode written, pack cache filled
            times: dict[str, list] = {"base": [], "head": []}
            for i in range(runs):
                for name in (("base", "head") if i % 2 == 0 else ("head", "base")):
                    times[name].append(one(trees[name]))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                           capture_output=True)
    print(f"# start-up, {path.stat().st_size}-byte article, {runs} runs each alternating; "
          f"load {os.getloadavg()[0]:.1f}")
    for k, what in ((0, "wall"), (1, "CPU")):
        b = statistics.median(t[k] for t in times["base"])
        h = statistics.median(t[k] for t in times["head"])
        print(f"{what:>4}: base {base} median {b:.3f} s; head (working tree) median {h:.3f} s; "
              f"ratio head/base {h / b:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Time the runs and print the median, then the import-time offenders."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--base", help="also time this commit side by side (python -m numcheck, CPU time)")
    args = ap.parse_args(argv)
    if args.base:
        return compare(args.base, article(args.corpus), args.runs)

    path = article(args.corpus)
    script = shutil.which("numcheck")
    if script is None:
        print("numcheck console script not on PATH (pip install -e .)", file=sys.stderr)
        return 2
    cmd = [script, "check", str(path), "--no-config"]
    cached = dict(os.environ, PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    cached.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"# {' '.join(cmd)}  ({path.stat().st_size} bytes; {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})")
    for label, env in (("environment as is", dict(os.environ)), ("bytecode cached", cached)):
        subprocess.run(cmd, capture_output=True, env=env)  # warm the file cache (and .pyc files)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, env=env)
            times.append(time.perf_counter() - started)
        med = statistics.median(times)
        print(f"{label:<18} wall time over {args.runs} runs: median {med:.3f} s, min {min(times):.3f} s, "
              f"max {max(times):.3f} s, exit {proc.returncode}   target < 0.5 s: "
              f"{'met' if med < 0.5 else 'NOT met'}")
    bare = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
        bare.append(time.perf_counter() - started)
    print(f"bare interpreter start (python -c pass): median {statistics.median(bare):.3f} s")

    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "numcheck", "check", str(path),
                           "--no-config"], capture_output=True, text=True, env=cached)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cum_us, name = line.split(":", 1)[1].split("|", 2)
        rows.append((int(cum_us), int(self_us), name.rstrip()))
    # nesting shows as two extra spaces per level; top-level rows alone add up without overlap
    tops = [r for r in rows if not r[2].startswith("   ")]
    print("\n(import times below are with bytecode cached)")
    print(f"\n## -X importtime: top-level imports by cumulative time (of {sum(r[0] for r in tops) / 1e6:.3f} s)")
    for cum, own, name in sorted(tops, reverse=True)[:args.top]:
        print(f"{cum / 1000:8.1f} ms  {name.strip()}")
    print("\n## -X importtime: any module by own time")
    for cum, own, name in sorted(rows, key=lambda r: -r[1])[:args.top]:
        print(f"{own / 1000:8.1f} ms  {name.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
