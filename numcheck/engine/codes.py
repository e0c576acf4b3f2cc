"""Rule codes and code prefixes as people write them: ``--select``/``--ignore``, the config
file, and ``numcheck: ignore`` comments.

A code names one rule (``NC601``); a *prefix* names every rule whose code starts with it
(``NC6`` is NC601 to NC605). Everywhere a code is accepted a prefix is too, and everywhere the
same check applies: a code or prefix that no loaded rule starts with is an error that names the
nearest real codes (a typo such as ``--select XX999`` must not silently run nothing, as ruff
also refuses unknown codes).
"""

from __future__ import annotations

import difflib
from typing import Collection, Iterable

__all__ = ["UNUSED_IGNORE_CODE", "RuleSet", "covers", "is_known", "known_codes", "normalise", "suggest", "unknown_code_message"]

#: The code of the "unused ignore comment" finding (``--report-unused-ignores``). It is a real
#: code wherever codes are accepted, though no rule pack defines it.
UNUSED_IGNORE_CODE = "NC000"


def normalise(code: str) -> str:
    """A code as compared: stripped and upper-case (``nc6`` and ``NC6`` are the same prefix)."""
    return code.strip().upper()


def covers(prefix: str, code: str) -> bool:
    """Whether ``prefix`` (a code or a code prefix) names the rule ``code``."""
    return normalise(code).startswith(normalise(prefix))


class RuleSet(tuple):
    """A tuple of rules narrowed by select/ignore that remembers every loaded rule's code.

    An ignore comment may name a rule that ``--select`` left out; the run must still know that
    code is real. The codes travel with the rules (it pickles to workers and Dask as they do).
    """

    def __new__(cls, rules: Iterable, known: Iterable[str]) -> "RuleSet":
        self = super().__new__(cls, rules)
        self.known = frozenset(known) | {UNUSED_IGNORE_CODE}
        return self

    def __reduce__(self):
        return (RuleSet, (tuple(self), tuple(sorted(self.known))))


def known_codes(rules: Iterable) -> frozenset[str]:
    """The codes a run knows: every loaded rule's (also those a select/ignore left out, when
    ``rules`` is a :class:`RuleSet`), plus :data:`UNUSED_IGNORE_CODE`."""
    known = getattr(rules, "known", None)
    if known is not None:
        return known
    return frozenset({r.code for r in rules} | {UNUSED_IGNORE_CODE})


def is_known(code: str, known: Collection[str]) -> bool:
    """Whether ``code`` is a known code or a prefix of one."""
    want = normalise(code)
    return bool(want) and any(k.startswith(want) for k in known)


def suggest(code: str, known: Collection[str], n: int = 3) -> list[str]:
    """The real codes (or prefixes of the same length) nearest to the unknown ``code``."""
    want = normalise(code)
    full = sorted(known)
    if not want or not full:
        return []
    longest = max(len(k) for k in full)
    # a short entry is meant as a prefix: compare it with the prefixes of its own length
    pool = full if len(want) >= longest else sorted({k[: len(want)] for k in full})
    return difflib.get_close_matches(want, pool, n=n, cutoff=0.75)


def unknown_code_message(code: str, known: Collection[str], where: str = "") -> str:
    """``unknown rule code or prefix 'XX999' [in where]; did you mean NC601?`` (one line)."""
    shown = code.strip()
    near = suggest(shown, known)
    head = f"unknown rule code or prefix {shown!r}" + (f" in {where}" if where else "")
    if near:
        return f"{head}; did you mean {', '.join(near)}?"
    prefixes = sorted({k[:3] for k in known})
    return (f"{head}: no loaded rule's code starts with it (codes start with "
            f"{', '.join(prefixes)}; `numcheck rules list` shows them all)")
