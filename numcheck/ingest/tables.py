"""Tables: cells with their row and column headers, located in a document's text.

A :class:`Table` is what ingest knows about one table of a document, whatever format it came
in: Markdown pipe tables and HTML ``<table>`` elements are found in the text the Document
holds; DOCX and PDF tables are written into that text by their readers (one line per row, cells
between ``|``, as a Markdown pipe table without its delimiter row) and recorded as they go.

The structure, for checks that read tables (a "Total" row against the cells it sums, a
percentage column against 100, a share column against count ÷ total):

- ``Table.cells`` holds one :class:`TableCell` per cell, in reading order (row by row, left to
  right). Indices are 0-based and count header rows and columns: row 0 is the first row of the
  table as printed. A cell spanning several grid positions (HTML ``colspan``/``rowspan``, a
  merged DOCX cell) appears once, at its top-left position, with ``row_span``/``col_span``.
- ``TableCell.start``/``end`` is the cell's content in ``Document.text`` (trimmed; for
  Markdown the raw content, ``**`` markers included), so the claims that extraction finds at
  those offsets are the cell's figures: ``table.cell_at(claim.start)`` is the claim's cell.
  :meth:`Table.cell_at` and :meth:`Document.cell_at <numcheck.ingest.document.Document.cell_at>`
  map an offset to its cell. An empty cell has ``start == end``.
- ``TableCell.text`` is the content as a reader sees it (Markdown emphasis and escapes removed,
  whitespace collapsed); ``value`` a quick reading of a purely numeric cell ("1,240", "27.8%",
  "(12.5)", "−3") for telling label columns from figure columns. Claims carry the full reading.
- ``header`` marks header cells: the rows of ``Table.header_rows`` (the Markdown row above the
  delimiter, ``<th>`` rows or ``<thead>``, a DOCX row marked as a header or else the first row,
  the first row of a PDF table) and the ``Table.header_cols`` label column(s) at the left
  (found when the first column holds text where the others hold figures, or from ``<th>``).
- ``row_header``/``col_header`` name what a cell measures: the text of its row's label
  cell(s), and of the header cells above it (several header rows are joined with " / ").
  ``strong`` says the whole cell is bold (``**Total**``, ``<b>``, bold runs), which is how many
  tables set their total row apart.
- ``Table.scale`` (from the caption, the top-left cell or a note such as "All figures in £m"),
  ``Table.col_scales`` and ``Table.row_scales`` (from each header) are :class:`Scale` hints:
  a currency ("£"), a multiplier (1e6 for "£m", 1e3 for "(000s)" or "£000"), percent ("%",
  "per cent"). :meth:`Table.scale_for` merges them for one cell, the most specific header first.
- ``Table.caption``/``label`` hold a caption such as "Table 2: Spending by area (£m)" and its
  label "Table 2", which prose cites ("rose to £5.4m (Table 2)").
- ``Table.notes`` are the short lines right below the table: :class:`TableNote` with kind
  ``"rounding"`` ("Figures may not sum due to rounding"), ``"source"`` or ``"note"``;
  :attr:`Table.rounding_note` is the first rounding note.
- ``Table.page`` is the 1-based page of a PDF table (0 when the format has no pages).

Everything here is a frozen, slotted dataclass of builtins, so a Document with tables pickles
as cheaply as one without. Nothing checks the arithmetic here: this is only what the tables say.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

__all__ = [
    "Scale", "TableCell", "TableNote", "Table", "TableBuilder",
    "find_markdown_tables", "find_caption", "find_notes", "parse_scale", "cell_value",
]


# ---- values ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Scale:
    """The unit and scale a header (or caption, or note) states for the cells it covers.

    ``currency`` is a symbol ("£", "$", "€", "¥") or None; ``multiplier`` what each figure is
    to be multiplied by (1e6 for "£m", 1e3 for "(000s)"; None when the header says nothing);
    ``percent`` is true for "%", "per cent", "percentage"; ``unit`` a physical unit named in
    brackets ("km", "tonnes"). ``text`` is the fragment of the header the hint was read from.
    """

    currency: str | None = None
    multiplier: float | None = None
    percent: bool = False
    unit: str | None = None
    text: str = ""

    @property
    def empty(self) -> bool:
        """True when the header states no unit or scale at all."""
        return self.currency is None and self.multiplier is None and not self.percent and self.unit is None

    def over(self, other: "Scale") -> "Scale":
        """This hint, with what it leaves unsaid taken from ``other`` (a less specific header)."""
        if self.empty:
            return other
        if other.empty:
            return self
        return Scale(
            currency=self.currency if self.currency is not None else other.currency,
            multiplier=self.multiplier if self.multiplier is not None else other.multiplier,
            percent=self.percent or (other.percent and self.currency is None and self.unit is None),
            unit=self.unit if self.unit is not None else other.unit,
            text=" ".join(t for t in (self.text, other.text) if t),
        )


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell: grid position, span in the document text, what it says and what heads it."""

    row: int
    col: int
    start: int
    end: int
    text: str
    header: bool = False
    strong: bool = False
    row_span: int = 1
    col_span: int = 1
    row_header: str = ""
    col_header: str = ""
    #: A quick reading of a purely numeric cell (None for labels, empty cells, mixed text).
    value: float | None = None


