"""Property tests over the extractor and the engine: any text, no exception, sane spans.

Properties, for every generated text:

* extraction raises nothing; every claim's span lies inside the text, ``text ==
  source[start:end]``, and claims come sorted without overlaps;
* every claim's offset round-trips through line/column (``Document.line_col`` and
  ``LineIndex.offset``), and so does every offset of the text;
* appending whitespace at the end changes no claim and no anomaly;
* :func:`numcheck.report.check` on the text raises nothing and reports no internal error.

Strategies lean towards what the scanners care about (digits, separators, month names, units,
qualifiers), not only arbitrary Unicode. Runs are derandomised so CI is repeatable; the open-ended
search lives in bench/fuzz.py.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from numcheck.extract import extract
from numcheck.ingest import document_from_text
from numcheck.ingest.document import LineIndex

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "January", "Feb.", "March", "May", "Sept", "December", "Monday", "today", "yesterday",
    "last year", "this month", "ago", "since", "until", "between", "and", "to", "from", "in",
    "about", "nearly", "more than", "at least", "up to", "some", "million", "billion", "bn",
    "thousand", "dozen", "half", "percent", "per cent", "%", "pc", "$", "€", "£", "US$", "km",
    "miles", "kg", "°C", "people", "were", "killed", "born", "aged", "age", "years old", "th",
    "st", "nd", "1st", "2nd", "third", "twice", "one", "two", "twenty-one", "hundred", "AD", "BC",
    "Q3", "H1", "FY2020", "'90s", "1990s", "mid-", "p.m.", "a.m.", "noon", "GMT", "(", ")", "-",
    "–", "—", "/", ".", ",", ";", ":", "\n", "\n\n", "#", "*", ">", "<p>", "`", '"',
]
DIGITY = st.text(
    alphabet="0123456789" * 4 + ",.-–/%$€:' \n\u00a0\u2009\u202f\u200b\u200f+×x^eE",
    max_size=120,
)
NUMBERS = st.one_of(
    st.integers(-10**12, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10**40).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: f"{f:g}"),
    st.integers(0, 9999).map(str),
    st.integers(1, 31).map(lambda d: f"{d}th"),
)
TOKENS = st.lists(st.one_of(st.sampled_from(WORDS), NUMBERS, DIGITY), max_size=40).map(" ".join)
TEXTS = st.one_of(st.text(max_size=300), DIGITY, TOKENS)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


def _spans_ok(text: str, claims) -> None:
    previous_end = 0
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text), c
        assert text[c.start:c.end] == c.text, (c, text[c.start:c.end])
        assert c.start >= previous_end, "claims overlap or are out of order"
        previous_end = c.end


@SETTINGS
@given(TEXTS, DATES)
def test_extract_never_raises_and_spans_are_the_text(text: str, date) -> None:
    _spans_ok(text, extract(text, date))


@SETTINGS
@given(TEXTS, st.sampled_from(["txt", "md", "html"]))
def test_documents_of_any_format_extract_inside_their_text(text: str, fmt: str) -> None:
    from numcheck.extract import extract_document

    doc = document_from_text(text, fmt=fmt)
    _spans_ok(doc.text, extract_document(doc))


@SETTINGS
@given(TEXTS)
def test_offsets_round_trip_through_line_and_column(text: str) -> None:
    doc = document_from_text(text)
    index = LineIndex(doc.text)
    for c in extract(doc.text):
        for offset in (c.start, c.end):
            line, column = doc.line_col(offset)
            assert index.offset(line, column) == offset
    for offset in range(0, len(doc.text) + 1, max(1, len(doc.text) // 25)):
        assert index.offset(*index.line_col(offset)) == offset


@SETTINGS
@given(TEXTS, st.sampled_from([" ", "\n", "  \n\t", "\n\n\n"]))
def test_trailing_whitespace_changes_no_claim(text: str, tail: str) -> None:
    date = dt.date(2020, 3, 20)
    before = [c.to_dict() for c in extract(text, date)]
    after = [c.to_dict() for c in extract(text + tail, date)]
    assert after == before


_RULES: list = []


def _rules():
    # loading the default pack once keeps 200 examples quick; check() itself is exercised below
    if not _RULES:
        from numcheck.engine import load_rules

        rules, problems = load_rules()
        assert not problems
        _RULES.append(rules)
    return _RULES[0]


def _anomalies(text: str) -> list[tuple]:
    from numcheck.report import check_documents

    doc = document_from_text(text, date=dt.date(2020, 3, 20))
    report = check_documents([doc], _rules(), timeout_per_doc=0)
    assert [p.format() for p in report.errors] == []
    return sorted((a.code, a.start, a.end, a.message) for a in report.anomalies)


@SETTINGS
@given(TEXTS)
def test_engine_never_raises(text: str) -> None:
    _anomalies(text)


@SETTINGS
@given(TEXTS, st.sampled_from([" ", "\n", " \n\t\n"]))
def test_trailing_whitespace_changes_no_anomaly(text: str, tail: str) -> None:
    assert _anomalies(text + tail) == _anomalies(text)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(TEXTS)
def test_check_on_text_reports_no_error(text: str) -> None:
    from numcheck.report import check

    report = check(text, "2020-03-20", timeout_per_doc=0)
    assert [p.format() for p in report.errors] == []
    for a in report.anomalies:
        assert 0 <= a.start <= a.end <= len(report.documents[0].document.text)
