"""Kind ``percent``: percentages that contradict the figures they are computed from.

One kind, three checks (param ``check``), each reading only explicit, sentence-local frames:

``share_of_base`` (NC201)
    A count, its base and its share stated together: "600 of the 2,000 members (35%)",
    "35% (600 of 2,000)", "600 people, or 35% of the 2,000 residents". The share computed
    from the count and base must fall inside the stated percentage's interval.

``shares_sum`` (NC202)
    Shares that explicitly partition one whole add up to more than 100%. Only a sentence
    whose last share is marked as the remainder ("... and the remaining 30%", "the rest,
    30%") is read as a partition; shares of different bases ("40% of men, 35% of women"),
    nested shares ("55% ..., and 60% of those"), percentage changes, percentage points and
    multi-select survey answers are left alone. Each whole-number share is good to ±0.5 points,
    so three shares may sum to 101.5% before anything is said.

``change`` (NC203)
    A percentage change stated with its start and end values: "rose 25%, from 80 to 120"
    (+50%). The direction word counts ("fell 25% from 80 to 120" is wrong twice over). When
    the start and end values are themselves percentages, the change may be read as relative
    (%) or as percentage points, unless the text says "points", which allows only the
    difference.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Iterator, Literal

from numcheck.checks._arith import AMOUNT_KINDS, same_measure, usable
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import INF, fmt, interval, intersects
from numcheck.model import Claim


class PercentParams(Params):
    """Which percentage relation a rule checks."""

    check: Literal["share_of_base", "shares_sum", "change"]
    #: Longest run of words allowed between the base and its percentage ("of 2,000 members (35%)").
    max_words: int = 4


# ---- shared readings ---------------------------------------------------------------------

_POINTS_AFTER = re.compile(r"^\s*(?:percentage\s+|percent(?:age)?\s+|per\s+cent\s+)?(?:points?|pts?\.?|pp)\b", re.I)
_HEDGE = (r"(?:about|around|approximately|roughly|nearly|almost|some|just\s+over|just\s+under|"
          r"over|under|more\s+than|less\s+than|fewer\s+than|close\s+to|an\s+estimated|only|just)")


def _is_percent(c: Claim) -> bool:
    return c.kind == "percent" and usable(c)


def _is_points(dc: DocClaims, c: Claim) -> bool:
    """True when a percentage is written in percentage points."""
    if re.search(r"\bpoints?\b|\bpp\b", c.text, re.I) or (c.unit or "").lower().endswith("point"):
        return True
    return bool(_POINTS_AFTER.match(dc.text[c.end:c.end + 30]))


def _pct_interval(c: Claim) -> tuple[float, float]:
    return interval(c)


def _sentence_claims(dc: DocClaims) -> Iterator[list[Claim]]:
    for _, claims in sorted(dc.by_sentence().items()):
        yield sorted(claims, key=lambda c: c.start)


def _iv(iv: tuple[float, float], digits: int = 1) -> str:
    lo, hi = iv
    if math.isinf(hi):
        return f"≥ {lo:.{digits}f}%"
    if abs(hi - lo) < 10 ** -(digits + 1):
        return f"{lo:.{digits}f}%"
    return f"{lo:.{digits}f}–{hi:.{digits}f}%"


# ---- NC201: share of a base ---------------------------------------------------------------

_OF = re.compile(r"^\s+(?:out\s+of|of)\s+(?:(?:the|all|a\s+total\s+of|its|their|his|her|some)\s+)?$", re.I)
_TAIL_TO_PCT = r"^(?:\s+[A-Za-z][\w'-]*){0,%d}?\s*(?:\(|,\s*or\s+|\s+or\s+|\s*[—–]\s*)\s*(?:%s\s+)?$"
_PCT_THEN_OF = re.compile(r"^\s+of\s+(?:(?:the|all|a\s+total\s+of|its|their|some)\s+)?$", re.I)
_PCT_TO_COUNT = r"^\s*(?:\(|,\s*or\s+|\s+or\s+|\s*[—–]\s*)\s*(?:%s\s+)?$"
_BASE_TAIL_TO_COUNT = r"^(?:\s+[A-Za-z][\w'-]*){0,%d}?\s*(?:\(|,\s*or\s+|\s+or\s+|\s*[—–]\s*)\s*(?:%s\s+)?$"
_COUNT_TO_PCT_OF = r"^(?:\s+[A-Za-z][\w'-]*){0,%d}?\s*(?:,\s*or\s+|\s+or\s+|\(|\s*[—–]\s*)\s*(?:%s\s+)?$"
# A percentage that opens a nested or comparative reading rather than restating the share.
_NOT_SHARE_AFTER = re.compile(
    r"^\s*(?:of\s+(?:whom|them|those|these|which)|more|less|fewer|higher|lower|up|down|"
    r"increase|decrease|rise|drop|fall|gain|loss|growth|points?|percentage\s+points?)\b", re.I)


def _share_triples(dc: DocClaims, claims: list[Claim], max_words: int):
    """Yield (count, base, percent) triples written in one of the share frames."""
    tail = re.compile(_TAIL_TO_PCT % (max_words, _HEDGE), re.I)
    pct_to_count = re.compile(_PCT_TO_COUNT % _HEDGE, re.I)
    base_tail = re.compile(_BASE_TAIL_TO_COUNT % (max_words, _HEDGE), re.I)
    count_to_pct = re.compile(_COUNT_TO_PCT_OF % (max_words, _HEDGE), re.I)
    text = dc.text
    n = len(claims)
    for i in range(n):
        a = claims[i]
        # "A of B ... (P%)" and "P% (A of B)"
        if i + 1 < n and a.kind in AMOUNT_KINDS and usable(a):
            b = claims[i + 1]
            if same_measure(a, b) and _OF.match(text[a.end:b.start]):
                if i + 2 < n and _is_percent(claims[i + 2]):
                    p = claims[i + 2]
                    if tail.match(text[b.end:p.start]) and not _NOT_SHARE_AFTER.match(text[p.end:p.end + 25]):
                        yield a, b, p, "count of base (share)"
                if i >= 1 and _is_percent(claims[i - 1]):
                    p = claims[i - 1]
                    if pct_to_count.match(text[p.end:a.start]) and not _is_points(dc, p):
                        yield a, b, p, "share (count of base)"
        # "A ..., or P% of the B"
        if i + 2 < n and a.kind in AMOUNT_KINDS and usable(a) and _is_percent(claims[i + 1]):
            p, b = claims[i + 1], claims[i + 2]
            if (same_measure(a, b) and count_to_pct.match(text[a.end:p.start])
                    and _PCT_THEN_OF.match(text[p.end:b.start]) and not _is_points(dc, p)):
                yield a, b, p, "count, or share of base"
        # "P% of the B ..., or A"
        if i + 2 < n and _is_percent(a):
            b, c = claims[i + 1], claims[i + 2]
            if (same_measure(c, b) and _PCT_THEN_OF.match(text[a.end:b.start])
                    and base_tail.match(text[b.end:c.start]) and not _is_points(dc, a)
                    and not re.match(r"^\s*(?:of\s+(?:whom|them|those|these|which))", text[c.end:c.end + 20])):
                yield c, b, a, "share of base, or count"


def _share_of_base(dc: DocClaims, params: PercentParams) -> Iterator[Finding]:
    for claims in _sentence_claims(dc):
        for a, b, p, frame in _share_triples(dc, claims, params.max_words):
            if _is_points(dc, p):
                continue
            a_lo, a_hi = interval(a)
            b_lo, b_hi = interval(b)
            if b_lo <= 0 or a_lo > b_hi:
                # "A of B" with A beyond B is not a share (and is another rule's business)
                continue
            computed = (100.0 * a_lo / b_hi, 100.0 * a_hi / b_lo if math.isfinite(a_hi) else INF)
            stated = _pct_interval(p)
            if intersects(computed, stated):
                continue
            exact = 100.0 * a.value / b.value
            computation = (f"{a.text} / {b.text} = {exact:.1f}%"
                           + (f" (any reading: {_iv(computed)})" if computed[0] != computed[1] else "")
                           + f", but the text says {p.text}")
            yield Finding(
                primary=Involved(dc.doc, p, "share"),
                evidence=(Involved(dc.doc, a, "count"), Involved(dc.doc, b, "base")),
                values={"count": a.text, "base": b.text, "stated": p.text,
                        "computed": f"{exact:.1f}%", "frame": frame},
                computation=computation,
            )


# ---- NC202: shares of one whole -----------------------------------------------------------

_REMAINDER_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:remaining|rest|remainder|other)\b[\w\s,]{0,12}$", re.I)
_REMAINDER_AFTER = re.compile(r"^\s*(?:were|was|are|is)?\s*(?:the\s+)?(?:rest|remainder)\b", re.I)
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|increased?|increases|grew|grow[sn]?|jumped|climbed|gained|surged|"
    r"soared|up|fell|fallen|falls?|dropped|drops?|declined?|decreased?|down|slumped|plunged|"
    r"shrank|cut|lost|dipped|slid|by|than|margin|to|from|between)\s+(?:%s\s+)?$" % _HEDGE, re.I)
_NESTED_AFTER = re.compile(r"^\s+of\s+(?:whom|them|those|these|which|the\s+latter|the\s+former)\b", re.I)
_OF_BASE_AFTER = re.compile(r"^\s+of\s+((?:the\s+|all\s+)?[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*)?)", re.I)
_MULTI_SELECT = re.compile(
    r"more\s+than\s+one\s+(?:answer|option|choice|response)|multiple\s+(?:answers|choices|responses)|"
    r"could\s+(?:choose|select|pick|name)|respondents\s+could|each\s+respondent", re.I)


def _shares_sum(dc: DocClaims, params: PercentParams) -> Iterator[Finding]:
    text = dc.text
    for claims in _sentence_claims(dc):
        shares = [c for c in claims if _is_percent(c) and c.kind != "range"]
        if len(shares) < 2:
            continue
        s0, s1 = dc.sentence_span(claims[0].sentence) if dc.sentence_starts else (0, len(text))
        if _MULTI_SELECT.search(text[s0:s1]):
            continue
        kept: list[Claim] = []
        for c in shares:
            pre = text[max(s0, c.start - 40):c.start]
            post = text[c.end:c.end + 40]
            if _is_points(dc, c) or _CHANGE_BEFORE.search(pre) or _NESTED_AFTER.match(post):
                kept = []
                break
            kept.append(c)
        if len(kept) < 2:
            continue
        last = kept[-1]
        cued = (_REMAINDER_BEFORE.search(text[max(s0, last.start - 30):last.start])
                or _REMAINDER_AFTER.match(text[last.end:last.end + 30]))
        if not cued:
            continue
        bases = {m.group(1).lower() for c in kept
                 if (m := _OF_BASE_AFTER.match(text[c.end:c.end + 40]))}
        if len(bases) > 1:
            continue
        ivs = [_pct_interval(c) for c in kept]
        low = sum(iv[0] for iv in ivs)
        if low <= 100.0 + 1e-9:
            continue
        total = sum(c.value for c in kept)
        computation = (" + ".join(c.text for c in kept) + f" = {fmt(total)}%"
                       + (f" (at least {low:.1f}% allowing for rounding)" if low != total else "")
                       + f", but shares of one whole add up to at most 100%")
        yield Finding(
            primary=Involved(dc.doc, last, "remainder share"),
            evidence=tuple(Involved(dc.doc, c, "share") for c in kept[:-1]),
            values={"shares": ", ".join(c.text for c in kept), "total": f"{fmt(total)}%"},
            computation=computation,
        )


# ---- NC203: percentage change vs from/to --------------------------------------------------

_UP = ("rose|risen|rise|rises|rising|increased|increase|increases|increasing|grew|grown|grow|"
       "grows|growing|jumped|jump|jumps|climbed|climb|climbs|gained|gain|gains|surged|surge|"
       "soared|soar|up|boosted|raised|higher|more|expanded|added")
_DOWN = ("fell|fallen|fall|falls|falling|dropped|drop|drops|declined|decline|declines|decreased|"
         "decrease|decreases|down|slumped|plunged|plummeted|shrank|shrunk|cut|cuts|lost|dipped|"
         "slid|tumbled|reduced|reduction|lower|less|fewer|sank")
_CHANGE_VERB_BEFORE = re.compile(r"\b(%s|%s)\s+(?:by\s+)?(?:%s\s+)?(?:a\s+|an\s+)?$" % (_UP, _DOWN, _HEDGE), re.I)
_CHANGE_NOUN_AFTER = re.compile(
    r"^\s*(?:-\s*)?(increase|rise|jump|gain|growth|surge|hike|climb|drop|fall|decline|decrease|"
    r"cut|reduction|slump|plunge|dip|loss)\b", re.I)
_CHANGE_NOUN_BEFORE = re.compile(
    r"\b(increase|rise|jump|gain|growth|surge|hike|climb|drop|fall|decline|decrease|cut|"
    r"reduction|slump|plunge|dip|loss)\s+of\s+(?:%s\s+)?$" % _HEDGE, re.I)
_UP_WORDS = frozenset(_UP.split("|")) | {"hike", "growth"}
_FROM = re.compile(r"\bfrom\s+(?:(?:a|an|the)\s+(?:low|high|total|level|peak)\s+of\s+)?(?:%s\s+)?$" % _HEDGE, re.I)
_TO = re.compile(r"^(?:\s+[A-Za-z][\w'-]*){0,3}?\s*,?\s+to\s+(?:(?:a|an|the)\s+(?:record|new|low|high|total|peak)(?:\s+\w+)?\s+of\s+|a\s+record\s+)?(?:%s\s+)?$" % _HEDGE, re.I)
_TO_BEFORE = re.compile(r"\bto\s+(?:(?:a|an|the)\s+(?:record|new|low|high|total|peak)(?:\s+\w+)?\s+of\s+|a\s+record\s+)?(?:%s\s+)?$" % _HEDGE, re.I)
_FROM_AFTER = re.compile(r"^(?:\s+[A-Za-z][\w'-]*){0,3}?\s*,?\s+from\s+(?:(?:a|an|the)\s+(?:low|high|total|level|peak)\s+of\s+)?(?:%s\s+)?$" % _HEDGE, re.I)


def _direction(dc: DocClaims, p: Claim) -> int | None:
    """+1 for a rise, -1 for a fall, None when the percentage is not stated as a change."""
    pre = dc.text[max(0, p.start - 40):p.start]
    post = dc.text[p.end:p.end + 30]
    for m in (_CHANGE_VERB_BEFORE.search(pre), _CHANGE_NOUN_AFTER.match(post),
              _CHANGE_NOUN_BEFORE.search(pre)):
        if m:
            return 1 if m.group(1).lower() in _UP_WORDS else -1
    return None


def _from_to_pairs(dc: DocClaims, claims: list[Claim]):
    """Yield (start, end) claim pairs written "from A to B" or "to B from A"."""
    text = dc.text
    for i in range(len(claims) - 1):
        a, b = claims[i], claims[i + 1]
        if not (_amount_or_percent(a) and _amount_or_percent(b)):
            continue
        if a.kind != b.kind or (a.kind != "percent" and not same_measure(a, b)):
            continue
        s0 = dc.sentence_span(a.sentence)[0] if dc.sentence_starts else 0
        pre = text[max(s0, a.start - 40):a.start]
        gap = text[a.end:b.start]
        if _FROM.search(pre) and _TO.match(gap):
            yield a, b
        elif _TO_BEFORE.search(pre) and _FROM_AFTER.match(gap):
            yield b, a


def _amount_or_percent(c: Claim) -> bool:
    return usable(c) and (c.kind in AMOUNT_KINDS or c.kind == "percent")


def _change(dc: DocClaims, params: PercentParams) -> Iterator[Finding]:
    text = dc.text
    for claims in _sentence_claims(dc):
        pairs = list(_from_to_pairs(dc, claims))
        if not pairs:
            continue
        used = {id(x) for pair in pairs for x in pair}
        for p in claims:
            if not _is_percent(p) or id(p) in used:
                continue
            direction = _direction(dc, p)
            if direction is None:
                continue
            pair = _nearest_pair(p, pairs, claims, text)
            if pair is None:
                continue
            start, end = pair
            finding = _check_change(dc, p, direction, start, end)
            if finding is not None:
                yield finding


def _nearest_pair(p: Claim, pairs, claims: list[Claim], text: str):
    """The from/to pair that the change ``p`` describes: adjacent, with no other figure between."""
    best = None
    for start, end in pairs:
        first, last = (start, end) if start.start < end.start else (end, start)
        if last.end <= p.start:
            gap = text[last.end:p.start]
        elif first.start >= p.end:
            gap = text[p.end:first.start]
        else:
            continue
        # the change and its values form one phrase: a few words at most, no second clause
        if (len(re.findall(r"[A-Za-z]+", gap)) > 5 or len(gap) > 50
                or re.search(r"[;:]|\b(?:and|but|while|whereas|compared|against|versus)\b", gap, re.I)):
            continue
        lo, hi = min(p.start, first.start), max(p.end, last.end)
        others = [c for c in claims if lo <= c.start < hi and c not in (p, start, end)
                  and c.kind in AMOUNT_KINDS | {"percent"}]
        if others:
            continue
        if best is None or len(gap) < best[0]:
            best = (len(gap), (start, end))
    return best[1] if best else None


def _check_change(dc: DocClaims, p: Claim, direction: int, start: Claim, end: Claim) -> Finding | None:
    a_lo, a_hi = interval(start)
    b_lo, b_hi = interval(end)
    if a_lo <= 0 or not all(math.isfinite(x) for x in (a_hi, b_hi)):
        return None
    p_lo, p_hi = _pct_interval(p)
    stated = (p_lo, p_hi) if direction > 0 else (-p_hi, -p_lo)
    points = _is_points(dc, p)
    readings = []
    if not points:
        readings.append(("relative", (100.0 * (b_lo / a_hi - 1), 100.0 * (b_hi / a_lo - 1))))
    if start.kind == "percent":
        readings.append(("points", (b_lo - a_hi, b_hi - a_lo)))
    if not readings or any(intersects(iv, stated) for _, iv in readings):
        return None
    exact_rel = 100.0 * (end.value / start.value - 1)
    word = "rise" if direction > 0 else "fall"
    if points:
        diff = end.value - start.value
        computation = (f"{end.text} − {start.text} = {diff:+.1f} points, "
                       f"but the text says a {word} of {p.text}")
    else:
        computation = (f"({end.text} − {start.text}) / {start.text} = {exact_rel:+.1f}%, "
                       f"but the text says a {word} of {p.text}")
        if start.kind == "percent":
            computation += f" (and the difference is {end.value - start.value:+.1f} points)"
    return Finding(
        primary=Involved(dc.doc, p, "stated change"),
        evidence=(Involved(dc.doc, start, "from"), Involved(dc.doc, end, "to")),
        values={"stated": p.text, "start": start.text, "end": end.text,
                "computed": f"{exact_rel:+.1f}%", "direction": word},
        computation=computation,
    )


_CHECKS = {"share_of_base": _share_of_base, "shares_sum": _shares_sum, "change": _change}


def run(documents: Iterable[DocClaims], params: PercentParams) -> Iterator[Finding]:
    """Run the percentage check named by ``params.check`` over each document."""
    check = _CHECKS[params.check]
    for dc in documents:
        yield from check(dc, params)


KIND = KindSpec(
    name="percent",
    params=PercentParams,
    run=run,
    scope="document",
    description="Percentages that contradict the counts, bases or start and end values they come from.",
)