@dataclass(frozen=True, slots=True)
class TableNote:
    """A note printed right below a table: its span, text and kind (rounding, source, note)."""

    start: int
    end: int
    text: str
    kind: str = "note"


@dataclass(frozen=True, slots=True)
class Table:
    """A table of a document: its cells, headers, caption, notes and scale hints.

    See the module docstring for what each field means. ``start``/``end`` span the table's
    rows in ``Document.text`` (caption and notes lie outside, at their own spans).
    """

    start: int
    end: int
    rows: int
    cols: int
    cells: tuple[TableCell, ...]
    header_rows: int = 1
    header_cols: int = 0
    caption: str = ""
    caption_span: tuple[int, int] | None = None
    label: str = ""
    notes: tuple[TableNote, ...] = ()
    scale: Scale = field(default_factory=Scale)
    col_scales: tuple[Scale, ...] = ()
    row_scales: tuple[Scale, ...] = ()
    page: int = 0
    #: Where the table came from: "markdown", "html", "docx" or "pdf".
    source: str = "markdown"

    def cell(self, row: int, col: int) -> TableCell | None:
        """The cell covering grid position ``(row, col)``, if any (spans included)."""
        for c in self.cells:
            if c.row <= row < c.row + c.row_span and c.col <= col < c.col + c.col_span:
                return c
        return None

    def row_cells(self, row: int) -> tuple[TableCell, ...]:
        """The cells that start in ``row``, left to right."""
        return tuple(c for c in self.cells if c.row == row)

    def column_cells(self, col: int) -> tuple[TableCell, ...]:
        """The cells that start in column ``col``, top to bottom."""
        return tuple(c for c in self.cells if c.col == col)

    def body_cells(self) -> tuple[TableCell, ...]:
        """The cells that are neither header rows nor header columns."""
        return tuple(c for c in self.cells if not c.header)

    def cell_at(self, offset: int) -> TableCell | None:
        """The cell whose text span contains ``offset`` (None outside every cell)."""
        if not self.start <= offset <= self.end:
            return None
        for c in self.cells:
            if c.start <= offset < c.end:
                return c
        return None

    def scale_for(self, cell: TableCell) -> Scale:
        """The unit and scale that apply to ``cell``: its row's, then its column's, then the
        table's hint, each filling in what the more specific one leaves unsaid."""
        row = self.row_scales[cell.row] if cell.row < len(self.row_scales) else Scale()
        col = self.col_scales[cell.col] if cell.col < len(self.col_scales) else Scale()
        return row.over(col).over(self.scale)

    @property
    def rounding_note(self) -> TableNote | None:
        """The first note saying that figures are rounded or may not sum, if any."""
        for n in self.notes:
            if n.kind == "rounding":
                return n
        return None

    def shifted(self, delta: int) -> "Table":
        """The same table with every offset moved by ``delta`` (text placed after a prefix)."""
        if not delta:
            return self
        return replace(
            self, start=self.start + delta, end=self.end + delta,
            cells=tuple(replace(c, start=c.start + delta, end=c.end + delta) for c in self.cells),
            caption_span=None if self.caption_span is None else
            (self.caption_span[0] + delta, self.caption_span[1] + delta),
            notes=tuple(replace(n, start=n.start + delta, end=n.end + delta) for n in self.notes),
        )


