"""The bridge's steps (impact/bridge.py) by hand from the shipped CSVs and the goldens."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import impact
from impact import flows as flows_module
from impact import project as project_module
from impact.bridge import at_prices, step_amounts
from impact.flows import project_flows

from .test_mutation_kills_result import (multiplier_row, nationwide, read_csv,
                                         supplier_multiplier)


def _index(series, year):
    return next(float(r["index_2020_100"]) for r in read_csv("price_indices.csv")
                if r["series"] == series and int(r["year"]) == year)


def _project(tables, rows, region="충북", price_year=2024):
    base = {"item": "x", "amount": 10.0, "year": 2024, "phase": "construction",
            "import_share": 0.0, "in_region_share": 1.0}
    return impact.project_from_frame(pd.DataFrame([{**base, **r} for r in rows]), id="b",
                                     name="B", region=region, price_year=price_year,
                                     unit="억원", tables=tables)


def test_step_amounts_by_hand(tables):
    """10억원 of software (62) at 2024 prices, half bought in 충북, 20% imported and the
    other 30% bought in other regions (shares of the whole line), and 5억원 of
    construction (50) bought in 충북: each step moves the money a reader can compute
    from price_indices.csv (62 deflates with the GDP deflator, 50 with the building
    index)."""
    p = _project(tables, [{"sector": "62", "import_share": 0.2, "in_region_share": 0.5},
                          {"sector": "50", "amount": 5.0}])
    soft = 1_000 * 100 / _index("gdp_deflator", 2024)
    works = 500 * 100 / _index("construction_building", 2024)
    got = step_amounts(project_flows(p, tables))
    assert got["conventional"] == pytest.approx(1_500.0, rel=1e-12)
    assert got["price_conversion"] == pytest.approx(soft + works - 1_500.0, rel=1e-12)
    assert got["purchaser_to_producer"] == 0.0
    assert got["imports_removed"] == pytest.approx(0.2 * soft, rel=1e-12)
    assert got["other_region_purchases_moved_out"] == pytest.approx(0.3 * soft, rel=1e-12)
    assert got["other_region_effects_added"] == pytest.approx(0.3 * soft, rel=1e-12)
    assert got["adjusted"] == pytest.approx(soft + works, rel=1e-12)


def test_at_prices_reprices_every_case_after_the_conventional_one():
    """Cases (cumulative) 100, 90, 70 in the region and 150, 135, 105 nationwide, at
    prices x 2 after the conventional figure (as written): 100, 180, 140 and 150, 270,
    210, so the steps become 100, +80, -40 and 150, +120, -60 and ours 140 and 210;
    jobs are persons and stay as they are."""
    steps = ["conventional", "price_conversion", "imports_removed", "adjusted"]
    output = [(100.0, 150.0), (-10.0, -15.0), (-20.0, -30.0), (70.0, 105.0)]
    jobs = [(5.0, 7.0), (-1.0, -1.5), (-2.0, -3.0), (2.0, 2.5)]
    frame = pd.DataFrame([{"step": s, "measure": m, "in_region": v[0], "total": v[1]}
                          for s, o, j in zip(steps, output, jobs)
                          for m, v in (("output", o), ("jobs", j))])
    got = at_prices(frame, 2.0)
    out = got[got["measure"] == "output"]
    np.testing.assert_allclose(out["in_region"], [100.0, 80.0, -40.0, 140.0])
    np.testing.assert_allclose(out["total"], [150.0, 120.0, -60.0, 210.0])
    pd.testing.assert_frame_equal(got[got["measure"] == "jobs"], frame[frame["measure"] == "jobs"])
    same = at_prices(frame, 1.0)
    pd.testing.assert_frame_equal(same, frame)
    assert same is not frame
    assert list(frame["in_region"][::2]) == [100.0, -10.0, -20.0, 70.0]  # input kept


@pytest.fixture
def margins(monkeypatch):
    """A stand-in national table with margins (the shipped one has none): every product
    at purchaser prices is 80% producer value, 15% trade (52), 5% transport, all by land
    (53)."""
    n = 83
    split = (np.full(n, 0.8), np.full(n, 0.15), np.full(n, 0.05), np.array([1.0, 0, 0, 0]))
    monkeypatch.setattr(flows_module, "margin_split", lambda tables: split)
    monkeypatch.setattr(project_module, "margin_split", lambda tables: split)


def test_bridge_of_a_purchaser_price_line_by_hand(tables, margins):
    """10억원 of servers (34) at purchaser prices, 2020 prices, in 충북: half bought there,
    20% imported.  Conventional: 1,000 of 34 in 충북.  Margins: 800 of 34, 150 of 52 and
    50 of 53.  Imports: 160 of the 800 (margins are never imported).  Moved out: 240 of
    34 and 75 + 25 of the margins bought elsewhere; their effects come back at the
    GRDP-weighted multipliers of the other regions."""
    p = _project(tables, [{"sector": "34", "year": 2021, "price_basis": "purchaser",
                           "in_region_share": 0.5, "import_share": 0.2}], price_year=2020)
    r = impact.estimate(p, tables=tables)
    b = r.bridge().set_index(["step", "measure"])
    assert list(b.index.get_level_values("step").unique()) == [
        "conventional", "price_conversion", "purchaser_to_producer", "imports_removed",
        "other_region_purchases_moved_out", "other_region_effects_added", "adjusted"]
    # the first and last rows are figures, the rest the changes between them
    kinds = r.bridge().groupby("step", sort=False)["kind"].unique().map(list).to_dict()
    assert kinds == {"conventional": ["figure"], "price_conversion": ["change"],
                     "purchaser_to_producer": ["change"], "imports_removed": ["change"],
                     "other_region_purchases_moved_out": ["change"],
                     "other_region_effects_added": ["change"], "adjusted": ["figure"]}
    row = {c: multiplier_row("충북", c) for c in ("34", "52", "53")}
    per = {"output": 1.0, "value_added": 1.0, "jobs": 1_000.0}
    for measure in per:
        def case(amounts, scope):
            if scope == "in_region":
                return sum(a * float(row[c][f"{measure}_in_region"])
                           for c, a in amounts.items()) / per[measure]
            return sum(a * nationwide(row[c], measure) for c, a in amounts.items()) / per[measure]

        def elsewhere(amounts):
            return sum(a * supplier_multiplier(c, measure, "충북")
                       for c, a in amounts.items()) / per[measure]

        cases = {"conventional": {"34": 1_000.0},
                 "purchaser_to_producer": {"34": 800.0, "52": 150.0, "53": 50.0},
                 "imports_removed": {"34": 640.0, "52": 150.0, "53": 50.0},
                 "other_region_purchases_moved_out": {"34": 400.0, "52": 75.0, "53": 25.0}}
        for scope in ("in_region", "total"):
            got = b.xs(measure, level="measure")[scope]
            assert got["conventional"] == pytest.approx(case(cases["conventional"], scope))
            assert got["price_conversion"] == pytest.approx(0.0, abs=1e-9)
            for before, step in (("conventional", "purchaser_to_producer"),
                                 ("purchaser_to_producer", "imports_removed"),
                                 ("imports_removed", "other_region_purchases_moved_out")):
                assert got[step] == pytest.approx(
                    case(cases[step], scope) - case(cases[before], scope)), (measure, step)
        moved = {"34": 240.0, "52": 75.0, "53": 25.0}
        added = b.loc[("other_region_effects_added", measure)]
        assert added["in_region"] == 0.0
        assert added["total"] == pytest.approx(elsewhere(moved))
        ours = r.totals().loc[measure]
        assert b.loc[("adjusted", measure), "total"] == pytest.approx(ours["total"])
        assert b.loc[("adjusted", measure), "in_region"] == pytest.approx(ours["in_region"])
    amounts = step_amounts(r.flow_model)
    assert amounts == pytest.approx({
        "conventional": 1_000.0, "price_conversion": 0.0, "purchaser_to_producer": 200.0,
        "imports_removed": 160.0, "other_region_purchases_moved_out": 340.0,
        "other_region_effects_added": 340.0, "adjusted": 1_000.0}, abs=1e-9)
