"""The result's tables (impact/result.py) and the estimate's frame (impact/estimate.py)
by hand from the shipped CSVs (tables/*.csv) and the goldens (tests/golden)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("output", "value_added", "jobs")
PER = {"output": 1.0, "value_added": 1.0, "jobs": 1_000.0}  # jobs per 10억 = 1,000 백만원


@functools.cache  # read once a process: the hand computations look rows up many times
def read_csv(name) -> tuple[dict, ...]:
    with open(ROOT / "tables" / name, encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def multiplier_row(region, sector):
    return next(r for r in read_csv("multipliers_bok2020.csv")
                if r["region"] == region and r["sector_code"] == sector)


def nationwide(row, measure):
    return float(row[f"{measure}_in_region"]) + float(row[f"{measure}_other_regions"])


def supplier_multiplier(sector, measure, without):
    """GRDP-weighted nationwide multiplier of the regions other than ``without`` that make
    ``sector`` (sum_r g_r p_r M_r / sum_r g_r p_r)."""
    grdp = {r["region"]: float(r["grdp_2020_million_won"]) for r in read_csv("grdp_2020.csv")}
    w = {r: grdp[r] * (multiplier_row(r, sector)["produced_in_region"] == "True")
         for r in grdp if r != without}
    return sum(w[r] * nationwide(multiplier_row(r, sector), measure) for r in w) / sum(w.values())


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
    t = r.totals()  # its axes are named, so that t.stack() gives (measure, scope) rows
    assert list(t.stack().index.names) == ["measure", "scope"]
    src = r.by_source()
    assert list(src.columns) == ["in_region", "other_regions", "total"]
    assert list(src.index) == [(source, m) for source in ("in_region_purchases",
                                                          "other_region_purchases")
                               for m in MEASURES]  # measures in the tables' order
    m = multiplier_row("경북", "50")
    for measure in MEASURES:
        own = src.loc[("in_region_purchases", measure)]
        bought = src.loc[("other_region_purchases", measure)]
        assert own["in_region"] == pytest.approx(
            500 / PER[measure] * float(m[f"{measure}_in_region"]), rel=1e-12)
        assert own["other_regions"] == pytest.approx(
            500 / PER[measure] * float(m[f"{measure}_other_regions"]), rel=1e-12)
        assert own["total"] == pytest.approx(500 / PER[measure] * nationwide(m, measure),
                                             rel=1e-12)
        elsewhere = 500 / PER[measure] * supplier_multiplier("50", measure, "경북")
        assert bought["in_region"] == 0.0
        assert bought["other_regions"] == pytest.approx(elsewhere, rel=1e-12)
        assert bought["total"] == pytest.approx(elsewhere, rel=1e-12)


def test_output_split_with_other_region_purchases_by_hand(tables):
    """The same line: direct output is the demand itself where it is produced (500 in
    경북, 500 elsewhere), indirect the rest of each scope's effect."""
    r = impact.estimate(_project(tables, [{"sector": "50", "in_region_share": 0.5}]),
                        tables=tables)
    m = multiplier_row("경북", "50")
    split = r.output_split()
    out = 500 * supplier_multiplier("50", "output", "경북")
    assert split.loc["in_region"].to_dict() == pytest.approx({
        "direct": 500.0, "indirect": 500 * (float(m["output_in_region"]) - 1),
        "total": 500 * float(m["output_in_region"])}, rel=1e-12)
    assert split.loc["other_regions"].to_dict() == pytest.approx({
        "direct": 500.0, "indirect": 500 * float(m["output_other_regions"]) + out - 500,
        "total": 500 * float(m["output_other_regions"]) + out}, rel=1e-12)
    assert split.loc["total", "direct"] == pytest.approx(1_000.0)


def _two_phases(tables):
    """5억원 of land (excluded), 10억원 of construction (50) spread over 2026-2027 and
    10억원 a year of engineering services (72) recurring 2027-2028, all bought in 경북,
    at 2020 prices (index 100: amounts need no conversion)."""
    return _project(tables, [
        {"item": "land", "category": "land_purchase", "amount": 5.0},
        {"item": "works", "sector": "50", "year": 2026, "spread_until": 2027,
         "in_region_share": 1.0},
        {"item": "services", "sector": "72", "year": 2027, "recurs_until": 2028,
         "phase": "operation", "in_region_share": 1.0}])


