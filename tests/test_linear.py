"""Cost that grows with a document's length no faster than the length: counted, never timed.

A check of one long document (an archive saved as one file, a 300-page report) must cost per
byte what a short article costs. Time on a shared machine says little, so these tests count
operations: list reads in a lookup, Python line events in a whole check.
"""

from __future__ import annotations

import json
import random
import re
import sys

import pytest

from numcheck.ingest import blocks
from numcheck.read import mentions

# --- boilerplate segments: tried only where a segment can start ------------------------------

_SEGMENT_ANYWHERE = re.compile(r"(?:" + "|".join(blocks.CHROME_SEGMENTS) + r")", re.I)
_WHOLE_LINE = re.compile(
    r"^[ \t\u00a0]*((?:" + "|".join(blocks.CHROME_LINES) + r")[.!:]?)[ \t\u00a0]*$", re.I | re.M
)


def _boilerplate_by_scanning_everywhere(text: str) -> list[tuple[int, int]]:
    """The former implementation: the segment alternation tried at every offset, the position
    tested afterwards. The new one must find exactly the same spans."""
    out = [(m.start(1), m.end(1)) for m in _WHOLE_LINE.finditer(text)]
    whole = {s for s, _ in out}
    last_line = -1
    for m in _SEGMENT_ANYWHERE.finditer(text):
        i = m.start()
        line_start = text.rfind("\n", 0, i) + 1
        if line_start == last_line:
            continue
        j = i - 1
        while j >= line_start and text[j] in " \t\u00a0":
            j -= 1
        if j >= line_start and text[j] not in blocks._SEGMENT_BEFORE:
            continue
        line_end = text.find("\n", i)
        line_end = len(text) if line_end == -1 else line_end
        stripped_end = line_start + len(text[line_start:line_end].rstrip())
        lead = line_start + len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip())
        if lead in whole:
            continue
        out.append((i, stripped_end))
        last_line = line_start
    out.sort()
    return out


GLUED = [
    "The council approved 42 homes in 2024.support independent journalism and more",
    "Prices rose 3% last year. Click here to subscribe today",
    "He said “no.” Follow us on Twitter for updates\nShare.\nLeave a reply\n",
    "Figures from 2023 | All rights reserved 2024 Example Media",
    "Copyright 2021 News Ltd. All rights reserved.",
    "The band played Support Our Journalism night, a benefit.",  # mid-sentence: not chrome
    "They said copyright © 2019 was stamped on it; ©2019 Example Corp",
    "  \u00a0© 2020 The Daily\n(Have an opinion on this story? Write to us)\n",
    "Get our app] download our app • Fund local newsroom\n",
]


def test_boilerplate_spans_find_what_a_scan_from_every_offset_finds():
    for text in GLUED:
        assert blocks.boilerplate_spans(text) == _boilerplate_by_scanning_everywhere(text), text
    assert blocks.boilerplate_spans(GLUED[0]) == [(GLUED[0].index("support"), len(GLUED[0]))]
    assert blocks.boilerplate_spans(GLUED[5]) == []


def test_boilerplate_spans_agree_on_every_corpus_article(shared_dir):
    rows = [json.loads(line) for line in (shared_dir / "corpus" / "news.jsonl").open(encoding="utf-8")]
    texts = [r["text"] for r in rows] + ["\n".join(r["text"] for r in rows[:50])]
    # the Wikinews articles carry no site chrome: glue some after sentences, as scrapers leave it
    rng = random.Random(14)
    for r in rows[:100]:
        pieces = re.split(r"(?<=[.!?”])", r["text"])
        for _ in range(4):
            k = rng.randrange(len(pieces))
            pieces[k] += rng.choice(["", " ", "\n"]) + rng.choice(GLUED)
        texts.append("".join(pieces))
    found = 0
    for text in texts:
        got = blocks.boilerplate_spans(text)
        assert got == _boilerplate_by_scanning_everywhere(text)
        found += len(got)
    assert found > 0  # the corpus has chrome; the comparison is not vacuous


# --- quotes: membership by bisection ----------------------------------------------------------

class _CountingList(list):
    """A list that counts reads of its items (bisect reads a list subclass through them)."""

    reads = 0

    def __getitem__(self, i):
        type(self).reads += 1
        return super().__getitem__(i)


@pytest.mark.parametrize("n", [100, 10_000])
def test_quote_membership_reads_logarithmically_many_spans(n):
    spans = [(10 * i, 10 * i + 4) for i in range(n)]
    starts = _CountingList(a for a, _ in spans)
    spans = _CountingList(spans)
    _CountingList.reads = 0
    offsets = [10 * i + d for i in range(0, n, max(1, n // 200)) for d in (0, 3, 4, 9)]
    got = [mentions._inside(spans, o, starts) for o in offsets]
    assert got == [o % 10 < 4 for o in offsets]
    per_lookup = _CountingList.reads / len(offsets)
    assert per_lookup <= n.bit_length() + 2  # a walk from the first span reads n/2 on average
    assert not mentions._inside(spans, -1, starts)
    assert not mentions._inside([], 5)


def test_a_quote_ending_a_paragraph_still_holds_the_next_paragraphs_first_character():
    # spans overlap by one character where a quote left open runs to its paragraph's end
    spans = [(0, 6), (5, 9)]
    assert [mentions._inside(spans, o) for o in range(10)] == [True] * 9 + [False]


# --- a whole check: Python line events per byte ----------------------------------------------

def _events_per_byte(texts, n, rules) -> float:
    from numcheck.ingest import document_from_text
    from numcheck.report import check_documents

    text = "\n\n".join(texts[i % len(texts)] for i in range(n))
    doc = document_from_text(text, f"joined-{n}.md", fmt="md", date="2024-06-01")
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    def calls(frame, event, arg):
        nonlocal count
        if "numcheck" in frame.f_code.co_filename:
            count += 1
            return local
        return None

    sys.settrace(calls)
    try:
        report = check_documents([doc], rules, story="file", timeout_per_doc=0, timeout_per_story=0)
    finally:
        sys.settrace(None)
    assert not report.errors
    return count / len(text.encode("utf-8"))


def test_check_costs_no_more_per_byte_in_a_long_document(shared_dir):
    """Line events per byte for 1, 32 and 256 corpus articles joined into one document.

    A loop over all earlier quotes, dates or blocks for each claim shows as events per byte
    growing with the length (it did: 14.9 per byte at 16 articles, 19.8 at 256 with the former
    quote lookup). The growth from 32 to 256 articles, carried on linearly to 1,000 articles
    (a 3.5 MB document), must stay within 1.5 times the cost per byte of one article.
    """
    from numcheck.engine import load_rules

    texts = [json.loads(line)["text"] for line in (shared_dir / "corpus" / "news.jsonl").open(encoding="utf-8")]
    rules, _ = load_rules()
    _events_per_byte(texts, 32, rules)  # warm caches and lazy tables first
    one, small, large = (_events_per_byte(texts, n, rules) for n in (1, 32, 256))
    slope = (large - small) / (256 - 32)
    at_1000 = large + slope * (1000 - 256)
    assert large <= 1.5 * one, (one, small, large)
    assert at_1000 <= 1.5 * one, (one, small, large, at_1000)
