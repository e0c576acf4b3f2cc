"""Tests for numcheck.render: every output format, built only from records dicts."""

from __future__ import annotations

import ast
import copy
import json
import os
import pathlib
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import _ci  # noqa: E402
from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import _records_sample as sample  # noqa: E402

from numcheck.render import FORMATS, check_version, render, write_atomic  # noqa: E402
from numcheck.render._common import artifact_uri, find_figure, sentence_marks  # noqa: E402
from numcheck.render.github import escape_data, escape_property  # noqa: E402
from numcheck.render.html import _Span, nest  # noqa: E402
from numcheck.render.text import use_color  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = pathlib.Path(__file__).parent / "data"
SHARED_SCHEMA = ROOT.parent / "shared" / "external" / "sarif" / "sarif-schema-2.1.0.json"
ESC = "\x1b["


@pytest.fixture
def records():
    return sample.sample_records(full=True)


@pytest.fixture
def brief():
    return sample.sample_records(full=False)


# --------------------------------------------------------------------------- package surface


def test_formats_and_dispatch(records):
    assert FORMATS == ("text", "concise", "json", "sarif", "junit", "github", "markdown", "html")
    for fmt in FORMATS:
        out = render(records, fmt, color=False, width=100)
        assert isinstance(out, str) and out.endswith("\n"), fmt
    with pytest.raises(ValueError, match="unknown format 'xml'.*sarif"):
        render(records, "xml")


def test_unsupported_records_version_is_refused(records):
    records["records"] = 4
    with pytest.raises(ValueError, match="records version 4"):
        render(records, "json")
    with pytest.raises(ValueError):
        check_version([])


def test_render_package_imports_only_model_and_itself():
    """The layer contract: numcheck.render may import numcheck.model, numcheck.fileio (the
    stdlib-only output writer ``write_atomic`` delegates to) and its own modules only."""
    offenders = []
    for path in (ROOT / "numcheck" / "render").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.startswith("numcheck") and not (
                    name in ("numcheck.model", "numcheck.fileio") or name.startswith("numcheck.render")
                ):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_rich_and_jinja_load_only_for_their_formats(tmp_path):
    script = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(pathlib.Path(__file__).parent)!r})\n"
        "import _records_sample as s\n"
        "from numcheck.render import render\n"
        "for f in ('json', 'sarif', 'junit', 'github', 'markdown'): render(s.sample_records(), f)\n"
        "print(json.dumps(['rich' in sys.modules, 'jinja2' in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, False]


# --------------------------------------------------------------------------- shared helpers


def test_find_figure_respects_token_boundaries():
    s = "In 2014 some 14 people and 141 boats"
    assert find_figure(s, "14") == (13, 15)
    assert find_figure(s, "3bn") is None
    # Abutting letters are accepted only as a fallback.
    assert find_figure("cost US$3bnX", "3bn") == (8, 11)


def test_sentence_marks_use_offsets_to_pick_the_right_occurrence():
    text = "Police said 40 were hurt; medics said 40 were hurt and 12 died."
    start = text.rindex("40")
    anomaly = {"path": "a.md", "start": start, "end": start + 2, "text": "40", "sentence": text,
               "evidence": [{"path": "a.md", "start": 55, "end": 57, "text": "12", "role": "total",
                             "sentence": text}]}
    marks = sentence_marks(anomaly, text, doc_text=text)
    assert [(m.start, m.end, m.primary) for m in marks] == [(start, start + 2, True), (55, 57, False)]
    # Without the document text the first whole-token occurrence is used.
    assert sentence_marks(anomaly, text)[0].start == text.index("40")


def test_artifact_uri_forms():
    assert artifact_uri("news\\a b.md") == "news/a%20b.md"
    assert artifact_uri("./news/a.md") == "news/a.md"
    assert artifact_uri("/srv/news/a.md") == "file:///srv/news/a.md"
    assert artifact_uri("corpus.jsonl#row 7") == "corpus.jsonl#row%207"


# --------------------------------------------------------------------------- text


