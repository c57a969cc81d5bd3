"""The vectorised estimate gives what a plain, row-by-row computation gives.

``estimate`` builds its flows with repeat/take over arrays (fast on a million lines);
the reference below is the straightforward version, written from the method's
description and the raw tables only (the multiplier CSV with jobs per 10억원, the
categories, GRDP, the price indices): repeat lines over their years, merge with their
categories' sectors, convert to 2020 prices, split each purchase into in-region,
other-region and imported demand, and apply the region's multipliers to the first and
the GRDP-weighted multipliers of the other producing regions to the second.  Both must
agree row for row, also when a category maps to several sectors.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import impact
from impact.prices import index_values

TABLES = impact.load_tables()
CATS = TABLES.categories
FINAL = sorted(CATS.loc[CATS["sector_code"] != "", "category"].unique())
NOT_FINAL = sorted(CATS.loc[CATS["sector_code"] == "", "category"].unique())
MEASURES = ("output", "value_added", "jobs")


_INDEXED = {}


def _indexed(tables):
    key = id(tables.multipliers)
    if key not in _INDEXED:
        _INDEXED[key] = tables.multipliers.set_index(["region", "sector_code"]).to_dict("index")
    return _INDEXED[key]


def _produced(tables):
    key = ("produced", id(tables.multipliers))
    if key not in _INDEXED:
        _INDEXED[key] = {k: v["produced_in_region"] for k, v in _indexed(tables).items()}
    return _INDEXED[key]


def _raw_multiplier(tables, region, code, measure, scope):
    value = float(_indexed(tables)[(region, code)][f"{measure}_{scope}"])
    return value / 1000.0 if measure == "jobs" else value  # persons per 백만원


def _supplier_multiplier(tables, project_region, supplied_from, code, measure):
    """GRDP- (or supplied_from-) weighted nationwide multiplier of the producing regions."""
    produced = _produced(tables)
    grdp = dict(zip(tables.region_names, tables.grdp_million_won))
    if supplied_from:
        weights = {part.split(":")[0]: float(part.split(":")[1])
                   for part in supplied_from.split(",")}
        if not any(str(produced[(r, code)]) == "True" for r in weights):
            weights = {}
    else:
        weights = {}
    if not weights:
        weights = {r: g for r, g in grdp.items() if r != project_region}
    num = den = 0.0
    for r, w in weights.items():
        if str(produced[(r, code)]) == "True":
            total = sum(_raw_multiplier(tables, r, code, measure, s)
                        for s in ("in_region", "other_regions"))
            num += w * total
            den += w
    return num / den if den else 0.0


def reference_flows(project, tables) -> pd.DataFrame:
    lines = project.lines
    cats = tables.categories[tables.categories["sector_code"] != ""]
    produced = _produced(tables)

    # looked up once per price series and year, supplier and sector, not once per row:
    # the same numbers, a fifth of the test's time
    @functools.cache
    def price_factor(series, price_year):
        index = index_values(tables, pd.DataFrame({"series": [series], "year": [price_year]}))
        return 100.0 / float(index["index_2020_100"].iloc[0])

    supplier_multiplier = functools.cache(
        lambda supplied_from, code, measure: _supplier_multiplier(
            tables, project.region, supplied_from, code, measure))
    rows = []
    for _, line in lines.iterrows():
        if line["exclude"]:
            continue
        until = line["recurs_until"] if pd.notna(line["recurs_until"]) else (
            line["spread_until"] if pd.notna(line["spread_until"]) else line["year"])
        years = list(range(int(line["year"]), int(until) + 1))
        per_year = line["amount"] / len(years) if pd.notna(line["spread_until"]) \
            else line["amount"]
        factor = price_factor(line["deflator"], line["price_year"])
        if line["sector_code"]:
            sectors = [(line["sector_code"], 1.0)]
        else:
            mine = cats[cats["category"] == line["category"]]
            sectors = list(zip(mine["sector_code"], mine["sector_share"]))
        for year in years:
            for code, share in sectors:
                spend = per_year * project.unit_in_million_won * factor * share
                made = str(produced[(project.region, code)]) == "True"
                d_in = spend * line["in_region_share"] if made else 0.0
                d_imp = spend * line["import_share"]
                d_other = spend - d_in - d_imp
                row = {"line_id": line["line_id"], "phase": line["phase"], "year": year,
                       "sector_code": code, "spend_2020": spend, "in_region_demand_2020": d_in,
                       "other_regions_demand_2020": d_other, "imports_2020": d_imp}
                for measure in MEASURES:
                    sup = d_other * supplier_multiplier(line["supplied_from"], code, measure)
                    row[f"{measure}_in_region"] = d_in * _raw_multiplier(
                        tables, project.region, code, measure, "in_region")
                    row[f"{measure}_other_regions"] = d_in * _raw_multiplier(
                        tables, project.region, code, measure, "other_regions") + sup
                    row[f"{measure}_other_region_purchases"] = sup
                rows.append(row)
    return pd.DataFrame(rows)


def assert_flows_match(result, reference):
    flows = result.flows
    assert len(flows) == len(reference)
    for column in ("line_id", "phase", "sector_code"):
        assert flows[column].astype(str).tolist() == reference[column].astype(str).tolist()
    assert flows["year"].tolist() == reference["year"].tolist()
    numbers = [c for c in reference.columns if c not in ("line_id", "phase", "sector_code",
                                                         "year")]
    np.testing.assert_allclose(flows[numbers].to_numpy(float),
                               reference[numbers].to_numpy(float), rtol=1e-9, atol=1e-9)


@st.composite
def budgets(draw):
    n = draw(st.integers(1, 25))
    rows = []
    for _ in range(n):
        year = draw(st.integers(2018, 2032))
        row = {"item": "x", "amount": draw(st.floats(0, 1e6)), "year": year,
               "phase": draw(st.sampled_from(["construction", "operation"]))}
        kind = draw(st.sampled_from(["category", "category", "sector", "excluded"]))
        if kind == "sector":
            row["sector"] = f"{draw(st.integers(1, 83)):02d}"
            row["in_region_share"] = draw(st.floats(0, 1))
        else:
            row["category"] = draw(st.sampled_from(FINAL if kind == "category" else NOT_FINAL))
        if kind == "sector" and draw(st.booleans()):
            row["import_share"] = draw(st.floats(0, 1)) * (1 - row["in_region_share"])
        if kind != "excluded" and draw(st.booleans()):
            regions = draw(st.lists(st.sampled_from(TABLES.region_names), min_size=1,
                                    max_size=3, unique=True))
            row["supplied_from"] = {r: draw(st.floats(0.1, 5)) for r in regions}
        timing = draw(st.sampled_from(["once", "recurs", "spread"]))
        if timing != "once":
            row[f"{timing}_until"] = year + draw(st.integers(0, 6))
        if draw(st.booleans()):
            row["price_year"] = draw(st.integers(2020, 2025))
        rows.append(row)
    return pd.DataFrame(rows)


def _split_categories(tables):
    """Tables where two categories buy from two sectors each, rows not adjacent."""
    cats = tables.categories.copy()
    split = cats["category"].isin(["software", "it_hardware"])
    extra = cats[split].copy()
    extra["sector_code"] = ["63", "06"]  # 06: not produced in most regions
    extra["sector_share"] = 0.25
    cats.loc[split, "sector_share"] = 0.75
    cats = pd.concat([cats.iloc[:3], extra.iloc[[1]], cats.iloc[3:12], extra.iloc[[0]],
                      cats.iloc[12:]], ignore_index=True)
    return dataclasses.replace(tables, categories=cats)


SPLIT = _split_categories(TABLES)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets(), st.sampled_from(TABLES.region_names), st.booleans())
def test_vectorised_flows_equal_the_merge_reference(frame, region, split):
    tables = SPLIT if split else TABLES
    if "supplied_from" in frame:  # suppliers are other regions than the project's
        frame["supplied_from"] = [
            ({r: w for r, w in d.items() if r != region} or None) if isinstance(d, dict)
            else d for d in frame["supplied_from"]]
    project = impact.project_from_frame(frame, id="eq", name="Eq", region=region,
                                        price_year=2024, unit="백만원", tables=tables)
    result = impact.estimate(project, tables=tables)
    if len(result.flows):
        assert_flows_match(result, reference_flows(project, tables))
    # every line's 2020 amount is its flows' spend (plus what is excluded)
    np.testing.assert_allclose(
        result.lines.loc[result.lines["exclude"] == "", "amount_2020"].sum(),
        result.flows["spend_2020"].sum(), rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("path", sorted(
    (p for p in (impact.load_tables().directory.parent / "projects").glob("*.yaml")),
    key=str) or [None])
def test_seed_projects_equal_the_merge_reference(path):
    if path is None:
        pytest.skip("projects/ not beside the tables")
    project = impact.load_project(path, tables=TABLES)
    for scenario in [None, *project.scenarios]:
        p = project if scenario is None else project.with_scenario(scenario, tables=TABLES)
        assert_flows_match(impact.estimate(p, tables=TABLES), reference_flows(p, TABLES))


def test_warnings_with_a_category_of_several_sectors():
    """Regression: a category mapped to several sectors made the warnings raise
    InvalidIndexError (non-unique category index)."""
    region = next(r for i, r in enumerate(SPLIT.region_names)
                  if not SPLIT.produced_array[i, SPLIT.sector_codes.index("06")])
    frame = pd.DataFrame({"item": ["licences", "build"], "category": ["software",
                                                                     "building_construction"],
                          "amount": [10.0, 5.0], "year": [2026, 2026],
                          "phase": ["construction", "construction"]})
    project = impact.project_from_frame(frame, id="w", name="W", region=region,
                                        price_year=2024, unit="억원", tables=SPLIT)
    assert len(project.warnings) == 1 and "sector 06" in project.warnings[0]
    assert "licences" in project.warnings[0]
