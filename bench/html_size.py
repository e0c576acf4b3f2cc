"""Size of the HTML review page for the example story, 30 corpus articles and the whole corpus.

    python3 bench/html_size.py

Each page is written by ``numcheck check ... --format html`` (the same command a user runs) to
bench/out/, and the script prints its size next to the size of the article text it carries, with
how much of the page is embedded JSON (documents without anomalies and every claims table,
built by the page's script when opened) and how much is markup. The 30 articles are rows
294-323 of the corpus, the case of the HTML issue: 29 clean articles, then the one with an
anomaly.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"


def page(name: str, *inputs: str, cwd: Path = ROOT) -> Path:
    out = OUT / f"{name}.html"
    proc = subprocess.run([sys.executable, "-m", "numcheck", "check", *inputs, "--format", "html",
                           "-o", str(out)], cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"numcheck failed on {name}: {proc.stderr.strip()}")
    return out


def text_bytes(rows: list[str]) -> int:
    return sum(len(json.loads(r)["text"].encode("utf-8")) for r in rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = CORPUS.read_text(encoding="utf-8").splitlines()
    sub = OUT / "news30.jsonl"
    sub.write_text("\n".join(rows[293:323]) + "\n", encoding="utf-8")
    story_text = sum(len(p.read_text(encoding="utf-8").encode("utf-8"))
                     for p in sorted((ROOT / "fixtures" / "story_swap").iterdir()))
    cases = [
        ("story (fixtures/story_swap, 2 articles)", page("story", "fixtures/story_swap"), story_text),
        ("30 corpus articles (rows 294-323)", page("corpus30", "news30.jsonl", cwd=OUT), text_bytes(rows[293:323])),
        (f"whole corpus ({len(rows)} articles)", page("corpus", str(CORPUS)), text_bytes(rows)),
    ]
    print(f"{'page':44} {'size':>12} {'text':>12} {'size/text':>9} {'JSON':>12} {'markup':>12}")
    for label, path, text in cases:
        html = path.read_text(encoding="utf-8")
        size = len(html.encode("utf-8"))
        data = sum(len(m.group(0).encode("utf-8")) for m in re.finditer(
            r'<script type="application/json".*?</script>', html, re.S))
        print(f"{label:44} {size:>12,} {text:>12,} {size / text:>9.2f} {data:>12,} {size - data:>12,}")


if __name__ == "__main__":
    main()
