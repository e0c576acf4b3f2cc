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
from dataclasses import dataclass, replace

from numcheck.ingest.dates import parse_date
from numcheck.ingest.document import Document
from numcheck.ingest.loader import text_document
from numcheck.ingest.source import _os_error, replace_surrogates, surrogate_note
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


#: Deepest nesting of arrays and objects accepted in one corpus row (a row needs two or three).
MAX_ROW_DEPTH = 64

_JSON_TOKEN = None


def json_too_deep(line: str, limit: int = MAX_ROW_DEPTH) -> int | None:
    """The offset of the first bracket nested deeper than ``limit``, if any.

    A linear scan of brackets outside strings, run before ``json.loads`` (whose recursion a
    few thousand ``[`` exhaust).
    """
    global _JSON_TOKEN
    if line.count("[") + line.count("{") <= limit:
        return None
    if _JSON_TOKEN is None:
        import re

        _JSON_TOKEN = re.compile(r'[\[\]{}]|"(?:[^"\\]|\\.)*+"?')
    depth = 0
    for m in _JSON_TOKEN.finditer(line):
        ch = m.group(0)[0]
        if ch in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        elif ch in "]}":
            depth -= 1
    return None


def parse_row(path: str, line_no: int, line: str) -> dict | Problem:
    """One JSONL line as a dict, or the Problem (naming the line) that stops it being one.

    Bad JSON, nesting deeper than :data:`MAX_ROW_DEPTH`, an integer longer than Python
    converts (4,300 digits), and a value that is not an object are each an error for this row
    alone.
    """
    deep = json_too_deep(line)
    if deep is not None:
        return Problem(path, f"line {line_no}: JSON nested deeper than {MAX_ROW_DEPTH} levels at "
                             f"column {deep + 1}", line_no, deep + 1, "input")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(path, f"line {line_no}: bad JSON: {json_error_text(exc)}", line_no, exc.colno,
                       "input", line.strip()[:80])
    except (ValueError, RecursionError) as exc:
        # int("9" * 5000) refuses (sys.get_int_max_str_digits); deep nesting recurses
        why = "a number too long to read" if isinstance(exc, ValueError) else "nested too deeply"
        return Problem(path, f"line {line_no}: bad JSON: {why}", line_no, 1, "input")
    if not isinstance(obj, dict):
        return Problem(path, f"line {line_no}: a JSON {type(obj).__name__}, not an object", line_no, 1)
    return obj


def shown_value(value: object, limit: int = 60) -> str:
    """``value`` as text for a message, shortened; never raises (a 5,000-digit int cannot be
    turned into a string)."""
    try:
        text = str(value)
    except ValueError:
        return f"an integer of about {round(value.bit_length() * 0.30103):,} digits"  # type: ignore[attr-defined]
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    replaced: dict[str, int] = {}
    text, replaced["text"] = replace_surrogates(text)

    date_key = fields.date
    keys = row.keys() if column_names is None else column_names
    if date_key not in keys and date_key == "date" and DATE_FALLBACK_FIELD in keys:
        date_key = DATE_FALLBACK_FIELD
    raw_date = row.get(date_key)
    date = None
    if raw_date is not None and raw_date != "":
        date = parse_date(raw_date)
        if date is None:
            shown = replace_surrogates(shown_value(raw_date))[0]
            return problem(f"{date_key!r} value {shown!r} is not a date (use YYYY-MM-DD)", shown)

    ident = row.get(fields.id)
    ident = str(number) if ident is None or ident == "" else shown_value(ident, 200)
    ident, replaced["id"] = replace_surrogates(ident)
    title = row.get(fields.title)
    title = shown_value(title, 1000) if title not in (None, "") else None
    if title is not None:
        title, replaced["title"] = replace_surrogates(title)
    story = row.get(fields.story)
    story = shown_value(story, 1000) if story not in (None, "") else None
    if story is not None:
        story, replaced["story"] = replace_surrogates(story)
    url = row.get(fields.url)
    url = url.strip() if isinstance(url, str) and url.strip() else None
    if url is not None:
        url, replaced["url"] = replace_surrogates(url)
    doc = text_document(
        text,
        f"{file}#{ident}",
        fmt="corpus",
        date=date,
        date_source="corpus" if date is not None else "none",
        title=title,
        story=story,
        url=url,
    )
    note = surrogate_note(replaced)
    return replace(doc, notes=(note,)) if note else doc


def iter_lines(fh, limit: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` for each line of a binary file; ``None`` for a line longer than
    ``limit`` bytes (default: the size limit, ``NUMCHECK_MAX_BYTES`` or 20 MB), which is
    skipped without being held in memory."""
    if limit is None:
        from numcheck.limits import Limits

        limit = Limits.resolve().max_bytes
    line_no = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield line_no, None
            continue
        yield line_no, raw


def long_row(path: str, line_no: int) -> Problem:
    """The error for a corpus line longer than the size limit."""
    from numcheck.limits import Limits, format_bytes

    limit = Limits.resolve().max_bytes
    return Problem(path, f"line {line_no}: row is over the {format_bytes(limit)} limit "
                         f"(max_bytes={limit}); skipped", line_no, 1, "limit")


def _iter_jsonl(path: str, fields: _Fields) -> Iterator[Document | Problem]:
    number = 0
    fh, problem = _open(path, "rb")
    if problem is not None:
        yield problem
        return
    with fh:
        for line_no, raw in iter_lines(fh):
            if raw is None:
                number += 1
                yield long_row(path, line_no)
                continue
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
            obj = parse_row(path, line_no, line)
            if isinstance(obj, Problem):
                yield obj
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
