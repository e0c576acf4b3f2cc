"""Word (.docx) files: paragraphs, headings, tables, text boxes and footnotes, via python-docx.

python-docx opens the package and parses its XML (safely: no entity resolution, no network);
the text is read here from the XML itself, because python-docx's ``Paragraph.text`` skips the
runs of tracked insertions. What is read, in document order:

- **paragraphs and headings** of the body, including those inside content controls
  (``w:sdt``); a paragraph styled Title, or a first paragraph styled Heading 1, is the title;
- **tracked changes as the final text**: insertions (``w:ins``, ``w:moveTo``) are read,
  deletions (``w:del``, ``w:delText``, ``w:moveFrom``) are not;
- **tables**, one line per row with cells between ``|`` (as in a Markdown pipe table), each
  recorded as a :class:`~numcheck.ingest.tables.Table`; merged cells (``gridSpan``,
  ``vMerge``) appear once with their span, and rows marked "repeat as header row" are the
  header rows;
- **text boxes** (``w:txbxContent``), as paragraphs after the paragraph that anchors them; the
  VML fallback copy Word stores beside each DrawingML text box is skipped;
- **footnotes and endnotes**, after the body, in the order they are referenced.

Comments are ignored, and so are field codes (the field's displayed result is read), page
headers and footers. Line breaks and tabs inside a paragraph read as spaces, so every
paragraph is one line of the text: the line number of a DOCX location is its **paragraph
number**, counting the non-empty paragraphs, table rows, text-box and footnote paragraphs in
the order above.

Limits: before python-docx sees the file, the ZIP archive's directory is checked: at most
10,000 parts, and together at most 8 × the size limit when unpacked (a ZIP bomb is refused
without unpacking it); zipfile itself never unpacks more than a part's declared size. The
extracted text may not be larger than the size limit.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import dataclass

from numcheck.ingest.errors import InputError, input_error
from numcheck.ingest.tables import Table, TableBuilder
from numcheck.limits import BudgetExceeded, Limits, format_bytes, time_budget

__all__ = ["DocxExtract", "read_docx", "MAX_PARTS", "MAX_EXPANSION_FACTOR"]

#: A DOCX archive may hold at most this many parts.
MAX_PARTS = 10_000
#: Its parts together may unpack to at most this many times the size limit.
MAX_EXPANSION_FACTOR = 8

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"

# subtrees whose text is not the document's final text, or is read elsewhere
_SKIP = {_W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "instrText", _W + "delText",
         _W + "delInstrText", _MC + "Fallback", _W + "footnoteRef", _W + "endnoteRef",
         _W + "commentReference", _W + "annotationRef"}
_CONTAINERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo",
               _W + "smartTag"}


@dataclass(frozen=True, slots=True)
class DocxExtract:
    """What came out of a DOCX: text (one paragraph per line), title, date and tables."""

    text: str
    title_span: tuple[int, int] | None
    title: str | None
    date: _dt.date | None
    tables: tuple[Table, ...]
    boilerplate: tuple[tuple[int, int], ...] = ()
    source_map: tuple[tuple[int, int, int], ...] = ()
    pages: tuple[int, ...] = ()


def read_docx(data: bytes, path: str, max_bytes: int | None = None) -> DocxExtract:
    """The text, title, tables and core-properties date of the DOCX in ``data``.

    Raises :class:`~numcheck.ingest.errors.InputError` with one clear line for a file that is
    not a ZIP archive or not a Word document, a ZIP bomb, damaged XML, text over the size
    limit, or a read that overruns the per-document time budget.
    """
    limits = Limits.resolve()
    max_bytes = limits.max_bytes if max_bytes is None else max_bytes
    _check_archive(data, path, max_bytes)
    try:
        import docx
    except ImportError as exc:
        raise input_error(path, f"cannot read DOCX: python-docx is not importable ({exc}); "
                                "install numcheck with its dependencies (pip install numcheck)") from None
    try:
        with time_budget(limits.doc_timeout, "reading"):
            try:
                document = docx.Document(io.BytesIO(data))
            except Exception as exc:  # noqa: BLE001 - python-docx/lxml/zipfile raise many types
                detail = " ".join(str(exc).split())[:120]
                raise input_error(path, f"not a readable DOCX ({type(exc).__name__}"
                                        f"{': ' + detail if detail else ''})") from None
            return _read(document, path, max_bytes)
    except BudgetExceeded as exc:
        from numcheck.model import Problem

        raise InputError(Problem(path, f"reading took longer than the {exc.seconds:g} s per-document "
                                       "time budget; skipped (raise it with --timeout-per-doc or "
                                       "NUMCHECK_DOC_TIMEOUT)", kind="limit")) from None
    except InputError:
        raise
    except RecursionError:
        raise input_error(path, "not a readable DOCX (its XML nests too deeply)") from None
    except Exception as exc:  # noqa: BLE001 - damaged parts surface while reading them
        detail = " ".join(str(exc).split())[:120]
        raise input_error(path, f"not a readable DOCX ({type(exc).__name__}"
                                f"{': ' + detail if detail else ''})") from None


def _check_archive(data: bytes, path: str, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise input_error(path, "not a DOCX file (not a ZIP archive)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise input_error(path, f"DOCX refused: its archive holds {len(infos):,} parts, over the "
                                    f"{MAX_PARTS:,}-part limit (a ZIP bomb?)")
        total = sum(max(0, i.file_size) for i in infos)
        limit = MAX_EXPANSION_FACTOR * max_bytes
        if total > limit:
            raise input_error(path, f"DOCX refused: its parts unpack to {format_bytes(total)}, over the "
                                    f"{format_bytes(limit)} limit ({MAX_EXPANSION_FACTOR} x max_bytes; "
                                    "a ZIP bomb?)")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names and not any(n.endswith("/document.xml") for n in names):
            raise input_error(path, "not a Word document (the archive has no word/document.xml)")


class _Writer:
    def __init__(self, max_bytes: int, path: str) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.builders: list[tuple[TableBuilder, int | None]] = []
        self.max_bytes = max_bytes
        self.path = path

    def write(self, s: str) -> int:
        at = self.length
        self.parts.append(s)
        self.length += len(s)
        if self.length > self.max_bytes:
            raise input_error(self.path, f"the text of this DOCX is over the {format_bytes(self.max_bytes)} "
                                         f"limit (max_bytes={self.max_bytes})")
        return at

    def line(self, text: str) -> tuple[int, int]:
        start = self.write(text)
        self.write("\n")
        return start, start + len(text)


def _read(document, path: str, max_bytes: int) -> DocxExtract:
    w = _Writer(max_bytes, path)
    notes_order: list[tuple[str, str]] = []
    title_span = None
    first = True
    for kind, el in _blocks(document.element.body):
        if kind == "tbl":
            _table(el, w, notes_order)
            first = False
            continue
        text, boxes = _paragraph(el, notes_order)
        if text:
            span = w.line(text)
            style = _style(el)
            if title_span is None and (style == "Title" or (first and style in ("Heading1", "Heading 1"))):
                title_span = span
            first = False
        for box in boxes:
            _container(box, w, notes_order)
    found: dict[str, dict] = {}
    for kind, note_id in list(dict.fromkeys(notes_order)):
        if kind not in found:
            found[kind] = _notes(document, kind)
        note = found[kind].get(note_id)
        if note is not None:
            _container(note, w, [])
    text = "".join(w.parts)
    tables = []
    for builder, header_rows in w.builders:
        t = builder.build(text, header_rows=header_rows)
        if t is not None:
            tables.append(t)
    props = document.core_properties
    stamp = props.modified or props.created
    date = stamp.date() if isinstance(stamp, _dt.datetime) else None
    title = (props.title or "").strip() or (text[title_span[0]:title_span[1]] if title_span else None)
    return DocxExtract(text=text, title_span=title_span, title=title or None, date=date, tables=tuple(tables))


def _blocks(container):
    """``("p" | "tbl", element)`` for the block-level content of a body, cell or text box."""
    stack = [iter(container)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag == _W + "p":
                yield "p", child
            elif tag == _W + "tbl":
                yield "tbl", child
            elif tag in _CONTAINERS:
                stack.append(iter(child))
                break
        else:
            stack.pop()


def _style(p) -> str:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return ""
    st = ppr.find(_W + "pStyle")
    return st.get(_W + "val", "") if st is not None else ""


def _paragraph(p, notes_order: list) -> tuple[str, list]:
    """A paragraph's final text (spaces for tabs and breaks), and its text boxes."""
    out: list[str] = []
    boxes: list = []
    stack = [iter(p)]
    while stack:
        for el in stack[-1]:
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "txbxContent":
                boxes.append(el)
                continue
            if tag == _W + "t":
                out.append(el.text or "")
            elif tag in (_W + "tab", _W + "br", _W + "cr", _W + "ptab"):
                out.append(" ")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "footnoteReference":
                notes_order.append(("footnote", el.get(_W + "id", "")))
            elif tag == _W + "endnoteReference":
                notes_order.append(("endnote", el.get(_W + "id", "")))
            if len(el):
                stack.append(iter(el))
                break
        else:
            stack.pop()
    return " ".join("".join(out).split()), boxes


