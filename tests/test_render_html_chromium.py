"""The HTML report in a real headless Chromium, driven over the DevTools protocol (tests/_cdp.py):
real mouse clicks and typing, the filters and search, lazily built documents and claims tables,
the review status kept across page loads, and the review export fed back to
``numcheck check --baseline``. Every page must load and be used without a single console
message, uncaught exception or CSP violation. Screenshots are kept as test artifacts
(tests/artifacts/); with ``NUMCHECK_UPDATE_SCREENSHOTS=1`` they also replace the ones in docs/
that the README shows. Skips when no Chromium binary is installed.

Set NUMCHECK_CHROMIUM to a browser binary to use one that is not on PATH.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _ci  # noqa: E402
import _cdp  # noqa: E402
import _records_sample as sample  # noqa: E402

from numcheck.render import render, write_atomic  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
DOCS = ROOT / "docs"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell")
#: The 30 corpus articles of the issue's example: rows 294-323 of news.jsonl, the last of them
#: the one article with an anomaly, so 29 clean articles come before it in the file.
CORPUS_ROWS = (294, 323)


def _browser() -> str | None:
    override = os.environ.get("NUMCHECK_CHROMIUM")
    if override:
        return override if os.path.exists(override) or shutil.which(override) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = _browser()
_ci.require(BROWSER is not None, "a Chromium binary (apt-get install chromium)", module_level=True)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> pathlib.Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    profile = tmp_path_factory.mktemp("profile")
    with _cdp.Browser(BROWSER, str(profile), width=1280, height=1000, download_dir=str(downloads)) as b:
        yield b


def _numcheck(*args: str, cwd: pathlib.Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "numcheck", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def _html_report(tmp_path: pathlib.Path, *inputs: str, cwd: pathlib.Path = ROOT) -> pathlib.Path:
    out = tmp_path / "report.html"
    proc = _numcheck("check", *inputs, "--format", "html", "-o", str(out), cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return out


def _keep_screenshot(page: _cdp.Page, name: str, size=(1280, 1000)) -> bytes:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    page.resize(*size)
    page.eval("window.scrollTo(0, 0)")
    data = page.screenshot(str(shot))
    page.resize(1280, 1000)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == size
    # A blank page compresses to almost nothing; a rendered report does not.
    assert len(data) > 50_000
    if os.environ.get("NUMCHECK_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(shot, DOCS / name)
    return data


def _visible(page: _cdp.Page, selector: str) -> int:
    return page.eval("document.querySelectorAll(%s).length - [].filter.call(document.querySelectorAll(%s),"
                     " function (e) { return !e.offsetParent; }).length" % (json.dumps(selector), json.dumps(selector)))


# --------------------------------------------------------------------------- the harness itself


def test_console_errors_and_csp_violations_are_detected(browser, tmp_path):
    """The console checks below can fail: a script error and a blocked fetch are both caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                   "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                   "<img src=\"https://example.invalid/pixel.png\"><script>noSuchFunction();</script>"
                   "</body></html>", encoding="utf-8")
    page = browser.open(bad.as_uri())
    lines = page.console()
    assert any("noSuchFunction" in line for line in lines), lines
    assert any("Content Security Policy" in line for line in lines), lines


# --------------------------------------------------------------------------- hand-built records


def test_page_loads_cleanly_and_marks_anomalies(browser, tmp_path):
    path = tmp_path / "sample.html"
    write_atomic(path, render(sample.sample_records(full=True), "html"))
    page = browser.open(path.as_uri())
    # The script sets this as its last statement, so it proves the script ran without throwing.
    assert page.eval("document.body.getAttribute('data-numcheck-ready')") == "3"
    records = sample.sample_records(full=True)
    marks = page.eval("[].map.call(document.querySelectorAll('mark.anomaly'), function (m) {"
                      " return [m.id, m.getAttribute('data-code')]; })")
    assert sorted(marks) == sorted(["nc-" + a["fingerprint"], a["code"]] for a in records["anomalies"])
    assert page.eval("document.querySelectorAll('svg.timeline .row').length") == 2
    # Clicking a marked figure brings its card into view and outlines its evidence.
    page.click("mark.anomaly[data-code=NC201]")
    assert page.eval("document.querySelector('article.card[data-code=NC201]').classList.contains('focus')")
    assert page.eval("document.querySelectorAll('mark.evidence.focus').length") == 1
    assert page.console() == []


