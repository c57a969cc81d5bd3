"""Small hand cases of behaviour the mutation run (README "Development") checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import impact
from impact.uncertainty import simulate


def _project(lines, tables, region):
    return impact.project_from_frame(lines, id="t", name="T", region=region, price_year=2020,
                                     unit="억원", tables=tables)


def test_draws_buy_a_sector_the_region_does_not_make_elsewhere(tables):
    """서울 makes no sector 04 in 2020 (produced_in_region False, multiplier row 1.0/0):
    whatever in-region share a draw takes, it is bought in other regions, so every draw
    has zero in-region effect and the same other-region output as the point estimate."""
    lines = pd.DataFrame({"item": ["ore"], "sector": ["04"], "amount": [10.0],
                          "year": [2020], "phase": ["construction"],
                          "in_region_share": [0.8], "in_region_share_range": [[0.5, 1.0]],
                          "import_share": [0.0]})
    project = _project(lines, tables, "서울")
    point = impact.estimate(project, tables=tables).totals()
    assert point.loc["output", "in_region"] == 0.0
    sim = simulate(project, draws=50, seed=1, tables=tables)
    assert (sim.draws["output|in_region"] == 0).all()
    assert (sim.draws["jobs|in_region"] == 0).all()
    np.testing.assert_allclose(sim.draws["output|total"], point.loc["output", "total"],
                               rtol=1e-12)
    assert point.loc["output", "total"] > 1_000.0  # 10억원 at a supplier multiplier > 1


# -- the printed summary (impact estimate's table) against the goldens ------------------
from pathlib import Path  # noqa: E402
import json  # noqa: E402

from impact import units  # noqa: E402
from impact.result import Summary  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FUND = ROOT / "projects" / "pohang-ai-fund.yaml"


def _golden(stem):
    return json.loads((ROOT / "tests" / "golden" / f"{stem}.json").read_text("utf-8"))["figures"]


def test_summary_prints_the_golden_figures_in_eok_and_persons(tables):
    g = _golden("pohang-ai-fund")
    r = impact.estimate(impact.load_project(FUND, tables=tables), tables=tables)
    s = Summary(r)
    frame = s.to_frame()
    assert list(frame.index) == ["생산유발 Output (억원)", "부가가치유발 Value added (억원)",
                                 "취업유발 Jobs (명)"]
    assert list(frame.columns) == ["지역내 In region", "타지역 Other regions", "전국 Nationwide",
                                   "지역내 비중 In-region % of nationwide"]
    for row, m, per in ((0, "output", 100.0), (1, "value_added", 100.0), (2, "jobs", 1.0)):
        want = [g["totals"][m][k] / per for k in ("in_region", "other_regions", "total")]
        np.testing.assert_allclose(frame.iloc[row, :3].to_numpy(float), want, rtol=1e-12)
        assert frame.iloc[row, 3] == pytest.approx(
            100 * g["totals"][m]["in_region"] / g["totals"][m]["total"])
    text = str(s)
    inp, rat = g["input_summary"], g["ratios"]
    assert f"Input budget (2020 prices): {units.format_won(inp['total'])}" in text
    assert f"Excluded, not final demand: {units.format_won(inp['excluded'])}" in text
    assert f"Bought in 경북: {units.format_won(inp['in_region_final_demand'])}" in text
    assert f"Imported: {units.format_won(inp['imported'])}" in text
    assert (f"output {rat['output_per_input']:.2f}, value added "
            f"{rat['value_added_per_input']:.2f}, jobs {rat['jobs_per_1bn_won_input']:.1f} "
            "per 10억원") in text
    assert (f"jobs {rat['jobs_per_1bn_won_input_in_region']:.1f} per 10억원") in text
    for phase, p in g["by_phase"].items():
        assert (f"{p['job_years_total']:,.0f} job-years over {int(p['years'])} year(s)"
                in text)
        assert f"average {p['average_annual_jobs_total']:,.0f} jobs a year " \
               f"({p['average_annual_jobs_in_region']:,.0f} in 경북)" in text
    bridge = s.bridge_frame()
    steps = [b for b in g["bridge"]]
    assert len(bridge) == len(steps) // 3
    first, last = steps[0], steps[-3]
    assert bridge.iloc[0]["생산유발 지역내"] == pytest.approx(first["in_region"] / 100)
    assert bridge.iloc[0]["생산유발 전국"] == pytest.approx(first["total"] / 100)
    assert bridge.iloc[-1]["생산유발 전국"] == pytest.approx(last["total"] / 100)
    jobs_last = steps[-1]
    assert bridge.iloc[-1]["취업유발 전국"] == pytest.approx(jobs_last["total"])
    assert bridge.iloc[-1]["취업유발 지역내"] == pytest.approx(jobs_last["in_region"])


def test_units_by_hand():
    assert units.eok(12_345.0) == pytest.approx(123.45)
    assert units.bilingual("output") == "생산유발 Output"
    assert units.bilingual("unknown") == "unknown unknown"
    assert units.label("total", "en") == "Nationwide" and units.label("total") == "전국"
    assert units.format_won(1_234_560.0) == "1조 2,345.6억원"
    assert units.format_won(100_000_000.0) == "100조원"
    assert units.format_won(-5_432.1) == "-54.3억원"
    assert units.format_won(float("nan")) == "-" and units.format_won(None) == "-"
    assert units.format_jobs(1234.4) == "1,234명" and units.format_jobs(None) == "-"
    assert units.format_won_lang(40_700.0, "en") == "KRW 40.7bn"
    assert units.format_won_lang(1_280_000.0, "en") == "KRW 1.28tn"
    assert units.format_won_lang(-999_999.0, "en") == "-KRW 1,000.0bn"
    assert units.format_won_lang(5_000.0, "ko") == "50.0억원"
    assert units.format_won_lang(float("inf"), "en") == "-"
    assert units.format_jobs_lang(1234.4, "en") == "1,234"
    assert units.format_jobs_lang(1234.4) == "1,234명"
    assert units.format_jobs_lang(float("nan"), "en") == "-"


def test_subtracting_results_labels_and_refuses_other_regions(small_lines, tables):
    a = impact.estimate(_project(small_lines, tables, "경북"), tables=tables)
    b = impact.estimate(_project(small_lines.iloc[:1], tables, "경북"), tables=tables)
    diff = a - b
    assert diff.name == "T - T"
    assert (a + b).name == "T + T"
    np.testing.assert_allclose(diff.totals().to_numpy(),
                               a.totals().to_numpy() - b.totals().to_numpy(), atol=1e-9)
    c = impact.estimate(_project(small_lines, tables, "충북"), tables=tables)
    with pytest.raises(ValueError, match="cannot subtract results for 경북 and 충북"):
        a - c


def _one_local_line(tables):
    lines = pd.DataFrame({"item": ["works"], "sector": ["50"], "amount": [10.0],
                          "year": [2020], "phase": ["construction"], "in_region_share": [1.0],
                          "import_share": [0.0]})
    return impact.estimate(_project(lines, tables, "경북"), tables=tables)


def _csv_row(region, sector):
    return pd.read_csv(ROOT / "tables" / "multipliers_bok2020.csv",
                       dtype={"sector_code": str}).set_index(["region", "sector_code"]) \
        .loc[(region, sector)]


def test_output_split_by_hand(tables):
    """1,000 백만원 bought in 경북 from sector 50: direct 1,000 in the region, indirect
    1,000 x (m_in - 1) there and 1,000 x m_other in other regions (no direct there)."""
    m = _csv_row("경북", "50")
    split = _one_local_line(tables).output_split()
    assert split.index.name == "scope"
    assert split.loc["in_region", "direct"] == pytest.approx(1_000.0)
    assert split.loc["in_region", "indirect"] == pytest.approx(1_000 * (m["output_in_region"] - 1))
    assert split.loc["other_regions", "direct"] == pytest.approx(0.0)
    assert split.loc["other_regions", "indirect"] == pytest.approx(
        1_000 * m["output_other_regions"])
    assert split.loc["total", "direct"] == pytest.approx(1_000.0)
    assert split.loc["total", "total"] == pytest.approx(
        1_000 * (m["output_in_region"] + m["output_other_regions"]))


@pytest.mark.parametrize("stem", ["pohang-ai-fund", "chungbuk-ai-simulation-center"])
def test_conventional_ratios_use_the_budget_as_written(stem, tables):
    """Conventional basis: effects per the budget as written (its own price years), the
    golden bridge's first step over the golden as-written budget."""
    g = _golden(stem)
    p = impact.load_project(ROOT / "projects" / f"{stem}.yaml", tables=tables)
    ratios = impact.estimate(p, tables=tables, basis="conventional").ratios()
    conventional = {b["measure"]: b for b in g["bridge"] if b["step"] == "conventional"}
    written = g["input_summary"]["as_written"]
    assert written != pytest.approx(g["input_summary"]["total"])  # the case tells them apart
    assert ratios["jobs_per_1bn_won_input"] == pytest.approx(
        conventional["jobs"]["total"] / written * 1_000, rel=1e-12)
    assert ratios["output_per_input_in_region"] == pytest.approx(
        conventional["output"]["in_region"] / written, rel=1e-12)


