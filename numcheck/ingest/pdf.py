"""PDF files: text in reading order, with pages, lines, tables and boilerplate, via pdfplumber.

pdfplumber (MIT, on pdfminer.six) gives every character with its position, font and size; the
reading order is rebuilt here:

- **Lines** are words whose boxes overlap vertically. Superscript footnote markers (smaller and
  raised above the line's baseline, "million¹") are dropped, so they do not glue onto figures.
- **Running headers, footers and page numbers**: lines in the top or bottom 8% of a page whose
  text (digits ignored) recurs on other pages, or that are a bare page number ("7", "Page 3 of
  12", "– 4 –"), are boilerplate. Each stays in the text, on a line of its own, at the start or
  end of its page, and is marked as a boilerplate block.
- **Columns**: a page's gutter is a vertical strip in its middle that (almost) no line crosses,
  with text on both sides. Runs of lines that do not cross it are read column by column (the
  left column top to bottom, then the right); a line that crosses it (a title, a full-width
  table or footnote) is read where it stands.
- **Paragraphs**: lines of one column join into a paragraph (one line of text per paragraph, as
  in the plain-text format) unless the gap above, a font change, a first-line indent or a short
  line ending a sentence says a new one starts; a paragraph may run on from one column into
  the next when the first does not end a sentence and the next line starts in lower case.
- **Hyphenation** at line ends is rejoined: "re-" + "cord" reads "record", unless the document
  elsewhere writes the hyphenated form ("long-term") and never the joined one; a hyphen next
  to a digit ("2024-" + "25") is kept.
- **Tables** are pdfplumber's ruled tables (its default "lines" strategy; at least 2 × 2
  cells). Each is written as one line per row, cells between ``|``, and recorded as a
  :class:`~numcheck.ingest.tables.Table` with its page. Unruled tables read as text.

Locations: ``Document.pages`` holds the offset where each page's text starts, and the source
map gives each offset its line on its page (1-based, in the reading order above) and column.

Limits: the whole read runs under the per-document time budget (pdfminer is pure Python, so
the budget interrupts it anywhere); each compressed stream may expand to at most 8 × the size
limit (a "Flate bomb" is refused, not decompressed), and the extracted text may not be larger
than the size limit. Encrypted files that need a password, files that are not PDFs or are
damaged beyond pdfminer's repair, and scans without a text layer each end in one clear error.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import statistics
import zlib
from dataclasses import dataclass, field

from numcheck.ingest.dates import parse_date
from numcheck.ingest.errors import InputError, input_error
from numcheck.ingest.tables import Table, TableBuilder
from numcheck.limits import BudgetExceeded, Limits, format_bytes, time_budget

__all__ = ["PdfExtract", "read_pdf", "MAX_STREAM_FACTOR"]

#: A compressed stream may expand to at most this many times the size limit.
MAX_STREAM_FACTOR = 8

#: Top and bottom share of a page where running headers and footers are looked for.
_EDGE = 0.08

_PAGE_NUMBER_RE = re.compile(
    r"(?:page|p\.|pg\.?)?[ \t]*+[-–—]?[ \t]*+\d{1,4}[ \t]*+(?:(?:of|/)[ \t]*+\d{1,4})?[ \t]*+[-–—]?",
    re.I,
)
_TERMINAL = tuple('.!?:;"”’)')
_SUPERSCRIPT_TEXT_RE = re.compile(r"[0-9*†‡§¶a-z,]{1,4}")
_DATE_RE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_XMP_DATE_RE = re.compile(
    r"<xmp:(?:CreateDate|ModifyDate)>[ \t\n]*+(\d{4}-\d{2}-\d{2})|xmp:(?:CreateDate|ModifyDate)=[\"'](\d{4}-\d{2}-\d{2})"
)
_PLACEHOLDER_TITLES = {"", "untitled", "anonymous", "microsoft word", "document", "title"}


@dataclass(frozen=True, slots=True)
class PdfExtract:
    """What came out of a PDF: text, page starts, source map, blocks, tables and metadata."""

    text: str
    pages: tuple[int, ...]
    source_map: tuple[tuple[int, int, int], ...]
    boilerplate: tuple[tuple[int, int], ...]
    title_span: tuple[int, int] | None
    title: str | None
    date: _dt.date | None
    tables: tuple[Table, ...]


# ---- bounded decompression -------------------------------------------------------------------

class StreamTooLarge(Exception):
    """A compressed stream that would expand past the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a compressed stream expands past {format_bytes(limit)}")
        self.limit = limit


