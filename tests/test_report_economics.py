"""The report's economics sections: assumptions check, reporting-year jobs, uncertainty bands."""

from __future__ import annotations

import textwrap

import pytest

from impact import reporting
from impact.reporting import economics

BUDGET = """\
id: econ-demo
name: 점검 데모
region: 충북
price_year: 2024
unit: 억원
parameters:
  local: {value: 0.6, low: 0.4, high: 0.8, note: "assumption"}
lines:
  - id: land
    item: 부지 매입
    sector: "69"
    amount: 10
    year: 2025
    phase: construction
    in_region_share: 1.0
  - id: build
    item: 건물 공사
    category: building_construction
    amount: 100
    year: 2025
    phase: construction
    in_region_share: =local
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("econ") / "econ-demo.yaml"
    path.write_text(textwrap.dedent(BUDGET), encoding="utf-8")
    return reporting.prepare(path, draws=500, seed=7)


def test_check_section_lists_land_entered_as_spending(data):
    frame = economics.check_frame(data)
    land = frame[frame["line_id"] == "land"]
    assert not land.empty and land["severity"].iloc[0] == "error"
    html = economics.check_html(data)
    assert "(오류 1)" in html and "1 error" not in html and "not_final_demand" in html and "지적 1건" in html


def test_reporting_year_jobs_are_labelled_adjustment_next_to_2020(data):
    frame = economics.reporting_jobs_frame(data)
    jobs = frame[frame["구분"] == "취업유발"].iloc[0]
    assert jobs["방법"].startswith("조정치: 2020년 계수 취업자 × 고용계수 추세(2024)")
    assert jobs["2020년 기준"] != jobs["2024"]  # the trend moves jobs between 2020 and 2024
    assert data.reporting_year_effects["reporting_year"].eq(2024).all()


def test_bands_are_ordered_and_seed_is_recorded(data):
    bands = data.simulation.bands()
    assert (bands["p10"] <= bands["p50"]).all() and (bands["p50"] <= bands["p90"]).all()
    assert data.parameters["seed"] == 7 and data.parameters["draws"] == 500
    assert reporting.provenance(data)["report_parameters"]["seed"] == 7
    html = economics.uncertainty_html(data)
    assert "seed 7" in html and "500회 추출" in html
    top = economics.tornado_top(data, "output")
    assert top["가정"].iloc[0]  # the parameter `local` drives output
    assert len(top) >= 1


def test_same_seed_same_bands(tmp_path):
    path = tmp_path / "econ-demo.yaml"
    path.write_text(textwrap.dedent(BUDGET), encoding="utf-8")
    a = reporting.prepare(path, draws=300, seed=11).simulation.bands()
    b = reporting.prepare(path, draws=300, seed=11).simulation.bands()
    assert a.equals(b)
