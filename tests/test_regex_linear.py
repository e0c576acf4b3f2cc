"""Every regex in numcheck.extract and numcheck.ingest stays clear of catastrophic backtracking.

Why a static check, and how
---------------------------
Wall-clock timings are noisy, and ``re`` exposes no step counter (nor does the third-party
``regex`` module); instruction counters (``perf stat``, callgrind) are not available everywhere.
What *is* deterministic is the pattern itself: catastrophic backtracking in a backtracking
engine like ``re`` comes from a small set of shapes, recognisable in the parse tree that
``re._parser`` builds:

1. **Nested unbounded repeats** (star height 2) where an inner repeat's characters can also be
   taken by the next outer iteration, as in ``(\\d+,?)+`` or ``(a+)+``: exponential. The nesting
   is harmless when every outer iteration must consume a character the inner repeat cannot
   (``(?:,\\d{3})*``, ``(?:\\d+,)*``): iterations are then split unambiguously.
2. **Adjacent unbounded repeats over overlapping characters** with only optional items between
   them, as in ``\\d+\\s*\\d+`` or ``\\w+\\w*``: polynomial (each split point is tried).

The analysis flags both, conservatively (a flagged pattern may be safe for reasons it cannot
see, such as a lookbehind that pins the start; such a pattern must be rewritten or listed in
``REVIEWED`` with the reason). Character sets are compared over a sample alphabet (Latin-1 plus
the Unicode spaces, dashes and digits the scanners care about), each class evaluated by ``re``
itself, so ``\\d``, ``\\w``, ``[^...]`` and flags mean exactly what they mean to the engine.

A coarse size sweep backs this up: each pattern runs ``finditer`` over its worst shapes (long
runs of digits, digits with commas, spaces, repeated month names, ``1,0`` repeated,
``a-a-a-``, dots, a mix) at 2,000 and 16,000 characters, side by side in one process, and the
time may grow at most 40x for 8x the input (linear gives ~8x, quadratic ~64x). A scan that
takes under 20 ms on 16,000 characters is linear enough whatever the ratio says (a quadratic
scan of that much text is some 10^8 steps, well over it). The sizes are large enough that a quadratic pattern is well past that floor
(``test_sweep_catches_a_quadratic_pattern`` shows a known-quadratic one failing the sweep), and
each time is the best of three runs, so a loaded machine slows both sizes alike instead of
failing the test. The static rules stay the real guard.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import time
from functools import lru_cache
from re import _constants as C
from re import _parser as P

import pytest

import numcheck.extract
import numcheck.ingest

#: Unbounded repeats (and bounded ones this long, which backtrack just as badly).
LONG = 32

#: Patterns the static rules flag that were reviewed and are linear anyway, with the reason.
REVIEWED: dict[str, str] = {
    "numcheck.extract.temporal._TIME_BEFORE_DATE": "only ever matched against the gap between "
                                                   "two claims, at most 20 characters",
    "numcheck.extract.temporal._TIME_AFTER_DATE": "only ever matched against the gap between "
                                                  "two claims, at most 10 characters",
    "numcheck.extract.numbers._RUN": "the repeated tokens of a run are each bounded by a "
                                     "lookbehind and a word boundary, so two tokens never touch "
                                     "without a separator and a character belongs to one token; "
                                     "the size sweep below confirms linear growth",
}

#: Patterns the sweep flags whose input is bounded where they are used, with the reason.
REVIEWED_SWEEP: dict[str, str] = {
    "numcheck.extract.temporal._PAIRED_COUNT": "searched only in the 40 characters before a "
                                               "claim",
}
#: The longest text each of REVIEWED_SWEEP is ever run on (where the sweep checks it instead).
REVIEWED_SWEEP_BOUND: dict[str, int] = {"numcheck.extract.temporal._PAIRED_COUNT": 40}

_SPACES = ("runs of optional horizontal space side by side ([^\\S\\n]* [.,-]? [^\\S\\n]*): "
           "each split of a long run of spaces is tried; make the space runs possessive "
           "([^\\S\\n]*+), which matches the same texts")

#: Real hazards in code this test does not own, each a strict xfail until fixed (then the test
#: turns red: drop the entry). "static" and/or "sweep" say which test shows it.
KNOWN_HAZARDS: dict[str, str] = {}

SAMPLE = "".join(chr(i) for i in range(256)) + (
    "\u2009\u202f\u200b\u200e\u200f\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2212\u20ac"
    "\u0661\u0662\u06f1\uff11\uff0c\u3000\u2028\u00b7\u2032\u2033"
)


def discover() -> dict[str, re.Pattern]:
    """Every compiled pattern in the globals of numcheck.extract.* and numcheck.ingest.*
    (also inside module-level tuples, lists, sets and dict values)."""
    found: dict[str, re.Pattern] = {}
    for pkg in (numcheck.extract, numcheck.ingest):
        modules = [pkg] + [importlib.import_module(f"{pkg.__name__}.{m.name}")
                           for m in pkgutil.iter_modules(pkg.__path__)]
        for mod in modules:
            for name, value in vars(mod).items():
                if isinstance(value, re.Pattern):
                    found.setdefault(f"{mod.__name__}.{name}", value)
                    continue
                items = (value.items() if isinstance(value, dict)
                         else enumerate(value) if isinstance(value, (list, tuple)) else
                         enumerate(sorted(value, key=repr)) if isinstance(value, (set, frozenset))
                         else ())
                for key, item in items:
                    if isinstance(item, re.Pattern):
                        found.setdefault(f"{mod.__name__}.{name}[{key!r}]", item)
    return found


PATTERNS = discover()


# ---- character sets over the sample alphabet -------------------------------------------------

_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
    C.CATEGORY_LINEBREAK: r"\n", C.CATEGORY_NOT_LINEBREAK: r"[^\n]",
}
ALL = frozenset(SAMPLE)


@lru_cache(maxsize=None)
def _class(regex: str, flags: int) -> frozenset:
    rx = re.compile(regex, flags & (re.IGNORECASE | re.ASCII | re.DOTALL))
    return frozenset(c for c in SAMPLE if rx.fullmatch(c))


def _item_chars(op, av, flags: int) -> frozenset | None:
    """The characters a single-character item matches, or None if it is not one."""
    if op is C.LITERAL:
        return _class(re.escape(chr(av)), flags)
    if op is C.NOT_LITERAL:
        return _class("[^" + re.escape(chr(av)) + "]", flags)
    if op is C.ANY:
        return _class(".", flags)
    if op is C.IN:
        negate = False
        out: set = set()
        for sop, sav in av:
            if sop is C.NEGATE:
                negate = True
            elif sop is C.LITERAL:
                out |= _class(re.escape(chr(sav)), flags)
            elif sop is C.RANGE:
                out |= _class(f"[{re.escape(chr(sav[0]))}-{re.escape(chr(sav[1]))}]", flags)
            elif sop is C.CATEGORY:
                out |= _class(_CATEGORY[sav], flags)
            elif sop in (C.RANGE_UNI_IGNORE,):
                out |= _class(f"[{re.escape(chr(sav[0]))}-{re.escape(chr(sav[1]))}]", flags)
            else:  # an opcode this analysis does not know: assume anything
                out |= ALL
        return frozenset(ALL - out) if negate else frozenset(out)
    return None


# ---- the parse tree ---------------------------------------------------------------------------

def _repeat(op, av):
    """``(min, max, body)`` for a backtracking repeat, else None (possessive ones do not backtrack)."""
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        return av
    return None


def _is_long(max_: int) -> bool:
    return max_ == C.MAXREPEAT or max_ >= LONG


def _chars(seq, flags: int) -> frozenset:
    """Every character ``seq`` can consume anywhere."""
    out: set = set()
    for op, av in seq:
        item = _item_chars(op, av, flags)
        if item is not None:
            out |= item
        elif _repeat(op, av):
            out |= _chars(av[2], flags)
        elif op is C.SUBPATTERN:
            out |= _chars(av[3], flags | av[1])
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _chars(alt, flags)
        elif op is C.POSSESSIVE_REPEAT:
            out |= _chars(av[2], flags)
        elif op is C.ATOMIC_GROUP:
            out |= _chars(av, flags)
        elif op in (C.GROUPREF, C.GROUPREF_EXISTS, C.GROUPREF_IGNORE):
            out |= ALL
    return frozenset(out)


def _nullable(seq) -> bool:
    """Whether ``seq`` can match the empty string (assertions and anchors are zero-width)."""
    for op, av in seq:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if _repeat(op, av) or op is C.POSSESSIVE_REPEAT:
            if av[0] > 0 and not _nullable(av[2]):
                return False
        elif op is C.SUBPATTERN:
            if not _nullable(av[3]):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _nullable(av):
                return False
        elif op is C.BRANCH:
            if not any(_nullable(alt) for alt in av[1]):
                return False
        elif op in (C.GROUPREF, C.GROUPREF_EXISTS, C.GROUPREF_IGNORE):
            continue
        else:
            return False
    return True


def _flatten(seq, flags: int):
    """Top-level items of ``seq`` with plain (unquantified) groups opened, each with its flags."""
    for op, av in seq:
        if op is C.SUBPATTERN:
            yield from _flatten(av[3], flags | av[1])
        else:
            yield op, av, flags


def _inner_long_repeats(seq, flags: int):
    """Backtracking long repeats anywhere inside ``seq`` (not inside atomic/possessive parts)."""
    for op, av in seq:
        rep = _repeat(op, av)
        if rep:
            if _is_long(rep[1]):
                yield rep, flags
            yield from _inner_long_repeats(rep[2], flags)
        elif op is C.SUBPATTERN:
            yield from _inner_long_repeats(av[3], flags | av[1])
        elif op is C.BRANCH:
            for alt in av[1]:
                yield from _inner_long_repeats(alt, flags)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _inner_long_repeats(av[1], flags)


def _edge(seq, flags: int, last: bool) -> frozenset:
    """The characters ``seq`` can consume first (``last=False``) or last."""
    out: set = set()
    for op, av in (reversed(list(seq)) if last else seq):
        item = _item_chars(op, av, flags)
        if item is not None:
            return frozenset(out | item)
        rep = _repeat(op, av)
        if rep or op is C.POSSESSIVE_REPEAT:
            out |= _edge(av[2], flags, last)
        elif op is C.SUBPATTERN:
            out |= _edge(av[3], flags | av[1], last)
        elif op is C.ATOMIC_GROUP:
            out |= _edge(av, flags, last)
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _edge(alt, flags, last)
        elif op in (C.GROUPREF, C.GROUPREF_EXISTS, C.GROUPREF_IGNORE):
            out |= ALL
        if not _nullable([(op, av)]):
            break
    return frozenset(out)


def _separated(body, inner_chars: frozenset, flags: int) -> bool:
    """Whether every path through ``body`` consumes a mandatory character ``inner_chars`` lacks."""
    items = list(_flatten(body, flags))
    for op, av, f in items:
        if op is C.BRANCH:
            if all(_separated(alt, inner_chars, f) for alt in av[1]):
                return True
            continue
        rep = _repeat(op, av)
        if rep and rep[0] >= 1 and _separated(rep[2], inner_chars, f):
            return True
        chars = _item_chars(op, av, f)
        if chars is not None and not (chars & inner_chars):
            return True
    return False


def hazards(pattern: re.Pattern) -> list[str]:
    """The backtracking hazards of ``pattern``, in words (empty when none)."""
    tree = P.parse(pattern.pattern, pattern.flags)
    found: list[str] = []

    def walk(seq, flags: int) -> None:
        items = list(_flatten(seq, flags))
        # rule 2: long repeats side by side over shared characters, only optional items between
        for i, (op, av, f) in enumerate(items):
            rep = _repeat(op, av)
            if not (rep and _is_long(rep[1])):
                continue
            left = _edge(rep[2], f, last=True)
            for op2, av2, f2 in items[i + 1:]:
                rep2 = _repeat(op2, av2)
                shared = left & _edge(rep2[2], f2, last=False) if rep2 else frozenset()
                if rep2 and _is_long(rep2[1]) and shared:
                    found.append(f"adjacent repeats share {_show(shared)}")
                    break
                if not _nullable([(op2, av2)]):
                    break
        for op, av, f in items:
            rep = _repeat(op, av)
            if rep:
                if rep[1] >= 2:
                    # rule 1: a long repeat inside a repeat, iterations not separated
                    for inner, fi in _inner_long_repeats(rep[2], f):
                        inner_chars = _chars(inner[2], fi)
                        if not _separated(rep[2], inner_chars, f):
                            found.append(f"nested repeats over {_show(inner_chars)}")
                            break
                walk(rep[2], f)
            elif op is C.BRANCH:
                for alt in av[1]:
                    walk(alt, f)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(av[1], f)
            elif op is C.ATOMIC_GROUP:
                walk(av, f)
            elif op is C.POSSESSIVE_REPEAT:
                walk(av[2], f)

    walk(tree, pattern.flags)
    return sorted(set(found))


def _show(chars: frozenset) -> str:
    shown = "".join(sorted(c for c in chars if c.isprintable() and c != " "))
    return repr(shown[:24] + ("..." if len(shown) > 24 else ""))


# ---- the analysis must be able to fail ---------------------------------------------------------

@pytest.mark.parametrize("regex", [
    r"(a+)+$", r"(\d+,?)+x", r"(?:\w+\s?)*$", r"(?:x*y?)*z",
    r"\d+\s*\d+x", r"\w+\w*!", r"(.*a){20}", r"(?:[0-9,]+)+;", r"(?:\d{1,40})+$",
])
def test_rules_flag_the_classic_shapes(regex: str) -> None:
    assert hazards(re.compile(regex)), regex


@pytest.mark.parametrize("regex", [
    r"\d+", r"(?:,\d{3})*", r"(?:\d+,)*\d+", r"\d+(?:\.\d+)?", r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*",
    r"\s*\d+", r"(?>a+)+b", r"a++b", r"(?:\d{1,3}(?:,\d{3})+|\d+)",
])
def test_rules_pass_the_safe_shapes(regex: str) -> None:
    assert hazards(re.compile(regex)) == [], regex


def test_patterns_were_found() -> None:
    assert len(PATTERNS) >= 20, sorted(PATTERNS)
    modules = {name.rsplit(".", 1)[0].split("[")[0] for name in PATTERNS}
    assert any(m.startswith("numcheck.extract") for m in modules)
    assert any(m.startswith("numcheck.ingest") for m in modules)


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_HAZARDS[n]))
    if n in KNOWN_HAZARDS and "static" in KNOWN_HAZARDS[n] else n for n in sorted(PATTERNS)])
def test_no_backtracking_hazard(name: str) -> None:
    found = hazards(PATTERNS[name])
    if name in REVIEWED:
        assert found, f"{name} is clean now; drop it from REVIEWED"
        return
    assert found == [], f"{name}: {found}\n{PATTERNS[name].pattern[:400]}"


# ---- the coarse size sweep ----------------------------------------------------------------------

_SCANNING = ("finditer", "search", "findall", "sub", "subn", "split", "scanner")


@lru_cache(maxsize=None)
def _methods(name: str) -> frozenset:
    """How the defining module calls the pattern (``match``, ``finditer``...), from its source."""
    module, _, attr = name.partition("[")[0].rpartition(".")
    source = inspect.getsource(importlib.import_module(module))
    return frozenset(re.findall(rf"\b{re.escape(attr)}\.(\w+)", source))


def _shapes(n: int) -> dict[str, str]:
    def rep(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    return {
        "digits": rep("7"),
        "digits-commas": rep("1,0"),
        "thousands": rep("123,"),
        "spaces": rep(" "),
        "spaced-digits": rep("1 "),
        "months": rep("May "),
        "month-day": rep("March 1, "),
        "dashes": rep("a-"),
        "dots": rep("."),
        "decimal-dots": rep("1."),
        "words": rep("about "),
        "mixed": rep("1,000 May 3 - 4.5% $ "),
        "newlines": rep("1\n"),
    }


def _cost(rx: re.Pattern, scans: bool, text: str) -> float:
    """Seconds (best of three) for the pattern's own kind of use: a scan of ``text`` if its
    module scans with it, else one anchored ``match`` at the start (where the scanners call it,
    at key positions)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        if scans:
            for _m in rx.finditer(text):
                pass
        else:
            rx.match(text)
        best = min(best, time.perf_counter() - started)
    return best


