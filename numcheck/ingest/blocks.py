"""Dividing a document's text into blocks: title, caption, quote, boilerplate (the rest is body).

Boilerplate is site chrome that scrapers leave in article text: share buttons, comment-form
headings, subscription pleas, copyright lines. It is recognised by two short, documented
pattern lists rather than by any particular site's strings:

- :data:`CHROME_LINES` must match a whole line (so "Share." alone on a line is chrome, while
  "share" inside a sentence is not);
- :data:`CHROME_SEGMENTS` may start mid-line, but only where a sentence could start (line start
  or right after ``. ! ? " ” ) |``, with or without a space, since scrapers often glue chrome to
  the last sentence: "...in 2024.support independent journalism"). The segment runs to the end
  of its line.

Both lists were checked against the 414 Wikinews articles of the shared corpus, where they mark
no article sentence.
"""

from __future__ import annotations

import re

from numcheck.ingest.dates import find_captions
from numcheck.ingest.document import Block

#: Whole lines that are site chrome (matched case-insensitively against the stripped line,
#: trailing punctuation allowed).
CHROME_LINES: tuple[str, ...] = (
    r"share(?: this(?: article| story| post| page)?)?(?: on (?:facebook|twitter|x|linkedin|whatsapp|email))?",
    r"(?:share|tweet|email|print|pin it|copy link)(?:\s*[|/·•]\s*(?:share|tweet|email|print|pin it|copy link|facebook|twitter|linkedin|whatsapp))+",
    r"leave a (?:reply|comment)",
    r"cancel reply",
    r"post (?:a )?comment",
    r"\d* ?comments?",
    r"exit mobile version",
    r"advertisement",
    r"sponsored(?: content)?",
    r"skip to (?:main )?content",
    r"back to top",
    r"read more",
    r"related(?: articles| stories| posts| coverage)?",
    r"(?:sign up|subscribe|log in|sign in|register)(?: now| today)?",
    r"you may also like",
    r"most (?:read|popular)",
)

#: Chrome phrases that start a segment running to the end of the line (case-insensitive).
CHROME_SEGMENTS: tuple[str, ...] = (
    r"support (?:our |independent |quality |local )*journalism\b",
    r"(?:subscribe|sign up) (?:to|for) (?:our|the) (?:\w+ ){0,2}(?:newsletter|digest|briefing|daily|weekly)",
    r"click here to\b",
    r"follow us on\b",
    r"all rights reserved\b",
    r"(?:copyright\s*)?©\s*(?:\d{4}|copyright)",
    r"copyright \d{4}\b",
    r"exit mobile version\b",
    r"leave a reply\b",
    r"share (?:this )?(?:article|story) (?:on|via)\b",
    r"(?:download|get) (?:our|the \w+) app\b",
    r"have an opinion on this story\?",
)

_LINE_RE = re.compile(r"(?:" + "|".join(CHROME_LINES) + r")[.!:]?", re.I)
# a lookbehind must be fixed-width, so the "where a sentence can start" test is done by hand
_SEGMENT_RE = re.compile(r"(?:" + "|".join(CHROME_SEGMENTS) + r")", re.I)
_SEGMENT_BEFORE = set(".!?\"”’)|•·]")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_ATX_RE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)


def _lines(text: str):
    pos = 0
    n = len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end == -1:
            end = n
        yield pos, end
        pos = end + 1


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of chrome lines and glued chrome segments, in order."""
    out = []
    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        if _LINE_RE.fullmatch(stripped):
            out.append((start + lead, start + lead + len(stripped)))
            continue
        for m in _SEGMENT_RE.finditer(text, start, end):
            i = m.start()
            j = i - 1
            while j >= start and text[j] in " \t\u00a0":
                j -= 1
            if j < start or text[j] in _SEGMENT_BEFORE:
                seg_end = start + len(line.rstrip())
                out.append((i, seg_end))
                break
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of double-quoted passages (marks included), paragraph by paragraph.

    Curly quotes pair “ with the next ”. Straight quotes pair in order, an opening one being at
    a word start (so the inch mark in 10" is not a quote). A quote left open runs to the end of
    its paragraph: news style reopens, but does not close, a quotation that continues into the
    next paragraph.
    """
    out = []
    for pstart, pend in _paragraphs(text):
        i = pstart
        while i < pend:
            ch = text[i]
            if ch == "“":
                close = text.find("”", i + 1, pend)
                end = pend if close == -1 else close + 1
                out.append((i, end))
                i = end
                continue
            if ch == '"' and (i == pstart or text[i - 1] in " \t\n([{—–-:;,/\u00a0‘'"):
                close = text.find('"', i + 1, pend)
                end = pend if close == -1 else close + 1
                out.append((i, end))
                i = end
                continue
            i += 1
    return out


def _paragraphs(text: str):
    start = None
    for ls, le in _lines(text):
        if text[ls:le].strip():
            if start is None:
                start = ls
            last = le
        elif start is not None:
            yield start, last
            start = None
    if start is not None:
        yield start, last


def markdown_title_span(text: str) -> tuple[int, int, str] | None:
    """The first Markdown heading if it opens the document (or the first ``#`` heading anywhere).

    Returns the heading line's offsets and its text without the ``#`` marks.
    """
    first_content = None
    for ls, le in _lines(text):
        line = text[ls:le]
        if line.strip() and not _HTML_COMMENT_RE.fullmatch(line.strip()):
            first_content = (ls, le)
            break
    if first_content is not None:
        ls, le = first_content
        m = _ATX_RE.match(text, ls, le)
        if m:
            return ls + (len(text[ls:le]) - len(text[ls:le].lstrip())), le, m.group(2).strip()
        # a Setext heading: the text line underlined with === or ---
        nxt = text.find("\n", le + 1)
        under = text[le + 1: nxt if nxt != -1 else len(text)].strip()
        if under and set(under) <= {"="} and len(under) >= 2:
            return ls, le, text[ls:le].strip()
    for m in _ATX_RE.finditer(text):
        if len(m.group(1)) == 1:
            return m.start(), m.end(), m.group(2).strip()
    return None


def find_blocks(
    text: str,
    *,
    title_span: tuple[int, int] | None = None,
    comments: bool = False,
    captions: list | None = None,
) -> tuple[Block, ...]:
    """All non-body blocks of ``text``, sorted and non-overlapping.

    Where kinds collide the stronger one wins: boilerplate, then title, then caption, then
    quote (a quote inside a caption is part of the caption). ``title_span`` is the title line if
    the caller knows it; ``comments`` marks HTML comments (Markdown suppression comments) as
    boilerplate, since they are not rendered prose. ``captions`` is the result of
    :func:`~numcheck.ingest.dates.find_captions` when the caller already has it.
    """
    chosen: list[Block] = []

    def add(start: int, end: int, kind: str) -> None:
        if end <= start:
            return
        for b in chosen:
            if start < b.end and b.start < end:
                return
        chosen.append(Block(start, end, kind))

    if comments:
        for m in _HTML_COMMENT_RE.finditer(text):
            add(m.start(), m.end(), "boilerplate")
    for s, e in boilerplate_spans(text):
        add(s, e, "boilerplate")
    if title_span is not None:
        add(title_span[0], title_span[1], "title")
    for _, s, e, cs, ce in (find_captions(text) if captions is None else captions):
        add(s, e, "caption")
        add(cs, ce, "caption")
    for s, e in quote_spans(text):
        add(s, e, "quote")
    chosen.sort(key=lambda b: b.start)
    return tuple(chosen)
