"""Kind ``conversion``: a measurement and its conversion given side by side disagree.

"The storm moved 120 miles (250 km) inland": 120 miles is 193.1 km, and no rounding of
193.1 km gives 250 km.

The pairs come from the reading layer (``conversion`` relations, :mod:`numcheck.read`): a
quantity followed directly by a bracket (or ", or") that holds nothing but another quantity in a
different unit ("120 miles (193 km)", "30°C (86°F)", "5 kg, or about 11 pounds,"), with a
compound measurement before the bracket read as one ("5 feet 11 inches (1.80 m)"). Here only
the arithmetic is done.

Tolerance (documented in the README's policy, specialised for conversions):

- Both figures may be roundings of one true value (weather services give wind speeds in knots
  and round both the mph and the km/h figure), so each is widened by the rounding its digits
  show: half a unit of its last digit ("3 mph" is 2.5–3.5, "1.80 m" is ±0.005), and a whole
  number ending in 5 may be rounded to the nearest 5 ("45 km/h" is ±2.5).
- The converted figure (the second) is a rounding of an exact product, so its trailing zeros
  count as rounding too: "250" is good to ±5, "200" to ±50. This is the one place where
  trailing zeros count as rounding, because a conversion is never a round number by nature;
  the first figure's trailing zeros do not ("120 miles" is 119.5–120.5), or any error in a
  round figure would be excused. Qualifiers ("about 190 km") widen as usual.
- Conversion factors are often rounded by writers (1 mile ≈ 1.6 km, 1 kg ≈ 2.2 lb), so the
  converted value also gets a relative slack (param ``relative_slack``, 2%).
- Temperatures convert as absolute temperatures or as differences ("rose by 2°C (3.6°F)"),
  whichever fits, with an absolute slack of ``temperature_slack`` degrees.
- Money is never converted (exchange rates change; see :func:`numcheck.extract.units.convert`).

The check fires only when the converted interval of the first figure and the interval of the
second share no point.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Iterator

from numcheck.checks.base import DocClaims, Finding, Involved, KindSpec, Params
from numcheck.checks.common import INF, fmt, interval, intersects
from numcheck.model import Claim


class ConversionParams(Params):
    """Slack allowed for rounded conversion factors."""

    #: Relative slack on the converted value (writers use 1.6 km per mile, 2.2 lb per kg).
    relative_slack: float = 0.02
    #: Absolute slack, in degrees of the target scale, for temperatures.
    temperature_slack: float = 1.0


_LITERAL = re.compile(r"\d[\d,\u00a0\u2009]*(?:\.(\d+))?")


def _pint_name(unit: str | None) -> str | None:
    """The pint name of a claim unit (claims may carry a lexicon key or a pint name)."""
    if not unit:
        return None
    from numcheck.extract import units as _units

    info = _units.UNITS.get(unit) or _units.lookup(unit)
    if info is not None:
        return info.pint or None
    return unit


def _dimension(pint_name: str) -> str:
    from numcheck.extract import units as _units

    return _units.dimension_of(pint_name)


def _convert(value: float, src: str, dst: str) -> float:
    from numcheck.extract import units as _units

    return _units.convert(value, src, dst)


def converted_halfwidth(c: Claim, trailing_zeros: bool = True) -> float:
    """Rounding of a figure in a conversion pair, from the digits written.

    Half a unit of the last significant digit: with ``trailing_zeros`` (the converted figure)
    trailing zeros of a whole number count as rounding ("250" ±5, "200" ±50); without (the
    figure being converted) a whole number is good to ±0.5. A last significant digit of 5
    may be a rounding to the nearest 5 ("45 km/h" from a speed given in knots: ±2.5), as
    weather services do; this applies to the units digit only ("250" stays ±5).
    """
    m = _LITERAL.search(c.text)
    if m is None or c.value is None:
        return 0.5
    digits = m.group(0).rstrip(",\u00a0\u2009")
    literal = digits.replace(",", "").replace("\u00a0", "").replace("\u2009", "")
    try:
        literal_value = float(literal)
    except ValueError:
        return 0.5
    scale = abs(c.value / literal_value) if literal_value else 1.0
    if m.group(1):
        # decimals are deliberate precision, trailing decimal zeros included ("1.50")
        return 0.5 * 10 ** (-len(m.group(1))) * scale
    whole = literal.split(".")[0]
    significant = whole.rstrip("0") if trailing_zeros else whole
    place = 10 ** (len(whole) - len(significant)) if significant else 1
    half = 0.5 * place
    if place == 1 and whole.endswith("5") and len(whole) > 1:
        # "45", "195": possibly rounded to the nearest 5; "250" stays good to ±5
        half = 2.5
    return half * scale


def _pair_interval(c: Claim, converted: bool) -> tuple[float, float]:
    """The interval of one figure of a pair: qualifier interval, widened by its rounding.

    Both figures of a pair may be roundings of one true value (often given in a third unit,
    such as knots), so each is widened by the rounding its digits show; only the converted
    figure's trailing zeros count as rounding. A hedge on the first figure ("up to 150km/h
    (about 60mph)") bounds the quantity, not the conversion, which restates the value written.
    """
    lo, hi = interval(c)
    if not converted and c.qualifier in ("up_to", "at_most", "less_than", "at_least", "more_than", "approx") \
            and c.value is not None:
        from numcheck.checks.common import rounding_halfwidth as _rh

        lo, hi = c.value - _rh(c), c.value + _rh(c)
    # interval() adds rounding only for decimals; replace it with the conversion rounding
    from numcheck.checks.common import rounding_halfwidth

    r0 = rounding_halfwidth(c)
    r = max(r0, converted_halfwidth(c, trailing_zeros=converted))
    return (lo + r0 - r, hi - r0 + r)


def run(documents: Iterable[DocClaims], params: ConversionParams) -> Iterator[Finding]:
    """Yield a finding for each side-by-side conversion that no rounding explains."""
    for dc in documents:
        claims = dc.claims
        for rel in dc.reading.relations:
            if rel.kind != "conversion" or rel.blocked:
                continue
            src_run = [claims[k] for k in rel.of("value")]
            second = claims[rel.of("converted")[0]]
            if any(c.value is None or not math.isfinite(c.value) for c in src_run + [second]):
                continue
            finding = _check_pair(dc, src_run, second, params)
            if finding is not None:
                yield finding


def _check_pair(dc: DocClaims, src_run: list[Claim], second: Claim,
                params: ConversionParams) -> Finding | None:
    dst = _pint_name(second.unit)
    srcs = [_pint_name(c.unit) for c in src_run]
    if dst is None or any(s is None for s in srcs):
        return None
    dim = _dimension(dst)
    if not dim or dim == "[currency]" or dim == "dimensionless":
        return None
    if any(_dimension(s) != dim for s in srcs) or all(s == dst for s in srcs):
        return None
    temperature = "[temperature]" in dim
    if temperature and len(src_run) > 1:
        return None
    # the first figure's interval, converted (compound parts add up)
    lo = hi = 0.0
    try:
        for c, s in zip(src_run, srcs):
            clo, chi = _pair_interval(c, converted=False)
            if temperature:
                lo, hi = _convert(clo, s, dst), _convert(chi, s, dst)
            else:
                factor = _convert(1.0, s, dst)
                lo += clo * factor
                hi += chi * factor
    except (ValueError, ZeroDivisionError):
        return None
    stated = _pair_interval(second, converted=True)
    if "[temperature]" in dim and math.isfinite(stated[0]) and math.isfinite(stated[1]):
        # a temperature is rounded to the nearest five at most: "90F" is not 85–95
        mid = (stated[0] + stated[1]) / 2
        stated = (max(stated[0], mid - 2.5), min(stated[1], mid + 2.5))
    if temperature:
        readings = [(min(lo, hi), max(lo, hi))]
        # a temperature difference converts by the scale factor only
        try:
            f = _convert(1.0, srcs[0], dst) - _convert(0.0, srcs[0], dst)
            dlo, dhi = _pair_interval(src_run[0], converted=False)
            readings.append((min(dlo * f, dhi * f), max(dlo * f, dhi * f)))
        except ValueError:
            pass
        slack = params.temperature_slack
        widened = [(a - slack, b + slack) for a, b in readings]
    else:
        widened = [(lo * (1 - params.relative_slack), hi * (1 + params.relative_slack))]
    if any(intersects(w, stated) for w in widened):
        return None
    exact = widened[0]
    mid = (lo + hi) / 2 if math.isfinite(hi) else lo
    first_text = " ".join(c.text for c in src_run)
    unit_label = _unit_label(second)
    computation = (
        f"{first_text} = {fmt(_round_sig(mid))} {unit_label}; "
        f"\"{second.text}\" allows {_iv(stated)} {unit_label}, "
        f"converted value allows {_iv(exact)} {unit_label}"
    )
    evidence = tuple(Involved(dc.doc, c, "converted figure") for c in src_run)
    return Finding(
        primary=Involved(dc.doc, second, "conversion"),
        evidence=evidence,
        values={
            "first": first_text,
            "second": second.text,
            "expected": _round_sig(mid),
            "unit": unit_label,
        },
        computation=computation,
    )


def _unit_label(c: Claim) -> str:
    """How the target unit reads in a message: the symbol the text used when we can find it."""
    m = _LITERAL.search(c.text)
    tail = c.text[m.end():].strip() if m else ""
    # the value shown is in plain units, so a scale word in the text must not be repeated
    tail = re.sub(r"^(?:thousand|million|billion|trillion)\s+", "", tail, flags=re.I)
    return tail or (c.unit or "")


def _round_sig(x: float, sig: int = 4) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def _iv(iv: tuple[float, float]) -> str:
    lo, hi = iv
    if hi == INF:
        return f"≥ {fmt(_round_sig(lo))}"
    return f"{fmt(_round_sig(lo))}–{fmt(_round_sig(hi))}"


KIND = KindSpec(
    name="conversion",
    params=ConversionParams,
    run=run,
    scope="document",
    description="A measurement and its conversion given side by side disagree beyond rounding.",
)