# ---- reading cells and headers ---------------------------------------------------------------

# "1,240", "−3.5", "27.8%", "(12.5)" (a negative, in accounts), "£5.4m", "+4", "1 234"
_VALUE_RE = re.compile(
    r"(?P<neg>[-−–]|\()?[ \t]*+(?:[£$€¥][ \t]?+)?(?P<num>\d{1,3}(?:[,\u00a0\u202f ]\d{3})++(?:\.\d++)?|\d++(?:\.\d++)?|\.\d++)"
    r"[ \t]*+(?P<suffix>%|m|mn|bn|k|million|billion)?[ \t]*+\)?"
)


def cell_value(text: str) -> float | None:
    """The number a purely numeric cell states ("1,240" → 1240.0, "(12.5)" → -12.5), else None.

    Currency signs, a percent sign and a scale suffix ("£5.4m") are allowed and ignored: the
    value is the figure as printed. Anything else in the cell (words, two figures) gives None.
    """
    s = text.strip().strip("*_").strip()
    if s.startswith("+"):
        s = s[1:]
    m = _VALUE_RE.fullmatch(s)
    if m is None:
        return None
    if s.startswith("(") != s.endswith(")"):
        return None
    try:
        value = float(re.sub(r"[,\u00a0\u202f ]", "", m.group("num")))
    except ValueError:  # pragma: no cover - the pattern only admits digits
        return None
    return -value if m.group("neg") else value


_MULTIPLIERS = {
    "k": 1e3, "000": 1e3, "000s": 1e3, "'000": 1e3, "'000s": 1e3, "’000": 1e3, "’000s": 1e3,
    "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
    "bn": 1e9, "billion": 1e9, "billions": 1e9,
    "tn": 1e12, "trillion": 1e12, "trillions": 1e12,
}
_CURRENCY_CODES = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥"}
_SCALE_WORD = r"(?:thousands?|millions?|billions?|trillions?|bn|mn|mln|tn|m|k|['’]?000s?)"
_CUR = r"(?:[£$€¥]|GBP|USD|EUR|JPY)"
# "£m", "£000", "£'000", "$bn", "€ million", "GBP m"
_CUR_SCALE_RE = re.compile(rf"(?<![A-Za-z0-9])(?P<cur>{_CUR})[ \t]?(?P<scale>{_SCALE_WORD})(?![A-Za-z0-9])", re.I)
# "(000s)", "(thousands)", "(m)" is too ambiguous (metres) to read as a scale
_PAREN_SCALE_RE = re.compile(r"\([ \t]*(?P<scale>thousands?|millions?|billions?|['’]?000s?)[ \t]*\)", re.I)
# "in millions", "in £ thousands", "£ in thousands"
_IN_SCALE_RE = re.compile(rf"\bin[ \t]+(?P<cur>{_CUR})?[ \t]?(?P<scale>thousands|millions|billions|trillions)\b", re.I)
_LONE_CUR_RE = re.compile(rf"(?:\([ \t]*(?P<cur>{_CUR})[ \t]*\)|(?<![A-Za-z0-9])(?P<cur2>[£$€¥])(?![0-9]))")
_PERCENT_RE = re.compile(r"%|\bper[ \t]?cent(?:age)?\b|\bpercent(?:age)?s?\b", re.I)
_UNITS = ("km", "kg", "tonnes", "tons", "hours", "hrs", "days", "weeks", "years", "miles", "mph",
          "km/h", "ha", "hectares", "acres", "MW", "GW", "MWh", "GWh", "kWh", "litres", "people")
