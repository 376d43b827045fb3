"""The registry of kinds of entry: complete, consistent with the domain and the database
tables, and precise enough that a value written in any unit reads back as the same value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Float, Integer

from tracker import kinds
from tracker.domain import LABELS, OPTIONAL_LABELS, Kind
from tracker.store.schema import ENTRY_ROWS
from tracker.units import WaterUnit, WeightUnit


def test_every_kind_has_its_spec():
    assert list(kinds.KINDS) == list(Kind)
    assert all(spec.kind is kind for kind, spec in kinds.KINDS.items())


@pytest.mark.parametrize("kind", list(Kind))
def test_a_spec_is_whole(kind):
    spec = kinds.spec(kind)
    assert spec.name and spec.value_name
    assert spec.units[0].factor == 1.0, "the first unit is the metric unit the value is kept in"
    assert len({unit.code for unit in spec.units}) == len(spec.units)
    has_label = kind in LABELS or kind in OPTIONAL_LABELS or kind is Kind.SARC_F
    assert (spec.label_column is not None) == has_label == bool(spec.label_name)
    if spec.valid_range is not None:
        low, high = spec.valid_range
        assert low < high
    else:
        assert kind is Kind.DOSE  # checked against the medicine's label instead
    if spec.whole:
        assert spec.stored_decimals == 0
        assert spec.valid_range is not None
        assert all(float(bound).is_integer() for bound in spec.valid_range)


def test_every_unit_is_listed_once_by_its_code():
    used = {unit for spec in kinds.KINDS.values() for unit in spec.units}
    assert used <= set(kinds.UNITS.values())
    assert all(kinds.UNITS[unit.code] is unit for unit in used)


@pytest.mark.parametrize("kind", list(Kind))
def test_every_spelling_of_a_unit_reads_as_it(kind):
    for unit in kinds.spec(kind).units:
        for spelling in (unit.code, *unit.spellings):
            assert kinds.canonical_unit(kind, spelling) == unit.code
            assert kinds.canonical_unit(kind, f" {spelling.upper()} ") == unit.code
    assert kinds.canonical_unit(kind, "furlong") is None


@pytest.mark.parametrize(
    "weight_unit, water_unit, expected",
    [
        (WeightUnit.KG, WaterUnit.ML, {Kind.WEIGHT: "kg", Kind.WAIST: "cm", Kind.WATER: "ml"}),
        (
            WeightUnit.LB,
            WaterUnit.FL_OZ,
            {Kind.WEIGHT: "lb", Kind.WAIST: "in", Kind.WATER: "fl_oz"},
        ),
    ],
)
def test_a_patient_reads_each_kind_in_their_units(weight_unit, water_unit, expected):
    shown = {kind: kinds.display_unit(kind, weight_unit, water_unit) for kind in Kind}
    assert shown[Kind.LEAN_MASS] == shown[Kind.GRIP_STRENGTH] == shown[Kind.WEIGHT]
    assert shown[Kind.HIP] == shown[Kind.WAIST]
    assert {kind: shown[kind] for kind in expected} == expected
    masses = {Kind.WEIGHT, Kind.LEAN_MASS, Kind.GRIP_STRENGTH}
    others = set(Kind) - masses - {Kind.WAIST, Kind.HIP, Kind.WATER}
    assert all(shown[kind] == kinds.spec(kind).metric_unit for kind in others)


# --- the stored precision -----------------------------------------------------------------------

KIND_UNITS = [(kind, unit) for kind in Kind for unit in kinds.accepted_units(kind)]


@st.composite
def stored_values(draw):
    """A kind, one of its units, and a value as it is stored: in range, at the stored precision."""
    kind, unit = draw(st.sampled_from(KIND_UNITS))
    spec = kinds.spec(kind)
    low, high = spec.valid_range or (0.0, 100.0)  # a dose: any labelled dose is well within
    step = 10**spec.stored_decimals
    steps = draw(st.integers(round(low * step), round(high * step)))
    return kind, unit, kinds.quantize(kind, steps / step)


@given(stored_values())
def test_a_stored_value_written_in_any_unit_reads_back_the_same(case):
    kind, unit, stored = case
    written = kinds.format_in_unit(kind, stored, unit)
    assert kinds.quantize(kind, kinds.to_metric(kind, float(written), unit)) == stored


def test_a_load_written_in_pounds_reads_back_the_same():
    for hundredths in range(0, 50_001, 7):
        load_kg = hundredths / 100
        written = round(kinds.load_from_kg(load_kg, "lb"), 2)  # as the entries CSV writes it
        assert kinds.load_to_kg(written, "lb") == load_kg


# --- the database tables ------------------------------------------------------------------------


def test_every_entry_table_belongs_to_one_kind():
    tables = [spec.table for spec in kinds.KINDS.values()]
    assert len(set(tables)) == len(tables)
    assert set(tables) == set(ENTRY_ROWS)


@pytest.mark.parametrize("kind", list(Kind))
def test_a_kinds_columns_are_in_its_table(kind):
    spec = kinds.spec(kind)
    columns = ENTRY_ROWS[spec.table].__table__.columns
    for name in (spec.value_column, spec.label_column, spec.extra_column):
        assert name is None or name in columns, f"{spec.table} has no column {name}"
    value = columns[spec.value_column]
    assert not value.nullable
    assert isinstance(value.type, Integer if spec.whole else Float)
