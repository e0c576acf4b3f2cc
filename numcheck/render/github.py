"""The ``github`` format: GitHub Actions workflow commands that become pull-request annotations.

One ``::error``/``::warning``/``::notice`` line per anomaly and per input error. GitHub parses
these lines from a step's output, so every value is escaped by the runner's rules: in the
message (the command's *data*) ``%``, CR and LF become ``%25``, ``%0D`` and ``%0A``; in
properties ``:`` and ``,`` additionally become ``%3A`` and ``%2C``, since they delimit the
command and its properties. Unescaped, a newline in an article sentence would end the command
and let the rest of the line be read as a new command.
"""

from __future__ import annotations

from numcheck.render._common import location, posix_path, sorted_anomalies, split_row

#: Workflow command for each severity.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: object) -> str:
    """Escape a workflow command's message: ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: object) -> str:
    """Escape a workflow command property: as :func:`escape_data`, plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """One workflow command line, ``::name k=v,...::message``; ``None``/0 properties are left out."""
    pairs = [f"{k}={escape_property(v)}" for k, v in props.items() if v not in (None, "", 0)]
    head = f"::{name}"
    if pairs:
        head += " " + ",".join(pairs)
    return f"{head}::{escape_data(message)}"


def _position(item: dict) -> dict:
    file, row = split_row(item.get("path"))
    props: dict[str, object] = {"file": posix_path(file)}
    if row is not None:
        # a corpus row's line and column count within the row's text, not the file's lines;
        # the annotation names the corpus file, and the message says where in the row
        return props
    line = item.get("line") or 0
    if line > 0:
        props["line"] = line
        end_line = item.get("end_line") or line
        if end_line != line:
            props["endLine"] = end_line
        # GitHub only honours columns when the annotation starts and ends on one line.
        elif item.get("column"):
            props["col"] = item["column"]
            if item.get("end_column"):
                props["endColumn"] = item["end_column"]
    return props


def _row_prefix(item: dict) -> str:
    """``"news.jsonl#a%3A1:3:14: "`` for an item in a corpus row (its place in the row), else ``""``."""
    if split_row(item.get("path"))[1] is None:
        return ""
    return location(item.get("path"), item.get("line"), item.get("column")) + ": "


def render(records: dict) -> str:
    """Workflow commands for every anomaly and error, one per line (empty string if none).

    The message is the anomaly's message followed by its evidence, one per line, so the
    annotation shows where the contradicting figure was found.
    """
    lines: list[str] = []
    for a in sorted_anomalies(records):
        body = a.get("message") or ""
        for ev in a.get("evidence") or []:
            role = f" ({ev['role']})" if ev.get("role") else ""
            body += f'\n↳ {location(ev.get("path"), ev.get("line"), ev.get("column"))} "{ev.get("text", "")}"{role}'
        props = _position(a)
        body = _row_prefix(a) + body
        props["title"] = f"{a.get('code', '')} {a.get('name', '')}".strip()
        lines.append(command(COMMANDS.get(a.get("severity"), "warning"), body, **props))
    for e in records.get("errors") or []:
        props = _position(e)
        props["title"] = f"numcheck {e.get('kind') or 'input'} error"
        lines.append(command("error", _row_prefix(e) + (e.get("message") or ""), **props))
    return "".join(line + "\n" for line in lines)
