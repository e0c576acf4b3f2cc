"""Acceptance tests on the seed story: two real articles about one prisoner swap.

The first article dates a swap "earlier this month" (May 2025 by the story date) and calls it
"the fifth such swap in 2024"; the second article carries the date. Checked together, the only
anomaly must be NC601 on that sentence, citing the anchor, the anchored date and the other
article's date. The same holds for our own twins in ``fixtures/story_swap/`` (written in our
own words), so the behaviour is tested even where ../shared is absent.

Everything runs through the command line (``numcheck check --format json``) so that story
grouping, date borrowing, the engine and the JSON records are all exercised.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

import _ci  # noqa: E402

from numcheck.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
TWINS = REPO / "fixtures" / "story_swap"


def _run(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", *args])
    return code, json.loads(out.getvalue())


def _pair(kind: str) -> tuple[Path, Path]:
    """(article with the contradiction, article carrying the story date)."""
    if kind == "seeds":
        if not SEEDS.is_dir():
            _ci.missing("../shared/seeds beside the repository")
        files = sorted(SEEDS.glob("*.txt"))
        if len(files) < 2:
            _ci.missing("the seed articles in ../shared/seeds")
        return files[0], files[1]
    return TWINS / "wire_report.txt", TWINS / "network_report.txt"


def _line(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


def _assert_single_nc601(records: dict, flagged: Path, dated: Path | None, date: str) -> None:
    found = [a for a in records["anomalies"] if a["severity"] in ("error", "warning")]
    assert [a["code"] for a in found] == ["NC601"], [(a["code"], a["message"]) for a in found]
    a = found[0]
    assert Path(a["path"]).resolve() == flagged.resolve()
    assert "in 2024" in _line(flagged, a["line"])
    texts = [e["text"] for e in a["evidence"]]
    assert "Earlier this month" in texts
    assert "May 7" in texts
    if dated is not None:
        # the story date is cited from the article that states it
        cited = [e for e in a["evidence"] if Path(e["path"]).resolve() == dated.resolve()]
        assert cited, a["evidence"]
        assert any(("2025" in e["text"] or "May 23" in e["text"]) for e in cited), cited
    else:
        assert date in a["message"]


@pytest.mark.parametrize("kind", ["seeds", "twins"])
def test_story_together_gives_exactly_nc601(kind):
    flagged, dated = _pair(kind)
    code, records = _run(str(flagged), str(dated))
    assert records["errors"] == []
    _assert_single_nc601(records, flagged, dated, "2025-05-23")
    assert code == 1


@pytest.mark.parametrize("kind", ["seeds", "twins"])
def test_undated_article_with_date_flag(kind):
    flagged, _ = _pair(kind)
    code, records = _run(str(flagged), "--date", "2025-05-23")
    assert records["errors"] == []
    _assert_single_nc601(records, flagged, None, "2025-05-23")
    assert code == 1


@pytest.mark.parametrize("kind", ["seeds", "twins"])
def test_dated_article_alone_is_clean(kind):
    _, dated = _pair(kind)
    code, records = _run(str(dated))
    assert records["errors"] == []
    assert records["anomalies"] == [], [(a["code"], a["message"]) for a in records["anomalies"]]
    assert code == 0
