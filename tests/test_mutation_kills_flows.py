"""Flows' money math (impact/flows.py) by hand from the shipped CSVs: the project placed
in each of the 17 regions, purchases of other spends and of draws, the price table."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact
from impact.flows import project_flows
from impact.scenarios import compare_regions

ROOT = Path(__file__).resolve().parents[1]


def _csv(name):
    with open(ROOT / "tables" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _multipliers(sector):
    return {r["region"]: r for r in _csv("multipliers_bok2020.csv") if r["sector_code"] == sector}


def _nationwide(row, measure):
    return float(row[f"{measure}_in_region"]) + float(row[f"{measure}_other_regions"])


def _supplier(sector, measure, without):
    """GRDP-weighted nationwide multiplier of the regions other than ``without`` that make
    ``sector`` (sum_r g_r p_r M_r / sum_r g_r p_r)."""
    m = _multipliers(sector)
    grdp = {r["region"]: float(r["grdp_2020_million_won"]) for r in _csv("grdp_2020.csv")}
    w = {r: grdp[r] * (m[r]["produced_in_region"] == "True") for r in grdp if r != without}
    return sum(w[r] * _nationwide(m[r], measure) for r in w) / sum(w.values())


def _project(tables, rows, region="경북"):
    base = {"item": "x", "amount": 10.0, "year": 2020, "phase": "construction",
            "import_share": 0.0}
    return impact.project_from_frame(pd.DataFrame([{**base, **r} for r in rows]), id="t",
                                     name="T", region=region, price_year=2020, unit="억원",
                                     tables=tables)


def test_each_region_row_by_hand(tables):
    """10억원 (1,000 백만원) of sector 50 bought in the region and 10억원 bought in other
    regions, placed in 충북 and in 서울: in-region = 1,000 x the region's own multiplier;
    nationwide adds its spill-over and 1,000 x the GRDP-weighted multiplier of the other
    regions (the placed region left out)."""
    p = _project(tables, [{"sector": "50", "in_region_share": 1.0},
                          {"sector": "50", "in_region_share": 0.0}])
    rows = compare_regions(p, tables).set_index("region")
    m = _multipliers("50")
    for region in ("충북", "서울", "경북"):
        for measure, per in (("output", 1.0), ("value_added", 1.0), ("jobs", 1_000.0)):
            in_region = 1_000 / per * float(m[region][f"{measure}_in_region"])
            total = 1_000 / per * (_nationwide(m[region], measure)
                                   + _supplier("50", measure, region))
            assert rows.loc[region, f"{measure}_in_region"] == pytest.approx(in_region,
                                                                              rel=1e-12)
            assert rows.loc[region, f"{measure}_total"] == pytest.approx(total, rel=1e-12)
    assert rows.loc["경북", "is_project_region"] and rows["is_project_region"].sum() == 1
    by_hand = sorted(m, key=lambda r: -float(m[r]["output_in_region"]))
    assert list(rows.sort_values("rank").index) == by_hand


def test_purchases_of_other_spends_and_of_draws(tables):
    """서울 makes no sector 04: its in-region share (0.8) is bought in other regions.
    Sector 50 at in-region 0.6, import 0.1: 100 -> 60 / 30 / 10."""
    p = _project(tables, [{"sector": "04", "in_region_share": 0.8, "import_share": 0.1},
                          {"sector": "50", "in_region_share": 0.6, "import_share": 0.1}],
                 region="서울")
    flows = project_flows(p, tables)
    inside, other, imports = flows.purchases(spend=np.array([100.0, 200.0]))
    np.testing.assert_allclose(inside, [0.0, 120.0])
    np.testing.assert_allclose(other, [90.0, 60.0])
    np.testing.assert_allclose(imports, [10.0, 20.0])
    draws = np.array([[100.0, 200.0, 300.0], [10.0, 20.0, 30.0]])  # (flows, draws)
    shares = np.array([[0.8] * 3, [0.6] * 3])
    inside, other, imports = flows.purchases(spend=draws, in_region_share=shares,
                                             import_share=np.full((2, 3), 0.1))
    np.testing.assert_allclose(inside, [[0, 0, 0], [6.0, 12.0, 18.0]])
    np.testing.assert_allclose(other, [[90.0, 180.0, 270.0], [3.0, 6.0, 9.0]])
    np.testing.assert_allclose(imports, draws * 0.1)


def test_price_table_lists_each_series_and_year_once(tables):
    """Two lines at 2024 building prices and one at the 2022 GDP deflator: two rows, with
    price_indices.csv's index; amounts at 2020 prices = amount x 100 / index."""
    index = {(r["series"], int(r["year"])): float(r["index_2020_100"])
             for r in _csv("price_indices.csv")}
    lines = pd.DataFrame({"item": ["a", "b", "c"], "sector": ["50", "50", "70"],
                          "amount": [10.0, 20.0, 30.0], "year": [2024, 2024, 2022],
                          "price_year": [2024, 2024, 2022],
                          "deflator": ["construction_building", "construction_building",
                                       "gdp_deflator"],
                          "phase": ["construction"] * 3, "in_region_share": [1.0] * 3,
                          "import_share": [0.0] * 3})
    p = impact.project_from_frame(lines, id="t", name="T", region="경북", price_year=2024,
                                  unit="억원", tables=tables)
    r = impact.estimate(p, tables=tables)
    used = r.price_indices
    assert list(used.columns) == ["series", "year", "index_2020_100", "status", "lower",
                                  "upper"]
    assert list(zip(used["series"], used["year"])) == [("construction_building", 2024),
                                                       ("gdp_deflator", 2022)]
    assert list(used["index_2020_100"]) == [index[("construction_building", 2024)],
                                            index[("gdp_deflator", 2022)]]
    want = [1_000 * 100 / index[("construction_building", 2024)],
            2_000 * 100 / index[("construction_building", 2024)],
            3_000 * 100 / index[("gdp_deflator", 2022)]]
    np.testing.assert_allclose(r.lines["amount_2020"], want, rtol=1e-12)