def test_hostile_text_stays_text(browser, tmp_path):
    records = sample.sample_records(full=True)
    hostile = "<img src=x onerror=\"window.__pwned=1\"></script><script>window.__pwned=2</script>"
    records["documents"].append({"path": "news/x.md", "title": hostile, "date": None, "date_source": "none",
                                 "story": None, "claims": 1, "text": "Crowds of 500 " + hostile + "\n",
                                 "blocks": [{"start": 0, "end": 5, "kind": hostile}]})
    records["claims"].append(dict(records["claims"][2], path="news/x.md", start=10, end=13, text="500",
                                  subject=hostile, line=1, column=11))
    records["anomalies"][0]["summary"] = hostile
    records["documents"][1]["url"] = "javascript:window.__pwned=3"
    path = tmp_path / "hostile.html"
    write_atomic(path, render(records, "html"))
    page = browser.open(path.as_uri())
    page.click("details.document.lazy > summary")
    page.wait_for("!!document.querySelector('details.document.lazy[data-rendered]')")
    page.click("details.document.lazy details.claims > summary")
    # "toggle" is dispatched after the click, as a task of its own: wait for the table
    page.wait_for("document.querySelectorAll('details.document.lazy .claims-table tr').length")
    assert page.eval("document.querySelectorAll('details.document.lazy .claims-table tr').length") == 2
    page.click(".source-url")
    assert page.eval("typeof window.__pwned") == "undefined"
    assert page.eval("document.querySelectorAll('img').length") == 0
    assert hostile in page.eval("document.querySelector('details.document.lazy .doctext').textContent")
    assert page.console() == []


# --------------------------------------------------------------------------- real runs


def test_story_report_for_review(browser, tmp_path):
    out = _html_report(tmp_path, "fixtures/story_swap")
    page = browser.open(out.as_uri())
    _keep_screenshot(page, "report-story.png", (1280, 1500))
    # The anomaly comes first: its card sits above every document.
    card_top = page.eval("document.querySelector('article.card').getBoundingClientRect().top")
    first_doc = page.eval("Math.min.apply(null, [].map.call(document.querySelectorAll('details.document'),"
                          " function (d) { return d.getBoundingClientRect().top; }))")
    assert card_top < first_doc
    assert page.eval("document.querySelector('article.card .headline').textContent").startswith(
        '"2024" puts this event in 2024')
    assert page.eval("document.querySelector('article.card .suggestion b').textContent") == "2025"
    # The timeline has one row per document, labelled with it, and groups weekday mentions.
    labels = page.eval("[].map.call(document.querySelectorAll('svg.timeline .row-label'), function (t) {"
                       " return t.lastChild.textContent; })")
    assert sorted(labels) == ["network_report.txt", "wire_report.txt"]
    counts = page.eval("[].map.call(document.querySelectorAll('svg.timeline .event.weekday'), function (g) {"
                       " return +g.getAttribute('data-count'); })")
    assert max(counts) >= 4 and len(counts) == 2  # "Thursday · Friday ×3" and "Thursday · Friday"
    # Boilerplate is dimmed and labelled, not body text.
    style = page.eval("(function(){var b=[].filter.call(document.querySelectorAll('.block-boilerplate'),"
                      " function (e) { return e.textContent === 'Leave A Reply'; })[0];"
                      " var s=getComputedStyle(b); return [s.opacity, getComputedStyle(b, '::before').content];})()")
    assert float(style[0]) < 1 and style[1] == '"boilerplate"'
    # Clicking "Show in text" reveals the marked figure; clicking the figure returns to the card.
    page.click("article.card .show-in-text")
    assert page.eval("document.querySelector('mark.anomaly').classList.contains('focus')")
    page.click("mark.anomaly")
    assert page.eval("document.querySelector('article.card').classList.contains('focus')")
    assert page.console() == []


