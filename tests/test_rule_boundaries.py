"""Meta-tests over the default rules' examples: every numeric parameter has a boundary pair that
really sits on its edge, and every rule has an example in boilerplate that only the boilerplate
keeps quiet.

A boundary pair is two examples marked ``boundary: PARAM inside`` and ``boundary: PARAM
outside``: text just inside the limit the parameter draws and text just outside it. The pair is
only worth something if the parameter decides it, so each pair is re-run with the parameter
scaled (×4, ÷4) or moved by one: at least one example of the pair must change its verdict.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from numcheck.engine import load_rules
from numcheck.ingest import document_from_text
from numcheck.ingest.blocks import CHROME_SEGMENTS
from numcheck.testing import example_documents, run_example

RULES, PROBLEMS = load_rules()
BY_CODE = {r.code: r for r in RULES}

#: Parameters that are not a threshold: which relation a rule checks, switches, tables.
NOT_BOUNDARIES = {"check", "cross_document", "within_document", "points", "modes", "truncation"}


def _yaml_params(rule) -> dict:
    with open(rule.path, encoding="utf-8") as fh:
        return yaml.safe_load(fh).get("params") or {}


def _numeric_params(rule) -> list[str]:
    """The rule's own numeric parameters, as its YAML sets them."""
    return [k for k, v in _yaml_params(rule).items()
            if k not in NOT_BOUNDARIES and isinstance(v, (int, float)) and not isinstance(v, bool)]


def _boundary_params():
    for rule in RULES:
        for name in _numeric_params(rule):
            yield pytest.param(rule, name, id=f"{rule.code}-{name}")


def test_there_are_boundary_parameters():
    # the meta-tests below must not pass vacuously because the YAML was not read
    assert len(list(_boundary_params())) >= 12


@pytest.mark.parametrize("rule, name", list(_boundary_params()))
def test_parameter_has_boundary_pair(rule, name):
    sides = {ex.boundary.split()[1] for ex in rule.examples
             if ex.boundary and ex.boundary.split()[0] == name}
    assert sides == {"inside", "outside"}, (
        f"{rule.location()}: parameter {name!r} needs one example 'boundary: {name} inside' and "
        f"one 'boundary: {name} outside' (has {sorted(sides) or 'none'})")


def test_boundary_names_a_real_parameter():
    for rule in RULES:
        for ex in rule.examples:
            if ex.boundary:
                name = ex.boundary.split()[0]
                assert name in _numeric_params(rule), f"{rule.location()}:{ex.line}: {ex.boundary!r}"


def _with_param(rule, name, value):
    changed = dataclasses.replace(rule, params=rule.params.model_copy(update={name: value}))
    return changed, [changed if r.code == rule.code else r for r in RULES]


def _candidates(value):
    out = {value * 4, value / 4, value + 1, value - 1}
    if isinstance(value, int):
        out = {int(v) for v in out}
    return sorted(out - {value})


@pytest.mark.parametrize("rule, name", list(_boundary_params()))
def test_boundary_pair_is_decided_by_the_parameter(rule, name):
    pair = [ex for ex in rule.examples if ex.boundary and ex.boundary.split()[0] == name]
    assert pair
    for ex in pair:
        assert run_example(rule, ex, RULES, strict=True).ok
    value = getattr(rule.params, name)
    flipped = []
    for v in _candidates(value):
        changed, active = _with_param(rule, name, v)
        for ex in pair:
            if not run_example(changed, ex, active).ok:
                flipped.append((v, ex.boundary))
    assert flipped, (f"{rule.location()}: no change of {name} (={value}) moves either example of "
                     f"its boundary pair across: the pair is not on the parameter's edge")


# ---- boilerplate ------------------------------------------------------------------------------

_CHROME = re.compile(r"(?:" + "|".join(CHROME_SEGMENTS) + r"):?[ \t]*", re.I)


def _in_boilerplate(rule, ex) -> bool:
    docs = example_documents(rule, ex)
    return all(any(b.kind == "boilerplate" for b in d.blocks) for d in docs)