#: Sizes of the sweep: 8x apart, large enough that a quadratic pattern costs a visible
#: fraction of a second on the large one, small enough that it does not cost minutes.
SMALL, LARGE = 2_000, 16_000
#: Below this on the large input a scan is linear enough (and timer noise dominates): a
#: quadratic scan of 16,000 characters takes some 10^8 steps, far more than 20 ms on any machine,
#: while every linear pattern here takes a few milliseconds.
FLOOR = 0.02
#: Most growth allowed for 8x the input.
MAX_RATIO = 40


def sweep_failures(rx: re.Pattern, scans: bool = True) -> list[str]:
    """The shapes on which ``rx`` grows faster than linearly, each with its timings."""
    small, large = _shapes(SMALL), _shapes(LARGE)
    out = []
    for shape in small:
        worst = None
        # a shape fails only if three measurements in a row all say so: a burst of load on a
        # shared machine can inflate one ratio, but not three, while a quadratic scan is 64x
        # every time
        for _ in range(3):
            t_large = _cost(rx, scans, large[shape])
            if t_large < FLOOR:
                worst = None
                break
            t_small = max(_cost(rx, scans, small[shape]), 1e-5)
            if t_large / t_small < MAX_RATIO:
                worst = None
                break
            worst = (t_small, t_large)
        if worst is not None:
            t_small, t_large = worst
            out.append(f"{shape!r}: 8x the text took {t_large / t_small:.0f}x the time "
                       f"({t_small * 1000:.1f} ms -> {t_large * 1000:.1f} ms)")
    return out