def test_each_line_buys_from_its_own_named_suppliers(tables):
    """Three lines of 10억원 of sector 50 bought wholly in other regions: from the GRDP
    default (경북 left out), from 경기 and from 강원: output = 1,000 x (the default's + 경기's
    + 강원's nationwide multiplier, each supplier's in-region + other-regions from the CSV)."""
    p = _project(tables, [{"sector": "50", "in_region_share": 0.0},  # default suppliers
                          {"sector": "50", "in_region_share": 0.0, "supplied_from": "경기"},
                          {"sector": "50", "in_region_share": 0.0, "supplied_from": "강원"}])
    m = _multipliers("50")
    total = impact.estimate(p, tables=tables).totals().loc["output", "total"]
    assert total == pytest.approx(1_000 * (_supplier("50", "output", "경북")
                                           + _nationwide(m["경기"], "output")
                                           + _nationwide(m["강원"], "output")), rel=1e-12)


# -- line_sectors, primary_sector, sector_rows: a line's sectors ------------------------
def _lines(tables, rows):
    """Validated lines (one per row) of a project in 경북 at 2020 prices."""
    return _project(tables, [{"in_region_share": 1.0, **r} for r in rows]).lines


def _split_category_tables(tables):
    """The shipped tables with ``software`` bought 60/40 from sectors 62 and 63 (the
    shipped categories map to one sector each, so a split must be a stand-in), its rows
    placed after ``rnd_services``'s so that table order and category order differ."""
    import dataclasses
    cats = tables.categories
    soft = cats[cats["category"] == "software"]
    rest = cats[cats["category"] != "software"]
    split = pd.concat([soft.assign(sector_code="62", sector_share=0.6),
                       soft.assign(sector_code="63", sector_share=0.4)])
    at = int(np.flatnonzero(rest["category"].to_numpy() == "rnd_services")[0]) + 1
    cats = pd.concat([rest.iloc[:at], split, rest.iloc[at:]], ignore_index=True)
    return dataclasses.replace(tables, categories=cats)


def test_line_sectors_by_hand_with_a_split_category(tables):
    """Lines: sector 50; land (excluded: no rows); software (62 x 0.6, 63 x 0.4);
    R&D (70 x 1); sector 71 again.  Rows in line order, each category's sectors in its
    table order with its shares; a line's own sector has share 1."""
    from impact.flows import line_sectors
    split = _split_category_tables(tables)
    lines = _lines(split, [{"sector": "50"}, {"category": "land_purchase"},
                           {"category": "software"}, {"category": "rnd_services"},
                           {"sector": "71"}])
    assert list(lines["exclude"] != "") == [False, True, False, False, False]
    got = line_sectors(lines, split)
    codes = np.asarray(split.sector_codes)
    assert list(got.line) == [0, 2, 2, 3, 4]
    assert list(codes[got.sector]) == ["50", "62", "63", "70", "71"]
    np.testing.assert_allclose(got.share, [1.0, 0.6, 0.4, 1.0, 1.0])
    np.testing.assert_array_equal(got.lo, np.zeros(5))
    np.testing.assert_array_equal(got.hi, np.full(5, np.inf))
    assert list(got.alt) == [""] * 5
    # the estimate spends 10억원 x share on each: 600 and 400 백만원 of software
    one = _project(split, [{"category": "software", "in_region_share": 1.0}])
    flows = impact.estimate(one, tables=split).flows
    assert dict(zip(flows["sector_code"], flows["spend_2020"])) == pytest.approx(
        {"62": 600.0, "63": 400.0})


