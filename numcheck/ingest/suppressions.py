"""Inline suppression comments: ``numcheck: ignore`` and ``numcheck: ignore-file``.

Forms (codes are rule codes such as ``NC601`` or code prefixes such as ``NC6``: letters then at
least one digit, separated by commas or spaces, in any case; none means every code):

- ``<!-- numcheck: ignore NC201 -->`` in Markdown or HTML silences the next non-blank line, or
  its own line when it shares the line with other content (a trailing comment);
- ``numcheck: ignore NC201,NC202`` anywhere on a line of plain text silences that line;
- ``<!-- numcheck: ignore-file NC201 -->`` or ``numcheck: ignore-file`` silences the whole file.

A comment may end with a reason after its codes (``<!-- numcheck: ignore NC601 checked with the
desk -->``): the list of codes ends at the first word without a digit. Which codes exist is not
known here; the run checks each one against the loaded rules and reports an unknown code as an
input error at the comment (see :func:`numcheck.report.check_documents`).

Line numbers are those of the source file, the same numbers
:meth:`~numcheck.ingest.document.Document.line_col` reports for claims, so the engine can match
an anomaly's line against them directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from numcheck.ingest.document import ALL_CODES, SuppressionComment

# A code token is letters then a digit, then letters or digits: "NC601", the prefix "NC6", and
# also the typo "NC6011", which must reach validation as one token rather than end the list
# early (an empty list would silence every code).
_CODE = r"[A-Za-z]++\d[A-Za-z0-9]*+"
_CODES = r"(?P<codes>(?:[ \t]*+,?[ \t]*+" + _CODE + r"(?![\w-]))*+)"
# after the codes, a comment may carry a free-text reason up to its end
_COMMENT_RE = re.compile(r"<!--[ \t]*+numcheck:[ \t]*+(?P<kind>ignore-file|ignore)\b" + _CODES
                         + r"(?:[ \t,]++(?:(?!-->)[^\n])*+)?-->", re.I)
_PLAIN_RE = re.compile(r"\bnumcheck:[ \t]*+(?P<kind>ignore-file|ignore)\b" + _CODES, re.I)
_ANY_COMMENT_RE = re.compile(r"<!--.*?-->")
_CODE_RE = re.compile(_CODE)


@dataclass(frozen=True, slots=True)
class Suppressions:
    """What a scan found: per-line suppressions, whole-file codes, and every comment's place."""

    lines: tuple[tuple[int, tuple[str, ...]], ...]
    file_codes: tuple[str, ...]
    comments: tuple[SuppressionComment, ...]


def scan_suppressions(source: str, *, comments: bool, first_line: int = 1) -> Suppressions:
    """Find suppressions in ``source`` (the file's text; line 1 is ``first_line``).

    ``comments`` says whether ``<!-- -->`` comments are part of the format (Markdown, HTML);
    the plain ``numcheck: ignore`` form is recognised in every format.
    """
    if "numcheck" not in source.lower():
        return Suppressions((), (), ())
    lines = source.split("\n")
    per_line: dict[int, list[str]] = {}
    all_lines: set[int] = set()
    file_codes: list[str] = []
    file_all = False
    found: list[SuppressionComment] = []

    def record(kind: str, codes_text: str, line_no: int, col: int, target: int) -> None:
        nonlocal file_all
        codes = tuple(c.upper() for c in _CODE_RE.findall(codes_text or ""))
        if kind.lower() == "ignore-file":
            found.append(SuppressionComment(line_no, col, codes, 0))
            if codes:
                file_codes.extend(c for c in codes if c not in file_codes)
            else:
                file_all = True
            return
        found.append(SuppressionComment(line_no, col, codes, target))
        if codes:
            per_line.setdefault(target, []).extend(c for c in codes if c not in per_line.get(target, []))
        else:
            all_lines.add(target)

    for i, line in enumerate(lines):
        if "numcheck" not in line.lower():
            continue
        line_no = i + first_line
        taken: list[tuple[int, int]] = []
        if comments:
            for m in _COMMENT_RE.finditer(line):
                taken.append((m.start(), m.end()))
                rest = (line[: m.start()] + line[m.end():])
                rest = _ANY_COMMENT_RE.sub("", rest).strip()
                target = line_no if rest else _next_content_line(lines, i) + first_line
                record(m.group("kind"), m.group("codes"), line_no, m.start() + 1, target)
        for m in _PLAIN_RE.finditer(line):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if comments and _inside_comment(line, m.start()):
                # an HTML comment we did not parse as a suppression (malformed); don't guess
                continue
            record(m.group("kind"), m.group("codes"), line_no, m.start() + 1, line_no)

    merged = {ln: tuple(codes) for ln, codes in per_line.items() if ln not in all_lines}
    merged.update({ln: () for ln in all_lines})
    return Suppressions(
        lines=tuple(sorted(merged.items())),
        file_codes=(ALL_CODES,) if file_all else tuple(file_codes),
        comments=tuple(found),
    )


def _inside_comment(line: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in _ANY_COMMENT_RE.finditer(line))


def _next_content_line(lines: list[str], i: int) -> int:
    """0-based index of the next line after ``i`` with content other than comments."""
    for j in range(i + 1, len(lines)):
        if _ANY_COMMENT_RE.sub("", lines[j]).strip():
            return j
    # a comment at the very end silences nothing; point past the end so nothing matches
    return len(lines)
