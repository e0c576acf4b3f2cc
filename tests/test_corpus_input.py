"""Tests for numcheck.ingest.iter_corpus: JSONL, CSV and Parquet corpora, bad rows, streaming."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest

import _ci  # noqa: E402

from numcheck.ingest import Document, iter_corpus
from numcheck.model import Problem


def split(items):
    docs = [x for x in items if isinstance(x, Document)]
    problems = [x for x in items if isinstance(x, Problem)]
    assert len(docs) + len(problems) == len(items)
    return docs, problems


# --- JSONL ------------------------------------------------------------------------------------

def write_jsonl(path: Path, rows: list) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(r if isinstance(r, str) else json.dumps(r))
            fh.write("\n")


def test_jsonl_good_and_bad_rows(tmp_path):
    p = tmp_path / "news.jsonl"
    write_jsonl(p, [
        {"id": "a1", "date": "2021-04-05", "title": "Dam", "story": "s1", "text": "The dam holds 40 tonnes."},  # 1
        '{"id": "broken", "text": "unterminated',                                                       # 2
        "",                                                                                              # 3
        {"id": "a2", "date": "2021-04-06"},                                                              # 4
        {"id": "a3", "text": 17},                                                                         # 5
        {"id": "a4", "date": "the fifth of never", "text": "Fine text."},                                # 6
        [1, 2, 3],                                                                                        # 7
        {"text": "No id here, 9 items.", "date": "2020-02-29T10:00:00Z"},                                 # 8
        {"id": "a5", "date": None, "text": "PARIS, March 2, 2019 — A dateline date."},                    # 9
    ])
    docs, problems = split(list(iter_corpus(p)))
    assert [d.path for d in docs] == [f"{p}#a1", f"{p}#7", f"{p}#a5"]
    first = docs[0]
    assert first.date == dt.date(2021, 4, 5) and first.date_source == "corpus"
    assert first.title == "Dam" and first.story == "s1" and first.fmt == "corpus"
    assert docs[1].date == dt.date(2020, 2, 29)
    # a null date falls back to the text's own dateline
    assert docs[2].date == dt.date(2019, 3, 2) and docs[2].date_source == "dateline"

    assert [pr.line for pr in problems] == [2, 4, 5, 6, 7]
    assert all(pr.path == str(p) and pr.kind == "input" for pr in problems)
    assert "bad JSON" in problems[0].message
    assert "no 'text' field" in problems[1].message
    assert "'text' is int, not a string" in problems[2].message
    assert "not a date" in problems[3].message and problems[3].text == "the fifth of never"
    assert "not an object" in problems[4].message
    assert problems[0].format().startswith(f"{p}:2:")


def test_jsonl_published_fallback_and_custom_fields(tmp_path):
    p = tmp_path / "wiki.jsonl"
    write_jsonl(p, [{"id": "w1", "published": "2019-01-04", "text": "A count of 39."}])
    (doc,) = list(iter_corpus(p))
    assert doc.date == dt.date(2019, 1, 4) and doc.date_source == "corpus"

    q = tmp_path / "custom.jsonl"
    write_jsonl(q, [{"key": "k9", "when": "2018-08-08", "body": "Body 3.", "headline": "H", "published": "1999-01-01"}])
    (doc,) = list(iter_corpus(q, text_field="body", date_field="when", id_field="key", title_field="headline"))
    assert doc.path == f"{q}#k9" and doc.date == dt.date(2018, 8, 8) and doc.title == "H"
    # an explicitly named date field never falls back to "published"
    (doc,) = list(iter_corpus(q, text_field="body", date_field="dated"))
    assert doc.date is None


def test_jsonl_bad_utf8_line(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"id": "ok", "text": "Good 1."}\n{"id": "bad", "text": "caf\xe9"}\n{"id": "ok2", "text": "Good 2."}\n')
    docs, problems = split(list(iter_corpus(p)))
    assert [d.path.split("#")[1] for d in docs] == ["ok", "ok2"]
    assert problems[0].line == 2 and "UTF-8" in problems[0].message


def test_jsonl_blocks_and_suppressions_are_read(tmp_path):
    p = tmp_path / "b.jsonl"
    write_jsonl(p, [{"id": "x", "text": "Rents rose 4%.support independent journalism\n“We had 3 offers,” she said."}])
    (doc,) = list(iter_corpus(p))
    assert [b.kind for b in doc.blocks] == ["boilerplate", "quote"]


# --- CSV --------------------------------------------------------------------------------------

def test_csv_rows_with_line_numbers(tmp_path):
    p = tmp_path / "news.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "published", "title", "text"])                               # line 1
        w.writerow(["c1", "2020-05-01", "One", "First article with 12 buses."])        # line 2
        w.writerow(["c2", "2020-05-02", "Two", "A long one.\nIt spans\nthree lines."])  # lines 3-5
        w.writerow(["c3", "not a date", "Three", "Bad date row."])                     # line 6
        w.writerow(["c4", "2020-05-04"])                                               # line 7, short
        w.writerow(["", "2020-05-05", "Five", "No id, 5 cats."])                       # line 8
    docs, problems = split(list(iter_corpus(p)))
    assert [d.path for d in docs] == [f"{p}#c1", f"{p}#c2", f"{p}#5"]
    assert docs[1].text == "A long one.\nIt spans\nthree lines."
    assert all(d.date_source == "corpus" for d in docs)
    assert docs[2].date == dt.date(2020, 5, 5)
    assert [(pr.line, "not a date" in pr.message or "null" in pr.message) for pr in problems] == [(6, True), (7, True)]
    assert problems[0].message.startswith("line 6:")


def test_csv_missing_text_column(tmp_path):
    p = tmp_path / "cols.csv"
    p.write_text("id,body\n1,hello\n", encoding="utf-8")
    (prob,) = list(iter_corpus(p))
    assert isinstance(prob, Problem) and "no 'text' column" in prob.message and "body" in prob.message


def test_csv_bad_bytes_and_bom(tmp_path):
    p = tmp_path / "enc.csv"
    p.write_bytes(b"\xef\xbb\xbfid,text\nx1,Plain 1.\nx2,caf\xe9 2\nx3,Plain 3.\n")
    docs, problems = split(list(iter_corpus(p)))
    assert [d.path.split("#")[1] for d in docs] == ["x1", "x3"]
    assert problems[0].line == 3 and "UTF-8" in problems[0].message


def test_csv_long_cell(tmp_path):
    p = tmp_path / "long.csv"
    long_text = "The interview ran 3 hours. " * 20000  # over csv's default 128 KiB cell limit
    with p.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "text"], ["big", long_text]])
    (doc,) = list(iter_corpus(p))
    assert isinstance(doc, Document) and len(doc.text) == len(long_text)


# --- Parquet ----------------------------------------------------------------------------------

def test_parquet_rows(tmp_path):
    pa = _ci.importorskip("pyarrow", module_level=False)
    pq = _ci.importorskip("pyarrow.parquet", module_level=False)
    p = tmp_path / "news.parquet"
    table = pa.table({
        "id": ["p1", None, "p3", "p4", "p5"],
        "date": ["2022-02-02", "2022-02-03", "02/30/2022", None, "2022-02-06"],
        "text": ["The mill employs 60.", "Second row, 7 items.", "Third.", None, "Fifth 5."],
        "story": ["s", None, None, None, "s"],
    })
    pq.write_table(table, p, row_group_size=2)
    docs, problems = split(list(iter_corpus(p, batch_rows=2)))
    assert [d.path for d in docs] == [f"{p}#p1", f"{p}#2", f"{p}#p5"]
    assert docs[0].story == "s" and docs[0].date == dt.date(2022, 2, 2)
    assert [pr.message.split(":")[0] for pr in problems] == ["row 3", "row 4"]
    assert problems[0].line == 0 and "not a date" in problems[0].message
    assert "null" in problems[1].message


def test_parquet_date_types_and_published(tmp_path):
    pa = _ci.importorskip("pyarrow", module_level=False)
    pq = _ci.importorskip("pyarrow.parquet", module_level=False)
    p = tmp_path / "typed.parquet"
    pq.write_table(pa.table({
        "published": pa.array([dt.date(2011, 3, 4)], pa.date32()),
        "text": ["Typed date."],
    }), p)
    (doc,) = list(iter_corpus(p))
    assert doc.date == dt.date(2011, 3, 4) and doc.path == f"{p}#1"
    q = tmp_path / "ts.parquet"
    pq.write_table(pa.table({"date": pa.array([dt.datetime(2012, 1, 2, 3, 4)], pa.timestamp("s")), "text": ["T."]}), q)
    (doc,) = list(iter_corpus(q))
    assert doc.date == dt.date(2012, 1, 2)


def test_parquet_not_parquet_and_missing_column(tmp_path):
    pa = _ci.importorskip("pyarrow", module_level=False)
    pq = _ci.importorskip("pyarrow.parquet", module_level=False)
    bad = tmp_path / "fake.parquet"
    bad.write_text("not parquet at all", encoding="utf-8")
    (prob,) = list(iter_corpus(bad))
    assert isinstance(prob, Problem) and "Parquet" in prob.message
    nocol = tmp_path / "nocol.parquet"
    pq.write_table(pa.table({"body": ["x"]}), nocol)
    (prob,) = list(iter_corpus(nocol))
    assert "no 'text' column" in prob.message


# --- file-level problems ----------------------------------------------------------------------

def test_file_level_problems(tmp_path):
    (prob,) = list(iter_corpus(tmp_path / "none.jsonl"))
    assert "no such file" in prob.message
    (prob,) = list(iter_corpus(tmp_path / "data.xlsx"))
    assert "unsupported" in prob.message
    d = tmp_path / "dir.csv"
    d.mkdir()
    (prob,) = list(iter_corpus(d))
    assert "directory" in prob.message


def test_empty_corpus_files(tmp_path):
    for name in ("e.jsonl", "e.csv"):
        (tmp_path / name).write_text("", encoding="utf-8")
        assert list(iter_corpus(tmp_path / name)) == []


# --- streaming --------------------------------------------------------------------------------

def _stream_through_fifo(tmp_path, name: str, head: bytes, tail: bytes) -> tuple[object, bool]:
    """Feed ``head`` into a FIFO, read one item, and tell whether it came before ``tail`` was written."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    first_read = threading.Event()
    tail_written = threading.Event()

    def writer():
        with open(fifo, "wb", buffering=0) as fh:
            fh.write(head)
            first_read.wait(timeout=10)  # a reader that slurps the file would block us here
            fh.write(tail)
            tail_written.set()

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    it = iter_corpus(fifo)
    first = next(it)
    before_tail = not tail_written.is_set()
    first_read.set()
    rest = list(it)
    t.join(timeout=10)
    return first, before_tail, rest


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_jsonl_streams_rows_before_the_file_ends(tmp_path):
    head = json.dumps({"id": "r1", "text": "Row one, 1 item."}).encode() + b"\n"
    tail = b"".join(json.dumps({"id": f"r{i}", "text": f"Row {i}."}).encode() + b"\n" for i in range(2, 50))
    first, before_tail, rest = _stream_through_fifo(tmp_path, "stream.jsonl", head, tail)
    assert isinstance(first, Document) and first.path.endswith("#r1")
    assert before_tail, "the first row was only yielded after the whole file was written"
    assert len(rest) == 48


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_csv_streams_rows_before_the_file_ends(tmp_path):
    head = b"id,text\nr1,Row one.\n"
    tail = b"".join(f"r{i},Row {i}.\n".encode() for i in range(2, 30))
    first, before_tail, rest = _stream_through_fifo(tmp_path, "stream.csv", head, tail)
    assert isinstance(first, Document) and first.path.endswith("#r1")
    assert before_tail
    assert len(rest) == 28