_UNIT_RE = re.compile(r"\([ \t]*(?P<unit>" + "|".join(re.escape(u) for u in _UNITS) + r")[ \t]*\)", re.I)


def parse_scale(text: str) -> Scale:
    """The unit/scale hint a header, caption or note states ("2024-25 (£m)" → £, ×1e6)."""
    if not text or len(text) > 400:
        return Scale()
    currency = multiplier = unit = None
    fragments: list[str] = []
    m = _CUR_SCALE_RE.search(text)
    if m:
        cur = m.group("cur")
        currency = _CURRENCY_CODES.get(cur.upper(), cur)
        multiplier = _MULTIPLIERS.get(m.group("scale").lower())
        fragments.append(m.group(0))
    else:
        m = _IN_SCALE_RE.search(text) or _PAREN_SCALE_RE.search(text)
        if m:
            multiplier = _MULTIPLIERS.get(m.group("scale").lower())
            cur = m.groupdict().get("cur")
            if cur:
                currency = _CURRENCY_CODES.get(cur.upper(), cur)
            fragments.append(m.group(0))
    if currency is None:
        m = _LONE_CUR_RE.search(text)
        if m:
            cur = m.group("cur") or m.group("cur2")
            currency = _CURRENCY_CODES.get(cur.upper(), cur)
            fragments.append(m.group(0))
    percent = False
    m = _PERCENT_RE.search(text)
    if m and currency is None:
        percent = True
        fragments.append(m.group(0))
    m = _UNIT_RE.search(text)
    if m:
        unit = m.group("unit")
        fragments.append(m.group(0))
    return Scale(currency, multiplier, percent, unit, " ".join(f.strip() for f in fragments))


# ---- captions and notes around a table (any format whose text has the table as lines) -------

_CAPTION_RE = re.compile(
    r"^[ \t]*+[*_]{0,2}(?P<label>(?:Table|Figure|Chart|Exhibit)[ \t]++(?:\d{1,3}(?:\.\d{1,3})?[A-Za-z]?|[IVXLC]{1,6}))\b"
    r"[^\n]{0,300}$",
    re.I,
)
_NOTE_START_RE = re.compile(
    r"^[ \t]*+[*_]{0,2}[ \t]*+(?:notes?\b|sources?\b|\*|†|‡|¹|figures\b|percentages\b|totals\b|numbers\b|"
    r"all figures\b|data\b|base\b|excludes?\b|includes?\b|rounded\b|values\b|amounts\b)",
    re.I,
)
_ROUNDING_RE = re.compile(
    r"\bround(?:ed|ing)?\b|\bmay not (?:sum|add|total)\b|\bdo(?:es)? not (?:sum|add|total)\b"
    r"|\bmight not (?:sum|add)\b",
    re.I,
)
_SOURCE_RE = re.compile(r"^[ \t]*+[*_]{0,2}[ \t]*+sources?\b", re.I)
#: How many lines below a table are read as its notes, and how long one may be.
_MAX_NOTES = 3
_MAX_NOTE_CHARS = 400


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def find_caption(text: str, start: int, lookback: int = 2) -> tuple[str, tuple[int, int], str] | None:
    """A "Table 2: ..." line among the ``lookback`` non-blank lines above offset ``start``.

    Returns ``(caption text, span, label)`` or None.
    """
    pos = start
    seen = 0
    while pos > 0 and seen < lookback:
        line_end = pos - 1
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end]
        pos = line_start
        if not line.strip():
            continue
        seen += 1
        m = _CAPTION_RE.match(line)
        if m:
            stripped = line.strip()
            lead = len(line) - len(line.lstrip())
            caption = stripped.strip("*_").strip()
            return caption, (line_start + lead, line_start + lead + len(stripped)), m.group("label").strip()
    return None


