"""Errors a new user hits (issue 11, items 5, 7, 8, 9 and 12): each is one clear line naming
where the mistake is, printed once, and never an internal error or a silent no-op."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

import numcheck
from numcheck.cli import main

HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n# Ridge airlift\n\n"
BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.")
CLEAN = "The rangers keep 4 posts on the ridge, staffed by 12 volunteers."
WIRE = (Path(__file__).resolve().parents[1] / "fixtures" / "story_swap" / "wire_report.txt").read_text(encoding="utf-8")
NETWORK = (Path(__file__).resolve().parents[1] / "fixtures" / "story_swap" / "network_report.txt").read_text(encoding="utf-8")


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    """A working folder with a contradictory and a clean article, and no config."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(HEAD + BAD + "\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(HEAD + CLEAN + "\n", encoding="utf-8")
    return tmp_path


def stderr_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.strip()]


# ---- 5. `numcheck rules` without an action -------------------------------------------------------

def test_rules_without_an_action_prints_usage(desk, capsys):
    assert main(["rules"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: numcheck rules")
    assert "choose an action: list, show CODE, test [PACK ...] or reference" in err
    assert "internal error" not in err


# ---- 7. unknown codes and prefixes are errors that name the nearest real codes -----------------

@pytest.mark.parametrize("flag, value, hint", [
    ("--select", "XX999", "no loaded rule's code starts with it (codes start with NC0, NC1"),
    ("--select", "NC6O1", "did you mean NC601"),      # letter O for zero
    ("--ignore", "NC8", "codes start with NC0, NC1, NC2, NC3, NC4, NC5, NC6, NC7"),
    ("--select", "NC601,NC6o2", "did you mean NC602"),
])
def test_unknown_codes_on_the_command_line(desk, capsys, flag, value, hint):
    assert main(["check", "bad.md", flag, value]) == 2
    err = capsys.readouterr().err
    bad = [c.upper() for c in value.split(",") if c.upper() != "NC601"][0]
    assert f"numcheck: {flag}: unknown rule code or prefix {bad!r}" in err
    assert hint in err


def test_known_prefixes_still_select(desk, capsys):
    assert main(["check", "bad.md", "--select", "nc6"]) == 1
    assert main(["check", "bad.md", "--ignore", "NC6"]) == 0


def test_unknown_codes_in_the_config_point_at_the_entry(desk, capsys):
    text = 'select = ["NC601", "NC6O2"]\n\n[[overrides]]\npaths = ["drafts/**"]\nignore = ["NC9"]\n'
    (desk / "numcheck.toml").write_text(text, encoding="utf-8")
    assert main(["check", "bad.md"]) == 2
    lines = [ln.replace(str(desk) + "/", "") for ln in stderr_lines(capsys.readouterr().err)]
    col = text.index('"NC6O2"') + 1
    assert lines[0] == (f"numcheck: numcheck.toml:1:{col}: unknown rule code or prefix 'NC6O2' in "
                        "select; did you mean NC602?")
    assert lines[1].startswith("numcheck: numcheck.toml:5:11: unknown rule code or prefix 'NC9' in "
                               "overrides[0].ignore")
    assert len(lines) == 2


def test_unknown_codes_in_ignore_comments_are_input_errors(desk, capsys):
    (desk / "c.md").write_text(HEAD + "<!-- numcheck: ignore NC6011 -->\n" + BAD + "\n", encoding="utf-8")
    assert main(["check", "c.md", "bad.md", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert stderr_lines(captured.err) == [
        "numcheck: c.md:7:1: unknown rule code or prefix 'NC6011' in numcheck: ignore comment; "
        "did you mean NC601?"]
    records = json.loads(captured.out)
    # the typo silences nothing, and both files are still checked
    assert sorted(a["path"] for a in records["anomalies"]) == ["bad.md", "c.md"]


def test_a_code_of_a_rule_left_out_by_select_is_still_known(desk, capsys):
    (desk / "c.md").write_text(HEAD + "<!-- numcheck: ignore NC101 -->\n" + BAD + "\n", encoding="utf-8")
    assert main(["check", "c.md", "--select", "NC6"]) == 1
    assert capsys.readouterr().err == ""


def test_unknown_codes_in_the_api_raise(desk):
    from numcheck.report import CheckError

    with pytest.raises(CheckError, match="unknown rule code or prefix 'NC6O1'; did you mean NC601"):
        numcheck.check(texts=[BAD], date="2020-03-20", select=["NC6O1"])


# ---- 8. `when:` names and fields are checked when the pack loads -------------------------------

PACK = """\
code: XY602
name: council-weekday-check
kind: weekday
severity: warning
message: "{date_text} falls on a {actual}, not on a {stated}"
description: A weekday next to an explicit date is not that date's weekday.
params: {max_inferred_days: 60}
when: "WHEN"
examples:
  flag:
    - text: "The council will vote on Monday, April 8, 2025, the mayor's office said."
      date: 2025-04-01
  pass:
    - text: "The council will vote on Tuesday, April 8, 2025, the mayor's office said."
      date: 2025-04-01
"""


def write_pack(desk: Path, when: str) -> Path:
    path = desk / "pack.yaml"
    path.write_text(PACK.replace("WHEN", when), encoding="utf-8")
    return path


@pytest.mark.parametrize("when, column, message", [
    ("primary.valeu >= 10", 16, "no field 'valeu' on primary; did you mean 'value'?"),
    ("stated != actuall", 18, "unknown name 'actuall'; did you mean 'actual'?"),
    ("evidence.value > 3", 17, "evidence is a list: read a field of one of its items, as in evidence[0].value"),
    ("evidence[0].vaule > 3", 20, "no field 'vaule' on evidence[0]; did you mean 'value'?"),
    ("actual.value > 3", 15, "actual is a value (a number or a text), it has no field 'value'"),
])
def test_unknown_names_and_fields_are_load_errors(desk, capsys, when, column, message):
    pack = write_pack(desk, when)
    for n in range(3):
        (desk / f"more{n}.md").write_text(HEAD + CLEAN + "\n", encoding="utf-8")
    assert main(["check", "bad.md", "more0.md", "more1.md", "more2.md", "--rules", str(pack)]) == 2
    lines = stderr_lines(capsys.readouterr().err)
    # one error, at its place in the pack, not one per document at run time
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"numcheck: {pack}:8:{column}: bad 'when' condition: {message}")


def test_a_when_reads_the_kinds_values_and_claim_fields(desk, capsys):
    pack = write_pack(desk, "stated != actual and primary.kind == 'date' and evidence[0].doc == primary.doc")
    assert main(["rules", "test", str(pack)]) == 0
    assert "2 examples of 1 rule: 2 passed, 0 failed" in capsys.readouterr().out


def test_a_value_another_check_of_the_kind_sets_reads_as_none(desk, capsys):
    # "count" is a value of the percent kind's share_of_base check only; a change finding has none
    pack = (desk / "pack.yaml")
    pack.write_text(textwrap.dedent("""\
        code: XY203
        name: change-without-count
        kind: percent
        severity: warning
        message: "{stated} is not the change from {start} to {end} ({computed})"
        description: A stated change disagrees with its from and to values.
        params: {check: change}
        when: "count is None and stated != ''"
        examples:
          flag:
            - text: "Ticket sales rose 25%, from 80,000 to 120,000, the organisers said."
              date: 2024-06-01
          pass:
            - text: "Ticket sales rose 50%, from 80,000 to 120,000, the organisers said."
              date: 2024-06-01
        """), encoding="utf-8")
    assert main(["rules", "test", str(pack), "--no-default-rules"]) == 0


def test_message_placeholders_are_checked_against_the_kind(desk, capsys):
    pack = write_pack(desk, "not primary.boilerplate")
    pack.write_text(pack.read_text(encoding="utf-8").replace("{actual}", "{actaul}"), encoding="utf-8")
    assert main(["rules", "list", "--rules", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "pack.yaml:5:34: message placeholder {actaul} is not a value of kind weekday; did you mean {actual}?" in err


def test_suggest_placeholders_are_checked_against_the_kind_too(desk, capsys):
    """A rule's suggest template is filled from the same values as its message, so a name the
    kind never fills is a load error at its place, not a "{name}" in every review report."""
    pack = write_pack(desk, "not primary.boilerplate")
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("description:", 'suggest: "{staed}"\ndescription:', 1), encoding="utf-8")
    assert main(["rules", "list", "--rules", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "pack.yaml:6:11: suggest placeholder {staed} is not a value of kind weekday; did you mean {stated}?" in err
    pack.write_text(text.replace("description:", 'suggest: "{actual}"\ndescription:', 1), encoding="utf-8")
    assert main(["rules", "list", "--rules", str(pack)]) == 0


def test_allowed_names_come_from_the_code():
    """The schema is derived, not copied: every claim field, ``doc``, and each kind's values."""
    from numcheck.checks import KINDS
    from numcheck.engine.names import claim_fields, kind_values
    from numcheck.engine import load_rules
    from numcheck.model import Claim

    assert claim_fields() == set(Claim.field_names()) | {"doc"}
    for name, spec in KINDS.items():
        assert kind_values(spec), f"kind {name}: its finding values cannot be read from its code"
    for rule in load_rules()[0]:
        assert set(rule.placeholders) <= kind_values(KINDS[rule.kind]), rule.code


# ---- 9. every error printed once, counted as what it is ---------------------------------------

def test_an_input_error_is_printed_once(desk, capsys):
    assert main(["check", "bad.md", "missing.md"]) == 2
    captured = capsys.readouterr()
    assert stderr_lines(captured.err) == ["numcheck: missing.md: no such file"]
    assert "missing.md" not in captured.out
    assert captured.out.rstrip().endswith(", 1 input error")


def test_a_report_file_keeps_the_errors(desk, capsys):
    assert main(["check", "bad.md", "missing.md", "-o", "report.txt"]) == 2
    assert "Errors:\n  missing.md: input: no such file" in Path("report.txt").read_text(encoding="utf-8")


def test_pack_errors_are_counted_as_pack_errors(desk, capsys):
    pack = desk / "broken.yaml"
    pack.write_text("code: nc1\nname: Bad Name\nkind: nope\nseverity: fatal\n", encoding="utf-8")
    assert main(["check", "bad.md", "--rules", str(pack)]) == 2
    captured = capsys.readouterr()
    n = len(stderr_lines(captured.err))
    assert n >= 4
    assert captured.out.rstrip().endswith(f"{n} rule-pack errors")
    assert "input error" not in captured.out


# ---- 12. presentation ---------------------------------------------------------------------------

def test_severity_counts_are_plural(desk, capsys):
    (desk / "two.md").write_text(HEAD + BAD + "\n\n" + BAD.replace("38 hikers", "40 climbers") + "\n",
                                 encoding="utf-8")
    assert main(["check", "two.md"]) == 1
    assert "1 document, 2 anomalies (2 errors, 0 warnings, 0 info), 0 input errors" in capsys.readouterr().out


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


TOWNS = ["Ashford", "Bexley", "Corbridge", "Dunmore", "Elsworth", "Fenwick", "Garston", "Hexham",
         "Ilford", "Jarrow", "Keswick", "Ludlow", "Malton", "Newport", "Oakham", "Penrith",
         "Quorn", "Ripon", "Selby", "Thirsk", "Ulverston", "Ventnor", "Wetherby", "Yarm"]


def test_a_corpus_lists_only_linked_stories(desk, capsys):
    rows = [{"id": f"r{i}", "date": "2024-06-01",
             "text": f"The {town} council approved {120 + i} new homes on Tuesday, and "
                     f"{town} residents will vote on the plan in July."}
            for i, town in enumerate(TOWNS)]
    corpus = _jsonl(desk / "towns.jsonl", rows)
    assert main(["check", str(corpus), "--jobs", "1", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "Stories:\n  24 documents stand alone (linked to no other document)\n" in out
    assert len(out.splitlines()) < 6


def test_corpus_stories_say_what_linked_them(desk, capsys):
    corpus = _jsonl(desk / "swap.jsonl", [{"id": "net", "text": NETWORK}, {"id": "wire", "text": WIRE}])
    assert main(["check", str(corpus), "--story", "auto", "--jobs", "1", "--format", "json"]) == 1
    stories = json.loads(capsys.readouterr().out)["stories"]
    linked = [s for s in stories if len(s["documents"]) == 2]
    assert len(linked) == 1
    assert not any(w.startswith("story: ") for w in linked[0]["linked_by"])
    assert "names " in linked[0]["linked_by"][0] and "Istanbul" in linked[0]["linked_by"][0]


LOCATION = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): ")


def test_corpus_locations_parse_as_path_line_col(desk, capsys):
    corpus = _jsonl(desk / "news.jsonl", [{"id": "meantime:8951", "date": "2020-03-20",
                                           "text": CLEAN + " " + BAD}])
    assert main(["check", str(corpus), "--jobs", "1", "--color", "never"]) == 1
    head = capsys.readouterr().out.splitlines()[0]
    m = LOCATION.match(head)
    assert m, head
    assert m.group("path") == f"{corpus}#meantime%3A8951"
    assert (m.group("line"), m.group("col")) == ("1", str(len(CLEAN) + 1 + BAD.index("2019") + 1))
    # SARIF names the same row by the same encoding; GitHub annotates the corpus file itself
    assert main(["check", str(corpus), "--jobs", "1", "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("news.jsonl#meantime%3A8951")
    assert main(["check", str(corpus), "--jobs", "1", "--format", "github"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"::error file={corpus.as_posix()},title=NC601")
    assert f"::{corpus}#meantime%253A8951:1:" in line  # the message starts with the row's place
