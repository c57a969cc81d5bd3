"""The bridge's steps (impact/bridge.py) by hand from the shipped CSVs and the goldens."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import impact
from impact.bridge import step_amounts
from impact.flows import project_flows

ROOT = Path(__file__).resolve().parents[1]


def _csv(name):
    with open(ROOT / "tables" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _index(series, year):
    return next(float(r["index_2020_100"]) for r in _csv("price_indices.csv")
                if r["series"] == series and int(r["year"]) == year)


def _project(tables, rows, region="충북", price_year=2024):
    base = {"item": "x", "amount": 10.0, "year": 2024, "phase": "construction",
            "import_share": 0.0, "in_region_share": 1.0}
    return impact.project_from_frame(pd.DataFrame([{**base, **r} for r in rows]), id="b",
                                     name="B", region=region, price_year=price_year,
                                     unit="억원", tables=tables)


def test_step_amounts_by_hand(tables):
    """10억원 of software (62) at 2024 prices, half bought in 충북, 20% imported
    and the other 30% bought in other regions (shares of the whole line), and 5억원 of construction (50) bought in 충북: each step moves the money a reader
    can compute from price_indices.csv (62 deflates with the GDP deflator, 50 with the
    building index)."""
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
