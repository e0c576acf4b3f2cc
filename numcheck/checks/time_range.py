"""Kind ``time_range``: a clock-time range that does not last as long as the duration stated for it.

"The two-hour meeting ran from 10 a.m. to 1 p.m.": 10 a.m. to 1 p.m. is three hours.

A range is two clock times joined by "from … to/until", "between … and" or a dash, in one
sentence. The duration must belong to that range: it stands within ``max_gap_words`` words of it,
in the same clause (no sentence punctuation, semicolon or coordinating conjunction between),
and it is not itself an offset ("two hours later", "every 45 minutes"). Ranges whose ends carry
different time zones are skipped.

Tolerance: the range's length is taken modulo a day (a range may cross midnight) and compared
with the duration's qualifier interval (see :mod:`numcheck.checks.common`) widened by half of
the duration's own unit or ``relative_slack`` of its value, whichever is larger, since
"a two-hour meeting" may well have run two and a quarter hours.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, intersects, interval
from numcheck.model import Claim

#: Hours per unit of a duration.
UNIT_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0}

_JOIN = re.compile(r"^\s*(?:to|until|till|through|and|-|–|—)\s*$", re.IGNORECASE)
_OPEN = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_DASH = re.compile(r"^\s*[-–—]\s*$")
_CLAUSE_BREAK = re.compile(r"[.;:!?()]|\b(?:and|but|while|then|whereas|although|or)\b",
                           re.IGNORECASE)
_OFFSET_AFTER = re.compile(
    r"^[\s-]*(?:later|earlier|after|before|ago|late|early|behind|ahead|apart|each|every|per|a\s+day"
    r"|of\s+(?:delay|sleep|overtime|extra))\b",
    re.IGNORECASE,
)
_OFFSET_BEFORE = re.compile(r"\b(?:every|each|per|another|extra|additional|first|last|final)\s+$",
                            re.IGNORECASE)
_ZONE = re.compile(r"\b(?:UTC|GMT|[A-Z]{1,2}[SD]?T|local(?:\s+time)?)\b")


class TimeRangeParams(Params):
    """How close the duration must stand to the range, and how loosely it may be rounded."""

    max_gap_words: int = 6
    relative_slack: float = 0.10


def _ranges(dc: DocClaims, claims: list[Claim]) -> Iterator[tuple[Claim, Claim]]:
    times = [c for c in claims if c.kind == "time" and c.value is not None]
    for a, b in zip(times, times[1:]):
        between = dc.text[a.end:b.start]
        if not _JOIN.match(between):
            continue
        opened = _OPEN.search(dc.text[max(0, a.start - 12):a.start])
        if not opened and not _DASH.match(between):
            continue
        if _zones(dc.text, a) != _zones(dc.text, b) and _zones(dc.text, a) and _zones(dc.text, b):
            continue
        yield a, b


def _zones(text: str, claim: Claim) -> set[str]:
    window = text[claim.start:min(len(text), claim.end + 12)]
    return {m.group().upper() for m in _ZONE.finditer(window)}


def _bound_duration(dc: DocClaims, claims: list[Claim], a: Claim, b: Claim,
                    params: TimeRangeParams) -> Claim | None:
    """The one duration in the range's clause, if exactly one stands close enough."""
    found = []
    for d in claims:
        if d.kind != "duration" or d.value is None or (d.unit or "") not in UNIT_HOURS:
            continue
        if d.end <= a.start:
            gap = dc.text[d.end:a.start]
        elif d.start >= b.end:
            gap = dc.text[b.end:d.start]
        else:
            continue
        if len(gap.split()) > params.max_gap_words or _CLAUSE_BREAK.search(gap):
            continue
        if _OFFSET_AFTER.match(dc.text[d.end:d.end + 24]):
            continue
        if _OFFSET_BEFORE.search(dc.text[max(0, d.start - 16):d.start]):
            continue
        found.append(d)
    return found[0] if len(found) == 1 else None


def run(documents: Iterable[DocClaims], params: TimeRangeParams) -> Iterator[Finding]:
    """Yield one finding per duration that its bound clock-time range cannot last."""
    for dc in documents:
        for claims in dc.by_sentence().values():
            for a, b in _ranges(dc, claims):
                dur = _bound_duration(dc, claims, a, b, params)
                if dur is None or dur.boilerplate:
                    continue
                per = UNIT_HOURS[dur.unit]
                length = (b.value - a.value) % 24.0
                lo, hi = interval(dur)
                slack = max(0.5 * per, params.relative_slack * dur.value * per)
                allowed = (lo * per - slack, hi * per + slack)
                if intersects(allowed, (length, length)):
                    continue
                minutes = round(length * 60)
                computation = (
                    f"{a.text} to {b.text} is {minutes // 60} h {minutes % 60:02d} min "
                    f"({fmt(length / per)} {dur.unit}s); \"{dur.text}\" allows "
                    f"{fmt(allowed[0] / per)}–{fmt(allowed[1] / per)} {dur.unit}s"
                )
                yield Finding(
                    primary=Involved(dc.doc, dur, "duration"),
                    evidence=(Involved(dc.doc, a, "range start"), Involved(dc.doc, b, "range end")),
                    values={"duration_text": dur.text, "start_text": a.text, "end_text": b.text,
                            "length": round(length / per, 2), "unit": dur.unit},
                    computation=computation,
                )


KIND = KindSpec(
    name="time_range",
    params=TimeRangeParams,
    run=run,
    scope="document",
    description="A clock-time range does not last as long as the duration stated for it.",
)
