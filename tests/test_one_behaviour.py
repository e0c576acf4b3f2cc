"""One behaviour everywhere (issue 11, items 1-4; issue 16, item 12): every output format, the
Python API and the pytest plugin read, link and suppress exactly as ``numcheck check`` does.

The story is the repository's own example: ``fixtures/story_swap/`` holds a wire report with no
date of its own and a network report dated by its photo caption. Only once the two are linked
into one story does the wire report's "earlier this month ... in 2024" contradict the date.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import _ci  # noqa: E402

import numcheck
from numcheck.cli import main

REPO = Path(__file__).resolve().parents[1]
STORY = REPO / "fixtures" / "story_swap"
WIRE, NETWORK = "wire_report.txt", "network_report.txt"


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    """A working folder holding a copy of the story in ``story/``, and no config."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(STORY, tmp_path / "story")
    return tmp_path


# ---- 1. the same default story linking for every format ----------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "parquet"])
def test_every_format_links_the_story_and_finds_the_contradiction(desk, capsys, fmt):
    if fmt == "parquet":
        _ci.importorskip("pyarrow", module_level=False)
    out = desk / f"out.{fmt}"
    assert main(["check", "story/", "--format", fmt, "-o", str(out)]) == 1
    if fmt == "parquet":
        import pandas as pd

        codes = pd.read_parquet(out)["code"].tolist()
    elif fmt == "csv":
        codes = [row["code"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))]
    elif fmt == "jsonl":
        codes = [json.loads(line)["code"] for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "json":
        codes = [a["code"] for a in json.loads(out.read_text(encoding="utf-8"))["anomalies"]]
    else:
        codes = [line.split()[2] for line in out.read_text(encoding="utf-8").splitlines()
                 if ": ERROR " in line]
    assert codes == ["NC601"], fmt


def test_table_formats_take_the_story_flag_too(desk, capsys):
    # --story file keeps the undated wire report alone, so nothing contradicts its date
    assert main(["check", "story/", "--format", "jsonl", "--story", "file"]) == 0
    assert capsys.readouterr().out.strip() == ""


def _corpus(desk: Path) -> Path:
    rows = [{"id": name.split("_")[0], "text": (STORY / name).read_text(encoding="utf-8")}
            for name in (NETWORK, WIRE)]
    path = desk / "swap.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_a_config_story_setting_applies_to_corpus_rows_in_every_format(desk, capsys, fmt):
    corpus = _corpus(desk)
    # corpus rows are linked by their story column by default (here: none), in every format
    assert main(["check", str(corpus), "--format", fmt, "--jobs", "1"]) == 0
    capsys.readouterr()
    (desk / "numcheck.toml").write_text('story = "auto"\n', encoding="utf-8")
    assert main(["check", str(corpus), "--format", fmt, "--jobs", "1"]) == 1
    assert "NC601" in capsys.readouterr().out


# ---- 2. numcheck.check on folders; input errors cannot be missed ---------------------------------

def test_api_checks_a_folder_as_the_cli_does(desk):
    report = numcheck.check("story/")
    assert report.errors == []
    assert [a.code for a in report.anomalies] == ["NC601"]
    assert {d.document.path for d in report.documents} == {f"story/{WIRE}", f"story/{NETWORK}"}
    same = numcheck.check(paths=[desk / "story"])
    assert [a.code for a in same.anomalies] == ["NC601"]


def test_api_input_errors_raise_with_the_other_results_kept(desk):
    from numcheck.report import CheckError

    with pytest.raises(CheckError, match="no such file") as info:
        numcheck.check(paths=["story/missing.md", "story/"])
    report = info.value.report
    assert report.exit_code == 2
    assert [p.path for p in report.errors] == ["story/missing.md"]
    assert [a.code for a in report.anomalies] == ["NC601"]  # the readable files still count
    (desk / "empty").mkdir()
    with pytest.raises(CheckError, match="holds no .md, .txt, .html, .pdf or .docx files"):
        numcheck.check(paths="empty")
    # a folder that does not exist is never silently checked as the text "nothere/"
    with pytest.raises(CheckError, match="nothere"):
        numcheck.check("nothere/")


def test_api_can_return_the_errors_instead(desk):
    report = numcheck.check(paths=["story/missing.md"], on_error="report")
    assert report.exit_code == 2 and report.errors[0].message == "no such file"


# ---- issue 16.12: paths and texts are never mistaken for each other --------------------------

def test_texts_are_never_read_as_files(desk):
    (desk / "brief.txt").write_text((STORY / WIRE).read_text(encoding="utf-8"), encoding="utf-8")
    as_text = numcheck.check(texts=["brief.txt"], date="2025-05-23")
    assert [d.document.path for d in as_text.documents] == ["<text>"]
    assert as_text.documents[0].document.text == "brief.txt"  # the string itself, not the file
    as_path = numcheck.check(paths=["brief.txt"], date="2025-05-23")
    assert [a.code for a in as_path.anomalies] == ["NC601"]
    # a Path object is always a path, even in the older positional form
    assert [a.code for a in numcheck.check([Path("brief.txt")], date="2025-05-23").anomalies] == ["NC601"]


def test_paths_and_texts_together_in_one_story(desk):
    report = numcheck.check(paths=[f"story/{NETWORK}"],
                            texts=[(STORY / WIRE).read_text(encoding="utf-8")])
    assert [(a.code, a.doc) for a in report.anomalies] == [("NC601", "<text2>")]


def test_wrong_argument_types_are_refused(desk):
    with pytest.raises(TypeError, match="texts= takes str"):
        numcheck.check(texts=[Path("a.md")])
    with pytest.raises(TypeError, match="paths= takes str or os.PathLike"):
        numcheck.check(paths=[3])


# ---- 3. the pytest plugin links stories like the CLI ------------------------------------------

def test_plugin_links_the_story_like_the_cli(pytester):
    shutil.copytree(STORY, pytester.path / "story")
    result = pytester.runpytest("--numcheck", "story", "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert f"story/{WIRE}::numcheck FAILED" in out and f"story/{NETWORK}::numcheck PASSED" in out
    assert f"story/{WIRE}:11:109: ERROR NC601" in out
    assert f"taken from story/{NETWORK}" in out  # the date came from the linked article


def test_plugin_takes_the_cli_options(pytester):
    shutil.copytree(STORY, pytester.path / "story")
    pytester.runpytest("--numcheck", "story", "--numcheck-story", "file",
                       "-p", "no:cacheprovider").assert_outcomes(passed=2)
    pytester.runpytest("--numcheck", "story", "--numcheck-ignore", "NC6",
                       "-p", "no:cacheprovider").assert_outcomes(passed=2)
    pytester.runpytest("--numcheck", "story", "--numcheck-fail-on", "never",
                       "-p", "no:cacheprovider").assert_outcomes(passed=2)
    # an unknown code fails every item with the message, as the CLI exits 2
    result = pytester.runpytest("--numcheck", "story", "--numcheck-select", "NC6O1",
                                "-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*--numcheck-select: *unknown rule code or prefix 'NC6O1'; did you mean NC601*"])


def test_plugin_selection_checks_only_the_selected_articles(pytester):
    shutil.copytree(STORY, pytester.path / "story")
    # with the network report deselected the wire report has no date: nothing to contradict
    pytester.runpytest("--numcheck", "story", "-k", "wire", "-p", "no:cacheprovider").assert_outcomes(passed=1)


# ---- 4. code prefixes in suppressions -----------------------------------------------------------

HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n# Ridge airlift\n\n"
BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.")
CLEAN = "The rangers keep 4 posts on the ridge, staffed by 12 volunteers."


def _check(capsys, *argv) -> tuple[int, dict]:
    code = main(["check", "--no-config", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("comment", ["<!-- numcheck: ignore NC6 -->\n",
                                     "<!-- numcheck: ignore nc60 -->\n",
                                     "<!-- numcheck: ignore NC4, NC6 reviewed with the desk -->\n"])
def test_a_prefix_in_an_ignore_comment_silences_the_line(desk, capsys, comment):
    Path("a.md").write_text(HEAD + comment + BAD + "\n", encoding="utf-8")
    code, rec = _check(capsys, "a.md")
    assert (code, rec["anomalies"], rec["summary"]["suppressed"]) == (0, [], 1)


def test_a_prefix_in_ignore_file_and_plain_text(desk, capsys):
    Path("a.md").write_text(HEAD + "<!-- numcheck: ignore-file NC6 -->\n\n" + BAD + "\n", encoding="utf-8")
    Path("b.txt").write_text("March 20, 2020\n\n" + BAD + "  numcheck: ignore NC6\n", encoding="utf-8")
    code, rec = _check(capsys, "a.md", "b.txt")
    assert (code, rec["anomalies"], rec["summary"]["suppressed"]) == (0, [], 2)


def test_unused_prefix_comments_are_reported(desk, capsys):
    Path("a.md").write_text(HEAD + "<!-- numcheck: ignore-file NC4 -->\n\n" + BAD
                            + " <!-- numcheck: ignore NC6, NC1 -->\n\n" + CLEAN + "\n", encoding="utf-8")
    code, rec = _check(capsys, "a.md", "--report-unused-ignores")
    assert code == 1
    found = sorted((a["code"], a["line"], a["message"]) for a in rec["anomalies"])
    assert [(c, ln) for c, ln, _ in found] == [("NC000", 7), ("NC000", 9)]
    assert "no NC4 anomaly on this file" in found[0][2]
    assert "no NC1 anomaly on the line it covers; remove NC1 from it" in found[1][2]
    assert rec["summary"]["suppressed"] == 1  # NC6 silenced NC601