def test_text_plain_layout(records):
    out = render(records, "text", color=False, width=100)
    assert ESC not in out
    lines = out.splitlines()
    i = lines.index("news/harbour_fire_local.md:1:121: ERROR NC201 count-differs-across-story")
    block = lines[i:lines.index("", i)]
    sentence_line = next(l for l in block if "four warehouses." in l)
    caret_line = block[block.index(sentence_line) + 1]
    col = sentence_line.index("four warehouses")
    assert caret_line[col:col + len("four warehouses")] == "^" * len("four warehouses")
    assert set(caret_line.strip()) == {"^"}
    assert '  ↳ news/harbour_fire_wire.md:3:79 "three warehouses" (contradicts)' in block
    assert "4 ≠ 3 for the same subject" in " ".join(l.strip() for l in block)
    assert "Stories:" in lines and "Errors:" in lines
    assert lines[-1] == "2 documents, 3 anomalies (1 error, 1 warning, 1 info), 1 input error"
    assert all(len(l) <= 100 for l in lines if not l.startswith("  ↳"))


def test_text_marks_same_sentence_evidence_with_tildes(records):
    a = records["anomalies"][0]
    a["evidence"].append({"path": a["path"], "line": 1, "column": 20, "end_line": 1, "end_column": 28,
                          "start": 19, "end": 27, "text": "11 hours", "role": "duration",
                          "sentence": a["sentence"]})
    lines = render(records, "text", color=False, width=200).splitlines()
    head = lines.index("news/harbour_fire_local.md:1:121: ERROR NC201 count-differs-across-story")
    sentence_line, carets = lines[head + 1], lines[head + 2]
    assert carets[sentence_line.index("11 hours"):][:8] == "~" * 8
    assert "^" * len("four warehouses") in carets


def test_text_single_document_has_no_stories_section():
    out = render(sample.clean_records(), "text", color=False)
    assert "Stories:" not in out
    assert out.strip() == "1 document, 0 anomalies (0 errors, 0 warnings, 0 info), 0 input errors"


