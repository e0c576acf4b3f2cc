"""Prose that restates a table cell without citing the table (NC715; issue 12, "or the prose
restating a table cell"), in Markdown, HTML and Word reports, with the traps that make most
such sentences something else: a change, a sum of rows, another figure of the sentence."""

from __future__ import annotations

import textwrap

import pytest

import numcheck

TABLE = textwrap.dedent("""\
    | Service | 2023-24 (£m) | 2024-25 (£m) |
    |---|---|---|
    | Waste and recycling | 14.2 | 15.1 |
    | Housing | 9.8 | 10.6 |
    | Leisure | 6.3 | 6.0 |
    | Planning | 4.1 | 4.4 |
    | Total | 34.4 | 36.1 |
    """)


def report(prose: str) -> str:
    return (f"---\ndate: 2025-03-14\ntitle: Annual report\n---\n{prose}\n\n{TABLE}\n"
            "The housing team helped 287 households avoid homelessness, compared with 254 in 2023-24.\n")


def codes(text: str) -> list[str]:
    return [a.code for a in numcheck.check(texts=[text]).anomalies]


@pytest.mark.parametrize("prose", [
    "Spending on housing reached £11.6m in 2024-25, the cabinet was told.",
    "The council spent £5.1 million on leisure in 2023-24, before the pool at Eastfield closed.",
    "Waste and recycling cost £14.9m in 2024-25, up from the year before.",
])
def test_a_restated_cell_that_differs_is_flagged(prose):
    found = numcheck.check(texts=[report(prose)]).anomalies
    assert [a.code for a in found] == ["NC715"], prose
    assert found[0].evidence and found[0].evidence[0].role == "table cell"


@pytest.mark.parametrize("prose", [
    "Spending on housing reached £10.6m in 2024-25, the cabinet was told.",
    "The council spent £6.3 million on leisure in 2023-24, before the pool at Eastfield closed.",
    "Spending on housing rose by £0.8m in 2024-25, the cabinet was told.",
    "Housing spending grew from £9.8m to £10.6m in 2024-25, the cabinet was told.",
    "Leisure and planning together cost £10.4m in 2024-25.",
    "The council will spend £36.1m on services in 2024-25, with housing again taking a large share.",
    "Spending on housing reached £10.6 million in 2024-25, and 287 households were helped.",
])
def test_consistent_or_unrelated_prose_stays_silent(prose):
    assert codes(report(prose)) == [], prose


def test_html_table_and_a_single_figure_column():
    html = textwrap.dedent("""\
        <html><head><title>Staff survey</title></head><body><article>
        <h1>Hospital staffing, March</h1>
        <p>The trust employed 412 nurses on the medical wards in March, its annual staffing
        return shows, and said recruitment would continue through the summer.</p>
        <p>The figures below were published by the trust's board on Thursday, alongside its
        plans for the new wing.</p>
        <table><caption>Staff by area (headcount)</caption>
        <tr><th>Area</th><th>Staff</th></tr>
        <tr><td>Medical wards</td><td>398</td></tr>
        <tr><td>Surgical wards</td><td>305</td></tr>
        <tr><td>Outpatients</td><td>122</td></tr>
        </table></article></body></html>
        """)
    assert codes_of_html(html) == ["NC715"]
    assert codes_of_html(html.replace("412 nurses", "398 nurses")) == []


def codes_of_html(html: str) -> list[str]:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "staff.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        return [a.code for a in numcheck.check(paths=[path], date="2025-03-14").anomalies]


def test_word_report(tmp_path):
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_heading("Annual report 2024-25", 1)
    doc.add_paragraph("Spending on planning reached £5.4m in 2024-25, the council said on Tuesday.")
    rows = [("Service", "2023-24 (£m)", "2024-25 (£m)"), ("Housing", "9.8", "10.6"),
            ("Leisure", "6.3", "6.0"), ("Planning", "4.1", "4.4")]
    table = doc.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "report.docx"
    doc.save(path)
    found = numcheck.check(paths=[path], date="2025-03-14").anomalies
    assert [a.code for a in found] == ["NC715"]