class _BoundedDecompressor:
    def __init__(self, limit: int) -> None:
        self._d = zlib.decompressobj()
        self._limit = limit
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._limit - self._out + 1
        out = self._d.decompress(data, room if not max_length else min(max_length, room))
        self._out += len(out)
        if self._out > self._limit:
            raise StreamTooLarge(self._limit)
        return out

    def flush(self, *args) -> bytes:
        return self._d.flush(*args)

    def __getattr__(self, name):
        return getattr(self._d, name)


class _BoundedZlib:
    """The part of :mod:`zlib` that pdfminer uses, with every stream's output capped.

    pdfminer inflates each stream with ``zlib.decompress``, whose output is unbounded: a 20 MB
    file of zeros, compressed, would expand to 20 GB. This stand-in stops at the cap and raises
    :class:`StreamTooLarge`, which is not a ``zlib.error``, so pdfminer's fallback for damaged
    streams does not catch it.
    """

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    def __init__(self) -> None:
        self.limit = MAX_STREAM_FACTOR * Limits().max_bytes

    def decompress(self, data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
        d = zlib.decompressobj(wbits)
        out = d.decompress(data, self.limit + 1)
        if len(out) > self.limit or (d.unconsumed_tail and not d.eof):
            raise StreamTooLarge(self.limit)
        if not d.eof:
            # what zlib.decompress says of a truncated stream, so pdfminer's repair path runs
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args, **kwargs) -> _BoundedDecompressor:
        return _BoundedDecompressor(self.limit)

    def __getattr__(self, name):
        return getattr(zlib, name)


_ZLIB = _BoundedZlib()


def _install_bounded_zlib(limit: int) -> None:
    import pdfminer.pdftypes

    _ZLIB.limit = limit
    if pdfminer.pdftypes.zlib is not _ZLIB:
        pdfminer.pdftypes.zlib = _ZLIB


# ---- reading ---------------------------------------------------------------------------------

def read_pdf(data: bytes, path: str, max_bytes: int | None = None) -> PdfExtract:
    """The text, pages, tables and metadata of the PDF in ``data``.

    Raises :class:`~numcheck.ingest.errors.InputError` with one clear line for a file that is
    not a PDF, is damaged, needs a password, has no text layer (a scan), expands past the
    limits, or takes longer than the per-document time budget to read.
    """
    limits = Limits.resolve()
    max_bytes = limits.max_bytes if max_bytes is None else max_bytes
    if b"%PDF-" not in data[:1024]:
        raise input_error(path, "not a PDF file (no %PDF- header in its first 1024 bytes)")
    try:
        import pdfplumber
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:
        raise input_error(path, f"cannot read PDF: pdfplumber is not importable ({exc}); "
                                "install numcheck with its dependencies (pip install numcheck)") from None
    _install_bounded_zlib(MAX_STREAM_FACTOR * max_bytes)
    try:
        with time_budget(limits.doc_timeout, "reading") as budget:
            return _read(pdfplumber, PdfminerException, data, path, max_bytes, budget)
    except BudgetExceeded as exc:
        raise InputError(_limit_problem(path, exc)) from None
    except InputError:
        raise
    except StreamTooLarge as exc:
        raise input_error(path, f"PDF refused: {exc} (a compression bomb?); the limit is "
                                f"{MAX_STREAM_FACTOR} x max_bytes") from None
    except RecursionError:
        raise input_error(path, "not a readable PDF (its objects nest too deeply)") from None
    except MemoryError:
        raise input_error(path, "not a readable PDF (reading it ran out of memory)") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged files
        raise _damaged(path, exc) from None


def _limit_problem(path: str, exc: BudgetExceeded):
    from numcheck.model import Problem

    return Problem(path, f"reading took longer than the {exc.seconds:g} s per-document time "
                         "budget; skipped (raise it with --timeout-per-doc or NUMCHECK_DOC_TIMEOUT)",
                   kind="limit")