def test_by_phase_year_and_jobs_by_phase_by_hand(tables):
    """Construction: 500 백만원 in each of 2026 and 2027; operation: 1,000 in each of
    2027 and 2028.  Effects = demand x 경북's multipliers (jobs per 10억원 / 1,000);
    average annual jobs = job-years / the phase's number of years."""
    r = impact.estimate(_two_phases(tables), tables=tables)
    by = r.by_phase_year().set_index(["phase", "year"])
    assert list(by.index) == [("construction", 2026), ("construction", 2027),
                              ("operation", 2027), ("operation", 2028)]
    spend = {"construction": 500.0, "operation": 1_000.0}
    sector = {"construction": "50", "operation": "72"}
    for (phase, year), row in by.iterrows():
        m = multiplier_row("경북", sector[phase])
        assert row["spend_2020"] == pytest.approx(spend[phase], rel=1e-12)
        assert row["in_region_demand_2020"] == pytest.approx(spend[phase], rel=1e-12)
        assert row["other_regions_demand_2020"] == 0.0 and row["imports_2020"] == 0.0
        for measure in MEASURES:
            for scope in ("in_region", "other_regions"):
                assert row[f"{measure}_{scope}"] == pytest.approx(
                    spend[phase] / PER[measure] * float(m[f"{measure}_{scope}"]), rel=1e-12)
    jobs = r.jobs_by_phase()
    assert list(jobs.index) == ["construction", "operation"]
    for phase, first in (("construction", 2026), ("operation", 2027)):
        m = multiplier_row("경북", sector[phase])
        job_years = 2 * spend[phase] / 1_000 * float(m["jobs_in_region"])
        job_years_total = 2 * spend[phase] / 1_000 * nationwide(m, "jobs")
        row = jobs.loc[phase]
        assert row["job_years_in_region"] == pytest.approx(job_years, rel=1e-12)
        assert row["job_years_total"] == pytest.approx(job_years_total, rel=1e-12)
        assert (row["first_year"], row["last_year"], row["years"]) == (first, first + 1, 2)
        assert row["average_annual_jobs_in_region"] == pytest.approx(job_years / 2, rel=1e-12)
        assert row["average_annual_jobs_total"] == pytest.approx(job_years_total / 2,
                                                                 rel=1e-12)


def test_excluded_lines_and_the_json_object_by_hand(tables):
    """The land line is listed with the category's reason from categories.csv and its
    500 백만원; the JSON object holds the budget (500 + 1,000 + 2 x 1,000), the totals
    and by_source figures by hand, and the bridge (adjusted basis)."""
    reason = next(r["exclude_reason"] for r in read_csv("categories.csv")
                  if r["category"] == "land_purchase")
    r = impact.estimate(_two_phases(tables), tables=tables)
    ex = r.excluded()
    assert list(ex.columns) == ["line_id", "item", "amount", "price_year", "amount_2020",
                                "reason"]
    assert ex.to_dict("records") == [{"line_id": "L01", "item": "land", "amount": 5.0,
                                      "price_year": 2020, "amount_2020": 500.0,
                                      "reason": reason}]
    d = r.to_dict()
    assert (d["id"], d["name"], d["scenario"], d["region"], d["basis"]) == (
        "t", "T", None, "경북", "adjusted")
    assert d["price_year_of_results"] == 2020 and d["money_unit"] == "백만원"
    assert d["input"] == pytest.approx({
        "total": 3_500.0, "excluded": 500.0, "final_demand": 3_000.0, "leakage": 0.0,
        "in_region_final_demand": 3_000.0, "other_regions_final_demand": 0.0,
        "imported": 0.0})
    works, services = multiplier_row("경북", "50"), multiplier_row("경북", "72")
    for measure in MEASURES:
        inside = (1_000 * float(works[f"{measure}_in_region"])
                  + 2_000 * float(services[f"{measure}_in_region"])) / PER[measure]
        total = (1_000 * nationwide(works, measure)
                 + 2_000 * nationwide(services, measure)) / PER[measure]
        assert d["totals"][measure] == pytest.approx(
            {"in_region": inside, "other_regions": total - inside, "total": total})
        assert d["by_source"]["in_region_purchases"][measure] == pytest.approx(
            {"in_region": inside, "other_regions": total - inside, "total": total})
        assert d["by_source"]["other_region_purchases"][measure] == {
            "in_region": 0.0, "other_regions": 0.0, "total": 0.0}
    assert d["excluded"] == [{"line_id": "L01", "item": "land", "amount_2020": 500.0,
                              "reason": reason}]
    assert d["warnings"] == []
    # at 2020 prices, all bought in the region: the conventional figure is ours
    steps = [b["step"] for b in d["bridge"]]
    assert steps == ["conventional", "price_conversion", "imports_removed",
                     "other_region_purchases_moved_out", "other_region_effects_added",
                     "adjusted"]
    for figure in (d["bridge"][0], d["bridge"][-1]):
        for measure in MEASURES:
            assert figure[measure] == pytest.approx(
                {"in_region": d["totals"][measure]["in_region"],
                 "total": d["totals"][measure]["total"]})
    for later in d["bridge"][1:-1]:
        for measure in MEASURES:
            assert later[measure] == pytest.approx({"in_region": 0.0, "total": 0.0}, abs=1e-9)


