"""The unit lexicon: quantulum3's unit catalogue, mapped onto pint unit names.

The lexicon is *generated* from quantulum3's own package data (``units.json`` and
``entities.json``, the general and the ``en_US`` files, with the SI-prefix expansion quantulum3
itself applies) and validated against pint, then shipped as ``numcheck/data/units.json`` so that
importing numcheck never loads quantulum3 or pint. ``python3 -m numcheck.extract.units`` rewrites
the file; ``tests/test_units.py`` checks that rebuilding gives identical content.

What the scanner needs at run time is only three dictionaries:

- ``SYMBOLS``: case-sensitive symbol → unit key ("km", "MB", "£", "°C");
- ``SURFACES``: lower-case surface (singular and plural) → unit key ("kilometres", "us dollar");
- ``UNITS``: unit key → :class:`UnitInfo` (pint name, dimensionality, entity, ISO currency code).

Currency units carry their ISO 4217 code. quantulum3's minor units (cent, penny) have no ISO code;
the lexicon gives them the market codes ``USX`` (US cent) and ``GBX`` (penny sterling) so that
"34 cents" keeps the value 34 that was written.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "UnitInfo",
    "UNITS",
    "SYMBOLS",
    "SURFACES",
    "WORDLIKE",
    "CURRENCY_PREFIXES",
    "lookup",
    "dimension_of",
    "convert",
    "build_lexicon",
    "write_lexicon",
    "build_factor_table",
    "write_factor_table",
    "LEXICON_PATH",
    "FACTORS_PATH",
]

LEXICON_PATH = pathlib.Path(__file__).resolve().parent.parent / "data" / "units.json"

# Entities in the order a clash between two units sharing a surface or symbol is settled. News
# text talks about money, distances, weights and durations far more than about charge or
# luminance, so "C" (coulomb / Celsius) reads as Celsius and "pound" as a weight (the scanner
# turns "361 million pounds" into money itself, see numbers.py).
_ENTITY_PRIORITY = (
    "currency",
    "length",
    "mass",
    "time",
    "temperature",
    "volume",
    "area",
    "speed",
    "data storage",
    "energy",
    "power",
    "dimensionless",
)

# Minor currency units without an ISO 4217 code; the codes are the market conventions.
_MINOR_CURRENCY = {"cent": "USX", "penny": "GBX", "centavo": "USX"}

# quantulum3 entries the scanner reads differently on purpose: "mil"/"mill" are the million
# abbreviations of business news ("2mil"), "dime" symbol "d" and the bare quote marks as second /
# foot / inch symbols misfire on ordinary prose punctuation.
_DROP_SYMBOLS = frozenset({'"', "'", "″", "′", "”", "d", "d.", "mil", "am", "pm", "AM", "PM"})
# Short English words that quantulum3's common-word list lacks but that are also unit symbols
# ("5 in the morning", "by 3 s"); after a number they need the clause to end to count as units.
_ENGLISH_SHORT = frozenset("in a an at as is on or by to of it be we us he me my no so up do go if".split())
_DROP_SURFACES = frozenset({"mil", "mill", "mils", "mills", "real", "reals"})

# News-specific surface forms quantulum3 lacks, each mapped onto a unit quantulum3 has.
_EXTRA_SURFACES = {
    # British/US news spell the metric tonne both ways and use "metric tons" for it.
    "metric tons": "tonne",
    "metric tonne": "tonne",
    "metric tonnes": "tonne",
    # Road speeds in UK/US reporting.
    "miles an hour": "mile per hour",
    "kilometres an hour": "kilometre per hour",
    "kilometers an hour": "kilometre per hour",
    # Area shorthands used in news copy ("116,347 sq mi"); quantulum3 gives the hectare only
    # its symbol.
    "sq mi": "square mile",
    "hectare": "hectare",
    "hectares": "hectare",
    "square miles": "square mile",
    # Currencies named in news by their plural or national adjective.
    "us dollars": "united states dollar",
    "u.s. dollars": "united states dollar",
    "pounds sterling": "pound sterling",
    "sterling": "pound sterling",
    "euros": "euro",
    "pence": "penny",
    "rupees": "indian rupee",
    "yuan renminbi": "chinese yuan",
    "renminbi": "chinese yuan",
    "rmb": "chinese yuan",
}
# Clashes the entity order settles wrongly for news: a bare "pounds" after a number is a weight
# unless money words come with it (the scanner checks that), and "¥" amounts in English news are
# far more often yen than yuan.
_PREFERRED = {"pound": "pound-mass", "pounds": "pound-mass", "¥": "japanese yen"}

# Time units that pint names but reads as something else: its "decade" is the logarithmic
# factor-of-ten unit, dimensionless. In prose a decade is ten years, so the lexicon gives it the
# dimension of time and :func:`convert` turns it into years itself (pint cannot).
_TIME_OVERRIDES = {"decade": ("decade", "[time]", 10.0, "year")}

# Units news uses that quantulum3's catalogue lacks (it has only the kilowatt hour): electricity
# output and consumption are reported in watt hours with every SI prefix up to tera. Built like
# quantulum3's own entries, so pint validates them and inflect adds the plurals.
_EXTRA_UNITS = {
    f"{prefix}watt hour": {
        "entity": "energy",
        "symbols": [f"{sym}Wh"],
        "surfaces": [f"{prefix}watt hour", f"{prefix}watt-hour"],
    }
    for prefix, sym in (("", ""), ("mega", "M"), ("giga", "G"), ("tera", "T"))
}

_EXTRA_SYMBOLS = {
    # Common news abbreviations for a unit quantulum3 holds under another symbol.
    "kmph": "kilometre per hour",
    "km/hr": "kilometre per hour",
    "Rs": "indian rupee",
    "Rs.": "indian rupee",
    "HK$": "hong kong dollar",
    "S$": "singapore dollar",
}


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """One lexicon unit: its quantulum3 key, pint name, dimensionality and currency code."""

    key: str
    pint: str | None
    dimension: str
    entity: str
    currency: str | None


def _load() -> dict:
    try:
        with LEXICON_PATH.open(encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        # only while bootstrapping the file itself with ``python3 -m numcheck.extract.units``
        return {"units": {}, "symbols": {}, "surfaces": {}, "wordlike": [], "currency_prefixes": []}


_DATA = _load()
#: unit key → :class:`UnitInfo`.
UNITS: dict[str, UnitInfo] = {
    k: UnitInfo(k, v[0], v[1], v[2], v[3]) for k, v in _DATA["units"].items()
}
#: case-sensitive symbol → unit key.
SYMBOLS: dict[str, str] = _DATA["symbols"]
#: lower-case surface → unit key.
SURFACES: dict[str, str] = _DATA["surfaces"]
#: symbols/surfaces that are also ordinary English words ("in", "a", "min"); the scanner accepts
#: them after a number only when nothing but punctuation follows.
WORDLIKE: frozenset[str] = frozenset(_DATA["wordlike"])
#: currency symbols that may precede an amount ("$", "US$", "€", "Rs"), longest first.
CURRENCY_PREFIXES: tuple[str, ...] = tuple(_DATA["currency_prefixes"])


def lookup(surface: str) -> UnitInfo | None:
    """The unit a surface or symbol names, or None ("km" → kilometre, "Miles" → mile).

    A quotient of two known units written with a slash ("km/h", "m/s", "kg/m2") names the
    lexicon unit whose pint name is that quotient, when there is one.
    """
    key = SYMBOLS.get(surface)
    if key is None:
        key = SURFACES.get(surface.lower())
    if key is None and surface.count("/") == 1:
        return _quotient(surface)
    return UNITS.get(key) if key else None


@lru_cache(maxsize=256)
def _quotient(surface: str) -> UnitInfo | None:
    num, den = surface.split("/")
    if not num or not den or len(surface) > 12:
        return None
    a = lookup(num)
    b = lookup({"h": "hour", "hr": "hour", "s": "second", "sec": "second", "min": "minute"}.get(den, den))
    if a is None or b is None or not a.pint or not b.pint:
        return None
    return _BY_PINT.get(f"{a.pint} / {b.pint}")


#: pint name → lexicon unit, for quotients written with a slash.
_BY_PINT: dict[str, UnitInfo] = {}
for _info in UNITS.values():
    if _info.pint:
        _BY_PINT.setdefault(_info.pint, _info)


@lru_cache(maxsize=512)
def dimension_of(unit_name: str) -> str:
    """The dimensionality of a pint unit name or ISO currency code.

    ``"kilometer"`` → ``"[length]"``, ``"USD"`` → ``"[currency]"``, ``"percent"`` →
    ``"dimensionless"``. Unknown names give ``""``.
    """
    for info in UNITS.values():
        if info.pint == unit_name or info.currency == unit_name:
            return info.dimension
    if unit_name.isupper() and len(unit_name) == 3:
        return "[currency]"
    try:
        return str(_ureg().parse_units(unit_name).dimensionality) or "dimensionless"
    except Exception:
        return ""


@lru_cache(maxsize=1)
def _ureg():
    import pint  # heavy; only a pair the factor table lacks needs it

    return pint.UnitRegistry()


# Minor currency units relative to their major unit.
_MINOR_FACTOR = {("USX", "USD"): 0.01, ("GBX", "GBP"): 0.01}

#: The conversion factors between every two lexicon units of one dimension, generated from pint
#: by :func:`build_factor_table` (``python3 -m numcheck.extract.units --factors``) and checked
#: against pint by tests/test_units.py: a run converts without importing pint (and numpy), which
#: cost more start-up than the 49 conversions of a whole corpus run needed.
FACTORS_PATH = LEXICON_PATH.parent / "unit_factors.json"


@lru_cache(maxsize=1)
def _factor_table() -> tuple[dict[str, str], dict[tuple[str, str], float], dict[str, tuple[float, float]]]:
    """(pint name → dimensionality, (from, to) → factor, offset unit → (scale, offset))."""
    try:
        with FACTORS_PATH.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return {}, {}, {}  # only while the file itself is being built
    dims = data["dimensions"]
    pairs = {}
    for src, row in data["factors"].items():
        for dst, factor in row.items():
            pairs[(src, dst)] = factor
    offsets = {k: (v[0], v[1]) for k, v in data["offsets"].items()}
    return dims, pairs, offsets


def _table_convert(value: float, from_unit: str, to_unit: str) -> float | None:
    """``value`` converted with the factor table, as pint computes it; None if a unit is not in it.

    pint converts an offset unit (degree Celsius) to its reference (kelvin) with
    ``value * scale + offset``, multiplies by the factor between the two references, and comes
    back with ``(value - offset) / scale``; the same operations in the same order give the same
    floating-point result.
    """
    dims, pairs, offsets = _factor_table()
    if from_unit not in dims or to_unit not in dims:
        return None
    if dims[from_unit] != dims[to_unit]:
        raise ValueError(f"cannot convert {from_unit} ({dims[from_unit]}) to {to_unit} ({dims[to_unit]})")
    factor = pairs.get((from_unit, to_unit))
    if factor is None:
        return None
    value = float(value)
    if from_unit in offsets:
        scale, offset = offsets[from_unit]
        value = value * scale + offset
    value = value * factor
    if to_unit in offsets:
        scale, offset = offsets[to_unit]
        value = (value - offset) / scale
    return value


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` from one unit to another (pint names, or ISO codes for money).

    Money converts only between a currency and its own minor unit (``USX``→``USD``); any other
    currency pair, or a dimension mismatch, raises :class:`ValueError`. A decade is ten years
    (pint's own "decade" is a logarithmic unit). Temperatures convert as
    absolute temperatures (20 degC → 68 degF). Lexicon units convert with the shipped factor
    table; pint is imported only for a unit the table does not have.
    """
    if from_unit == to_unit:
        return float(value)
    if from_unit in _TIME_OVERRIDES:
        _, _, factor, base = _TIME_OVERRIDES[from_unit]
        return convert(value * factor, base, to_unit)
    if to_unit in _TIME_OVERRIDES:
        _, _, factor, base = _TIME_OVERRIDES[to_unit]
        return convert(value, from_unit, base) / factor
    if (from_unit, to_unit) in _MINOR_FACTOR:
        return value * _MINOR_FACTOR[(from_unit, to_unit)]
    if (to_unit, from_unit) in _MINOR_FACTOR:
        return value / _MINOR_FACTOR[(to_unit, from_unit)]
    if dimension_of(from_unit) == "[currency]" or dimension_of(to_unit) == "[currency]":
        raise ValueError(f"cannot convert {from_unit} to {to_unit}")
    got = _table_convert(value, from_unit, to_unit)
    if got is not None:
        return got
    return _pint_convert(value, from_unit, to_unit)


