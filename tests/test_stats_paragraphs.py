"""The statistics checks on realistic results paragraphs (tests/data/stats_paragraphs.yaml).

The paragraphs were written for this project (none comes from statcheck, which is GPL), each
reported test labelled when it was written: consistent, inconsistent (NC721), a decision error
(NC722), malformed (NC723) or an effect size too small for its t (NC724). Here numcheck checks
each paragraph with every default rule, and:

- recall: at least 95% of the tests labelled anything but consistent are flagged by one of
  NC721–NC724 at their place (and the code is the label's, which is reported separately);
- no false anomaly: no consistent test has any anomaly at its place;
- recognition: every test in the set is recognised as a test (``Reading.reports.tests``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from numcheck.report import check

DATA = Path(__file__).resolve().parent / "data" / "stats_paragraphs.yaml"
PARAGRAPHS = yaml.safe_load(DATA.read_text(encoding="utf-8"))["paragraphs"]
CODES = {"inconsistent": "NC721", "decision": "NC722", "malformed": "NC723", "effect": "NC724"}


def _results():
    """(paragraph id, test, codes of the anomalies at the test's place) for every test."""
    out = []
    for para in PARAGRAPHS:
        text = para["text"]
        report = check(texts=[text], date="2024-03-01")
        assert not report.errors, [e.format() for e in report.errors]
        for test in para["tests"]:
            start = text.index(test.get("locate", test["snippet"]))
            end = start + len(test.get("locate", test["snippet"]))
            codes = sorted(a.code for a in report.anomalies if a.start < end and start < a.end)
            out.append((para["id"], test, codes))
    return out


RESULTS = _results()


def test_the_set_is_large_and_half_inconsistent():
    labels = [t["expect"] for _, t, _ in RESULTS]
    assert len(labels) >= 60
    assert sum(1 for x in labels if x != "consistent") * 2 >= len(labels) - 1
    assert {p["field"] for p in PARAGRAPHS} == {"psychology", "medicine", "education"}


def test_recall_on_inconsistent_tests_is_at_least_95_percent():
    bad = [(pid, t, codes) for pid, t, codes in RESULTS if t["expect"] != "consistent"]
    found = [r for r in bad if any(c in CODES.values() for c in r[2])]
    missed = [(pid, t["snippet"]) for pid, t, codes in bad if not any(c in CODES.values() for c in codes)]
    assert len(found) / len(bad) >= 0.95, missed


def test_inconsistent_tests_get_the_code_of_their_label():
    wrong = [(pid, t["snippet"], t["expect"], codes) for pid, t, codes in RESULTS
             if t["expect"] != "consistent" and CODES[t["expect"]] not in codes]
    assert len(wrong) <= 0.05 * len(RESULTS), wrong


def test_no_anomaly_on_consistent_tests():
    false = [(pid, t["snippet"], codes) for pid, t, codes in RESULTS if t["expect"] == "consistent" and codes]
    assert not false


@pytest.mark.parametrize("para", PARAGRAPHS, ids=[p["id"] for p in PARAGRAPHS])
def test_every_reported_test_is_recognised(para):
    from numcheck.engine import analyse
    from numcheck.ingest.loader import document_from_text

    dc = analyse(document_from_text(para["text"], "para.txt"))
    tests = dc.reading.reports.tests
    for test in para["tests"]:
        start = para["text"].index(test.get("locate", test["snippet"]))
        assert any(t.start == start for t in tests), test["snippet"]
