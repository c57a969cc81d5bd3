"""The result's tables (impact/result.py) and the estimate's frame (impact/estimate.py)
by hand from the shipped CSVs (tables/*.csv) and the goldens (tests/golden)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("output", "value_added", "jobs")
PER = {"output": 1.0, "value_added": 1.0, "jobs": 1_000.0}  # jobs per 10억 = 1,000 백만원


def _csv(name):
    with open(ROOT / "tables" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _row(region, sector):
    return next(r for r in _csv("multipliers_bok2020.csv")
                if r["region"] == region and r["sector_code"] == sector)


def _nationwide(row, measure):
    return float(row[f"{measure}_in_region"]) + float(row[f"{measure}_other_regions"])


def _supplier(sector, measure, without):
    """GRDP-weighted nationwide multiplier of the regions other than ``without`` that make
    ``sector`` (sum_r g_r p_r M_r / sum_r g_r p_r)."""
    grdp = {r["region"]: float(r["grdp_2020_million_won"]) for r in _csv("grdp_2020.csv")}
    w = {r: grdp[r] * (_row(r, sector)["produced_in_region"] == "True")
         for r in grdp if r != without}
    return sum(w[r] * _nationwide(_row(r, sector), measure) for r in w) / sum(w.values())


def _project(tables, rows, region="경북", price_year=2020):
    base = {"item": "x", "amount": 10.0, "year": 2020, "phase": "construction",
            "import_share": 0.0}
    return impact.project_from_frame(pd.DataFrame([{**base, **r} for r in rows]), id="t",
                                     name="T", region=region, price_year=price_year,
                                     unit="억원", tables=tables)


def test_by_source_splits_effects_by_where_the_money_was_spent(tables):
    """10억원 of sector 50 in 경북, half bought in the region: the 500 백만원 bought there
    act through 경북's row (in-region and spill-over), the 500 bought elsewhere through the
    GRDP-weighted multiplier of the other regions, all of it outside 경북."""
    r = impact.estimate(_project(tables, [{"sector": "50", "in_region_share": 0.5}]),
                        tables=tables)
    src = r.by_source()
    assert list(src.columns) == ["in_region", "other_regions", "total"]
    assert list(src.index.get_level_values("source").unique()) == [
        "in_region_purchases", "other_region_purchases"]
    m = _row("경북", "50")
    for measure in MEASURES:
        own = src.loc[("in_region_purchases", measure)]
        bought = src.loc[("other_region_purchases", measure)]
        assert own["in_region"] == pytest.approx(
            500 / PER[measure] * float(m[f"{measure}_in_region"]), rel=1e-12)
        assert own["other_regions"] == pytest.approx(
            500 / PER[measure] * float(m[f"{measure}_other_regions"]), rel=1e-12)
        assert own["total"] == pytest.approx(500 / PER[measure] * _nationwide(m, measure),
                                             rel=1e-12)
        elsewhere = 500 / PER[measure] * _supplier("50", measure, "경북")
        assert bought["in_region"] == 0.0
        assert bought["other_regions"] == pytest.approx(elsewhere, rel=1e-12)
        assert bought["total"] == pytest.approx(elsewhere, rel=1e-12)
