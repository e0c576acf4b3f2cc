"""The ``sarif`` format: SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it.

One run. ``tool.driver.rules`` lists every active rule; each anomaly becomes a result pointing
at its primary claim, with the evidence as ``relatedLocations`` and the records fingerprint as
``partialFingerprints["numcheck/v1"]`` so dashboards track an anomaly across edits. Input
errors are ``toolExecutionNotifications`` of the single invocation, which is then marked
unsuccessful. Columns count Unicode code points, as the records do (``columnKind``). For a PDF
the region's ``properties`` carry ``page`` (and ``lineOnPage``, which ``startLine`` also holds);
for a DOCX, ``paragraph`` (``startLine`` is the paragraph number).
"""

from __future__ import annotations

import json
import re

from numcheck.render._common import artifact_uri, documents_by_path, rules_by_code, sorted_anomalies

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

#: Where SARIF consumers send people who click the tool's name.
INFORMATION_URI = "https://pypi.org/project/numcheck/"

#: SARIF ``level`` for each numcheck severity.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

#: The ``partialFingerprints`` key carrying the records fingerprint.
FINGERPRINT_KEY = "numcheck/v1"


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return (m.group(1) if m else text.strip())


def _rule(rule: dict) -> dict:
    code = rule["code"]
    description = (rule.get("description") or "").strip()
    name = rule.get("name") or code
    short = _first_sentence(description) if description else name.replace("-", " ")
    out = {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": description or short},
        "defaultConfiguration": {"level": LEVELS.get(rule.get("severity"), "warning")},
        "help": {"text": (rule.get("help") or "").strip() or description or short},
        "properties": {"tags": ["numcheck"] + ([rule["kind"]] if rule.get("kind") else [])},
    }
    if rule.get("pack"):
        out["properties"]["pack"] = rule["pack"]
    return out


def _region(item: dict, snippet: str | None = None) -> dict | None:
    line = item.get("line") or 0
    if line < 1:
        return None
    region: dict = {"startLine": line}
    if item.get("column"):
        region["startColumn"] = item["column"]
    if item.get("end_line"):
        region["endLine"] = item["end_line"]
    if item.get("end_column") and item.get("column"):
        region["endColumn"] = item["end_column"]
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _location(item: dict, snippet: str | None = None, docs: dict | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(item.get("path") or "")}}
    region = _region(item, snippet)
    if region:
        # a PDF's lines count from the top of their page and a DOCX's "lines" are paragraphs:
        # the region's property bag says which, for consumers that can open such files
        fmt = ((docs or {}).get(item.get("path")) or {}).get("format")
        if item.get("page"):
            region["properties"] = {"page": item["page"], "lineOnPage": item.get("line") or 0}
        elif fmt == "docx":
            region["properties"] = {"paragraph": item.get("line") or 0}
        physical["region"] = region
    return {"physicalLocation": physical}


def build(records: dict) -> dict:
    """The SARIF log as a dict (what :func:`render` serialises)."""
    rules = rules_by_code(records)
    docs = documents_by_path(records)
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for a in sorted_anomalies(records):
        code = a.get("code") or ""
        result: dict = {
            "ruleId": code,
            "ruleIndex": index[code],
            "level": LEVELS.get(a.get("severity"), "warning"),
            "message": {"text": a.get("message") or a.get("name") or code},
            "locations": [_location(a, a.get("text"), docs)],
        }
        related = []
        for i, ev in enumerate(a.get("evidence") or [], start=1):
            loc = _location(ev, ev.get("text"), docs)
            loc["id"] = i
            role = ev.get("role") or "evidence"
            loc["message"] = {"text": f'{role}: "{ev.get("text", "")}"'}
            related.append(loc)
        if related:
            result["relatedLocations"] = related
        if a.get("fingerprint"):
            result["partialFingerprints"] = {FINGERPRINT_KEY: a["fingerprint"]}
        props = {k: a[k] for k in ("kind", "sentence") if a.get(k)}
        if props:
            result["properties"] = props
        results.append(result)

    notifications = []
    for e in records.get("errors") or []:
        note: dict = {
            "level": "error",
            "message": {"text": e.get("message") or "error"},
            "descriptor": {"id": f"numcheck/{e.get('kind') or 'input'}"},
        }
        if e.get("path"):
            note["locations"] = [_location(e, e.get("text") or None)]
        notifications.append(note)

    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    if isinstance(records.get("exit_code"), int):
        invocation["exitCode"] = records["exit_code"]

    version = str(records.get("numcheck") or "0")
    driver = {
        "name": "numcheck",
        "version": version,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rules[c]) for c in codes],
    }
    if re.fullmatch(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?", version):
        driver["semanticVersion"] = version
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"records": records.get("records", 1)},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(records: dict) -> str:
    """The SARIF 2.1.0 log for ``records`` as indented JSON, ending in a newline."""
    return json.dumps(build(records), indent=2, ensure_ascii=False) + "\n"
