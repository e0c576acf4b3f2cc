"""HTML pages: main text and metadata through trafilatura, and a map back to source lines.

trafilatura drops navigation, share widgets, comment sections and most subscription boxes, and
reads the page's metadata (title, publication date). Its output no longer has the page's line
structure, so each extracted line is located in the page's visible text (tags, comments,
scripts and styles removed, entities decoded, whitespace collapsed) and the Document gets
anchors mapping text offsets to source line/column. Where a line cannot be found verbatim
(trafilatura rewrote it), its words are located one by one.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import re
from array import array
from dataclasses import dataclass

from numcheck.ingest.dates import parse_date
from numcheck.ingest.document import LineIndex
from numcheck.ingest.errors import input_error
from numcheck.limits import MAX_HTML_ELEMENTS, checkpoint

_SKIP_RE = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!\[CDATA\[.*?\]\]>|<[!?/]?[A-Za-z][^>]*>",
    re.S | re.I,
)
_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section summary table tbody td "
    "tfoot th thead title tr ul".split()
)
_WS = " \t\n\r\f\v\u00a0\u2009\u200a\u202f"
# how far ahead of the previous match a rewritten line's words may be looked for
_WORD_WINDOW = 4000


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What came out of a page: text, title, metadata date, the source-position anchors, and the
    page's own URL (canonical link or ``og:url``) when it gives one."""

    text: str
    title: str | None
    date: _dt.date | None
    source_map: tuple[tuple[int, int, int], ...]
    url: str | None = None


class _Visible:
    """The page's visible text with whitespace collapsed, and each character's source offset."""

    def __init__(self, source: str) -> None:
        chars: list[str] = []
        offsets = array("q")
        last_space = True

        def emit(ch: str, off: int) -> None:
            nonlocal last_space
            if ch in _WS:
                if last_space:
                    return
                ch, last_space = " ", True
            else:
                last_space = False
            chars.append(ch)
            offsets.append(off)

        pos = 0
        #: where <body> starts in the visible text: the <title> repeats the headline, and the
        #: headline a reader sees (and an editor would fix) is the one in the body
        self.body = 0
        for m in _SKIP_RE.finditer(source):
            checkpoint()
            self._text_run(source, pos, m.start(), emit)
            # block tags separate words ("<p>a</p><p>b</p>" reads "a b"); inline ones do not
            # ("<b>Wash</b>ington" reads "Washington"), as in a browser
            name = _TAG_NAME_RE.match(m.group(0))
            if name is not None and not self.body and m.group(0)[:5].lower() == "<body":
                self.body = len(chars)
            if name is None or name.group(1).lower() in _BLOCK_TAGS:
                emit(" ", m.start())
            pos = m.end()
        self._text_run(source, pos, len(source), emit)
        self.text = "".join(chars)
        self.offsets = offsets

    @staticmethod
    def _text_run(source: str, start: int, end: int, emit) -> None:
        if "&" not in source[start:end]:
            for k in range(start, end):
                if not k & 0xFFFF:
                    checkpoint()  # one text run can be the whole 20 MB page
                emit(source[k], k)
            return
        k = start
        for m in _ENTITY_RE.finditer(source, start, end):
            checkpoint()
            for j in range(k, m.start()):
                emit(source[j], j)
            for ch in _html.unescape(m.group(0)):
                emit(ch, m.start())
            k = m.end()
        for j in range(k, end):
            emit(source[j], j)


def _collapse(line: str) -> tuple[str, list[int]]:
    """``line`` with whitespace runs collapsed to one space, and each kept char's index."""
    out, idx = [], []
    last_space = True
    for i, ch in enumerate(line):
        if ch in _WS:
            if last_space:
                continue
            ch, last_space = " ", True
        else:
            last_space = False
        out.append(ch)
        idx.append(i)
    while out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def map_lines(text: str, source: str) -> tuple[tuple[int, int, int], ...]:
    """Anchors ``(text offset, source line, source column)`` for ``text`` extracted from ``source``.

    An anchor is emitted wherever consecutive text characters stop being consecutive in the
    source (a tag, an entity, a collapsed line break), so every offset maps exactly when its
    line was found verbatim.
    """
    visible = _Visible(source)
    vis_text, vis_off = visible.text, visible.offsets
    index = LineIndex(source)
    anchors: list[tuple[int, int, int]] = []
    prev_src = None  # source offset of the previous text character, to detect discontinuity

    def place(text_off: int, src_off: int) -> None:
        nonlocal prev_src
        if prev_src is None or src_off != prev_src + 1 or not anchors:
            line, col = index.line_col(src_off)
            anchors.append((text_off, line, col))
        prev_src = src_off

    cursor = visible.body
    line_start = 0
    for raw in text.split("\n"):
        checkpoint()
        collapsed, idx = _collapse(raw)
        if collapsed:
            at = vis_text.find(collapsed, cursor)
            if at == -1:
                at = vis_text.find(collapsed)
            if at != -1:
                prev_src = None
                for k, i in enumerate(idx):
                    place(line_start + i, vis_off[at + k])
                cursor = at + len(collapsed)
            else:
                cursor = _map_words(raw, line_start, vis_text, vis_off, cursor, place, anchors, index)
        line_start += len(raw) + 1
        prev_src = None
    return tuple(anchors)


def _map_words(raw, line_start, vis_text, vis_off, cursor, place, anchors, index) -> int:
    """Locate each word of a rewritten line near ``cursor``; unplaced words get no anchor."""
    placed_any = False
    for m in re.finditer(r"\S+", raw):
        checkpoint()
        word = m.group(0)
        at = vis_text.find(word, cursor, cursor + _WORD_WINDOW + len(word))
        if at == -1:
            continue
        for k in range(len(word)):
            place(line_start + m.start() + k, vis_off[at + k])
        cursor = at + len(word)
        placed_any = True
    if not placed_any and anchors:
        # nothing found: keep the line on the last known source line rather than letting the
        # previous anchor's column run on across a line break
        anchors.append((line_start, anchors[-1][1], 1))
    return cursor


