"""Baselines: write today's anomalies, then report only new ones; fingerprints survive edits."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from numcheck.baseline import BaselineError, apply_baseline, read_baseline, write_baseline
from numcheck.cli import main

HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n# Ridge airlift\n\n"
OLD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.\n")
NEW = "Last week the museum opened its third new wing of 2018, staff said.\n"


def check_json(capsys, *argv) -> tuple[int, dict]:
    code = main(["check", "--no-config", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_write_then_check_against_baseline(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(HEAD + OLD, encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "--write-baseline", "nc-baseline.json")
    # the run that writes the baseline reports against it: nothing new, exit 0
    assert code == 0 and rec["anomalies"] == [] and rec["summary"]["baseline_matched"] == 1
    saved = json.loads(Path("nc-baseline.json").read_text(encoding="utf-8"))
    (entry,) = saved["anomalies"]
    assert entry["code"] == "NC601" and entry["path"] == "a.md" and entry["text"] == "2019"
    assert saved["baseline"] == 1 and len(entry["fingerprint"]) == 16

    # paragraphs inserted above move the anomaly down; its fingerprint stays the same
    Path("a.md").write_text(HEAD + "The park has 4 ranger posts.\n\nIt opened in 1968.\n\n" + OLD,
                            encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "--baseline", "nc-baseline.json")
    assert code == 0 and rec["anomalies"] == [] and rec["summary"]["baseline_matched"] == 1
    assert rec["exit_code"] == 0

    # a new contradiction is reported; the old one still counts as matched
    Path("a.md").write_text(HEAD + "A preface.\n\n" + OLD + "\n" + NEW, encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "--baseline", "nc-baseline.json")
    assert code == 1 and [a["text"] for a in rec["anomalies"]] == ["2018"]
    assert rec["summary"]["baseline_matched"] == 1 and rec["summary"]["anomalies"] == 1
    assert rec["summary"]["by_severity"]["error"] == 1

    # without the baseline both are there
    code, rec = check_json(capsys, "a.md")
    assert code == 1 and rec["summary"]["anomalies"] == 2


def test_rewriting_an_unchanged_baseline_gives_the_same_bytes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(HEAD + OLD + "\n" + NEW, encoding="utf-8")
    check_json(capsys, "a.md", "--write-baseline", "b1.json")
    check_json(capsys, "a.md", "--write-baseline", "b2.json")
    assert Path("b1.json").read_bytes() == Path("b2.json").read_bytes()
    assert len(json.loads(Path("b1.json").read_text())["anomalies"]) == 2


def test_editing_the_anomalous_sentence_makes_it_new(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(HEAD + OLD, encoding="utf-8")
    check_json(capsys, "a.md", "--write-baseline", "b.json")
    Path("a.md").write_text(HEAD + OLD.replace("38 hikers", "41 hikers"), encoding="utf-8")
    code, rec = check_json(capsys, "a.md", "--baseline", "b.json")
    assert code == 1 and rec["summary"]["baseline_matched"] == 0


def test_baseline_matches_as_a_multiset():
    records = {"anomalies": [{"fingerprint": "f1", "severity": "error"},
                             {"fingerprint": "f1", "severity": "error"},
                             {"fingerprint": "f2", "severity": "warning"}],
               "errors": [], "summary": {"baseline_matched": 0}}
    out = apply_baseline(records, Counter({"f1": 1, "f2": 1}))
    assert [a["fingerprint"] for a in out["anomalies"]] == ["f1"]
    assert out["summary"]["baseline_matched"] == 2
    assert out["summary"]["by_severity"] == {"error": 1, "warning": 0, "info": 0}
    assert len(records["anomalies"]) == 3  # the input is left alone


def test_write_baseline_is_atomic_and_sorted(tmp_path):
    records = {"anomalies": [
        {"fingerprint": "bb", "code": "NC601", "path": "z.md", "line": 3, "text": "x", "sentence": "s"},
        {"fingerprint": "aa", "code": "NC601", "path": "a.md", "line": 9, "text": "y", "sentence": "t"},
    ]}
    target = tmp_path / "b.json"
    assert write_baseline(target, records) == 2
    assert [e["path"] for e in json.loads(target.read_text())["anomalies"]] == ["a.md", "z.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]  # no temp file left behind
    assert read_baseline(target) == Counter({"aa": 1, "bb": 1})


@pytest.mark.parametrize("content,needle", [
    (None, "no such baseline"),
    ("{not json", "not JSON"),
    ('{"anomalies": {}}', "not a numcheck baseline"),
    ('{"baseline": 99, "anomalies": []}', "version 99"),
    ('{"baseline": 1, "anomalies": [{"code": "NC601"}]}', "no fingerprint"),
])
def test_bad_baselines_are_usage_errors(tmp_path, monkeypatch, capsys, content, needle):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        Path("b.json").write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=needle):
        read_baseline("b.json")
    Path("a.md").write_text(HEAD + OLD, encoding="utf-8")
    assert main(["check", "--no-config", "a.md", "--baseline", "b.json"]) == 2
    assert needle in capsys.readouterr().err