def _container(el, w: _Writer, notes_order: list) -> None:
    for kind, child in _blocks(el):
        if kind == "tbl":
            _table(child, w, notes_order)
            continue
        text, boxes = _paragraph(child, notes_order)
        if text:
            w.line(text)
        for box in boxes:
            _container(box, w, notes_order)


def _is_bold(p) -> bool:
    runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    if not runs:
        return False
    for r in runs:
        rpr = r.find(_W + "rPr")
        b = rpr.find(_W + "b") if rpr is not None else None
        if b is None or b.get(_W + "val", "true") in ("0", "false", "off"):
            return False
    return True


def _table(tbl, w: _Writer, notes_order: list) -> None:
    """One table: its rows as lines, its cells recorded (merged cells once, with their span)."""
    grid: list[list[dict]] = []
    header_rows = 0
    counting_headers = True
    for tr in tbl.iter(_W + "tr"):
        if _nearest_table(tr) is not tbl:
            continue
        trpr = tr.find(_W + "trPr")
        is_header = trpr is not None and trpr.find(_W + "tblHeader") is not None
        if counting_headers and is_header:
            header_rows += 1
        else:
            counting_headers = False
        row: list[dict] = []
        col = 0
        for tc in tr:
            if tc.tag != _W + "tc":
                continue
            tcpr = tc.find(_W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, min(int(gs.get(_W + "val", "1")), 64))
                    except ValueError:
                        span = 1
                vm = tcpr.find(_W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(_W + "val", "continue")
            texts, bold = [], True
            any_text = False
            for kind, block in _blocks(tc):
                if kind == "p":
                    t, _ = _paragraph(block, notes_order)
                    if t:
                        texts.append(t)
                        any_text = True
                        bold = bold and _is_bold(block)
                else:  # a table inside the cell: its text, flattened
                    for p in block.iter(_W + "p"):
                        t, _ = _paragraph(p, notes_order)
                        if t:
                            texts.append(t)
                            any_text = True
            row.append({"col": col, "span": span, "vmerge": vmerge, "text": " ".join(texts),
                        "bold": bold and any_text, "rows": 1})
            col += span
        grid.append(row)
    # a vMerge "continue" cell extends the cell above it in the same column
    origins: dict[int, dict] = {}
    for row in grid:
        for cell in row:
            if cell["vmerge"] == "continue" and cell["col"] in origins:
                origins[cell["col"]]["rows"] += 1
                cell["merged"] = True
            else:
                origins[cell["col"]] = cell
    builder = TableBuilder("docx")
    for r, row in enumerate(grid):
        w.write("|")
        for cell in row:
            w.write(" ")
            if cell.get("merged"):
                w.write(" |")
                continue
            at = w.write(cell["text"])
            builder.add(r, cell["col"], at, at + len(cell["text"]), cell["text"], strong=cell["bold"],
                        row_span=cell["rows"], col_span=cell["span"])
            w.write(" |")
        w.write("\n")
    if len(builder):
        w.builders.append((builder, header_rows or None))


def _nearest_table(tr):
    for a in tr.iterancestors():
        if a.tag == _W + "tbl":
            return a
    return None


def _notes(document, kind: str) -> dict:
    """Footnote or endnote id → its element (separators left out)."""
    found: dict = {}
    reltype = _FOOTNOTES if kind == "footnote" else _ENDNOTES
    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        root = _parse(rel.target_part)
        if root is None:
            continue
        for note in root.iter(_W + kind):
            if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            found[note.get(_W + "id", "")] = note
    return found


def _parse(part):
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(part.blob, parser)
    except etree.XMLSyntaxError:
        return None
