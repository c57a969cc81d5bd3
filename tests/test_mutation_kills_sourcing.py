"""Where a line buys (impact/sourcing.py): the price basis as written or by category,
and errors that name the file, line, field and value.  Expected values come from
tables/categories.csv (it_hardware is bought at purchaser prices) and the files below."""

from __future__ import annotations

import pandas as pd
import pytest

import impact
from impact import sourcing
from impact.errors import BudgetError


def test_price_basis_as_written_beats_the_category_default(tables):
    frame = pd.DataFrame({"price_basis": [" 구매자가격 ", "Producer", None, None, "purchaser"]})
    category = pd.Series(["", "it_hardware", "it_hardware", "", ""])
    active = pd.Series([True, True, True, True, False])
    got = sourcing.price_bases(frame, category, active, tables)
    # written (any case, spaces, Korean) / written over the category's purchaser /
    # the category's (categories.csv) / a sector line: producer / not final demand
    assert list(got) == ["purchaser", "producer", "purchaser", "producer", "producer"]


YAML = """id: t
name: T
region: {region}
price_year: 2020
unit: 억원
lines:
  - id: ok
    item: works
    sector: "50"
    amount: 10
    year: 2020
    phase: construction
    in_region_share: 1.0
  - id: bad
    item: servers
    sector: "62"
    amount: 5
    year: 2020
    phase: construction
    in_region_share: 0.5
{extra}
"""


def _load_error(tmp_path, tables, region, extra):
    path = tmp_path / "budget.yaml"
    path.write_text(YAML.format(region=region, extra=extra), encoding="utf-8")
    with pytest.raises(BudgetError) as info:
        impact.load_project(path, tables=tables)
    return path, info.value, str(info.value)


def test_unknown_price_basis_names_file_line_field_and_value(tmp_path, tables):
    path, err, text = _load_error(tmp_path, tables, "경북", "    price_basis: wholesale")
    assert err.field == "lines[2].price_basis" and err.value == "wholesale"
    assert err.message == "must be producer (생산자가격) or purchaser (구매자가격)"
    assert err.file == str(path) and path.name in text


def test_own_region_among_several_suppliers_is_refused(tmp_path, tables):
    """서울 named second of two suppliers (weights 1:1 -> 0.5 each) is still the project's own."""
    path, err, text = _load_error(tmp_path, tables, "서울",
                                  "    supplied_from: {경기: 1, 서울: 1}")
    assert err.field == "lines[2].supplied_from" and err.value == "경기:0.5,서울:0.5"
    assert err.message == "names the project's own region 서울; purchases there are in_region_share"
    assert err.file == str(path) and path.name in text


def _frame_error(tables, supplied_from, region="경북"):
    lines = pd.DataFrame({"item": ["works", "servers"], "sector": ["50", "62"],
                          "amount": [10.0, 5.0], "year": [2020, 2020],
                          "phase": ["construction"] * 2, "in_region_share": [1.0, 0.5],
                          "supplied_from": [None, supplied_from]})
    with pytest.raises(BudgetError) as info:
        impact.project_from_frame(lines, id="t", name="T", region=region, price_year=2020,
                                  unit="억원", tables=tables)
    assert info.value.field == "lines[2].supplied_from"
    return info.value, str(info.value)


@pytest.mark.parametrize("value", [5, ["경기"], {}])
def test_supplied_from_that_is_neither_a_region_nor_a_mapping_is_refused(tables, value):
    """An empty mapping would otherwise fall back to the GRDP default silently."""
    err, text = _frame_error(tables, value)
    assert err.message == "must be a region or a mapping of region: weight"


@pytest.mark.parametrize("weight", [0, -1, "a lot", True, float("inf")])
def test_supplier_weights_must_be_positive_numbers(tables, weight):
    err, text = _frame_error(tables, {"경기": 1, "강원": weight})
    assert err.message == "weights must be positive numbers"


def test_unknown_supplier_is_named_with_the_regions_to_choose_from(tables):
    err, text = _frame_error(tables, {"경기": 1, "Atlantis": 1})
    assert err.value == "Atlantis"
    names = [r["region"] for r in _regions_csv()]
    assert err.message == "unknown region; use one of " + ", ".join(names)


