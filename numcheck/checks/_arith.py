"""Helpers shared by the arithmetic kinds (product, parts_whole, percent, conversion).

Not a kind itself (the leading underscore keeps it out of the registry). Everything here reads
claims and the text between them; the tolerance policy stays in :mod:`numcheck.checks.common`.
"""

from __future__ import annotations

import math
import re
from typing import Iterable

from numcheck.checks.base import DocClaims
from numcheck.checks.common import fmt, interval
from numcheck.model import Claim

#: Kinds that carry an amount that can be added, multiplied or divided.
AMOUNT_KINDS = frozenset({"count", "quantity", "money"})

# Subjects that news copy uses interchangeably for the same set of people. Kept small and
# closed: a wrong equivalence here would let two unrelated figures be compared.
_SUBJECT_GROUPS = (
    frozenset({"prisoner", "detainee", "captive", "pow", "prisoner of war", "hostage"}),
    frozenset({"person", "people", "individual"}),
    frozenset({"soldier", "troop", "serviceman", "service member"}),
    frozenset({"death", "dead", "fatality", "victim", "killed"}),
    frozenset({"injured", "injury", "wounded", "casualty"}),
)


def subject_key(subject: str | None) -> str | None:
    """A normalised subject lemma (lower case, trimmed), or None."""
    if not subject:
        return None
    s = subject.strip().lower()
    return s or None


def same_subject(a: Claim, b: Claim) -> bool:
    """True when both claims name a subject and the subjects are the same or equivalent."""
    sa, sb = subject_key(a.subject), subject_key(b.subject)
    if sa is None or sb is None:
        return False
    if sa == sb:
        return True
    return any(sa in g and sb in g for g in _SUBJECT_GROUPS)


def subject_conflict(a: Claim, b: Claim) -> bool:
    """True when both claims name subjects and those subjects differ."""
    sa, sb = subject_key(a.subject), subject_key(b.subject)
    return sa is not None and sb is not None and not same_subject(a, b)


def same_measure(a: Claim, b: Claim) -> bool:
    """True when two amount claims can be added: same kind and same unit (or both unitless)."""
    if a.kind not in AMOUNT_KINDS or b.kind not in AMOUNT_KINDS:
        return False
    if a.value is None or b.value is None:
        return False
    if a.kind != b.kind:
        return False
    return (a.unit or None) == (b.unit or None)


def usable(c: Claim) -> bool:
    """A claim a check may rest on: has a finite value and is not page boilerplate."""
    return (
        c.value is not None
        and math.isfinite(c.value)
        and not c.boilerplate
        and c.block not in ("boilerplate",)
    )


def between(dc: DocClaims, a: Claim, b: Claim) -> str:
    """The text strictly between two claims (in either order)."""
    if a.start > b.start:
        a, b = b, a
    return dc.text[a.end:b.start]


def before(dc: DocClaims, c: Claim, chars: int = 60) -> str:
    """Up to ``chars`` characters before a claim, cut at its sentence start."""
    s0, _ = sentence_bounds(dc, c)
    return dc.text[max(s0, c.start - chars):c.start]


def after(dc: DocClaims, c: Claim, chars: int = 60) -> str:
    """Up to ``chars`` characters after a claim, cut at its sentence end."""
    _, s1 = sentence_bounds(dc, c)
    return dc.text[c.end:min(s1, c.end + chars)]


def sentence_bounds(dc: DocClaims, c: Claim) -> tuple[int, int]:
    """The span of the sentence holding ``c``."""
    if not dc.sentence_starts:
        return 0, len(dc.text)
    return dc.sentence_span(min(c.sentence, len(dc.sentence_starts) - 1))


def interval_text(iv: tuple[float, float]) -> str:
    """An interval for messages: a point, a range, or an open-ended bound."""
    lo, hi = iv
    if lo == hi:
        return fmt(lo)
    if math.isinf(hi):
        return f"≥ {fmt(lo)}"
    return f"{fmt(lo)}–{fmt(hi)}"


def quote(c: Claim) -> str:
    """A claim's text in quotes, for messages."""
    return f"\"{c.text}\""


def amount_claims(claims: Iterable[Claim]) -> list[Claim]:
    """The usable count/quantity/money claims among ``claims``."""
    return [c for c in claims if c.kind in AMOUNT_KINDS and usable(c)]


def point_interval(c: Claim) -> tuple[float, float]:
    """:func:`numcheck.checks.common.interval`, named here so kinds import one place."""
    return interval(c)


_WORD = re.compile(r"[A-Za-z][\w'-]*")


def words(text: str) -> list[str]:
    """The words of a snippet, lower-cased."""
    return [w.lower() for w in _WORD.findall(text)]
