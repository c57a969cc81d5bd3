"""Estimates: linear, additive, consistent, and honest about exclusions and prices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import impact
from impact.tables import MEASURES


def _totals(project, tables):
    return impact.estimate(project, tables=tables).totals()


def _project(lines, tables, **kw):
    args = dict(id="t", name="T", region="경북", price_year=2025, unit="억원", tables=tables)
    args.update(kw)
    return impact.project_from_frame(lines, **args)


def test_one_local_line_totals_by_hand(tables):
    """10억원 of sector 50 at 2020 prices, all bought in 경북, nothing imported: each scope
    is 1,000 백만원 x the CSV's 경북 sector-50 multiplier (jobs: per 10억원, so x 1),
    nationwide = in-region + other-regions multipliers."""
    lines = pd.DataFrame({"item": ["works"], "sector": ["50"], "amount": [10.0],
                          "year": [2020], "phase": ["construction"], "in_region_share": [1.0],
                          "import_share": [0.0]})
    t = _totals(_project(lines, tables, price_year=2020), tables)
    row = pd.read_csv(impact.tables.default_tables_dir() / "multipliers_bok2020.csv",
                      dtype={"sector_code": str}).set_index(["region", "sector_code"]) \
        .loc[("경북", "50")]
    for measure, per in (("output", 1_000.0), ("value_added", 1_000.0), ("jobs", 1.0)):
        inside, other = row[f"{measure}_in_region"] * per, row[f"{measure}_other_regions"] * per
        assert t.loc[measure, "in_region"] == pytest.approx(inside, rel=1e-12)
        assert t.loc[measure, "other_regions"] == pytest.approx(other, rel=1e-12)
        assert t.loc[measure, "total"] == pytest.approx(inside + other, rel=1e-12)


def test_doubling_amounts_doubles_effects(small_lines, tables):
    base = _totals(_project(small_lines, tables), tables)
    doubled = _totals(_project(small_lines.assign(amount=small_lines["amount"] * 2), tables),
                      tables)
    np.testing.assert_allclose(doubled.to_numpy(), 2 * base.to_numpy())


def test_additivity_estimate_of_union_is_sum_of_estimates(small_lines, tables):
    a, b = small_lines.iloc[:2], small_lines.iloc[2:]
    whole = impact.estimate(_project(small_lines, tables), tables=tables)
    parts = impact.estimate(_project(a, tables), tables=tables) \
        + impact.estimate(_project(b, tables), tables=tables)
    np.testing.assert_allclose(whole.totals().to_numpy(), parts.totals().to_numpy())
    np.testing.assert_allclose(whole.input_summary().to_numpy(),
                               parts.input_summary().to_numpy())


def test_result_minus_itself_is_zero(small_project, tables):
    r = impact.estimate(small_project, tables=tables)
    np.testing.assert_allclose((r - r).totals().to_numpy(), 0, atol=1e-9)


def test_results_in_different_regions_do_not_add(small_lines, tables):
    a = impact.estimate(_project(small_lines, tables), tables=tables)
    b = impact.estimate(_project(small_lines, tables, region="충북"), tables=tables)
    with pytest.raises(ValueError, match="different regions"):
        a + b


def test_excluded_lines_contribute_zero_but_are_reported(small_lines, tables):
    with_land = impact.estimate(_project(small_lines, tables), tables=tables)
    without = impact.estimate(_project(small_lines[small_lines["item"] != "land"], tables),
                              tables=tables)
    np.testing.assert_allclose(with_land.totals().to_numpy(), without.totals().to_numpy())
    ex = with_land.excluded()
    assert list(ex["item"]) == ["land"]
    assert "not final demand" in ex["reason"].iloc[0]
    assert with_land.input_summary()["excluded"] == pytest.approx(ex["amount_2020"].sum())
    assert ex["amount_2020"].iloc[0] > 0


def test_explicit_exclude_reason_on_any_line(small_lines, tables):
    lines = small_lines.assign(exclude=[None, "paid by the tenant", None, None])
    r = impact.estimate(_project(lines, tables), tables=tables)
    assert list(r.excluded()["reason"]) == ["paid by the tenant",
                                            r.excluded()["reason"].iloc[1]]
    assert "servers" not in set(r.to_frame()["item"])


def test_hand_computed_single_line(tables):
    """One line, one sector, 2020 prices, bought 50% in 충북, 10% abroad, 40% elsewhere in
    Korea: in-region purchases act through 충북's multipliers, other-region purchases
    through the GRDP-weighted nationwide multipliers of the other regions making 62."""
    lines = pd.DataFrame({"item": ["software"], "sector": ["62"], "amount": [10.0],
                          "year": [2021], "phase": ["construction"], "in_region_share": [0.5],
                          "import_share": [0.1], "price_year": [2020]})
    r = impact.estimate(_project(lines, tables, region="충북", unit="억원"), tables=tables)
    m = tables.multipliers.set_index(["region", "sector_code"])
    row = m.loc[("충북", "62")]
    d_in, d_other, d_imp = 10.0 * 100 * 0.5, 10.0 * 100 * 0.4, 10.0 * 100 * 0.1  # 백만원
    grdp = dict(zip(tables.region_names, tables.grdp_million_won))
    others = [g for g in tables.region_names
              if g != "충북" and str(m.loc[(g, "62"), "produced_in_region"]) == "True"]
    weight = sum(grdp[g] for g in others)

    def supplier(measure):
        return sum(grdp[g] * (m.loc[(g, "62"), f"{measure}_in_region"]
                              + m.loc[(g, "62"), f"{measure}_other_regions"])
                   for g in others) / weight

    t = r.totals()
    assert t.loc["output", "in_region"] == pytest.approx(d_in * row["output_in_region"])
    assert t.loc["value_added", "other_regions"] == pytest.approx(
        d_in * row["value_added_other_regions"] + d_other * supplier("value_added"))
    assert t.loc["jobs", "in_region"] == pytest.approx(d_in / 1000 * row["jobs_in_region"])
    assert t.loc["jobs", "total"] == pytest.approx(
        d_in / 1000 * (row["jobs_in_region"] + row["jobs_other_regions"])
        + d_other / 1000 * supplier("jobs"))
    by_source = r.by_source()
    assert by_source.loc[("other_region_purchases", "output"), "other_regions"] == \
        pytest.approx(d_other * supplier("output"))
    assert by_source.loc[("other_region_purchases", "output"), "in_region"] == 0
    split = r.output_split()
    assert split.loc["in_region", "direct"] == pytest.approx(d_in)
    assert split.loc["other_regions", "direct"] == pytest.approx(d_other)
    inp = r.input_summary()
    assert (inp["in_region_final_demand"], inp["other_regions_final_demand"],
            inp["imported"]) == pytest.approx((d_in, d_other, d_imp))


def test_imports_have_no_effect_and_moving_purchases_between_regions_barely_moves_the_total(
        tables):
    base = {"item": "software", "sector": "62", "amount": 10.0, "year": 2021,
            "phase": "construction", "price_year": 2020}
    def totals(**shares):
        lines = pd.DataFrame([{**base, **shares}])
        return impact.estimate(_project(lines, tables, region="충북", unit="억원"),
                               tables=tables).totals()
    assert (totals(in_region_share=0.0, import_share=1.0).to_numpy() == 0).all()
    local = totals(in_region_share=0.9, import_share=0.1)
    away = totals(in_region_share=0.1, import_share=0.1)
    assert local.loc["output", "in_region"] > 5 * away.loc["output", "in_region"]
    # the nationwide total moves only by the differences between regions' multipliers
    assert abs(local.loc["output", "total"] / away.loc["output", "total"] - 1) < 0.10
    half_imported = totals(in_region_share=0.45, import_share=0.55)
    assert half_imported.loc["output", "total"] < 0.6 * local.loc["output", "total"]


def test_amounts_are_converted_to_2020_prices(tables):
    lines = pd.DataFrame({"item": ["x"], "sector": ["62"], "amount": [100.0], "year": [2025],
                          "phase": ["construction"], "in_region_share": [1.0]})
    r2020 = impact.estimate(_project(lines.assign(price_year=2020), tables), tables=tables)
    r2025 = impact.estimate(_project(lines.assign(price_year=2025), tables), tables=tables)
    deflator = tables.price_indices.set_index(["series", "year"]).loc[
        ("gdp_deflator", 2025), "index_2020_100"]
    np.testing.assert_allclose(r2025.totals().to_numpy() * deflator / 100,
                               r2020.totals().to_numpy())
    assert r2025.price_year == 2020


def test_price_year_after_last_index_is_projected_and_labelled(tables):
    lines = pd.DataFrame({"item": ["x"], "sector": ["62"], "amount": [100.0], "year": [2028],
                          "phase": ["construction"], "in_region_share": [1.0]})
    r = impact.estimate(_project(lines, tables, price_year=2028), tables=tables)
    used = r.price_indices.set_index(["series", "year"]).loc[("gdp_deflator", 2028)]
    assert used["status"] == "projected"
    assert used["lower"] < used["index_2020_100"] < used["upper"]
    assert used["index_2020_100"] > 114.9  # above the last published value (2025)


def test_recurring_and_spread_years(tables):
    lines = pd.DataFrame({"item": ["ops", "build"], "sector": ["74", "50"],
                          "amount": [10.0, 30.0], "year": [2029, 2026],
                          "recurs_until": [2033, None], "spread_until": [None, 2028],
                          "phase": ["operation", "construction"], "in_region_share": [1.0, 1.0],
                          "price_year": [2020, 2020]})
    r = impact.estimate(_project(lines, tables), tables=tables)
    spend = r.flows.groupby(["phase", "year"])["spend_2020"].sum()
    assert list(spend["operation"].index) == [2029, 2030, 2031, 2032, 2033]
    np.testing.assert_allclose(spend["operation"], 1000.0)          # 10억원 each year
    np.testing.assert_allclose(spend["construction"], 1000.0)       # 30억원 over 3 years
    jobs = r.jobs_by_phase()
    assert jobs.loc["operation", "years"] == 5
    assert jobs.loc["operation", "average_annual_jobs_total"] == pytest.approx(
        jobs.loc["operation", "job_years_total"] / 5)


def test_sector_not_produced_in_region_leaks_and_warns(tables):
    lines = pd.DataFrame({"item": ["coal"], "sector": ["06"], "amount": [10.0], "year": [2026],
                          "phase": ["operation"], "in_region_share": [1.0]})
    project = _project(lines, tables, region="경북")
    assert project.warnings == (
        "line L01 (coal): sector 06 is not produced in 경북 in 2020; its in-region share is "
        "treated as bought from other regions",)
    r = impact.estimate(project, tables=tables)
    assert r.totals().loc["output", "in_region"] == 0
    assert r.input_summary()["leakage"] > 0


def test_tidy_frame_matches_totals(small_project, tables):
    r = impact.estimate(small_project, tables=tables)
    tidy = r.to_frame()
    assert set(tidy["measure"]) == set(MEASURES)
    assert set(tidy["scope"]) == {"in_region", "other_regions"}
    pivot = tidy.pivot_table(index="measure", columns="scope", values="value", aggfunc="sum")
    t = r.totals()
    np.testing.assert_allclose(pivot.loc[list(MEASURES), ["in_region", "other_regions"]],
                               t[["in_region", "other_regions"]])


def test_summary_is_readable(small_project, tables):
    text = str(impact.estimate(small_project, tables=tables).summary())
    for word in ("생산유발", "부가가치유발", "취업유발", "억원", "2020", "job-years", "지역내"):
        assert word in text
    html = impact.estimate(small_project, tables=tables).summary()._repr_html_()
    assert "<table" in html


def test_parameters_feed_expressions(tables):
    lines = pd.DataFrame({"item": ["R&D by investees"], "sector": ["70"],
                          "amount": ["=fund * invested_share"], "year": [2026],
                          "phase": ["operation"], "in_region_share": ["=local_share"]})
    p = _project(lines, tables, parameters={"fund": 100, "invested_share": 0.5,
                                            "local_share": {"value": 0.6, "note": "assumption"}})
    assert p.lines["amount"].iloc[0] == 50
    assert p.lines["in_region_share"].iloc[0] == 0.6
    bigger = p.with_parameters(fund=200)
    a = impact.estimate(p, tables=tables).totals()
    b = impact.estimate(bigger, tables=tables).totals()
    np.testing.assert_allclose(b.to_numpy(), 2 * a.to_numpy())
