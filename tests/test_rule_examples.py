"""Every rule's own ``examples`` run here: each ``flag`` text must raise that rule, each ``pass``
text must not (with every default rule active, so that a pass example also shows no other rule
misfires on it)."""

from __future__ import annotations

import pytest

from numcheck.engine import load_rules
from numcheck.ingest import document_from_text
from numcheck.report import check_documents

RULES, PROBLEMS = load_rules()


def _cases():
    for rule in RULES:
        for n, ex in enumerate(rule.examples):
            yield pytest.param(rule, ex, id=f"{rule.code}-{ex.expect}-{n}")


def _documents(rule, ex):
    docs = []
    if getattr(ex, "documents", None):
        for k, d in enumerate(ex.documents):
            docs.append(document_from_text(d.text, path=f"{rule.code}-doc{k + 1}.txt",
                                           date=_date(d.date or ex.date)))
    else:
        docs.append(document_from_text(ex.text, path=f"{rule.code}.txt", date=_date(ex.date)))
    return docs


def _date(value):
    import datetime as dt

    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def test_default_pack_loads_cleanly():
    assert not PROBLEMS, "\n".join(p.format() for p in PROBLEMS)


@pytest.mark.parametrize("rule, example", list(_cases()))
def test_rule_example(rule, example):
    docs = _documents(rule, example)
    report = check_documents(docs, RULES, story="all")
    codes = [a.code for a in report.anomalies]
    if example.expect == "flag":
        assert rule.code in codes, f"{rule.code} should flag: {example.text or example.documents}"
    else:
        assert codes == [], f"should pass, got {[(a.code, a.message) for a in report.anomalies]}"
