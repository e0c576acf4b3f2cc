"""Configuration: discovery, validation with file:line:col, overrides, and flags over the file."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from numcheck.cli import main
from numcheck.config import ConfigError, Override, Settings, find_config, load_config, read_config

#: Contradicts itself when dated 2020-03-20 (NC601: "earlier this month" is March 2020).
BAD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
       "second such airlift in 2019.\n")
GOOD = ("Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the "
        "second such airlift in 2020.\n")


def dated(body: str, date: str = "2020-03-20") -> str:
    """A Markdown article with a front-matter date."""
    return f"---\ndate: {date}\ntitle: Ridge airlift\n---\n{body}"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


# ---- discovery ------------------------------------------------------------------------------

def test_nearest_config_wins_and_numcheck_toml_beats_pyproject(tmp_path):
    write(tmp_path / "numcheck.toml", 'fail-on = "error"\n')
    sub = tmp_path / "desk" / "sports"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "numcheck.toml"
    write(tmp_path / "desk" / "pyproject.toml", '[tool.numcheck]\nfail-on = "info"\n')
    assert find_config(sub) == tmp_path / "desk" / "pyproject.toml"
    assert load_config(sub).fail_on == "info"
    write(tmp_path / "desk" / "numcheck.toml", 'fail-on = "never"\n')
    assert find_config(sub) == tmp_path / "desk" / "numcheck.toml"
    assert load_config(sub).fail_on == "never"


def test_pyproject_without_our_table_is_passed_over(tmp_path):
    write(tmp_path / "numcheck.toml", 'story = "file"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 1\n')
    assert find_config(tmp_path / "pkg") == tmp_path / "numcheck.toml"


def test_no_config_gives_defaults(tmp_path):
    assert find_config(tmp_path) is None
    assert load_config(tmp_path) == Settings()


def test_pyproject_table_is_read(tmp_path):
    pack = tmp_path / "packs" / "desk"
    pack.mkdir(parents=True)
    cfg = write(tmp_path / "pyproject.toml", """\
        [project]
        name = "newsroom"

        [tool.numcheck]
        rules = ["packs/desk"]
        select = ["nc6"]
        ignore = ["NC602"]
        fail-on = "error"
        story = "file"
        date = 2020-03-20
        format = "sarif"
        default-rules = false

        [[tool.numcheck.overrides]]
        paths = ["drafts/**"]
        fail-on = "never"
        """)
    s = read_config(cfg)
    assert s.rules == (str(pack.resolve()),)
    assert s.select == ("NC6",) and s.ignore == ("NC602",)
    assert (s.fail_on, s.story, s.format, s.default_rules) == ("error", "file", "sarif", False)
    assert s.date == dt.date(2020, 3, 20)
    assert s.overrides[0].fail_on == "never"
    assert s.source == cfg and s.root == tmp_path.resolve()


# ---- validation -----------------------------------------------------------------------------

def test_every_mistake_is_reported_with_its_line(tmp_path):
    cfg = write(tmp_path / "numcheck.toml", """\
        # newsroom settings
        select = "NC6"
        fail_on = "error"
        story = "bogus"

        [[overrides]]
        paths = ["drafts/**"]
        fail-on = "nevr"

        [[overrides]]
        ignore = ["NC601"]
          colour = true
        """)
    with pytest.raises(ConfigError) as exc:
        read_config(cfg)
    got = [(p.line, p.column, p.message) for p in exc.value.problems]
    assert got[0][:2] == (2, 1) and "select" in got[0][2] and "valid list" in got[0][2]
    assert got[1][:2] == (3, 1) and "unknown key 'fail_on'" in got[1][2] and "'fail-on'" in got[1][2]
    assert got[2][:2] == (4, 1) and "story" in got[2][2]
    assert got[3][:2] == (8, 1) and "overrides[0].fail-on" in got[3][2]
    # the second [[overrides]] misses "paths" (reported at its header) and has an unknown key
    assert got[4][:2] == (10, 1) and "paths" in got[4][2] and "missing" in got[4][2]
    assert got[5][:2] == (12, 3) and "unknown key 'colour' in overrides[1]" in got[5][2]
    assert len(got) == 6


def test_toml_syntax_error_has_line_and_column(tmp_path):
    cfg = write(tmp_path / "numcheck.toml", 'select = ["NC6"]\nfail-on = "error\n')
    with pytest.raises(ConfigError) as exc:
        read_config(cfg)
    (p,) = exc.value.problems
    assert p.line == 2 and p.column > 1 and p.message.startswith("invalid TOML")


def test_unknown_subtable_in_pyproject_points_at_its_header(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.numcheck]\nstory = "all"\n\n[tool.numcheck.extras]\nx = 1\n')
    with pytest.raises(ConfigError) as exc:
        read_config(cfg)
    (p,) = exc.value.problems
    assert (p.line, p.column) == (4, 1) and "unknown key 'extras'" in p.message


def test_missing_rule_pack_is_an_error_at_the_rules_line(tmp_path):
    cfg = write(tmp_path / "numcheck.toml", 'story = "all"\nrules = ["nowhere"]\n')
    with pytest.raises(ConfigError) as exc:
        read_config(cfg)
    (p,) = exc.value.problems
    assert p.line == 2 and "nowhere" in p.message


def test_cli_exits_2_with_path_line_col(tmp_path, monkeypatch, capsys):
    write(tmp_path / "numcheck.toml", 'fail-on = "sometimes"\n')
    art = write(tmp_path / "a.md", dated(GOOD))
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(art)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'numcheck.toml'}:1:1: fail-on:" in err


# ---- overrides and flags --------------------------------------------------------------------

@pytest.mark.parametrize("pattern,path,hit", [
    ("drafts/**", "drafts/a.md", True),
    ("drafts/**", "drafts/x/y/a.md", True),
    ("drafts/**", "published/drafts.md", False),
    ("drafts", "drafts/a.md", True),
    ("*.draft.md", "desk/story.draft.md", True),
    ("desk/*.md", "desk/x/a.md", False),
    ("**/wire/*.txt", "a/b/wire/c.txt", True),
    ("**/wire/*.txt", "wire/c.txt", True),
    ("desk/[ab].md", "desk/b.md", True),
])
def test_override_globs(pattern, path, hit):
    assert Override((pattern,)).matches(path) is hit


def test_for_path_applies_overrides_in_order_and_pins_flags(tmp_path):
    s = Settings(select=("NC6",), ignore=("NC1",), fail_on="warning", root=tmp_path, overrides=(
        Override(("drafts/**",), ignore=("NC601",), fail_on="never", date=dt.date(2020, 1, 1)),
        Override(("drafts/late/*",), select=("NC2",), fail_on="info"),
    ))
    early = s.for_path(str(tmp_path / "drafts" / "a.md"))
    assert early.ignore == ("NC1", "NC601") and early.fail_on == "never"
    assert early.date == dt.date(2020, 1, 1) and not early.wants("NC601") and early.wants("NC602")
    late = s.for_path(str(tmp_path / "drafts" / "late" / "b.md"))
    assert late.select == ("NC2",) and late.fail_on == "info"
    assert s.for_path(str(tmp_path / "c.md")).fail_on == "warning"
    pinned = s.with_flags(fail_on="error", select=["NC6"])
    assert pinned.for_path(str(tmp_path / "drafts" / "late" / "b.md")).fail_on == "error"
    assert pinned.for_path(str(tmp_path / "drafts" / "late" / "b.md")).select == ("NC6",)
    # ignores from overrides still add up under a pinned --ignore, like per-file-ignores
    assert "NC601" in s.with_flags(ignore=[]).for_path(str(tmp_path / "drafts" / "a.md")).ignore


def test_config_fail_on_and_flags_over_it(tmp_path, monkeypatch, capsys):
    art = write(tmp_path / "a.md", dated(BAD))
    write(tmp_path / "numcheck.toml", 'fail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    code, rec = run_json(capsys, "a.md")
    assert code == 0 and rec["summary"]["anomalies"] == 1 and rec["exit_code"] == 0
    code, rec = run_json(capsys, "a.md", "--fail-on", "error")
    assert code == 1 and rec["exit_code"] == 1
    code, _ = run_json(capsys, "a.md", "--no-config")
    assert code == 1
    assert art.exists()


def test_config_ignore_select_and_format(tmp_path, monkeypatch, capsys):
    write(tmp_path / "a.md", dated(BAD))
    write(tmp_path / "numcheck.toml", 'ignore = ["NC6"]\nformat = "json"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check", "a.md"]) == 0
    rec = json.loads(capsys.readouterr().out)  # format came from the file
    assert rec["anomalies"] == []
    assert main(["check", "a.md", "--ignore", "", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["anomalies"] == 1


def test_override_for_drafts_changes_fail_on_only_there(tmp_path, monkeypatch, capsys):
    write(tmp_path / "drafts" / "a.md", dated(BAD))
    write(tmp_path / "published" / "a.md", dated(BAD))
    write(tmp_path / "numcheck.toml", '[[overrides]]\npaths = ["drafts/**"]\nfail-on = "never"\n')
    monkeypatch.chdir(tmp_path / "drafts")  # config found above the working directory
    code, rec = run_json(capsys, "a.md", "--story", "file")
    assert code == 0 and rec["summary"]["anomalies"] == 1
    monkeypatch.chdir(tmp_path)
    code, rec = run_json(capsys, "drafts", "published", "--story", "file")
    assert code == 1 and rec["summary"]["anomalies"] == 2 and rec["exit_code"] == 1


def test_override_ignore_and_date_per_path(tmp_path, monkeypatch, capsys):
    write(tmp_path / "drafts" / "a.txt", BAD)  # undated: no anomaly without a date
    write(tmp_path / "wire" / "b.txt", BAD)
    write(tmp_path / "numcheck.toml", """\
        story = "file"
        [[overrides]]
        paths = ["drafts/*", "wire/*"]
        date = 2020-03-20
        [[overrides]]
        paths = ["wire"]
        ignore = ["NC601"]
        """)
    monkeypatch.chdir(tmp_path)
    code, rec = run_json(capsys, "drafts", "wire")
    assert [a["path"] for a in rec["anomalies"]] == [str(Path("drafts") / "a.txt")]
    assert code == 1
    # --date on the command line wins over the override's date
    code, rec = run_json(capsys, "drafts", "--date", "2019-03-20")
    assert rec["anomalies"] == [] and code == 0


def test_rules_in_config_are_relative_to_the_file(tmp_path, monkeypatch, capsys):
    write(tmp_path / "numcheck.toml", 'rules = ["packs/none"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["check", "-"]) == 2
    assert "packs/none" in capsys.readouterr().err