def find_notes(text: str, end: int) -> tuple[TableNote, ...]:
    """The note lines right below a table that ends at offset ``end``.

    A note is one of the first few non-blank lines after the table that starts like a note
    ("Note:", "Source:", "*", "Figures ...", "Percentages ...") or says that figures are rounded
    or may not sum; the first line that is neither ends the notes.
    """
    notes: list[TableNote] = []
    pos = end
    n = len(text)
    while pos < n and len(notes) < _MAX_NOTES:
        if text[pos] == "\n":
            pos += 1
            continue
        line_end = text.find("\n", pos)
        if line_end == -1:
            line_end = n
        line = text[pos:line_end]
        stripped = line.strip()
        if not stripped:
            pos = line_end + 1
            continue
        if len(stripped) > _MAX_NOTE_CHARS or stripped.startswith("|"):
            break
        rounding = _ROUNDING_RE.search(stripped) is not None
        if not (rounding or _NOTE_START_RE.match(stripped)):
            break
        lead = len(line) - len(line.lstrip())
        kind = "rounding" if rounding else "source" if _SOURCE_RE.match(stripped) else "note"
        notes.append(TableNote(pos + lead, pos + lead + len(stripped), stripped.strip("*_ "), kind))
        pos = line_end + 1
    return tuple(notes)


# ---- building a table from its cells ---------------------------------------------------------

@dataclass
class _Raw:
    row: int
    col: int
    start: int
    end: int
    text: str
    header: bool
    strong: bool
    row_span: int = 1
    col_span: int = 1


