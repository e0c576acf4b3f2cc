"""The ingest layer: files, strings, stdin and corpora → :class:`Document` values.

This is the bottom layer of the package: it imports only :mod:`numcheck.model` and third-party
libraries. The heavy ones (trafilatura for HTML, pyarrow for Parquet) are imported inside the
functions that need them, so ``import numcheck.ingest`` stays cheap.

Public entry points:

- :func:`load_document` - one file (``.txt``, ``.md``, ``.html``) or ``-`` for stdin;
- :func:`document_from_text` - a string;
- :func:`iter_corpus` - a ``.jsonl``/``.csv``/``.parquet`` corpus, streamed row by row;
- :class:`InputError` - raised for unreadable input, carrying a :class:`~numcheck.model.Problem`.
"""

from __future__ import annotations

from numcheck.ingest.blocks import CHROME_LINES, CHROME_SEGMENTS, boilerplate_spans, find_blocks, quote_spans
from numcheck.ingest.corpus import iter_corpus
from numcheck.ingest.dates import find_captions, find_dateline, parse_date
from numcheck.ingest.document import (
    ALL_CODES, BLOCK_KINDS, DATE_SOURCES, Block, Document, LineIndex, SuppressionComment,
)
from numcheck.ingest.errors import InputError
from numcheck.ingest.loader import document_from_text, format_for, load_document, text_document
from numcheck.ingest.source import DEFAULT_MAX_BYTES

__all__ = [
    "ALL_CODES", "BLOCK_KINDS", "CHROME_LINES", "CHROME_SEGMENTS", "DATE_SOURCES", "DEFAULT_MAX_BYTES",
    "Block", "Document", "InputError", "LineIndex", "SuppressionComment",
    "boilerplate_spans", "document_from_text", "find_blocks", "find_captions", "find_dateline",
    "format_for", "iter_corpus", "load_document", "parse_date", "quote_spans", "text_document",
]
