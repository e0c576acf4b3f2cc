"""Markdown files: YAML front matter (date, title, story) and the text after it."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from numcheck.ingest.dates import parse_date
from numcheck.ingest.errors import input_error

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


def _line_of_key(block: str, key: str) -> int:
    """The 1-based file line of ``key:`` in a front-matter block (2 if not found)."""
    for n, line in enumerate(block.splitlines()):
        if line.lstrip().startswith(f"{key}:"):
            return n + 2
    return 2


def split_front_matter(source: str, path: str) -> FrontMatter:
    """Parse a leading ``---`` … ``---`` YAML block with ``yaml.safe_load``.

    Raises :class:`~numcheck.ingest.errors.InputError` (with the source line) for YAML that does
    not parse, front matter that is not a mapping, or a ``date`` that is not a date.
    """
    if not _OPEN_RE.match(source):
        return FrontMatter(None, None, None, 0, 1)
    open_end = _OPEN_RE.match(source).end()
    close = _CLOSE_RE.search(source, open_end)
    if close is None:
        # a lone "---" opening line is a thematic break, not front matter
        return FrontMatter(None, None, None, 0, 1)
    import yaml

    block = source[open_end:close.start()]
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening ---
        column = mark.column + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise input_error(path, f"front matter is not valid YAML: {problem}", line, column) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's timestamp constructor raises plain ValueError for dates such as 2020-53-20
        line = _line_of_key(block, "date")
        raise input_error(path, f"front matter value is invalid: {exc}", line, 1) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise input_error(path, "front matter is not a mapping of keys to values", 2, 1)

    body_start = close.end()
    if body_start < len(source) and source[body_start] == "\n":
        body_start += 1
    first_line = source.count("\n", 0, body_start) + 1

    date = None
    raw_date = meta.get("date")
    if raw_date is not None and raw_date != "":
        date = parse_date(raw_date)
        if date is None:
            line = _key_line(block, "date")
            raise input_error(
                path, f"front matter date {str(raw_date)!r} is not a date (use YYYY-MM-DD)",
                line, 1, str(raw_date),
            )
    title = meta.get("title")
    story = meta.get("story")
    url = meta.get("url")
    return FrontMatter(
        date=date,
        title=str(title).strip() if title not in (None, "") else None,
        story=str(story).strip() if story not in (None, "") else None,
        body_start=body_start,
        first_line=first_line,
        url=str(url).strip() if isinstance(url, str) and url.strip() else None,
    )


def _key_line(block: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}[ \t]*:", block, re.M)
    return block.count("\n", 0, m.start()) + 2 if m else 1