def test_subtracting_a_result_negates_its_lines_and_flows(tables):
    """(two phases) - (the works line alone): the difference holds the land and the
    services: budget 3,500 - 1,000 = 2,500 백만원 (500 of it excluded), as written alike;
    by_source and totals are the services' 2,000 through 경북's sector-72 row; a sum of
    results has no bridge; results on other bases or of other kinds do not combine."""
    both = impact.estimate(_two_phases(tables), tables=tables)
    works = impact.estimate(_project(tables, [
        {"item": "works", "sector": "50", "year": 2026, "spread_until": 2027,
         "in_region_share": 1.0}]), tables=tables)
    diff = both - works
    inp = diff.input_summary()
    assert (inp["total"], inp["as_written"], inp["excluded"]) == pytest.approx(
        (2_500.0, 2_500.0, 500.0))
    assert (inp["final_demand"], inp["in_region_final_demand"]) == pytest.approx(
        (2_000.0, 2_000.0))
    assert list(diff.lines["amount"]) == [5.0, 10.0, 10.0, -10.0]
    services = multiplier_row("경북", "72")
    src = diff.by_source()
    for measure in MEASURES:
        assert src.loc[("in_region_purchases", measure), "in_region"] == pytest.approx(
            2_000 / PER[measure] * float(services[f"{measure}_in_region"]), abs=1e-9)
        assert src.loc[("in_region_purchases", measure), "total"] == pytest.approx(
            2_000 / PER[measure] * nationwide(services, measure), abs=1e-9)
    assert diff.flows["spend_2020"].sum() == pytest.approx(2_000.0)
    assert len(diff.price_indices) == len(both.price_indices)  # the same series, once
    assert "bridge" not in diff.to_dict()
    with pytest.raises(ValueError, match="needs one estimate's flows"):
        diff.bridge()
    conventional = impact.estimate(_two_phases(tables), tables=tables, basis="conventional")
    with pytest.raises(ValueError, match="cannot add a adjusted and a conventional result"):
        both + conventional
    with pytest.raises(TypeError):
        both - 1.0
    # a difference keeps the basis, the price year and the tables of the results
    assert (diff.basis, diff.price_year, diff.to_dict()["price_year_of_results"]) == (
        "adjusted", 2020, 2020)


def test_a_difference_has_the_tables_to_name_its_sectors(tables):
    """By sector, largest first (0, 1, ...), named from sectors.csv: 72 (2,000 백만원 of
    services), then 50, whose flows cancel to 0 in (two phases) - (the works line)."""
    both = impact.estimate(_two_phases(tables), tables=tables)
    works = impact.estimate(_project(tables, [
        {"item": "works", "sector": "50", "year": 2026, "spread_until": 2027,
         "in_region_share": 1.0}]), tables=tables)
    diff = both - works
    top = diff.by_sector("output", "in_region", top=None)
    assert list(top["sector_code"]) == ["72", "50"]
    assert list(top["name_en"]) == [
        next(r["name_en"] for r in read_csv("sectors.csv") if r["sector_code"] == "72"),
        next(r["name_en"] for r in read_csv("sectors.csv") if r["sector_code"] == "50")]
    assert list(top.index) == [0, 1]