def _pint_convert(value: float, from_unit: str, to_unit: str) -> float:
    import pint

    ureg = _ureg()
    try:
        q = ureg.Quantity(value, from_unit)
        return float(q.to(to_unit).magnitude)
    except (pint.errors.DimensionalityError, pint.errors.UndefinedUnitError) as exc:
        raise ValueError(str(exc)) from exc


def build_factor_table() -> dict:
    """The factor table from pint: every ordered pair of lexicon units of one dimension.

    For a pair with a temperature on an offset scale the factor is the one between the two
    reference units, and the offset unit's (scale, offset) are recorded, as pint converts them.
    """
    import importlib.metadata as md

    ureg = _ureg()
    names = sorted({info.pint for info in UNITS.values()
                    if info.pint and info.dimension not in ("", "[currency]")
                    and info.pint not in _TIME_OVERRIDES})
    dims: dict[str, str] = {}
    offsets: dict[str, list] = {}
    reference: dict[str, str] = {}
    for name in names:
        try:
            unit = ureg.parse_units(name)
        except Exception:
            continue
        # an offset unit (degree Celsius) is converted through its reference unit (kelvin);
        # a logarithmic one (decibel) is left to pint
        offset_unit = ureg._validate_and_extract(unit._units)
        reference[name] = name
        if offset_unit:
            conv = ureg._units[offset_unit].converter
            if type(conv).__name__ != "OffsetConverter":
                continue
            offsets[name] = [conv.scale, conv.offset]
            reference[name] = str(ureg.Unit(ureg._add_ref_of_log_or_offset_unit(
                offset_unit, unit._units.remove([offset_unit]))))
        dims[name] = str(unit.dimensionality) or "dimensionless"
    factors: dict[str, dict[str, float]] = {}
    for a in dims:
        row = {}
        for b in dims:
            if a == b or dims[a] != dims[b]:
                continue
            row[b] = float(ureg.Quantity(1.0, reference[a]).to(reference[b]).magnitude)
        if row:
            factors[a] = row
    return {"built_from": {"pint": md.version("pint")}, "dimensions": dims, "offsets": offsets,
            "factors": factors}


