"""Count what the report readers find in corpora: tests, means, scores, tables (docs/reports.md).

Usage::

    python3 bench/report_structures.py ../shared/corpus/news.jsonl ../shared/corpus/fomc.jsonl

Each line of a corpus is one article (``text``, ``published``); the counts say how often the NC7xx
checks had anything to check, which a run of ``bench/corpus_hits.py --select NC7`` cannot show.
"""

from __future__ import annotations

import collections
import json
import sys


def main(paths: list[str]) -> int:
    """Print the counts of each structure over the articles of ``paths``."""
    from numcheck.engine import analyse
    from numcheck.ingest.loader import document_from_text

    tot: collections.Counter = collections.Counter()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                dc = analyse(document_from_text(rec["text"], "article.txt", date=rec.get("published")))
                reports = dc.reading.reports
                tot["articles"] += 1
                tot["tables"] += len(dc.tables)
                for key in ("tests", "means", "pairs", "lines", "scorers", "table_sums", "table_shares",
                            "table_citations"):
                    tot[key] += len(getattr(reports, key))
                tot["weighted"] += bool(reports.weighted)
                tot["share_of_without_count"] += sum(
                    1 for r in dc.reading.relations if r.kind == "share_of" and not r.blocked and not r.of("part"))
    print(", ".join(f"{k}: {v}" for k, v in tot.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
