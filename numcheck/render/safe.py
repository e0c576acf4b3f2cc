"""Making untrusted text safe to show: control characters, bidi overrides, workflow commands.

Article text, file names and rule messages all come from outside. Shown raw, an ESC or BEL can
drive the reader's terminal (retitle it, hide lines, ring it), a right-to-left override can
make a figure read differently from what it is ("Trojan Source"), and a line of text output
that begins with ``::`` is read by GitHub Actions as a workflow command. So before a
human-facing format (text, Markdown, GitHub annotations, HTML, JUnit) is rendered, every string
in the records goes through :func:`safe_text`:

* C0 controls (except tab, and newline where a field may hold several lines) and DEL become
  their Unicode *control pictures* (ESC shows as ``␛``, BEL as ``␇``, a newline in a file name
  as ``␊``);
* C1 controls and the bidi embedding, override and isolate characters (U+202A-U+202E,
  U+2066-U+2069) become U+FFFD;
* lone surrogates (a file name that is not UTF-8) become U+FFFD.

Each replacement is one character for one, so every offset in the records (claim spans,
sentence positions) still points at the same text. Machine formats (JSON, SARIF) keep the
data as it is; JSON escapes control characters itself.
"""

from __future__ import annotations

import re

__all__ = ["MULTILINE_FIELDS", "no_workflow_commands", "safe_records", "safe_text", "terminal_safe"]

_TABLE: dict[int, int] = {c: 0x2400 + c for c in range(0x20) if c != 0x09}
_TABLE[0x7F] = 0x2421
_TABLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_TABLE.update({c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_TABLE.update({0x2028: 0x2424, 0x2029: 0x2424})
_MULTILINE = dict(_TABLE)
del _MULTILINE[0x0A]

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")

#: Record fields whose text may run over several lines (newlines kept, other controls escaped).
MULTILINE_FIELDS = frozenset({"text", "sentence", "message", "description", "help"})


def safe_text(value: str, multiline: bool = False) -> str:
    """``value`` with control, bidi-override and lone-surrogate characters replaced, one for one.

    With ``multiline`` newlines are kept; otherwise they show as ``␊``.
    """
    if value.isascii() and value.isprintable() and "\x7f" not in value:
        return value
    if not (_UNSAFE_MULTILINE if multiline else _UNSAFE).search(value):
        return value
    out = value.translate(_MULTILINE if multiline else _TABLE)
    return _SURROGATES.sub("\ufffd", out)


def safe_records(records):
    """A copy of ``records`` (dicts, lists, strings) with every string made safe to show."""
    return _walk(records, False)


def _walk(value, multiline: bool):
    if isinstance(value, str):
        return safe_text(value, multiline)
    if isinstance(value, dict):
        return {k: _walk(v, k in MULTILINE_FIELDS) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_walk(v, multiline) for v in value]
    return value


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def no_workflow_commands(output: str) -> str:
    """``output`` with no line that GitHub Actions would read as a workflow command.

    The runner treats a line beginning with ``::`` (after leading whitespace) as a command;
    such a line gets ``: :`` instead. ANSI colour codes (which numcheck itself writes) are
    looked past.
    """
    if "::" not in output:
        return output
    lines = output.split("\n")
    for i, line in enumerate(lines):
        plain = _ANSI.sub("", line).lstrip()
        if plain.startswith("::"):
            at = line.find("::")
            lines[i] = line[:at] + ": :" + line[at + 2:]
    return "\n".join(lines)


def terminal_safe(line: str) -> str:
    """One line for stderr: control characters escaped, and never a workflow command."""
    return no_workflow_commands(safe_text(line))
