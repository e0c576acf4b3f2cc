"""Markdown files: YAML front matter (date, title, story) and the text after it."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from numcheck.ingest.dates import parse_date
from numcheck.ingest.errors import input_error
from numcheck.ingest.source import replace_surrogates, surrogate_note

_OPEN_RE = re.compile(r"\A---[ \t]*\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parts of a Markdown file's front matter that numcheck uses.

    ``body_start`` is the offset in the source where the article text begins and ``first_line``
    the 1-based source line it begins on. Keys other than date/title/story/url are ignored.
    """

    date: _dt.date | None
    title: str | None
    story: str | None
    body_start: int
    first_line: int
    url: str | None = None
    #: What reading changed (lone surrogates replaced in the title or story), for the record.
    notes: tuple[str, ...] = ()


def split_front_matter(source: str, path: str) -> FrontMatter:
    """Parse a leading ``---`` … ``---`` YAML block with the hardened reader of rule packs.

    Front matter is as untrusted as the article: it is read by :mod:`numcheck.yamlsafe` (no
    aliases or anchors, no tags beyond the plain ones, bounded depth, node count and size, no
    implicit types: every value is the text written, so ``title: 1:0:0`` and ``title: no``
    stay text). Raises :class:`~numcheck.ingest.errors.InputError` (with the source line) for
    YAML that does not parse or breaks a limit, front matter that is not a mapping, or a
    ``date`` that is not a date.
    """
    if not _OPEN_RE.match(source):
        return FrontMatter(None, None, None, 0, 1)
    open_end = _OPEN_RE.match(source).end()
    close = _CLOSE_RE.search(source, open_end)
    if close is None:
        # a lone "---" opening line is a thematic break, not front matter
        return FrontMatter(None, None, None, 0, 1)
    from numcheck.yamlsafe import compose_documents

    block = source[open_end:close.start()]
    # the leading newline makes every reported line a line of the file (the block starts on
    # the line after the opening ---)
    documents, problems = compose_documents("\n" + block, what="front matter", implicit=False) \
        if block.strip() else ((), ())
    if problems:
        first = problems[0]
        message = first.message if "front matter" in first.message else f"front matter: {first.message}"
        raise input_error(path, message, first.line, first.column, first.text)
    root = documents[0] if documents else None
    if root is not None and root.kind == "scalar" and root.value is None:
        root = None
    if root is not None and root.kind != "map":
        raise input_error(path, "front matter is not a mapping of keys to values", 2, 1)
    meta = {k.value: v for k, v in root.value} if root is not None else {}  # type: ignore[union-attr]

    body_start = close.end()
    if body_start < len(source) and source[body_start] == "\n":
        body_start += 1
    first_line = source.count("\n", 0, body_start) + 1

    replaced: dict[str, int] = {}

    def text_of(key: str) -> str | None:
        node = meta.get(key)
        if node is None:
            return None
        value = node.to_python()
        if value is None or value == "":
            return None
        text = value.strip() if isinstance(value, str) else str(value).strip()
        text, replaced[key] = replace_surrogates(text)
        return text

    date = None
    raw_date = text_of("date")
    if raw_date:
        date = parse_date(raw_date)
        if date is None:
            line = _key_line(block, "date")
            shown = raw_date if len(raw_date) <= 60 else raw_date[:59] + "…"
            raise input_error(
                path, f"front matter date {shown!r} is not a date (use YYYY-MM-DD)", line, 1, shown,
            )
    title, story, url = text_of("title") or None, text_of("story") or None, text_of("url") or None
    note = surrogate_note({"front matter " + k: n for k, n in replaced.items()})
    return FrontMatter(
        date=date,
        title=title,
        story=story,
        body_start=body_start,
        first_line=first_line,
        url=url,
        notes=(note,) if note else (),
    )


def _key_line(block: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}[ \t]*:", block, re.M)
    return block.count("\n", 0, m.start()) + 2 if m else 1
