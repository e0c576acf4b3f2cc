"""Corpus input through the CLI and numcheck.batch: formats, stories, bad rows, --jobs, crashes."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from numcheck import batch
from numcheck.cli import main

#: A small corpus in our own words. Expected anomalies: NC601 in r1 (a March 2020 rescue called
#: "in 2019"), NC111 in r4 (30 + 29 of 52), NC101 in r6 (40 per side, 95 in total) and NC101
#: across r2/r3, which only a run that keeps story "swap" whole can see (r3 comes last).
ROWS = [
    {"id": "r1", "date": "2020-03-20", "story": "mine", "title": "Miners freed",
     "text": "Rescue crews worked through the night.\nEarlier this month, rescuers pulled 80 workers "
             "from a flooded shaft in a March 6 operation, the second such rescue in 2019."},
    {"id": "r2", "date": "2024-06-01", "story": "swap",
     "text": "Both governments confirmed the exchange. Roughly 300 detainees on each side will be "
             "released on Friday."},
    {"id": "r4", "date": "2024-06-01",
     "text": "Storm damage was widespread.\n\nOf the 52 injured, 30 were treated in the city and 29 "
             "were treated at the field hospital."},
    {"id": "r5", "date": "2024-06-01",
     "text": "The bridge opened in 1998 and carries about 40,000 vehicles a day."},
    {"id": "r6", "date": "2024-06-01",
     "text": "The two teams agreed that 40 players per side would take part, 95 players in total."},
    {"id": "r3", "date": "2024-06-01", "story": "swap",
     "text": "The exchange will free 900 detainees in total, a spokesman for the ministry said."},
]

EXPECTED = {("NC601", "r1", 2), ("NC111", "r4", 3), ("NC101", "r6", 1), ("NC101", "r3", 1)}


def write_jsonl(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path


def write_csv(path: Path, rows) -> Path:
    cols = ["id", "date", "story", "title", "text"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})
    return path


def write_parquet(path: Path, rows) -> Path:
    pd.DataFrame(rows, columns=["id", "date", "story", "title", "text"]).to_parquet(path, index=False)
    return path


def many_rows(n: int) -> list[dict]:
    """``n`` copies of ROWS with new ids and story names, so chunks and stories are many."""
    out = []
    for k in range(n):
        for r in ROWS:
            row = dict(r, id=f"{r['id']}-{k}")
            if "story" in r:
                row["story"] = f"{r['story']}-{k}"
            out.append(row)
    return out


def found(path: Path) -> set:
    """(code, row id, line) for every anomaly in a JSON-lines anomaly table."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        out.add((a["code"], a["path"].rpartition("#")[2], a["line"]))
    return out