class TableBuilder:
    """Collects a table's cells as a reader meets them, then works out its headers and hints.

    Readers call :meth:`add` for each cell (grid position, span in the text, clean text) and
    :meth:`build` once; header columns, row and column header texts, values and scale hints
    are derived the same way for every format.
    """

    def __init__(self, source: str, page: int = 0) -> None:
        self.source = source
        self.page = page
        self._cells: list[_Raw] = []

    def add(self, row: int, col: int, start: int, end: int, text: str, *, header: bool = False,
            strong: bool = False, row_span: int = 1, col_span: int = 1) -> None:
        """Record one cell (``header``: a header cell by markup, such as ``<th>``)."""
        self._cells.append(_Raw(row, col, start, end, " ".join(text.split()), header, strong,
                                max(1, row_span), max(1, col_span)))

    def __len__(self) -> int:
        return len(self._cells)

    def build(self, text: str, *, header_rows: int | None = None, header_cols: int | None = None,
              caption: tuple[str, tuple[int, int] | None, str] | None = None,
              notes: Sequence[TableNote] | None = None) -> Table | None:
        """The finished :class:`Table` (None when no cell has any text).

        ``header_rows`` defaults to the leading rows whose every cell is a header by markup,
        or else 1; ``header_cols`` to 1 when the first column holds labels where the other
        columns hold figures (or is marked up as headers). ``caption`` (text, span, label) and
        ``notes`` default to what :func:`find_caption` and :func:`find_notes` find in ``text``
        around the table.
        """
        cells = sorted(self._cells, key=lambda c: (c.row, c.col))
        if not any(c.text for c in cells):
            return None
        rows = max(c.row + c.row_span for c in cells)
        cols = max(c.col + c.col_span for c in cells)
        values = {id(c): cell_value(c.text) for c in cells}
        if header_rows is None:
            header_rows = 0
            for r in range(rows):
                in_row = [c for c in cells if c.row == r]
                if in_row and all(c.header for c in in_row):
                    header_rows = r + 1
                else:
                    break
            if header_rows == 0:
                header_rows = 1 if rows > 1 else 0
        header_rows = min(header_rows, rows)
        body = [c for c in cells if c.row >= header_rows]
        if header_cols is None:
            header_cols = 0
            first = [c for c in body if c.col == 0 and c.text]
            others = [c for c in body if c.col > 0 and c.text]
            if cols > 1 and first:
                labels = sum(1 for c in first if values[id(c)] is None)
                figures = sum(1 for c in others if values[id(c)] is not None)
                marked = all(c.header for c in first)
                if marked or (labels * 2 > len(first) and (not others or figures * 2 >= len(others))):
                    header_cols = 1
        start = min(c.start for c in cells)
        end = max(c.end for c in cells)
        # the table's span runs from its first line's start to its last line's end
        start = _line_bounds(text, start)[0] if text else start
        end = _line_bounds(text, end)[1] if text else end

        col_head: dict[int, list[str]] = {}
        for c in cells:
            if c.row < header_rows and c.text:
                for k in range(c.col, c.col + c.col_span):
                    names = col_head.setdefault(k, [])
                    if c.text not in names:
                        names.append(c.text)
        row_head: dict[int, list[str]] = {}
        for c in cells:
            if c.col < header_cols and c.row >= header_rows and c.text:
                for k in range(c.row, c.row + c.row_span):
                    row_head.setdefault(k, []).append(_plain(c.text))
        out = []
        for c in cells:
            header = c.header or c.row < header_rows or c.col < header_cols
            out.append(TableCell(
                row=c.row, col=c.col, start=c.start, end=c.end, text=_plain(c.text),
                header=header, strong=c.strong, row_span=c.row_span, col_span=c.col_span,
                row_header=" / ".join(row_head.get(c.row, ())),
                col_header=" / ".join(_plain(t) for t in col_head.get(c.col, ())),
                value=None if header and c.row < header_rows else values[id(c)],
            ))
        col_scales = tuple(parse_scale(" ".join(col_head.get(k, ()))) if k >= header_cols else Scale()
                           for k in range(cols))
        row_scales = tuple(parse_scale(" ".join(row_head.get(r, ()))) if r >= header_rows else Scale()
                           for r in range(rows))
        if caption is None:
            caption = find_caption(text, start) if text else None
        if caption is None:
            caption = ("", None, "")
        if notes is None:
            notes = find_notes(text, end) if text else ()
        corner = " ".join(c.text for c in cells if c.row < header_rows and c.col < max(1, header_cols))
        table_scale = parse_scale(caption[0]).over(parse_scale(corner))
        for n in notes:
            # a note states a scale for the whole table ("All figures in £m"); a note about
            # rounded percentages says nothing about the other columns
            hint = parse_scale(n.text) if n.kind != "source" else Scale()
            if hint.currency is not None or hint.multiplier is not None:
                table_scale = table_scale.over(replace(hint, percent=False))
        return Table(
            start=start, end=end, rows=rows, cols=cols, cells=tuple(out),
            header_rows=header_rows, header_cols=header_cols,
            caption=caption[0], caption_span=caption[1], label=caption[2],
            notes=tuple(notes), scale=table_scale, col_scales=col_scales, row_scales=row_scales,
            page=self.page, source=self.source,
        )


_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\3(?![\w*])|`([^`]*)`")


def _plain(text: str) -> str:
    """Cell text without Markdown emphasis, code ticks and escapes."""
    if not any(ch in text for ch in "*_`\\"):
        return text
    prev = None
    while prev != text:
        prev = text
        text = _EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(4) or m.group(5) or "", text)
    return text.replace("\\|", "|").replace("\\*", "*").replace("\\_", "_").strip()


def _is_strong(raw: str) -> bool:
    s = raw.strip()
    return len(s) > 4 and ((s.startswith("**") and s.endswith("**")) or (s.startswith("__") and s.endswith("__")))


# ---- Markdown pipe tables --------------------------------------------------------------------

_DELIM_CELL_RE = re.compile(r"[ \t]*+:?-+:?[ \t]*+")
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)


