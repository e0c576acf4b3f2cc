"""Golden files per stage for every fixture: claims, anomalies, and each rendered format.

Units: every article under fixtures/ is checked on its own (``--story file``), except that the
articles in a folder of one story (named ``story_*``, or ``flag_*``/``pass_*`` for the fixtures
of story-scope kinds) are checked together as one story. For each unit the
goldens live under tests/golden/ mirroring fixtures/:

- ``<article>.claims.json``: the claims of each article (extracted with its own date);
- ``<article>.reading.json``: its reading (mentions and relations, :meth:`Reading.describe`);
- ``<unit>.anomalies.json``: the records' anomalies, stories and documents;
- ``<unit>.<format>``: each rendered format (text, json, sarif, junit, github, markdown, html
  for story folders).

``pytest --regen-golden`` rewrites them; otherwise a change fails with a unified diff.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
GOLDEN = REPO / "tests" / "golden"
ARTICLE_SUFFIXES = (".txt", ".md", ".html")
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "github",
           "markdown": "md"}


def _articles() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())


def _is_story_folder(folder: Path) -> bool:
    """A folder holding the articles of one story: ``story_*``, or a ``flag_*``/``pass_*``
    folder of a story-scope kind's fixtures."""
    return folder.name.startswith(("story_", "flag_", "pass_"))


def _units() -> list[tuple[str, list[Path]]]:
    units: dict[str, list[Path]] = {}
    for p in _articles():
        if _is_story_folder(p.parent):
            units.setdefault(str(p.parent.relative_to(FIXTURES)), []).append(p)
        else:
            units[str(p.relative_to(FIXTURES))] = [p]
    return sorted(units.items())


def _compare(path: Path, actual: str, regen: bool) -> None:
    if regen or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not regen:
            pytest.fail(f"golden file {path.relative_to(REPO)} was missing and has been written; "
                        "review it and rerun")
        return
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True),
            fromfile=f"golden/{path.relative_to(GOLDEN)}", tofile="actual", n=2))
        pytest.fail(f"output changed (rerun with --regen-golden if intended):\n{diff[:6000]}")


@pytest.fixture(autouse=True)
def _repo_relative_paths(monkeypatch):
    # paths in records are as the user names them; run from the repo root like a user would
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("article", _articles(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_golden_claims(article: Path, regen_golden: bool):
    from numcheck.engine import analyse
    from numcheck.ingest import load_document

    doc = load_document(os.path.relpath(article, REPO))
    dc = analyse(doc)
    rows = []
    for c in dc.claims:
        line, column = doc.line_col(c.start)
        rows.append({"line": line, "column": column, **c.to_dict()})
    actual = json.dumps({"date": dc.date.isoformat() if dc.date else None,
                         "date_source": dc.date_source, "claims": rows},
                        indent=1, ensure_ascii=False) + "\n"
    golden = GOLDEN / (str(article.relative_to(FIXTURES)) + ".claims.json")
    _compare(golden, actual, regen_golden)
    reading = json.dumps(dc.reading.describe(dc.claims), indent=1, ensure_ascii=False) + "\n"
    _compare(GOLDEN / (str(article.relative_to(FIXTURES)) + ".reading.json"), reading, regen_golden)


@pytest.mark.parametrize("unit", _units(), ids=lambda u: u[0])
def test_golden_anomalies_and_renderings(unit, regen_golden: bool):
    from numcheck.render import render
    from numcheck.report import check

    name, paths = unit
    rel = [os.path.relpath(p, REPO) for p in paths]
    story = "all" if len(paths) > 1 or _is_story_folder(paths[0].parent) else "file"
    report = check(rel, story=story)
    records = report.to_records()
    stage = {k: records[k] for k in ("documents", "stories", "anomalies", "errors")}
    _compare(GOLDEN / f"{name}.anomalies.json",
             json.dumps(stage, indent=1, ensure_ascii=False) + "\n", regen_golden)
    formats = dict(FORMATS)
    if story == "all":
        formats["html"] = "html"
    for fmt, ext in formats.items():
        recs = report.to_records(detail="full" if fmt == "html" else "anomalies")
        out = render(recs, fmt, color=False)
        if isinstance(out, bytes):
            out = out.decode("utf-8")
        _compare(GOLDEN / f"{name}.{ext}", out if out.endswith("\n") else out + "\n", regen_golden)
