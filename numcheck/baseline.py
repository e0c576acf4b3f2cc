"""Accepted findings: baselines, and the bookkeeping of inline ``numcheck: ignore`` comments.

**Baselines.** ``numcheck check --write-baseline FILE`` stores today's anomalies by their
``fingerprint`` (see docs/records.md: no line numbers, so edits elsewhere in a file keep it);
``--baseline FILE`` then reports only anomalies whose fingerprint is not stored, counting the
others in ``summary.baseline_matched``. Fingerprints are matched as a multiset: if a baseline
holds one anomaly with some fingerprint and the article now has two, one is new.

**Unused ignores.** ``--report-unused-ignores`` reports each suppression comment (or each code in
it) that silenced nothing, as ruff reports an unused ``noqa`` (RUF100): a normal finding of code
:data:`UNUSED_IGNORE_CODE` in the records' ``anomalies``, severity warning, so it fails the run
at the default ``--fail-on`` and shows in every output format.

Everything here reads and writes the records shape, except :func:`apply_suppressions`, which
needs the checked documents' suppression comments.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Collection, Sequence

from numcheck.model import SEVERITIES, Problem

__all__ = [
    "BASELINE_VERSION", "UNUSED_IGNORE_CODE", "BaselineError", "UnusedIgnore",
    "apply_baseline", "apply_suppressions", "baseline_entries", "read_baseline", "recount",
    "unused_ignore_records", "write_baseline",
]

#: Version of the baseline file format.
BASELINE_VERSION = 1

#: The code of the "unused ignore comment" finding.
UNUSED_IGNORE_CODE = "NC000"
UNUSED_IGNORE_NAME = "unused-ignore"


class BaselineError(Exception):
    """A baseline file that cannot be read; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


# ---- baselines -----------------------------------------------------------------------------

def baseline_entries(records: dict) -> list[dict]:
    """One entry per anomaly: the fingerprint, plus code, path, line and text for people."""
    entries = [
        {"fingerprint": a["fingerprint"], "code": a.get("code"), "path": a.get("path"),
         "line": a.get("line"), "text": a.get("text"), "sentence": a.get("sentence")}
        for a in records.get("anomalies") or ()
    ]
    entries.sort(key=lambda e: (e["path"] or "", e["line"] or 0, e["code"] or "", e["fingerprint"]))
    return entries


