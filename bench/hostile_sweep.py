"""Size sweeps of the hostile shapes of issue 16: one sentence with thousands of figures, and
``--story all`` over many articles. Prints seconds per size; linear cost doubles with the size.

    python bench/hostile_sweep.py                      # both sweeps, the issue's sizes
    python bench/hostile_sweep.py --figures 1000,2000,4000,8000 --phrases "1 ,total of 5 "
    python bench/hostile_sweep.py --stories 75,150,300

The figures sweep runs ``numcheck.check`` on "Some 600 of the 2,000 members (35%) voted "
followed by a phrase repeated n times, with no time budget. The stories sweep checks n
generated 4 KB articles about one aid operation with ``story="all"`` and, for comparison,
``story="file"`` (each its own story). Run it on the commit before and after a change, side by
side, on an otherwise idle machine; figures from a busy one vary.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hostile"))

PHRASES = ["1 ", "1.", "$1 ", "5 per ", "total of 5 ", "1/", "5x "]


def figures(sizes: list[int], phrases: list[str]) -> None:
    """Seconds for one sentence of n repeated phrases, per phrase and size."""
    import numcheck
    from hostile_support import many_figures

    numcheck.check(texts=many_figures("1 ", 10), timeout_per_doc=0)  # imports, the rule pack
    print("phrase         " + "".join(f"{n:>10,}" for n in sizes))
    for phrase in phrases:
        row = []
        for n in sizes:
            started = time.perf_counter()
            numcheck.check(texts=many_figures(phrase, n), timeout_per_doc=0, story="file",
                           on_error="report")
            row.append(time.perf_counter() - started)
        print(f"{phrase!r:<15}" + "".join(f"{s:>9.2f}s" for s in row), flush=True)


def stories(sizes: list[int]) -> None:
    """Seconds to check n generated articles as one story and as n stories."""
    from test_hostile_budgets import _articles, _documents

    from numcheck.engine import load_rules
    from numcheck.report import check_documents

    import inspect

    rules, _ = load_rules()
    docs = _documents(_articles(max(sizes)))
    # older commits have no story budget; no budget at all is what the sweep wants
    extra = {"timeout_per_story": 0} if "timeout_per_story" in inspect.signature(
        check_documents).parameters else {}
    print("articles   story=all  story=file")
    for n in sizes:
        row = []
        for mode in ("all", "file"):
            started = time.perf_counter()
            check_documents(docs[:n], rules, story=mode, timeout_per_doc=0, **extra)
            row.append(time.perf_counter() - started)
        print(f"{n:>8,} {row[0]:>10.2f}s {row[1]:>10.2f}s", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the sweeps."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--figures", default="1000,2000,4000,8000",
                    help="sizes of the figures sweep ('' to skip)")
    ap.add_argument("--phrases", default=",".join(PHRASES), help="comma-separated phrases")
    ap.add_argument("--stories", default="75,150,300", help="sizes of the stories sweep ('' to skip)")
    args = ap.parse_args(argv)
    if args.figures:
        figures([int(n) for n in args.figures.split(",")],
                [p for p in args.phrases.split(",") if p] or PHRASES)
    if args.stories:
        stories([int(n) for n in args.stories.split(",")])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
