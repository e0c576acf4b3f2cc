"""Streaming a corpus (``.jsonl``, ``.csv``, ``.parquet``) into Documents, one row at a time.

Memory stays flat whatever the corpus size: JSONL is read line by line, CSV through the
:mod:`csv` module's row iterator, Parquet in record batches of ``batch_rows`` rows with
:meth:`pyarrow.parquet.ParquetFile.iter_batches`. A malformed row yields a
:class:`~numcheck.model.Problem` naming the file and its line (JSONL, CSV) or row (Parquet), and
reading goes on with the next row.

Each Document's ``path`` is ``"<file>#<id>"``, with the 1-based row number when a row has no id.
Its date comes from the date field with ``date_source`` "corpus"; a row whose date is empty or
null falls back to a dateline or caption in its text. With the default ``date_field="date"``, a
corpus that has no ``date`` field but has ``published`` (as Wikinews dumps do) uses
``published``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from numcheck.ingest.dates import parse_date
from numcheck.ingest.document import Document
from numcheck.ingest.loader import text_document
from numcheck.ingest.source import _os_error
from numcheck.model import Problem

#: Corpus extensions and their readers' names.
CORPUS_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}

#: The field used for dates when the default ``date`` is absent.
DATE_FALLBACK_FIELD = "published"

# csv's default 128 KiB cell limit is smaller than a long interview; raise it, never lower it.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Fields:
    text: str
    date: str
    id: str
    story: str
    title: str
    #: not configurable on the command line yet: "url" is what corpora name it
    url: str = "url"



def json_error_text(exc) -> str:
    """A JSONDecodeError as a phrase: its message with the column, never a dangling "at"."""
    msg = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
    return f"{msg} at column {exc.colno}"


def iter_corpus(
    path: str | os.PathLike,
    *,
    text_field: str = "text",
    date_field: str = "date",
    id_field: str = "id",
    story_field: str = "story",
    title_field: str = "title",
    batch_rows: int = 1000,
) -> Iterator[Document | Problem]:
    """Yield a :class:`Document` for each good row of a corpus file and a :class:`Problem` for
    each bad one (bad JSON, a missing or non-string text, a date that does not parse).

    The format comes from the extension (``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``). A file
    that cannot be opened at all, or lacks the text column, yields a single Problem. A row's
    ``url`` field, when it is a non-empty string, becomes the document's source URL.
    """
    path = os.fspath(path)
    fields = _Fields(text_field, date_field, id_field, story_field, title_field)
    kind = CORPUS_EXTENSIONS.get(os.path.splitext(path)[1].lower())
    if kind is None:
        yield Problem(path, "unsupported corpus format (use .jsonl, .csv or .parquet)")
        return
    problem = _check_file(path)
    if problem is not None:
        yield problem
        return
    if kind == "jsonl":
        yield from _iter_jsonl(path, fields)
    elif kind == "csv":
        yield from _iter_csv(path, fields)
    else:
        yield from _iter_parquet(path, fields, max(1, int(batch_rows)))


def _check_file(path: str) -> Problem | None:
    # only stat here: opening a FIFO just to test it would consume the writer's connection
    try:
        os.stat(path)
    except OSError as exc:
        return _os_error(path, exc).problem
    if os.path.isdir(path):
        return Problem(path, "is a directory, not a file")
    return None


def _open(path: str, *args, **kwargs):
    """``open`` whose failure (permission, a file removed since the stat) becomes a Problem."""
    try:
        return open(path, *args, **kwargs), None
    except OSError as exc:
        return None, _os_error(path, exc).problem


def _row(
    file: str, number: int, row: dict, fields: _Fields, line: int, column_names: Iterable[str] | None = None,
) -> Document | Problem:
    """One row as a Document, or the Problem that stops it from being one."""
    where = f"line {line}" if line else f"row {number}"

    def problem(message: str, text: str = "") -> Problem:
        return Problem(file, f"{where}: {message}", line, 1 if line else 0, "input", text)

    if fields.text not in row:
        return problem(f"no {fields.text!r} field")
    text = row[fields.text]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return problem(f"{fields.text!r} is {kind}, not a string")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    date_key = fields.date
    keys = row.keys() if column_names is None else column_names
    if date_key not in keys and date_key == "date" and DATE_FALLBACK_FIELD in keys:
        date_key = DATE_FALLBACK_FIELD
    raw_date = row.get(date_key)
    date = None
    if raw_date is not None and raw_date != "":
        date = parse_date(raw_date)
        if date is None:
            return problem(f"{date_key!r} value {str(raw_date)!r} is not a date (use YYYY-MM-DD)", str(raw_date))

    ident = row.get(fields.id)
    ident = str(number) if ident is None or ident == "" else str(ident)
    title = row.get(fields.title)
    story = row.get(fields.story)
    url = row.get(fields.url)
    return text_document(
        text,
        f"{file}#{ident}",
        fmt="corpus",
        date=date,
        date_source="corpus" if date is not None else "none",
        title=str(title) if title not in (None, "") else None,
        story=str(story) if story not in (None, "") else None,
        url=url.strip() if isinstance(url, str) and url.strip() else None,
    )


def _iter_jsonl(path: str, fields: _Fields) -> Iterator[Document | Problem]:
    number = 0
    fh, problem = _open(path, "rb")
    if problem is not None:
        yield problem
        return
    with fh:
        for line_no, raw in enumerate(fh, 1):
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            number += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(path, f"line {line_no}: not UTF-8 (byte 0x{raw[exc.start]:02x})", line_no, exc.start + 1)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Problem(path, f"line {line_no}: bad JSON: {json_error_text(exc)}", line_no, exc.colno, "input", line.strip()[:80])
                continue
            if not isinstance(obj, dict):
                yield Problem(path, f"line {line_no}: a JSON {type(obj).__name__}, not an object", line_no, 1)
                continue
            yield _row(path, number, obj, fields, line_no)


def _iter_csv(path: str, fields: _Fields) -> Iterator[Document | Problem]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    # surrogateescape turns bad bytes into lone surrogates, so one bad row is reported without
    # the decoder aborting the rest of the file
    fh, problem = _open(path, newline="", encoding="utf-8-sig", errors="surrogateescape")
    if problem is not None:
        yield problem
        return
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(path, f"line 1: bad CSV header: {exc}", 1, 0)
            return
        if fields.text not in header:
            yield Problem(path, f"no {fields.text!r} column (columns: {', '.join(header)})", 1, 0)
            return
        number = 0
        prev_line = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Problem(path, f"line {prev_line + 1}: bad CSV: {exc}", prev_line + 1, 0)
                if reader.line_num == prev_line:  # the reader made no progress; stop, don't spin
                    return
                prev_line = reader.line_num
                continue
            start_line = prev_line + 1
            prev_line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            number += 1
            if any(_has_surrogate(c) for c in cells):
                yield Problem(path, f"line {start_line}: not UTF-8", start_line, 0)
                continue
            if len(cells) < len(header):
                cells = cells + [None] * (len(header) - len(cells))
            row = dict(zip(header, cells))
            yield _row(path, number, row, fields, start_line, header)


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _iter_parquet(path: str, fields: _Fields, batch_rows: int) -> Iterator[Document | Problem]:
    import pyarrow.parquet as pq  # heavy; only for Parquet corpora

    fh, problem = _open(path, "rb")
    if problem is not None:
        yield problem
        return
    with fh:
        yield from _parquet_rows(path, fh, fields, batch_rows, pq)


def _parquet_rows(path: str, fh, fields: _Fields, batch_rows: int, pq) -> Iterator[Document | Problem]:
    try:
        pf = pq.ParquetFile(fh)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        yield Problem(path, f"not a readable Parquet file: {exc}")
        return
    names = pf.schema_arrow.names
    if fields.text not in names:
        yield Problem(path, f"no {fields.text!r} column (columns: {', '.join(names)})")
        return
    wanted = {fields.text, fields.date, fields.id, fields.story, fields.title, fields.url}
    if fields.date == "date" and "date" not in names:
        wanted.add(DATE_FALLBACK_FIELD)
    columns = [n for n in names if n in wanted]
    number = 0
    try:
        for batch in pf.iter_batches(batch_size=batch_rows, columns=columns):
            data = {name: batch.column(i).to_pylist() for i, name in enumerate(batch.schema.names)}
            for k in range(batch.num_rows):
                number += 1
                row = {name: values[k] for name, values in data.items()}
                yield _row(path, number, row, fields, 0, names)
    except Exception as exc:  # a corrupt page mid-file: report where, keep what was read
        yield Problem(path, f"row {number + 1}: cannot read further: {exc}")
