"""PDF and Word reports: text in reading order, pages, lines, tables, dates, and a contradiction
across pages found with both pages cited.

The documents are built in each test (tests/_documents.py: reportlab for PDF, python-docx for
DOCX), so what a correct reading gives is known exactly. Line numbers on a PDF page are
cross-checked against pdfplumber's own layout text, not against this reader's output.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from _documents import (FOOTNOTE, HEADER, PAGE1_LEFT, PAGE1_RIGHT, PAGE2, PAGE3, ROUNDING_NOTE,
                        SPENDING_HEAD, SPENDING_ROWS, TEXT_BOX, COMMENT, TITLE, report_docx, report_pdf)
from numcheck.extract import extract_document
from numcheck.ingest import load_document
from numcheck.render import render
from numcheck.report import check


def _plain(markup: str) -> str:
    """A paragraph of the builder as a reader sees it: tags out, the hyphenated break joined."""
    text = markup.replace("re-<br/>duced", "reduced")
    text = re.sub(r"<super>.*?</super>", "", text)
    return re.sub(r"<[^>]+>", "", text)


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    return report_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf")


@pytest.fixture(scope="module")
def pdf_doc(pdf_path):
    return load_document(pdf_path)


def _lines(doc) -> list[str]:
    return doc.text.split("\n")


def test_pdf_paragraphs_come_whole_in_reading_order(pdf_doc):
    lines = _lines(pdf_doc)
    expected = [_plain(p) for p in (*PAGE1_LEFT, *PAGE1_RIGHT, *PAGE2, *PAGE3)]
    positions = []
    for para in expected:
        assert para in lines, f"paragraph not read whole: {para[:60]!r}"
        positions.append(lines.index(para))
    # left column, then right column, then the later pages: the order the builder wrote them
    assert positions == sorted(positions)
    assert TITLE in lines and lines.index(TITLE) < positions[0]
    # the hyphen at the line end is gone, the superscript footnote marker did not stick
    assert "reduced fuel costs" in pdf_doc.text and "re-duced" not in pdf_doc.text
    assert "waste collected, the highest" in pdf_doc.text and "collected1" not in pdf_doc.text
    # the footnote is read after both columns of page 1, before its footer
    foot = next(i for i, line in enumerate(lines) if FOOTNOTE in line)
    assert positions[len(PAGE1_LEFT) + len(PAGE1_RIGHT) - 1] < foot < lines.index("Page 1 of 3")
    assert pdf_doc.title == TITLE and pdf_doc.fmt == "pdf"
    assert any(b.kind == "title" and pdf_doc.text[b.start:b.end] == TITLE for b in pdf_doc.blocks)


def test_pdf_running_header_and_page_numbers_are_boilerplate(pdf_doc):
    boiler = [pdf_doc.text[b.start:b.end] for b in pdf_doc.blocks if b.kind == "boilerplate"]
    assert boiler.count(HEADER) == 3
    assert [b for b in boiler if b.startswith("Page")] == ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]
    claims = extract_document(pdf_doc)
    page_number_claims = [c for c in claims if pdf_doc.text[c.start:c.end] in ("1", "2", "3")
                          and pdf_doc.text.rfind("Page", 0, c.start) > c.start - 8]
    assert page_number_claims and all(c.boilerplate for c in page_number_claims)


def test_pdf_pages_and_lines(pdf_path, pdf_doc):
    import pdfplumber

    assert len(pdf_doc.pages) == 3
    with pdfplumber.open(pdf_path) as pdf:
        layout = [[" ".join(line.split()) for line in p.extract_text().split("\n")] for p in pdf.pages]
    for figure, page in (("£48.6 million", 1), ("800-metre", 1), ("612,000", 2), ("450 homes", 2),
                         ("950 metres", 3), ("£231.48", 3)):
        offset = pdf_doc.text.index(figure)
        p, line, column = pdf_doc.locate(offset)
        assert p == page, figure
        # the visual line this reader puts the figure on, as pdfplumber prints that page
        start = offset - (column - 1)
        end = pdf_doc.text.find("\n", offset)
        nxt = [a for a, _, _ in pdf_doc.source_map if a > offset]
        end = min(end, nxt[0]) if nxt else end
        visual = pdf_doc.text[start:end].strip()
        assert figure in visual
        assert any(visual in row for row in layout[page - 1]), (figure, visual)
        # and the line number is that line's place in the page's reading order
        assert 1 <= line <= len(layout[page - 1]) + 8


def test_pdf_table_cells_page_caption_and_note(pdf_doc):
    (t,) = pdf_doc.tables
    assert t.source == "pdf" and t.page == 1 and (t.rows, t.cols) == (7, 3)
    assert [c.text for c in t.row_cells(0)] == list(SPENDING_HEAD)
    for r, row in enumerate(SPENDING_ROWS, start=1):
        assert [c.text for c in t.row_cells(r)] == list(row)
    for c in t.cells:
        assert pdf_doc.text[c.start:c.end] == c.text
        assert pdf_doc.page_at(c.start) == 1
    assert all(c.strong for c in t.row_cells(6)) and not any(c.strong for c in t.row_cells(3))
    assert t.header_cols == 1 and t.row_cells(2)[1].row_header == "Housing"
    assert t.scale_for(t.row_cells(2)[1]).multiplier == 1e6 and t.col_scales[2].currency == "£"
    assert t.caption == "Table 1: Spending by service" and t.label == "Table 1"
    assert t.rounding_note is not None and t.rounding_note.text == ROUNDING_NOTE
    claims = extract_document(pdf_doc)
    for c in t.body_cells():
        if c.value is not None:
            assert any(c.start <= k.start < c.end and k.value == pytest.approx(c.value) for k in claims), c


def test_pdf_date_from_metadata_unless_the_text_gives_one(tmp_path, pdf_doc):
    assert (pdf_doc.date, pdf_doc.date_source) == (dt.date(2025, 3, 14), "metadata")
    dated = load_document(report_pdf(tmp_path / "dated.pdf", dateline="HARROWGATE, March 10, 2025 —"))
    assert (dated.date, dated.date_source) == (dt.date(2025, 3, 10), "dateline")
    flagged = load_document(tmp_path / "dated.pdf", date="2025-04-01")
    assert flagged.date_source == "flag"


def test_pdf_single_column_reads_the_same_paragraphs(tmp_path):
    doc = load_document(report_pdf(tmp_path / "one.pdf", two_columns=False))
    lines = _lines(doc)
    for para in (*PAGE1_LEFT, *PAGE1_RIGHT, *PAGE2, *PAGE3):
        assert _plain(para) in lines


DATELINE = "HARROWGATE, March 10, 2025 —"


def test_contradiction_across_pages_cites_both_pages(tmp_path):
    # the dateline on page 1 dates the report; "earlier this month", "March 2" and "in 2024" on
    # page 3 cannot all hold: the anomaly is on page 3 and cites the date on page 1
    path = report_pdf(tmp_path / "report.pdf", dateline=DATELINE)
    report = check([path], default_rules=True)
    assert not report.errors
    records = report.to_records()
    assert records["records"] == 3
    (doc,) = records["documents"]
    assert (doc["format"], doc["pages"], doc["date_source"]) == ("pdf", 3, "dateline")
    (a,) = [a for a in records["anomalies"] if a["code"] == "NC601"]
    assert (a["page"], a["text"]) == (3, "2024")
    by_role = {ev["role"]: ev for ev in a["evidence"]}
    assert (by_role["document date"]["page"], by_role["document date"]["text"]) == (1, "March 10, 2025")
    assert by_role["anchored date"]["page"] == 3 and by_role["anchored date"]["text"] == "March 2"
    lines = load_document(path).text.split("\n")
    assert any("the second such clean-up in 2024." in line for line in lines)
    text = render(records, "text", color=False)
    assert f"report.pdf, page 3, line {a['line']}: ERROR NC601" in text
    assert f'report.pdf, page 1, line {by_role["document date"]["line"]} "March 10, 2025" (document date)' in text
    sarif = json.loads(render(records, "sarif"))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "NC601"]
    assert result["locations"][0]["physicalLocation"]["region"]["properties"]["page"] == 3
    pages = {loc["physicalLocation"]["region"]["properties"]["page"] for loc in result["relatedLocations"]}
    assert pages == {1, 3}


def test_html_report_marks_the_pages(pdf_path):
    records = check([pdf_path]).to_records(detail="full")
    assert records["documents"][0]["page_starts"][0] == 0
    page = render(records, "html")
    marks = re.findall(r'<span class="page" id="doc-0-page-(\d)" data-page="(\d)">', page)
    assert marks == [("1", "1"), ("2", "2"), ("3", "3")]
    # the anomaly sits inside page 3's span
    p3 = page.index('data-page="3"')
    assert page.index('data-code="NC601"', p3) > p3
    assert "report.pdf, page 3, line" in page


def test_cli_reads_pdf_like_any_path(pdf_path, tmp_path):
    out = subprocess.run([sys.executable, "-m", "numcheck", "check", str(pdf_path), "--no-config",
                          "--format", "json", "--with-claims"], capture_output=True, text=True, timeout=240)
    assert out.returncode == 1, out.stderr
    records = json.loads(out.stdout)
    claims = [c for c in records["claims"] if c["text"] == "£231.48"]
    assert claims and claims[0]["page"] == 3
    # folders pick up PDFs too
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(pdf_path.read_bytes())
    out = subprocess.run([sys.executable, "-m", "numcheck", "check", str(folder), "--no-config"],
                         capture_output=True, text=True, timeout=240)
    assert "report.pdf, page 3" in out.stdout, out.stdout + out.stderr


def test_paged_document_pickles(pdf_doc):
    again = pickle.loads(pickle.dumps(pdf_doc))
    assert again.pages == pdf_doc.pages and again.tables == pdf_doc.tables
    assert again.locate(again.text.index("£231.48")) == pdf_doc.locate(pdf_doc.text.index("£231.48"))


# ---- Word ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    return report_docx(tmp_path_factory.mktemp("docx") / "report.docx")


@pytest.fixture(scope="module")
def docx_doc(docx_path):
    return load_document(docx_path)


def test_docx_paragraphs_tracked_changes_comments_text_boxes_footnotes(docx_doc):
    paras = _lines(docx_doc)
    assert paras[0] == TITLE and docx_doc.title == TITLE
    assert any(b.kind == "title" and b.start == 0 for b in docx_doc.blocks)
    assert _plain(PAGE1_LEFT[1]) in paras and "Spending" in paras
    # tracked changes read as the final text; the reviewer's comment is not text
    assert "Household recycling reached 46.2 per cent of all waste collected, the highest rate since 2019." in paras
    assert "44.9" not in docx_doc.text and COMMENT not in docx_doc.text
    # the text box once (its VML fallback skipped), right after its anchor paragraph
    assert paras.count(TEXT_BOX) == 1
    assert paras.index(TEXT_BOX) == paras.index("Spending on each service is set out in Table 1.") + 1
    # the footnote after the body; the empty paragraph is not a line
    assert paras[-2] == FOOTNOTE and "" not in paras[:-1]


def test_docx_locations_are_paragraph_numbers(docx_doc):
    paras = _lines(docx_doc)
    for figure in ("800-metre", "950 metres", "£231.48", "15.1"):
        offset = docx_doc.text.index(figure)
        page, line, column = docx_doc.locate(offset)
        assert page is None
        assert figure in paras[line - 1] and paras[line - 1].index(figure) == column - 1


def test_docx_table(docx_doc):
    (t,) = docx_doc.tables
    assert t.source == "docx" and (t.rows, t.cols, t.header_rows, t.header_cols) == (7, 3, 1, 1)
    assert [c.text for c in t.row_cells(6)] == list(SPENDING_ROWS[-1])
    assert all(c.strong for c in t.row_cells(6)) and not any(c.strong for c in t.row_cells(2))
    for c in t.cells:
        assert docx_doc.text[c.start:c.end] == c.text
    assert t.caption == "Table 1: Spending by service" and t.rounding_note.text == ROUNDING_NOTE
    assert t.col_scales[1].multiplier == 1e6


def test_docx_merged_cells(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Results by ward, with the two central wards counted together.")
    table = d.add_table(rows=4, cols=3)
    for c, text in enumerate(("Ward", "Votes", "Turnout (%)")):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "Ashby"
    table.cell(1, 1).text = "1,204"
    table.cell(1, 2).text = "41.3"
    merged = table.cell(2, 0).merge(table.cell(3, 0))
    merged.text = "Central"
    table.cell(2, 1).text = "2,310"
    table.cell(3, 1).text = "1,880"
    span = table.cell(2, 2).merge(table.cell(3, 2))
    span.text = "38.9"
    d.save(str(tmp_path / "wards.docx"))
    (t,) = load_document(tmp_path / "wards.docx").tables
    central = t.cell(3, 0)
    assert central.text == "Central" and central.row == 2 and central.row_span == 2
    assert t.cell(3, 1).text == "1,880" and t.cell(3, 1).row_header == "Central"
    assert t.cell(3, 2).text == "38.9" and t.col_scales[2].percent


def test_docx_date_from_core_properties(docx_doc):
    assert (docx_doc.date, docx_doc.date_source) == (dt.date(2025, 3, 14), "metadata")


def test_docx_contradiction_cites_both_paragraphs(tmp_path):
    path = report_docx(tmp_path / "report.docx", dateline=DATELINE)
    records = check([path]).to_records()
    (a,) = [a for a in records["anomalies"] if a["code"] == "NC601"]
    (date_ev,) = [e for e in a["evidence"] if e["role"] == "document date"]
    paras = load_document(path).text.split("\n")
    assert "the second such clean-up in 2024" in paras[a["line"] - 1]
    assert paras[date_ev["line"] - 1].startswith(DATELINE) and date_ev["line"] == 2
    text = render(records, "text", color=False)
    assert f"report.docx, paragraph {a['line']}: ERROR NC601" in text
    assert f'report.docx, paragraph 2 "March 10, 2025" (document date)' in text
    assert a["page"] is None


# ---- the review report (HTML) over PDF and Word reports ------------------------------------


def _doc_data(page: str) -> dict[int, dict]:
    return {int(k): json.loads(v) for k, v in re.findall(
        r'<script type="application/json" id="nc-doc-(\d+)">(.*?)</script>', page, re.S)}


def test_review_report_cards_locate_pdf_pages_and_docx_paragraphs(tmp_path):
    """The review cards and their evidence lists say where a reader finds the figures: page and
    line in a PDF, paragraph in a Word file; the PDF's text keeps its page marks, and the card
    leads with the plain sentence and the suggested year."""
    pdf = report_pdf(tmp_path / "report.pdf", dateline=DATELINE)
    docx = report_docx(tmp_path / "report.docx", dateline=DATELINE)
    records = check([pdf, docx], story="file").to_records(detail="full")
    by_path = {d["path"]: d for d in records["documents"]}
    assert by_path[str(pdf)]["format"] == "pdf" and by_path[str(docx)]["format"] == "docx"
    (pa,) = [a for a in records["anomalies"] if a["code"] == "NC601" and a["path"] == str(pdf)]
    (da,) = [a for a in records["anomalies"] if a["code"] == "NC601" and a["path"] == str(docx)]
    assert pa["suggestions"] and pa["suggestions"][0]["page"] == 3
    page = render(records, "html")
    cards = re.findall(r'<article class="card.*?</article>', page, re.S)
    (pdf_card,) = [c for c in cards if f"report.pdf, page 3, line {pa['line']}<" in c]
    (pdf_date,) = [e for e in pa["evidence"] if e["role"] == "document date"]
    assert f"report.pdf, page 1, line {pdf_date['line']}</span>" in pdf_card
    assert "<b>2025</b>" in pdf_card  # the suggestion: the year the anchors give
    (docx_card,) = [c for c in cards if f"report.docx, paragraph {da['line']}<" in c]
    assert "report.docx, paragraph 2</span>" in docx_card  # the dateline's paragraph
    assert "docx, paragraph" not in pdf_card and ", page " not in docx_card
    marks = re.findall(r'<span class="page" id="doc-\d-page-(\d)" data-page="(\d)">', page)
    assert marks == [("1", "1"), ("2", "2"), ("3", "3")]


def test_review_report_keeps_the_pages_of_a_pdf_without_anomalies(pdf_path):
    """A document with nothing to review is sent as embedded JSON and built when opened; a PDF's
    page starts go with it, so the opened text is marked by page like an involved one."""
    records = check([pdf_path], ignore=["NC"]).to_records(detail="full")
    assert records["anomalies"] == []
    page = render(records, "html")
    assert 'class="page"' not in page  # nothing is markup until the document is opened
    (data,) = _doc_data(page).values()
    assert data["pages"] == records["documents"][0]["page_starts"] and len(data["pages"]) == 3
    assert data["text"] == load_document(pdf_path).text
