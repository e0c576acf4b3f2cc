"""The command line: exit codes, options, start-up weight and the progress-bar decision."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck import cli
from numcheck.cli import main, want_progress

BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.\n")
GOOD = BAD.replace("in 2019", "in 2020")
HEAD = "---\ndate: 2020-03-20\ntitle: Ridge airlift\n---\n"


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    """A working folder with one clean and one contradictory article, and no config."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.md").write_text(HEAD + GOOD, encoding="utf-8")
    (tmp_path / "bad.md").write_text(HEAD + BAD, encoding="utf-8")
    return tmp_path


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_exit_codes(desk, capsys):
    assert main(["check", "good.md"]) == 0
    assert main(["check", "bad.md"]) == 1
    assert main(["check", "missing.md"]) == 2
    assert main(["check", "bad.md", "--fail-on", "never"]) == 0
    assert main(["check", "bad.md", "--ignore", "nc601"]) == 0
    assert main(["check", "bad.md", "--select", "NC1"]) == 0
    assert main(["check", "bad.md", "--format", "yaml"]) == 2
    assert main(["check", "bad.md", "--date", "20-03-2020"]) == 2
    assert main(["check", "bad.md", "--config", "nowhere.toml"]) == 2
    err = capsys.readouterr().err
    assert "unknown --format 'yaml'" in err and "not a date" in err and "nowhere.toml" in err


def test_text_output_names_the_place_and_output_file(desk, capsys):
    assert main(["check", "bad.md", "good.md", "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "bad.md:5:" in out and "NC601" in out and "good.md:" not in out.split("Stories")[0]
    assert main(["check", "bad.md", "--format", "sarif", "-o", "out.sarif"]) == 1
    sarif = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "NC601"
    assert capsys.readouterr().out == ""


def test_rules_and_extract_still_work(desk, capsys):
    assert main(["rules", "show", "NC601"]) == 0
    assert "anchored-date-contradicts-year" in capsys.readouterr().out
    assert main(["extract", "bad.md", "--format", "json"]) == 0
    assert any(c["text"] == "2019" for c in json.loads(capsys.readouterr().out)["claims"])


def _loaded_after(argv: list[str], cwd: Path, exit_code: int) -> set[str]:
    """The heavy libraries imported by ``numcheck ARGV``, after checking it exited ``exit_code``
    (a run that failed early would import nothing and pass for the wrong reason)."""
    code = (
        "import sys\n"
        "from numcheck.cli import main\n"
        "try:\n"
        f"    rc = main({argv!r})\n"
        "except SystemExit as exc:\n"
        "    rc = exc.code\n"
        "heavy = {'pandas', 'pint', 'rich', 'dask', 'pyarrow', 'pydantic', 'jinja2', 'trafilatura'}\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} & heavy)), file=sys.stderr)\n"
        "print(f'rc={rc}', file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 0 and lines and lines[-1] == f"rc={exit_code}", proc.stderr
    return set(lines[-2].split()) if len(lines) >= 2 else set()


def test_help_and_json_check_start_light(desk):
    assert _loaded_after(["--help"], desk, 0) == set()
    assert _loaded_after(["check", "--help"], desk, 0) == set()
    heavy = _loaded_after(["check", "--format", "json", "bad.md"], desk, 1)
    assert not heavy & {"pandas", "pint", "rich", "dask", "pyarrow", "jinja2"}, heavy


@pytest.mark.parametrize("documents,tty,env,choice,expected", [
    (5, True, {}, "auto", True),
    (40, True, {}, "auto", True),
    (4, True, {}, "auto", False),
    (5, False, {}, "auto", False),
    (5, True, {"TERM": "dumb"}, "auto", False),
    (5, True, {}, "never", False),
])
def test_want_progress(monkeypatch, documents, tty, env, choice, expected):
    monkeypatch.delenv("TERM", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    stream = FakeTTY() if tty else io.StringIO()
    assert want_progress(documents, stream, choice) is expected


@pytest.mark.parametrize("count,tty,drawn", [(5, True, True), (4, True, False), (6, False, False)])
def test_check_passes_a_progress_callback_only_when_drawing(desk, monkeypatch, capsys, count, tty, drawn):
    for i in range(count):
        (desk / f"a{i}.md").write_text(HEAD + GOOD, encoding="utf-8")
    (desk / "good.md").unlink()
    (desk / "bad.md").unlink()
    import numcheck.config

    real_run = numcheck.config.run
    seen = {}

    def spy(paths, settings, *, progress=None, keep_suppressions=True, jobs=1):
        seen["progress"] = progress
        if progress is not None:
            progress(len(paths), len(paths))  # the bar must accept the pipeline's calls
        return real_run(paths, settings, keep_suppressions=keep_suppressions, jobs=jobs)

    monkeypatch.setattr(numcheck.config, "run", spy)
    fake = FakeTTY() if tty else io.StringIO()
    monkeypatch.setattr(cli.sys, "stderr", fake)
    monkeypatch.delenv("TERM", raising=False)
    assert main(["check", "."]) == 0
    assert (seen["progress"] is not None) is drawn


def test_configured_run_reports_progress_per_document(desk):
    from numcheck.config import Settings, run

    calls = []
    report = run(paths=["good.md", "bad.md"], settings=Settings(),
                 progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)] and len(report.anomalies) == 1


def test_rules_list_follows_the_config(desk, capsys):
    assert main(["rules", "list"]) == 0
    assert "NC601" in capsys.readouterr().out
    (desk / "numcheck.toml").write_text("default-rules = false\n", encoding="utf-8")
    assert main(["rules", "list"]) == 0
    assert capsys.readouterr().out == ""
    (desk / "numcheck.toml").write_text("default-rules = 3\n", encoding="utf-8")
    assert main(["rules", "list"]) == 2
    assert "numcheck.toml:1:1: default-rules" in capsys.readouterr().err
