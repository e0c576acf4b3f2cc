"""Helpers every renderer shares: ordering, counting, paths and finding figures in sentences.

Everything here reads only the records dict described in ``docs/records.md``. Records produced
by older or partial runs may lack optional fields, so lookups use ``.get`` with the defaults the
records document implies rather than indexing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from numcheck.model import SEVERITIES

#: Severity rank, most serious first; unknown severities sort last.
SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}


def severity_rank(severity: str | None) -> int:
    """Sort key for a severity name: 0 for ``error`` … ``len(SEVERITIES)`` for unknown ones."""
    return SEVERITY_RANK.get(severity or "", len(SEVERITIES))


def sorted_anomalies(records: dict) -> list[dict]:
    """The anomalies in reading order: by document order, then position, then code.

    Documents are ordered as ``records["documents"]`` lists them so that a story's wire copy and
    its follow-up stay in the order the user named them; paths not among the documents follow.
    """
    order = {d.get("path"): i for i, d in enumerate(records.get("documents") or [])}
    return sorted(
        records.get("anomalies") or [],
        key=lambda a: (
            order.get(a.get("path"), len(order)),
            a.get("path") or "",
            a.get("page") or 0,
            a.get("line") or 0,
            a.get("column") or 0,
            a.get("code") or "",
            a.get("fingerprint") or "",
        ),
    )


def counts(records: dict) -> dict:
    """Summary counts, preferring ``records["summary"]`` and deriving what it lacks.

    Returns a dict with ``documents``, ``anomalies``, ``errors``, ``by_severity`` (every name in
    :data:`numcheck.model.SEVERITIES`), ``suppressed`` and ``baseline_matched``.
    """
    summary = records.get("summary") or {}
    anomalies = records.get("anomalies") or []
    by_sev = {name: 0 for name in SEVERITIES}
    for a in anomalies:
        sev = a.get("severity")
        if sev in by_sev:
            by_sev[sev] += 1
    given = summary.get("by_severity") or {}
    for name in SEVERITIES:
        if name in given:
            by_sev[name] = given[name]
    return {
        "documents": summary.get("documents", len(records.get("documents") or [])),
        "anomalies": summary.get("anomalies", len(anomalies)),
        "errors": summary.get("errors", len(records.get("errors") or [])),
        "by_severity": by_sev,
        "suppressed": summary.get("suppressed", 0),
        "baseline_matched": summary.get("baseline_matched", 0),
    }


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 anomaly"``, ``"2 anomalies"``: the count with the right form of ``word``."""
    if n == 1:
        return f"{n} {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{n} {many}"


#: How the summary names an error of each ``kind`` (docs/records.md lists the kinds); a kind
#: not listed here is an input error.
ERROR_LABELS = {"rules": "rule-pack error", "rule": "rule error", "config": "config error",
                "usage": "usage error"}


def error_counts(records: dict) -> list[str]:
    """The run's errors counted by what they are: ``["11 rule-pack errors"]``, ``["1 input
    error", "2 config errors"]``; ``["0 input errors"]`` for a clean run."""
    errors = records.get("errors") or []
    if not errors:
        n = counts(records)["errors"]
        return [plural(n, "input error")]
    by_label: dict[str, int] = {}
    for e in errors:
        label = ERROR_LABELS.get(e.get("kind") or "input", "input error")
        by_label[label] = by_label.get(label, 0) + 1
    return [plural(n, label) for label, n in by_label.items()]


def severity_counts(records: dict) -> str:
    """``"1 error, 2 warnings, 0 info"``."""
    sev = counts(records)["by_severity"]
    return f"{plural(sev['error'], 'error')}, {plural(sev['warning'], 'warning')}, {sev['info']} info"


def summary_line(records: dict) -> str:
    """One plain sentence with the run's counts, shared by text, JUnit and Markdown output."""
    c = counts(records)
    parts = [
        plural(c["documents"], "document"),
        plural(c["anomalies"], "anomaly") + f" ({severity_counts(records)})",
        *error_counts(records),
    ]
    extra = []
    if c["suppressed"]:
        extra.append(f"{c['suppressed']} suppressed")
    if c["baseline_matched"]:
        extra.append(f"{c['baseline_matched']} in baseline")
    line = ", ".join(parts)
    if extra:
        line += "; " + ", ".join(extra)
    return line


