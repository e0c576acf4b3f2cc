"""Front matter, corpus rows, configs and baselines are untrusted input (issue 16, items 5-9).

Each hostile input sits beside good.md (or a good corpus row), goes through the real command
line, and must end in one clear line naming it, exit 2, and the other results kept. Where it
applies the same input also goes through the API, the pytest plugin and a Dask partition.
Runs that a regression could make expand an alias bomb or read ``/dev/zero`` are capped in
memory (hostile_support.MEMORY_LIMIT), so a failure is a failed test, not a swapping machine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile_support import GOOD, GOOD_TEXT, assert_clean_failure, check, cli, clean_env

SECRET = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


# ---- item 5: front matter --------------------------------------------------------------------

def _alias_bomb(levels: int = 8, width: int = 9) -> str:
    """Each level lists the previous one ``width`` times: ``width ** levels`` strings when
    expanded (43 million here), from well under a kilobyte."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"title: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\nAbout 1,000 people came.\n"


FRONT_MATTER = {
    "alias-bomb": (_alias_bomb(), r"bomb\.md:2:5: anchors are not allowed in front matter "
                                  r"\(&a0\) \[&a0\]"),
    "deep-flow": ("---\ntitle: " + "[" * 5000 + "\n---\nAbout 1,000 people came.\n",
                  r"bomb\.md:2:40: front matter: nested deeper than 32 levels; stopped reading "
                  r"this file \[\[+\]"),
    "python-tag": ("---\ntitle: !!python/object/apply:os.system [ls]\n---\nBody.\n",
                   r"bomb\.md:2:8: tag !!python/object/apply:os.system is not allowed in front "
                   r"matter \[!!python/object/apply:os.system\]"),
    "over-a-megabyte": ("---\ntitle: " + "x" * 1_100_000 + "\n---\nBody.\n",
                        r"bomb\.md:1:1: front matter: document larger than 1,000,000 characters"),
}


@pytest.mark.parametrize("case", sorted(FRONT_MATTER))
def test_hostile_front_matter_is_an_error_for_that_file(desk: Path, case: str) -> None:
    import re

    text, error = FRONT_MATTER[case]
    (desk / "bomb.md").write_text(text, encoding="utf-8")
    run = check(desk, "bomb.md", "good.md", timeout=90)
    assert_clean_failure(run)
    assert run.code == 2
    assert re.fullmatch("numcheck: " + error, run.error_lines()[0]), run.error_lines()


def test_sexagesimal_title_is_text(desk: Path) -> None:
    """``title: 1:0:0:...`` is a YAML 1.1 base-60 integer; PyYAML's conversion is quadratic (2 MB
    took 77 s) and its str() raised ValueError. Front matter values are text."""
    title = "1:" + "0:" * 100_000 + "0"
    (desk / "clock.md").write_text(f"---\ntitle: {title}\nstory: no\n---\nBody.\n", encoding="utf-8")
    run = check(desk, "clock.md", "good.md", timeout=90)
    assert "Traceback" not in run.stderr and run.error_lines() == [], run.stderr
    doc = next(d for d in run.records["documents"] if d["path"] == "clock.md")
    assert doc["title"] == title
    assert [d["story"] for d in run.records["documents"]]  # "no" is a story name, not False


def test_hostile_front_matter_through_the_api(desk: Path) -> None:
    import numcheck

    for case, (text, _) in FRONT_MATTER.items():
        (desk / f"{case}.md").write_text(text, encoding="utf-8")
    report = numcheck.check(paths=sorted(desk.glob("*.md")), on_error="report")
    assert sorted(Path(p.path).name for p in report.errors) == sorted(f"{c}.md" for c in FRONT_MATTER)
    assert all(p.kind == "input" and "front matter" in p.message for p in report.errors)
    assert [a.code for a in report.anomalies] == ["NC601"]


def test_hostile_front_matter_does_not_stop_pytest_collection(pytester: pytest.Pytester) -> None:
    """The plugin reads ``story:`` at collection; a RecursionError there used to end the session."""
    pytester.makefile(".md", good=GOOD)
    for case, (text, _) in FRONT_MATTER.items():
        (pytester.path / f"{case}.md").write_text(text, encoding="utf-8")
    result = pytester.runpytest_subprocess("--numcheck", "-p", "no:cacheprovider", timeout=240)
    result.assert_outcomes(failed=1 + len(FRONT_MATTER))
    out = result.stdout.str()
    assert "nested deeper than 32 levels" in out and "anchors are not allowed" in out
    assert "RecursionError" not in out and "INTERNALERROR" not in out


