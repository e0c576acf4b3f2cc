"""What users look for (issue 11, items 13-16): help for every option, ``numcheck rules test``,
a reference page generated from the code (and records examples that match the real output),
and the terminal modes linter users expect (``--quiet``, ``concise``, ``--statistics``)."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck.cli import _parser, main

REPO = Path(__file__).resolve().parents[1]
STORY = REPO / "fixtures" / "story_swap"
HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n# Ridge airlift\n\n"
BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.")
BAD_WEEKDAY = "The ridge trail reopened on Monday, March 3, 2020, after the rescue."


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(STORY, tmp_path / "story")
    (tmp_path / "ridge.md").write_text(HEAD + BAD + "\n\n" + BAD_WEEKDAY + "\n\n"
                                       + BAD.replace("38 hikers", "12 climbers") + "\n", encoding="utf-8")
    return tmp_path


# ---- 13. --help for every option ----------------------------------------------------------------

def _subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                for inner, subsub in _subparsers(sub):
                    yield f"{name} {inner}", subsub


def test_every_option_has_help():
    missing = []
    for name, sub in _subparsers(_parser()):
        for action in sub._actions:
            if action.option_strings and not action.help and not isinstance(action, argparse._HelpAction):
                missing.append(f"numcheck {name} {'/'.join(action.option_strings)}")
    assert missing == []


def test_check_help_lists_every_format_and_gives_examples(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["check", "--help"])
    out = capsys.readouterr().out
    fmt_help = " ".join(out.split("\n  --format FORMAT", 1)[1].split("--output", 1)[0].split())
    for fmt in ("text", "concise", "json", "sarif", "junit", "github", "markdown", "html", "jsonl",
                "csv", "parquet"):
        assert re.search(rf"\b{fmt}\b", fmt_help), fmt
    assert "examples:\n  numcheck check story/" in out
    for flag in ("--text-field NAME", "--date-field NAME", "--id-field NAME", "--story-field NAME"):
        assert flag in out


def test_an_unknown_format_names_every_format(desk, capsys):
    assert main(["check", "ridge.md", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("numcheck: unknown --format 'xml'; choose from text, concise, json, sarif, "
                           "junit, github, markdown, html, jsonl, csv, parquet")


# ---- 14. numcheck rules test PACK -------------------------------------------------------------

USER_PACK = """\
code: DK602
name: desk-weekday-check
kind: weekday
severity: warning
message: "{date_text} is a {actual}, not a {stated}"
description: The newsroom's weekday rule, with its own wording.
params: {max_inferred_days: 60}
examples:
  flag:
    - text: "The council will vote on Monday, April 8, 2025, the mayor's office said."
      date: 2025-04-01
    - text: "The council will vote next week, the mayor's office said."
      date: 2025-04-01
  pass:
    - text: "The council will vote on Tuesday, April 8, 2025, the mayor's office said."
      date: 2025-04-01
    - text: "The ferry resumed service on Wednesday, May 8, 2025, after repairs."
      date: 2025-04-01