def _without_chrome(ex):
    if ex.text is not None:
        return dataclasses.replace(ex, expect="flag", text=_CHROME.sub("", ex.text))
    docs = tuple(dataclasses.replace(d, text=_CHROME.sub("", d.text)) for d in ex.documents)
    return dataclasses.replace(ex, expect="flag", documents=docs)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_boilerplate_example(rule):
    """A pass example in boilerplate whose text, with the chrome phrase taken out, is flagged:
    so it is the boilerplate, and nothing else, that keeps the rule quiet."""
    found = [ex for ex in rule.examples if ex.expect == "pass" and _in_boilerplate(rule, ex)]
    assert found, f"{rule.location()}: no pass example in boilerplate"
    for ex in found:
        assert run_example(rule, ex, RULES, strict=True).ok
        bare = run_example(rule, _without_chrome(ex), RULES)
        assert bare.ok, f"{rule.location()}:{ex.line}: without its chrome the example is not flagged"


def test_boilerplate_guard_is_what_keeps_nc601_quiet():
    """The issue's case: NC601 without its ``when: not primary.boilerplate`` fires on a
    "Support our journalism: …" line (the reading takes its claims like any other)."""
    rule = BY_CODE["NC601"]
    assert rule.when == "not primary.boilerplate"
    text = ("Support our journalism: Earlier this month, some 150 miners were rescued in a March 4 "
            "operation, the third such rescue in 2019.")
    import datetime as dt

    from numcheck.report import check_documents

    doc = document_from_text(text, path="x.txt", date=dt.date(2020, 3, 20))
    assert [a.code for a in check_documents([doc], RULES).anomalies] == []
    unguarded = [dataclasses.replace(r, when=None) for r in RULES]
    assert "NC601" in [a.code for a in check_documents([doc], unguarded).anomalies]


def _reading_blind_to_boilerplate(dc):
    """``dc`` with its claims still marked boilerplate, but read as if they were body text: what
    a reading layer that forgot to leave boilerplate alone would hand the checks."""
    plain = dataclasses.replace(
        dc, claims=tuple(dataclasses.replace(c, boilerplate=False, block="body") if c.boilerplate else c
                         for c in dc.claims),
        blocks=tuple(b for b in dc.blocks if b.kind != "boilerplate"), _reading=None)
    return dataclasses.replace(dc, _reading=plain.reading)


#: Rules whose ``when`` guard no boilerplate claim can reach, and why (so dropping it is an
#: equivalent mutant; bench/README.md lists them). The test below checks each reason still holds.
GUARD_UNREACHABLE = {
    "NC402": "story linking (numcheck.read.story.link) skips boilerplate claims itself",
    "NC501": "story linking (numcheck.read.story.link) skips boilerplate claims itself",
    "NC711": "a table cannot sit in a chrome line: a prefixed row is no longer a table row",
    "NC712": "a table cannot sit in a chrome line: a prefixed row is no longer a table row",
    "NC713": "a table cannot sit in a chrome line: a prefixed row is no longer a table row",
    "NC714": "a table cannot sit in a chrome line: a prefixed row is no longer a table row",
    "NC731": "a scorers line is read only at a line start: behind a chrome prefix it is not one",
}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_when_guard_alone_keeps_boilerplate_quiet(rule):
    """Each rule's own ``when: not primary.boilerplate`` silences its boilerplate example even
    when the reading relates the boilerplate claims (the reading normally leaves them out, so
    without this the guard could be dropped unnoticed): with the guard nothing fires, without
    it the rule does."""
    from numcheck.engine import analyse
    from numcheck.engine.runner import run_rules

    assert rule.when == "not primary.boilerplate"
    ex = next(ex for ex in rule.examples if ex.expect == "pass" and _in_boilerplate(rule, ex))
    dcs = [_reading_blind_to_boilerplate(analyse(d)) for d in example_documents(rule, ex)]
    guarded, _ = run_rules([rule], dcs)
    unguarded, _ = run_rules([dataclasses.replace(rule, when=None)], dcs)
    assert guarded == []
    if rule.code in GUARD_UNREACHABLE:
        assert unguarded == [], f"{rule.code}'s guard is reachable now: drop it from GUARD_UNREACHABLE"
        return
    assert [a.code for a in unguarded][:1] == [rule.code], (
        f"{rule.location()}:{ex.line}: the boilerplate example does not reach the guard")
