"""Uncertainty bands: seeded draws, bands around the point estimate, collapsed ranges, inputs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import impact
from impact.errors import BudgetError
from impact.uncertainty import SIM_MEASURES, SIM_SCOPES, simulate, triangular_ppf

from .conftest import PROJECTS

DRAWS = 2_000


@pytest.fixture(scope="module")
def seed_projects(tables):
    return {p.stem: impact.load_project(p, tables=tables) for p in PROJECTS}


def collapsed(project):
    """The project with every parameter range, share range and alternative mapping removed."""
    params = {n: replace(p, low=None, high=None) for n, p in project.parameters.items()}
    lines = project.lines.assign(in_region_share_low=np.nan, in_region_share_high=np.nan,
                                 import_share_low=np.nan, import_share_high=np.nan,
                                 alt_sectors=[{} for _ in range(len(project.lines))])
    return replace(project, parameters=params, lines=lines)


def test_same_seed_same_draws_other_seed_other_draws(seed_projects, tables):
    project = seed_projects["pohang-ai-fund"]
    a = simulate(project, draws=DRAWS, seed=11, tables=tables)
    b = simulate(project, draws=DRAWS, seed=11, tables=tables)
    c = simulate(project, draws=DRAWS, seed=12, tables=tables)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    pd.testing.assert_frame_equal(a.inputs, b.inputs)
    assert a.seed == b.seed == 11
    assert not np.allclose(a.draws.to_numpy(), c.draws.to_numpy())


def test_unseeded_run_records_a_seed_that_reproduces_it(seed_projects, tables):
    project = seed_projects["chungbuk-ai-simulation-center"]
    first = simulate(project, draws=500, tables=tables)
    again = simulate(project, draws=500, seed=first.seed, tables=tables)
    pd.testing.assert_frame_equal(first.draws, again.draws)


@pytest.mark.parametrize("method", ["lhs", "mc"])
@pytest.mark.parametrize("name", [p.stem for p in PROJECTS])
def test_bands_are_ordered_and_contain_the_point_estimate(seed_projects, tables, name, method):
    sim = simulate(seed_projects[name], draws=DRAWS, seed=3, tables=tables, method=method)
    bands = sim.bands()
    assert len(bands) == len(SIM_MEASURES) * len(SIM_SCOPES)
    assert (bands["p10"] <= bands["p50"]).all() and (bands["p50"] <= bands["p90"]).all()
    # the point lies among the draws (not always inside P10-P90: a share written at the top
    # of its range, like op-staff's 1.0 in [0.8, 1.0], puts every draw at or below it)
    values = sim.draws.to_numpy()
    assert (values.min(axis=0) <= bands["point"].to_numpy() + 1e-9).all()
    assert (bands["point"].to_numpy() <= values.max(axis=0) + 1e-9).all()
    # there is uncertainty to speak of: every project declares ranges
    assert (bands["p90"] > bands["p10"]).all()
    totals = impact.estimate(seed_projects[name], tables=tables).totals()
    point = bands.set_index(["measure", "scope"])["point"]
    for measure in ("output", "value_added", "jobs"):
        for scope in SIM_SCOPES:
            assert point[(measure, scope)] == pytest.approx(totals.loc[measure, scope], rel=1e-12)


@pytest.mark.parametrize("name", [p.stem for p in PROJECTS])
def test_collapsed_ranges_give_the_point_estimate_in_every_draw(seed_projects, tables, name):
    project = collapsed(seed_projects[name])
    sim = simulate(project, draws=300, seed=5, tables=tables)
    assert set(sim.assumptions["kind"]) == {"employment_trend"}
    totals = impact.estimate(project, tables=tables).totals()
    for measure in ("output", "value_added", "jobs"):
        for scope in SIM_SCOPES:
            np.testing.assert_allclose(sim.draws[f"{measure}|{scope}"], totals.loc[measure, scope],
                                       rtol=1e-12)
    ratio = sim.inputs.iloc[:, 0].to_numpy()
    np.testing.assert_allclose(sim.draws["jobs_adjusted|total"],
                               totals.loc["jobs", "total"] * ratio, rtol=1e-12)


def test_expression_lines_move_together_with_their_parameter(seed_projects, tables):
    sim = simulate(seed_projects["pohang-ai-fund"], draws=DRAWS, seed=1, tables=tables)
    drawn = sim.inputs["parameter loan_additionality"]
    assert drawn.min() >= 0.1 and drawn.max() <= 0.5
    # where investees buy moves the in-region effect; the nationwide one hardly at all
    # (purchases move between Korean regions), while the amounts move both
    in_region = sim.tornado.query("measure == 'output' and scope == 'in_region'")
    top = in_region.sort_values("swing", ascending=False)["input"].head(2).tolist()
    assert "investee_in_region_share" in top
    total = sim.tornado.query("measure == 'output' and scope == 'total'").set_index("input")
    assert total.loc["investee_in_region_share", "swing"] < 0.1 * total["swing"].max()
    assert total["rank_corr"]["loan_additionality"] > 0.3


def test_alternative_sector_chosen_with_its_weight(tables, small_lines):
    lines = small_lines.assign(alt_sectors=[None, None, None, {"71": 0.25}],
                               in_region_share_range=[[0.6, 0.95], None, None, None],
                               in_region_share=[0.9, None, None, None])
    project = impact.project_from_frame(lines, id="alt", name="Alt", region="경북",
                                        price_year=2025, unit="억원", tables=tables)
    sim = simulate(project, draws=4_000, seed=2, tables=tables)
    chosen = sim.inputs["sector mapping, L04 (or 71 25%)"]
    assert (chosen == "71").mean() == pytest.approx(0.25, abs=1e-3)
    share = sim.inputs["in-region share, L01"]
    assert share.between(0.6, 0.95).all() and share.std() > 0.03
    assert {"in_region_share", "sector_mapping"} <= set(sim.assumptions["kind"])


def test_price_index_uncertainty_for_estimated_and_projected_indices(tables, small_lines):
    lines = small_lines.assign(price_year=[2018, 2028, 2025, 2025],
                               deflator=["construction_total", None, None, None])
    project = impact.project_from_frame(lines, id="prices", name="Prices", region="경북",
                                        price_year=2025, unit="억원", tables=tables)
    sim = simulate(project, draws=DRAWS, seed=4, tables=tables)
    price = sim.assumptions[sim.assumptions["kind"] == "price_index"]
    assert set(price["status"]) == {"estimated", "projected"}
    assert price["label_en"].str.contains("projected").any()
    pi = tables.price_indices
    used = pi[(pi["series"] == "construction_total") & (pi["year"] == 2018)]["index_2020_100"]
    estimated = sim.inputs["price index construction_total 2018 (estimated)"] / float(used.iloc[0])
    # about +-1.5% read as a 90% interval
    assert np.quantile(estimated, 0.95) == pytest.approx(1.015, abs=0.004)
    assert np.quantile(estimated, 0.05) == pytest.approx(1 / 1.015, abs=0.004)


def test_scenario_value_outside_its_range_is_refused(seed_projects, tables):
    project = seed_projects["chungbuk-ai-simulation-center"]
    moved = project.with_parameters(tables=tables, equipment_in_region_share=0.5)
    with pytest.raises(BudgetError, match="outside its low-high range"):
        simulate(moved, draws=100, seed=1, tables=tables)
    sim = simulate(project, draws=100, seed=1, tables=tables, scenario="more_local_integration")
    assert sim.project.scenario == "more_local_integration"


def test_drawn_share_leaving_0_1_names_the_line(tables):
    lines = pd.DataFrame({"item": ["software"], "sector": ["62"], "amount": [10.0],
                          "year": [2026], "phase": ["construction"],
                          "in_region_share": ["=share * 2"]})
    project = impact.project_from_frame(lines, id="bad", name="Bad", region="충북",
                                        price_year=2025, unit="억원", tables=tables,
                                        parameters={"share": {"value": 0.3, "low": 0.1,
                                                              "high": 0.6}})
    with pytest.raises(BudgetError) as info:
        simulate(project, draws=200, seed=1, tables=tables)
    assert info.value.field == "lines[1].in_region_share"


def test_triangular_quantiles_match_scipy():
    from scipy import stats  # here: scipy.stats costs a second to import in every worker
    u = np.linspace(0.001, 0.999, 37)
    low, mode, high = 0.2, 0.35, 0.9
    expected = stats.triang.ppf(u, (mode - low) / (high - low), loc=low, scale=high - low)
    np.testing.assert_allclose(triangular_ppf(u, low, mode, high), expected, rtol=1e-10)
    assert triangular_ppf(np.nan, low, mode, high) == mode


def test_tornado_frame_ranks_swings(seed_projects, tables):
    sim = simulate(seed_projects["pohang-data-center"], draws=DRAWS, seed=9, tables=tables)
    t = sim.tornado.query("measure == 'output' and scope == 'total'")
    assert t["swing"].is_monotonic_decreasing and t["rank"].tolist() == list(range(1, len(t) + 1))
    assert t.iloc[0]["swing"] > 0
    jobs_adj = sim.tornado.query("measure == 'jobs_adjusted' and scope == 'total'")
    assert jobs_adj.set_index("kind").loc["employment_trend", "swing"] > 0
    assert t.set_index("kind").loc["employment_trend", "swing"] == 0