def _cause(exc: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's exceptions in PdfminerException(original)
    seen = 0
    while seen < 5:
        seen += 1
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        inner = inner or exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


def _damaged(path: str, exc: BaseException) -> InputError:
    cause = _cause(exc)
    if isinstance(cause, StreamTooLarge):
        return input_error(path, f"PDF refused: {cause} (a compression bomb?); the limit is "
                                 f"{MAX_STREAM_FACTOR} x max_bytes")
    name = type(cause).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return input_error(path, "encrypted PDF: it needs a password to open, which numcheck does "
                                 "not take; save an unencrypted copy")
    detail = " ".join(str(cause).split())[:120]
    return input_error(path, f"not a readable PDF (damaged or truncated: {name}"
                             f"{': ' + detail if detail else ''})")


@dataclass
class _Line:
    """A visual line: one column's part of a row of words, or a row that spans the page."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    text: str
    kind: str = "body"  # body | header | footer


@dataclass
class _TableItem:
    x0: float
    x1: float
    top: float
    bottom: float
    rows: list[list[tuple[str, bool] | None]]


@dataclass
class _Page:
    number: int
    height: float
    width: float
    rows: list[_Line] = field(default_factory=list)  # full rows (for header/footer finding)
    words: list[list[dict]] = field(default_factory=list)  # the words of each row
    tables: list[_TableItem] = field(default_factory=list)
    images: int = 0


def _read(pdfplumber, PdfminerException, data: bytes, path: str, max_bytes: int, budget) -> PdfExtract:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _damaged(path, exc) from None
    with pdf:
        metadata = dict(pdf.metadata or {})
        try:
            page_list = pdf.pages
        except PdfminerException as exc:
            raise _damaged(path, exc) from None
        if not page_list:
            raise input_error(path, "not a readable PDF (it has no pages)")
        pages: list[_Page] = []
        chars = 0
        for page in page_list:
            p = _read_page(page)
            chars += sum(len(r.text) + 1 for r in p.rows)
            chars += sum(len(c[0]) + 3 for t in p.tables for row in t.rows for c in row if c)
            if chars > max_bytes:
                raise input_error(path, f"the text of this PDF is over the {format_bytes(max_bytes)} "
                                        f"limit (max_bytes={max_bytes}) by page {p.number}")
            pages.append(p)
            page.close()  # drop pdfplumber's per-page caches: long reports stay in bounded memory
            budget.check()
        date = _metadata_date(metadata) or _xmp_date(pdf)
    if not any(p.rows or p.tables for p in pages):
        images = sum(p.images for p in pages)
        if images:
            raise input_error(path, f"no text layer: the PDF's {_n(len(pages), 'page')} hold only "
                                    "images (a scan?); run OCR on it first")
        raise input_error(path, f"no text: the PDF's {_n(len(pages), 'page')} hold no characters")
    _mark_boilerplate(pages)
    ordered = [_order_page(p) for p in pages]
    budget.check()
    return _emit(pages, ordered, metadata, date)


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _read_page(page) -> _Page:
    out = _Page(number=page.page_number, height=float(page.height), width=float(page.width))
    try:
        found = [t for t in page.find_tables() if _table_shape_ok(t)]
    except Exception:  # noqa: BLE001 - a table finder failure leaves the text readable
        found = []
    boxes = []
    for t in found:
        item = _table_item(page, t)
        if item is not None:
            out.tables.append(item)
            boxes.append((item.x0, item.top, item.x1, item.bottom))
    # x_tolerance 1.5 rather than pdfplumber's 3: a footnote number set 2 pt before its text
    # ("1 Provisional figure") is two words; PDFs that draw no space glyphs still space words
    # wider than that
    words = page.extract_words(x_tolerance=1.5, extra_attrs=["size", "fontname"], keep_blank_chars=False)
    if boxes:
        words = [w for w in words if not any(_inside(w, b) for b in boxes)]
    out.images = len(page.images) if not words else 0
    for row in _rows(words):
        line = _line(row)
        if line is not None:
            out.rows.append(line)
            out.words.append(row)
    return out


def _table_shape_ok(t) -> bool:
    try:
        rows = t.rows
    except Exception:  # noqa: BLE001
        return False
    return len(rows) >= 2 and max((len(r.cells) for r in rows), default=0) >= 2


def _inside(w: dict, box) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _table_item(page, t) -> _TableItem | None:
    try:
        texts = t.extract()
        rows = t.rows
    except Exception:  # noqa: BLE001
        return None
    chars = page.chars
    x0, top, x1, bottom = t.bbox
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    out_rows: list[list[tuple[str, bool] | None]] = []
    for r, row in enumerate(rows):
        cells: list[tuple[str, bool] | None] = []
        for k, bbox in enumerate(row.cells):
            if bbox is None:
                cells.append(None)
                continue
            text = texts[r][k] if r < len(texts) and k < len(texts[r]) else ""
            text = " ".join((text or "").split())
            cx0, ctop, cx1, cbottom = bbox
            mine = [c for c in inside if cx0 <= (c["x0"] + c["x1"]) / 2 < cx1
                    and ctop <= (c["top"] + c["bottom"]) / 2 < cbottom and c["text"].strip()]
            bold = bool(mine) and all(_is_bold(c.get("fontname", "")) for c in mine)
            cells.append((text, bold))
        out_rows.append(cells)
    if not any(c and c[0] for row in out_rows for c in row):
        return None
    return _TableItem(float(x0), float(x1), float(top), float(bottom), out_rows)


def _is_bold(fontname: str) -> bool:
    f = fontname.lower()
    return "bold" in f or "black" in f or "heavy" in f or f.endswith(",b")


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows by vertical overlap (superscripts join the line they sit on)."""
    rows: list[list[dict]] = []
    bounds: list[list[float]] = []
    for w in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        h = max(0.1, w["bottom"] - w["top"])
        placed = False
        # rows are sorted by bottom; only the last few can overlap this word
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = bounds[k]
            overlap = min(bottom, w["bottom"]) - max(top, w["top"])
            if overlap >= 0.4 * min(h, bottom - top):
                rows[k].append(w)
                bounds[k] = [min(top, w["top"]), max(bottom, w["bottom"])]
                placed = True
                break
        if not placed:
            rows.append([w])
            bounds.append([w["top"], w["bottom"]])
    for r in rows:
        r.sort(key=lambda w: w["x0"])
    rows.sort(key=lambda r: min(w["top"] for w in r))
    return rows


def _line(words: list[dict], kind: str = "body") -> _Line | None:
    """A visual line from its words, without superscript markers."""
    if not words:
        return None
    main = max(float(w.get("size") or 0) for w in words) or 10.0
    baseline = max(w["bottom"] for w in words if float(w.get("size") or 0) >= 0.9 * main)
    kept = []
    for w in words:
        size = float(w.get("size") or main)
        if (size <= 0.8 * main and w["bottom"] <= baseline - 0.2 * main
                and _SUPERSCRIPT_TEXT_RE.fullmatch(w["text"])):
            continue
        kept.append(w)
    if not kept:
        return None
    parts: list[str] = []
    prev = None
    dropped = {id(w) for w in words} - {id(w) for w in kept}
    after_drop = False
    for w in words:
        if id(w) in dropped:
            after_drop = prev is not None
            continue
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            # a dropped marker leaves a gap; punctuation after it still belongs to the word
            if gap > 0.15 * main and not (after_drop and w["text"][:1] in ",.;:!?)]"):
                parts.append(" ")
        parts.append(w["text"])
        prev = w
        after_drop = False
    text = "".join(parts).strip()
    if not text:
        return None
    sizes = [float(w.get("size") or main) for w in kept]
    return _Line(
        x0=min(w["x0"] for w in kept), x1=max(w["x1"] for w in kept),
        top=min(w["top"] for w in kept), bottom=max(w["bottom"] for w in kept),
        size=round(statistics.median(sizes), 1),
        bold=all(_is_bold(w.get("fontname", "")) for w in kept), text=text, kind=kind,
    )


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _mark_boilerplate(pages: list[_Page]) -> None:
    """Mark running headers, footers and page numbers (see the module docstring)."""
    counts: dict[tuple[str, str], int] = {}
    candidates: list[tuple[_Page, int, str]] = []
    for p in pages:
        for i, line in enumerate(p.rows):
            if line.bottom <= p.height * _EDGE:
                zone = "header"
            elif line.top >= p.height * (1 - _EDGE):
                zone = "footer"
            else:
                continue
            candidates.append((p, i, zone))
            key = (zone, _edge_key(line.text))
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, int(0.3 * len(pages) + 0.999))
    for p, i, zone in candidates:
        line = p.rows[i]
        repeated = len(pages) > 1 and counts.get((zone, _edge_key(line.text)), 0) >= needed
        if repeated or _PAGE_NUMBER_RE.fullmatch(line.text.strip()):
            line.kind = zone


