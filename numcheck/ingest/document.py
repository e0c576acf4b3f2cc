"""The :class:`Document`: text plus what we know about it, and offset ↔ line/column mapping."""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the table values live beside their readers; only their type is needed here
    from numcheck.ingest.tables import Table, TableCell

#: The closed set of block kinds a document's text is divided into.
BLOCK_KINDS = ("title", "body", "caption", "quote", "boilerplate")

#: The ``file_suppressions`` entry that silences every code.
ALL_CODES = "*"

#: Where a document date came from, most trusted first.
DATE_SOURCES = ("flag", "front_matter", "metadata", "corpus", "dateline", "caption", "story", "none")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of the text of one kind (title, body, caption, quote, boilerplate)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class SuppressionComment:
    """Where an inline ``numcheck: ignore`` comment sits and what it covers.

    ``line``/``column`` (1-based, in the source file) locate the comment itself so an unused
    suppression can be reported there; ``target_line`` is the source line it silences, or 0 for
    a whole-file suppression. ``codes`` empty means every code.
    """

    line: int
    column: int
    codes: tuple[str, ...]
    target_line: int


class LineIndex:
    """Maps character offsets to 1-based (line, column) and back, in O(log n)."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts
        self._length = len(text)

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset`` (clamped to the text)."""
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based ``line``/``column``."""
        return self._starts[line - 1] + column - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets ``[start, end)`` of 1-based ``line`` without its newline."""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else self._length
        return start, end

    @property
    def lines(self) -> int:
        """How many lines the text has."""
        return len(self._starts)


@dataclass(frozen=True)
class Document:
    """One article: its text, blocks, date and where that date came from.

    ``path`` is what the user named (a file path, ``-``, or ``corpus.jsonl#id``) and is the
    document's identity in reports. Line numbers from :meth:`line_col` are those of the source
    file: ``first_line`` shifts them past Markdown front matter, and ``source_map`` maps text
    extracted from HTML back to the page's lines. For corpus rows they count from the start of
    the row's text. Suppression line numbers use the same numbering.
    """

    path: str
    text: str
    date: _dt.date | None = None
    date_source: str = "none"
    title: str | None = None
    story: str | None = None
    blocks: tuple[Block, ...] = ()
    #: The line number (1-based) in the source file where ``text`` begins (e.g. after front matter).
    first_line: int = 1
    #: Inline suppressions found while reading: (line, codes) pairs; codes empty means all.
    suppressions: tuple[tuple[int, tuple[str, ...]], ...] = ()
    #: Suppressions for the whole file; :data:`ALL_CODES` (``"*"``) means every code.
    file_suppressions: tuple[str, ...] = ()
    #: Every suppression comment found, with its own position (for "unused ignore" reports).
    suppression_comments: tuple[SuppressionComment, ...] = ()
    #: For text extracted from HTML: anchors ``(offset, line, column)`` sorted by offset. From
    #: ``offset`` on, the text runs contiguously from that source ``line``/``column`` until the
    #: next anchor. Empty when ``text`` is the file itself (line numbers then come from ``text``).
    source_map: tuple[tuple[int, int, int], ...] = ()
    #: The input format: "txt", "md", "html", "pdf", "docx" or "corpus".
    fmt: str = "txt"
    #: The tables found in the text, sorted by start (see :mod:`numcheck.ingest.tables`).
    tables: tuple["Table", ...] = ()
    #: For paged formats (PDF): the offset in ``text`` where each page begins; page ``k``
    #: (1-based) runs from ``pages[k - 1]`` to the next entry. Empty when there are no pages.
    #: Line numbers of a paged document count from the top of each page (see :meth:`locate`).
    pages: tuple[int, ...] = ()
    #: Where the article was published, when the input says so (a corpus row's ``url``, a
    #: Markdown front matter ``url``, an HTML page's canonical URL); shown to reviewers only.
    url: str | None = None
    #: What reading changed in the input, for the record (lone surrogates replaced, say).
    notes: tuple[str, ...] = ()
    _index: LineIndex | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> LineIndex:
        """The offset ↔ line/column map, built on first use."""
        if self._index is None:
            object.__setattr__(self, "_index", LineIndex(self.text))
        return self._index  # type: ignore[return-value]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the *source file* of a character offset into ``text``."""
        if self.source_map:
            offset = max(0, min(offset, len(self.text)))
            i = bisect.bisect_right(self.source_map, (offset, float("inf"), 0)) - 1
            if i >= 0:
                anchor, line, col = self.source_map[i]
                return line, col + offset - anchor
        line, col = self.index.line_col(offset)
        return line + self.first_line - 1, col

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None when the document has no pages."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, max(0, offset)))

    def locate(self, offset: int) -> tuple[int | None, int, int]:
        """``(page, line, column)`` of an offset, as a reader finds it in the original file.

        For a PDF the page is 1-based and the line counts from the top of that page, in reading
        order (running headers included); for a DOCX the page is None and the line is the
        paragraph number (see numcheck.ingest.docx); otherwise the page is None and the line
        and column are those of :meth:`line_col`.
        """
        line, col = self.line_col(offset)
        return self.page_at(offset), line, col

    def cell_at(self, offset: int) -> tuple["Table", "TableCell"] | None:
        """The table and cell whose text span contains ``offset``, if it is in a table."""
        if not self.tables:
            return None
        from numcheck.ingest.tables import cell_at

        return cell_at(self.tables, offset)

    def block_at(self, offset: int) -> str:
        """The kind of block containing ``offset`` ("body" when blocks are not known)."""
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b.kind
        return "body"

    def with_date(self, date: _dt.date | None, source: str) -> "Document":
        """A copy with another date and date source."""
        return replace(self, date=date, date_source=source)

    def __getstate__(self):
        # the line index is cheap to rebuild and not worth shipping to workers
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "_index"}

    def __setstate__(self, state):
        for k, v in state.items():
            object.__setattr__(self, k, v)
        object.__setattr__(self, "_index", None)
