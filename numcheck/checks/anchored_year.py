"""Kind ``anchored_year``: an explicit year that contradicts a date anchored on the document date.

"Earlier this month, 200 soldiers were freed in a May 7 swap, the fifth such exchange in 2024",
in an article dated May 2025: "earlier this month" pins the swap to May 2025, so "in 2024"
cannot describe the same swap.

To stay quiet on sentences that merely mention two different times ("Earlier this month the
court ruled on a law passed in 2019"), a finding needs all of:

1. a *deictic* anchor in the sentence: a relative expression with no digits of its own
   ("earlier this month", "last week", "yesterday", "on Friday"), resolved against the
   document date;
2. an explicit year in the same sentence bound to the anchored event by one of a closed set of
   frames (param ``frames``):

   - ``ordinal``: an ordinal counts events within the year ("the fifth such exchange in 2024",
     "its third strike of 2023");
   - ``event_phrase``: a month-day date whose year was inferred from the document date heads a
     short noun phrase that the year qualifies, with no clause break in between ("a May 7
     swap in 2024");
3. the anchor's resolved year differs from the explicit year.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, Literal

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.model import Claim


class AnchoredYearParams(Params):
    """Which frames bind a year to the anchored event, and how far apart they may be."""

    frames: tuple[Literal["ordinal", "event_phrase"], ...] = ("ordinal", "event_phrase")
    #: Most words allowed between the ordinal (or the event date) and the year.
    max_words: int = 5


# Between an ordinal and its year: "such exchange in", "swap of", "time so far in".
# (%d is the word budget, filled from params.)
_ORDINAL_GAP = r"\s+(?:such\s+)?(?:[A-Za-z][\w'-]*\s+){0,%d}?(?:in|of|during|so\s+far\s+in)\s+"
# An ordinal that counts events follows a determiner: "the fifth", "its third", "a second".
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|his|her|our|this|a|an)\s+$", re.IGNORECASE)
# Between an inferred month-day date and its year: "swap in", "exchange held in".
_EVENT_GAP = r"\s+(?:[A-Za-z][\w'-]*\s+){1,%d}?(?:in|of|during)\s+"
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")


@lru_cache(maxsize=32)
def _gap(template: str, max_words: int) -> re.Pattern:
    return re.compile(template % max_words)


def _is_deictic(claim: Claim) -> bool:
    """A relative date expression with no digits (its whole value comes from the anchor)."""
    return (
        claim.kind == "date"
        and claim.relative
        and claim.date is not None
        and not any(ch.isdigit() for ch in claim.text)
    )


def _is_inferred_month_day(claim: Claim) -> bool:
    """A month-day date ("May 7") whose year was taken from the document date."""
    return (
        claim.kind == "date"
        and claim.relative
        and claim.date is not None
        and len(claim.date) == 10
        and any(ch.isdigit() for ch in claim.text)
    )


def _year_of(claim: Claim) -> int | None:
    if claim.date and claim.date[:4].isdigit():
        return int(claim.date[:4])
    return None


def run(documents: Iterable[DocClaims], params: AnchoredYearParams) -> Iterator[Finding]:
    """Yield one finding per explicit year contradicted by an anchored date in its sentence."""
    for dc in documents:
        if dc.date is None:
            # nothing is anchored without a document date
            continue
        for sentence_claims in dc.by_sentence().values():
            anchors = [c for c in sentence_claims if _is_deictic(c)]
            if not anchors:
                continue
            years = [c for c in sentence_claims if c.kind == "year" and not c.relative and _year_of(c)]
            for year_claim in years:
                year = _year_of(year_claim)
                frame = _bound_frame(dc.text, year_claim, sentence_claims, params)
                if frame is None:
                    continue
                contradicting = [a for a in anchors if _year_of(a) not in (None, year)]
                if not contradicting:
                    continue
                # inferred dates before the year corroborate the anchor; cite them too
                inferred = [
                    c for c in sentence_claims
                    if _is_inferred_month_day(c) and c.end <= year_claim.start and _year_of(c) != year
                ]
                yield _finding(dc, year_claim, year, contradicting, inferred, frame)


def _bound_frame(text: str, year_claim: Claim, sentence_claims: list[Claim],
                 params: AnchoredYearParams) -> tuple[str, Claim] | None:
    """The frame and the claim that bind ``year_claim`` to the event, if any."""
    # measure the gap up to the year's digits, whether or not the claim's span includes "in"
    digits_at = year_claim.start + next(
        (i for i, ch in enumerate(year_claim.text) if ch.isdigit()), 0)
    for c in reversed([c for c in sentence_claims if c.end <= year_claim.start]):
        between = text[c.end:digits_at]
        if _CLAUSE_BREAK.search(between):
            break
        if "ordinal" in params.frames and c.kind == "ordinal":
            # "the fifth such exchange in", not the adverb in "a law first passed in"
            if _DETERMINER_BEFORE.search(text, 0, c.start) and \
                    _gap(_ORDINAL_GAP, params.max_words).fullmatch(between):
                return "ordinal", c
        if "event_phrase" in params.frames and _is_inferred_month_day(c):
            if _gap(_EVENT_GAP, params.max_words).fullmatch(between):
                return "event_phrase", c
    return None


def _finding(dc: DocClaims, year_claim: Claim, year: int, anchors: list[Claim],
             inferred: list[Claim], frame: tuple[str, Claim]) -> Finding:
    anchor_year = _year_of(anchors[0])
    resolved = [f"\"{a.text}\" → {a.date}" for a in anchors + inferred]
    source = dc.date_source
    date_note = f"document date {dc.date.isoformat()}"
    if dc.date_evidence is not None and dc.date_evidence.doc != dc.doc:
        date_note += f", taken from {dc.date_evidence.doc}"
    elif source == "flag":
        date_note += ", given with --date"
    computation = (
        f"{'; '.join(resolved)} (resolved against the {date_note}); "
        f"{anchor_year} ≠ {year}"
    )
    evidence = [Involved(dc.doc, a, "anchor") for a in anchors]
    evidence += [Involved(dc.doc, c, "anchored date") for c in inferred]
    evidence.append(Involved(dc.doc, frame[1], f"binds the year ({frame[0]})"))
    if dc.date_evidence is not None:
        evidence.append(dc.date_evidence)
    return Finding(
        primary=Involved(dc.doc, year_claim, "year"),
        evidence=tuple(evidence),
        values={
            # years are labels, not quantities: keep them as text so they print without separators
            "year": str(year),
            "year_text": f"\"{year_claim.text}\"",
            "anchors": ", ".join(f"\"{a.text}\"" for a in anchors + inferred),
            "anchor_year": str(anchor_year),
            "document_date": dc.date.isoformat(),
            "frame": frame[0],
        },
        computation=computation,
    )


KIND = KindSpec(
    name="anchored_year",
    params=AnchoredYearParams,
    run=run,
    scope="document",
    description="An explicit year contradicts a date anchored on the document date.",
)
