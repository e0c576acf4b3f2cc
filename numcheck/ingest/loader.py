"""Files and strings → :class:`~numcheck.ingest.document.Document`."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import replace

from numcheck.ingest.blocks import find_blocks, markdown_title_span
from numcheck.ingest.dates import find_captions, find_dateline, parse_date
from numcheck.ingest.document import Document
from numcheck.ingest.source import DEFAULT_MAX_BYTES, decode, read_bytes, replace_surrogates, surrogate_note
from numcheck.ingest.suppressions import scan_suppressions
from numcheck.ingest.tables import find_html_tables, find_markdown_tables

#: File extensions and the format each is read as; anything else is plain text.
EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".md": "md", ".markdown": "md", ".mdown": "md", ".mkd": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf", ".docx": "docx",
}
_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html",
            "pdf": "pdf", "docx": "docx"}
#: Formats read from the file's bytes (binary containers) rather than from decoded text.
BINARY_FORMATS = ("pdf", "docx")


def format_for(path: str) -> str:
    """The format ("txt", "md", "html", "pdf", "docx") a path is read as, by its extension."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "txt")


def sniff_binary(data: bytes) -> str | None:
    """"pdf" or "docx" for bytes that are one (stdin, unknown extensions), else None."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]:
        return "docx"
    return None


def sniff_format(text: str) -> str:
    """Guess the format of input that has no telling extension (stdin, ``.txt`` aside)."""
    head = text[:1024].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or ("<html" in head and "<body" in text[:65536].lower()):
        return "html"
    if head.startswith("---\n") or text.startswith("---\n"):
        return "md"
    return "txt"


def _coerce_date(date) -> _dt.date | None:
    if date is None:
        return None
    parsed = parse_date(date)
    if parsed is None:
        raise ValueError(f"not a date: {date!r} (use YYYY-MM-DD)")
    return parsed


def load_document(
    path: str | os.PathLike,
    *,
    date: _dt.date | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fmt: str | None = None,
) -> Document:
    """Read one article from ``path`` (``"-"`` is stdin) into a :class:`Document`.

    The format comes from ``fmt`` or else the extension (``.md``/``.markdown``, ``.html``/
    ``.htm``, ``.pdf``, ``.docx``, anything else text; stdin and unknown extensions are sniffed
    for PDF and DOCX bytes, then for HTML and front matter). ``date`` (a date or ISO string)
    overrides any date found in the file. PDF and DOCX files are read by
    :mod:`numcheck.ingest.pdf` and :mod:`numcheck.ingest.docx`.

    Raises :class:`~numcheck.ingest.errors.InputError` for a missing path, a directory, an
    unreadable file, a symlink loop, binary or non-UTF-8 content, a file over ``max_bytes``,
    or a PDF/DOCX that cannot be read (damaged, encrypted, a scan, a ZIP bomb, over the time
    budget). An empty file gives a Document with empty text.
    """
    path = os.fspath(path)
    flag_date = _coerce_date(date)
    data = read_bytes(path, max_bytes)
    if fmt is not None:
        kind = _FORMATS.get(fmt.lower())
        if kind is None:
            raise ValueError(f"unknown format {fmt!r} (txt, md, html, pdf or docx)")
    elif path == "-" or os.path.splitext(path)[1].lower() not in EXTENSIONS:
        kind = sniff_binary(data)
    else:
        kind = format_for(path)
    if kind == "pdf":
        return _pdf(data, path, flag_date, max_bytes)
    if kind == "docx":
        return _docx(data, path, flag_date, max_bytes)
    source = decode(data, path)
    if kind is None:
        kind = sniff_format(source)
    return _build(source, path, kind, flag_date)


def document_from_text(
    text: str,
    path: str = "<text>",
    *,
    fmt: str = "txt",
    date: _dt.date | str | None = None,
) -> Document:
    """A :class:`Document` from a string, read as ``fmt`` ("txt", "md" or "html").

    Newlines are normalised as for files; ``path`` is only the name reports will use.
    """
    kind = _FORMATS.get(fmt.lower())
    if kind is None or kind in BINARY_FORMATS:
        raise ValueError(f"unknown format {fmt!r} for text (txt, md or html; read PDF and DOCX "
                         "files with load_document)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    text, replaced = replace_surrogates(text)
    doc = _build(text, path, kind, _coerce_date(date))
    note = surrogate_note({"text": replaced})
    return replace(doc, notes=doc.notes + (note,)) if note else doc


def _build(source: str, path: str, kind: str, flag_date: _dt.date | None) -> Document:
    if kind == "md":
        return _markdown(source, path, flag_date)
    if kind == "html":
        return _html(source, path, flag_date)
    return text_document(source, path, flag_date, fmt="txt")


def _date_from_text(text: str, blocks, captions) -> tuple[_dt.date | None, str]:
    """A dateline's date, else the first dated caption's, else none."""
    not_prose = [(b.start, b.end) for b in blocks if b.kind in ("boilerplate", "title")]

    def skip(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in not_prose)

    found = find_dateline(text, skip)
    if found is not None:
        return found[0], "dateline"
    if captions:
        return captions[0][0], "caption"
    return None, "none"


def text_document(
    text: str,
    path: str,
    flag_date: _dt.date | None = None,
    *,
    fmt: str = "txt",
    date: _dt.date | None = None,
    date_source: str = "none",
    title: str | None = None,
    story: str | None = None,
    url: str | None = None,
) -> Document:
    """A plain-text Document: blocks, plain suppressions and a date.

    The date is ``flag_date`` ("flag"), else ``date``/``date_source`` given by the caller (a
    corpus row's date), else a dateline or caption found in the text.
    """
    captions = find_captions(text)
    blocks = find_blocks(text, captions=captions)
    sup = scan_suppressions(text, comments=False)
    if flag_date is not None:
        date, date_source = flag_date, "flag"
    elif date is None:
        date, date_source = _date_from_text(text, blocks, captions)
    return Document(
        path=path, text=text, date=date, date_source=date_source, title=title, story=story,
        blocks=blocks, suppressions=sup.lines, file_suppressions=sup.file_codes,
        suppression_comments=sup.comments, fmt=fmt, tables=find_markdown_tables(text),
        url=url,
    )


def _markdown(source: str, path: str, flag_date: _dt.date | None) -> Document:
    from numcheck.ingest.markdown import split_front_matter

    fm = split_front_matter(source, path)
    text = source[fm.body_start:]
    heading = markdown_title_span(text)
    captions = find_captions(text)
    blocks = find_blocks(
        text, title_span=heading[:2] if heading else None, comments=True, captions=captions,
    )
    sup = scan_suppressions(source, comments=True)
    if flag_date is not None:
        date, source_kind = flag_date, "flag"
    elif fm.date is not None:
        date, source_kind = fm.date, "front_matter"
    else:
        date, source_kind = _date_from_text(text, blocks, captions)
    return Document(
        path=path, text=text, date=date, date_source=source_kind,
        title=fm.title or (heading[2] if heading else None), story=fm.story, blocks=blocks,
        first_line=fm.first_line, suppressions=sup.lines, file_suppressions=sup.file_codes,
        suppression_comments=sup.comments, fmt="md", tables=find_markdown_tables(text),
        url=fm.url, notes=fm.notes,
    )


def _html(source: str, path: str, flag_date: _dt.date | None) -> Document:
    from numcheck.ingest.html import extract_html

    ex = extract_html(source, path)
    text = ex.text
    title_span = None
    if ex.title:
        first_end = text.find("\n")
        first_end = len(text) if first_end == -1 else first_end
        if " ".join(text[:first_end].split()) == " ".join(ex.title.split()):
            title_span = (0, first_end)
    captions = find_captions(text)
    blocks = find_blocks(text, title_span=title_span, captions=captions)
    sup = scan_suppressions(source, comments=True)
    if flag_date is not None:
        date, source_kind = flag_date, "flag"
    elif ex.date is not None:
        date, source_kind = ex.date, "metadata"
    else:
        date, source_kind = _date_from_text(text, blocks, captions)
    return Document(
        path=path, text=text, date=date, date_source=source_kind, title=ex.title, blocks=blocks,
        suppressions=sup.lines, file_suppressions=sup.file_codes,
        suppression_comments=sup.comments, source_map=ex.source_map, fmt="html",
        tables=find_html_tables(source, text), url=ex.url,
    )


def _paged_document(ex, path: str, flag_date: _dt.date | None, fmt: str) -> Document:
    """A Document from a PDF or DOCX extract: blocks, tables, pages, and the date.

    The date is the flag's, else a dateline or caption in the text, else the file's metadata
    (PDF ``CreationDate``/XMP, DOCX core properties), with ``date_source`` "metadata": a file
    is often re-saved or exported long after the report's own date, so the text comes first.
    """
    text = ex.text
    captions = find_captions(text)
    blocks = find_blocks(text, title_span=ex.title_span, captions=captions, boilerplate=ex.boilerplate)
    if flag_date is not None:
        date, source_kind = flag_date, "flag"
    else:
        date, source_kind = _date_from_text(text, blocks, captions)
        if date is None and ex.date is not None:
            date, source_kind = ex.date, "metadata"
    return Document(
        path=path, text=text, date=date, date_source=source_kind, title=ex.title, blocks=blocks,
        source_map=ex.source_map, fmt=fmt, tables=ex.tables, pages=getattr(ex, "pages", ()),
    )


def _pdf(data: bytes, path: str, flag_date: _dt.date | None, max_bytes: int) -> Document:
    from numcheck.ingest.pdf import read_pdf

    return _paged_document(read_pdf(data, path, max_bytes), path, flag_date, "pdf")


def _docx(data: bytes, path: str, flag_date: _dt.date | None, max_bytes: int) -> Document:
    from numcheck.ingest.docx import read_docx

    return _paged_document(read_docx(data, path, max_bytes), path, flag_date, "docx")
