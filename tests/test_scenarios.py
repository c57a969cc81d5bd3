"""Scenario and site comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd

import impact
from impact.scenarios import compare_regions, compare_scenarios, in_region


def _project_with_scenarios(tables):
    lines = pd.DataFrame({"item": ["build", "software"], "category": ["building_construction",
                                                                      "software"],
                          "amount": [100.0, 50.0], "year": [2026, 2026],
                          "phase": ["construction", "construction"],
                          "in_region_share": ["=local", 0.3]})
    project = impact.project_from_frame(lines, id="s", name="S", region="충북", price_year=2025,
                                        unit="억원",
                                        parameters={"local": 0.8}, tables=tables)
    scenarios = {"same": {"description": "changes nothing", "parameters": {"local": 0.8},
                          "lines": {}},
                 "less_local": {"description": "", "parameters": {"local": 0.4}, "lines": {}},
                 "more_software": {"description": "", "parameters": {},
                                   "lines": {"L02": {"amount": 100.0}}}}
    from dataclasses import replace
    return replace(project, scenarios=scenarios)


def test_scenario_that_changes_nothing_gives_zero_difference(tables):
    table = compare_scenarios(_project_with_scenarios(tables), tables=tables)
    same = table[table["scenario"] == "same"]
    np.testing.assert_allclose(same[["in_region_diff", "other_regions_diff", "total_diff"]], 0)
    assert len(table) == 4 * 3


def test_scenarios_move_in_the_expected_direction(tables):
    table = compare_scenarios(_project_with_scenarios(tables), tables=tables).set_index(
        ["scenario", "measure"])
    assert table.loc[("less_local", "output"), "in_region_diff"] < 0
    assert table.loc[("more_software", "jobs"), "total_diff"] > 0


def test_compare_regions_ranks_all_17(tables):
    project = _project_with_scenarios(tables)
    frame = compare_regions(project, tables=tables)
    assert len(frame) == 17 and frame["is_project_region"].sum() == 1
    assert frame["output_in_region"].is_monotonic_decreasing
    own = frame[frame["is_project_region"]].iloc[0]
    direct = impact.estimate(project, tables=tables).totals().loc["output", "in_region"]
    assert own["output_in_region"] == direct


def test_moving_a_project_keeps_its_budget(tables):
    project = _project_with_scenarios(tables)
    moved = in_region(project, "경북", tables=tables)
    assert moved.region == "경북"
    pd.testing.assert_frame_equal(moved.lines, project.lines)


def test_compare_regions_equals_estimating_the_project_in_each_region(tables):
    from .conftest import PROJECTS

    project = impact.load_project(PROJECTS[0], tables=tables)
    frame = compare_regions(project, tables=tables).set_index("region")
    for region in ("서울", "세종", "제주", project.region):  # 세종·제주 lack some sectors
        t = impact.estimate(in_region(project, region, tables=tables), tables=tables).totals()
        for measure in ("output", "value_added", "jobs"):
            for scope in ("in_region", "other_regions", "total"):
                np.testing.assert_allclose(frame.loc[region, f"{measure}_{scope}"],
                                           t.loc[measure, scope], rtol=1e-12)
