"""A claim for a stretch of text that the reading found as a structure, not as one figure.

A reported test ("t(28) = 2.20, p = .036"), a line score or a scorers list is located by its
span; the engine reports findings at claims, so the kinds that check those structures cite the
claim extraction found at that span when there is one, and otherwise a claim made for the span
(kind ``quantity``, its block and sentence looked up like any other claim's).
"""

from __future__ import annotations

import bisect

from numcheck.model import Claim


def span_claim(dc, start: int, end: int, value: float | None = None) -> Claim:
    """The claim extraction found exactly at ``[start, end)``, else one made for that span."""
    for c in dc.claims:
        if c.start == start and c.end == end:
            return c
        if c.start > end:
            break
    starts = dc.sentence_starts or (0,)
    sentence = max(0, bisect.bisect_right(starts, start) - 1)
    block = "body"
    for b in dc.blocks:
        if b.start <= start < b.end:
            block = b.kind
            break
    return Claim(start, end, dc.text[start:end], "quantity", value, sentence=sentence,
                 boilerplate=block == "boilerplate", block=block)
