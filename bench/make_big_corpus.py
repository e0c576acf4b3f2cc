"""Repeat the shared news corpus to a given size, with new ids, for the scale and memory benches.

Usage::

    python3 bench/make_big_corpus.py                      # bench/out/news-50mb.jsonl
    python3 bench/make_big_corpus.py --mb 500             # bench/out/news-500mb.jsonl

Each copy of a row gets the id ``<id>~<copy>``; every other field is unchanged, so the texts
(and therefore the anomalies) repeat exactly. bench/out/ is git-ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path("/work/shared/corpus/news.jsonl")
OUT = HERE / "out"


def target_path(mb: int) -> Path:
    """Where the corpus of ``mb`` megabytes is written."""
    return OUT / f"news-{mb}mb.jsonl"


def make(mb: int, corpus: Path = DEFAULT_CORPUS, out: Path | None = None) -> Path:
    """Write (or reuse, when already big enough) a corpus of at least ``mb`` MB; return its path."""
    out = out or target_path(mb)
    want = mb * 1_000_000
    if out.exists() and out.stat().st_size >= want:
        return out
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    written = 0
    copy = 0
    with tmp.open("w", encoding="utf-8") as fh:
        while written < want:
            for r in rows:
                line = json.dumps(dict(r, id=f"{r['id']}~{copy}"), ensure_ascii=False) + "\n"
                fh.write(line)
                written += len(line.encode("utf-8"))
            copy += 1
    os.replace(tmp, out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and write the corpus; prints its path and size."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=50, help="target size in MB (default 50)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    path = make(args.mb, args.corpus)
    print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