# ---- reading order ---------------------------------------------------------------------------

@dataclass
class _Item:
    """One thing in reading order: a line or a table, in a column (0 spanning, 1 left, 2 right,
    3 footnotes below both columns while ordering)."""

    top: float
    column: int
    band: int
    line: _Line | None = None
    table: _TableItem | None = None


def _gutter(p: _Page, rows: list[tuple[_Line, list[dict]]]) -> tuple[float, float] | None:
    """The x-range of the page's column gutter, or None for a single-column page."""
    if len(rows) < 4:
        return None
    width = int(p.width) + 1
    covered = [0] * width
    for _, words in rows:
        seen = bytearray(width)
        for w in words:
            for x in range(max(0, int(w["x0"])), min(width, int(w["x1"]) + 1)):
                seen[x] = 1
        for x in range(width):
            covered[x] += seen[x]
    limit = max(1, int(0.1 * len(rows)))
    lo, hi = int(0.2 * width), int(0.8 * width)
    best = None
    x = lo
    while x < hi:
        if covered[x] <= limit:
            start = x
            while x < hi and covered[x] <= limit:
                x += 1
            if x - start >= 6 and (best is None or x - start > best[1] - best[0]):
                best = (start, x)
        x += 1
    if best is None:
        return None
    a, b = best
    left = sum(1 for _, ws in rows if any(w["x1"] <= a + 1 for w in ws))
    right = sum(1 for _, ws in rows if any(w["x0"] >= b - 1 for w in ws))
    if left < 0.2 * len(rows) or right < 0.2 * len(rows):
        return None
    return float(a), float(b)


