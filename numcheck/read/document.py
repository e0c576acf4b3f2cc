"""The reading of one document: its sentences, paragraphs and tokens, built once and shared.

:class:`Text` is what every reader of this package works on (spaCy's shared document object, in
small): the document's text, its claims, where its sentences and paragraphs start, and the
tokens of each sentence, made on first use and kept. Readers add mentions and relations; none
re-parses the text another reader has already read.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field

from numcheck.read.tokens import Token, tokenize

__all__ = ["Text", "Sentence"]

_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n")


@dataclass(slots=True)
class Sentence:
    """One sentence: its index and span, its claims' index range and its tokens."""

    index: int
    start: int
    end: int
    paragraph: int
    first: int
    last: int
    tokens: list[Token] = field(default_factory=list)
    #: claim index → position of its token in ``tokens``.
    at: dict[int, int] = field(default_factory=dict)
    #: parenthetical insertions as token ranges (delimiters included), and for each token the
    #: insertion it sits in (-1 outside all)
    inserts: list[tuple[int, int]] | None = None
    level: list[int] = field(default_factory=list)
    masked: list[Token] | None = None
    #: worked out once per sentence for all its figures (numcheck.read.mentions): the claims
    #: naming a dated time, and the figure source per token list
    time_claims: list[int] | None = None
    source_cache: dict | None = None


class Text:
    """A document's text, claims, sentences and paragraphs, tokenised lazily per sentence."""

    def __init__(self, text: str, claims, sentence_starts, date: _dt.date | None = None,
                 blocks=()) -> None:
        self.text = text
        self.claims = claims
        self.date = date
        self.blocks = tuple(blocks or ())
        starts = list(sentence_starts) or [0]
        self.sentence_starts = starts
        self.paragraph_starts = _paragraph_starts(text)
        n = len(text)
        self._sentences: list[Sentence] = []
        k = 0
        nclaims = len(claims)
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else n
            first = k
            while k < nclaims and claims[k].start < e:
                k += 1
            para = bisect.bisect_right(self.paragraph_starts, s) - 1
            self._sentences.append(Sentence(i, s, e, para, first, k))
        self._tokenised: set[int] = set()
        #: claim index → sentence index
        self.sentence_of = [c.sentence for c in claims]

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence, in order (tokens are filled by :meth:`sentence`)."""
        return self._sentences

    def sentence(self, index: int) -> Sentence:
        """Sentence ``index`` with its tokens."""
        s = self._sentences[index]
        if index not in self._tokenised:
            s.tokens = tokenize(self.text, s.start, s.end, self.claims, s.first, s.last)
            s.at = {t.claim: j for j, t in enumerate(s.tokens) if t.claim >= 0}
            from numcheck.read.mentions import insertions

            s.inserts = insertions(s.tokens)
            s.level = [-1] * len(s.tokens)
            for n, (a, b) in enumerate(s.inserts):
                for k in range(a, b + 1):
                    s.level[k] = n
            self._tokenised.add(index)
        return s

    def paragraph_of(self, offset: int) -> int:
        """The index of the paragraph holding ``offset``."""
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def paragraph_sentences(self, paragraph: int) -> range:
        """The indices of the sentences that start in ``paragraph``."""
        lo = self.paragraph_starts[paragraph]
        hi = self.paragraph_starts[paragraph + 1] if paragraph + 1 < len(self.paragraph_starts) else len(self.text) + 1
        starts = self.sentence_starts
        return range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi))


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs start: after blank lines, or after every line break when the
    text has no blank lines between its paragraphs (one paragraph per line)."""
    out = [0]
    if _BLANK_LINE.search(text):
        for m in _BLANK_LINE.finditer(text):
            out.append(m.end())
    else:
        i = text.find("\n")
        while i != -1:
            out.append(i + 1)
            i = text.find("\n", i + 1)
    return out
