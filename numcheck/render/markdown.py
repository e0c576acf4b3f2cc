"""The ``markdown`` format: a pull-request comment (GitHub-flavoured Markdown).

A heading with the counts, a table of anomalies (location, code, severity, message), then one
section per anomaly quoting its sentence with the figures in bold and listing the evidence.
Article text is untrusted, so everything taken from the records is escaped: Markdown and HTML
specials are backslash-escaped, ``|`` cannot split a table cell and newlines cannot end one.
Output is kept under GitHub's comment limit by dropping detail sections (never table rows of
earlier anomalies) once the budget is spent.
"""

from __future__ import annotations

import re

from numcheck.render._common import (
    counts,
    error_counts,
    severity_counts,
    location,
    plural,
    sentence_marks,
    sorted_anomalies,
    split_marked,
    documents_by_path,
)

#: GitHub rejects comments longer than 65,536 characters; stay clear of it.
MAX_CHARS = 60_000

# Every ASCII punctuation character CommonMark lets a backslash escape that can start or end
# markup inline. '.' '-' '+' '#' '!' '(' ')' and digits only matter at the start of a line and
# are handled by _BLOCK_START, so ordinary prose stays readable in the raw comment.
_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&$])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def escape(text: object) -> str:
    """Escape ``text`` so it renders literally inline (also safe inside a table cell)."""
    s = _INLINE.sub(r"\\\1", str(text))
    s = re.sub(r"\s*[\r\n]+\s*", " ", s)
    return _escape_block_start(s)


def _escape_block_start(s: str) -> str:
    # A backslash only escapes punctuation: "1." becomes "1\." (not "\1."), "#" becomes "\#".
    def _sub(m: re.Match) -> str:
        marker = m.group(2)
        return m.group(1) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)

    return _BLOCK_START.sub(_sub, s, count=1)


def _bold(piece: str) -> str:
    # '**' only opens/closes emphasis when flanking rules allow it (e.g. not "word**(2024)**");
    # <strong> is always honoured by GitHub, so use it when the figure starts or ends with
    # punctuation or space.
    if piece and piece[0].isalnum() and piece[-1].isalnum():
        return f"**{escape(piece)}**"
    return f"<strong>{escape(piece)}</strong>"


def highlighted(anomaly: dict, doc_text: str | None = None) -> str:
    """The anomaly's sentence, escaped, with the primary figure and same-sentence evidence in bold."""
    sentence = anomaly.get("sentence") or ""
    out = []
    for piece, mark in split_marked(sentence, sentence_marks(anomaly, sentence, doc_text)):
        if mark is None:
            # Escaping per piece would let a piece start with "1." look like a list item; only
            # the sentence start is a line start, so block markers are escaped there alone.
            out.append(_INLINE.sub(r"\\\1", re.sub(r"\s*[\r\n]+\s*", " ", piece)))
        else:
            out.append(_bold(piece))
    joined = "".join(out)
    return _escape_block_start(joined)


def _heading(records: dict) -> str:
    c = counts(records)
    sev = c["by_severity"]
    if not c["anomalies"] and not c["errors"]:
        return f"### ✅ numcheck: no anomalies in {plural(c['documents'], 'document')}"
    icon = "❌" if sev["error"] or c["errors"] else "⚠️"
    head = f"### {icon} numcheck: {plural(c['anomalies'], 'anomaly')} in {plural(c['documents'], 'document')}"
    bits = [severity_counts(records)]
    if c["errors"]:
        bits += error_counts(records)
    return head + " (" + ", ".join(bits) + ")"


def render(records: dict) -> str:
    """A Markdown pull-request comment for ``records``, ending in a newline."""
    anomalies = sorted_anomalies(records)
    docs = documents_by_path(records)
    parts = [_heading(records), ""]
    c = counts(records)
    if c["suppressed"] or c["baseline_matched"]:
        parts += [f"_{c['suppressed']} suppressed, {c['baseline_matched']} matched the baseline._", ""]
    if anomalies:
        parts += ["| Location | Code | Severity | Message |", "| --- | --- | --- | --- |"]
        used = sum(len(p) + 1 for p in parts)
        for i, a in enumerate(anomalies, start=1):
            # The table may use most of the budget; the detail sections get what is left.
            if used > MAX_CHARS * 0.8:
                parts.append(f"| … | | | {len(anomalies) - i + 1} more anomalies not listed (comment size limit) |")
                break
            loc = escape(location(a.get("path"), a.get("line")))
            parts.append(
                f"| [{loc}](#numcheck-{i}) | {escape(a.get('code', ''))} {escape(a.get('name', ''))} "
                f"| {escape(a.get('severity', ''))} | {escape(a.get('message', ''))} |"
            )
            used += len(parts[-1]) + 1
        parts.append("")

    errors = records.get("errors") or []
    if errors:
        parts += ["#### Input errors", ""]
        for e in errors:
            parts.append(f"- {escape(location(e.get('path'), e.get('line'), e.get('column')))}: "
                         f"{escape(e.get('kind') or 'input')}: {escape(e.get('message', ''))}")
        parts.append("")

    body = "\n".join(parts)
    shown = 0
    for i, a in enumerate(anomalies, start=1):
        block = [
            f'<a id="numcheck-{i}"></a>',
            f"#### {escape(a.get('code', ''))} {escape(a.get('name', ''))} · "
            f"{escape(location(a.get('path'), a.get('line'), a.get('column')))}",
            "",
        ]
        if a.get("sentence"):
            doc_text = (docs.get(a.get("path")) or {}).get("text")
            block += ["> " + highlighted(a, doc_text), ""]
        block += [escape(a.get("message", "")), ""]
        for ev in a.get("evidence") or []:
            role = f" ({escape(ev['role'])})" if ev.get("role") else ""
            block.append(f"- ↳ {escape(location(ev.get('path'), ev.get('line'), ev.get('column')))} "
                         f"{_bold(ev.get('text', '')) if ev.get('text') else ''}{role}")
        chunk = "\n".join(block).rstrip("\n") + "\n"
        if len(body) + len(chunk) > MAX_CHARS:
            break
        body += "\n" + chunk
        shown += 1
    if shown < len(anomalies):
        body += f"\n_{len(anomalies) - shown} more not detailed here (comment size limit); see the full report._\n"
    return body.rstrip("\n") + "\n"