def test_sexagesimal_values_in_rule_packs_are_text(tmp_path: Path) -> None:
    """The same base-60 reading in rule packs (a 1 MB pack took 18 s): ``1:30`` stays a string."""
    from numcheck.engine.pack import load_packs
    from numcheck.checks import KINDS

    pack = tmp_path / "clock.yaml"
    long = "1:" + "0:" * 150_000 + "0"
    pack.write_text(f"""code: XX101
name: clock-rule
kind: percent
severity: info
params: {{check: share_of_base}}
message: "1:30 and {{stated}}"
description: {long}
examples:
  flag: ["Of the 2,000 members, 600 (35%) voted."]
  pass: ["Of the 2,000 members, 700 (35%) voted."]
""", encoding="utf-8")
    rules, problems = load_packs([pack], KINDS)
    assert [p.message for p in problems] == []
    assert rules[0].description == long


# ---- item 6: corpus rows ----------------------------------------------------------------------

def _corpus(folder: Path, bad_rows: list[str]) -> Path:
    good = json.dumps({"id": "good", "date": "2020-03-20", "text": GOOD_TEXT})
    path = folder / "news.jsonl"
    path.write_text("\n".join(bad_rows + [good]) + "\n", encoding="utf-8")
    return path


DEEP_ROW = '{"id": "deep", "text": "x", "tags": ' + "[" * 3000 + "]" * 3000 + "}"
BIG_DATE_ROW = '{"id": "big", "text": "About 1,000 people came.", "date": ' + "9" * 5000 + "}"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_corpus_rows_that_break_json_are_one_error_each(tmp_path: Path, jobs: str) -> None:
    _corpus(tmp_path, [DEEP_ROW, BIG_DATE_ROW])
    run = check(tmp_path, "news.jsonl", "--jobs", jobs, timeout=180)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.code == 2
    assert run.error_lines() == [
        # the object's own brace is the first level: the 64th "[" is the 65th level
        "numcheck: news.jsonl:1:100: line 1: JSON nested deeper than 64 levels at column 100",
        "numcheck: news.jsonl:2:1: line 2: bad JSON: a number too long to read",
    ]
    assert [(a["path"], a["code"]) for a in run.records["anomalies"]] == [("news.jsonl#good", "NC601")]


def test_corpus_rows_through_iter_corpus_and_dask(tmp_path: Path) -> None:
    from numcheck.ingest import iter_corpus
    from numcheck.model import Problem

    items = list(iter_corpus(_corpus(tmp_path, [DEEP_ROW, BIG_DATE_ROW])))
    assert [type(i).__name__ for i in items] == ["Problem", "Problem", "Document"]
    # a Dask partition holds Python objects: a 5,000-digit date cannot even be printed
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    import numcheck.dask as ncd

    frame = pd.DataFrame({"id": ["big", "good"], "text": ["About 1,000 people came.", GOOD_TEXT],
                          "date": [10 ** 5000 - 1, "2020-03-20"]})
    import dask

    with dask.config.set({"dataframe.convert-string": False}):  # keep the Python int as it is
        ddf = dd.from_pandas(frame, npartitions=1)
        problems = ncd.problems(ddf).compute(scheduler="threads")
        found = ncd.anomalies(ddf).compute(scheduler="threads")
    assert list(problems["message"]) == [
        "row 1: 'date' value 'an integer of about 5,000 digits' is not a date (use YYYY-MM-DD)"]
    assert list(found["code"]) == ["NC601"]
    assert isinstance(items[0], Problem)


# ---- item 7: lone surrogates ------------------------------------------------------------------

FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_in_a_corpus_never_cost_the_report(tmp_path: Path, fmt: str) -> None:
    rows = ['{"id": "s\\ud800", "title": "T\\udfff", "date": "2020-03-20", "text": "'
            + GOOD_TEXT.strip().replace("crews", "crews \\ud800") + '"}']
    (tmp_path / "news.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = check(tmp_path, "news.jsonl", "-o", "out", "--jobs", "1", fmt=fmt)
    assert "Traceback" not in run.stderr and run.error_lines() == [], run.stderr
    assert run.code == 1
    out = (tmp_path / "out").read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert "\ufffd" in out or fmt == "github"
    if fmt == "json":
        [doc] = json.loads(out)["documents"]
        assert doc["path"] == "news.jsonl#s\ufffd"
        assert doc["notes"] == ["3 lone surrogates (half of a UTF-16 pair, not text) replaced by "
                                "U+FFFD in text (1), id (1), title (1)"]


def test_lone_surrogate_in_a_front_matter_title_and_in_api_text(desk: Path) -> None:
    import numcheck

    (desk / "fm.md").write_text('---\ntitle: "Bad \\ud800 title"\n---\nAbout 5 people came.\n',
                                encoding="utf-8")
    run = check(desk, "fm.md", "good.md", fmt="text")
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    # libyaml refuses the escape outright; a reader that accepts it gets U+FFFD; never a crash
    assert run.code in (1, 2) and "NC601" in run.stdout
    report = numcheck.check(texts="About 5 \ud800 people came.")
    records = report.to_records()
    assert records["documents"][0]["notes"] == [
        "1 lone surrogate (half of a UTF-16 pair, not text) replaced by U+FFFD in text (1)"]
    json.dumps(records, ensure_ascii=False).encode("utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
@pytest.mark.parametrize("fmt", FORMATS)
def test_file_name_that_is_not_utf8_never_costs_the_report(desk: Path, fmt: str) -> None:
    name = os.fsdecode(b"caf\xe9.md")  # a Latin-1 name: a lone surrogate once decoded
    (desk / name).write_text(GOOD, encoding="utf-8")
    run = check(desk, name, "good.md", fmt=fmt)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.code == 1, run.stderr
    assert "caf" in run.stdout


# ---- item 8: project config -------------------------------------------------------------------

def _config(folder: Path, body: str) -> None:
    (folder / "numcheck.toml").write_text(body, encoding="utf-8")


def _check_here(folder: Path, *args: str, timeout: float = 60):
    return cli(folder, "check", *args, "--format", "json", "--color", "never", "--progress",
               "never", timeout=timeout, cap_memory=True)


def test_override_globs_match_in_linear_time(desk: Path) -> None:
    """``*a*a*...*b`` against a long name backtracked for minutes in fnmatch's regex."""
    stars = "*a" * 14 + "*b"
    _config(desk, f'[[overrides]]\npaths = ["{stars}", "[]", "[!", "**/[a-"]\nfail-on = "never"\n')
    long_name = "a" * 240 + ".md"
    (desk / long_name).write_text(GOOD, encoding="utf-8")
    run = _check_here(desk, long_name, "good.md", timeout=60)
    assert "Traceback" not in run.stderr and run.error_lines() == [], run.stderr
    assert run.code == 1 and len(run.records["anomalies"]) == 2
    assert run.seconds < 45


def test_config_glob_semantics() -> None:
    from numcheck.config import Override

    o = Override(("drafts/**", "*.draft.md", "news/[!x]?.md", "[]", "a/**/b"))
    for path, want in [("drafts/x/y.md", True), ("drafts", True), ("z/a.draft.md", True),
                       ("news/ab.md", True), ("news/xb.md", False), ("[]", True),
                       ("a/b", True), ("a/1/2/b/c.md", True), ("a/1/c", False), ("news/abc.md", False)]:
        assert o.matches(path) == want, path


@pytest.mark.parametrize("rules, message", [
    ('["../secret.env"]', "is outside the project folder"),
    ('["/"]', "is outside the project folder"),
    ('["secret.env"]', "is not a rule pack (pack files end in .yaml or .yml); not read"),
])
def test_config_rule_paths_stay_inside_the_project(tmp_path: Path, rules: str, message: str) -> None:
    project = tmp_path / "clone"
    project.mkdir()
    (project / "good.md").write_text(GOOD, encoding="utf-8")
    for folder in (tmp_path, project):
        (folder / "secret.env").write_text(f"{SECRET}\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n",
                                           encoding="utf-8")
    _config(project, f"rules = {rules}\n")
    for fmt in ("text", "sarif"):
        run = cli(project, "check", "good.md", "--format", fmt, "--progress", "never", timeout=60)
        assert "Traceback" not in run.stderr, run.stderr
        assert run.code == 2
        [line] = run.error_lines()
        assert line.startswith("numcheck: ") and message in line, line
        assert "AKIA" not in run.stderr + run.stdout and "wJalr" not in run.stderr + run.stdout
        assert run.seconds < 45


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_in_a_config_pack_folder_stays_inside_the_project(tmp_path: Path) -> None:
    """A pack folder inside the project is read file by file: a link in it to a YAML file
    outside (``packs/evil.yaml -> ../../secret.yaml``) is a config error, and is never read."""
    project = tmp_path / "clone"
    (project / "packs").mkdir(parents=True)
    (project / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(f"{SECRET}: [unclosed\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.yaml", project / "packs" / "evil.yaml")
    _config(project, 'rules = ["packs"]\n')
    run = cli(project, "check", "good.md", "--format", "sarif", "--progress", "never", timeout=60)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stderr
    [line] = run.error_lines()
    assert "rules: 'evil.yaml' in pack folder 'packs' links outside the project folder" in line, line
    assert "AKIA" not in run.stderr + run.stdout
    # the same folder named on the command line is the user's own choice, and is read
    mine = cli(project, "check", "good.md", "--no-config", "--rules", "packs", "--format", "json")
    assert mine.code == 2 and "numcheck: packs/evil.yaml:2:1: YAML syntax error" in mine.stderr, mine.stderr


def test_yaml_file_that_is_not_a_pack_is_not_quoted(desk: Path) -> None:
    (desk / "creds.yaml").write_text(f"{SECRET}\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n",
                                     encoding="utf-8")
    (desk / "broken.yaml").write_text(f"{SECRET}: [unclosed\n", encoding="utf-8")
    _config(desk, 'rules = ["creds.yaml", "broken.yaml"]\n')
    run = cli(desk, "check", "good.md", "--format", "sarif", timeout=60)
    assert run.code == 2 and "Traceback" not in run.stderr
    lines = run.error_lines()
    assert len(lines) == 2 and all("creds.yaml" in l or "broken.yaml" in l for l in lines), lines
    assert "AKIA" not in run.stderr + run.stdout and "wJalr" not in run.stderr + run.stdout


def test_rule_paths_outside_the_project_work_from_the_command_line(tmp_path: Path) -> None:
    """A pack the user names on the command line is trusted, wherever it is."""
    project = tmp_path / "clone"
    project.mkdir()
    (project / "good.md").write_text(GOOD, encoding="utf-8")
    pack = tmp_path / "mine.yaml"
    pack.write_text("""code: XX101
name: my-rule
kind: percent
severity: info
params: {check: share_of_base}
message: "{stated}"
description: Mine.
examples:
  flag: ["Of the 2,000 members, 600 (35%) voted."]
  pass: ["Of the 2,000 members, 600 (30%) voted."]
""", encoding="utf-8")
    run = cli(project, "check", "good.md", "--rules", str(pack), "--format", "json", timeout=60)
    assert run.code == 1 and run.error_lines() == [], run.stderr
    assert "XX101" in {r["code"] for r in run.records["rules"]}


def test_pytest_plugin_refuses_an_escaping_config(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", good=GOOD)
    (pytester.path.parent / "secret.env").write_text(SECRET + "\n", encoding="utf-8")
    pytester.makefile(".toml", numcheck='rules = ["../secret.env"]\n')
    result = pytester.runpytest_subprocess("--numcheck", "-p", "no:cacheprovider", timeout=120)
    out = result.stdout.str()
    assert "is outside the project folder" in out and "AKIA" not in out
    result.assert_outcomes(failed=1)


# ---- item 9: baselines ------------------------------------------------------------------------

def _baseline_run(desk: Path, baseline: str):
    return check(desk, "good.md", "--baseline", baseline, timeout=60)


@pytest.mark.parametrize("make, message", [
    (lambda d: "/dev/zero", "baseline is a character device, not a regular file; not read"),
    (lambda d: _write(d, "deep.json", "[" * 100_000), "baseline is nested deeper than 8 levels"),
    (lambda d: _write(d, "true.json", '{"baseline": true, "anomalies": []}'),
     "baseline version True is not supported (expected 1)"),
    (lambda d: _write(d, "extra.json", '{"baseline": 1, "anomalies": [], "sneaky": 1}'),
     "unknown key 'sneaky' in baseline"),
    (lambda d: _write(d, "entry.json", '{"baseline": 1, "anomalies": [{"fingerprint": "ab", '
                                       '"line": "3"}]}'),
     "anomalies[0] 'line' must be int, not str"),
    (lambda d: _write(d, "int.json", '{"baseline": 1, "anomalies": [{"fingerprint": "ab", '
                                     '"line": ' + "9" * 5000 + '}]}'),
     "baseline is not JSON that can be read"),
], ids=["dev-zero", "deep", "baseline-true", "unknown-key", "entry-type", "long-int"])
def test_hostile_baselines_are_refused(desk: Path, make, message: str) -> None:
    target = make(desk)
    if target.startswith("/dev/") and not os.path.exists(target):
        pytest.skip(f"no {target}")
    run = _baseline_run(desk, target)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.code == 2
    [line] = run.error_lines()
    assert message in line, line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_baseline_is_refused_not_waited_on(desk: Path) -> None:
    os.mkfifo(desk / "bl.json")
    run = _baseline_run(desk, "bl.json")
    assert run.code == 2
    assert run.error_lines() == ["numcheck: bl.json: baseline is a FIFO (named pipe), not a regular "
                                 "file; not read"]


def test_review_export_of_the_html_report_is_a_valid_baseline(desk: Path) -> None:
    """The HTML report's review export (status, note, review, fixed) is accepted."""
    first = check(desk, "good.md")
    fp = first.records["anomalies"][0]["fingerprint"]
    review = {"numcheck": "0.1.0", "baseline": 1,
              "review": {"exported": "2026-01-01T00:00:00Z", "counts": {"confirmed": 1}},
              "anomalies": [{"fingerprint": fp, "code": "NC601", "path": "good.md", "line": 5,
                             "text": "2019", "sentence": "...", "status": "confirmed", "note": ""}],
              "fixed": []}
    _write(desk, "review.json", json.dumps(review))
    run = _baseline_run(desk, "review.json")
    assert (run.code, run.error_lines()) == (0, [])
    assert run.records["summary"]["baseline_matched"] == 1


def _write(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


# ---- item 12: paths and texts in the API -----------------------------------------------------

def test_api_paths_and_texts_are_never_mistaken_for_each_other(desk: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``texts=`` never opens a file, even one that exists; ``paths=`` always reads; the older
    positional form reads a ``Path`` or a string naming an existing file, as documented."""
    import numcheck

    monkeypatch.chdir(desk)
    secret = desk / "hostname"
    secret.write_text("Some 600 of the 2,000 members (35%) voted.\n", encoding="utf-8")
    for name in (str(secret), "hostname", "good.md"):
        report = numcheck.check(texts=[name], on_error="report")
        assert report.errors == [] and report.anomalies == [], name
        assert [d.document.path for d in report.documents] == ["<text>"]
        assert {"600", "2,000", "35%"}.isdisjoint(c.text for d in report.documents
                                                 for c in d.claims.claims), name
    read = numcheck.check(paths=[secret], on_error="report")
    assert [a.code for a in read.anomalies] == ["NC201"]
    missing = numcheck.check(paths=["Some 600 of the 2,000 members (35%) voted."], on_error="report")
    assert missing.documents == [] and [e.message for e in missing.errors] == ["no such file"]
    # the compatible, guessing form: a Path or an existing file's name is a path ...
    assert [a.code for a in numcheck.check([secret], on_error="report").anomalies] == ["NC201"]
    assert [a.code for a in numcheck.check(["hostname"], on_error="report").anomalies] == ["NC201"]
    # ... anything else (several lines, no such file) is text
    text = numcheck.check(["Some 600 of the 2,000 members (35%) voted."], on_error="report")
    assert [d.document.path for d in text.documents] == ["<text>"]
    with pytest.raises(TypeError, match="texts= takes str items, not PosixPath"):
        numcheck.check(texts=[secret])


def test_pytest_fixture_takes_paths_and_texts(desk: Path) -> None:
    """The plugin's ``numcheck`` fixture has the same unambiguous keywords."""
    import subprocess
    import sys

    (desk / "hostname").write_text("Some 600 of the 2,000 members (35%) voted.\n", encoding="utf-8")
    (desk / "test_articles.py").write_text(
        "def test_text(numcheck):\n"
        "    numcheck.assert_consistent(texts=['hostname'])\n\n"
        "def test_path(numcheck):\n"
        "    report = numcheck.check(paths=['hostname'])\n"
        "    assert [a.code for a in report.anomalies] == ['NC201']\n", encoding="utf-8")
    (desk / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "test_articles.py"], cwd=desk, capture_output=True, encoding="utf-8",
                          timeout=120, env=clean_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_standard_input_is_text_never_a_path(desk: Path) -> None:
    """On the command line every argument is a path and ``-`` is the text on standard input:
    a file name sent as input is checked as text and never opened."""
    (desk / "hostname").write_text("Some 600 of the 2,000 members (35%) voted.\n", encoding="utf-8")
    run = cli(desk, "check", "-", "good.md", "--format", "json", "--no-config", stdin="hostname\n")
    assert run.code == 1, run.stderr
    assert [a["code"] for a in run.records["anomalies"]] == ["NC601"]
    assert sorted(d["path"] for d in run.records["documents"]) == ["-", "good.md"]