def test_parquet_reads_one_batch_at_a_time(tmp_path, monkeypatch):
    pa = _ci.importorskip("pyarrow", module_level=False)
    pq = _ci.importorskip("pyarrow.parquet", module_level=False)
    p = tmp_path / "big.parquet"
    n = 5000
    pq.write_table(pa.table({"id": [f"r{i}" for i in range(n)], "text": [f"Row {i} has {i} items." for i in range(n)]}),
                   p, row_group_size=500)
    pulled = []
    real = pq.ParquetFile.iter_batches

    def counting(self, *args, **kwargs):
        assert kwargs.get("batch_size") == 100
        for batch in real(self, *args, **kwargs):
            pulled.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting)
    it = iter_corpus(p, batch_rows=100)
    first = next(it)
    assert first.path.endswith("#r0")
    assert pulled == [100]  # only the first batch is in memory when the first row comes out
    assert sum(1 for _ in it) == n - 1
    assert len(pulled) == n // 100


def test_corpus_url_field_is_the_source_url(tmp_path):
    p = tmp_path / "news.jsonl"
    write_jsonl(p, [
        {"id": "a1", "text": "The dam holds 40 tonnes.", "url": "https://news.example/dam"},
        {"id": "a2", "text": "The dam holds 40 tonnes.", "url": ""},
        {"id": "a3", "text": "The dam holds 40 tonnes.", "url": 7},
    ])
    docs, problems = split(list(iter_corpus(p)))
    assert problems == [] and [d.url for d in docs] == ["https://news.example/dam", None, None]
    c = tmp_path / "news.csv"
    c.write_text("id,text,url\nb1,The dam holds 40 tonnes.,https://news.example/b1\n", encoding="utf-8")
    assert [d.url for d in iter_corpus(c)] == ["https://news.example/b1"]
