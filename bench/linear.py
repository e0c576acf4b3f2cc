"""Cost per byte of one long document against one article: is ``check`` linear in length?

Usage::

    python3 bench/linear.py                      # 1, 10, 100 and 1000 articles as ONE document
    python3 bench/linear.py --articles 1 30 1000 --profile   # cProfile of the largest

Each size is the first N articles of ../shared/corpus/news.jsonl (cycling through the 414),
joined by blank lines into one Markdown document and checked in this process with every default
rule (``check_documents``, no time budget). Prints seconds of CPU per MB of text and the ratio
to the one-article document (target: at most 1.5 for a 3.5 MB document). The test that guards
the shape without timing anything is tests/test_linear.py.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path("/work/shared/corpus/news.jsonl")


def main(argv: list[str] | None = None) -> int:
    """Measure and print s/MB per size and the ratio to the smallest."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--articles", type=int, nargs="+", default=[1, 10, 100, 1000])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each size below 1 MB (best kept)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)

    from numcheck.engine import load_rules
    from numcheck.ingest import document_from_text
    from numcheck.report import check_documents

    texts = [json.loads(line)["text"] for line in args.corpus.open(encoding="utf-8") if line.strip()]
    rules, _ = load_rules()
    check_documents([document_from_text(texts[0], "warm.md", fmt="md")], rules, story="file")
    print(f"# {args.corpus.name}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    base = None
    for n in args.articles:
        text = "\n\n".join(texts[i % len(texts)] for i in range(n))
        mb = len(text.encode("utf-8")) / 1e6
        best = None
        for _ in range(args.repeat if mb < 1 else 1):
            doc = document_from_text(text, f"joined-{n}.md", fmt="md", date="2024-06-01")
            cpu = time.process_time()
            rep = check_documents([doc], rules, story="file", timeout_per_doc=0, timeout_per_story=0)
            cpu = time.process_time() - cpu
            best = cpu if best is None else min(best, cpu)
        per = best / mb
        base = per if base is None else base
        print(f"{n:5d} articles  {mb * 1000:9.1f} KB  {best:7.2f} s CPU  {per:6.2f} s/MB  "
              f"ratio {per / base:5.2f}  ({len(rep.anomalies)} anomalies, {len(rep.errors)} errors)")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        check_documents([doc], rules, story="file", timeout_per_doc=0, timeout_per_story=0)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
