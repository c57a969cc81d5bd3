"""The conventional figure and the bridge to ours: hand cases and exact addition."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import impact
from impact.cli import main
from impact.prices import index_values

from .conftest import PROJECTS


def one_line(tables, **fields):
    row = {"item": "software", "sector": "62", "amount": 10.0, "year": 2026,
           "phase": "construction", "in_region_share": 0.5, "import_share": 0.2, **fields}
    return impact.project_from_frame(pd.DataFrame([row]), id="b", name="B", region="충북",
                                     price_year=2025, unit="억원", tables=tables)


def test_conventional_basis_by_hand(tables):
    """10억원 as written, all bought in 충북, times 충북's multipliers: no deflation."""
    r = impact.estimate(one_line(tables), tables=tables, basis="conventional")
    m = tables.multipliers.set_index(["region", "sector_code"]).loc[("충북", "62")]
    t = r.totals()
    assert t.loc["output", "in_region"] == pytest.approx(1000 * m["output_in_region"])
    assert t.loc["value_added", "total"] == pytest.approx(
        1000 * (m["value_added_in_region"] + m["value_added_other_regions"]))
    assert t.loc["jobs", "other_regions"] == pytest.approx(m["jobs_other_regions"])  # per 10억
    assert r.to_dict()["basis"] == "conventional"
    assert r.to_dict()["price_year_of_results"] == "as written"


def test_bridge_steps_by_hand(tables):
    project = one_line(tables)
    b = impact.estimate(project, tables=tables).bridge().set_index(["step", "measure"])
    m = tables.multipliers.set_index(["region", "sector_code"]).loc[("충북", "62")]
    nationwide = m["output_in_region"] + m["output_other_regions"]
    index = float(index_values(tables, pd.DataFrame({"series": ["gdp_deflator"],
                                                      "year": [2025]}))["index_2020_100"][0])
    spend_2020 = 1000 * 100 / index
    assert b.loc[("price_conversion", "output"), "in_region"] == pytest.approx(
        (spend_2020 - 1000) * m["output_in_region"])
    assert b.loc[("imports_removed", "output"), "total"] == pytest.approx(
        -0.2 * spend_2020 * nationwide)
    # 30% moved out of 충북: its in-region and spill-over effects go ...
    assert b.loc[("other_region_purchases_moved_out", "output"), "total"] == pytest.approx(
        -0.3 * spend_2020 * nationwide)
    # ... and come back in the other regions, through their own multipliers
    assert b.loc[("other_region_effects_added", "output"), "in_region"] == 0
    assert b.loc[("other_region_effects_added", "output"), "total"] > 0


@pytest.mark.parametrize("path", PROJECTS, ids=[p.stem for p in PROJECTS])
def test_bridge_adds_up_from_conventional_to_ours(tables, path):
    project = impact.load_project(path, tables=tables)
    ours = impact.estimate(project, tables=tables)
    conventional = impact.estimate(project, tables=tables, basis="conventional").totals()
    b = ours.bridge()
    for measure in ("output", "value_added", "jobs"):
        part = b[b["measure"] == measure].set_index("step")
        for scope in ("in_region", "total"):
            assert part.loc["conventional", scope] == pytest.approx(
                conventional.loc[measure, scope], rel=1e-12)
            changes = part.loc[part["kind"] == "change", scope].sum()
            assert part.loc["conventional", scope] + changes == pytest.approx(
                ours.totals().loc[measure, scope], rel=1e-9)
            assert part.loc["adjusted", scope] == pytest.approx(
                ours.totals().loc[measure, scope], rel=1e-12)


def test_cli_basis_and_bridge_in_json(tmp_path, capsys):
    path = PROJECTS[0]
    assert main(["estimate", str(path), "--format", "json"]) == 0
    adjusted = json.loads(capsys.readouterr().out)[0]
    assert adjusted["basis"] == "adjusted"
    steps = [s["step"] for s in adjusted["bridge"]]
    assert steps[0] == "conventional" and steps[-1] == "adjusted"
    assert main(["estimate", str(path), "--format", "json", "--basis", "conventional"]) == 0
    conventional = json.loads(capsys.readouterr().out)[0]
    assert conventional["basis"] == "conventional" and "bridge" not in conventional
    first = adjusted["bridge"][0]
    assert first["output"]["total"] == pytest.approx(conventional["totals"]["output"]["total"])
    total = sum(s["jobs"]["in_region"] for s in adjusted["bridge"][:-1])
    assert total == pytest.approx(adjusted["totals"]["jobs"]["in_region"])
