"""Kind ``parts_whole``: a breakdown that does not fit the whole it breaks down.

"37 people died, 21 in one province and 19 in another": 21 + 19 = 40 > 37. With "at least
37 people died" the same breakdown is fine, since the whole may be 40.

A whole and its parts are read only from explicit breakdown frames, in one sentence (or the
next one, when it opens with "Of these"/"Of them"):

- ``of the W, A ... and B ...`` ("Of the 37 dead, 21 were ...");
- ``W ..., including/of whom/of which/among them/comprising A ... and B ...``, or a colon
  ("W casualties: A in X, B in Y");
- ``W ..., A in X and B in Y``: the elliptical breakdown, where each part is a bare figure
  followed by a preposition (in/at/on/from/among) and names no noun of its own;
- ``A ... and B ..., bringing the total to W``: the new figures are part of the new total.

Parts must have the whole's kind and unit. Two or more parts are added only when each is
elliptical or names the whole's own subject, because parts that name their own categories
("including 20 children and 15 women") may overlap; a single part bigger than the whole is
wrong whatever it names.

Two checks (param ``check``):

``exceed`` (NC111)
    The parts add up to more than the whole allows (qualifier intervals and rounding from
    :mod:`numcheck.checks.common`).
``exact_sum`` (NC112)
    The breakdown is marked exhaustive ("... and the remaining B", "split between A and B")
    and the parts add up to less than the whole allows, or more (only when NC111 would not
    already report it, i.e. never twice for one breakdown).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Literal

from numcheck.checks._arith import AMOUNT_KINDS, same_measure, same_subject, subject_conflict, usable
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import INF, add, fmt, interval, intersects
from numcheck.model import Claim


class PartsWholeParams(Params):
    """Which relation between a breakdown and its whole a rule checks."""

    check: Literal["exceed", "exact_sum"]
    #: Most words allowed between the whole and the cue that opens its breakdown.
    max_words: int = 6


@dataclass(frozen=True)
class Breakdown:
    """A whole, its parts, the frame that ties them, and whether the list is exhaustive."""

    whole: Claim
    parts: tuple[Claim, ...]
    frame: str
    exhaustive: bool
    additive: bool
    #: "bringing the total to": the parts are new additions, the whole includes earlier ones.
    cumulative: bool = False
    #: The first part is tied to the whole by grammar ("of the W, A", "W, including A"), so it
    #: is a subset of the whole even when it names its own category.
    bound: bool = False


_W = r"[A-Za-z][\w'-]*"
_OF_THE_BEFORE = re.compile(r"(?:^|[,;:]\s*|\b)(?:of|out\s+of)\s+(?:the|these|those|its|their|all)\s+$", re.I)
_OF_THESE_OPEN = re.compile(r"^\s*(?:of|among)\s+(?:these|them|those|the\s+dead|the\s+total)\s*,\s*", re.I)
_INTRO = (r"(?:,\s*|\s+|\s*[:(—–]\s*)(?:including|includ\w+|of\s+whom|of\s+which|of\s+them|among\s+them|"
          r"among\s+whom|comprising|consisting\s+of|made\s+up\s+of|split\s+(?:between|among|into)|"
          r"divided\s+(?:between|among|into)|broken\s+down\s+(?:as|into))\s*:?\s*")
_INTRO_RE = re.compile(r"^(?:\s+%s){0,%%d}?%s(?:(?:some|about|around|nearly|almost|at\s+least|more\s+than|over)\s+)?$" % (_W, _INTRO), re.I)
# The whole's noun must come between it and the colon or comma ("37 casualties: ..."), so
# that clock times and scores ("2:20:51") are never read as breakdowns.
_COLON_RE = re.compile(r"^(?:\s+%s){1,%%d}?\s*:\s+$" % _W, re.I)
_APPOSITION_RE = re.compile(r"^(?:\s+%s){1,%%d}?\s*(?:,|—|–)\s*$" % _W, re.I)
# A figure that is required, planned or expected is not a realised part of anything.
_NOT_REALISED = re.compile(
    r"^(?:\s+[A-Za-z][\w'-]*){0,2}?\s+(?:needed|required|necessary|must|should|would|could|"
    r"to\s+be|planned|expected|proposed|sought)\b", re.I)
_ELLIPTICAL_AFTER = re.compile(r"^\s+(?:in|at|on|from|among)\b", re.I)
# How consecutive parts are joined: a comma, "and", "while", "with", a semicolon.
_JOINER = re.compile(r"^[^\d;.!?]*?(?:,|\band\b|\bwhile\b|\bwith\b|\bplus\b|\bwhereas\b|;)\s*"
                     r"(?:(?:the\s+)?(?:remaining|rest|other|another|a\s+further|further)\s+)?"
                     r"(?:(?:some|about|around|nearly|almost|at\s+least|more\s+than|over)\s+)?$", re.I)
_REMAINDER = re.compile(r"\b(?:remaining|rest|remainder|other)\s*(?:of\s+(?:them|the\s+\w+)\s*)?$", re.I)
_BRINGING = re.compile(r",?\s*(?:bringing|taking|raising|pushing)\s+(?:the\s+)?(?:total|toll|tally|number|count|death\s+toll|overall\s+\w+|\w+\s+total)\s+(?:\w+\s+){0,2}?to\s+(?:(?:some|about|around|nearly|almost|at\s+least|more\s+than|over)\s+)?$", re.I)
# A word right before a figure that makes it a modifier of something else, not a list item.
_PREP_BEFORE = re.compile(r"\b(?:in|at|on|of|for|by|to|from|over|under|than|about|per|since|after|before|within|across|aged|age|No\.?)\s+$", re.I)


def _amount(c: Claim) -> bool:
    return c.kind in AMOUNT_KINDS and usable(c)


# A figure followed directly by a preposition, an auxiliary or a past-tense verb names no noun
# of its own ("21 in one province", "21 were found", "30 reopened"): it counts the whole's
# subject. Past participles that themselves name a category ("21 injured") are excluded.
_NO_NOUN_AFTER = re.compile(
    r"^\s+(?:in|at|on|from|among|of\s+them|of\s+whom|were|was|are|is|had|have|has|will|would|"
    r"(?!(?:injured|wounded|killed|missing|arrested|detained|displaced|infected|hospitali[sz]ed|"
    r"evacuated|rescued|recovered|confirmed|suspected|registered|elected)\b)[a-z]+ed)\b")


# a place named right after a figure: "4,300 jobs in France", "21 injured in Davao del Sur"
_OWN_PLACE = re.compile(r"\b(?:in|at|from|across)\s+(?:the\s+)?[A-Z]")


def _elliptical(dc: DocClaims, part: Claim, whole: Claim) -> bool:
    """A part that names no category of its own (or the whole's), so parts may be added."""
    if part.subject is None or same_subject(part, whole):
        return True
    return bool(_NO_NOUN_AFTER.match(dc.text[part.end:part.end + 30]))


def _collect_parts(dc: DocClaims, claims: list[Claim], k: int, whole: Claim,
                   limit: int | None = None) -> list[Claim]:
    """Parts of ``whole`` starting at ``claims[k]``, joined by commas/"and", same measure."""
    parts = [claims[k]]
    j = k + 1
    while j < len(claims) and (limit is None or claims[j].start < limit):
        c = claims[j]
        if not same_measure(c, whole):
            break
        gap = dc.text[parts[-1].end:c.start]
        if not _JOINER.match(gap) or len(gap) > 80:
            break
        if _PREP_BEFORE.search(gap[-12:]) and not _REMAINDER.search(gap):
            break
        parts.append(c)
        j += 1
    return parts


def _breakdowns(dc: DocClaims, params: PartsWholeParams) -> Iterator[Breakdown]:
    text = dc.text
    by_sentence = dc.by_sentence()
    intro = re.compile(_INTRO_RE.pattern % params.max_words, re.I)
    colon = re.compile(_COLON_RE.pattern % params.max_words, re.I)
    apposition = re.compile(_APPOSITION_RE.pattern % params.max_words, re.I)
    for sent, raw in sorted(by_sentence.items()):
        # dates and times between the figures ("30 reopened on Monday and 25 ...") are part of
        # the prose of a breakdown, not items of it; the joiner regex still sees their text
        claims = sorted((c for c in raw if c.kind in AMOUNT_KINDS), key=lambda c: c.start)
        s0, _ = dc.sentence_span(sent) if dc.sentence_starts else (0, len(text))
        for i, whole in enumerate(claims):
            if not _amount(whole) or i + 1 >= len(claims):
                continue
            nxt = claims[i + 1]
            if not same_measure(nxt, whole):
                continue
            gap = text[whole.end:nxt.start]
            pre = text[max(s0, whole.start - 25):whole.start]
            if _OF_THE_BEFORE.search(pre) and re.match(r"^(?:\s+%s){0,%d}\s*,\s*$" % (_W, params.max_words), gap):
                parts = _collect_parts(dc, claims, i + 1, whole)
                yield _make(dc, whole, parts, "of the whole, parts")
            elif intro.match(gap):
                parts = _collect_parts(dc, claims, i + 1, whole)
                frame = "whole, " + re.sub(r"\s+", " ", gap.strip(" ,:(—–")).split(" ")[-1]
                split = bool(re.search(r"split|divided|broken", gap, re.I))
                yield _make(dc, whole, parts, frame, force_exhaustive=split)
            elif colon.match(gap):
                parts = _collect_parts(dc, claims, i + 1, whole)
                if len(parts) >= 2:
                    yield _make(dc, whole, parts, "whole: parts", bound=False)
            elif apposition.match(gap) and _ELLIPTICAL_AFTER.match(text[nxt.end:nxt.end + 8]) \
                    and not _OWN_PLACE.search(gap):
                # "21 injured in Davao, 36 in Cotabato, ...": a first figure with a place of its
                # own heads a parallel list of places, it is not their total
                parts = _collect_parts(dc, claims, i + 1, whole)
                parts = [p for p in parts if p.subject is None]
                if len(parts) >= 2 and all(_ELLIPTICAL_AFTER.match(text[p.end:p.end + 8]) for p in parts):
                    yield _make(dc, whole, parts, "whole, parts by place", bound=False)
        # "A and B ..., bringing the total to W"
        for i, whole in enumerate(claims):
            if not _amount(whole) or i == 0:
                continue
            prev = claims[i - 1]
            seg = text[prev.end:whole.start]
            m = _BRINGING.search(seg)
            if not m or not same_measure(prev, whole):
                continue
            # the parts run backwards from the cue, joined by commas/"and"
            parts = [prev]
            j = i - 2
            while j >= 0 and same_measure(claims[j], whole):
                if not _JOINER.match(text[claims[j].end:parts[0].start]):
                    break
                parts.insert(0, claims[j])
                j -= 1
            if subject_conflict(prev, whole) and not same_subject(prev, whole):
                continue
            yield Breakdown(whole, tuple(parts), "parts, bringing the total to whole",
                            exhaustive=False,
                            additive=all(_elliptical(dc, p, whole) for p in parts),
                            cumulative=True)
        # "... W .... Of these, A ... and B ..." across a sentence boundary
        if claims and sent > 0 and _OF_THESE_OPEN.match(text[s0:claims[0].start]):
            prev_amounts = [c for c in by_sentence.get(sent - 1, []) if _amount(c)]
            if len(prev_amounts) == 1 and same_measure(prev_amounts[0], claims[0]):
                whole = prev_amounts[0]
                parts = _collect_parts(dc, claims, 0, whole)
                yield _make(dc, whole, parts, "whole. Of these, parts")


def _make(dc: DocClaims, whole: Claim, parts: list[Claim], frame: str,
          force_exhaustive: bool = False, bound: bool = True) -> Breakdown:
    parts = [p for p in parts if not _NOT_REALISED.match(dc.text[p.end:p.end + 40])]
    if not parts:
        return Breakdown(whole, (), frame, False, False)
    last_gap = dc.text[max(whole.end, parts[-1].start - 30):parts[-1].start] if len(parts) > 1 else ""
    exhaustive = force_exhaustive or (len(parts) > 1 and bool(_REMAINDER.search(last_gap)))
    additive = all(_elliptical(dc, p, whole) for p in parts)
    return Breakdown(whole, tuple(parts), frame, exhaustive, additive, bound=bound)


def _sum(parts: Iterable[Claim]) -> tuple[float, float]:
    return add(*[interval(p) for p in parts])


def run(documents: Iterable[DocClaims], params: PartsWholeParams) -> Iterator[Finding]:
    """Yield a finding for each breakdown that cannot fit its whole."""
    for dc in documents:
        seen: set[tuple[int, ...]] = set()
        for bd in _breakdowns(dc, params):
            key = (bd.whole.start,) + tuple(p.start for p in bd.parts)
            if key in seen or not bd.parts:
                continue
            seen.add(key)
            finding = _check(dc, bd, params)
            if finding is not None:
                yield finding


def _check(dc: DocClaims, bd: Breakdown, params: PartsWholeParams) -> Finding | None:
    whole_iv = interval(bd.whole)
    parts = [p for p in bd.parts if _elliptical(dc, p, bd.whole)] if bd.additive else []
    if params.check == "exceed":
        # any single part bigger than the whole, else the sum of additive parts
        singles = [p for p in bd.parts if _elliptical(dc, p, bd.whole)]
        if bd.bound and bd.parts[0] not in singles:
            singles.insert(0, bd.parts[0])
        if bd.cumulative:
            # every figure that brought the total there is an addition to it
            singles = list(bd.parts)
            named = {p.subject.lower() for p in bd.parts if p.subject}
            parts = list(bd.parts) if len(named) <= 1 and not any(
                subject_conflict(p, bd.whole) for p in bd.parts) else []
        for p in singles:
            if interval(p)[0] > whole_iv[1] + 1e-9:
                return _finding(dc, bd, [p], interval(p), "exceed")
        if len(parts) >= 2:
            total = _sum(parts)
            if total[0] > whole_iv[1] + 1e-9:
                return _finding(dc, bd, parts, total, "exceed")
        return None
    # exact_sum: only an exhaustive, additive breakdown, and never what "exceed" reports
    if not bd.exhaustive or bd.cumulative or len(parts) < 2:
        return None
    total = _sum(parts)
    if total[0] > whole_iv[1] + 1e-9:
        return None
    if intersects(total, whole_iv):
        return None
    return _finding(dc, bd, parts, total, "short")


def _finding(dc: DocClaims, bd: Breakdown, parts: list[Claim], total: tuple[float, float],
             how: str) -> Finding:
    whole = bd.whole
    wlo, whi = interval(whole)
    plus = " + ".join(p.text for p in parts)
    value_sum = sum(p.value for p in parts)
    if how == "exceed":
        allows = f"at most {fmt(whi)}" if math.isfinite(whi) else "any number"
        relation = f"which is more than {whole.text!r} allows ({allows})"
    else:
        relation = (f"but the breakdown is given as complete and {whole.text!r} allows "
                    f"{fmt(wlo)}" + (f"–{fmt(whi)}" if whi != wlo else ""))
    sum_text = f"{plus} = {fmt(value_sum)}" if len(parts) > 1 else f"{plus}"
    if total[0] != value_sum and len(parts) > 1:
        sum_text += f" (at least {fmt(total[0])})"
    computation = f"{sum_text}, {relation}"
    if bd.cumulative:
        computation += "; the total brought about must include the figures that brought it"
    return Finding(
        primary=Involved(dc.doc, whole, "whole"),
        evidence=tuple(Involved(dc.doc, p, "part") for p in parts),
        values={"whole": whole.text, "parts": plus, "sum": value_sum, "frame": bd.frame},
        computation=computation,
    )


KIND = KindSpec(
    name="parts_whole",
    params=PartsWholeParams,
    run=run,
    scope="document",
    description="Parts of a breakdown exceed, or (when complete) fail to add up to, their whole.",
)