def test_corpus_report_for_review(browser, tmp_path, shared_dir):
    corpus = shared_dir / "corpus" / "news.jsonl"
    rows = corpus.read_text(encoding="utf-8").splitlines()[CORPUS_ROWS[0] - 1:CORPUS_ROWS[1]]
    sub = tmp_path / "news30.jsonl"
    sub.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = _html_report(tmp_path, "news30.jsonl", cwd=tmp_path)
    page = browser.open(out.as_uri())
    # 29 clean articles, collapsed, their text not yet in the page; the one anomaly up top.
    assert page.eval("document.querySelectorAll('details.document.lazy:not([open])').length") == 29
    assert page.eval("document.querySelectorAll('details.document.lazy .claim').length") == 0
    assert page.eval("document.querySelector('article.card').getBoundingClientRect().top") < 400
    height = page.eval("document.documentElement.scrollHeight")
    assert height < 6000, height  # the page was about 52,000 px tall
    card = page.eval("document.querySelector('article.card .card-body').textContent")
    assert "5,600 miles is about 9,012 km, not 10,400 km" in card
    assert "World's largest passenger airliner makes first flight" in card
    assert "Source: http://en.wikinews.org/wiki/World's_largest_passenger_airliner_makes_first_flight" in " ".join(card.split())
    _keep_screenshot(page, "report-corpus.png", (1280, 1900))

    # Opening a clean article builds its text with the claims marked, then its claims table.
    page.click("details.document.lazy > summary")
    n_claims = page.eval("JSON.parse(document.getElementById('nc-doc-' + document.querySelector("
                         "'details.document.lazy').getAttribute('data-doc')).textContent).claims.length")
    page.wait_for("document.querySelectorAll('details.document.lazy[open] .doctext .claim').length")
    assert page.eval("document.querySelectorAll('details.document.lazy[open] .doctext .claim').length") == n_claims
    page.click("details.document.lazy[open] details.claims > summary")
    page.wait_for("document.querySelectorAll('details.document.lazy[open] .claims-table tbody tr').length")
    assert page.eval("document.querySelectorAll('details.document.lazy[open] .claims-table tbody tr').length") == n_claims
    assert "55,000.0000" not in page.eval("document.body.textContent")

    # Search: matches a few articles' text and hides the card that does not mention it.
    page.type("#search", "airtanker")
    page.wait_for("document.getElementById('filter-count').textContent")
    shown = page.eval("document.getElementById('filter-count').textContent")
    assert shown.startswith("showing 0 of 1 anomalies") and "of 30 documents" in shown, shown
    assert 0 < _visible(page, "details.document") < 30
    page.eval("(function(){var s=document.getElementById('search'); s.value=''; s.dispatchEvent(new Event('input'));})()")
    page.wait_for("document.getElementById('filter-count').textContent === ''")
    assert _visible(page, "details.document") == 30

    # Filters: severity, code, document.
    page.click("input[data-filter-severity=error]")
    assert _visible(page, "article.card") == 0 and page.eval("!document.getElementById('no-match').hidden")
    page.click("input[data-filter-severity=error]")
    page.select("#filter-code", "NC301")
    assert _visible(page, "article.card") == 1
    doc = page.eval("document.querySelector('#filter-doc option:nth-child(2)').value")
    page.select("#filter-doc", doc)
    assert _visible(page, "details.document") == 1 and _visible(page, "article.card") == 1
    page.select("#filter-doc", "")
    # A timeline mark leads to its claim in the text.
    page.click("svg.timeline .event")
    assert page.eval("document.querySelectorAll('.claim.focus').length") == 1
    assert page.console() == []


def _write_articles(folder: pathlib.Path) -> None:
    """Two short local-news articles with four anomalies between them."""
    folder.mkdir()
    (folder / "flood_budget.md").write_text(
        "---\ntitle: Council approves flood defence budget\ndate: 2024-03-14\n"
        "url: https://example.org/news/2024/03/flood-defence-budget\n---\n"
        "# Council approves flood defence budget\n\n"
        "The county council approved £12 million for flood defences at its meeting on Tuesday. The session "
        "ran from 10 a.m. to 1 p.m., a two-hour debate that ended in a unanimous vote.\n\n"
        "Of the 2,000 homes surveyed along the river last year, 600 were found to be at serious risk of "
        "flooding. The new barrier will stretch 3 miles (8 km) along the east bank.\n\n"
        "Council leader Margaret Hale, 54, who was born in 1950, said the work would begin in the summer.\n\n"
        "Share.\nLeave A Reply\n", encoding="utf-8")
    (folder / "school_opening.md").write_text(
        "---\ntitle: New primary school opens its doors\ndate: 2025-04-10\n---\n"
        "# New primary school opens its doors\n\n"
        "The new primary school in Northfield welcomed its first pupils on Monday, April 8, 2025, after two "
        "years of building work.\n\nThe school has 14 classrooms and room for 420 pupils, and 310 children "
        "have enrolled so far.\n", encoding="utf-8")


