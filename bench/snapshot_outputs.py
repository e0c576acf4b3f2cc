"""Every anomaly numcheck reports on the shared cases and corpora, as one file to diff.

Usage::

    python3 bench/snapshot_outputs.py OUT.jsonl            # snapshot the installed numcheck
    diff <(sort before.jsonl) <(sort after.jsonl)           # a speed change must change nothing
    NUMCHECK_DOC_TIMEOUT=0 NUMCHECK_STORY_TIMEOUT=0 python3 bench/snapshot_outputs.py OUT.jsonl
                                                    # on a loaded machine: no time budget
    PYTHONPATH=/path/to/other/tree python3 bench/snapshot_outputs.py OUT.jsonl   # another tree

Runs ``numcheck check --format json`` on every case folder (the dev cases in ../shared/cases
and tests/cases/fresh, with each case's date and args, as ../shared/tools/score_cases.py runs
them) and ``--format jsonl`` on each corpus in ../shared/corpus, and writes one JSON line per
anomaly: where it came from, its code, severity, path, line, column and message.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CMD = [sys.executable, "-m", "numcheck"]


def _case(case: Path) -> list[dict]:
    spec = yaml.safe_load((case / "expected.yaml").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        docs = sorted(p.name for p in case.iterdir() if p.name != "expected.yaml")
        for d in docs:
            shutil.copy(case / d, Path(tmp) / d)
        argv = CMD + ["check", "--format", "json", "--no-config"]
        if spec.get("date"):
            argv += ["--date", str(spec["date"])]
        argv += [str(a) for a in spec.get("args") or []] + docs
        proc = subprocess.run(argv, cwd=tmp, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return [{"source": case.name, "error": proc.stderr.strip()[-300:]}]
    rows = []
    for a in json.loads(proc.stdout).get("anomalies", []):
        rows.append({"source": f"{case.parent.name}/{case.name}", "code": a.get("code"),
                     "severity": a.get("severity"), "path": a.get("path"), "line": a.get("line"),
                     "col": a.get("col"), "message": a.get("message")})
    return rows


def _corpus(corpus: Path, jobs: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        proc = subprocess.run(CMD + ["check", str(corpus), "--format", "jsonl", "--no-config",
                                     "--jobs", str(jobs), "-o", str(out)],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            return [{"source": corpus.name, "error": proc.stderr.strip()[-300:]}]
        return [dict(json.loads(line), source=corpus.name)
                for line in out.read_text().splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    """Write the snapshot."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args(argv)
    cases = [c for root in (SHARED / "cases", ROOT / "tests" / "cases" / "fresh")
             for c in sorted(root.iterdir()) if (c / "expected.yaml").exists()]
    rows: list[dict] = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for got in pool.map(_case, cases):
            rows.extend(got)
    if not args.no_corpus:
        for corpus in sorted((SHARED / "corpus").glob("*.jsonl")):
            rows.extend(_corpus(corpus, args.jobs))
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows from {len(cases)} cases and the corpora -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
