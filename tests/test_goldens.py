"""Seed projects against their golden figures (tests/golden/<id>.json), and figures
computed here by hand from the shipped CSVs, independent of the library's code."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import impact
from impact.reporting import sections
from impact.reporting.data import ReportData, money_basis
from impact.scenarios import compare_regions
from impact.units import format_jobs, format_won

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SEEDS = sorted((ROOT / "projects").glob("*.yaml"))
sys.path.insert(0, str(ROOT / "scripts"))
import update_goldens  # noqa: E402

HOW = ("the seed's figures moved away from tests/golden/{id}.json: review why (a change in "
       "economics must be intended), then run `.venv/bin/python scripts/update_goldens.py`, "
       "write the reason in its REASONS and commit the golden with the change")


def _golden(stem):
    return json.loads((GOLDEN / f"{stem}.json").read_text("utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_its_golden(path, tables):
    golden = _golden(path.stem)
    assert golden["reason"] and golden["made_at_commit"]
    now = dict(update_goldens._flat(update_goldens.figures(path, tables)))
    want = dict(update_goldens._flat(golden["figures"]))
    assert now.keys() == want.keys(), HOW.format(id=path.stem)
    for key, value in want.items():
        if isinstance(value, str):
            assert now[key] == value, f"{key}: {HOW.format(id=path.stem)}"
        else:
            assert now[key] == pytest.approx(value, rel=1e-9, abs=1e-9), \
                f"{key}: {now[key]!r} != golden {value!r}; {HOW.format(id=path.stem)}"


def _csv(name):
    with open(ROOT / "tables" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _multiplier(region, sector, column):
    return next(float(r[column]) for r in _csv("multipliers_bok2020.csv")
                if r["region"] == region and r["sector_code"] == sector)


def _index(series, year):
    return next(float(r["index_2020_100"]) for r in _csv("price_indices.csv")
                if r["series"] == series and int(r["year"]) == year)


def test_chungbuk_fit_out_in_region_effects_by_hand(tables):
    """30억원 at 2024 prices of fit-out (category fit_out -> sector 50, in-region 1.0,
    no imports): in-region output = 3,000 백만원 x 100 / index(construction_building,
    2024) x 충북's sector-50 output multiplier; jobs with the CSV's jobs per 10억원."""
    p = impact.load_project(ROOT / "projects" / "chungbuk-ai-simulation-center.yaml",
                            tables=tables)
    flows = impact.estimate(p, tables=tables).flows
    fit = flows[flows["line_id"] == "fitout"]
    assert set(fit["sector_code"]) == {"50"} and sorted(fit["year"]) == [2024, 2025]
    spend_2020 = 3_000 * 100 / _index("construction_building", 2024)
    assert fit["in_region_demand_2020"].sum() == pytest.approx(spend_2020, rel=1e-12)
    assert fit["output_in_region"].sum() == pytest.approx(
        spend_2020 * _multiplier("충북", "50", "output_in_region"), rel=1e-12)
    assert fit["output_other_regions"].sum() == pytest.approx(
        spend_2020 * _multiplier("충북", "50", "output_other_regions"), rel=1e-12)
    assert fit["jobs_in_region"].sum() == pytest.approx(
        spend_2020 / 1_000 * _multiplier("충북", "50", "jobs_in_region"), rel=1e-12)


def _report_data(path, tables, year):
    p = impact.load_project(path, tables=tables)
    return ReportData(project=p, result=impact.estimate(p, tables=tables), tables=tables,
                      basis=money_basis(tables, year), regions=compare_regions(p, tables),
                      scenarios=None, parameters={}, simulation=None, findings=(),
                      reporting_year_effects=None, employment_trend={}, lang="ko")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_printed_figures_follow_the_goldens(path, tables):
    """The council table and the 17-region table at 2024 prices print the golden figures:
    money re-priced with the GDP deflator, jobs never re-priced (persons are persons),
    jobs per 10억원 = golden jobs / (golden budget x deflator) x 1,000."""
    figures = _golden(path.stem)["figures"]
    data = _report_data(path, tables, 2024)
    factor = _index("gdp_deflator", 2024) / 100
    frame = sections.council_frame(data)
    council = frame.set_index(frame.columns[0])
    jobs, output = council.loc["취업유발"], council.loc["생산유발"]
    g = figures["totals"]
    assert jobs["전국"] == format_jobs(g["jobs"]["total"])
    assert jobs["지역내"] == format_jobs(g["jobs"]["in_region"])
    assert output["전국"] == format_won(g["output"]["total"] * factor)
    per_input = g["jobs"]["total"] / (figures["input_summary"]["total"] * factor) * 1_000
    assert jobs.iloc[-1] == f"{per_input:,.1f}명 / 10억원"
    assert output.iloc[-1] == f"{g['output']['total'] / figures['input_summary']['total']:.2f}배"
    share = 100 * g["jobs"]["in_region"] / g["jobs"]["total"]
    assert jobs["지역내 비중"] == f"{share:.1f}%"
    regions = sections.regions_frame(data)
    own = regions[regions.iloc[:, 1].str.endswith("★")].iloc[0]
    assert own["취업유발 지역내"] == format_jobs(g["jobs"]["in_region"])
    assert own["생산유발 지역내"] == format_won(g["output"]["in_region"] * factor)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_ratios_against_golden_totals(path, tables):
    """result.ratios(): jobs per 10억원 = jobs / budget(백만원) x 1,000 (10억원 = 1,000 백만원)."""
    figures = _golden(path.stem)["figures"]
    p = impact.load_project(path, tables=tables)
    ratios = impact.estimate(p, tables=tables).ratios()
    budget = figures["input_summary"]["total"]
    for scope, suffix in (("total", ""), ("in_region", "_in_region")):
        t = {m: figures["totals"][m][scope] for m in figures["totals"]}
        assert ratios[f"jobs_per_1bn_won_input{suffix}"] == pytest.approx(
            t["jobs"] / budget * 1_000, rel=1e-12)
        assert ratios[f"output_per_input{suffix}"] == pytest.approx(t["output"] / budget)
        assert ratios[f"value_added_per_input{suffix}"] == pytest.approx(
            t["value_added"] / budget)