def write_factor_table(path: pathlib.Path = FACTORS_PATH) -> None:
    """Regenerate the shipped factor table file."""
    data = build_factor_table()
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                    encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Building the lexicon (not used at run time).


def _pint_candidates(name: str, unit: dict) -> list[str]:
    base = name.replace("-mass", "").replace("-force", "_force")
    cands = []
    if base.startswith("degree "):
        # pint would read "degree fahrenheit" as angle-degree times a temperature step
        cands.append("degree_" + base.split(" ", 1)[1].capitalize())
    # the underscore form first: pint reads "solar mass" as a product, "solar_mass" as the unit
    cands += [base.replace(" ", "_"), base, base.replace(" per ", " / ")]
    if base == "percentage":
        cands.append("percent")
    words = base.split(" ")
    for i, w in enumerate(words):
        # "square kilometre" → "kilometre ** 2", "kilometre per square second" likewise
        if w in ("square", "cubic") and i + 1 < len(words):
            power = "2" if w == "square" else "3"
            rest = words[:i] + [words[i + 1] + " ** " + power] + words[i + 2 :]
            cands.append(" ".join(rest).replace(" per ", " / "))
    cands.extend(unit.get("symbols", []))
    return cands


def _to_pint(name: str, unit: dict, ureg) -> tuple[str | None, str]:
    for cand in _pint_candidates(name, unit):
        try:
            u = ureg.parse_units(cand)
        except Exception:
            continue
        dim = str(u.dimensionality)
        return str(u), (dim if dim != "dimensionless" else "dimensionless")
    return None, ""