def test_a_sum_of_conventional_results_stays_conventional(tables):
    """Two conventional estimates at 2024 prices: their sum is conventional, its money
    in the budget's own prices ('as written'), its ratios over the budget as written
    (2 x 1,000 백만원): jobs per 10억원 = conventional jobs / 2,000 x 1,000."""
    p = _project(tables, [{"sector": "72", "price_year": 2024, "in_region_share": 1.0}],
                 price_year=2024)
    one = impact.estimate(p, tables=tables, basis="conventional")
    both = one + one
    assert both.basis == "conventional" and both.price_year is None
    assert both.to_dict()["price_year_of_results"] == "as written"
    m = multiplier_row("경북", "72")
    jobs = 2 * 1_000 / 1_000 * nationwide(m, "jobs")
    assert both.totals().loc["jobs", "total"] == pytest.approx(jobs, rel=1e-12)
    assert both.ratios()["jobs_per_1bn_won_input"] == pytest.approx(jobs / 2_000 * 1_000,
                                                                    rel=1e-12)
    assert both.ratios()["output_per_input"] == pytest.approx(nationwide(m, "output"),
                                                              rel=1e-12)


def test_summary_of_a_budget_with_no_final_demand(tables):
    """Only excluded lines: every effect is 0, and the in-region % of a zero nationwide
    figure is not a number (no division by zero shown as 0 %)."""
    r = impact.estimate(_project(tables, [{"item": "land", "category": "land_purchase"}]),
                        tables=tables)
    frame = r.summary().to_frame()
    assert (frame.iloc[:, :3].to_numpy(float) == 0).all()
    assert frame.iloc[:, 3].isna().all()
    assert r.ratios()["output_per_input"] == 0.0


def _index(series, year):
    return next(float(r["index_2020_100"]) for r in read_csv("price_indices.csv")
                if r["series"] == series and int(r["year"]) == year)