"""


def test_rules_test_reports_each_failing_example_with_file_and_line(desk, capsys):
    pack = desk / "packs" / "desk.yaml"
    pack.parent.mkdir()
    pack.write_text(USER_PACK, encoding="utf-8")
    assert main(["rules", "test", str(pack.parent)]) == 1
    out = capsys.readouterr().out.splitlines()
    # the second flag example has no date to contradict; May 8, 2025 was a Thursday
    assert out[0] == (f"{pack}:12: DK602 flag example is not flagged by DK602: "
                      "\"The council will vote next week, the mayor's office said.\"")
    assert out[1].startswith(f"{pack}:17: DK602 pass example is flagged (DK602: Wednesday, May 8, 2025 "
                             "is a Thursday, not a Wednesday")
    assert out[2] == "4 examples of 1 rule: 2 passed, 2 failed"
    assert len(out) == 3


def test_rules_test_passes_a_good_pack_and_the_default_one(desk, capsys):
    pack = desk / "desk.yaml"
    good = USER_PACK.split("    - text: \"The council will vote next")[0] + "  pass:\n" + USER_PACK.split(
        "  pass:\n")[1].split("    - text: \"The ferry")[0]
    pack.write_text(good, encoding="utf-8")
    assert main(["rules", "test", str(pack)]) == 0
    assert capsys.readouterr().out.strip() == "2 examples of 1 rule: 2 passed, 0 failed"
    # the default pack (tests/test_rule_examples.py holds it to all passing)
    code = main(["rules", "test", "--strict"])
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    m = re.fullmatch(r"(\d+) examples of (\d+) rules: (\d+) passed, (\d+) failed", summary)
    from numcheck.engine import load_rules

    assert m and int(m.group(2)) == len(load_rules()[0]) and code == (1 if int(m.group(4)) else 0)


def test_rules_test_refuses_a_broken_pack(desk, capsys):
    pack = desk / "desk.yaml"
    pack.write_text(USER_PACK.replace("kind: weekday", "kind: weekdya"), encoding="utf-8")
    assert main(["rules", "test", str(pack)]) == 2
    assert f"{pack}:3:7: unknown kind 'weekdya'" in capsys.readouterr().err


# ---- 15. the reference page and the records examples -------------------------------------------

def test_reference_page_is_generated_from_the_code():
    from numcheck.engine.reference import render_reference

    page = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert page == render_reference(), \
        "docs/reference.md is out of date: run `numcheck rules reference > docs/reference.md`"


def test_reference_page_covers_every_kind_param_and_field():
    from numcheck.checks import KINDS
    from numcheck.engine.names import claim_fields, kind_values
    from numcheck.engine.reference import render_reference

    page = render_reference()
    for name, spec in KINDS.items():
        section = page.split(f"### `{name}`", 1)[1].split("\n### ", 1)[0]
        for param, info in spec.params.model_fields.items():
            assert f"| `{param}` |" in section, (name, param)
            if not info.is_required():
                default = info.get_default(call_default_factory=True)
                shown = json.dumps(list(default) if isinstance(default, tuple) else default)
                assert f"| {shown} |" in section.split(f"| `{param}` |", 1)[1].split("\n", 1)[0], (name, param)
        for value in kind_values(spec):
            assert f"`{value}`" in section, (name, value)
    for field in claim_fields():
        assert f"| `{field}` |" in page


def test_reference_command_prints_the_page(capsys):
    assert main(["rules", "reference"]) == 0
    assert capsys.readouterr().out == (REPO / "docs" / "reference.md").read_text(encoding="utf-8")


# ---- 16. --quiet, concise, --statistics --------------------------------------------------------

def test_quiet_prints_only_the_anomalies(desk, capsys):
    assert main(["check", "story/", "ridge.md", "--quiet", "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "Stories:" not in out and "documents," not in out
    heads = [ln for ln in out.splitlines() if re.match(r"\S+:\d+:\d+: (ERROR|WARNING|INFO) NC", ln)]
    assert len(heads) == 4 and out.splitlines()[0] == heads[0]
    assert not out.endswith("\n\n")


def test_concise_format_is_one_line_per_anomaly(desk, capsys):
    assert main(["check", "story/", "ridge.md", "--format", "concise"]) == 1
    lines = capsys.readouterr().out.splitlines()
    found = [ln for ln in lines if re.fullmatch(r"[^:\s]+:\d+:\d+: NC\d{3} \S.*", ln)]
    assert len(found) == 4 and lines[:4] == found
    assert found[0].startswith("story/wire_report.txt:11:109: NC601 \"2024\" puts this event in 2024")
    assert found[1].startswith("ridge.md:7:109: NC601 \"2019\" puts this event in 2019")
    assert lines[4:] == ["3 documents, 4 anomalies (4 errors, 0 warnings, 0 info), 0 input errors"]
    assert main(["check", "story/", "ridge.md", "--format", "concise", "-q"]) == 1
    assert capsys.readouterr().out.splitlines() == found


def test_statistics_count_anomalies_per_code(desk, capsys):
    assert main(["check", "story/", "ridge.md", "--statistics"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "3  NC601  error    anchored-date-contradicts-year",
        "1  NC602  error    weekday-contradicts-date",
    ]
    assert main(["check", "story/", "ridge.md", "--statistics", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {"count": 3, "code": "NC601", "name": "anchored-date-contradicts-year", "severity": "error"},
        {"count": 1, "code": "NC602", "name": "weekday-contradicts-date", "severity": "error"},
    ]


def test_concise_and_statistics_from_a_config_file(desk, capsys):
    (desk / "numcheck.toml").write_text('format = "concise"\n', encoding="utf-8")
    assert main(["check", "ridge.md", "-q"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_the_installed_command_prints_help(desk):
    proc = subprocess.run([sys.executable, "-m", "numcheck", "check", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "--statistics" in proc.stdout and "--quiet" in proc.stdout