def test_by_sector_default_top_ten_with_names(tables):
    p = impact.load_project(ROOT / "projects" / "pohang-data-center.yaml", tables=tables)
    r = impact.estimate(p, tables=tables)
    full = r.by_sector(top=None)
    assert len(full) > 10 and len(r.by_sector()) == 10
    names = pd.read_csv(ROOT / "tables" / "sectors.csv", dtype={"sector_code": str}) \
        .set_index("sector_code")
    top = r.by_sector("jobs", "other_regions", top=3)
    assert list(top.columns) == ["sector_code", "jobs_other_regions", "name_ko", "name_en"]
    for row in top.itertuples():
        assert row.name_ko == names.loc[row.sector_code, "name_ko"]
        assert row.name_en == names.loc[row.sector_code, "name_en"]
    assert top["jobs_other_regions"].is_monotonic_decreasing
    by_hand = r.flows.groupby("sector_code")["jobs_other_regions"].sum().max()
    assert top["jobs_other_regions"].iloc[0] == pytest.approx(by_hand)


def test_supplier_multipliers_hand_case_and_nan_without_warning():
    """Two regions weighted 3:1, region 1 does not make sector 1: sector 0 is the weighted
    mean, sector 1 region 0's alone; with no producer at all NaN, quietly."""
    import warnings

    from impact import iomath
    m = np.array([[[2.0], [4.0]], [[1.0], [8.0]]])  # (regions, sectors, measures)
    produced = np.array([[1, 1], [1, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = iomath.supplier_multipliers([3.0, 1.0], produced, m)
        none = iomath.supplier_multipliers([0.0, 0.0], produced, m)
    np.testing.assert_allclose(got[:, 0], [(3 * 2 + 1 * 1) / 4, 4.0])
    assert np.isnan(none).all()
    inside, other, imports = iomath.split_purchases([100.0, 100.0], [0.6, 0.6], [0.1, 0.1],
                                                    [1, 0])
    np.testing.assert_allclose(inside, [60.0, 0.0])
    np.testing.assert_allclose(other, [30.0, 90.0])
    np.testing.assert_allclose(imports, [10.0, 10.0])


def test_share_of_integer_counts_by_hand():
    """1 of 4 is 0.25; a zero whole takes the fallback; 5 of 4 is capped at 1 (integers in)."""
    from impact import iomath
    got = iomath.share_of([1, 3, 5], [4, 0, 4], [0.5, 0.7, 0.0])
    np.testing.assert_allclose(got, [0.25, 0.7, 1.0])
    # half of a half is 0.5 (a whole below 1 still divides); a negative part is clipped at 0
    np.testing.assert_allclose(iomath.share_of([0.25, -1.0], [0.5, 4.0], [0.9, 0.9]), [0.5, 0.0])