def _order_page(p: _Page) -> tuple[list[_Line], list[_Item], list[_Line]]:
    """The page's header lines, body items in reading order, and footer lines."""
    header = [r for r in p.rows if r.kind == "header"]
    footer = [r for r in p.rows if r.kind == "footer"]
    body_rows = [(r, w) for r, w in zip(p.rows, p.words) if r.kind == "body"]
    gutter = _gutter(p, body_rows)
    items: list[_Item] = []
    if gutter is None:
        for r, _ in body_rows:
            items.append(_Item(r.top, 0, 0, line=r))
        for t in p.tables:
            items.append(_Item(t.top, 0, 0, table=t))
        items.sort(key=lambda it: it.top)
        return header, items, footer
    a, b = gutter
    mid = (a + b) / 2
    raw: list[_Item] = []
    sizes = [r.size for r, _ in body_rows]
    page_size = statistics.median(sizes) if sizes else 10.0
    normal_bottom = max((r.bottom for r, _ in body_rows if r.size > 0.9 * page_size), default=0.0)
    for r, words in body_rows:
        if r.size <= 0.9 * page_size and r.top > normal_bottom:
            # small print below both columns: footnotes, read after the columns
            raw.append(_Item(r.top, 3, 0, line=r))
            continue
        left = [w for w in words if (w["x0"] + w["x1"]) / 2 < mid]
        right = [w for w in words if (w["x0"] + w["x1"]) / 2 >= mid]
        crossing = any(w["x0"] < a + 1 and w["x1"] > b - 1 for w in words)
        if left and right and not crossing:
            # a word space, not a gutter, between the two halves: one line across the page
            crossing = right[0]["x0"] - left[-1]["x1"] < 0.9 * r.size
        if crossing:
            raw.append(_Item(r.top, 0, 0, line=r))
            continue
        for col, ws in ((1, left), (2, right)):
            line = _line(ws)
            if line is not None:
                raw.append(_Item(line.top, col, 0, line=line))
    for t in p.tables:
        if t.x0 < a + 1 and t.x1 > b - 1:
            raw.append(_Item(t.top, 0, 0, table=t))
        else:
            raw.append(_Item(t.top, 1 if (t.x0 + t.x1) / 2 < mid else 2, 0, table=t))
    raw.sort(key=lambda it: (it.top, it.column))
    # bands: a spanning item ends the column band above it; footnotes come last
    band = 0
    for it in raw:
        if it.column == 3:
            it.band, it.column = 1 << 20, 0
        elif it.column == 0:
            band += 1
            it.band = band
            band += 1
        else:
            it.band = band
    raw.sort(key=lambda it: (it.band, it.column, it.top))
    return header, raw, footer