def _regions_csv():
    import csv
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "tables" / "regions.csv"
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("extra,message", [
    ("    supplied_from: {경기: 1, Atlantis: 1}", "unknown region"),
    ("    supplied_from: {경기: 0}", "weights must be positive numbers"),
])
def test_supplier_errors_name_the_file(tmp_path, tables, extra, message):
    path, err, text = _load_error(tmp_path, tables, "경북", extra)
    assert err.message.startswith(message) and err.file == str(path)
    assert path.name in text and err.field == "lines[2].supplied_from"


@pytest.mark.parametrize("extra,field,message", [
    ("    import_share: many", "import_share", "must be a number"),
    ("    import_share: 1.2", "import_share", "must be between 0 and 1"),
    ("    import_share: 0.6", "import_share",
     "in_region_share + import_share must not exceed 1 (the rest is bought in other Korean "
     "regions)"),
    ("    import_share: 0.3\n    import_share_range: [0.4, 0.6]", "import_share_range",
     "must contain the line's import_share (as written or its default)"),
    ("    import_share: 0.3\n    import_share_range: [0.6, 0.4]", "import_share_range",
     "must be 0 <= low <= high <= 1"),
    ("    import_share: 0.3\n    import_share_range: [0.3]", "import_share_range",
     "must be [low, high], two numbers"),
    ("    import_share: 0.3\n    import_share_range: [0.2, 0.6]", "import_share_range",
     "high + in_region_share must not exceed 1"),
])
def test_import_share_errors_name_file_line_field_and_message(tmp_path, tables, extra, field,
                                                              message):
    """The second line buys 0.5 in its region; each written share breaks one rule."""
    path, err, text = _load_error(tmp_path, tables, "경북", extra)
    assert err.message == message and err.file == str(path)
    assert err.field == f"lines[2].{field}" and err.line is not None


def test_import_share_basis_says_where_each_share_came_from(tables):
    """The report reads these strings (Korean labels in sections._import_basis).  Shares:
    written; categories.csv (it_hardware 0.8; at in-region 0.2 exactly 1 - 0.2, not capped;
    at 0.5 capped to 0.5); the national table for a sector line; none for an exclusion."""
    lines = pd.DataFrame({
        "item": ["written", "hw", "hw capped", "sector", "land"],
        "category": [None, "it_hardware", "it_hardware", None, "land_purchase"],
        "sector": ["62", None, None, "50", None], "amount": [1.0] * 5, "year": [2020] * 5,
        "phase": ["construction"] * 5, "in_region_share": [0.5, 0.2, 0.5, 1.0, None],
        "import_share": [0.1, None, None, None, None]})
    p = impact.project_from_frame(lines, id="t", name="T", region="경북", price_year=2020,
                                  unit="억원", tables=tables)
    got = p.lines[["import_share", "import_share_basis"]]
    assert list(got["import_share"]) == pytest.approx([0.1, 0.8, 0.5, 0.0, 0.0])
    assert list(got["import_share_basis"]) == [
        "line", "category it_hardware (see its rationale)",
        "category it_hardware (see its rationale), capped at 1 - in_region_share",
        "national 2020 table: imported share of final demand for sector 50", ""]


def _one_line(tables, **fields):
    row = {"item": "servers", "sector": "62", "amount": 5.0, "year": 2020,
           "phase": "construction", **fields}
    return impact.project_from_frame(pd.DataFrame([row]), id="t", name="T", region="경북",
                                     price_year=2020, unit="억원", tables=tables).lines.iloc[0]


@pytest.mark.parametrize("in_region,share,low,high", [
    (0.5, 0.3, 0.3, 0.3),   # a range of one value, the share itself
    (0.0, 0.0, 0.0, 1.0),   # the whole 0-1 range
    (0.5, 0.2, 0.1, 0.5),   # high + in_region_share exactly 1
])
def test_import_share_ranges_at_their_bounds_are_accepted(tables, in_region, share, low, high):
    line = _one_line(tables, in_region_share=in_region, import_share=share,
                     import_share_range=[low, high])
    assert line["import_share"] == share


def test_import_share_range_above_one_is_refused(tables):
    with pytest.raises(BudgetError) as info:
        _one_line(tables, in_region_share=0.0, import_share=0.0, import_share_range=[0.0, 1.5])
    assert info.value.message == "must be 0 <= low <= high <= 1"


def test_one_supplier_named_twice_adds_its_weights(tables):
    """경기 and 경기도 are one region: 1 + 1 against 강원's 2 is half each."""
    line = _one_line(tables, in_region_share=0.5,
                     supplied_from={"경기": 1, "경기도": 1, "강원": 2})
    assert line["supplied_from"] == "강원:0.5,경기:0.5"
