"""The vectorised estimate gives exactly what the plain merge-based computation gives.

``estimate`` builds its flows with repeat/take over arrays (fast on a million lines);
the reference below is the straightforward version: repeat lines over their years,
merge with each line's sectors (:func:`impact.estimate._sector_map`), look up price
indices and multipliers, multiply.  Both must agree row for row, also when a category
maps to several sectors, and the warnings must handle such categories.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import impact
from impact import iomath
from impact.estimate import _price_factors, _sector_map, _years

TABLES = impact.load_tables()
CATS = TABLES.categories
FINAL = sorted(CATS.loc[CATS["sector_code"] != "", "category"].unique())
NOT_FINAL = sorted(CATS.loc[CATS["sector_code"] == "", "category"].unique())


def reference_flows(project, tables) -> pd.DataFrame:
    lines = project.lines
    region = tables.region_index(project.region)
    factor, _ = _price_factors(lines, tables)
    year_line, year, year_amount = _years(lines)
    years = pd.DataFrame({"line": year_line, "year": year, "year_amount": year_amount})
    flows = years.merge(_sector_map(lines, tables), on="line", how="inner")
    line = flows["line"].to_numpy()
    sector_idx = pd.Index(tables.sector_codes).get_indexer(flows["sector_code"])
    spend = flows["year_amount"].to_numpy() * project.unit_in_million_won * factor[line] \
        * flows["sector_share"].to_numpy()
    demand = iomath.in_region_final_demand(spend, lines["in_region_share"].to_numpy()[line],
                                           tables.produced_array[region, sector_idx])
    effects = iomath.apply_multipliers(demand, tables.multiplier_array[region, sector_idx])
    out = pd.DataFrame({"line_id": pd.array(lines["line_id"].to_numpy()[line],
                                            dtype=lines["line_id"].dtype),
                        "phase": pd.array(lines["phase"].to_numpy()[line],
                                          dtype=lines["phase"].dtype),
                        "year": flows["year"].to_numpy(),
                        "sector_code": pd.array(flows["sector_code"].to_numpy(), dtype="str"),
                        "spend_2020": spend, "in_region_demand_2020": demand,
                        "leakage_2020": spend - demand})
    for m, measure in enumerate(("output", "value_added", "jobs")):
        for k, scope in enumerate(("in_region", "other_regions")):
            out[f"{measure}_{scope}"] = effects[:, m, k]
    return out


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets(), st.sampled_from(TABLES.region_names), st.booleans())
def test_vectorised_flows_equal_the_merge_reference(frame, region, split):
    tables = SPLIT if split else TABLES
    project = impact.project_from_frame(frame, id="eq", name="Eq", region=region,
                                        price_year=2024, unit="백만원", tables=tables)
    result = impact.estimate(project, tables=tables)
    pd.testing.assert_frame_equal(result.flows, reference_flows(project, tables),
                                  check_exact=True)
    # every line's 2020 amount is its flows' spend (plus what is excluded)
    np.testing.assert_allclose(
        result.lines.loc[result.lines["exclude"] == "", "amount_2020"].sum(),
        result.flows["spend_2020"].sum(), rtol=1e-12)


@pytest.mark.parametrize("path", sorted(
    (p for p in (impact.load_tables().directory.parent / "projects").glob("*.yaml")),
    key=str) or [None])
def test_seed_projects_equal_the_merge_reference(path):
    if path is None:
        pytest.skip("projects/ not beside the tables")
    project = impact.load_project(path, tables=TABLES)
    for scenario in [None, *project.scenarios]:
        p = project if scenario is None else project.with_scenario(scenario, tables=TABLES)
        pd.testing.assert_frame_equal(impact.estimate(p, tables=TABLES).flows,
                                      reference_flows(p, TABLES), check_exact=True)


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
