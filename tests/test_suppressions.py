"""Inline ``numcheck: ignore`` comments end to end, and ``--report-unused-ignores`` (NC000)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from numcheck.cli import main

HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n# Ridge airlift\n\n"
BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.")
CLEAN = "The rangers keep 4 posts on the ridge."

#: Every key an anomaly record has (docs/records.md); NC000 findings must have the same.
ANOMALY_KEYS = {"code", "name", "kind", "severity", "path", "page", "line", "column", "end_line",
                "end_column", "start", "end", "text", "sentence", "message", "summary",
                "computation", "suggestions", "evidence", "fingerprint"}


def check_json(capsys, *argv) -> tuple[int, dict]:
    code = main(["check", "--no-config", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def chdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def article(*lines: str) -> str:
    return HEAD + "\n\n".join(lines) + "\n"


def test_unsuppressed_article_is_flagged(chdir, capsys):
    Path("a.md").write_text(article(BAD), encoding="utf-8")
    code, rec = check_json(capsys, "a.md")
    assert code == 1 and [a["code"] for a in rec["anomalies"]] == ["NC601"]


@pytest.mark.parametrize("flag", [[], ["--report-unused-ignores"]])
def test_comment_on_the_line_above_silences_it(chdir, capsys, flag):
    Path("a.md").write_text(article("<!-- numcheck: ignore NC601 -->\n" + BAD), encoding="utf-8")
    code, rec = check_json(capsys, "a.md", *flag)
    assert code == 0 and rec["anomalies"] == [] and rec["summary"]["suppressed"] == 1


def test_plain_text_comment_on_the_same_line(chdir, capsys):
    Path("a.txt").write_text(BAD + "  numcheck: ignore\n", encoding="utf-8")
    code, rec = check_json(capsys, "a.txt", "--date", "2020-03-20", "--report-unused-ignores")
    assert code == 0 and rec["summary"]["suppressed"] == 1 and rec["anomalies"] == []


def test_unused_comment_is_reported_as_nc000_at_the_comment(chdir, capsys):
    text = article(BAD + " <!-- numcheck: ignore NC601 -->", CLEAN + " <!-- numcheck: ignore NC601 -->")
    Path("a.md").write_text(text, encoding="utf-8")
    code, rec = check_json(capsys, "a.md")
    assert code == 0 and rec["summary"]["suppressed"] == 1  # without the flag: silent

    code, rec = check_json(capsys, "a.md", "--report-unused-ignores")
    (finding,) = rec["anomalies"]
    assert set(finding) == ANOMALY_KEYS
    assert finding["code"] == "NC000" and finding["name"] == "unused-ignore"
    assert finding["severity"] == "warning" and code == 1
    lines = text.split("\n")
    line = next(i for i, s in enumerate(lines, 1) if s.startswith(CLEAN))
    assert finding["line"] == line
    assert finding["column"] == lines[line - 1].index("<!--") + 1
    assert "NC601" in finding["message"] and finding["sentence"].startswith(CLEAN)
    assert rec["summary"]["suppressed"] == 1 and rec["summary"]["by_severity"]["warning"] == 1
    assert any(r["code"] == "NC000" for r in rec["rules"])
    # every renderer copes with the finding
    for fmt in ("text", "sarif", "junit", "github", "markdown"):
        assert main(["check", "--no-config", "a.md", "--report-unused-ignores", "--format", fmt]) == 1
        assert "NC000" in capsys.readouterr().out


def test_unused_codes_of_a_partly_used_comment(chdir, capsys):
    Path("a.md").write_text(article(BAD + " <!-- numcheck: ignore NC601, NC401 -->"), encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "--report-unused-ignores")
    (finding,) = rec["anomalies"]
    assert finding["code"] == "NC000" and "NC401" in finding["message"]
    assert "remove NC401 from it" in finding["message"]


def test_codes_of_rules_that_did_not_run_are_not_unused(chdir, capsys):
    Path("a.md").write_text(article(CLEAN + " <!-- numcheck: ignore NC601 -->"), encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "--report-unused-ignores", "--select", "NC4")
    assert code == 0 and rec["anomalies"] == []
    code, rec = check_json(capsys, "a.md", "--report-unused-ignores")
    assert code == 1 and rec["anomalies"][0]["code"] == "NC000"


def test_file_level_ignore_used_and_unused(chdir, capsys):
    Path("a.md").write_text(article("<!-- numcheck: ignore-file -->", BAD), encoding="utf-8")
    Path("b.md").write_text(article(CLEAN, "<!-- numcheck: ignore-file -->"), encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "b.md", "--story", "file", "--report-unused-ignores")
    assert rec["summary"]["suppressed"] == 1
    (finding,) = rec["anomalies"]
    line = Path("b.md").read_text().split("\n").index("<!-- numcheck: ignore-file -->") + 1
    assert finding["path"] == "b.md" and finding["line"] == line and "this file" in finding["message"]


def test_the_finding_can_be_baselined(chdir, capsys):
    Path("a.md").write_text(article(CLEAN + " <!-- numcheck: ignore -->"), encoding="utf-8")
    code, _ = check_json(capsys, "a.md", "--report-unused-ignores", "--write-baseline", "b.json")
    assert code == 0
    code, rec = check_json(capsys, "a.md", "--report-unused-ignores", "--baseline", "b.json")
    assert code == 0 and rec["summary"]["baseline_matched"] == 1
