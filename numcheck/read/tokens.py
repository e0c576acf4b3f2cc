"""Tokens of one sentence, each with a coarse part of speech, and figures as single tokens.

The reading layer works on these instead of on raw text: every claim becomes one token whose
``claim`` is its index, so that "about 1,850 more people" is ``NUM more people`` and readers
can look at the word after a figure without re-parsing it. Tags are looked up, not guessed by a
statistical tagger: closed-class words from the tables here, open-class words from the lexicon
(:mod:`numcheck.read.lexicon`), capitalised words inside a sentence as names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from numcheck.read import lexicon

__all__ = ["Token", "tokenize", "CLOSED", "AMOUNT_KINDS", "TIME_KINDS"]

#: Claim kinds that carry an amount (the arithmetic kinds work on these).
AMOUNT_KINDS = frozenset({"count", "quantity", "money", "percent", "range"})
#: Claim kinds that place something in time.
TIME_KINDS = frozenset({"date", "year", "time"})

_WORDS = {
    "DET": "the a an this these those its their his her our your my each every both all some any "
           "no another either neither such whose",
    "PREP": "of in on at to for from with by over under into onto across between among amongst "
            "through throughout during after before since until till against about around near "
            "per via within without towards toward than like beyond behind above below along "
            "outside inside upon despite amid amidst beside besides including excluding except "
            "off out up down past ahead alongside",
    "CONJ": "and or but nor plus yet whereas while",
    "SUB": "who whom which that where when whether if because although though unless once whereby",
    "PRON": "he she it they we i you him them us me himself herself itself themselves hers theirs "
            "ours mine one ones",
    "AUX": "is are was were be been being am has have had having do does did",
    "MOD": "will would can could may might shall should must",
    "NEG": "not never n't",
    "ADV": "also still already just only even now then again ago later earlier so too very more "
           "most less least almost nearly about around roughly approximately some rather further "
           "respectively instead together altogether apiece each",
}
#: Closed-class word → tag (a word listed in several classes keeps the first class above).
CLOSED: dict[str, str] = {}
for _tag, _ws in _WORDS.items():
    for _w in _ws.split():
        CLOSED.setdefault(_w, _tag)

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’\u00c0-\u024f]*(?:-[A-Za-z\u00c0-\u024f][\w'’]*)*|\d+|\S")
_OPEN_TAGS = {"N": "NOUN", "S": "NOUN", "V": "VERB", "Z": "VERB", "D": "VERB", "P": "VERB",
              "G": "VERB", "J": "ADJ", "R": "ADV"}
_QUOTES = frozenset('"“”‘’\'')
_DASHES = frozenset("—–-")


@dataclass(slots=True)
class Token:
    """One token: its span, its lower-cased text and its coarse tag.

    Tags: NUM (an amount claim), TIME (a date, year or clock time), DUR (a duration), AGE,
    ORD (an ordinal); DET, PREP, CONJ, SUB, PRON, AUX, MOD, NEG, ADV; VERB, NOUN, ADJ (from the
    lexicon); NAME (a capitalised word inside the sentence, or an unknown capitalised word);
    PUNCT, QUOTE, DASH. ``claim`` is the claim's index for figure tokens, else -1; ``lex`` the
    lexicon's fine class ("D" past tense, "P" participle, "S" plural noun...).
    """

    start: int
    end: int
    low: str
    tag: str
    claim: int = -1
    lex: str = ""
    cap: bool = False


def _claim_tag(kind: str) -> str:
    if kind in AMOUNT_KINDS:
        return "NUM"
    if kind in TIME_KINDS:
        return "TIME"
    if kind == "duration":
        return "DUR"
    if kind == "age":
        return "AGE"
    return "ORD"


def tokenize(text: str, start: int, end: int, claims, first: int, last: int) -> list[Token]:
    """The tokens of ``text[start:end]``; ``claims[first:last]`` are the claims inside it, in
    order, each of which becomes one token."""
    out: list[Token] = []
    append = out.append
    pos = start
    k = first
    table = lexicon.tag
    closed = CLOSED
    words = _WORDS_SEEN
    while pos < end:
        next_claim = claims[k].start if k < last else end
        if next_claim <= pos and k < last:
            c = claims[k]
            append(Token(c.start, c.end, text[c.start:c.end].lower(), _claim_tag(c.kind), k))
            pos = max(pos, c.end)
            k += 1
            continue
        seg_end = min(next_claim, end)
        for m in _TOKEN.finditer(text, pos, seg_end):
            w = m.group(0)
            info = words.get(w)
            if info is None:
                info = _word_info(w, closed, table)
                if len(words) > _WORD_CACHE_SIZE:
                    words.clear()  # bounded: memory stays flat over a whole archive
                words[w] = info
            low, form, tag, lex, cap = info
            s = m.start()
            if form == 0:
                if lex is not None:
                    if cap and (out and out[-1].tag not in ("QUOTE",) and not _sentence_start(text, s)
                                or not lex):
                        tag = "NAME"
                    elif tag != "VERB" and not cap and out and (out[-1].tag == "MOD" or (
                            out[-1].tag in ("ADV", "NEG") and len(out) > 1 and out[-2].tag == "MOD")):
                        tag = "VERB"  # "will open", "would not close": after a modal, a verb
                    elif not lex and not cap and low.endswith("ed") and len(low) > 4 and out and out[-1].tag == "AUX":
                        tag, lex = "VERB", "P"  # "was mothballed": a participle the lexicon lacks
                else:
                    lex = ""
                append(Token(s, m.end(), low, tag, -1, lex, cap))
            else:
                append(Token(s, m.end(), low, tag, -1))
        pos = seg_end
    return out


#: What a token's text alone says about it (its context decides NAME and VERB after a modal),
#: kept across sentences and documents: most words of a text have been seen before.
_WORDS_SEEN: dict[str, tuple] = {}
_WORD_CACHE_SIZE = 200_000


def _word_info(w: str, closed, table) -> tuple:
    """``(low, form, tag, lex, cap)`` of a token's text; form 0 is a word, whose ``lex`` is None
    for a closed-class word (no context rule applies to it)."""
    if w[0].isalpha():
        low = w.lower().replace("’", "'")
        cap = w[0].isupper()
        tag = closed.get(low)
        if tag is not None:
            return low, 0, tag, None, cap
        lex = table(low)
        if not lex and "-" in low:
            lex = table(low.rsplit("-", 1)[-1])
        return low, 0, _OPEN_TAGS.get(lex, "NOUN"), lex, cap
    low = w.lower().replace("’", "'")
    if w.isdigit():
        return low, 1, "NUM", "", False
    if w in _QUOTES:
        return w, 2, "QUOTE", "", False
    if w in _DASHES:
        return w, 3, "DASH", "", False
    return w, 4, "PUNCT", "", False


def _sentence_start(text: str, s: int) -> bool:
    """True when only spaces, quotes or brackets stand between ``s`` and a sentence or line start."""
    i = s - 1
    while i >= 0 and text[i] in " \t\u00a0\"“‘'([":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;—–"
