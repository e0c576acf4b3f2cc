"""Test documents built on the fly: PDFs with reportlab, DOCX files with python-docx.

Nothing binary is committed: each test builds the report it reads, in ``tmp_path``. The texts
are written for these tests (a district council's annual report), with every figure chosen so
that the tests know what a correct reading gives: the table sums, the page each figure is on,
and contradictions across pages: an 800-metre bridge on page 1 and 950 metres on page 3, and
(with a dateline on page 1) a clean-up "earlier this month", on March 2, "in 2024" on page 3
of a report dated March 2025.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

#: What every report built here says, for the assertions.
TITLE = "Annual performance report 2024-25"
HEADER = "Harrowgate District Council · Annual performance report"
SPENDING_ROWS = [
    ("Waste and recycling", "14.2", "15.1"),
    ("Housing", "9.8", "10.6"),
    ("Leisure", "6.3", "6.0"),
    ("Planning", "4.1", "4.4"),
    ("Other services", "10.7", "12.5"),
    ("Total", "45.1", "48.6"),
]
SPENDING_HEAD = ("Service", "2023-24 (£m)", "2024-25 (£m)")
ROUNDING_NOTE = "Figures may not sum due to rounding."
FOOTNOTE = "Provisional figure, subject to audit in the autumn."

PAGE1_LEFT = [
    "Harrowgate District Council spent £48.6 million on front-line services in 2024-25, up from "
    "£45.1 million the year before, according to figures presented to the cabinet this week.",
    "The cabinet approved the 800-metre bridge in January, after two winters of flooding in the "
    "lower town closed the old crossing for a total of 41 days.",
    "Household recycling reached 46.2 per cent of all waste collected<super>1</super>, the highest "
    "rate since the service was reorganised in 2019.",
]
PAGE1_RIGHT = [
    "Officers said the new depot at Carr Lane had already re-<br/>duced fuel costs by 12 per cent "
    "and that the fleet of 38 refuse lorries would be replaced over four years.",
    "Spending on each service is set out in Table 1.",
]
PAGE2 = [
    "Leisure centre visits rose to 612,000 over the year, and the council said the swimming pool "
    "at Eastfield would reopen in the spring after repairs costing £1.9 million.",
    "The housing team helped 287 households avoid homelessness, compared with 254 in 2023-24. "
    "The number of families in temporary accommodation fell to 63 in March.",
    "Planning applications were decided within eight weeks in 81 per cent of cases, against a "
    "national target of 70 per cent.",
    "The council's long-term plan commits it to building 450 homes for social rent by 2030.",
]
PAGE3 = [
    "Engineers said the bridge will span 950 metres across the estuary.",
    "Earlier this month, crews cleared 38 tonnes of silt from the estuary in a March 2 operation, "
    "the second such clean-up in 2024.",
    "Council tax for a Band D property rose by 2.99 per cent to £231.48 a year, the district's "
    "share of a bill that is mostly set by the county council and the police.",
]


def _pdf_styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["Normal"], fontName="Helvetica", fontSize=10,
                          leading=12.5, spaceAfter=7)
    title = ParagraphStyle("title", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=18,
                           leading=22, spaceAfter=10)
    caption = ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold", spaceAfter=4)
    note = ParagraphStyle("note", parent=body, fontSize=8, leading=10)
    return body, title, caption, note


def report_pdf(path: Path, *, date: dt.date = dt.date(2025, 3, 14), two_columns: bool = True,
               dateline: str = "") -> Path:
    """The three-page council report as a PDF: two columns (or one), running header, "Page N of 3"
    footers, a ruled spending table with a caption and a rounding note in the right column of
    page 1, a footnote at the foot of page 1, a word hyphenated across a line end, and the
    bridge given as 800 metres on page 1 and 950 metres on page 3. Its CreationDate is ``date``;
    ``dateline`` (such as "HARROWGATE, March 10, 2025 —") opens the first paragraph.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, NextPageTemplate,
                                    PageBreak, PageTemplate, Paragraph, Table, TableStyle)

    body, title_style, caption, note = _pdf_styles()
    width, height = A4
    margin, gutter = 56, 24
    col_w = (width - 2 * margin - gutter) / 2 if two_columns else width - 2 * margin

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 34, HEADER)
        canvas.drawCentredString(width / 2, 30, f"Page {doc.page} of 3")
        if doc.page == 1:
            canvas.setFont("Helvetica", 7.5)
            canvas.drawString(margin, 58, "1")
            canvas.drawString(margin + 6, 58, FOOTNOTE)
        canvas.restoreState()

    top = height - 60
    usable = top - 80
    title_h = 40
    if two_columns:
        first = [Frame(margin, top - title_h, width - 2 * margin, title_h, id="title"),
                 Frame(margin, 80, col_w, usable - title_h, id="l1"),
                 Frame(margin + col_w + gutter, 80, col_w, usable - title_h, id="r1")]
        later = [Frame(margin, 80, col_w, usable, id="l"), Frame(margin + col_w + gutter, 80, col_w, usable, id="r")]
    else:
        first = [Frame(margin, 80, col_w, usable, id="one1")]
        later = [Frame(margin, 80, col_w, usable, id="one")]
    old = os.environ.get("SOURCE_DATE_EPOCH")
    # reportlab stamps CreationDate from SOURCE_DATE_EPOCH when it is set
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(date.year, date.month, date.day, 9, 30,
                                                          tzinfo=dt.timezone.utc).timestamp()))
    try:
        doc = BaseDocTemplate(str(path), pagesize=A4, title=TITLE, author="Policy and Performance Team")
        doc.addPageTemplates([PageTemplate("first", first, onPage=decorate),
                              PageTemplate("later", later, onPage=decorate)])
        story: list = [NextPageTemplate("later"), Paragraph(TITLE, title_style)]
        if two_columns:
            story.append(FrameBreak())
        left = list(PAGE1_LEFT)
        if dateline:
            left[0] = f"{dateline} {left[0]}"
        story += [Paragraph(t, body) for t in left]
        if two_columns:
            story.append(FrameBreak())
        story += [Paragraph(t, body) for t in PAGE1_RIGHT]
        story.append(Paragraph("Table 1: Spending by service", caption))
        table = Table([SPENDING_HEAD, *SPENDING_ROWS], colWidths=[col_w * 0.5, col_w * 0.25, col_w * 0.25])
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
            ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ]))
        story += [table, Paragraph(ROUNDING_NOTE, note), PageBreak()]
        story += [Paragraph(t, body) for t in PAGE2]
        story += [PageBreak()] + [Paragraph(t, body) for t in PAGE3]
        doc.build(story)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return path


