"""Run the agreement, story and calendar rules over the real corpus and print every hit.

Each corpus line is checked on its own (its ``published`` date as the document date), since
the corpus articles are independent stories; the story-scope kinds then see one article at a
time, which measures their document-level false alarms only. ``--stories`` also checks the
whole corpus as one run with automatic story grouping, which exercises NC402/NC501 across
articles that the grouper links.

    python3 bench/corpus_hits_story.py [--corpus PATH] [--select NC4,NC5,NC602,...] [--stories]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl"
DEFAULT_SELECT = "NC401,NC402,NC501,NC602,NC603,NC604,NC605"


def _documents(corpus: Path):
    from numcheck.ingest import document_from_text
    import datetime as dt

    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        date = dt.date.fromisoformat(row["published"][:10]) if row.get("published") else None
        yield row["id"], document_from_text(row["text"], path=row["id"], date=date)


def _print(report, out) -> int:
    n = 0
    by_path = {cd.document.path: cd for cd in report.documents}
    for a in report.anomalies:
        n += 1
        cd = by_path.get(a.doc)
        sentence = ""
        if cd is not None:
            from numcheck.report import _sentence_of  # the records' own sentence reader

            sentence = _sentence_of(cd.claims, a.start)
        print(f"{a.code} {a.severity} {a.doc}\n    text: {a.text!r}\n    sentence: {sentence}\n"
              f"    message: {a.message}", file=out)
        for e in a.evidence:
            print(f"    evidence: {e.doc} {e.text!r} ({e.role})", file=out)
    return n


def main(argv=None) -> int:
    """Check every corpus article with the selected rules; print hits and a count."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--select", default=DEFAULT_SELECT)
    p.add_argument("--stories", action="store_true",
                   help="also check the corpus as one run with automatic story grouping")
    args = p.parse_args(argv)
    from numcheck.engine import load_rules
    from numcheck.report import check_documents

    select = [c.strip() for c in args.select.split(",") if c.strip()]
    rules, problems = load_rules(select=select)
    if problems:
        for pr in problems:
            print(pr.format(), file=sys.stderr)
        return 2
    docs = list(_documents(args.corpus))
    total = 0
    for _, doc in docs:
        total += _print(check_documents([doc], rules, story="file"), sys.stdout)
    print(f"per-article: {total} hits over {len(docs)} articles")
    if args.stories:
        report = check_documents([d for _, d in docs], rules, story="auto")
        linked = [s for s in report.stories if len(s.documents) > 1]
        cross = [a for a in report.anomalies if a.code in ("NC402", "NC501")]
        for s in linked:
            print(f"story {s.id}: {', '.join(s.documents)}")
        n = 0
        for a in cross:
            n += 1
            print(f"{a.code} {a.doc}: {a.message}")
        print(f"stories: {len(linked)} multi-article stories, {n} cross-article hits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