#: Characters a corpus row id keeps as they are in a location; every other one (``:``, ``%``,
#: spaces, control characters) is percent-encoded, so a location always parses as
#: ``path:line:col`` by the first ``:`` after the path.
_ROW_ID_SAFE = "/?@!$&'()*+,;=-._~"


def display_path(path: str | None) -> str:
    """``path`` as locations show it: a corpus row ``news.jsonl#meantime:8951`` becomes
    ``news.jsonl#meantime%3A8951``, the row id percent-encoded as in a URI fragment."""
    out = path or "<unknown>"
    if "#" in out:
        head, frag = out.split("#", 1)
        out = head + "#" + quote(frag, safe=_ROW_ID_SAFE)
    return out


def split_row(path: str | None) -> tuple[str, str | None]:
    """``(file, row id)`` of a corpus row's path (``news.jsonl#id``), ``(path, None)`` otherwise."""
    path = path or ""
    if "#" in path:
        head, frag = path.split("#", 1)
        return head, frag
    return path, None


def location(path: str | None, line: int | None = 0, column: int | None = 0,
             page: int | None = None, unit: str = "line") -> str:
    """``path:line:col`` as compilers print it, dropping parts that are 0 or unknown.

    The path part never contains ``:`` from a corpus row id (see :func:`display_path`), so
    tools that split ``path:line:col`` at colons read it correctly. A PDF location (``page``
    given) reads ``report.pdf, page 3, line 12``: its line counts from the top of the page; a
    DOCX one (``unit="paragraph"``) reads ``report.docx, paragraph 14``.
    """
    out = display_path(path)
    if page:
        return f"{out}, page {page}" + (f", line {line}" if line else "")
    if unit == "paragraph" and line:
        return f"{out}, paragraph {line}"
    if line:
        out += f":{line}"
        if column:
            out += f":{column}"
    return out


def item_location(item: dict, documents: dict[str, dict] | None = None) -> str:
    """:func:`location` of an anomaly, evidence, claim or error record.

    ``documents`` (path → document record) tells a DOCX, whose lines are paragraphs, apart.
    """
    doc = (documents or {}).get(item.get("path")) or {}
    unit = "paragraph" if doc.get("format") == "docx" else "line"
    return location(item.get("path"), item.get("line"), item.get("column"), item.get("page"), unit)


def posix_path(path: str) -> str:
    """The path with forward slashes and no leading ``./``, as CI annotations expect."""
    if "\\" in path and not path.startswith("\\\\"):
        path = PureWindowsPath(path).as_posix()
    while path.startswith("./"):
        path = path[2:]
    return path


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative, absolute ones become file URIs.

    Corpus rows are named ``corpus.jsonl#<id>`` by the records shape; the ``#`` then introduces a
    URI fragment naming the row inside the corpus file, which is what it means.
    """
    p = posix_path(path)
    fragment = ""
    if "#" in p:
        p, frag = p.split("#", 1)
        fragment = "#" + quote(frag, safe="", errors="surrogateescape")
    if PureWindowsPath(path).drive:
        return "file:///" + quote(p, safe="/:", errors="surrogateescape") + fragment
    if PurePosixPath(p).is_absolute():
        return "file://" + quote(p, safe="/", errors="surrogateescape") + fragment
    # a file name that is not UTF-8 holds lone surrogates; they stand for its bytes, which
    # percent-encode exactly
    return quote(p, safe="/", errors="surrogateescape") + fragment


# A figure match must not sit inside a longer number or word: "14" must not hit "2014" or "141".
def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    first, last = text[start:start + 1], text[end - 1:end]
    if before and first.isalnum() and before.isalnum():
        return False
    if after and last.isalnum() and after.isalnum():
        return False
    return True


def find_figure(sentence: str, figure: str, taken: list[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """Where ``figure`` occurs in ``sentence`` as a whole token, avoiding ``taken`` spans.

    Prefers a match bounded by non-alphanumerics; falls back to any occurrence (claim texts
    such as "3bn" can legitimately abut letters). Returns ``(start, end)`` or ``None``.
    """
    if not figure:
        return None
    fallback = None
    for m in re.finditer(re.escape(figure), sentence):
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            continue
        if _bounded(sentence, s, e):
            return s, e
        if fallback is None:
            fallback = (s, e)
    return fallback


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span inside a sentence: ``role`` is ``"primary"`` or the evidence role."""

    start: int
    end: int
    role: str
    primary: bool


