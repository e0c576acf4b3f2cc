"""Claim extraction: Document → claims.

The work is split into fast single-pass scanners, merged here:

- :mod:`numcheck.extract.numbers` finds counts, quantities, money, percentages, ordinals, ages,
  durations and ranges (units come from quantulum3's catalogue, see :mod:`.units`);
- :mod:`numcheck.extract.temporal` finds dates, years, weekdays, times and relative dates, and
  resolves them against the document date;
- :mod:`numcheck.extract.context` reads each claim's qualifier, interval, scope and subject.
"""

from __future__ import annotations

import datetime as _dt
import bisect
import re
import sys
import types
from dataclasses import replace

from numcheck.model import Claim

__all__ = ["extract", "extract_document", "extract_with_sentences", "split_sentences", "merge_claims"]

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an upper-case letter, digit or opening quote; or at a line break, unless the next line goes on
# in lower case or with a number (a hard-wrapped sentence in Markdown or plain text). Abbreviations
# that commonly precede a capitalised word are excluded so "Mr. Trump" and "U.S. President" do
# not split.
_ABBREV = r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bU\.S)(?<!\bU\.N)(?<!\bvs)(?<!\bJr)(?<!\bSr)(?<!\bGen)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bCapt)(?<!\bProf)(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bLtd)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSept)(?<!\bSep)(?<!\bOct)(?<!\bNov)(?<!\bDec)(?<!\b[A-Z])"
# The leading lookahead makes the (many) lookbehinds run only where a terminator stands.
_SENTENCE_END = re.compile(
    r"(?=[.!?])(?<![.!?])" + _ABBREV + r"[.!?]++[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])"
    # "at 8:02 a.m. EDT and …": a time zone after a.m./p.m. goes on the sentence
    r"(?!\s+(?:[ECMP][SD]T|GMT|UTC|BST|CES?T|AES?T|AEDT)\b)"
    # "from 10:20 p.m. Saturday to 3:50 a.m. Sunday": a day or month after a.m./p.m. dates the time
    r"(?!(?<=[ap]\.m\.)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|June|July|"
    r"August|September|October|November|December|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\b)|\n\s*+(?![a-z0-9(\[$£€])"
)


def split_sentences(text: str) -> list[int]:
    """Character offsets at which each sentence starts (always begins with 0)."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        # skip the whitespace after the terminator so the sentence starts at its first character
        while end < len(text) and text[end] in " \t\r\n\u00a0":
            end += 1
        if end < len(text) and end > starts[-1]:
            starts.append(end)
    return starts


# Which kinds the temporal scanner is the authority on when both scanners claim a span.
_TEMPORAL_KINDS = frozenset({"date", "year", "time"})


def merge_claims(numeric: list[Claim], temporal: list[Claim]) -> list[Claim]:
    """Merge the two scanners' claims into one list, sorted, without overlaps.

    On overlap, a temporal claim of kind date/year/time wins over a numeric claim it covers
    (so the "7" of "May 7" is not also a count); otherwise the longer span wins, and on equal
    length the numeric claim, whose unit reading is richer.
    """
    tagged = [(c, 1) for c in temporal] + [(c, 0) for c in numeric]

    def priority(item: tuple[Claim, int]) -> tuple:
        c, is_temporal = item
        # a temporal reading that resolved to nothing ("in 3 years" without a date) must not
        # hide the numeric reading of the same words
        resolved = c.value is not None or c.date is not None
        covers = 1 if is_temporal and c.kind in _TEMPORAL_KINDS and resolved else 0
        return (-covers, -(c.end - c.start), is_temporal, c.start)

    # accepted spans kept sorted by start; they never overlap, so one neighbour on each side
    # of an insertion point is all that can collide
    chosen: list[Claim] = []
    starts: list[int] = []
    ends: list[int] = []
    for c, _ in sorted(tagged, key=priority):
        i = bisect.bisect_left(starts, c.start)
        if i > 0 and ends[i - 1] > c.start:
            continue
        if i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen


def extract(text: str, date: str | _dt.date | None = None) -> list[Claim]:
    """Extract every numeric claim from ``text``.

    ``date`` (ISO string or :class:`datetime.date`) is the document date that relative and
    partial dates resolve against; without it they keep only what the text says.
    """
    if isinstance(date, str):
        date = _dt.date.fromisoformat(date[:10])
    return _extract(text, date, blocks=None)


def extract_document(doc) -> list[Claim]:
    """Extract the claims of a :class:`~numcheck.ingest.document.Document`.

    Claims inside boilerplate blocks are kept with ``boilerplate=True``; every claim records
    the kind of block it sits in.
    """
    return extract_with_sentences(doc.text, doc.date, doc.blocks)[0]


def extract_with_sentences(text: str, date: _dt.date | None,
                           blocks=()) -> tuple[list[Claim], list[int]]:
    """The claims of ``text`` and the sentence starts they were indexed against."""
    from numcheck.extract import context, numbers, temporal

    sentence_starts = split_sentences(text)
    claims = merge_claims(numbers.scan_numbers(text), temporal.scan_temporal(text, date))
    claims = context.annotate(text, claims, sentence_starts)
    if blocks:
        claims = _mark_blocks(claims, blocks)
    return claims, sentence_starts


def _extract(text: str, date: _dt.date | None, blocks) -> list[Claim]:
    return extract_with_sentences(text, date, blocks or ())[0]


class _CallableModule(types.ModuleType):
    """Lets ``numcheck.extract(text)`` work even after ``import numcheck.extract.numbers``.

    Importing a submodule binds the attribute ``numcheck.extract`` to this package, shadowing
    the function of the same name that ``numcheck`` exports; calling the package calls it.
    """

    def __call__(self, text: str, date: str | _dt.date | None = None) -> list[Claim]:
        return extract(text, date)


sys.modules[__name__].__class__ = _CallableModule


def _mark_blocks(claims: list[Claim], blocks) -> list[Claim]:
    import bisect

    from numcheck.limits import checkpoint

    out = []
    ordered = sorted(blocks, key=lambda b: b.start)
    starts = [b.start for b in ordered]
    for c in claims:
        checkpoint()
        kind = "body"
        # blocks do not overlap: only the last one starting at or before the claim can hold it
        # (a scan of every block per claim was quadratic in a long interview)
        i = bisect.bisect_right(starts, c.start) - 1
        if i >= 0 and ordered[i].start <= c.start < ordered[i].end:
            kind = ordered[i].kind
        if kind != "body":
            c = replace(c, block=kind, boilerplate=c.boilerplate or kind == "boilerplate")
        out.append(c)
    return out
