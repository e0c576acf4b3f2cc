"""Tables on the Document: Markdown pipe tables and HTML <table>, cell by cell.

Each test writes a realistic table, reads it through the public loaders and checks the cells,
their spans in ``Document.text``, the headers, the scale hints, the caption and notes, and that
every numeric cell's figure is a claim located at its cell. (DOCX and PDF tables are checked in
tests/test_documents.py, with the documents built there.)
"""

from __future__ import annotations

import pickle

import pytest

from numcheck.extract import extract_document
from numcheck.ingest import document_from_text
from numcheck.ingest.tables import Scale, cell_value, find_markdown_tables, parse_scale

BUDGET = """---
date: 2025-02-20
---
# Westmoor sets out £212.6m budget

Westmoor Borough Council's cabinet has agreed a net budget of £212.6 million for 2025-26.

**Table 2: Net spending by directorate**

| Directorate | 2024-25 (£m) | 2025-26 (£m) |
|:---|---:|---:|
| Adult social care | 84.1 | 90.3 |
| Children and families | 58.7 | 61.2 |
| Place and environment | 39.5 | 40.8 |
| Resources | 21.9 | 20.3 |
| **Total** | **204.2** | **212.6** |

All figures in £m at outturn prices.

Spending on resources falls by £1.6 million as the council closes two of its offices.
"""

SURVEY = """Residents' survey 2024

The council asked 2,040 residents how safe they felt walking alone after dark.

| Response | Residents | Share (%) |
|---|---|---|
| Very safe | 388 | 19.0 |
| Fairly safe | 902 | 44.2 |
| Fairly unsafe | 521 | 25.5 |
| Very unsafe | 229 | 11.2 |
| Total | 2,040 | 99.9 |

Percentages may not sum to 100 due to rounding.
Source: Westmoor residents' survey, October 2024.

The share who felt very or fairly safe, 63.2 per cent, was down from 66.0 per cent in 2022.
"""


def _cells(table):
    return {(c.row, c.col): c for c in table.cells}


def test_markdown_budget_table_cells_spans_and_headers():
    doc = document_from_text(BUDGET, "budget.md", fmt="md")
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.rows, t.cols, t.header_rows, t.header_cols) == (6, 3, 1, 1)
    assert t.source == "markdown" and t.page == 0
    cells = _cells(t)
    # every span is the cell's raw content in the text; the clean text drops the emphasis
    for c in t.cells:
        raw = doc.text[c.start:c.end]
        assert raw.strip("*") == c.text, (raw, c.text)
        assert "|" not in raw and raw == raw.strip()
    assert cells[(0, 1)].text == "2024-25 (£m)" and cells[(0, 1)].header
    assert cells[(2, 0)].text == "Children and families" and cells[(2, 0)].header
    assert cells[(2, 2)].value == 61.2 and not cells[(2, 2)].header
    assert cells[(2, 2)].row_header == "Children and families"
    assert cells[(2, 2)].col_header == "2025-26 (£m)"
    total = t.row_cells(5)
    assert [c.text for c in total] == ["Total", "204.2", "212.6"]
    assert all(c.strong for c in total) and not any(c.strong for c in t.row_cells(4))
    # the figures of the total row are the sums of the rows above (checked here from the cells)
    for col in (1, 2):
        body = [c.value for c in t.column_cells(col) if 0 < c.row < 5]
        assert round(sum(body), 1) == cells[(5, col)].value
    # the column headers state the unit and scale; the note repeats them for the table
    assert t.scale_for(cells[(3, 1)]) == Scale("£", 1e6, False, None, "£m £m")
    assert t.col_scales[1].currency == "£" and t.col_scales[1].multiplier == 1e6
    assert t.col_scales[0].empty
    assert t.caption == "Table 2: Net spending by directorate" and t.label == "Table 2"
    assert doc.text[t.caption_span[0]:t.caption_span[1]] == "**Table 2: Net spending by directorate**"
    assert [n.kind for n in t.notes] == ["note"] and t.notes[0].text.startswith("All figures in £m")
    assert t.scale.currency == "£" and t.scale.multiplier == 1e6
    assert t.rounding_note is None


def test_every_numeric_cell_is_a_claim_at_its_cell():
    doc = document_from_text(BUDGET, "budget.md", fmt="md")
    t = doc.tables[0]
    claims = extract_document(doc)
    for c in t.body_cells():
        if c.value is None:
            continue
        inside = [k for k in claims if c.start <= k.start and k.end <= c.end]
        assert inside, f"no claim in cell {c.row},{c.col} {c.text!r}"
        assert any(k.value == pytest.approx(c.value) for k in inside), (c, inside)
        found = doc.cell_at(inside[0].start)
        assert found is not None and found[1] == c and found[0] is t
    prose = [k for k in claims if k.text.startswith("£1.6")]
    assert prose and doc.cell_at(prose[0].start) is None


def test_percentage_column_and_rounding_note():
    doc = document_from_text(SURVEY, "survey.txt")
    (t,) = doc.tables
    cells = _cells(t)
    assert t.col_scales[2].percent and not t.col_scales[1].percent
    assert t.scale_for(cells[(2, 2)]).percent
    shares = [c.value for c in t.column_cells(2) if 0 < c.row < 5]
    assert shares == [19.0, 44.2, 25.5, 11.2] and round(sum(shares), 1) == cells[(5, 2)].value == 99.9
    assert cells[(5, 1)].value == 2040.0
    assert [n.kind for n in t.notes] == ["rounding", "source"]
    assert t.rounding_note.text == "Percentages may not sum to 100 due to rounding."
    assert doc.text[t.rounding_note.start:t.rounding_note.end] == t.rounding_note.text
    # the prose after the notes is not a note
    assert not any("63.2" in n.text for n in t.notes)
    # a rounding note about percentages does not make the whole table a percentage table
    assert not t.scale.percent


