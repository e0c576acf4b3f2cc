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
    docs = records.get("documents") or []
    stories = records.get("stories") or []
    if len(docs) <= 1 or not stories:
        return []
    lines = ["Stories:"]
    for s in stories:
        date = f" ({s['date']})" if s.get("date") else ""
        lines.append(f"  {s.get('id', '?')}{date}: {', '.join(s.get('documents') or [])}")
        if s.get("linked_by"):
            lines.append(f"    linked by {'; '.join(s['linked_by'])}")
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


def render_plain(records: dict, width: int = DEFAULT_WIDTH) -> str:
    """The text report without any escape sequences (what logs and files get)."""
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
    for section in (_stories(records), _errors(records)):
        if section:
            out += section + [""]
    out.append(summary_line(records))
    return "\n".join(out) + "\n"


def render_color(records: dict, width: int = DEFAULT_WIDTH) -> str:
    """The text report with ANSI styles from rich (for terminals)."""
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
    for section in (_stories(records), _errors(records)):
        for i, line in enumerate(section):
            console.print(Text(line, style="bold" if i == 0 else ("red" if section[0] == "Errors:" else None)))
        if section:
            console.print()
    summary = Text(summary_line(records), style="bold red" if sev_counts["error"] or records.get("errors") else "bold")
    console.print(summary)
    # rich pads wrapped blocks to a rectangle; trailing blanks only add noise to logs and diffs.
    return re.sub(r" +(?=(?:\x1b\[[0-9;]*m)*\n)", "", buf.getvalue())


def render(records: dict, *, color: bool | None = None, width: int | None = None) -> str:
    """The text report; see :func:`use_color` for ``color`` and :func:`default_width` for ``width``."""
    width = width or default_width()
    if use_color(color):
        return render_color(records, width)
    return render_plain(records, width)
