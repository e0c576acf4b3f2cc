"""Corpora with malformed rows: each bad row is reported by line (JSONL, CSV) or row (Parquet),
every good row is still checked, and the run exits 2 without a traceback.

Corpora are generated in ``tmp_path`` and checked through the real command line (the batch
runner, with worker processes) in a subprocess; one test reads them with
:func:`numcheck.ingest.iter_corpus` directly to pin the row numbering.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck.ingest import iter_corpus
from numcheck.model import Problem

#: NC601 fires on this text dated 2020-03-20 ("March 2" is 2020, the text says 2019).
BAD_YEAR = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, "
            "the second such airlift in 2019.")
DATE = "2020-03-20"


def run_check(cwd: Path, *args: str) -> tuple[int, dict, list[str], str]:
    """Exit code, JSON report, ``numcheck:`` stderr lines and raw stderr of a corpus check."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMCHECK_")}
    proc = subprocess.run(
        [sys.executable, "-m", "numcheck", "check", *args, "--format", "json", "--no-config",
         "--progress", "never"],
        cwd=cwd, capture_output=True, text=True, timeout=240, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("numcheck: ")]
    return proc.returncode, json.loads(proc.stdout), lines, proc.stderr


def flagged(records: dict) -> set[str]:
    """The paths with an NC601 anomaly."""
    return {a["path"] for a in records["anomalies"] if a["code"] == "NC601"}


def test_jsonl_bad_rows(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": "a", "text": BAD_YEAR, "date": DATE}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "date": DATE}),
        json.dumps({"id": "d", "text": BAD_YEAR, "date": 20200320}),
        json.dumps({"id": "e", "text": BAD_YEAR, "date": {"year": 2020}}),
        json.dumps({"id": "f", "text": 42, "date": DATE}),
        json.dumps([1, 2, 3]),
        "",
        json.dumps({"id": "g", "text": BAD_YEAR, "date": DATE}),
        "INVALID-UTF8",
        json.dumps({"id": "h", "text": BAD_YEAR, "date": DATE}),
    ]
    data = ("\n".join(rows) + "\n").encode("utf-8").replace(b"INVALID-UTF8", b'{"text": "\xff\xfe"}')
    (tmp_path / "c.jsonl").write_bytes(data)
    code, records, errors, _ = run_check(tmp_path, "c.jsonl", "--jobs", "2")
    assert code == 2
    assert flagged(records) == {"c.jsonl#a", "c.jsonl#g", "c.jsonl#h"}
    where = sorted(e["line"] for e in records["errors"])
    assert where == [2, 3, 4, 5, 6, 7, 10], records["errors"]
    assert all(e["path"] == "c.jsonl" for e in records["errors"])
    assert len(errors) == 7
    assert any("line 4: 'date' value '20200320' is not a date" in e for e in errors)
    assert any("line 6: 'text' is int, not a string" in e for e in errors)
    assert any("line 3: no 'text' field" in e for e in errors)


def test_csv_bad_rows(tmp_path: Path) -> None:
    with open(tmp_path / "c.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "date"])
        w.writerow(["a", BAD_YEAR, DATE])
        w.writerow(["b"])                                   # no text cell
        w.writerow(["c", BAD_YEAR, "the day after"])       # not a date
        w.writerow(["d", BAD_YEAR.replace(". ", ".\n"), DATE])  # a quoted newline: still one row
        w.writerow(["e", BAD_YEAR, "2025-02-30"])          # no such day
        w.writerow(["f", BAD_YEAR, DATE])
    code, records, errors, _ = run_check(tmp_path, "c.csv", "--jobs", "2")
    assert code == 2
    assert flagged(records) == {"c.csv#a", "c.csv#d", "c.csv#f"}
    assert sorted(e["line"] for e in records["errors"]) == [3, 4, 6], records["errors"]
    assert len(errors) == 3


def test_parquet_bad_rows(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({
        "id": ["a", "b", "c", "d"],
        "text": [BAD_YEAR, None, BAD_YEAR, BAD_YEAR],
        "date": [DATE, DATE, "not a date", DATE],
    })
    pq.write_table(table, tmp_path / "c.parquet")
    code, records, errors, _ = run_check(tmp_path, "c.parquet", "--jobs", "2")
    assert code == 2
    assert flagged(records) == {"c.parquet#a", "c.parquet#d"}
    messages = sorted(e["message"] for e in records["errors"])
    assert messages[0].startswith("row 2: 'text' is null") and messages[1].startswith("row 3: 'date'")


def test_parquet_wrong_type_in_date_column(tmp_path: Path) -> None:
    """A date column of integers: every row's date is refused, by row number; no traceback."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": ["a", "b"], "text": [BAD_YEAR, BAD_YEAR], "date": [1, 2]}),
                   tmp_path / "ints.parquet")
    (tmp_path / "ok.jsonl").write_text(json.dumps({"id": "z", "text": BAD_YEAR, "date": DATE}) + "\n",
                                       encoding="utf-8")
    code, records, errors, _ = run_check(tmp_path, "ints.parquet", "ok.jsonl", "--jobs", "1")
    assert code == 2
    assert flagged(records) == {"ok.jsonl#z"}
    assert sorted(e["message"][:5] for e in records["errors"]) == ["row 1", "row 2"]


def test_corpus_row_over_the_time_budget(tmp_path: Path) -> None:
    """A row that stalls extraction costs that row only, reported by its path."""
    slow = "\n".join(["1234567890," * 3] * 100_000)
    rows = [{"id": "a", "text": BAD_YEAR, "date": DATE}, {"id": "slow", "text": slow},
            {"id": "b", "text": BAD_YEAR, "date": DATE}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, records, errors, _ = run_check(tmp_path, "c.jsonl", "--jobs", "1", "--timeout-per-doc", "1")
    assert flagged(records) == {"c.jsonl#a", "c.jsonl#b"}
    if code == 2:  # extraction of that shape may get fast enough to finish within 1 s
        assert errors == ["numcheck: c.jsonl#slow: analysis took longer than the 1 s per-document "
                          "time budget; skipped (raise it with --timeout-per-doc or "
                          "NUMCHECK_DOC_TIMEOUT)"]
    else:
        assert (code, errors) == (1, [])


def test_iter_corpus_numbers_bad_rows_and_keeps_good_ones(tmp_path: Path) -> None:
    lines = ['{"text": "ok 1"}', "{nope", '{"text": null}', '{"text": "ok 2", "date": [2020]}',
             '{"text": "ok 3"}']
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_corpus(tmp_path / "c.jsonl"))
    problems = [i for i in items if isinstance(i, Problem)]
    docs = [i for i in items if not isinstance(i, Problem)]
    assert [p.line for p in problems] == [2, 3, 4]
    assert [d.text for d in docs] == ["ok 1", "ok 3"]
    assert [d.path for d in docs] == [f"{tmp_path / 'c.jsonl'}#1", f"{tmp_path / 'c.jsonl'}#5"]