def test_review_export_feeds_the_next_run(browser, tmp_path, downloads):
    """Mark four anomalies four ways, export, and run again with the export as --baseline: exactly
    the confirmed and false-alarm ones are gone; the fixed and the unreviewed ones are reported."""
    _write_articles(tmp_path / "articles")
    first = _numcheck("check", "articles", "--format", "json", cwd=tmp_path)
    before = json.loads(first.stdout)["anomalies"]
    assert sorted(a["code"] for a in before) == ["NC301", "NC602", "NC604", "NC605"]
    out = tmp_path / "report.html"
    assert _numcheck("check", "articles", "--format", "html", "-o", str(out), cwd=tmp_path).returncode == 1
    page = browser.open(out.as_uri())
    by_code = {a["code"]: a["fingerprint"] for a in before}
    decisions = {"NC301": "confirmed", "NC602": "false_alarm", "NC605": "fixed"}
    for code, status in decisions.items():
        page.click(f"article.card[data-code={code}] input[value={status}]")
    page.type("article.card[data-code=NC602] textarea.note", "8 April 2025 was a Tuesday; the school says Monday 7th")
    assert page.eval("document.getElementById('review-progress').textContent") == "3 of 4 reviewed"
    page.select("#filter-status", "unreviewed")
    assert _visible(page, "article.card") == 1
    page.select("#filter-status", "")

    for old in downloads.glob("numcheck-review*.json"):
        old.unlink()
    page.click("#export-review")
    done = browser.wait_event("Browser.downloadProgress", where=lambda p: p.get("state") == "completed")
    exported = pathlib.Path(done["filePath"])
    review = json.loads(exported.read_text(encoding="utf-8"))
    assert review == json.loads(page.eval("document.getElementById('export-json').value"))
    assert review["baseline"] == 1
    assert {(e["code"], e["status"]) for e in review["anomalies"]} == {("NC301", "confirmed"), ("NC602", "false_alarm")}
    assert [e["code"] for e in review["fixed"]] == ["NC605"]
    assert review["anomalies"][1]["note"].startswith("8 April 2025 was a Tuesday")
    assert review["review"]["counts"] == {"unreviewed": 1, "confirmed": 1, "false_alarm": 1, "fixed": 1}

    # The review is kept in the browser: a new tab of the same report shows it.
    again = browser.open(out.as_uri())
    assert again.eval("document.querySelector('article.card[data-code=NC602]').getAttribute('data-status')") == "false_alarm"
    assert again.eval("document.querySelector('article.card[data-code=NC602] textarea').value").startswith("8 April")

    second = _numcheck("check", "articles", "--format", "json", "--baseline", str(exported), cwd=tmp_path)
    after = json.loads(second.stdout)
    assert sorted(a["fingerprint"] for a in after["anomalies"]) == sorted([by_code["NC604"], by_code["NC605"]])
    assert after["summary"]["baseline_matched"] == 2
    assert page.console() == [] and again.console() == []


def test_pdf_pages_in_a_lazily_built_document(browser, tmp_path):
    """A PDF with nothing to review is built in the browser when opened, with the same page marks
    the server writes for an involved one: one span per page, in order, holding that page's text."""
    from _documents import report_pdf

    pdf = report_pdf(tmp_path / "report.pdf")
    out = _html_report(tmp_path, str(pdf), "--ignore", "NC", "--no-config")
    page = browser.open(out.as_uri())
    assert page.eval("document.querySelectorAll('.doctext .page').length") == 0
    page.click("details.document.lazy > summary")
    page.wait_for("!!document.querySelector('details.document.lazy[data-rendered]')")
    pages = page.eval("[].map.call(document.querySelectorAll('details.document.lazy .doctext > .page'),"
                      " function (p) { return [p.id, p.getAttribute('data-page'), p.textContent]; })")
    assert [(p[0], p[1]) for p in pages] == [("doc-0-page-1", "1"), ("doc-0-page-2", "2"), ("doc-0-page-3", "3")]
    from numcheck.ingest import load_document

    doc = load_document(pdf)
    starts = list(doc.pages) + [len(doc.text)]
    assert [p[2] for p in pages] == [doc.text[starts[k]:starts[k + 1]] for k in range(3)]
    # the stylesheet labels each page; a rule above it sets it off from the page before
    assert page.eval("getComputedStyle(document.querySelector('.doctext .page'), '::before').display") == "block"
    assert page.eval("document.querySelector('details.document.lazy .doctext').textContent") == doc.text
    assert page.console() == []