def test_line_sectors_alternatives_follow_their_line_with_their_bands(tables):
    """With alternatives, line 0 (sector 50, alt {62: 0.2, 63: 0.1}) keeps its own row for
    a draw u >= 0.3 and gains 62 for u in [0, 0.2) and 63 for [0.2, 0.3); line 1 has none
    ([0, inf)); an excluded line's alternatives make no rows; without ``alternatives``
    there are no extra rows."""
    from impact.flows import line_sectors
    lines = _lines(tables, [{"sector": "50", "alt_sectors": {"62": 0.2, "63": 0.1}},
                            {"sector": "71"}, {"category": "land_purchase"},
                            {"sector": "70", "alt_sectors": {"72": 0.4}}])
    # validation refuses alternatives on an excluded line; here one slips through
    lines["alt_sectors"] = [lines["alt_sectors"].iat[0], {}, {"62": 0.5},
                            lines["alt_sectors"].iat[3]]
    codes = np.asarray(tables.sector_codes)
    got = line_sectors(lines, tables, alternatives=True)
    assert list(got.line) == [0, 0, 0, 1, 3, 3]
    assert list(codes[got.sector]) == ["50", "62", "63", "71", "70", "72"]
    assert list(got.alt) == ["", "62", "63", "", "", "72"]
    np.testing.assert_allclose(got.share, np.ones(6))
    np.testing.assert_allclose(got.lo, [0.3, 0.0, 0.2, 0.0, 0.4, 0.0])
    np.testing.assert_allclose(got.hi, [np.inf, 0.2, 0.3, np.inf, np.inf, 0.4])
    plain = line_sectors(lines, tables)
    assert list(plain.line) == [0, 1, 3] and list(plain.alt) == [""] * 3
    # nine lines with two alternatives each and a last without: 28 rows, each line's
    # own row first, then its alternatives in the order written (a stable order)
    many = _lines(tables, [{"sector": "50", "alt_sectors": {"62": 0.2, "63": 0.1}}] * 9
                  + [{"sector": "71"}])
    got = line_sectors(many, tables, alternatives=True)
    assert list(got.line) == [i for i in range(9) for _ in range(3)] + [9]
    assert list(got.alt) == ["", "62", "63"] * 9 + [""]
    np.testing.assert_allclose(got.lo, [0.3, 0.0, 0.2] * 9 + [0.0])
    none = _lines(tables, [{"sector": "50"}, {"category": "land_purchase"}])
    none["alt_sectors"] = [{}, {"62": 0.5}]
    only = line_sectors(none, tables, alternatives=True)
    assert list(only.line) == [0] and list(only.alt) == [""]


def test_primary_sector_by_hand(tables):
    """A line's own code, its category's first sector in the table (62 for the split
    software), and '' for a line excluded by its category (it has no sector)."""
    from impact.flows import primary_sector
    split = _split_category_tables(tables)
    lines = _lines(split, [{"category": "software"}, {"category": "land_purchase"},
                           {"sector": "71"}, {"category": "rnd_services"}])
    got = primary_sector(lines, split)
    assert list(got) == ["62", "", "71", "70"]
    assert list(got.index) == list(lines.index)


def test_sector_rows_has_a_component_per_row_and_no_margins_without_a_table(tables):
    """The shipped national table has no margin columns: a purchaser-price line keeps its
    own sector at share 1, each row a product row ('')."""
    from impact.flows import sector_rows
    lines = _lines(tables, [{"sector": "50", "price_basis": "purchaser"},
                            {"sector": "71", "price_basis": "producer"}])
    got = sector_rows(lines, tables)
    codes = np.asarray(tables.sector_codes)
    assert list(codes[got.sector]) == ["50", "71"]
    np.testing.assert_allclose(got.share, [1.0, 1.0])
    assert list(got.component) == ["", ""]
    # alternatives only when asked for (the uncertainty draws ask)
    alt = _lines(tables, [{"sector": "50", "alt_sectors": {"62": 0.2}}])
    assert list(sector_rows(alt, tables).alt) == [""]
    drawn = sector_rows(alt, tables, alternatives=True)
    assert list(drawn.alt) == ["", "62"] and list(drawn.component) == ["", ""]