def _split_row(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The ``[start, end)`` spans of a pipe row's cells (trimmed), escaped pipes kept."""
    line = text[start:end]
    # leading and trailing pipes are optional in GFM
    lo, hi = 0, len(line)
    while lo < hi and line[lo] in " \t":
        lo += 1
    while hi > lo and line[hi - 1] in " \t":
        hi -= 1
    if lo < hi and line[lo] == "|":
        lo += 1
    if hi > lo and line[hi - 1] == "|" and (hi - 2 < lo or line[hi - 2] != "\\"):
        hi -= 1
    spans = []
    cell_start = lo
    i = lo
    while i <= hi:
        if i == hi or (line[i] == "|" and (i == 0 or line[i - 1] != "\\")):
            s, e = cell_start, i
            while s < e and line[s] in " \t":
                s += 1
            while e > s and line[e - 1] in " \t":
                e -= 1
            spans.append((start + s, start + e))
            cell_start = i + 1
        i += 1
    return spans


def _is_delimiter(text: str, start: int, end: int) -> int:
    """How many columns a delimiter row (``|---|:--:|``) has, or 0 if the line is not one."""
    line = text[start:end]
    if "-" not in line or "|" not in line:
        return 0
    parts = _split_row(text, start, end)
    for s, e in parts:
        if not _DELIM_CELL_RE.fullmatch(text[s:e] or "x"):
            return 0
    return len(parts)


def find_markdown_tables(text: str) -> tuple[Table, ...]:
    """Every GFM pipe table in ``text`` (outside fenced code), as :class:`Table` values.

    A table is a header row, a delimiter row with as many cells (``|---|---:|``), then the
    body rows up to the first blank line or line without a ``|``. One pass over the lines.
    """
    if "|" not in text or "-" not in text:
        return ()
    lines: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end == -1:
            end = n
        lines.append((pos, end))
        pos = end + 1
    tables: list[Table] = []
    fence: str | None = None
    i = 1
    while i < len(lines):
        s, e = lines[i]
        m = _FENCE_RE.match(text, s, e)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            i += 1
            continue
        if fence is not None:
            i += 1
            continue
        hs, he = lines[i - 1]
        ncols = _is_delimiter(text, s, e)
        if not ncols or "|" not in text[hs:he]:
            i += 1
            continue
        header = _split_row(text, hs, he)
        if len(header) != ncols:
            i += 1
            continue
        builder = TableBuilder("markdown")
        for col, (cs, ce) in enumerate(header):
            raw = text[cs:ce]
            builder.add(0, col, cs, ce, raw, header=True, strong=_is_strong(raw))
        row = 1
        j = i + 1
        while j < len(lines):
            bs, be = lines[j]
            body = text[bs:be]
            if not body.strip() or "|" not in body:
                break
            for col, (cs, ce) in enumerate(_split_row(text, bs, be)[:ncols]):
                raw = text[cs:ce]
                builder.add(row, col, cs, ce, raw, strong=_is_strong(raw))
            row += 1
            j += 1
        table = builder.build(text, header_rows=1)
        if table is not None:
            tables.append(table)
        i = j + 1
    return tuple(tables)


# ---- HTML tables, located in the text extracted from the page --------------------------------

#: How far past the previous cell the next cell of an HTML table is looked for in the text.
_CELL_WINDOW = 600


def find_html_tables(source: str, text: str) -> tuple[Table, ...]:
    """The ``<table>`` elements of an HTML page whose cells appear in ``text`` (its extract).

    The structure (``<th>``, ``<thead>``, ``colspan``/``rowspan``, ``<caption>``) comes from the
    page; each cell is then located in the extracted text, in order, so its span is where its
    figures are. A table the extractor left out (navigation, a sidebar) is not found in the
    text and is skipped. Tables nested in a cell are read as that cell's text.
    """
    if "<table" not in source.lower() or not text:
        return ()
    try:
        import lxml.html
    except ImportError:  # pragma: no cover - lxml comes with trafilatura
        return ()
    try:
        root = lxml.html.document_fromstring(source)
    except Exception:  # noqa: BLE001 - hostile markup: no tables rather than no document
        return ()
    tables: list[Table] = []
    cursor = 0
    for el in root.iter("table"):
        if any(a.tag == "table" for a in el.iterancestors()):
            continue
        found = _locate_html_table(el, text, cursor)
        if found is not None:
            tables.append(found)
            cursor = found.end
    return tuple(tables)


def _norm(s: str) -> str:
    return " ".join(s.split())


def _text_pattern(s: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(w) for w in s.split()))