_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())
TEXT_BOX = "Key figure: 612,000 leisure centre visits in 2024-25."
COMMENT = "Editor: is 44.9 the audited figure?"


def _runs_xml(*pieces: tuple[str, str]) -> str:
    """Runs for (kind, text) pieces: "t" plain, "ins" a tracked insertion, "del" a deletion."""
    out = []
    for kind, text in pieces:
        if kind == "t":
            out.append(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>')
        elif kind == "ins":
            out.append(f'<w:ins w:id="{len(out) + 10}" w:author="Editor" w:date="2025-03-12T10:00:00Z">'
                       f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>')
        elif kind == "del":
            out.append(f'<w:del w:id="{len(out) + 10}" w:author="Editor" w:date="2025-03-12T10:00:00Z">'
                       f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')
    return "".join(out)


def report_docx(path: Path, *, date: dt.datetime = dt.datetime(2025, 3, 14, 9, 30), dateline: str = "") -> Path:
    """The council report as a Word file: a Title, headings, body paragraphs, the spending table
    (header row marked to repeat, bold Total row), a tracked change (44.9 deleted, 46.2
    inserted), a reviewer's comment, a text box (DrawingML with its VML fallback), a footnote,
    and the bridge given as 800 metres early on and 950 metres near the end. Core properties
    carry ``date``.
    """
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    d = docx.Document()
    d.core_properties.title = TITLE
    d.core_properties.created = date
    d.core_properties.modified = date
    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph(f"{dateline} {PAGE1_LEFT[0]}" if dateline else PAGE1_LEFT[0])
    d.add_paragraph("")  # an empty paragraph is not counted
    d.add_paragraph(PAGE1_LEFT[1])
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r {_DECL}><w:t xml:space="preserve">placeholder</w:t></w:r>'))
    p._p.remove(p._p[-1])
    for el in parse_xml(f'<w:p {_DECL}>' + _runs_xml(
            ("t", "Household recycling reached "), ("del", "44.9"), ("ins", "46.2"),
            ("t", " per cent of all waste collected, the highest rate since 2019.")) + "</w:p>"):
        p._p.append(el)
    run = p.add_run("")
    run._r.append(parse_xml(f'<w:footnoteReference {_DECL} w:id="1"/>'))
    d.add_comment(p.runs, text=COMMENT, author="Editor")
    d.add_heading("Spending", level=1)
    anchor = d.add_paragraph("Spending on each service is set out in Table 1.")
    anchor._p.append(parse_xml(
        f'<w:r {_DECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{TEXT_BOX}</w:t></w:r></w:p></w:txbxContent>'
        f'</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{TEXT_BOX}</w:t></w:r>'
        f'</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.add_paragraph("Table 1: Spending by service")
    table = d.add_table(rows=1 + len(SPENDING_ROWS), cols=3)
    for c, text in enumerate(SPENDING_HEAD):
        table.cell(0, c).text = text
    for r, row in enumerate(SPENDING_ROWS, start=1):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if row[0] == "Total":
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {_DECL}/>'))
    d.add_paragraph(ROUNDING_NOTE)
    d.add_heading("Leisure and housing", level=1)
    for text in PAGE2:
        d.add_paragraph(text)
    for text in PAGE3:
        d.add_paragraph(text)
    notes = (f'<w:footnotes {_DECL}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
             f'<w:r><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.encode("utf-8"), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    d.save(str(path))
    return path
