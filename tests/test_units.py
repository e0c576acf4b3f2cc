"""Tests for the unit lexicon (numcheck.extract.units)."""

import json
import subprocess
import sys
import time

import pytest

from numcheck.extract import units


def test_shipped_lexicon_matches_a_rebuild():
    pytest.importorskip("quantulum3")
    pytest.importorskip("pint")
    shipped = json.loads(units.LEXICON_PATH.read_text(encoding="utf-8"))
    assert units.build_lexicon() == shipped


def test_lookup_surfaces_symbols_and_plurals():
    assert units.lookup("km").pint == "kilometer"
    assert units.lookup("Kilometres").pint == "kilometer"
    assert units.lookup("miles").pint == "mile"
    assert units.lookup("°C").pint == "degree_Celsius"
    assert units.lookup("MB").pint == "megabyte"
    assert units.lookup("hours").dimension == "[time]"
    assert units.lookup("not-a-unit") is None


def test_currencies_carry_iso_codes():
    assert units.lookup("$").currency == "USD"
    assert units.lookup("£").currency == "GBP"
    assert units.lookup("€").currency == "EUR"
    assert units.lookup("yen").currency == "JPY"
    assert units.lookup("cents").currency == "USX"
    assert "US$" in units.CURRENCY_PREFIXES


def test_pound_reads_as_weight_by_default():
    assert units.lookup("pounds").pint == "pound"


def test_dimension_of():
    assert units.dimension_of("kilometer") == "[length]"
    assert units.dimension_of("USD") == "[currency]"
    assert units.dimension_of("hour") == "[time]"
    assert units.dimension_of("no_such_unit_xyz") == ""


def test_convert():
    assert units.convert(1200, "kilometer", "mile") == pytest.approx(745.645, rel=1e-4)
    assert units.convert(20, "degree_Celsius", "degree_Fahrenheit") == pytest.approx(68.0)
    assert units.convert(250, "USX", "USD") == pytest.approx(2.5)
    with pytest.raises(ValueError):
        units.convert(1, "USD", "EUR")
    with pytest.raises(ValueError):
        units.convert(1, "kilometer", "hour")


def test_import_and_first_scan_stay_light():
    # What made the first scan slow was pint (and numpy behind it) loading on the scan path; the
    # speed itself is measured by bench/ scripts, not here. The scan must not import them, nor
    # the CLI's own heavy libraries.
    code = (
        "import sys;"
        "from numcheck.extract.numbers import scan_numbers; scan_numbers('It weighs 5 kg and costs $3.');"
        "print(','.join(m for m in ('pint', 'numpy', 'rich', 'pydantic', 'yaml') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "", loaded


def test_decade_is_ten_years():
    # pint's own "decade" is a logarithmic factor of ten; in prose it is a span of time
    assert units.lookup("decades").dimension == "[time]"
    assert units.dimension_of("decade") == "[time]"
    assert units.convert(2, "decade", "year") == pytest.approx(20)
    assert units.convert(30, "year", "decade") == pytest.approx(3)
    assert units.convert(1, "century", "decade") == pytest.approx(10)


def test_watt_hours_with_prefixes():
    assert units.lookup("MWh").pint == "megawatt_hour"
    assert units.lookup("terawatt-hours").pint == "terawatt_hour"
    assert units.convert(3, "megawatt_hour", "kilowatt_hour") == pytest.approx(3000)


def test_factor_table_matches_a_rebuild_from_pint():
    pytest.importorskip("pint")
    shipped = json.loads(units.FACTORS_PATH.read_text(encoding="utf-8"))
    assert units.build_factor_table() == shipped


def test_factor_table_converts_every_pair_exactly_as_pint():
    # the same floating-point result, not an approximation: a conversion check compares
    # rounded figures, and a last-bit difference could move one across a rounding boundary
    pytest.importorskip("pint")
    dims, pairs, offsets = units._factor_table()
    assert len(pairs) > 5000 and "degree_Celsius" in offsets
    for (a, b) in pairs:
        for value in (0.0, 1.0, 37.5, -40.0, 1234567.0, 0.001):
            assert units._table_convert(value, a, b) == units._pint_convert(value, a, b), (a, b, value)


def test_units_outside_the_table_still_convert_through_pint():
    pytest.importorskip("pint")
    dims, _, _ = units._factor_table()
    assert "decibel" not in dims  # a logarithmic unit: pint's own arithmetic
    assert "chain" not in dims and "meter" in dims
    assert units.convert(1, "chain", "meter") == pytest.approx(20.1168, rel=1e-5)
    with pytest.raises(ValueError):
        units.convert(1, "chain", "hour")


def test_a_check_with_conversions_imports_no_pint():
    code = (
        "import sys, numcheck\n"
        "r = numcheck.check(texts='The lake is 1,200 km (946 miles) long. It was 20 °C (78 °F) there, '"
        "'and 3 MWh (3,000 kWh) were used.')\n"
        "print(sorted(a.code for a in r.anomalies))\n"
        "print(','.join(m for m in ('pint', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    codes, loaded = out.splitlines()
    assert codes == "['NC301', 'NC301']"  # both wrong conversions found, from the table alone
    assert loaded == "", loaded