@pytest.mark.parametrize("writer", [write_jsonl, write_csv, write_parquet], ids=["jsonl", "csv", "parquet"])
def test_corpus_formats_find_the_same_anomalies(tmp_path, writer):
    ext = {write_jsonl: "jsonl", write_csv: "csv", write_parquet: "parquet"}[writer]
    corpus = writer(tmp_path / f"news.{ext}", ROWS)
    out = tmp_path / "anomalies.jsonl"
    code = main(["check", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", "1", "--no-config"])
    assert code == 1
    assert found(out) == EXPECTED
    first = json.loads(out.read_text().splitlines()[0])
    assert first["path"] == f"{corpus}#r1" and first["line"] == 2


def test_story_field_keeps_a_story_whole(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", ROWS)
    out = tmp_path / "a.jsonl"
    main(["check", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", "1", "--no-config",
          "--story-field", "no_such_field"])
    # without the story column r2 and r3 are separate stories and the cross-document NC101 is gone
    assert found(out) == EXPECTED - {("NC101", "r3", 1)}


def test_malformed_rows_are_errors_and_good_rows_are_kept(tmp_path, capsys):
    rows = [ROWS[0], '{"id": "bad", "text": "unterminated', {"id": "notext"}, *ROWS[1:],
            {"id": "baddate", "date": "someday", "text": "Fine."}]
    corpus = write_jsonl(tmp_path / "news.jsonl", rows)
    out = tmp_path / "a.jsonl"
    code = main(["check", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", "2", "--no-config"])
    assert code == 2
    assert found(out) == EXPECTED
    err = capsys.readouterr().err
    assert f"{corpus}:2:" in err and "bad JSON" in err
    assert f"{corpus}:3:" in err and f"{corpus}:9:" in err


def test_jobs_1_and_2_write_identical_output(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(12))
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"a{jobs}.jsonl"
        # small chunks, so two workers really interleave and results arrive out of order
        res = batch.run([str(corpus)], spec=batch.RuleSpec(), jobs=jobs, output=str(out), fmt="jsonl",
                        chunk_documents=3)
        assert res.exit_code == 1 and res.documents == 72
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(found(tmp_path / "a1.jsonl")) == 4 * 12


def test_cli_jobs_equal_on_every_output_format(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(3))
    for fmt in ("jsonl", "csv", "parquet", "json"):
        got = []
        for jobs in ("1", "2"):
            out = tmp_path / f"o{jobs}.{fmt}"
            assert main(["check", str(corpus), "--format", fmt, "-o", str(out), "--jobs", jobs,
                         "--no-config"]) == 1
            got.append(out.read_bytes())
        assert got[0] == got[1], fmt


def test_output_tables(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", ROWS)
    main(["check", str(corpus), "--format", "csv", "-o", str(tmp_path / "a.csv"), "--no-config"])
    frame = pd.read_csv(tmp_path / "a.csv")
    assert list(frame.columns) == list(batch.ANOMALY_COLUMNS) and len(frame) == 4
    assert all(isinstance(json.loads(e), list) for e in frame["evidence"])

    main(["check", str(corpus), "--format", "parquet", "-o", str(tmp_path / "a.parquet"), "--no-config"])
    frame = pd.read_parquet(tmp_path / "a.parquet")
    assert len(frame) == 4 and frame["line"].dtype == "int64"

    main(["check", str(corpus), "--format", "json", "-o", str(tmp_path / "a.json"), "--no-config"])
    records = json.loads((tmp_path / "a.json").read_text())
    assert records["summary"]["documents"] == 6 and records["summary"]["anomalies"] == 4
    assert records["exit_code"] == 1 and len(records["rules"]) > 5
    swap = [s for s in records["stories"] if s["id"] == "swap"]
    assert swap and swap[0]["documents"] == [f"{corpus}#r2", f"{corpus}#r3"]
    # the text renderer works from the same records
    assert main(["check", str(corpus), "--format", "text", "-o", str(tmp_path / "a.txt"), "--no-config"]) == 1
    assert "r4" in (tmp_path / "a.txt").read_text()


def test_extract_claim_table(tmp_path):
    corpus = write_parquet(tmp_path / "news.parquet", ROWS)
    assert main(["extract", str(corpus), "--format", "parquet", "-o", str(tmp_path / "c.parquet"),
                 "--jobs", "2"]) == 0
    frame = pd.read_parquet(tmp_path / "c.parquet")
    assert list(frame.columns) == batch.claim_columns()
    r6 = frame[frame["path"] == f"{corpus}#r6"]
    assert {"40", "95"} <= set(r6["text"])
    assert main(["extract", str(corpus), "--format", "jsonl", "-o", str(tmp_path / "c.jsonl")]) == 0
    assert len((tmp_path / "c.jsonl").read_text().splitlines()) == len(frame)


def test_output_is_atomic(tmp_path, monkeypatch):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(4))
    out = tmp_path / "a.jsonl"
    out.write_text("previous run\n")
    calls = []

    def failing(spec, units, detail):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return batch.ChunkResult()

    monkeypatch.setattr(batch, "check_chunk", failing)
    with pytest.raises(RuntimeError):
        batch.run([str(corpus)], jobs=1, output=str(out), fmt="jsonl", chunk_documents=2)
    assert out.read_text() == "previous run\n"
    assert sorted(os.listdir(tmp_path)) == ["a.jsonl", "news.jsonl"]


def test_a_dying_worker_is_retried_once(tmp_path, monkeypatch):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(3))
    clean = tmp_path / "clean.jsonl"
    batch.run([str(corpus)], jobs=1, output=str(clean), fmt="jsonl")
    monkeypatch.setenv(batch.CRASH_ENV, "r4-1")
    monkeypatch.setenv(batch.CRASH_ONCE_ENV, str(tmp_path / "crashed"))
    out = tmp_path / "a.jsonl"
    res = batch.run([str(corpus)], jobs=2, output=str(out), fmt="jsonl", chunk_documents=2)
    assert (tmp_path / "crashed").exists()  # the worker really died once
    assert res.errors == [] and res.documents == 18
    assert out.read_bytes() == clean.read_bytes()


def test_a_worker_that_always_dies_is_an_error_naming_the_documents(tmp_path, monkeypatch, capsys):
    corpus = write_jsonl(tmp_path / "news.jsonl", many_rows(3))
    monkeypatch.setenv(batch.CRASH_ENV, "r2-1")
    out = tmp_path / "a.jsonl"
    code = main(["check", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", "2", "--no-config"])
    assert code == 2
    err = capsys.readouterr().err
    # r2-1 shares story "swap-1" with r3-1: the whole story is named, nothing else
    assert f"{corpus}#r2-1, {corpus}#r3-1" in err and "worker process died" in err
    assert err.count("worker process died") == 1
    ids = {row_id for _, row_id, _ in found(out)}
    assert "r3-1" not in ids and {"r3-0", "r3-2", "r4-1", "r1-1", "r6-1"} <= ids


def test_story_auto_links_rows_without_a_story_field(tmp_path):
    rows = [
        {"id": "a1", "date": "2024-06-01",
         "text": "Both governments confirmed the exchange at Brackwater. Roughly 300 detainees on each "
                 "side will be released on Friday, said Olinda Varga of the Kestrel Ministry, where "
                 "4,500 troops are stationed."},
        {"id": "x", "date": "2024-06-01", "text": ROWS[3]["text"]},
        {"id": "a2", "date": "2024-06-01",
         "text": "The exchange will free 900 detainees in total, Olinda Varga told Brackwater radio. "
                 "The Kestrel Ministry keeps 4,500 troops nearby."},
    ]
    corpus = write_jsonl(tmp_path / "news.jsonl", rows)
    got = {}
    for story in ("auto", "file"):
        out = tmp_path / f"{story}.json"
        main(["check", str(corpus), "--story", story, "--format", "json", "-o", str(out), "--jobs", "2",
              "--no-config"])
        got[story] = json.loads(out.read_text())
    linked = [s["documents"] for s in got["auto"]["stories"] if len(s["documents"]) > 1]
    assert linked == [[f"{corpus}#a1", f"{corpus}#a2"]]
    assert [(a["code"], a["path"]) for a in got["auto"]["anomalies"]] == [("NC101", f"{corpus}#a2")]
    assert got["file"]["anomalies"] == [] and len(got["file"]["stories"]) == 3
