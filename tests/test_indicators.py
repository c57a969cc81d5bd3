"""Import, compensation and Type II indicators and the GRDP share, against hand computations
on a one-line budget: the national arrays are rebuilt here with numpy from the shared long
CSV (not through impact.national), the jobs average from the shared regional multipliers
and KOSIS GRDP."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact
from impact import indicators

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NATIONAL_CSV = SHARED / "bok2020_national_io_83.csv"
GYEONGBUK_GRDP_2020 = 112_072_885  # 백만원, KOSIS 시도별 지역내총생산 (시장가격), 2020

# 10억원 of software (sector 62) at 2020 prices in 경북: half bought there, 10% abroad,
# so 900 백만원 bought in Korea (450 in 경북, 450 in other regions).
SPEND, IN_SHARE, IMPORT_SHARE = 1000.0, 0.5, 0.1
DOMESTIC = SPEND * (1 - IMPORT_SHARE)


@pytest.fixture(scope="module")
def result():
    lines = pd.DataFrame([{"item": "software", "sector": "62", "amount": 10.0, "year": 2020,
                           "phase": "construction", "in_region_share": IN_SHARE,
                           "import_share": IMPORT_SHARE}])
    project = impact.project_from_frame(lines, id="one", name="One", region="경북",
                                        price_year=2020, unit="억원")
    r = impact.estimate(project)
    assert r.input_summary()["in_region_final_demand"] == pytest.approx(SPEND * IN_SHARE)
    return r


@pytest.fixture(scope="module")
def hand():
    """The national model from the long CSV with plain numpy (independent of impact)."""
    if not NATIONAL_CSV.is_file():
        pytest.skip("../shared/data not beside the checkout")
    long = pd.read_csv(NATIONAL_CSV, dtype={"row_code": str, "col_code": str})
    codes = [f"{i:02d}" for i in range(1, 84)]

    def block(table, rows, cols):
        t = long[long["table"] == table].pivot(index="row_code", columns="col_code",
                                               values="value")
        return t.loc[rows, cols].to_numpy(float)

    x = block("total", codes, ["9310"])[:, 0]
    Ad = block("domestic", codes, codes) / x
    Am = block("imports", codes, codes) / x
    W = block("total", ["9610"], codes)[0]
    w, v = W / x, block("total", ["9690"], codes)[0] / x
    L = np.linalg.inv(np.eye(83) - Ad)
    c = block("domestic", codes, ["9111"])[:, 0] / W.sum()
    closed = np.zeros((84, 84))
    closed[:83, :83], closed[:83, 83], closed[83, :83] = Ad, c, w
    L_star = np.linalg.inv(np.eye(84) - closed)
    j = codes.index("62")
    return {"j": j, "L": L, "L2": L_star[:83, :83], "w": w, "v": v, "m": Am.sum(axis=0),
            "consumption": c * L_star[83, j]}


def test_imports_and_compensation_at_national_ratios(result, hand):
    t = indicators.type_comparison(result)
    j, L = hand["j"], hand["L"]
    assert t.loc["compensation", "type1"] == pytest.approx(DOMESTIC * (hand["w"] @ L)[j])
    assert t.loc["imports", "type1"] == pytest.approx(DOMESTIC * (hand["m"] @ L)[j])
    assert t.loc["compensation", "type1_basis"] == "national ratios"
    assert np.isnan(t.loc["imports", "induced"])


def test_induced_and_type2_by_hand(result, hand, tables):
    t = indicators.type_comparison(result)
    j, L, L2 = hand["j"], hand["L"], hand["L2"]
    induced_output = DOMESTIC * (L2.sum(axis=0) - L.sum(axis=0))[j]
    induced_va = DOMESTIC * (hand["v"] @ (L2 - L))[j]
    assert t.loc["output", "induced"] == pytest.approx(induced_output)
    assert t.loc["value_added", "induced"] == pytest.approx(induced_va)
    assert t.loc["compensation", "induced"] == pytest.approx(DOMESTIC * (hand["w"] @ (L2 - L))[j])
    # Type I is this estimate's nationwide figure; Type II adds the induced part
    totals = result.totals()["total"]
    assert t.loc["output", "type1"] == pytest.approx(totals["output"])
    assert t.loc["output", "type2"] == pytest.approx(totals["output"] + induced_output)
    assert (t.loc[["output", "value_added", "jobs", "compensation"], "type2"]
            > t.loc[["output", "value_added", "jobs", "compensation"], "type1"]).all()


def test_induced_jobs_through_grdp_weighted_employment_multipliers(result, hand):
    mult = pd.read_csv(SHARED / "bok2020_regional_multipliers.csv", dtype={"sector_code": str})
    grdp = pd.read_csv(SHARED / "kosis_grdp_2020_by_region.csv")
    grdp = grdp[grdp["item"].str.startswith("지역내총생산") & (grdp["region"] != "전국")] \
        .set_index("region")["value"]
    jobs = mult[mult["measure"] == "employment"].groupby(["region", "sector_code"])["value"].sum()
    jobs = jobs.unstack("sector_code")  # persons per 10억원, in-region + other regions
    produced = impact.load_tables().multipliers.pivot(
        index="region", columns="sector_code", values="produced_in_region").astype(bool)
    weight = produced.mul(grdp, axis=0).loc[jobs.index, jobs.columns]
    per_million = (jobs * weight).sum() / weight.sum() / 1000
    expected = DOMESTIC * float(per_million.to_numpy() @ hand["consumption"])
    assert indicators.type_comparison(result).loc["jobs", "induced"] == pytest.approx(expected)
    assert expected > 0


def test_direct_parts_by_hand(result, hand):
    d = indicators.direct_indirect(result)
    j = hand["j"]
    assert d.loc["output", "direct"] == pytest.approx(DOMESTIC)  # the purchases themselves
    assert d.loc["value_added", "direct"] == pytest.approx(DOMESTIC * hand["v"][j])
    assert d.loc["value_added", "total"] == pytest.approx(DOMESTIC * (hand["v"] @ hand["L"])[j])
    assert d.loc["compensation", "direct"] == pytest.approx(DOMESTIC * hand["w"][j])
    assert np.isnan(d.loc["jobs", "direct"])


def test_grdp_share_by_hand(result, tables):
    m = tables.multipliers.set_index(["region", "sector_code"]).loc[("경북", "62")]
    va_in_region = SPEND * IN_SHARE * m["value_added_in_region"]
    g = indicators.grdp_share(result)
    assert g.loc[2020, "grdp_2020"] == GYEONGBUK_GRDP_2020
    assert g.loc[2020, "percent"] == pytest.approx(100 * va_in_region / GYEONGBUK_GRDP_2020)
    assert g.loc["total", "value_added_in_region"] == pytest.approx(va_in_region)


def test_grdp_share_per_year_and_total():
    lines = pd.DataFrame([{"item": "building", "sector": "50", "amount": 300.0, "year": 2020,
                           "spread_until": 2022, "phase": "construction",
                           "in_region_share": 1.0, "import_share": 0.0}])
    r = impact.estimate(impact.project_from_frame(lines, id="s", name="S", region="경북",
                                                  price_year=2020, unit="억원"))
    m = r.tables.multipliers.set_index(["region", "sector_code"]).loc[("경북", "50")]
    g = indicators.grdp_share(r)
    assert list(g.index) == [2020, 2021, 2022, "total"]
    each = 10_000 * m["value_added_in_region"] * 100 / GYEONGBUK_GRDP_2020  # 100억원 a year
    assert g["percent"].iloc[:3].to_numpy() == pytest.approx([each] * 3)
    assert g.loc["total", "percent"] == pytest.approx(3 * each)


def test_pimac_averages_are_the_published_figures():
    p = indicators.pimac_frame("en").set_index("key")["percent"]
    assert p.to_dict() == {"all_2008_2015": 0.3210, "building_other": 0.1133,
                           "port_airport": 1.0214, "public_institutions_2015_2019": 0.1760}


def test_result_delegates(result):
    assert result.indicators().equals(indicators.type_comparison(result))
    assert result.grdp_share().equals(indicators.grdp_share(result))