# ---- writing the text ------------------------------------------------------------------------

class _Writer:
    """Builds the text with its page starts, line anchors, boilerplate spans and tables."""

    def __init__(self, vocab: set[str], hyphenated: set[str]) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pages: list[int] = []
        self.anchors: list[tuple[int, int, int]] = []
        self.boilerplate: list[tuple[int, int]] = []
        self.builders: list[TableBuilder] = []
        self.line_no = 0
        self.vocab = vocab
        self.hyphenated = hyphenated
        self.title_span: tuple[int, int] | None = None

    def write(self, s: str) -> int:
        at = self.length
        self.parts.append(s)
        self.length += len(s)
        return at

    def new_page(self) -> None:
        self.pages.append(self.length)
        self.line_no = 0

    def anchor(self) -> None:
        self.line_no += 1
        self.anchors.append((self.length, self.line_no, 1))

    def own_line(self, text: str) -> tuple[int, int]:
        self.anchor()
        start = self.write(text)
        self.write("\n")
        return start, start + len(text)

    def paragraph(self, lines: list[_Line]) -> tuple[int, int]:
        start = self.length
        prev = None
        for line in lines:
            text = line.text
            if prev is not None:
                joiner, text = self._join(prev, text)
                self.write(joiner)
            self.anchor()
            self.write(text)
            prev = self.parts[-1]
        end = self.length
        self.write("\n")
        return start, end

    def _join(self, prev: str, text: str) -> tuple[str, str]:
        if prev.endswith("\u00ad"):
            self._drop_last_char()
            return "", text
        if len(prev) >= 2 and prev[-1] in "-\u2010" and text:
            before, after = prev[-2], text[0]
            if before.isdigit() or after.isdigit():
                return "", text
            if before.isalpha() and after.islower():
                head = re.search(r"[^\W\d_]+$", prev[:-1])
                tail = re.match(r"[^\W\d_]+", text)
                if head and tail:
                    joined = (head.group(0) + tail.group(0)).lower()
                    dashed = f"{head.group(0)}-{tail.group(0)}".lower()
                    if dashed in self.hyphenated and joined not in self.vocab:
                        return "", text
                self._drop_last_char()
                return "", text
            return "", text
        return " ", text

    def _drop_last_char(self) -> None:
        last = self.parts[-1]
        self.parts[-1] = last[:-1]
        self.length -= 1

    def table(self, t: _TableItem, page: int) -> tuple[int, int]:
        builder = TableBuilder("pdf", page=page)
        start = self.length
        for r, row in enumerate(t.rows):
            self.anchor()
            self.write("|")
            for c, cell in enumerate(row):
                self.write(" ")
                if cell is None:
                    self.write(" |")
                    continue
                text, bold = cell
                at = self.write(text)
                builder.add(r, c, at, at + len(text), text, strong=bold)
                self.write(" |")
            self.write("\n")
        self.builders.append(builder)
        return start, self.length - 1


def _vocabulary(pages: list[_Page]) -> tuple[set[str], set[str]]:
    words: set[str] = set()
    hyphenated: set[str] = set()
    for p in pages:
        for r in p.rows:
            for tok in r.text.lower().split():
                tok = tok.strip(".,;:!?()[]\"'“”‘’")
                if "-" in tok[1:-1]:
                    hyphenated.add(tok)
                elif tok.isalpha():
                    words.add(tok)
    return words, hyphenated