def _locate_html_table(el, text: str, cursor: int) -> Table | None:
    rows = [tr for tr in el.iter("tr") if _owner_table(tr) is el]
    if not rows:
        return None
    grid: dict[tuple[int, int], bool] = {}
    raw_cells = []
    for r, tr in enumerate(rows):
        c = 0
        in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while grid.get((r, c)):
                c += 1
            rs = _span_attr(td, "rowspan")
            cs = _span_attr(td, "colspan")
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = True
            content = _norm(td.text_content())
            strong = bool(content) and all(
                _norm(b.text_content()) == content for b in td.iter("b", "strong")
            ) and any(True for _ in td.iter("b", "strong"))
            raw_cells.append((r, c, content, td.tag == "th" or in_head, strong, rs, cs))
            c += cs
    caption_el = el.find("caption")
    caption_text = _norm(caption_el.text_content()) if caption_el is not None else ""
    pos = cursor
    caption_span = None
    if caption_text:
        m = _text_pattern(caption_text).search(text, pos)
        if m and m.start() - pos < 4 * _CELL_WINDOW:
            caption_span = (m.start(), m.end())
            pos = m.end()
    builder = TableBuilder("html")
    wanted = sum(1 for cell in raw_cells if cell[2])
    found = 0
    first = True
    for r, c, content, is_th, strong, rs, cs in raw_cells:
        if not content:
            builder.add(r, c, pos, pos, "", header=is_th, row_span=rs, col_span=cs)
            continue
        m = _text_pattern(content).search(text, pos, len(text) if first else pos + _CELL_WINDOW + len(content))
        if m is None:
            continue
        if first and caption_span is None and m.start() - cursor > 20 * _CELL_WINDOW:
            return None
        first = False
        found += 1
        builder.add(r, c, m.start(), m.end(), content, header=is_th, strong=strong, row_span=rs, col_span=cs)
        pos = m.end()
    # most cells must be there, in order, or this is not the table the text holds
    if wanted == 0 or found * 10 < wanted * 8:
        return None
    caption = None
    if caption_text:
        label = _LABEL_RE.match(caption_text)
        caption = (caption_text, caption_span, label.group(0) if label else "")
    # a label column marked up as <th> in every body row is a header column
    body_first = [cell for cell in raw_cells if cell[1] == 0 and cell[0] > 0 and cell[2]]
    explicit_cols = 1 if body_first and all(cell[3] for cell in body_first) else None
    table = builder.build(text, header_cols=explicit_cols, caption=caption)
    return table


_LABEL_RE = re.compile(r"(?:Table|Figure|Chart|Exhibit)\s++(?:\d{1,3}(?:\.\d{1,3})?[A-Za-z]?|[IVXLC]{1,6})\b", re.I)


def _owner_table(tr):
    for a in tr.iterancestors():
        if a.tag == "table":
            return a
    return None


def _span_attr(td, name: str) -> int:
    try:
        return max(1, min(int(td.get(name, "1")), 1000))
    except ValueError:
        return 1


# ---- offset lookup over a document's tables --------------------------------------------------

def cell_at(tables: Sequence[Table], offset: int) -> tuple[Table, TableCell] | None:
    """The table and cell whose span contains ``offset``, among ``tables`` sorted by start."""
    starts = [t.start for t in tables]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    t = tables[i]
    c = t.cell_at(offset)
    return (t, c) if c is not None else None


def merge_tables(*groups: Iterable[Table]) -> tuple[Table, ...]:
    """Tables from several finders, sorted by start, dropping any that overlap an earlier one."""
    out: list[Table] = []
    for t in sorted((t for g in groups for t in g), key=lambda t: (t.start, -t.end)):
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return tuple(out)