def test_text_colour_forced_and_auto(records, monkeypatch):
    coloured = render(records, "text", color=True, width=100)
    assert ESC in coloured
    # The highlighted figure is styled and the words around it are not.
    assert re.search(r"\x1b\[[0-9;]*mfour warehouses\x1b\[0m", coloured)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert "news/harbour_fire_local.md:1:121: ERROR NC201 count-differs-across-story" in plain
    assert not any(l != l.rstrip() for l in plain.splitlines())

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_color(None, Tty()) is True
    assert use_color(None, pathlib.Path(os.devnull).open()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(None, Tty()) is False
    assert use_color(True, Tty()) is True  # an explicit request overrides NO_COLOR
    # Under pytest stdout is captured (not a terminal): auto means plain.
    monkeypatch.delenv("NO_COLOR")
    assert ESC not in render(records, "text")


# --------------------------------------------------------------------------- json


def test_json_is_the_records_verbatim(records):
    out = render(records, "json")
    assert json.loads(out) == records
    assert "≠" in out  # ensure_ascii=False
    assert out.startswith('{\n  "numcheck": "0.1.0"')


# --------------------------------------------------------------------------- sarif


def _schema_validator():
    jsonschema = _ci.importorskip("jsonschema", module_level=False)
    vendored = DATA / "sarif-schema-2.1.0.json"
    path = SHARED_SCHEMA if SHARED_SCHEMA.exists() else vendored
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_vendored_sarif_schema_matches_shared_copy():
    vendored = DATA / "sarif-schema-2.1.0.json"
    assert vendored.exists() and (DATA / "sarif-schema-2.1.0.LICENSE.md").exists()
    if not SHARED_SCHEMA.exists():
        _ci.missing("the shared SARIF schema next to the repository")
    assert vendored.read_bytes() == SHARED_SCHEMA.read_bytes()


@pytest.mark.parametrize("variant", ["full", "brief", "clean"])
def test_sarif_validates_against_the_official_schema(variant):
    recs = {"full": sample.sample_records(True), "brief": sample.sample_records(False),
            "clean": sample.clean_records()}[variant]
    log = json.loads(render(recs, "sarif"))
    errors = sorted(_schema_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_sarif_schema_check_can_fail():
    log = json.loads(render(sample.sample_records(), "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(_schema_validator().iter_errors(log))) >= 2


def test_sarif_content(records):
    log = json.loads(render(records, "sarif"))
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "numcheck" and driver["version"] == "0.1.0" and driver["informationUri"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["NC201", "NC305", "NC601", "NC612"]
    nc201 = rules[0]
    assert nc201["defaultConfiguration"]["level"] == "error"
    assert nc201["shortDescription"]["text"] == "Two documents of one story give different counts for the same subject."
    assert nc201["help"]["text"].startswith("Check both sources")
    assert rules[3]["defaultConfiguration"]["level"] == "note"

    results = run["results"]
    assert len(results) == 3
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    by_rule = {r["ruleId"]: r for r in results}
    assert {k: v["level"] for k, v in by_rule.items()} == {"NC201": "error", "NC305": "warning", "NC612": "note"}
    r = by_rule["NC201"]
    src = records["anomalies"][0]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "news/harbour_fire_local.md"
    assert loc["region"] == {"startLine": 1, "startColumn": 121, "endLine": 1, "endColumn": 136,
                             "snippet": {"text": "four warehouses"}}
    assert r["partialFingerprints"] == {"numcheck/v1": src["fingerprint"]}
    assert r["message"]["text"] == src["message"]
    rel = r["relatedLocations"][0]
    assert rel["id"] == 1 and "three warehouses" in rel["message"]["text"]
    assert rel["physicalLocation"]["artifactLocation"]["uri"] == "news/harbour_fire_wire.md"
    assert rel["physicalLocation"]["region"]["startColumn"] == 79

    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    note = inv["toolExecutionNotifications"][0]
    assert note["level"] == "error" and "not UTF-8" in note["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_clean_run_is_successful_and_synthesises_unknown_rules():
    recs = sample.clean_records()
    log = json.loads(render(recs, "sarif"))
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert log["runs"][0]["results"] == []
    recs = sample.sample_records()
    recs["rules"] = []
    recs["anomalies"][0]["path"] = "news\\harbour_fire_local.md"
    log = json.loads(render(recs, "sarif"))
    run = log["runs"][0]
    assert sorted(r["id"] for r in run["tool"]["driver"]["rules"]) == ["NC201", "NC305", "NC612"]
    uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run["results"]]
    assert "news/harbour_fire_local.md" in uris and not any("\\" in u for u in uris)


# --------------------------------------------------------------------------- junit


def _junit(records, tmp_path):
    junitparser = _ci.importorskip("junitparser", module_level=False)
    path = tmp_path / "report.xml"
    path.write_text(render(records, "junit"), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    return junitparser, suites


def test_junit_counts_and_cases(records, tmp_path):
    junitparser, suites = _junit(records, tmp_path)
    assert len(suites) == 1
    suite = suites[0]
    assert suite.name == "numcheck"
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (3, 1, 1, 0)
    cases = {case.name: case for case in suite}
    assert set(cases) == {sample.WIRE_PATH, sample.LOCAL_PATH, sample.BAD_PATH}
    assert cases[sample.WIRE_PATH].classname == "s1" and cases[sample.WIRE_PATH].is_passed
    local = cases[sample.LOCAL_PATH]
    assert local.classname == "s1"
    [failure] = [r for r in local.result if isinstance(r, junitparser.Failure)]
    assert failure.message == "2 anomalies: NC201, NC305"
    assert "4 ≠ 3" in failure.text and "three warehouses" in failure.text
    assert "NC612" in failure.text  # info anomalies are listed, but do not fail on their own
    [error] = cases[sample.BAD_PATH].result
    assert isinstance(error, junitparser.Error) and "not UTF-8" in error.message


def test_junit_info_only_passes_and_survives_hostile_text(records, tmp_path):
    records["anomalies"] = [a for a in records["anomalies"] if a["severity"] == "info"]
    records["anomalies"][0]["message"] = 'bad \x00 byte \x1b[31m & <tag> "q" ]]> \ud800'
    records["errors"].append({"path": sample.WIRE_PATH, "line": 2, "column": 1, "kind": "input",
                              "message": "front matter: date 'Marhc 14' is not a date", "text": ""})
    junitparser, suites = _junit(records, tmp_path)
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors) == (3, 0, 2)
    cases = {case.name: case for case in suite}
    assert cases[sample.LOCAL_PATH].is_passed
    # control characters arrive as their control pictures (numcheck.render.safe), never raw
    assert "\u2400 byte \u241b[31m" in cases[sample.LOCAL_PATH].system_out
    assert "<tag>" in cases[sample.LOCAL_PATH].system_out
    [error] = cases[sample.WIRE_PATH].result
    assert isinstance(error, junitparser.Error) and "Marhc" in error.message


# --------------------------------------------------------------------------- github


def test_github_commands(records):
    lines = render(records, "github").splitlines()
    assert len(lines) == 4
    assert lines[1].startswith(
        "::error file=news/harbour_fire_local.md,line=1,col=121,endColumn=136,"
        "title=NC201 count-differs-across-story::\"four warehouses\" (4)"
    )
    assert lines[1].endswith('%0A↳ news/harbour_fire_wire.md:3:79 "three warehouses" (contradicts)')
    assert lines[0].startswith("::notice file=news/harbour_fire_local.md,line=1,col=32,")
    assert lines[2].startswith("::warning ")
    assert lines[3] == "::error file=news/harbour_fire_photos.bin,title=numcheck input error::not UTF-8 text (byte 0xff at offset 3)"
    assert render(sample.clean_records(), "github") == ""


def test_github_escaping_of_hostile_values(records):
    assert escape_data("50%\r\nnext::x, y: z") == "50%25%0D%0Anext::x, y: z"
    assert escape_property("a: b, c%\n") == "a%3A b%2C c%25%0A"
    a = records["anomalies"][0]
    a["message"] = "100% wrong\n::error file=evil.py::injected\r\nend %0A"
    a["path"] = "dir,with:odd/na%me.md"
    a["name"] = "name, with: colon"
    a["end_line"] = 2  # multi-line: columns are dropped
    lines = render(records, "github").splitlines()
    assert len(lines) == 4, lines  # nothing injected a new command
    line = next(l for l in lines if "wrong" in l)
    head, _, data = line.partition("::")[2].partition("::")
    assert head == "error file=dir%2Cwith%3Aodd/na%25me.md,line=1,endLine=2,title=NC201 name%2C with%3A colon"
    # a carriage return shows as its control picture (numcheck.render.safe), a newline as %0A
    assert data.startswith("100%25 wrong%0A::error file=evil.py::injected\u240d%0Aend %250A%0A↳ ")


# --------------------------------------------------------------------------- markdown


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_comment(records):
    md = render(records, "markdown")
    lines = md.splitlines()
    assert lines[0] == "### ❌ numcheck: 3 anomalies in 2 documents (1 error, 1 warning, 1 info, 1 input error)"
    rows = [l for l in lines if l.startswith("| [")]
    assert len(rows) == 3 and all(len(_cells(r)) == 4 for r in rows)
    assert "> Firefighters spent 11 hours on Thursday fighting the blaze at Eastport harbour, which the port " \
           "authority said destroyed **four warehouses**." in lines
    assert "> **Some 41 workers** were treated at the scene, the authority added." in lines
    assert "news/harbour\\_fire\\_photos.bin" in md
    clean = render(sample.clean_records(), "markdown")
    assert clean.startswith("### ✅ numcheck: no anomalies in 1 document")


def test_markdown_escapes_hostile_cells(records):
    a = records["anomalies"][0]
    a["message"] = "costs $5 | not $6 *really* <img src=x onerror=alert(1)> [link](javascript:x)\nsecond line"
    a["sentence"] = "1. The board said | four warehouses | burned."
    md = render(records, "markdown")
    row = next(l for l in md.splitlines() if l.startswith("| [") and "NC201" in l)
    cells = _cells(row)
    assert len(cells) == 4
    assert cells[3].strip() == (r"costs \$5 \| not \$6 \*really\* \<img src=x onerror=alert(1)\> "
                                r"\[link\](javascript:x) second line")
    assert r"> 1\. The board said \| **four warehouses** \| burned." in md.splitlines()


def test_markdown_stays_under_the_comment_limit(records):
    from numcheck.render.markdown import MAX_CHARS

    base = records["anomalies"][0]
    records["anomalies"] = []
    for i in range(400):
        a = copy.deepcopy(base)
        a["fingerprint"] = f"{i:016x}"
        a["message"] = base["message"] + " " + "padding " * 20
        records["anomalies"].append(a)
    md = render(records, "markdown")
    assert len(md) <= MAX_CHARS + 200
    assert "more not detailed here" in md


# --------------------------------------------------------------------------- html


class _Page(HTMLParser):
    """Collects elements and checks that non-void elements are properly nested."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base", "embed",
            "circle", "rect", "line", "path"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.script = ""
        self.style = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.script += data
        elif self._in == "style":
            self.style += data


def _page(records) -> tuple[str, _Page]:
    html = render(records, "html")
    page = _Page()
    page.feed(html)
    page.close()
    assert page.problems == [] and page.stack == [], (page.problems, page.stack)
    return html, page


def _classes(attrs):
    return (attrs.get("class") or "").split()


@pytest.mark.parametrize("full", [True, False])
def test_html_marks_every_anomaly_and_links_evidence(full):
    recs = sample.sample_records(full=full)
    html, page = _page(recs)
    assert html.startswith("<!DOCTYPE html>")
    ids = [a["id"] for _, a in page.elements if "id" in a]
    assert len(ids) == len(set(ids)), "duplicate ids"
    anomalies = [a for _, a in page.elements if "anomaly" in _classes(a)]
    assert sorted((a["id"], a["data-code"]) for a in anomalies) == sorted(
        ("nc-" + x["fingerprint"], x["code"]) for x in recs["anomalies"])
    # Every internal link resolves, including evidence links across documents.
    hrefs = [a["href"] for _, a in page.elements if "href" in a]
    assert all(h.startswith("#") and h[1:] in ids for h in hrefs), [h for h in hrefs if h[1:] not in ids]
    evidence = {a["id"]: a for _, a in page.elements if "evidence" in _classes(a)}
    assert {"ev-0-122-138", "ev-0-251-261", "ev-0-102-111"} <= set(evidence)
    assert evidence["ev-0-122-138"]["data-of"] == "nc-" + recs["anomalies"][0]["fingerprint"]
    assert "#ev-0-122-138" in hrefs


def _doc_data(html: str) -> dict[int, dict]:
    """The embedded per-document JSON of a page, by document index."""
    return {int(m.group(1)): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="nc-doc-(\d+)">(.*?)</script>', html, re.S)}


def test_html_highlights_claims_tables_and_timeline(records):
    html, page = _page(records)
    # Both documents hold an anomaly or its evidence, so their text is marked up in the page.
    claim_ids = {a["id"] for _, a in page.elements if "claim" in _classes(a) and "id" in a}
    assert len(claim_ids) == len(records["claims"])
    assert "c-1-120-135" in claim_ids
    # Claims tables travel as JSON, one row per claim, built when opened; 6 rows are flagged.
    data = _doc_data(html)
    rows = [row for d in data.values() for row in d["claims"]]
    assert len(rows) == len(records["claims"])
    assert sum(bool(row[12]) for row in rows) == 6
    claim_boxes = [a for t, a in page.elements if t == "details" and "claims" in _classes(a)]
    assert len(claim_boxes) == 2 and not any("open" in a for a in claim_boxes)
    # Timeline: one row per document, labelled with it.
    rows_g = [a for t, a in page.elements if t == "g" and "row" in _classes(a)]
    assert [a["data-path"] for a in rows_g] == [sample.WIRE_PATH, sample.LOCAL_PATH]
    assert "Fire guts warehouses at E…</text>" in html  # the wire copy's title, shortened, labels its row
    events = [a for t, a in page.elements if t == "g" and "event" in _classes(a)]
    assert len(events) == 5  # March 14, Wednesday, 2019, Thursday, March 2021
    assert sum("anomalous" in _classes(a) for a in events) == 2
    assert sorted(a["data-granularity"] for a in events).count("day") == 3
    assert '<svg class="timeline"' in html


def test_html_orders_the_page_for_review(records):
    """Anomalies first and most serious first; documents with anomalies open, before the rest."""
    clean_text = "Harbour traffic resumed on Friday, with 12 ships docking before noon.\n"
    records["documents"].append({"path": "news/traffic.md", "title": "Harbour reopens", "date": "2025-03-15",
                                 "date_source": "dateline", "story": "s2", "claims": 1, "text": clean_text})
    records["stories"].append({"id": "s2", "documents": ["news/traffic.md"], "linked_by": [], "date": "2025-03-15"})
    start = clean_text.index("12 ships")
    records["claims"].append({"path": "news/traffic.md", "line": 1, "column": start + 1, "start": start,
                              "end": start + 8, "text": "12 ships", "kind": "count", "value": 12.0,
                              "low": 12.0, "high": 12.0, "unit": None, "qualifier": "exact", "scope": None,
                              "subject": "ship", "date": None, "sentence": 0, "boilerplate": False,
                              "relative": False, "block": "body"})
    html, page = _page(records)
    order = [html.index(marker) for marker in ('<section id="anomalies">', '<section id="errors">',
                                               '<section id="flagged">', '<section id="clean">')]
    assert order == sorted(order)
    cards = [a for t, a in page.elements if t == "article"]
    assert [a["data-severity"] for a in cards] == ["error", "warning", "info"]
    docs = {a["data-path"]: a for t, a in page.elements if t == "details" and "document" in _classes(a)}
    assert "open" in docs[sample.LOCAL_PATH] and "open" in docs[sample.WIRE_PATH]
    clean = docs["news/traffic.md"]
    assert "open" not in clean and "lazy" in _classes(clean)
    # The clean document's text is not markup: it waits, whole, in its JSON until opened.
    section = html[html.index('<section id="clean">'):]
    assert "12 ships" not in re.sub(r"<script.*?</script>", "", section, flags=re.S)
    assert _doc_data(html)[2]["text"] == clean_text
    # The contents list every card and every document with anomalies; the document filter too.
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    assert all(f'href="#{a["id"]}"' in toc for a in cards)
    assert "Documents without anomalies (1)" in toc
    options = [a.get("value") for t, a in page.elements if t == "option"]
    # (the document filter lists the documents that have anomalies: the wire copy has evidence only)
    assert {"NC201", "NC305", "NC612", "1"} <= set(options) and not {"0", "2"} & set(options)


def test_html_card_reads_summary_then_arithmetic_and_suggestion(records):
    a = records["anomalies"][0]
    a["summary"] = "the wire copy says three warehouses burned, the local report four"
    a["computation"] = "4 ≠ 3 for the same subject in the same story"
    a["suggestions"] = [{"path": a["path"], "line": a["line"], "column": a["column"], "start": a["start"],
                         "end": a["end"], "text": a["text"], "suggested": "three warehouses"}]
    records["records"] = 2
    records["documents"][1]["url"] = "https://example.org/eastport-fire?id=7&ref=wire"
    html, page = _page(records)
    card = html[html.index('id="card-' + a["fingerprint"]):]
    card = card[:card.index("</article>")]
    assert card.index("the wire copy says three warehouses burned") < card.index("Arithmetic") \
        < card.index("4 ≠ 3") < card.index("Suggested")
    assert "“four warehouses” → <b>three warehouses</b>" in card
    assert "Source: <span class=\"source-url\">https://example.org/eastport-fire?id=7&amp;ref=wire</span>" in card
    assert 'class="doc-link">harbour_fire_local.md</a>' in card  # untitled: named by its file
    # A version-1 record has only the message: it stands alone, with no arithmetic line.
    other = html[html.index('id="card-' + records["anomalies"][1]["fingerprint"]):]
    other = other[:other.index("</article>")]
    assert "transposed; one of them is probably a typo." in other and "Arithmetic" not in other
    # Review controls on every card, and the data the export needs, keyed by fingerprint.
    radios = [x for t, x in page.elements if t == "input" and x.get("type") == "radio"]
    assert len(radios) == 4 * 3
    review = json.loads(re.search(r'<script type="application/json" id="nc-review">(.*?)</script>', html, re.S).group(1))
    assert [r["fingerprint"] for r in review["anomalies"]] == [x["fingerprint"] for x in records["anomalies"]]


def test_html_numbers_and_notes_in_claims_rows(records):
    from numcheck.render.html import _claim_row, _num

    assert _num(55000.00000000001) == "55,000" and _num(0.30000000000000004) == "0.3"
    assert _num(2019.0, "year") == "2019" and _num(1234.5) == "1,234.5" and _num(float("inf")) == "∞"
    c = dict(records["claims"][3], low=45000.0, high=55000.00000000001, value=50000.0,
             boilerplate=True, block="boilerplate", relative=True)
    row = _claim_row(c, [])
    assert row[5:7] == ["50,000", "45,000 – 55,000"]
    assert row[11] == "relative, boilerplate"
    assert _claim_row(dict(c, boilerplate=False, block="caption", relative=False), [])[11] == "caption"


def test_html_dims_boilerplate_and_captions(records):
    text = records["documents"][1]["text"]
    extra = "Photo: Eastport Harbour Authority\nShare.\nLeave A Reply\n"
    records["documents"][1]["text"] = text + extra
    records["documents"][1]["blocks"] = [
        {"start": len(text), "end": len(text) + 33, "kind": "caption"},
        {"start": len(text) + 34, "end": len(text) + 40, "kind": "boilerplate"},
        {"start": len(text) + 41, "end": len(text) + 54, "kind": "boilerplate"},
    ]
    html, page = _page(records)
    assert '<span class="block block-boilerplate" data-block="boilerplate">Leave A Reply</span>' in html
    assert '<span class="block block-caption" data-block="caption">Photo: Eastport Harbour Authority</span>' in html
    css = page.style
    assert re.search(r"\.block-boilerplate[^{]*\{[^}]*opacity", css)


def test_html_timeline_groups_weekday_mentions(records):
    text = records["documents"][1]["text"]
    for word in ("on Friday", "Friday", "Friday night"):
        text += f"Crews returned {word}.\n"
    records["documents"][1]["text"] = text
    for word in ("on Friday", "Friday", "Friday night"):
        start = text.index(f"Crews returned {word}.") + len("Crews returned ")
        records["claims"].append(dict(records["claims"][8], start=start, end=start + len(word), text=word,
                                      date="2025-03-14", line=text.count("\n", 0, start) + 1))
    html, page = _page(records)
    events = [a for t, a in page.elements if t == "g" and "event" in _classes(a)]
    weekday = [a for a in events if "weekday" in _classes(a)]
    # Thursday (already there) and three Fridays of the same week in one document: one event.
    local = [a for a in weekday if a["data-count"] == "4"]
    assert len(local) == 1
    assert "Thursday · on Friday · Friday · Friday night" in html
    assert len(events) == 5


def test_html_is_self_contained_and_escaped(records):
    records["documents"][1]["text"] = records["documents"][1]["text"].replace(
        "Firefighters", "Firefighters<script>alert('x')</script>", 1)
    # Keep offsets right: shift every position in that document by the inserted length.
    shift = len("<script>alert('x')</script>")
    for item in records["claims"] + records["anomalies"]:
        if item["path"] == sample.LOCAL_PATH:
            item["start"] += shift
            item["end"] += shift
    records["anomalies"][0]["message"] += ' <b onmouseover="x">'
    records["anomalies"][0]["summary"] = '<img src=x onerror="alert(1)">'
    records["documents"][0]["title"] = "</script><script>alert('t')</script>"
    records["documents"][1]["url"] = "javascript:alert('u')"
    records["documents"][0]["url"] = "https://example.org/a\"onclick=\"alert(1)"
    # A document without anomalies travels as JSON: its text must not close the script element.
    records["documents"].append({"path": "news/x.md", "title": "<b>x</b>", "date": None, "date_source": "none",
                                 "story": None, "claims": 0,
                                 "text": "a </script><script>alert('j')</script> & <!-- b"})
    html, page = _page(records)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert '<b onmouseover' not in html and "<img" not in html
    # one script that runs, and the JSON data blocks
    assert [a for t, a in page.elements if t == "script" and a.get("type") != "application/json"] == [{}]
    assert _doc_data(html)[2]["text"] == "a </script><script>alert('j')</script> & <!-- b"
    for tag, attrs in page.elements:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "form"), tag
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key, value in attrs.items():
            if key in ("href", "src", "action", "xlink:href", "srcset", "poster", "data"):
                assert value.startswith("#"), (tag, key, value)
    # A source URL is text for the reader to copy, never a link: outside those spans no URL at all.
    urls = re.findall(r'<span class="source-url">(.*?)</span>', html)
    assert "javascript:alert(&#39;u&#39;)" in urls and "https://example.org/a&#34;onclick=&#34;alert(1)" in urls
    lowered = re.sub(r'<span class="source-url">.*?</span>', "", html).lower()
    for needle in ("http:", "https:", "javascript:", "//cdn", "ftp:"):
        assert needle not in lowered, needle
    # the script's URL.createObjectURL (the export's download) is the only "url(" there may be
    assert "url(" not in page.style.lower() and "@import" not in page.style.lower()
    assert "url(" not in lowered.replace("url.createobjecturl(", "").replace("url.revokeobjecturl(", "")
    assert "default-src 'none'" in html
    # The inserted text still lines up: the anomaly element wraps exactly the figure.
    assert re.search(r'id="nc-[0-9a-f]+"[^>]*>(?:<[^>]+>)*four warehouses<', html)


def test_nest_splits_crossing_spans():
    text = "abcdefghij"
    spans = [_Span(2, -6, 0, 1, "mark", {"id": "outer"}, {"class": "cont"}),
             _Span(4, -8, 1, 2, "span", {"id": "cross"}, {"class": "cross-cont"}),
             _Span(0, -10, 2, 3, "i", {}, {})]
    out = str(nest(text, spans))
    assert out == ('<i>ab<mark id="outer">cd<span id="cross">ef</span></mark>'
                   '<span class="cross-cont">gh</span>ij</i>')
    assert str(nest("a<b", [])) == "a&lt;b"


def test_html_without_claims_or_text_still_renders():
    html, page = _page(sample.clean_records())
    assert "No anomalies." in html
    assert not [a for _, a in page.elements if "anomaly" in _classes(a)]


# --------------------------------------------------------------------------- write_atomic


def test_write_atomic(tmp_path, monkeypatch):
    target = tmp_path / "out" / "report.sarif"
    target.parent.mkdir()
    write_atomic(target, "first ≠\n")
    assert target.read_text(encoding="utf-8") == "first ≠\n"
    write_atomic(str(target), b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.sarif"]

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "second")
    assert target.read_bytes() == b"\x00bytes"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.sarif"]


# --------------------------------------------------------------------------- properties

def _unescape_github(s: str) -> str:
    return (s.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r")
            .replace("%25", "%"))


@given(st.text())
def test_github_property_escaping_round_trips(value):
    escaped = escape_property(value)
    assert not set(escaped) & set("\r\n,:")
    assert _unescape_github(escaped) == value
    assert "\n" not in escape_data(value) and "\r" not in escape_data(value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab<&\n ", min_size=0, max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6))
def test_nest_always_yields_well_formed_markup_over_the_same_text(text, pairs):
    import html as htmllib

    spans = [_Span(min(a, b), -max(a, b), i % 3, i, "span", {"id": f"s{i}"}, {"class": "cont"})
             for i, (a, b) in enumerate(pairs)]
    out = str(nest(text, spans))
    page = _Page()
    page.feed(out)
    page.close()
    assert page.problems == [] and page.stack == []
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", out)) == text
    ids = re.findall(r'id="([^"]+)"', out)
    assert len(ids) == len(set(ids))


def test_html_size_stays_reasonable_on_a_corpus(tmp_path):
    """The whole shared corpus (414 articles): well under three times the size of the text the
    page shows (rendering every text and claims table as markup made it 4.2 times), because only
    the documents with anomalies are markup and the rest wait as JSON."""
    corpus = ROOT.parent / "shared" / "corpus" / "news.jsonl"
    if not corpus.exists():
        _ci.missing("../shared/corpus/news.jsonl beside the repository")
    out = tmp_path / "corpus.html"
    proc = subprocess.run([sys.executable, "-m", "numcheck", "check", str(corpus), "--format", "html",
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    lines = corpus.read_text(encoding="utf-8").splitlines()
    text_bytes = sum(len(json.loads(line)["text"].encode("utf-8")) for line in lines)
    html = out.read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 2.5 * text_bytes, (len(html.encode("utf-8")), text_bytes)
    lazy = html.count('<details class="document lazy"')
    involved = html.count('<details class="document involved"')
    with_cards = {m.group(1) for m in re.finditer(r'<article class="card[^>]* data-doc="(\d+)"', html)}
    # a document is markup when it has a card, or evidence for a card in another document
    assert lazy + involved == len(lines) and involved >= len(with_cards) and lazy > involved
    assert html.count('<svg class="timeline"') <= involved