def write_baseline(path: str | os.PathLike, records: dict) -> int:
    """Write the baseline of ``records`` to ``path`` atomically; return how many it holds.

    The file has no timestamp, so rewriting an unchanged baseline gives an identical file and
    a clean diff in version control.
    """
    from numcheck import __version__
    from numcheck.render import write_atomic

    entries = baseline_entries(records)
    doc = {"numcheck": __version__, "baseline": BASELINE_VERSION, "anomalies": entries}
    write_atomic(os.fspath(path), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


#: Largest baseline file read (one entry is about 300 bytes: this holds 200,000 of them).
MAX_BASELINE_BYTES = 64 * 1024 * 1024
#: Deepest JSON nesting a baseline may have (it needs three levels).
MAX_BASELINE_DEPTH = 8
#: Top-level keys of a baseline file. ``review`` and ``fixed`` come from the HTML report's
#: review export (``fixed`` entries are listed for people, not matched).
BASELINE_KEYS = ("numcheck", "baseline", "anomalies", "review", "fixed")
#: Keys of one entry, and the types each may hold (None: null allowed).
ENTRY_TYPES: dict[str, tuple] = {
    "fingerprint": (str,), "code": (str, None), "path": (str, None), "line": (int, None),
    "text": (str, None), "sentence": (str, None), "status": (str, None), "note": (str, None),
}


def read_baseline(path: str | os.PathLike) -> Counter:
    """The fingerprints in a baseline file, with how often each occurs.

    The file is untrusted input: only a regular file of at most :data:`MAX_BASELINE_BYTES`
    is read (a FIFO or ``/dev/zero`` is refused before reading), nesting is bounded, and the
    shape is checked strictly (known keys only, each of its type; ``"baseline": 1`` exactly).
    Raises :class:`BaselineError` naming the first problem.
    """
    from numcheck.fileio import NotRegularFile, TooLarge, read_regular
    from numcheck.ingest.corpus import json_too_deep

    shown = os.fspath(path)

    def bad(message: str, line: int = 0, column: int = 0) -> BaselineError:
        return BaselineError(Problem(shown, message, line, column, kind="usage"))

    try:
        data = read_regular(path, MAX_BASELINE_BYTES)
    except FileNotFoundError:
        raise bad("no such baseline file (write one with --write-baseline)") from None
    except NotRegularFile as exc:
        raise bad(f"baseline is {exc.kind}, not a regular file; not read") from None
    except TooLarge:
        raise bad(f"baseline is larger than {MAX_BASELINE_BYTES // (1024 * 1024)} MB; not read") from None
    except OSError as exc:
        raise bad(f"cannot read baseline: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad(f"baseline is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    deep = json_too_deep(text, MAX_BASELINE_DEPTH)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        raise bad(f"baseline is nested deeper than {MAX_BASELINE_DEPTH} levels",
                  line, deep - text.rfind("\n", 0, deep))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"baseline is not JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except (ValueError, RecursionError):
        raise bad("baseline is not JSON that can be read (a number too long, or nesting too deep)") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("anomalies"), list):
        raise bad('not a numcheck baseline (no "anomalies" list)')
    unknown = [k for k in doc if k not in BASELINE_KEYS]
    if unknown:
        raise bad(f"unknown key {unknown[0]!r} in baseline (allowed: {', '.join(BASELINE_KEYS)})")
    version = doc.get("baseline")
    if type(version) is not int or version != BASELINE_VERSION:
        # type(): JSON true is not version 1, though True == 1 in Python
        raise bad(f"baseline version {version!r} is not supported (expected {BASELINE_VERSION})")
    if "numcheck" in doc and not isinstance(doc["numcheck"], str):
        raise bad('"numcheck" must be the version string that wrote the baseline')
    if "review" in doc and not isinstance(doc["review"], dict):
        raise bad('"review" must be an object')
    if "fixed" in doc and not isinstance(doc["fixed"], list):
        raise bad('"fixed" must be a list')
    for key in ("anomalies", "fixed"):
        for i, entry in enumerate(doc.get(key) or ()):
            problem = _entry_problem(entry)
            if problem:
                raise bad(f"{key}[{i}] {problem}")
    counts: Counter = Counter()
    for entry in doc["anomalies"]:
        counts[entry["fingerprint"]] += 1
    return counts


def _entry_problem(entry: object) -> str | None:
    """What is wrong with one baseline entry, or None."""
    if not isinstance(entry, dict):
        return f"is a JSON {type(entry).__name__}, not an object"
    for key, value in entry.items():
        allowed = ENTRY_TYPES.get(key)
        if allowed is None:
            return f"has unknown key {key!r} (allowed: {', '.join(ENTRY_TYPES)})"
        if value is None and None in allowed:
            continue
        types = tuple(t for t in allowed if t is not None)
        if not isinstance(value, types) or isinstance(value, bool):
            return f"{key!r} must be {' or '.join(t.__name__ for t in types)}, not {type(value).__name__}"
    fp = entry.get("fingerprint")
    if not isinstance(fp, str) or not fp:
        return "has no fingerprint"
    if len(fp) > 64:
        return "has a fingerprint longer than 64 characters"
    return None


def apply_baseline(records: dict, baseline: Counter) -> dict:
    """``records`` without the anomalies the baseline accepts (a new dict; summary recounted)."""
    remaining = Counter(baseline)
    kept, matched = [], 0
    for a in records.get("anomalies") or ():
        fp = a.get("fingerprint")
        if fp and remaining[fp] > 0:
            remaining[fp] -= 1
            matched += 1
        else:
            kept.append(a)
    out = dict(records)
    out["anomalies"] = kept
    out["summary"] = dict(records.get("summary") or {})
    out["summary"]["baseline_matched"] = out["summary"].get("baseline_matched", 0) + matched
    return recount(out)


def recount(records: dict) -> dict:
    """Bring ``summary`` counts in line with ``anomalies`` and ``errors`` (in place; returned)."""
    summary = records.setdefault("summary", {})
    anomalies = records.get("anomalies") or []
    by_sev = {s: 0 for s in SEVERITIES}
    for a in anomalies:
        by_sev[a.get("severity", "error")] = by_sev.get(a.get("severity", "error"), 0) + 1
    summary["anomalies"] = len(anomalies)
    summary["by_severity"] = by_sev
    summary["errors"] = len(records.get("errors") or [])
    return records


# ---- suppressions --------------------------------------------------------------------------

class UnusedIgnore:
    """A suppression comment, or some of its codes, that silenced nothing in a run."""

    __slots__ = ("path", "line", "column", "codes", "whole_file", "unused", "source_line", "offset")

    def __init__(self, path: str, line: int, column: int, codes: tuple[str, ...], whole_file: bool,
                 unused: tuple[str, ...], source_line: str, offset: int) -> None:
        self.path, self.line, self.column = path, line, column
        self.codes, self.whole_file, self.unused = codes, whole_file, unused
        self.source_line, self.offset = source_line, offset

    def __repr__(self) -> str:
        return f"UnusedIgnore({self.path}:{self.line}:{self.column}, unused={self.unused})"

    @property
    def directive(self) -> str:
        """The comment as a person would write it (without the ``<!-- -->``)."""
        kind = "ignore-file" if self.whole_file else "ignore"
        return f"numcheck: {kind}" + (f" {','.join(self.codes)}" if self.codes else "")


def _covers(codes: Sequence[str], code: str) -> list[str]:
    """The codes of a comment that match ``code`` (``["*"]`` for a comment without codes)."""
    if not codes:
        return ["*"]
    return [c for c in codes if code.upper().startswith(c.upper())]


def apply_suppressions(report, active: Collection[str] | None = None) -> list[UnusedIgnore]:
    """Apply inline suppressions to ``report`` (in place), remembering which comments were used.

    ``report`` must come from a run whose documents kept their ``suppression_comments`` but
    not their effective ``suppressions`` (``numcheck.config.run(..., keep_suppressions=False)``),
    so that it still holds every anomaly a comment would hide. The matching mirrors
    ``numcheck.report``: a line comment covers anomalies whose primary claim is on its target
    line, a file comment every anomaly of the file; codes match by prefix, no codes match all.

    ``active``, when given, holds the codes of the rules that ran: a code in a comment whose
    rules did not run (``--select`` left them out) is not reported as unused, as a fuller run
    may need it; ruff treats disabled codes in ``noqa`` the same way. Returns the unused
    comments (or the unused codes of partly used comments).
    """
    used: dict[tuple[str, int, int], set[str]] = {}
    kept, dropped = [], 0
    for a in report.anomalies:
        cd = report.document(a.doc)
        if cd is None or not cd.document.suppression_comments:
            kept.append(a)
            continue
        line, _ = cd.document.line_col(a.start)
        hit = False
        for c in cd.document.suppression_comments:
            if c.target_line not in (0, line):
                continue
            codes = _covers(c.codes, a.code)
            if codes:
                hit = True
                used.setdefault((a.doc, c.line, c.column), set()).update(codes)
        if hit:
            dropped += 1
        else:
            kept.append(a)
    report.anomalies = kept
    report.suppressed += dropped

    unused: list[UnusedIgnore] = []
    for cd in report.documents:
        doc = cd.document
        for c in doc.suppression_comments:
            got = used.get((doc.path, c.line, c.column), set())
            if c.codes:
                idle = tuple(code for code in c.codes if code not in got
                             and (active is None or _ran(code, active)))
            else:
                idle = () if got else ("*",)
            if not idle:
                continue
            source_line, offset = _source_line(doc, c.line, c.column)
            unused.append(UnusedIgnore(doc.path, c.line, c.column, tuple(c.codes), c.target_line == 0,
                                       idle, source_line, offset))
    return unused


def _ran(code: str, active: Collection[str]) -> bool:
    # a comment code may be a prefix ("NC6") covering several rules
    return any(r.startswith(code) for r in active)


def _source_line(doc, line: int, column: int) -> tuple[str, int]:
    """The text of source ``line`` and the comment's offset into ``doc.text`` (0 if not in it).

    A comment in front matter or in HTML markup has no place in the extracted text, so its
    offset falls back to 0; the line and column still point at it in the file.
    """
    if doc.source_map or line < doc.first_line:
        return "", 0
    index = doc.index
    row = line - doc.first_line + 1
    if row > index.lines:
        return "", 0
    start, end = index.line_span(row)
    return doc.text[start:end], min(start + column - 1, end)


def unused_ignore_records(unused: Sequence[UnusedIgnore]) -> list[dict]:
    """Records-shape anomalies (code :data:`UNUSED_IGNORE_CODE`) for unused suppressions."""
    from numcheck.report import fingerprint

    out = []
    for u in unused:
        if u.unused == ("*",):
            message = f"\"{u.directive}\" silences nothing: no anomaly on " + (
                "this file" if u.whole_file else "the line it covers")
        else:
            what = ", ".join(u.unused)
            message = (f"\"{u.directive}\": no {what} anomal{'y' if len(u.unused) == 1 else 'ies'} "
                       f"on {'this file' if u.whole_file else 'the line it covers'}; remove "
                       f"{'it' if len(u.unused) == len(u.codes) else what + ' from it'}")
        text = "numcheck:"
        out.append({
            "code": UNUSED_IGNORE_CODE, "name": UNUSED_IGNORE_NAME, "kind": "suppression",
            "severity": "warning", "path": u.path, "page": None, "line": u.line, "column": u.column,
            "end_line": u.line, "end_column": u.column + len(text), "start": u.offset,
            "end": u.offset + (len(text) if u.source_line else 0), "text": text,
            "sentence": u.source_line.strip(), "message": message, "summary": message,
            "computation": None, "suggestions": [], "evidence": [],
            "fingerprint": fingerprint(UNUSED_IGNORE_CODE, u.path, u.directive,
                                       u.source_line, list(u.unused)),
        })
    return out


def unused_ignore_rule() -> dict:
    """The rule record describing :data:`UNUSED_IGNORE_CODE`, for the records' ``rules`` list."""
    return {
        "code": UNUSED_IGNORE_CODE, "name": UNUSED_IGNORE_NAME, "kind": "suppression",
        "severity": "warning",
        "description": "A numcheck: ignore comment (or one of its codes) silenced no anomaly.",
        "pack": "", "message": "unused suppression comment",
        "help": "Remove the comment, or the codes in it that no longer match anything.",
    }