def sentence_marks(anomaly: dict, sentence: str | None = None, doc_text: str | None = None) -> list[Mark]:
    """The figures to highlight in an anomaly's sentence, sorted and non-overlapping.

    The primary claim is located first; when the document's full text is available (records
    with ``detail="full"``) its offset pins down which occurrence is meant, otherwise the first
    whole-token occurrence is taken. Evidence from the same document whose text also occurs in
    the sentence is marked too, so a reader sees both sides of a contradiction at once.
    """
    sentence = (anomaly.get("sentence") or "") if sentence is None else sentence
    marks: list[Mark] = []
    taken: list[tuple[int, int]] = []
    offset = None
    start = anomaly.get("start")
    if doc_text and sentence and isinstance(start, int):
        # The sentence in the records may be normalised; only trust an exact hit around start.
        # The last occurrence starting at or before the claim (rfind needs room for the whole sentence).
        base = doc_text.rfind(sentence, 0, start + len(sentence))
        if base != -1 and base <= start and anomaly.get("end", start) <= base + len(sentence):
            offset = base
    if offset is not None:
        span = (start - offset, anomaly["end"] - offset)
    else:
        span = find_figure(sentence, anomaly.get("text") or "")
    if span:
        marks.append(Mark(span[0], span[1], "primary", True))
        taken.append(span)
    for ev in anomaly.get("evidence") or []:
        if ev.get("path") != anomaly.get("path"):
            continue
        ev_sentence = ev.get("sentence")
        if ev_sentence and ev_sentence != sentence:
            continue
        ev_span = None
        if offset is not None and isinstance(ev.get("start"), int):
            s, e = ev["start"] - offset, ev.get("end", ev["start"]) - offset
            if 0 <= s <= e <= len(sentence) and not any(s < te and ts < e for ts, te in taken):
                ev_span = (s, e)
        if ev_span is None:
            ev_span = find_figure(sentence, ev.get("text") or "", taken)
        if ev_span:
            marks.append(Mark(ev_span[0], ev_span[1], ev.get("role") or "evidence", False))
            taken.append(ev_span)
    return sorted(marks, key=lambda m: m.start)


def split_marked(sentence: str, marks: list[Mark]) -> list[tuple[str, Mark | None]]:
    """Cut ``sentence`` into ``(piece, mark)`` runs; unmarked runs carry ``None``."""
    out: list[tuple[str, Mark | None]] = []
    pos = 0
    for m in marks:
        if m.start > pos:
            out.append((sentence[pos:m.start], None))
        out.append((sentence[m.start:m.end], m))
        pos = m.end
    if pos < len(sentence):
        out.append((sentence[pos:], None))
    return out


def documents_by_path(records: dict) -> dict[str, dict]:
    """``path -> document record``."""
    return {d.get("path"): d for d in records.get("documents") or []}


def rules_by_code(records: dict) -> dict[str, dict]:
    """``code -> rule record``, including rules only known from the anomalies themselves.

    A run that filtered rules may still carry an anomaly (for example from a baseline) whose
    rule is not listed; such a rule is synthesised from the anomaly so every output can name it.
    """
    rules: dict[str, dict] = {}
    for r in records.get("rules") or []:
        if r.get("code"):
            rules[r["code"]] = r
    for a in records.get("anomalies") or []:
        code = a.get("code")
        if code and code not in rules:
            rules[code] = {
                "code": code,
                "name": a.get("name") or code,
                "kind": a.get("kind") or "",
                "severity": a.get("severity") or "warning",
                "description": "",
                "help": "",
            }
    return rules
