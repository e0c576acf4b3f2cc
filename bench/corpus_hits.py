"""Run selected rules over the shared news corpus and print every anomaly, for false-alarm review.

Usage::

    python3 bench/corpus_hits.py --select NC1 NC2 NC3            # codes or prefixes
    python3 bench/corpus_hits.py --select NC601 --corpus path.jsonl --limit 100
    python3 bench/corpus_hits.py --select NC2 --json > hits.json

Each line of the corpus is one article (``id``, ``title``, ``published``, ``text``), checked on
its own with ``published`` as its date. Every hit prints the article id, the code, the
sentence and the message; a summary gives hits per code and per article count, against the
project budget of one hit per 25 articles.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the corpus and print hits; returns the process exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--select", nargs="+", required=True, help="rule codes or prefixes (NC1, NC201)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="JSON-lines corpus")
    ap.add_argument("--limit", type=int, default=0, help="stop after this many articles")
    ap.add_argument("--json", action="store_true", help="print hits as a JSON list")
    args = ap.parse_args(argv)

    from numcheck.report import check

    hits = []
    articles = 0
    errors = 0
    started = time.perf_counter()
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            articles += 1
            # texts= : an article is never mistaken for a file name
            report = check(texts=[rec["text"]], date=rec.get("published"), select=args.select,
                           on_error="report")
            errors += len(report.errors)
            for e in report.errors:
                print(f"ERROR {rec['id']}: {e.format()}", file=sys.stderr)
            records = report.to_records()["anomalies"]
            for a in records:
                hits.append({"id": rec["id"], "code": a["code"], "severity": a["severity"],
                             "text": a["text"], "sentence": a["sentence"], "message": a["message"],
                             "evidence": [e["text"] for e in a["evidence"]]})
            if args.limit and articles >= args.limit:
                break
    elapsed = time.perf_counter() - started
    if args.json:
        json.dump(hits, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        for h in hits:
            print(f"{h['id']}\n  {h['code']} [{h['severity']}] {h['text']!r}\n"
                  f"  sentence: {h['sentence']}\n  message:  {h['message']}\n")
    by_code = collections.Counter(h["code"] for h in hits)
    budget = articles / 25
    print(f"# {articles} articles, {len(hits)} hits ({', '.join(f'{c}: {n}' for c, n in sorted(by_code.items())) or 'none'}), "
          f"{errors} errors, {elapsed:.1f}s; project budget ≈ {budget:.0f} hits", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