def test_estimate_lines_and_flows_at_2024_prices_by_hand(tables):
    """At 2024 prices: 10억원 a year of services (72, GDP deflator) recurring 2025-2026,
    written 2,000 백만원 in all; 10억원 of works (50, building index) spread over
    2025-2026, written 1,000.  At 2020 prices each is divided by its index / 100; the
    conventional basis spends the amounts as written, all in the region."""
    gdp, building = _index("gdp_deflator", 2024), _index("construction_building", 2024)
    p = _project(tables, [
        {"item": "services", "sector": "72", "year": 2025, "recurs_until": 2026,
         "phase": "operation", "deflator": "gdp_deflator", "price_year": 2024,
         "in_region_share": 0.5, "import_share": 0.1},
        {"item": "works", "sector": "50", "year": 2025, "spread_until": 2026,
         "deflator": "construction_building", "price_year": 2024, "in_region_share": 1.0}],
        price_year=2024)
    r = impact.estimate(p, tables=tables)
    np.testing.assert_allclose(r.lines["amount_as_written"], [2_000.0, 1_000.0])
    np.testing.assert_allclose(r.lines["amount_2020"],
                               [2_000 * 100 / gdp, 1_000 * 100 / building], rtol=1e-12)
    np.testing.assert_allclose(r.lines["index_2020_100"], [gdp, building], rtol=1e-12)
    f = r.flows
    assert list(f.columns[:4]) == ["line_id", "phase", "year", "sector_code"]
    assert list(zip(f["line_id"], f["phase"], f["year"], f["sector_code"])) == [
        ("L01", "operation", 2025, "72"), ("L01", "operation", 2026, "72"),
        ("L02", "construction", 2025, "50"), ("L02", "construction", 2026, "50")]
    services = 1_000 * 100 / gdp
    works = 500 * 100 / building
    np.testing.assert_allclose(f["spend_2020"], [services, services, works, works], rtol=1e-12)
    np.testing.assert_allclose(f["in_region_demand_2020"],
                               [0.5 * services, 0.5 * services, works, works], rtol=1e-12)
    np.testing.assert_allclose(f["other_regions_demand_2020"],
                               [0.4 * services, 0.4 * services, 0, 0], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(f["imports_2020"], [0.1 * services, 0.1 * services, 0, 0],
                               rtol=1e-12, atol=1e-9)
    m72, m50 = multiplier_row("경북", "72"), multiplier_row("경북", "50")
    for measure in MEASURES:
        bought = 0.4 * services * supplier_multiplier("72", measure, "경북") / PER[measure]
        own = np.array([0.5 * services, 0.5 * services, works, works]) / PER[measure]
        inside = own * [float(m[f"{measure}_in_region"]) for m in (m72, m72, m50, m50)]
        spill = own * [float(m[f"{measure}_other_regions"]) for m in (m72, m72, m50, m50)]
        np.testing.assert_allclose(f[f"{measure}_in_region"], inside, rtol=1e-12)
        np.testing.assert_allclose(f[f"{measure}_other_region_purchases"],
                                   [bought, bought, 0, 0], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(f[f"{measure}_other_regions"],
                                   spill + [bought, bought, 0, 0], rtol=1e-12)
    assert r.price_year == 2020 and r.basis == "adjusted" and r.flow_model is not None
    assert list(zip(r.price_indices["series"], r.price_indices["year"])) == [
        ("gdp_deflator", 2024), ("construction_building", 2024)]
    conventional = impact.estimate(p, tables=tables, basis="conventional")
    c = conventional.flows
    np.testing.assert_allclose(c["spend_2020"], [1_000.0, 1_000.0, 500.0, 500.0], rtol=1e-12)
    np.testing.assert_allclose(c["in_region_demand_2020"], c["spend_2020"])
    assert (c["other_regions_demand_2020"] == 0).all() and (c["imports_2020"] == 0).all()
    np.testing.assert_allclose(c["output_in_region"],
                               [1_000 * float(m72["output_in_region"])] * 2
                               + [500 * float(m50["output_in_region"])] * 2, rtol=1e-12)
    assert conventional.price_year is None and conventional.basis == "conventional"
    with pytest.raises(ValueError, match="basis must be one of adjusted, conventional"):
        impact.estimate(p, tables=tables, basis="nominal")


def test_tidy_frame_names_each_line_and_unit(tables):
    """The long frame: one row per flow x measure x scope, each with its line's item and
    the measure's unit (money 백만원 at 2020 prices, jobs job-years); its values add up
    to the hand totals of the two-phase case (jobs: 1,000 x 경북's sector-50 jobs per 10억
    / 1,000 + 2,000 x sector 72's)."""
    r = impact.estimate(_two_phases(tables), tables=tables)
    long = r.to_frame()
    assert list(long.columns) == ["line_id", "item", "phase", "year", "sector_code",
                                  "measure", "scope", "value", "unit"]
    assert len(long) == 4 * 6  # four flows (two years of each line), six effects
    assert dict(zip(long["line_id"], long["item"])) == {"L02": "works", "L03": "services"}
    assert dict(zip(long["measure"], long["unit"])) == {
        "output": "백만원 (2020 prices)", "value_added": "백만원 (2020 prices)",
        "jobs": "persons (job-years)"}
    jobs = long[long["measure"] == "jobs"].groupby("scope")["value"].sum()
    works, services = multiplier_row("경북", "50"), multiplier_row("경북", "72")
    assert jobs["in_region"] == pytest.approx(
        float(works["jobs_in_region"]) + 2 * float(services["jobs_in_region"]), rel=1e-12)
    assert jobs.sum() == pytest.approx(
        nationwide(works, "jobs") + 2 * nationwide(services, "jobs"), rel=1e-12)


def test_summary_bridge_only_for_our_basis(tables):
    """The printed bridge goes from the conventional figure ('통상 방식') to ours ('본
    추정'), in 억원 (output) and persons (jobs); a conventional estimate has none."""
    r = impact.estimate(_two_phases(tables), tables=tables)
    bridge = r.summary().bridge_frame()
    assert bridge.index[0].startswith("통상 방식") and bridge.index[-1].startswith("본 추정")
    t = r.totals()
    assert bridge.iloc[-1]["생산유발 전국"] == pytest.approx(t.loc["output", "total"] / 100)
    assert bridge.iloc[-1]["취업유발 지역내"] == pytest.approx(t.loc["jobs", "in_region"])
    conventional = impact.estimate(_two_phases(tables), tables=tables, basis="conventional")
    assert conventional.summary().bridge_frame() is None
    assert "Bridge from the conventional figure" not in str(conventional.summary())