_TAG_START = re.compile(r"<[A-Za-z]")


def _element_count(source: str) -> int:
    """How many start tags the page has (counted without building a tree)."""
    upper = source.count("<")
    if upper <= MAX_HTML_ELEMENTS:
        return upper  # an upper bound is enough when it is within the limit
    return _TAG_START.subn("", source)[1]


#: Off the main thread no signal can stop trafilatura (third-party code without numcheck's
#: checkpoints), so a page with more tags than this, read under a time budget there, is parsed
#: in a child process that is killed when the budget runs out. Smaller pages parse in well
#: under a second.
CHILD_PROCESS_TAGS = 20_000
#: Address space of that child process: what parsing the largest accepted page needs, twice.
CHILD_MEMORY = 3 * 1024 ** 3


def extract_html(source: str, path: str = "<html>") -> HtmlExtract:
    """The main text, title, metadata date and source map of an HTML page.

    trafilatura runs with ``favor_precision`` and without comments, so comment threads and most
    page furniture are left out; date extraction looks at metadata only (``extensive_search``
    off), because a date found in the body is a dateline or caption, which this package reports
    with its own, lower-ranked source. A fragment without ``<html>``/``<body>`` (which
    trafilatura reads as empty) is wrapped in them and read again; if the main-text heuristics
    still keep nothing, trafilatura's baseline extractor (all paragraph text) is used, so short
    pages are not silently emptied.

    A page with more than :data:`~numcheck.limits.MAX_HTML_ELEMENTS` elements is refused
    (memory); a large page read under a time budget off the main thread is parsed in a child
    process (see :data:`CHILD_PROCESS_TAGS`).
    """
    if not source.strip():
        return HtmlExtract("", None, None, ())
    elements = _element_count(source)
    if elements > MAX_HTML_ELEMENTS:
        # the parsed tree costs about 2 KB per element and trafilatura's time grows with it: a
        # 20 MB table of 2 million cells took 3.8 GB and minutes
        raise input_error(path, f"HTML page has {elements:,} elements, over the limit of "
                                f"{MAX_HTML_ELEMENTS:,}; not read")
    from numcheck.limits import remaining, signals_interrupt

    left = remaining()
    if left is not None and not signals_interrupt() and elements > CHILD_PROCESS_TAGS:
        text, title, date_text, url = _main_text_in_child(source, path, left)
    else:
        text, title, date_text, url = _main_text(source, path)
    checkpoint()
    return HtmlExtract(text, title, parse_date(date_text),
                       map_lines(text, source) if text else (), url)


def _main_text(source: str, path: str) -> tuple[str, str | None, str | None, str | None]:
    """trafilatura's main text, title, metadata date (as text) and URL of ``source``."""
    try:
        import trafilatura  # heavy (lxml, justext, htmldate): only pay for it when HTML is read
    except ImportError as exc:
        raise input_error(
            path, f"cannot read HTML: trafilatura is not importable ({exc}); "
            "install trafilatura with lxml_html_clean",
        ) from None

    def run(page: str):
        try:
            return trafilatura.bare_extraction(
                page,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                favor_precision=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception:  # trafilatura/lxml can choke on hostile markup; fall back below
            return None

    result = run(source)
    text = (getattr(result, "text", None) or "").strip()
    wrapped = source
    if not text and not re.search(r"<body\b", source, re.I):
        wrapped = f"<html><body>{source}</body></html>"
        retry = run(wrapped)
        if retry is not None and (getattr(retry, "text", None) or "").strip():
            result = retry
            text = retry.text.strip()
    if not text:
        try:
            text = (trafilatura.baseline(wrapped)[1] or "").strip()
        except Exception:
            text = ""
    title = (getattr(result, "title", None) or None) if result is not None else None
    date = getattr(result, "date", None) if result is not None else None
    url = (getattr(result, "url", None) or None) if result is not None else None
    return text, title, None if date is None else str(date), url if isinstance(url, str) else None


def _main_text_in_child(source: str, path: str,
                        seconds: float) -> tuple[str, str | None, str | None, str | None]:
    """:func:`_main_text` in a child process given ``seconds``; killed when they run out.

    A plain subprocess (not multiprocessing): it works from any thread and from daemonic
    worker processes (Dask's), and forks nothing of this process's state.
    """
    import json
    import subprocess
    import sys

    from numcheck.limits import overrun

    code = "from numcheck.ingest.html import _child_main; _child_main()"
    try:
        proc = subprocess.run([sys.executable, "-c", code], input=source.encode("utf-8"),
                              capture_output=True, timeout=max(seconds, 0.01))
    except subprocess.TimeoutExpired:
        overrun()  # the budget is spent: report it as any other overrun
        raise AssertionError("unreachable")  # pragma: no cover
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else f"exit status {proc.returncode}"
        raise input_error(path, f"cannot read HTML: the parser process failed ({why[:120]})")
    out = json.loads(proc.stdout)
    return out["text"], out["title"], out["date"], out["url"]


def _child_main() -> None:
    """Entry point of the child process: page on stdin, JSON of :func:`_main_text` on stdout."""
    import json
    import sys

    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    except (ImportError, ValueError, OSError):  # not POSIX, or the limit is already lower
        pass
    source = sys.stdin.buffer.read().decode("utf-8")
    text, title, date, url = _main_text(source, "<stdin>")
    sys.stdout.write(json.dumps({"text": text, "title": title, "date": date, "url": url}))
