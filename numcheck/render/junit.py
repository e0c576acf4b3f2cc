"""The ``junit`` format: JUnit XML, for CI systems that show test reports.

One ``<testsuite name="numcheck">`` with one ``<testcase>`` per document (``classname`` is its
story id, ``name`` its path). A document with error or warning anomalies gets one
``<failure>`` listing them all; a document whose only anomalies are ``info`` passes and lists
them in ``<system-out>``. Input errors become ``<error>`` elements, on their document's test
case or, for a path that never became a document (an unreadable file), on a test case of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from numcheck.render._common import location, plural, sorted_anomalies, summary_line

# XML 1.0 cannot carry most C0 controls even escaped; article text scraped from the web can.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """``value`` as a string XML 1.0 can hold: forbidden characters become ``\\xNN``/``\\uNNNN``."""

    def _sub(m: re.Match) -> str:
        ch = ord(m.group())
        return f"\\x{ch:02x}" if ch < 0x100 else f"\\u{ch:04x}"

    return _XML_INVALID.sub(_sub, str(value))


def _anomaly_block(a: dict) -> str:
    head = f"{location(a.get('path'), a.get('line'), a.get('column'))}: {str(a.get('severity', '')).upper()} {a.get('code', '')} {a.get('name', '')}"
    lines = [head, f"  {a.get('message', '')}"]
    if a.get("sentence"):
        lines.append(f"  in: {a['sentence']}")
    for ev in a.get("evidence") or []:
        role = f" ({ev['role']})" if ev.get("role") else ""
        lines.append(f'  ↳ {location(ev.get("path"), ev.get("line"), ev.get("column"))} "{ev.get("text", "")}"{role}')
    return "\n".join(lines)


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": xml_text(classname), "name": xml_text(name), "time": "0"})


def build(records: dict) -> ET.Element:
    """The ``<testsuites>`` element tree (what :func:`render` serialises)."""
    by_path: dict[str, list[dict]] = {}
    for a in sorted_anomalies(records):
        by_path.setdefault(a.get("path") or "", []).append(a)
    errors_by_path: dict[str, list[dict]] = {}
    for e in records.get("errors") or []:
        errors_by_path.setdefault(e.get("path") or "", []).append(e)

    root = ET.Element("testsuites", {"name": "numcheck"})
    suite = ET.SubElement(root, "testsuite", {"name": "numcheck"})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "numcheck.version", "value": xml_text(records.get("numcheck", ""))})
    ET.SubElement(props, "property", {"name": "numcheck.records", "value": str(records.get("records", 1))})

    tests = failures = errors = 0
    seen: set[str] = set()

    def add_errors(case: ET.Element, errs: list[dict]) -> None:
        nonlocal errors
        if not errs:
            return
        errors += 1
        first = errs[0]
        el = ET.SubElement(case, "error", {
            "message": xml_text(first.get("message") or "input error"),
            "type": xml_text(first.get("kind") or "input"),
        })
        el.text = xml_text("\n".join(
            f"{location(e.get('path'), e.get('line'), e.get('column'))}: {e.get('kind') or 'input'}: {e.get('message', '')}"
            for e in errs
        ))

    for doc in records.get("documents") or []:
        path = doc.get("path") or ""
        seen.add(path)
        tests += 1
        case = _case(suite, doc.get("story") or "numcheck", path)
        anomalies = by_path.get(path, [])
        serious = [a for a in anomalies if a.get("severity") in ("error", "warning")]
        if serious:
            failures += 1
            codes = sorted({a.get("code", "") for a in serious})
            el = ET.SubElement(case, "failure", {
                "message": xml_text(f"{plural(len(serious), 'anomaly')}: {', '.join(codes)}"),
                "type": xml_text(min(a.get("severity") for a in serious)),  # "error" < "warning"
            })
            el.text = xml_text("\n\n".join(_anomaly_block(a) for a in anomalies))
        elif anomalies:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text("\n\n".join(_anomaly_block(a) for a in anomalies))
        add_errors(case, errors_by_path.get(path, []))

    for path, errs in errors_by_path.items():
        if path in seen:
            continue
        tests += 1
        add_errors(_case(suite, "numcheck", path or "<run>"), errs)

    for el in (root, suite):
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", str(errors))
        el.set("skipped", "0")
        el.set("time", "0")
    out = ET.SubElement(suite, "system-out")
    out.text = xml_text(summary_line(records))
    return root


def render(records: dict) -> str:
    """JUnit XML for ``records``, with an XML declaration, indented, ending in a newline."""
    root = build(records)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
