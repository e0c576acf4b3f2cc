"""Kind ``product``: a per-unit figure times its count contradicts the stated total.

"About 1,000 prisoners on each side ... 2,000 in total" is consistent (2 × 900–1,100 allows
2,000); "1,000 per side ... 2,500 in total" is not.

Two checks (param ``check``):

``per_unit`` (NC101)
    A figure stated per side / each, its multiplier, and a total of the same thing. The
    multiplier must be established by the text, never assumed:

    - *per side* (claim scope ``per_side``) multiplies by 2 only when the document (or another
      document of the story) speaks of exactly two parties: "both sides", "the two sides",
      "either side", "neither government", "two countries"... and never of three or more
      sides ("all sides", "three sides");
    - *each* needs an explicit count in the same sentence bound to it by a distributive frame:
      "five buses, each carrying 40 people", "five buses carrying 40 people each";
    - an explicit "N groups of M things" ("12 teams of 11 players") multiplies N × M.

``average`` (NC102)
    An average per unit ("an average of 2 goals per game"), the count of those units ("in 20
    games") and the total ("60 goals"). An average is a quotient and almost never a whole
    number, so the figure written is taken as rounded to its last digit (±0.5 for "2") on top
    of the shared policy.

A total is a claim of scope ``total`` (or, for averages, the figure the units are counted
"in"/"over"), of the same kind and unit, about the same subject (same lemma or one of the
closed equivalence groups in :mod:`numcheck.checks._arith`; a figure with no subject matches
only within ``max_sentence_gap`` sentences in the same document). A total whose sentence speaks
of a longer period ("since 2022", "so far", "to date", "this year") is a different total and is
skipped.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Iterator, Literal

from numcheck.checks._arith import AMOUNT_KINDS, same_measure, same_subject, subject_conflict, usable
from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import fmt, interval, intersects, scale
from numcheck.model import Claim


class ProductParams(Params):
    """Which product relation a rule checks, and how far apart its figures may be."""

    check: Literal["per_unit", "average"]
    #: Sentences allowed between the per-unit figure and the total in one document.
    max_sentence_gap: int = 1
    #: Also pair a per-side figure with a total in another document of the story (same subject
    #: required).
    cross_document: bool = True


_TWO_PARTIES = re.compile(
    r"\b(?:both|two|either|neither)\s+(?:of\s+the\s+)?(?:sides?|countries|nations|governments?|"
    r"parties|party|teams?|armies|army|states?|camps?|militaries|delegations?)\b", re.I)
_MANY_SIDES = re.compile(
    r"\b(?:all|three|four|five|several|many|multiple|various|other)\s+(?:sides|parties|teams|"
    r"countries|nations|governments)\b", re.I)
_CUMULATIVE = re.compile(
    r"\b(?:since|so\s+far|to\s+date|thus\s+far|cumulative(?:ly)?|this\s+year|last\s+year|"
    r"over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last)|throughout|previous|earlier\s+(?:swaps|exchanges|rounds))\b",
    re.I)
_HEDGE = r"(?:about|around|approximately|roughly|nearly|almost|some|up\s+to|as\s+many\s+as|more\s+than|over|at\s+least)"
# "five buses, each carrying 40 people" / "five buses carrying 40 people each"
_EACH_BEFORE = re.compile(
    r"^(?:\s+[A-Za-z][\w'-]*){1,3}\s*,?\s*each\s+(?:with|of|carrying|containing|having|holding|"
    r"worth|bearing|housing|employing|seating|weighing)?\s*(?:%s\s+)?$" % _HEDGE, re.I)
_EACH_WITH = re.compile(
    r"^(?:\s+[A-Za-z][\w'-]*){1,3}\s+(?:of|with|carrying|containing|holding|housing|seating)\s+(?:%s\s+)?$" % _HEDGE,
    re.I)
_EACH_AFTER = re.compile(r"^(?:\s+[A-Za-z][\w'-]*){0,2}\s+each\b", re.I)
# "12 teams of 11 players": one or two plural nouns, then "of"
_GROUPS_OF = re.compile(r"^\s+(?:[A-Za-z][\w'-]*\s+)?[A-Za-z][\w'-]*s\s+of\s+$", re.I)
_AVERAGE_BEFORE = re.compile(r"\b(?:average(?:d)?\s+(?:of\s+)?|averaging\s+|on\s+average\s+)(?:%s\s+)?$" % _HEDGE, re.I)
_PER_UNIT_AFTER = re.compile(r"^(?:\s+[A-Za-z][\w'-]*){0,2}?\s+(?:per|a|an|each|every)\s+([A-Za-z]+)\b", re.I)
# The average must restate the figures it follows: "60 goals in 20 games, an average of 3 per
# game", not a separate claim about another period ("and averaged 2 over his career").
_APPOSITIVE_AVERAGE = re.compile(
    r"^(?:\s+[A-Za-z][\w'-]*){0,2}\s*(?:,|\(|—|–)\s*(?:or\s+|for\s+|giving\s+|making\s+|at\s+)?"
    r"(?:an?\s+|the\s+)?(?:average|averaging)(?:\s+of)?\s+(?:%s\s+)?$" % _HEDGE, re.I)
_COUNTED_IN = re.compile(r"^(?:\s+[A-Za-z][\w'-]*){0,2}?\s+(?:in|over|across|during|from)\s+(?:%s\s+)?(?:the\s+)?$" % _HEDGE, re.I)


def _singular(word: str | None) -> str:
    w = (word or "").lower().strip()
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2].endswith(("ch", "sh", "ss", "x")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _scope(c: Claim) -> str:
    return (c.scope or "").lower()


def _is_total(c: Claim) -> bool:
    return _scope(c) == "total"


def _compatible(a: Claim, a_doc: str, b: Claim, b_doc: str, gap: int) -> bool:
    if a_doc != b_doc:
        return same_subject(a, b)
    if subject_conflict(a, b):
        return False
    if same_subject(a, b):
        return True
    return gap >= 0


def _sentence_of(dc: DocClaims, c: Claim) -> str:
    if not dc.sentence_starts:
        return dc.text
    return dc.sentence_text(min(c.sentence, len(dc.sentence_starts) - 1))


def _totals(docs: list[DocClaims], dc: DocClaims, e: Claim, params: ProductParams,
            exclude: tuple[Claim, ...] = ()):
    """Totals that ``e`` (times its multiplier) must equal, with their documents."""
    for other in docs:
        if other.doc != dc.doc and not params.cross_document:
            continue
        for t in other.claims:
            if t is e or t in exclude or not usable(t) or not _is_total(t):
                continue
            if not same_measure(e, t):
                continue
            gap = abs(t.sentence - e.sentence) if other.doc == dc.doc else -1
            if other.doc == dc.doc and gap > params.max_sentence_gap:
                continue
            if not _compatible(e, dc.doc, t, other.doc, gap if other.doc == dc.doc else -1):
                continue
            if _CUMULATIVE.search(_sentence_of(other, t)):
                continue
            yield other, t


def _two_parties(docs: list[DocClaims]) -> bool:
    texts = " ".join(d.text for d in docs)
    return bool(_TWO_PARTIES.search(texts)) and not _MANY_SIDES.search(texts)


def _multipliers(docs: list[DocClaims], dc: DocClaims, claims: list[Claim], k: int):
    """Yield (multiplier, label, evidence claim or None) for the per-unit figure ``claims[k]``."""
    e = claims[k]
    text = dc.text
    scope = _scope(e)
    if scope == "per_side" and _two_parties(docs):
        yield 2.0, "2 sides", None
    if k >= 1:
        n = claims[k - 1]
        if n.kind == "count" and usable(n) and n.sentence == e.sentence and n.qualifier == "exact":
            gap = text[n.end:e.start]
            if _EACH_BEFORE.match(gap) or (_EACH_WITH.match(gap) and _EACH_AFTER.match(text[e.end:e.end + 30])):
                yield n.value, f"{n.text} ({_noun_after(text, n)})", n
            elif _GROUPS_OF.match(gap) and same_measure(n, e):
                yield n.value, f"{n.text} ({_noun_after(text, n)})", n


def _noun_after(text: str, c: Claim) -> str:
    m = re.match(r"\s+((?:[A-Za-z][\w'-]*\s+)?[A-Za-z][\w'-]*?)(?=\s*(?:,|\s+(?:of|with|carrying|each)\b))", text[c.end:c.end + 40])
    return m.group(1) if m else "units"


def _per_unit(docs: list[DocClaims], params: ProductParams) -> Iterator[Finding]:
    for dc in docs:
        claims = sorted(dc.claims, key=lambda c: c.start)
        for k, e in enumerate(claims):
            if e.kind not in AMOUNT_KINDS or not usable(e) or _is_total(e):
                continue
            for mult, label, n_claim in _multipliers(docs, dc, claims, k):
                if mult <= 1 or not math.isfinite(mult):
                    continue
                expected = scale(interval(e), mult)
                exclude = (n_claim,) if n_claim is not None else ()
                for tdc, t in _totals(docs, dc, e, params, exclude):
                    stated = interval(t)
                    if intersects(expected, stated):
                        continue
                    yield _product_finding(dc, e, mult, label, n_claim, tdc, t, expected, "per_unit")
                    break


def _average(docs: list[DocClaims], params: ProductParams) -> Iterator[Finding]:
    for dc in docs:
        text = dc.text
        claims = sorted(dc.claims, key=lambda c: c.start)
        for k, e in enumerate(claims):
            if e.kind not in AMOUNT_KINDS or not usable(e):
                continue
            s0 = dc.sentence_span(e.sentence)[0] if dc.sentence_starts else 0
            if _scope(e) != "average" and not _AVERAGE_BEFORE.search(text[max(s0, e.start - 30):e.start]):
                continue
            m = _PER_UNIT_AFTER.match(text[e.end:e.end + 40])
            if not m:
                continue
            unit = _singular(m.group(1))
            same_sentence = [c for c in claims if c.sentence == e.sentence and c is not e]
            counts = [c for c in same_sentence if usable(c) and c.kind in ("count", "duration")
                      and unit in (_singular(c.unit), _singular(c.subject), _word_after(text, c))]
            for n in counts:
                if n.end > e.start or not _APPOSITIVE_AVERAGE.match(text[n.end:e.start]):
                    continue
                for t in same_sentence:
                    if t is n or not usable(t) or not same_measure(e, t) or subject_conflict(e, t):
                        continue
                    counted = _COUNTED_IN.match(text[t.end:n.start]) if t.end <= n.start else None
                    if not (_is_total(t) or counted):
                        continue
                    if _CUMULATIVE.search(_sentence_of(dc, t)) and not counted:
                        continue
                    lo, hi = interval(e)
                    r = _average_halfwidth(e)
                    n_lo, n_hi = interval(n)
                    if not math.isfinite(n_hi):
                        continue
                    expected = (min(lo - r, 0) if lo - r < 0 else (lo - r) * n_lo, (hi + r) * n_hi)
                    if intersects(expected, interval(t)):
                        continue
                    yield _product_finding(dc, e, n.value, f"{n.text}", n, dc, t, expected, "average")


def _word_after(text: str, c: Claim) -> str:
    m = re.match(r"\s+([A-Za-z]+)", text[c.end:c.end + 20])
    return _singular(m.group(1)) if m else ""


def _average_halfwidth(c: Claim) -> float:
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", c.text)
    if not m or c.value is None:
        return 0.5
    literal = float(m.group(0).replace(",", "")) or 1.0
    unit = 10 ** (-len(m.group(1))) if m.group(1) else 1.0
    return 0.5 * unit * abs(c.value / literal)


def _product_finding(dc: DocClaims, e: Claim, mult: float, label: str, n_claim: Claim | None,
                     tdc: DocClaims, t: Claim, expected: tuple[float, float], how: str) -> Finding:
    product = e.value * mult
    exp_text = fmt(product)
    if expected[0] != expected[1]:
        exp_text += f" (any reading: {fmt(expected[0])}–{fmt(expected[1])})"
    where = "" if tdc.doc == dc.doc else f" in {tdc.doc}"
    if how == "average":
        computation = f"average {e.text} × {label} = {exp_text}, but the text says {t.text}{where}"
    else:
        per = "per side" if label == "2 sides" else "each"
        computation = f"{e.text} {per} × {label} = {exp_text}, but the text says {t.text}{where} in total"
    evidence = [Involved(dc.doc, e, "per unit" if how == "per_unit" else "average")]
    if n_claim is not None:
        evidence.append(Involved(dc.doc, n_claim, "count"))
    return Finding(
        primary=Involved(tdc.doc, t, "total"),
        evidence=tuple(evidence),
        values={"each": e.text, "multiplier": label, "expected": product, "total": t.text},
        computation=computation,
    )


_CHECKS = {"per_unit": _per_unit, "average": _average}


def run(documents: Iterable[DocClaims], params: ProductParams) -> Iterator[Finding]:
    """Run the product check named by ``params.check`` over one story."""
    docs = list(documents)
    yield from _CHECKS[params.check](docs, params)


KIND = KindSpec(
    name="product",
    params=ProductParams,
    run=run,
    scope="story",
    description="A per-unit or average figure times its count contradicts the stated total.",
)
