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

import bisect
import functools
import re

from numcheck.ingest.dates import find_captions
from numcheck.ingest.document import Block
from numcheck.limits import checkpoint

#: Whole lines that are site chrome (matched case-insensitively against the stripped line,
#: trailing punctuation allowed).
CHROME_LINES: tuple[str, ...] = (
    r"share(?: this(?: article| story| post| page)?)?(?: on (?:facebook|twitter|x|linkedin|whatsapp|email))?",
    r"(?:share|tweet|email|print|pin it|copy link)(?:[ \t]*[|/·•][ \t]*(?:share|tweet|email|print|pin it|copy link|facebook|twitter|linkedin|whatsapp))+",
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
    r"(?:support|back|fund) (?:our |independent |quality |local )*(?:journalism|reporting|newsroom)\b",
    r"(?:subscribe|sign up) (?:to|for) (?:our|the) (?:\w+ ){0,2}(?:newsletter|digest|briefing|daily|weekly)",
    r"click here to\b",
    r"follow us on\b",
    r"all rights reserved\b",
    r"(?:copyright[ \t]*)?©[ \t]*(?:\d{4}|copyright)",
    r"copyright \d{4}\b",
    r"exit mobile version\b",
    r"leave a reply\b",
    r"share (?:this )?(?:article|story) (?:on|via)\b",
    r"(?:download|get) (?:our|the \w+) app\b",
    r"have an opinion on this story\?",
)

#: Characters after which (spaces allowed) a glued chrome segment may start.
_SEGMENT_BEFORE = ".!?\"”’)|•·]"


@functools.cache
def _segment_re() -> re.Pattern:
    return re.compile(r"(?:" + "|".join(CHROME_SEGMENTS) + r")", re.I)


@functools.cache
def _segment_start_re() -> re.Pattern:
    # where a sentence can start: a line start, or right after one of _SEGMENT_BEFORE, then any
    # spaces; each match ends where a segment may begin. The first character of every segment
    # is a letter or ©, which the lookahead requires so that most candidates are never tried.
    before = re.escape(_SEGMENT_BEFORE)
    return re.compile(r"(?:^|(?<=[" + before + r"]))[ \t\u00a0]*(?=[a-z©])", re.I | re.M)


@functools.cache
def _whole_line_re() -> re.Pattern:
    return re.compile(
        r"^[ \t\u00a0]*((?:" + "|".join(CHROME_LINES) + r")[.!:]?)[ \t\u00a0]*$", re.I | re.M
    )


_PARA_BREAK_RE = re.compile(r"\n[ \t\u00a0]*\n")
_OPEN_QUOTE_RE = re.compile(r"[“\"]")
_STRAIGHT_OPENERS = set(" \t\n([{—–-:;,/\u00a0‘'")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_ATX_RE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]++(.*[^ \t#\n])[ \t#]*+$", re.M)


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
    out = [(m.start(1), m.end(1)) for m in _whole_line_re().finditer(text)]
    whole = {s for s, _ in out}
    segment = _segment_re()
    last_line = -1
    # a segment is tried only where a sentence can start (a line start, or after one of
    # _SEGMENT_BEFORE and spaces): trying the whole alternation at every offset was 12% of a
    # corpus check
    for c in _segment_start_re().finditer(text):
        checkpoint()
        m = segment.match(text, c.end())
        if m is None:
            continue
        i = m.start()
        line_start = text.rfind("\n", 0, i) + 1
        if line_start == last_line:
            continue  # one segment per line: it already runs to the line's end
        line_end = text.find("\n", i)
        line_end = len(text) if line_end == -1 else line_end
        line = text[line_start:line_end]
        stripped_end = line_start + len(line.rstrip())
        lead = line_start + len(line) - len(line.lstrip())
        if lead in whole:
            continue
        out.append((i, stripped_end))
        last_line = line_start
    out.sort()
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of double-quoted passages (marks included), paragraph by paragraph.

    Curly quotes pair “ with the next ”. Straight quotes pair in order, an opening one being at
    a word start (so the inch mark in 10" is not a quote). Paragraphs are separated by blank
    lines, or by every newline in a text that has no blank lines. A quote left open runs to the
    end of its line: news style reopens, but does not close, a quotation that continues into the
    next paragraph.
    """
    out = []
    breaks = [m.start() for m in _PARA_BREAK_RE.finditer(text)]
    if not breaks:
        # no blank lines at all: the text has one paragraph per line (as scraped wire copy does)
        breaks = [m.start() for m in re.finditer("\n", text)]
    pos = 0
    n = len(text)
    while True:
        checkpoint()
        m = _OPEN_QUOTE_RE.search(text, pos)
        if m is None:
            break
        i = m.start()
        k = bisect.bisect_right(breaks, i)
        pend = breaks[k] if k < len(breaks) else len(text.rstrip())
        pend = max(pend, i + 1)
        if text[i] == "“":
            close = text.find("”", i + 1, pend)
        elif i == 0 or text[i - 1] in _STRAIGHT_OPENERS:
            close = text.find('"', i + 1, pend)
        else:
            pos = i + 1
            continue
        if close == -1:
            # an unclosed quote runs to the end of its line: within a paragraph, a stray mark is
            # likelier than a quotation that continues into the next paragraph
            line_end = text.find("\n", i, pend)
            end = pend if line_end == -1 else line_end
        else:
            end = close + 1
        out.append((i, min(end, n)))
        pos = end
    return out


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
    boilerplate: "list[tuple[int, int]] | tuple[tuple[int, int], ...]" = (),
) -> tuple[Block, ...]:
    """All non-body blocks of ``text``, sorted and non-overlapping.

    Where kinds collide the stronger one wins: boilerplate, then title, then caption, then
    quote (a quote inside a caption is part of the caption). ``title_span`` is the title line if
    the caller knows it; ``comments`` marks HTML comments (Markdown suppression comments) as
    boilerplate, since they are not rendered prose. ``captions`` is the result of
    :func:`~numcheck.ingest.dates.find_captions` when the caller already has it;
    ``boilerplate`` spans the caller already knows are not prose (a PDF's running headers).
    """
    # kept sorted by start so each overlap test looks only at the two neighbours: a long
    # interview has thousands of quotes, and a scan of every chosen block would be quadratic
    starts: list[int] = []
    chosen: list[Block] = []

    def add(start: int, end: int, kind: str) -> None:
        if end <= start:
            return
        i = bisect.bisect_left(starts, start)
        if i > 0 and chosen[i - 1].end > start:
            return
        if i < len(chosen) and chosen[i].start < end:
            return
        starts.insert(i, start)
        chosen.insert(i, Block(start, end, kind))

    if comments:
        for m in _HTML_COMMENT_RE.finditer(text):
            add(m.start(), m.end(), "boilerplate")
    for s, e in boilerplate:
        add(s, e, "boilerplate")
    for s, e in boilerplate_spans(text):
        add(s, e, "boilerplate")
    if title_span is not None:
        add(title_span[0], title_span[1], "title")
    for _, s, e, cs, ce in (find_captions(text) if captions is None else captions):
        add(s, e, "caption")
        add(cs, ce, "caption")
    for s, e in quote_spans(text):
        add(s, e, "quote")
    return tuple(chosen)