def test_sweep_catches_a_quadratic_pattern() -> None:
    """The sweep can fail: ``\\d+x`` scanned over a run of digits tries every start and runs to
    the end from each (quadratic), and the sweep says so on the digit shapes."""
    failures = sweep_failures(re.compile(r"\d+x"))
    assert any(f.startswith("'digits'") for f in failures), failures
    # ... while the same scan started only at the head of a run of digits is linear and passes
    assert sweep_failures(re.compile(r"(?<!\d)\d++x")) == []


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_HAZARDS[n]))
    if n in KNOWN_HAZARDS and "sweep" in KNOWN_HAZARDS[n] else n for n in sorted(PATTERNS)])
def test_size_sweep_is_roughly_linear(name: str) -> None:
    rx = PATTERNS[name]
    scans = bool(_methods(name) & set(_SCANNING))
    if name in REVIEWED_SWEEP:
        # used only on a bounded slice of text: check it at that size, where it must be cheap
        bound = REVIEWED_SWEEP_BOUND[name]
        worst = max(_cost(rx, scans, text[:bound]) for text in _shapes(bound).values())
        assert worst < FLOOR, f"{name} takes {worst * 1000:.1f} ms on {bound} characters"
        return
    failures = sweep_failures(rx, scans)
    assert failures == [], f"{name}: " + "; ".join(failures)