@pytest.mark.parametrize("header, expected", [
    ("2024-25 (£m)", ("£", 1e6, False)),
    ("Budget 2024-25 (£000)", ("£", 1e3, False)),
    ("Spend (£'000)", ("£", 1e3, False)),
    ("Population (000s)", (None, 1e3, False)),
    ("Revenue, $bn", ("$", 1e9, False)),
    ("Cost (€ million)", ("€", 1e6, False)),
    ("Figures in millions", (None, 1e6, False)),
    ("Change (%)", (None, None, True)),
    ("Share, per cent", (None, None, True)),
    ("Tenants", (None, None, False)),
    ("Spent to 28 Feb (£000)", ("£", 1e3, False)),
    ("Length (km)", (None, None, False)),
])
def test_header_scale_hints(header, expected):
    s = parse_scale(header)
    assert (s.currency, s.multiplier, s.percent) == expected
    if header == "Length (km)":
        assert s.unit == "km"


@pytest.mark.parametrize("text, value", [
    ("1,240", 1240.0), ("27.8%", 27.8), ("(12.5)", -12.5), ("−3", -3.0), ("£5.4m", 5.4),
    ("**6,030**", 6030.0), ("Total", None), ("12 to 15", None), ("", None), ("n/a", None),
])
def test_cell_values(text, value):
    assert cell_value(text) == value


def test_not_tables_pipes_without_delimiter_and_fenced_code():
    text = ("The vote was 12 | 9 in the first round.\n\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n"
            "| Ward | Votes |\n|---|---|\n| Ashby | 1,204 |\n")
    tables = find_markdown_tables(text)
    assert len(tables) == 1 and tables[0].cells[2].text == "Ashby"


def test_escaped_pipe_and_ragged_rows():
    text = "| Item | Note |\n|---|---|\n| A \\| B | 7 |\n| C |\n"
    (t,) = find_markdown_tables(text)
    assert _cells(t)[(1, 0)].text == "A | B"
    assert t.cell(2, 1) is None and _cells(t)[(2, 0)].text == "C"


HTML = """<!DOCTYPE html><html><head><title>Westmoor budget</title>
<meta property="article:published_time" content="2025-02-21"></head>
<body><nav><table><tr><td>Home</td><td>News</td><td>Sport 2025</td></tr></table></nav>
<article><h1>Westmoor sets out £212.6m budget</h1>
<p>Westmoor Borough Council's cabinet has agreed a net budget of £212.6 million for the coming year,
with most of the rise going to adult social care.</p>
<table>
<caption>Table 2: Net spending by directorate (&pound;m)</caption>
<thead><tr><th rowspan="2">Directorate</th><th colspan="2">Net spending</th></tr>
<tr><th>2024-25</th><th>2025-26</th></tr></thead>
<tbody>
<tr><th scope="row">Adult social care</th><td>84.1</td><td>90.3</td></tr>
<tr><th scope="row">Children and families</th><td>58.7</td><td>61.2</td></tr>
<tr><th scope="row">Place and environment</th><td>39.5</td><td>40.8</td></tr>
<tr><th scope="row">Resources</th><td>21.9</td><td>20.3</td></tr>
<tr><th scope="row"><strong>Total</strong></th><td><strong>204.2</strong></td><td><strong>212.6</strong></td></tr>
</tbody></table>
<p>Figures may not sum due to rounding.</p>
<p>Spending on resources falls by £1.6 million as the council closes two of its offices in the town centre.</p>
</article></body></html>"""


def test_html_table_structure_located_in_the_extracted_text():
    doc = document_from_text(HTML, "budget.html", fmt="html")
    assert len(doc.tables) == 1, "the navigation table is not in the article text"
    t = doc.tables[0]
    assert t.source == "html" and t.header_rows == 2 and t.header_cols == 1
    cells = _cells(t)
    for c in t.cells:
        if c.text:
            assert " ".join(doc.text[c.start:c.end].split()) == c.text
    assert cells[(0, 0)].row_span == 2 and cells[(0, 1)].col_span == 2
    assert cells[(3, 2)].value == 61.2
    assert cells[(3, 2)].col_header == "Net spending / 2025-26"
    assert cells[(3, 2)].row_header == "Children and families"
    assert [c.strong for c in t.row_cells(6)] == [True, True, True]
    assert t.caption == "Table 2: Net spending by directorate (£m)" and t.label == "Table 2"
    assert t.scale.currency == "£" and t.scale.multiplier == 1e6
    assert t.rounding_note is not None and "rounding" in t.rounding_note.text
    claims = extract_document(doc)
    for c in t.body_cells():
        if c.value is not None:
            assert any(c.start <= k.start < c.end and k.value == pytest.approx(c.value) for k in claims), c


def test_documents_with_tables_pickle():
    doc = document_from_text(BUDGET, "budget.md", fmt="md")
    again = pickle.loads(pickle.dumps(doc))
    assert again.tables == doc.tables and again.tables[0].cells[4].text == doc.tables[0].cells[4].text
    with pytest.raises(AttributeError):
        doc.tables[0].cells[0].text = "changed"  # frozen
