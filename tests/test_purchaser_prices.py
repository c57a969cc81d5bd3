"""Purchaser-price lines: split into producer value and trade/transport margins.

BOK's producer-price table shipped here carries no margins (its 9331/9332 columns are 0),
so with it a purchaser-price line is kept whole and the project says so.  With a table
that has margins (stood in for here by known shares: 80% producer, 15% trade, 5%
transport, all by land) the split is checked by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import impact
from impact import flows as flows_module
from impact import project as project_module


def one_line(tables, **fields):
    row = {"item": "servers", "sector": "34", "amount": 10.0, "year": 2021,
           "phase": "construction", "in_region_share": 0.5, "import_share": 0.2,
           "price_year": 2020, **fields}
    return impact.project_from_frame(pd.DataFrame([row]), id="pp", name="PP", region="충북",
                                     price_year=2020, unit="억원", tables=tables)


@pytest.fixture
def margins(monkeypatch):
    n = 83
    split = (np.full(n, 0.8), np.full(n, 0.15), np.full(n, 0.05), np.array([1.0, 0, 0, 0]))
    fake = lambda tables: split  # noqa: E731
    monkeypatch.setattr(flows_module, "margin_split", fake)
    monkeypatch.setattr(project_module, "margin_split", fake)
    return split


def test_shipped_table_has_no_margins_and_says_so(tables):
    assert flows_module.margin_split(tables) is None
    purchaser = one_line(tables, price_basis="purchaser")
    producer = one_line(tables, price_basis="producer")
    assert any("purchaser prices" in w for w in purchaser.warnings)
    assert not any("purchaser prices" in w for w in producer.warnings)
    np.testing.assert_allclose(impact.estimate(purchaser, tables=tables).totals(),
                               impact.estimate(producer, tables=tables).totals())


def test_goods_categories_default_to_purchaser_prices(tables):
    p = impact.project_from_frame(pd.DataFrame([
        {"item": "GPU", "category": "it_hardware", "amount": 1, "year": 2021,
         "phase": "construction"},
        {"item": "build", "category": "building_construction", "amount": 1, "year": 2021,
         "phase": "construction"},
        {"item": "servers", "category": "it_hardware", "price_basis": "생산자가격", "amount": 1,
         "year": 2021, "phase": "construction"}]),
        id="d", name="D", region="충북", price_year=2020, unit="억원", tables=tables)
    assert p.lines["price_basis"].tolist() == ["purchaser", "producer", "producer"]
    with pytest.raises(impact.BudgetError, match="producer .* or purchaser") as info:
        one_line(tables, price_basis="retail")
    assert info.value.field == "lines[1].price_basis"


def test_purchaser_line_split_by_hand(tables, margins):
    r = impact.estimate(one_line(tables, price_basis="purchaser"), tables=tables)
    m = tables.multipliers.set_index(["region", "sector_code"])
    mult = {c: m.loc[("충북", c), "output_in_region"] for c in ("34", "52", "53")}
    # 10억원 = 1,000 백만원: 800 goods (50% in 충북, 20% imported), 150 trade, 50 transport
    # margins (never imported, 50% in 충북)
    expected = 400 * mult["34"] + 75 * mult["52"] + 25 * mult["53"]
    assert r.totals().loc["output", "in_region"] == pytest.approx(expected)
    inp = r.input_summary()
    assert inp["imported"] == pytest.approx(0.2 * 800)
    assert inp["final_demand"] == pytest.approx(1000)
    by_sector = r.flows.groupby("sector_code")["spend_2020"].sum()
    assert by_sector.to_dict() == pytest.approx({"34": 800, "52": 150, "53": 50})


def test_bridge_has_a_margin_step_that_adds_up(tables, margins):
    r = impact.estimate(one_line(tables, price_basis="purchaser"), tables=tables)
    b = r.bridge()
    assert "purchaser_to_producer" in set(b["step"])
    conventional = impact.estimate(one_line(tables, price_basis="producer"), tables=tables,
                                   basis="conventional").totals()
    part = b[b["measure"] == "output"].set_index("step")
    assert part.loc["conventional", "in_region"] == pytest.approx(
        conventional.loc["output", "in_region"])
    assert part.loc[part["kind"] == "change", "total"].sum() + part.loc[
        "conventional", "total"] == pytest.approx(r.totals().loc["output", "total"])