def _continues(prev: _Line, cur: _Line, same_column: bool, col_left: float, col_right: float) -> bool:
    if prev.bold != cur.bold or abs(prev.size - cur.size) > 0.6:
        return False
    if not same_column:
        return not prev.text.endswith(_TERMINAL) and cur.text[:1].islower()
    gap = cur.top - prev.bottom
    if gap > 0.75 * prev.size or gap < -0.5 * prev.size:
        return False
    if cur.x0 - col_left > 1.2 * cur.size and prev.x0 - col_left <= 0.5 * cur.size:
        return False  # a first-line indent
    width = max(1.0, col_right - col_left)
    if prev.text.endswith(_TERMINAL) and prev.x1 < col_right - 0.25 * width:
        return False  # a short line that ends a sentence ends its paragraph
    return True


def _emit(pages: list[_Page], ordered, metadata: dict, date: _dt.date | None) -> PdfExtract:
    vocab, hyphenated = _vocabulary(pages)
    w = _Writer(vocab, hyphenated)
    body_sizes = [r.size for p in pages for r in p.rows if r.kind == "body"]
    body_size = statistics.median(body_sizes) if body_sizes else 10.0
    title_text = None
    for p, (header, items, footer) in zip(pages, ordered):
        w.new_page()
        for line in header:
            w.boilerplate.append(w.own_line(line.text))
        # column extents, for the paragraph rules
        extents: dict[tuple[int, int], tuple[float, float]] = {}
        for it in items:
            if it.line is not None:
                key = (it.band, it.column)
                lo, hi = extents.get(key, (it.line.x0, it.line.x1))
                extents[key] = (min(lo, it.line.x0), max(hi, it.line.x1))
        para: list[_Line] = []
        para_key = None
        first_para = True

        def flush() -> None:
            nonlocal para, first_para, title_text
            if not para:
                return
            span = w.paragraph(para)
            if (p.number == 1 and first_para and w.title_span is None and para[0].size >= 1.3 * body_size
                    and span[1] - span[0] <= 200):
                w.title_span = span
                title_text = " ".join(x.text for x in para)
            first_para = False
            para = []

        for it in items:
            if it.table is not None:
                flush()
                w.table(it.table, p.number)
                para_key = None
                first_para = False
                continue
            line = it.line
            key = (it.band, it.column)
            if para:
                lo, hi = extents.get(key, (line.x0, line.x1))
                if not _continues(para[-1], line, key == para_key, lo, hi):
                    flush()
            para.append(line)
            para_key = key
        flush()
        for line in footer:
            w.boilerplate.append(w.own_line(line.text))
    text = "".join(w.parts)
    tables = []
    for b in w.builders:
        t = b.build(text, header_rows=1)
        if t is not None:
            tables.append(t)
    meta_title = str(metadata.get("Title") or "").strip()
    title = meta_title if meta_title.lower() not in _PLACEHOLDER_TITLES else title_text
    return PdfExtract(
        text=text, pages=tuple(w.pages), source_map=tuple(w.anchors),
        boilerplate=tuple(w.boilerplate), title_span=w.title_span, title=title or None,
        date=date, tables=tuple(tables),
    )


# ---- metadata dates --------------------------------------------------------------------------

def _metadata_date(metadata: dict) -> _dt.date | None:
    for key in ("CreationDate", "ModDate"):
        value = metadata.get(key)
        if not value:
            continue
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        m = _DATE_RE.match(str(value).strip())
        if m and m.group(2) and m.group(3):
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _xmp_date(pdf) -> _dt.date | None:
    try:
        from pdfminer.pdftypes import resolve1

        meta = resolve1(pdf.doc.catalog.get("Metadata"))
        if meta is None:
            return None
        raw = meta.get_data()[:1_000_000].decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - XMP is optional; a broken packet is no date
        return None
    m = _XMP_DATE_RE.search(raw)
    if not m:
        return None
    return parse_date(m.group(1) or m.group(2))
