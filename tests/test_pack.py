"""Rule-pack loading: valid packs become Rules; every error is reported at its place."""

from __future__ import annotations

import datetime as dt
import pickle
import textwrap
from pathlib import Path

import pytest

from numcheck.checks.base import KindSpec, Params
from numcheck.engine.expr import ExpressionError
from numcheck.engine.pack import (
    MAX_FILE_BYTES,
    Example,
    ExampleDocument,
    Rule,
    TemplateError,
    format_problems,
    load_packs,
    message_fields,
)
from numcheck.model import Problem


class ProductParams(Params):
    """A stand-in kind's params."""

    tolerance: float = 0.0


class NeedsParams(Params):
    """A kind whose params have a required key."""

    window: int


def _run(docs, params):
    return iter(())


KINDS = {
    "product": KindSpec("product", ProductParams, _run),
    "windowed": KindSpec("windowed", NeedsParams, _run, scope="story"),
}

GOOD = """\
code: NC201
name: per-side-times-sides-mismatch
kind: product
severity: error
message: "{part} per side × {count} sides = {expected:,}, but the text says {stated} in total"
description: >
  A per-side figure times the number of sides disagrees with the stated total.
params: {tolerance: 0.5}
when: "not primary.boilerplate and primary.block != 'quote'"
help: Check both figures against the source.
examples:
  flag:
    - "About 1,000 on each side were freed, 3,000 in total."
    - {text: "Dated one.", date: 2025-05-23}
  pass:
    - documents:
        - "First document."
        - {text: "Second document.", date: "2025-05-24"}
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rule_text(code: str = "NC201", **changes: str) -> str:
    """GOOD with top-level lines replaced (key -> new raw YAML line, or "" to drop)."""
    lines = GOOD.replace("NC201", code).splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in changes and not line.startswith(" "):
            if changes[key]:
                out.append(changes[key])
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def test_valid_rule_loads_with_every_field(tmp_path):
    path = write(tmp_path, "r.yaml", GOOD)
    rules, problems = load_packs([path], KINDS)
    assert problems == ()
    (rule,) = rules
    assert (rule.code, rule.name, rule.kind, rule.severity) == (
        "NC201", "per-side-times-sides-mismatch", "product", "error")
    assert rule.params == ProductParams(tolerance=0.5)
    assert rule.description.startswith("A per-side figure") and not rule.description.endswith("\n")
    assert rule.help == "Check both figures against the source."
    assert rule.when == "not primary.boilerplate and primary.block != 'quote'"
    assert rule.placeholders == ("part", "count", "expected", "stated")
    assert rule.path == str(path) and rule.line == 1
    assert rule.examples == (
        Example("flag", "About 1,000 on each side were freed, 3,000 in total.", (), None, 13),
        Example("flag", "Dated one.", (), dt.date(2025, 5, 23), 14),
        Example("pass", None, (ExampleDocument("First document."),
                               ExampleDocument("Second document.", dt.date(2025, 5, 24))), None, 16),
    )


def test_rule_pickles_and_its_condition_works_after(tmp_path):
    (rule,), _ = load_packs([write(tmp_path, "r.yaml", GOOD)], KINDS)
    back = pickle.loads(pickle.dumps(rule))
    assert back == rule
    assert back.applies({"primary": {"boilerplate": False, "block": "body"}}) is True
    assert back.applies({"primary": {"boilerplate": True, "block": "body"}}) is False
    with pytest.raises(ExpressionError):
        back.applies({})
    assert back.condition is not None and back.condition.names == frozenset({"primary"})


def test_rule_without_when_always_applies(tmp_path):
    (rule,), _ = load_packs([write(tmp_path, "r.yaml", rule_text(when=""))], KINDS)
    assert rule.when is None and rule.condition is None and rule.applies({})


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    write(tmp_path, "b.yaml", rule_text("NC202"))
    write(tmp_path, "a.yml", rule_text("NC201"))
    write(tmp_path, "sub/c.yaml", rule_text("NC203"))
    write(tmp_path, "notes.txt", "not: a rule")
    rules, problems = load_packs([tmp_path], KINDS)
    assert problems == ()
    assert [r.code for r in rules] == ["NC201", "NC202", "NC203"]


def test_list_of_rules_and_multiple_documents(tmp_path):
    one = textwrap.indent(rule_text("NC201"), "  ").replace("  code:", "- code:", 1)
    two = textwrap.indent(rule_text("NC202"), "  ").replace("  code:", "- code:", 1)
    write(tmp_path, "list.yaml", one + two)
    write(tmp_path, "multi.yaml", rule_text("AB101") + "---\n" + rule_text("AB102"))
    rules, problems = load_packs([tmp_path / "list.yaml", tmp_path / "multi.yaml"], KINDS)
    assert problems == ()
    assert [r.code for r in rules] == ["NC201", "NC202", "AB101", "AB102"]
    assert [r.line for r in rules] == [1, 1 + GOOD.count("\n"), 1, 1 + GOOD.count("\n") + 1]


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "r.yaml", GOOD)
    rules, problems = load_packs([path, tmp_path], KINDS)
    assert len(rules) == 1 and problems == ()


def test_n_errors_are_n_problems_at_their_lines(tmp_path):
    # One rule with nine independent mistakes, each on its own line.
    text = """\
    code: nc1
    name: Not_Kebab
    kind: product
    severity: fatal
    message: "{0.__class__}"
    description: ""
    params: {tolerance: high, unknown: 1}
    when: "x and (y := 2)"
    colour: red
    examples:
      flag: []
      pass: ["ok"]
    """
    path = write(tmp_path, "bad.yaml", text)
    rules, problems = load_packs([path], KINDS)
    assert rules == ()
    got = [(p.line, p.column, p.text) for p in problems]
    assert got == [
        (1, 7, "nc1"),                     # code pattern
        (2, 7, "Not_Kebab"),               # name pattern
        (4, 11, "fatal"),                  # severity
        (5, 11, "{0.__class__}"),          # attribute access in a placeholder
        (6, 14, '""'),                     # empty description
        (7, 21, "high"),                   # params.tolerance wrong type
        (7, 27, "unknown"),                # unknown param
        (8, 15, '"x and (y := 2)"'),       # walrus, at the y of (y := 2)
        (9, 1, "colour"),                  # unknown key
        (11, 9, "[]"),                     # no flag examples
    ]
    assert all(p.kind == "rules" and p.path == str(path) for p in problems)
    assert "tolerance" in problems[5].message
    assert "unknown param 'unknown'" in problems[6].message
    assert ":=" in problems[7].message


def test_errors_in_several_rules_and_files_are_all_reported(tmp_path):
    write(tmp_path, "a.yaml", rule_text("NC201", kind="kind: nonsense"))
    write(tmp_path, "b.yaml", rule_text("NC202", severity="severity: 3"))
    write(tmp_path, "c.yaml", rule_text("NC203", params="params: [1]"))
    write(tmp_path, "d.yaml", rule_text("NC204"))
    rules, problems = load_packs([tmp_path], KINDS)
    assert [r.code for r in rules] == ["NC204"]
    assert [(Path(p.path).name, p.line) for p in problems] == [
        ("a.yaml", 3), ("b.yaml", 4), ("c.yaml", 8)]
    assert "unknown kind 'nonsense'" in problems[0].message
    assert "params" in problems[2].message


def test_missing_required_keys_point_at_the_rule(tmp_path):
    write(tmp_path, "r.yaml", "# a comment\ncode: NC201\nkind: product\n")
    rules, problems = load_packs([tmp_path / "r.yaml"], KINDS)
    missing = sorted(p.message.split("'")[1] for p in problems)
    assert missing == ["description", "examples", "message", "name", "severity"]
    assert {(p.line, p.column) for p in problems} == {(2, 1)}


def test_duplicate_codes_across_files_name_both_places(tmp_path):
    write(tmp_path, "a.yaml", rule_text("NC201"))
    write(tmp_path / "more", "b.yaml", rule_text("NC201"))
    rules, problems = load_packs([tmp_path / "a.yaml", tmp_path / "more"], KINDS)
    assert [r.path for r in rules] == [str(tmp_path / "a.yaml")]
    (p,) = problems
    assert (p.path, p.line, p.column, p.text) == (str(tmp_path / "more" / "b.yaml"), 1, 7, "NC201")
    assert f"first defined at {tmp_path / 'a.yaml'}:1" in p.message


def test_params_are_validated_by_the_kinds_model(tmp_path):
    text = rule_text(kind="kind: windowed", params="")
    rules, problems = load_packs([write(tmp_path, "r.yaml", text)], KINDS)
    assert rules == ()
    (p,) = problems
    assert "missing required key 'window' in params" in p.message and p.line == 1
    text = rule_text(kind="kind: windowed", params="params: {window: 3}")
    rules, problems = load_packs([write(tmp_path, "r.yaml", text)], KINDS)
    assert problems == () and rules[0].params == NeedsParams(window=3)


def test_strict_types_do_not_coerce(tmp_path):
    text = rule_text(code="NC201", name="name: 123", message="message: 42")
    rules, problems = load_packs([write(tmp_path, "r.yaml", text)], KINDS)
    assert rules == ()
    assert {(p.line, p.text) for p in problems} == {(2, "123"), (5, "42")}


@pytest.mark.parametrize(
    "example, fragment",
    [
        ("    - {text: a, documents: [b]}", "exactly one of 'text' and 'documents'"),
        ("    - {documents: [a], date: 2025-01-01}", "its own 'date'"),
        ("    - {text: a, lang: en}", "unknown key 'lang'"),
        ("    - {text: a, date: not-a-date}", "date"),
        ("    - 42", "valid dictionary"),
    ],
)
def test_bad_examples(tmp_path, example, fragment):
    text = GOOD.replace('    - "About 1,000 on each side were freed, 3,000 in total."', example)
    rules, problems = load_packs([write(tmp_path, "r.yaml", text)], KINDS)
    assert rules == ()
    assert len(problems) == 1 and fragment in problems[0].message
    assert problems[0].line == 13


def test_missing_pass_examples(tmp_path):
    text = GOOD.split("  pass:")[0]
    rules, problems = load_packs([write(tmp_path, "r.yaml", text)], KINDS)
    assert rules == () and "missing required key 'pass' in examples" in problems[0].message
    assert problems[0].line == 11


@pytest.mark.parametrize(
    "template, fields",
    [
        ("{expected} vs {stated}", ("expected", "stated")),
        ("{share:.1%} of {total:,} ({total})", ("share", "total")),
        ("{name!r} at {value:>10.2f}", ("name", "value")),
        ("no placeholders, {{literal braces}}", ()),
    ],
)
def test_message_fields_accepts_named_fields(template, fields):
    assert message_fields(template) == fields


@pytest.mark.parametrize(
    "template, fragment",
    [
        ("{0.__class__}", "plain names"),
        ("{a.b}", "plain names"),
        ("{a[0]}", "plain names"),
        ("{0}", "named"),
        ("{}", "named"),
        ("{x", "message template"),
        ("x}", "Single '}'"),
        ("{x!z}", "conversion"),
        ("{x:{y}}", "nested"),
        ("{x:>999999999}", "width"),
        ("{x:.500f}", "precision"),
        ("{x:what}", "bad format spec"),
    ],
)
def test_message_fields_rejects_unsafe_templates(template, fragment):
    with pytest.raises(TemplateError) as info:
        message_fields(template)
    assert fragment in info.value.message


def test_when_error_points_inside_the_expression(tmp_path):
    text = rule_text(when="when: primary.kind == 'count' and getattr(primary, 'x')")
    rules, problems = load_packs([write(tmp_path, "r.yaml", text)], KINDS)
    (p,) = problems
    line = text.splitlines()[p.line - 1]
    assert line[p.column - 1:].startswith("getattr(")


def test_missing_paths_empty_folders_and_empty_files(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path, "blank.yaml", "# nothing here\n")
    rules, problems = load_packs(
        [tmp_path / "nope.yaml", tmp_path / "empty", tmp_path / "blank.yaml"], KINDS)
    assert rules == ()
    assert [p.message for p in problems] == [
        "no such rule file or folder",
        "rule pack folder holds no *.yaml or *.yml files",
        "rule file holds no rules",
    ]


def test_non_mapping_rules(tmp_path):
    write(tmp_path, "r.yaml", "- just a string\n- [1, 2]\n")
    rules, problems = load_packs([tmp_path / "r.yaml"], KINDS)
    assert [(p.line, p.column) for p in problems] == [(1, 3), (2, 3)]
    assert all("must be a mapping" in p.message for p in problems)


def test_not_utf8_and_too_large(tmp_path):
    bad = tmp_path / "latin.yaml"
    bad.write_bytes(b"code: NC201\nname: caf\xe9\n")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    rules, problems = load_packs([bad, big], KINDS)
    assert [(p.line, p.column) for p in problems] == [(2, 10), (1, 1)]
    assert "not UTF-8" in problems[0].message and "larger than" in problems[1].message


def test_format_problems_lines():
    problems = [
        Problem("p.yaml", "unknown kind 'x'", 3, 7, "rules", "x"),
        Problem("q.yaml", "no such rule file or folder", kind="rules"),
    ]
    assert format_problems(problems) == (
        "p.yaml:3:7: unknown kind 'x' [x]\n"
        "q.yaml: no such rule file or folder"
    )


def test_rule_is_frozen(tmp_path):
    (rule,), _ = load_packs([write(tmp_path, "r.yaml", GOOD)], KINDS)
    with pytest.raises(AttributeError):
        rule.code = "NC999"  # type: ignore[misc]
    assert isinstance(rule, Rule)


def test_pure_python_yaml_gives_the_same_results(tmp_path, monkeypatch):
    # PyYAML without libyaml falls back to its pure-Python parser; marks must agree.
    import yaml

    from numcheck import yamlsafe as yamlmarks  # the reader (numcheck.engine.yamlmarks re-exports it)

    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "bad.yaml", rule_text("NC202", kind="kind: nope", when="when: x.__y")
          + "code: NC203\n")
    write(tmp_path, "tabs.yaml", "code: NC204\nexamples:\n\tflag: [a]\n")
    write(tmp_path, "alias.yaml", "a: &x [1]\nb: *x\nc: !!python/name:os.system\n")
    fast = load_packs([tmp_path], KINDS)
    monkeypatch.setattr(yamlmarks, "_LOADER", yaml.SafeLoader)
    slow = load_packs([tmp_path], KINDS)
    # libyaml and PyYAML word syntax errors differently; the part before "(" is ours.
    assert [(p.path, p.line, p.column, p.message.split(" (")[0]) for p in fast[1]] == [
        (p.path, p.line, p.column, p.message.split(" (")[0]) for p in slow[1]]
    assert fast[0] == slow[0] and len(fast[0]) == 1
    assert len(fast[1]) >= 6


def test_suggest_template_is_optional_and_checked_like_the_message(tmp_path):
    message = 'message: "{part} per side × {count} sides = {expected:,}, but the text says {stated} in total"'
    good = write(tmp_path, "good.yaml", rule_text(message=message + '\nsuggest: "{expected:,}"'))
    (rule,), problems = load_packs([good], KINDS)
    assert problems == () and rule.suggest == "{expected:,}"
    assert load_packs([write(tmp_path, "none.yaml", GOOD)], KINDS)[0][0].suggest is None
    bad = write(tmp_path, "bad.yaml", rule_text(message=message + '\nsuggest: "about {0.__class__}"'))
    rules, problems = load_packs([bad], KINDS)
    assert rules == ()
    assert [(p.line, p.column, p.text) for p in problems] == [(6, 17, "{0.__class__}")]
    assert problems[0].message.startswith("'suggest' ")


def test_finding_becomes_summary_computation_and_suggestion():
    """The rule's message filled in is the plain sentence, the kind's computation the arithmetic,
    and the rule's suggest template (only when every value it names is known) the suggestion."""
    from numcheck.report import check

    report = check("The storm moved 120 miles (250 km) inland before weakening.", date="2024-06-01",
                   select=["NC301"])
    (a,) = report.anomalies
    assert a.summary == "120 miles is about 193.1 km, not 250 km"
    assert a.computation.startswith("120 miles = 193.1 km;")
    assert a.message == f"{a.summary} ({a.computation})"
    assert a.suggested == "about 193.1 km"
    (rec,) = report.to_records()["anomalies"]
    assert rec["summary"] == a.summary and rec["computation"] == a.computation
    assert rec["suggestions"] == [{"path": "<text>", "page": None, "line": 1, "column": 28, "end_line": 1,
                                   "end_column": 34, "start": 27, "end": 33, "text": "250 km",
                                   "suggested": "about 193.1 km"}]
    # NC202 has no figure to solve for: no suggest template, no suggestion
    shares = check("In the referendum 40% voted yes, 35% voted no and the remaining 30% spoiled their ballots.",
                   date="2024-06-01", select=["NC202"])
    assert shares.anomalies and shares.to_records()["anomalies"][0]["suggestions"] == []


def test_suggestion_needs_every_value_it_names():
    from numcheck.checks.base import Finding, Involved
    from numcheck.engine.runner import finding_to_anomaly
    from numcheck.model import Claim

    rule = Rule(code="NC999", name="x", kind="product", severity="error", message="{a} not {b}",
                description="d", params=ProductParams(), suggest="{b} or {c}")
    claim = Claim(0, 2, "12", "count", 12.0)
    # not dict literals inside Finding(...): kind_values() reads those from this module's source
    # as the values of the test kinds defined here, and the other tests' templates would not load
    partial, full = {"a": 12, "b": 13}, {"a": 12, "b": 13, "c": 1400}
    finding = Finding(Involved("doc", claim), (), values=partial)
    assert finding_to_anomaly(rule, finding).suggested == ""
    finding = Finding(Involved("doc", claim), (), values=full)
    assert finding_to_anomaly(rule, finding).suggested == "13 or 1,400"
