"""The ``text`` format: for people reading a terminal or a CI log.

Each anomaly starts with a compiler-style ``path:line:col: SEVERITY CODE name`` line, then its
sentence with the figures highlighted, the message (which has the arithmetic) and one
``↳ path:line:col "text" (role)`` line per piece of evidence. Stories (when there are several
documents), input errors and a summary line follow.

With colour the figures are styled by rich; without it a caret line under the sentence points
at them (``^`` the primary claim, ``~`` evidence), so the output survives being piped into a
log or a file. rich is imported only here: other formats do not pay for it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import textwrap

from numcheck.render._common import (
    documents_by_path,
    item_location,
    location,
    plural,
    sentence_marks,
    sorted_anomalies,
    split_marked,
    summary_line,
)

DEFAULT_WIDTH = 100
INDENT = "    "

SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
PRIMARY_STYLE = "bold reverse red"
EVIDENCE_STYLE = "bold underline yellow"


def use_color(color: bool | None, stream=None) -> bool:
    """Whether to colour: an explicit ``True``/``False`` wins; ``None`` means auto.

    Auto colours only when ``stream`` (default ``sys.stdout``) is a terminal, ``NO_COLOR`` is
    unset or empty (https://no-color.org) and ``TERM`` is not ``dumb``.
    """
    if color is not None:
        return bool(color)
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def default_width(stream=None) -> int:
    """The terminal's width when writing to one, else :data:`DEFAULT_WIDTH` (stable in logs)."""
    stream = sys.stdout if stream is None else stream
    try:
        if stream.isatty():
            return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    except (AttributeError, ValueError):
        pass
    return DEFAULT_WIDTH


def _wrap_marked(sentence: str, marks, width: int) -> list[tuple[str, str]]:
    """Wrap ``sentence`` to ``width`` and return ``(line, carets)`` pairs for plain output."""
    # Same-length replacement keeps the marks' offsets valid.
    sentence = sentence.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    wrapper = textwrap.TextWrapper(width=max(20, width), break_long_words=False, break_on_hyphens=False)
    out = []
    pos = 0
    for line in wrapper.wrap(sentence) or [""]:
        start = sentence.find(line, pos)
        if start == -1:  # whitespace was collapsed; fall back to no carets for this line
            out.append((line, ""))
            continue
        end = start + len(line)
        carets = [" "] * len(line)
        for m in marks:
            s, e = max(m.start, start), min(m.end, end)
            for i in range(s, e):
                carets[i - start] = "^" if m.primary else "~"
        out.append((line, "".join(carets).rstrip()))
        pos = end
    return out


def _plain_sentence(anomaly: dict, doc_text: str | None, width: int) -> list[str]:
    sentence = anomaly.get("sentence") or ""
    marks = sentence_marks(anomaly, sentence, doc_text)
    lines = []
    for line, carets in _wrap_marked(sentence, marks, width - len(INDENT)):
        lines.append(INDENT + line)
        if carets:
            lines.append(INDENT + carets)
    return lines


def _wrapped(text: str, width: int, indent: str = INDENT) -> list[str]:
    out = []
    for para in str(text).splitlines() or [""]:
        out += textwrap.wrap(para, width=max(20, width), initial_indent=indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]
    return out


def _evidence_line(ev: dict, docs: dict | None = None) -> str:
    role = f" ({ev['role']})" if ev.get("role") else ""
    return f'  ↳ {item_location(ev, docs)} "{ev.get("text", "")}"{role}'


def _stories(records: dict) -> list[str]:
    """The stories of several documents, each with why its documents were linked; documents
    that stand alone are counted in one line (a corpus has hundreds of them)."""
    docs = records.get("documents") or []
    stories = records.get("stories") or []
    if len(docs) <= 1 or not stories:
        return []
    lines = ["Stories:"]
    alone = 0
    for s in stories:
        members = s.get("documents") or []
        if len(members) < 2:
            alone += 1
            continue
        date = f" ({s['date']})" if s.get("date") else ""
        lines.append(f"  {s.get('id', '?')}{date}: {', '.join(members)}")
        if s.get("linked_by"):
            lines.append(f"    linked by {'; '.join(s['linked_by'])}")
    if alone:
        linked = len(lines) > 1
        lines.append(f"  {plural(alone, 'other document') if linked else plural(alone, 'document')} "
                     f"{'stands' if alone == 1 else 'stand'} alone (linked to no other document)")
    return lines


def _errors(records: dict) -> list[str]:
    errors = records.get("errors") or []
    if not errors:
        return []
    lines = ["Errors:"]
    for e in errors:
        lines.append(f"  {location(e.get('path'), e.get('line'), e.get('column'))}: "
                     f"{e.get('kind') or 'input'}: {e.get('message', '')}")
    return lines


def _sections(records: dict, quiet: bool, show_errors: bool) -> list[list[str]]:
    if quiet:
        return []
    return [_stories(records), _errors(records) if show_errors else []]


def render_plain(records: dict, width: int = DEFAULT_WIDTH, *, quiet: bool = False,
                 show_errors: bool = True) -> str:
    """The text report without any escape sequences (what logs and files get).

    ``quiet`` leaves only the anomalies (no stories, errors or summary line);
    ``show_errors=False`` leaves out the "Errors:" block (the CLI prints errors on stderr).
    """
    docs = documents_by_path(records)
    out: list[str] = []
    for a in sorted_anomalies(records):
        out.append(f"{item_location(a, docs)}: "
                   f"{str(a.get('severity', '')).upper()} {a.get('code', '')} {a.get('name', '')}")
        if a.get("sentence"):
            out += _plain_sentence(a, (docs.get(a.get("path")) or {}).get("text"), width)
        out += _wrapped(a.get("message", ""), width - len(INDENT))
        out += [_evidence_line(ev, docs) for ev in a.get("evidence") or []]
        out.append("")
    for section in _sections(records, quiet, show_errors):
        if section:
            out += section + [""]
    if quiet:
        return "\n".join(out[:-1]) + "\n" if out else ""
    out.append(summary_line(records))
    return "\n".join(out) + "\n"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def render_concise(records: dict, *, quiet: bool = False, show_errors: bool = True) -> str:
    """One ``path:line:col: CODE message`` line per anomaly (as ruff's ``concise`` output),
    then each error as ``path:line:col: error: message`` and the summary line.

    ``quiet`` leaves only the anomaly lines; ``show_errors=False`` leaves out the errors.
    """
    out = [f"{location(a.get('path'), a.get('line'), a.get('column'))}: {a.get('code', '')} "
           f"{_one_line(a.get('message', ''))}" for a in sorted_anomalies(records)]
    if not quiet:
        if show_errors:
            out += [f"{location(e.get('path'), e.get('line'), e.get('column'))}: error: "
                    f"{_one_line(e.get('message', ''))}" for e in records.get("errors") or []]
        out.append(summary_line(records))
    return "".join(line + "\n" for line in out)


def statistics(records: dict) -> list[dict]:
    """Anomalies counted per code, most frequent first: ``{"count", "code", "name", "severity"}``."""
    rows: dict[str, dict] = {}
    for a in records.get("anomalies") or ():
        code = a.get("code") or ""
        row = rows.setdefault(code, {"count": 0, "code": code, "name": a.get("name") or "",
                                     "severity": a.get("severity") or ""})
        row["count"] += 1
    return sorted(rows.values(), key=lambda r: (-r["count"], r["code"]))


def render_statistics(records: dict) -> str:
    """``--statistics``: one ``count  CODE  severity  name`` line per code (empty when clean)."""
    rows = statistics(records)
    width = max((len(str(r["count"])) for r in rows), default=1)
    code_width = max((len(r["code"]) for r in rows), default=5)
    return "".join(f"{r['count']:>{width}}  {r['code']:<{code_width}}  {r['severity']:<7}  {r['name']}".rstrip()
                   + "\n" for r in rows)


def render_color(records: dict, width: int = DEFAULT_WIDTH, *, quiet: bool = False,
                 show_errors: bool = True) -> str:
    """The text report with ANSI styles from rich (for terminals); options as :func:`render_plain`."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    buf = io.StringIO()
    # force_terminal: the decision to colour was already made by the caller; no_color=False and
    # an explicit colour system keep rich from second-guessing it via NO_COLOR or TERM.
    console = Console(file=buf, force_terminal=True, color_system="standard", width=width,
                      no_color=False, highlight=False, emoji=False, markup=False, soft_wrap=False,
                      legacy_windows=False, force_jupyter=False, _environ={})
    docs = documents_by_path(records)
    sev_counts = {"error": 0, "warning": 0, "info": 0}
    for a in sorted_anomalies(records):
        sev = str(a.get("severity", ""))
        sev_counts[sev] = sev_counts.get(sev, 0) + 1
        head = Text()
        head.append(item_location(a, docs) + ": ", style="bold")
        head.append(sev.upper(), style=SEVERITY_STYLES.get(sev, "bold"))
        head.append(f" {a.get('code', '')} ", style="bold")
        head.append(str(a.get("name", "")), style="dim")
        console.print(head)
        sentence = a.get("sentence") or ""
        if sentence:
            body = Text()
            marks = sentence_marks(a, sentence, (docs.get(a.get("path")) or {}).get("text"))
            flat = sentence.replace("\r", " ").replace("\n", " ").replace("\t", " ")
            for piece, mark in split_marked(flat, marks):
                body.append(piece, style=None if mark is None else (PRIMARY_STYLE if mark.primary else EVIDENCE_STYLE))
            # Padding keeps wrapped continuation lines indented under the first one.
            console.print(Padding(body, (0, 0, 0, len(INDENT)), expand=False))
        console.print(Padding(Text(str(a.get("message", ""))), (0, 0, 0, len(INDENT)), expand=False))
        for ev in a.get("evidence") or []:
            console.print(Text(_evidence_line(ev, docs), style="dim"))
        console.print()
    for section in _sections(records, quiet, show_errors):
        for i, line in enumerate(section):
            console.print(Text(line, style="bold" if i == 0 else ("red" if section[0] == "Errors:" else None)))
        if section:
            console.print()
    if not quiet:
        summary = Text(summary_line(records), style="bold red" if sev_counts["error"] or records.get("errors") else "bold")
        console.print(summary)
    # rich pads wrapped blocks to a rectangle; trailing blanks only add noise to logs and diffs.
    out = re.sub(r" +(?=(?:\x1b\[[0-9;]*m)*\n)", "", buf.getvalue())
    if quiet:
        # only the anomalies: no blank line after the last one (as in the plain output)
        out = out.rstrip("\n") + "\n" if out.strip() else ""
    return out


def render(records: dict, *, color: bool | None = None, width: int | None = None,
           quiet: bool = False, show_errors: bool = True) -> str:
    """The text report; see :func:`use_color` for ``color``, :func:`default_width` for
    ``width`` and :func:`render_plain` for ``quiet`` and ``show_errors``."""
    width = width or default_width()
    if use_color(color):
        return render_color(records, width, quiet=quiet, show_errors=show_errors)
    return render_plain(records, width, quiet=quiet, show_errors=show_errors)
