"""The integrations on cases from several kinds (tests/_kinds.py): the CLI, the pytest plugin's
``assert_consistent``, every output format, and hostile input around the same sentences. The
pre-commit hook runs them too (tests/test_precommit.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _kinds import CASES, FAMILIES  # noqa: E402

from numcheck.testing import assert_consistent  # noqa: E402

IDS = [c.code for c in CASES]


def test_cases_span_several_kinds():
    from numcheck.engine import load_rules

    rules, _ = load_rules()
    kinds = {r.kind for r in rules if r.code in {c.code for c in CASES}}
    assert len(FAMILIES) >= 5 and len(kinds) == len(CASES), (FAMILIES, kinds)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "numcheck", *args, "--no-config"], cwd=cwd,
                          capture_output=True, text=True)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_flags_each_kind_and_passes_its_fix(case, tmp_path):
    (tmp_path / "bad.md").write_text(case.article(), encoding="utf-8")
    (tmp_path / "good.md").write_text(case.article(consistent=True), encoding="utf-8")
    bad = _cli("check", "bad.md", "--format", "concise", cwd=tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f" {case.code} " in bad.stdout and bad.stdout.count("bad.md:") == 1, bad.stdout
    good = _cli("check", "good.md", cwd=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr


def test_cli_on_a_folder_of_every_kind(tmp_path):
    for case in CASES:
        (tmp_path / f"{case.code}.md").write_text(case.article(), encoding="utf-8")
    proc = _cli("check", ".", "--story", "file", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    records = json.loads(proc.stdout)
    found = sorted((Path(a["path"]).stem, a["code"]) for a in records["anomalies"])
    assert found == sorted((c.code, c.code) for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_plugin_assert_consistent_on_each_kind(case, tmp_path):
    path = tmp_path / "story.md"
    path.write_text(case.article(), encoding="utf-8")
    with pytest.raises(AssertionError, match=rf"story\.md:\d+:\d+: \w+ {case.code}"):
        assert_consistent(paths=[str(path)])
    path.write_text(case.article(consistent=True), encoding="utf-8")
    assert_consistent(paths=[str(path)])


@pytest.fixture(scope="module")
def every_kind_records(tmp_path_factory):
    import numcheck

    folder = tmp_path_factory.mktemp("kinds")
    for case in CASES:
        (folder / f"{case.code}.md").write_text(case.article(), encoding="utf-8")
    return numcheck.check(paths=[str(folder)], story="file").to_records()


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "junit", "github", "markdown", "html"])
def test_every_format_reports_every_kind(every_kind_records, fmt):
    from numcheck.render import render

    out = render(every_kind_records, fmt, color=False) if fmt in ("text", "concise") else \
        render(every_kind_records, fmt)
    missing = [c.code for c in CASES if c.code not in out]
    assert missing == [], f"{fmt} output lacks {missing}"


def _hostile_variants(text: str) -> dict[str, str]:
    filler = "\n".join(f"Paragraph {i} of the archive notes, with nothing to check." for i in range(2000))
    return {
        "crlf": text.replace("\n", "\r\n"),
        "bom": "\ufeff" + text,
        "zero-width": text.replace("\n\n", "\n\u200b\n"),
        "long-preamble": text.replace("\n\n", "\n\n" + filler + "\n\n", 1),
        "control-chars": text.replace("\n\n", "\n\x0b\x0c\n", 1),
    }


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_hostile_wrappings_keep_each_kind(case, tmp_path):
    import numcheck

    for variant, text in _hostile_variants(case.article()).items():
        path = tmp_path / f"{variant}.md"
        path.write_bytes(text.encode("utf-8"))
        report = numcheck.check(paths=[str(path)])
        assert not report.errors, (variant, [e.format() for e in report.errors])
        assert [a.code for a in report.anomalies] == [case.code], (variant, report.anomalies)
    for variant, text in _hostile_variants(case.article(consistent=True)).items():
        path = tmp_path / f"ok-{variant}.md"
        path.write_bytes(text.encode("utf-8"))
        assert numcheck.check(paths=[str(path)]).anomalies == [], variant


@pytest.mark.xfail(strict=True, reason="the temporal scanner does not read 'Earlier this month' "
                   "written with non-breaking spaces, so NC601 misses it (found by this test)")
def test_non_breaking_spaces_inside_a_relative_date(tmp_path):
    import numcheck

    case = next(c for c in CASES if c.code == "NC601")
    head, body = case.article().split("\n\n", 1)
    path = tmp_path / "nbsp.md"
    path.write_text(head + "\n\n" + body.replace(" ", "\u00a0", 3), encoding="utf-8")
    assert [a.code for a in numcheck.check(paths=[str(path)]).anomalies] == ["NC601"]