def _entity_rank(entity: str, code: str | None = None) -> int:
    if code in ("USX", "GBX"):
        # "c", "C", "p" are far more often Celsius, coulomb-free prose or pages than cents
        return len(_ENTITY_PRIORITY) + 1
    try:
        return _ENTITY_PRIORITY.index(entity)
    except ValueError:
        return len(_ENTITY_PRIORITY)


def build_lexicon() -> dict:
    """Build the lexicon from quantulum3's catalogue, validated with pint.

    Returns the JSON-ready dict written to ``numcheck/data/units.json``: the versions it was built
    from, ``units`` (key → [pint name, dimensionality, entity, currency code]), ``symbols``,
    ``surfaces`` (lower case, with inflect plurals), ``wordlike`` and ``currency_prefixes``.
    """
    import importlib.metadata as md

    import inflect
    import pint
    import quantulum3
    from quantulum3 import load as qload

    top = pathlib.Path(quantulum3.__file__).resolve().parent
    raw: dict[str, dict] = {}
    for path in (top / "units.json", top / "_lang" / "en_US" / "units.json"):
        for name, unit in json.loads(path.read_text(encoding="utf-8")).items():
            for nname, nunit in qload.Units.prefixed_units(name, unit):
                raw.setdefault(nname, {}).update(nunit)
    for name, unit in _EXTRA_UNITS.items():
        raw.setdefault(name, dict(unit))
    common = json.loads((top / "_lang" / "en_US" / "common-words.json").read_text())
    common_words = {w for ws in common.values() for w in ws}

    ureg = pint.UnitRegistry()
    eng = inflect.engine()
    units: dict[str, list] = {}
    for name, unit in sorted(raw.items()):
        entity = unit.get("entity")
        if not entity or name == "unk":
            continue
        code = unit.get("currency_code")
        if entity == "currency":
            code = code or _MINOR_CURRENCY.get(name)
            if not code:
                continue
            units[name] = [None, "[currency]", entity, code]
            continue
        pint_name, dim = _to_pint(name, unit, ureg)
        if name in _TIME_OVERRIDES:
            pint_name, dim = _TIME_OVERRIDES[name][:2]
        units[name] = [pint_name, dim or ("dimensionless" if entity == "dimensionless" else ""), entity, None]

    def better(new: str, old: str | None) -> bool:
        if old is None:
            return True
        rn, ro = _entity_rank(units[new][2], units[new][3]), _entity_rank(units[old][2], units[old][3])
        if rn != ro:
            return rn < ro
        # on a tie prefer the unpretentious unit: unprefixed, then alphabetical for stability
        return (len(new), new) < (len(old), old)

    symbols: dict[str, str] = {}
    surfaces: dict[str, str] = {}
    for name, unit in sorted(raw.items()):
        if name not in units:
            continue
        for sym in unit.get("symbols", []):
            if sym in _DROP_SYMBOLS or not sym.strip():
                continue
            if better(name, symbols.get(sym)):
                symbols[sym] = name
        for surf in unit.get("surfaces", []):
            for form in {surf.lower(), eng.plural_noun(surf).lower()}:
                if form in _DROP_SURFACES or not form.strip():
                    continue
                if better(name, surfaces.get(form)):
                    surfaces[form] = name
    for form, name in _PREFERRED.items():
        (symbols if form in symbols else surfaces)[form] = name
    for surf, name in _EXTRA_SURFACES.items():
        if name in units:
            surfaces[surf] = name
    for sym, name in _EXTRA_SYMBOLS.items():
        if name in units:
            symbols[sym] = name
        elif name == "hong kong dollar" or name == "singapore dollar":
            # quantulum3 has no entry for these; their codes are still unambiguous ISO codes
            code = {"hong kong dollar": "HKD", "singapore dollar": "SGD"}[name]
            units[name] = [None, "[currency]", "currency", code]
            symbols[sym] = name

    wordlike = sorted(
        s for s in set(symbols) | set(surfaces)
        if s.lower() in common_words or s.lower() in _ENGLISH_SHORT or len(s) == 1 and s.isalpha()
    )
    prefixes = sorted(
        {s for s, k in symbols.items() if units[k][2] == "currency" and units[k][3] not in ("USX", "GBX")
         and not (len(s) == 1 and s.isalpha())},
        key=lambda s: (-len(s), s),
    )
    return {
        "built_from": {"quantulum3": md.version("quantulum3"), "pint": md.version("pint")},
        "units": units,
        "symbols": dict(sorted(symbols.items())),
        "surfaces": dict(sorted(surfaces.items())),
        "wordlike": wordlike,
        "currency_prefixes": prefixes,
    }


def write_lexicon(path: pathlib.Path = LEXICON_PATH) -> None:
    """Regenerate the shipped lexicon file."""
    data = build_lexicon()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    if "--factors" not in sys.argv[1:]:
        write_lexicon()
        print(f"wrote {LEXICON_PATH}")
    write_factor_table()
    print(f"wrote {FACTORS_PATH}")
