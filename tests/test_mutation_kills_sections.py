"""The numbers the report's section tables print (impact/reporting/sections.py), checked
against hand computations from the shipped CSVs and against the goldens, in Korean and
English.  No rendering: the ``*_frame`` functions only (README "Development", mutation).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import impact
from impact.reporting import sections
from impact.reporting.data import ReportData, money_basis
from impact.scenarios import compare_regions

ROOT = Path(__file__).resolve().parents[1]


def _csv(name):
    with open(ROOT / "tables" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _m(region, sector):
    """BOK 2020 multipliers of ``region``'s ``sector`` straight from the CSV."""
    row = next(r for r in _csv("multipliers_bok2020.csv")
               if r["region"] == region and r["sector_code"] == sector)
    return {k: float(v) for k, v in row.items() if k not in ("region", "sector_code",
                                                             "produced_in_region")}


def _deflator(year):
    return next(float(r["index_2020_100"]) for r in _csv("price_indices.csv")
                if r["series"] == "gdp_deflator" and int(r["year"]) == year) / 100


def _eok(million_won):  # 억원 with one decimal, below 1조 (format_won's Korean form)
    return f"{million_won / 100:,.1f}억원"


def _data(project, tables, year=None, lang="ko", regions=False):
    return ReportData(project=project, result=impact.estimate(project, tables=tables),
                      tables=tables, basis=money_basis(tables, year),
                      regions=compare_regions(project, tables) if regions else None,
                      scenarios=None, parameters={}, simulation=None, findings=(),
                      reporting_year_effects=None, employment_trend={}, lang=lang)


def _hand_project(tables):
    """경북, 2020 prices: 100억원 of building works (sector 50) spread over 2020-2021, 50억원
    of R&D (sector 70) in 2022 bought in the region, and 200억원 of land (excluded)."""
    lines = pd.DataFrame({
        "item": ["works", "rnd", "land"], "sector": ["50", "70", None],
        "category": [None, None, "land_purchase"], "amount": [100.0, 50.0, 200.0],
        "year": [2020, 2022, 2020], "spread_until": [2021, None, None],
        "phase": ["construction", "operation", "construction"],
        "in_region_share": [1.0, 1.0, None], "import_share": [0.0, 0.0, None]})
    return impact.project_from_frame(lines, id="hand", name="Hand", region="경북",
                                     price_year=2020, unit="억원", tables=tables)


def test_sectors_table_by_hand_at_2024_prices(tables):
    """Per sector: 10,000 백만원 (sector 50) and 5,000 백만원 (sector 70) x 경북's multipliers;
    money re-priced by the 2024 GDP deflator, jobs (per 10억원 = 1,000 백만원) not;
    ordered by nationwide output (50 first: 10,000 x 1.96 > 5,000 x 1.65)."""
    f = _deflator(2024)
    frame = sections.sectors_frame(_data(_hand_project(tables), tables, 2024))
    assert list(frame["코드"] if "코드" in frame else frame.iloc[:, 0]) == ["50", "70"]
    names = {r["sector_code"]: r["name_ko"] for r in _csv("sectors.csv")}
    assert list(frame["부문"]) == [names["50"], names["70"]]
    for i, (sector, spend) in enumerate((("50", 10_000.0), ("70", 5_000.0))):
        m = _m("경북", sector)
        row = frame.iloc[i]
        assert row["생산유발 지역내"] == _eok(spend * m["output_in_region"] * f)
        assert row["생산유발 전국"] == _eok(
            spend * (m["output_in_region"] + m["output_other_regions"]) * f)
        assert row["부가가치유발 지역내"] == _eok(spend * m["value_added_in_region"] * f)
        assert row["부가가치유발 전국"] == _eok(
            spend * (m["value_added_in_region"] + m["value_added_other_regions"]) * f)
        jobs = spend / 1_000 * (m["jobs_in_region"] + m["jobs_other_regions"])
        assert row["취업유발 지역내"] == f"{spend / 1_000 * m['jobs_in_region']:,.0f}명"
        assert row["취업유발 전국"] == f"{jobs:,.0f}명"


def test_phase_tables_by_hand(tables):
    """Construction: 10,000 백만원 spread over 2020-2021 (5,000 a year), operation: 5,000 in
    2022; job-years = spend / 1,000 x jobs per 10억원, average = job-years / years."""
    data = _data(_hand_project(tables), tables, 2024)
    f = _deflator(2024)
    m50, m70 = _m("경북", "50"), _m("경북", "70")
    j50 = 10 * (m50["jobs_in_region"] + m50["jobs_other_regions"])
    j70 = 5 * (m70["jobs_in_region"] + m70["jobs_other_regions"])
    phases = sections.phases_frame(data).set_index("단계")
    assert "경북" in phases.columns[3]
    assert list(phases.index) == ["건설", "운영"]
    assert list(phases.iloc[:, 0]) == ["2020–2021 (2)", "2022–2022 (1)"]
    assert list(phases.iloc[:, 1]) == [f"{j50:,.0f}명", f"{j70:,.0f}명"]
    assert list(phases.iloc[:, 2]) == [f"{j50 / 2:,.0f}명", f"{j70:,.0f}명"]
    assert list(phases.iloc[:, 3]) == [f"{10 * m50['jobs_in_region'] / 2:,.0f}명",
                                       f"{5 * m70['jobs_in_region']:,.0f}명"]
    years = sections.phase_year_frame(data)
    assert list(years["연도"]) == [2020, 2021, 2022]
    assert list(years["단계"]) == ["건설", "건설", "운영"]
    assert list(years["최종수요"]) == [_eok(5_000 * f)] * 3
    out50 = m50["output_in_region"] + m50["output_other_regions"]
    assert list(years["생산유발 지역내"]) == [_eok(5_000 * m50["output_in_region"] * f)] * 2 \
        + [_eok(5_000 * m70["output_in_region"] * f)]
    assert list(years["생산유발 전국"])[:2] == [_eok(5_000 * out50 * f)] * 2
    assert list(years["취업유발 지역내"])[:2] == [f"{5 * m50['jobs_in_region']:,.0f}명"] * 2
    assert list(years["취업유발 전국"])[2] == f"{j70:,.0f}명"
    va70 = m70["value_added_in_region"] + m70["value_added_other_regions"]
    assert list(years["부가가치유발 전국"])[2] == _eok(5_000 * va70 * f)


def test_input_and_excluded_tables_by_hand(tables):
    """As written 350억원 (2020 prices, not re-priced); at 2024 prices x the deflator:
    total 35,000, excluded land 20,000, final demand 15,000, all bought in the region."""
    f = _deflator(2024)
    data = _data(_hand_project(tables), tables, 2024)
    table = sections.input_frame(data).set_index("투입 예산")["금액"]
    assert table["예산 (작성 가격 기준, 전 기간)"] == "350.0억원"
    assert table["투입 예산"] == _eok(35_000 * f)
    assert table["제외 (최종수요 아님)"] == _eok(20_000 * f)
    assert table["최종수요"] == _eok(15_000 * f)
    assert table["지역내 구매 (지역내 최종수요)"] == _eok(15_000 * f)
    assert table["타지역 구매"] == table["수입"] == "0.0억원"
    excluded = sections.excluded_frame(data)
    assert list(excluded["항목"]) == ["land"] and list(excluded["금액"]) == [_eok(20_000 * f)]
    lines = sections.lines_frame(data)
    assert list(lines["금액"]) == [_eok(10_000 * f), _eok(5_000 * f), _eok(20_000 * f)]
    names = {r["sector_code"]: r["name_ko"] for r in _csv("sectors.csv")}
    # columns: line, item, category or sector, phase, years, amount, in-region share,
    # import share, where the import share came from, ...
    land = next(r["label_ko"] for r in _csv("categories.csv") if r["category"] == "land_purchase")
    assert list(lines.iloc[:, 2]) == [f"50 {names['50']}", f"70 {names['70']}", land]
    assert list(lines.iloc[:, 4]) == ["2020–2021 (분할)", "2022", "2020"]
    assert list(lines.iloc[:2, 6]) == ["100%", "100%"]
    assert list(lines.iloc[:2, 7]) == ["0%", "0%"]
    assert list(lines.iloc[:, 8]) == ["항목에 적은 값", "항목에 적은 값", ""]


def test_jobs_per_input_printed_where_a_tenth_of_a_percent_shows(tables):
    """One 10억원 line of sector 50 in 경북 and land sized so that nationwide jobs per 10억원
    of the input is 10.0495 by hand (CSV jobs / total input x 1,000): printed 10.0, where a
    0.1% larger factor would print 10.1."""
    m = _m("경북", "50")
    jobs = m["jobs_in_region"] + m["jobs_other_regions"]  # per 10억원 = 1,000 백만원
    total_million_won = jobs * 1_000 / 10.0495
    lines = pd.DataFrame({"item": ["works", "land"], "sector": ["50", None],
                          "category": [None, "land_purchase"],
                          "amount": [10.0, (total_million_won - 1_000) / 100],
                          "year": [2020, 2020], "phase": ["construction"] * 2,
                          "in_region_share": [1.0, None], "import_share": [0.0, None]})
    project = impact.project_from_frame(lines, id="edge", name="Edge", region="경북",
                                        price_year=2020, unit="억원", tables=tables)
    council = sections.council_frame(_data(project, tables)).set_index("구분")
    assert council.loc["취업유발", "투입 대비 (전국)"] == "10.0명 / 10억원"
    out = 1_000 * (m["output_in_region"] + m["output_other_regions"]) / total_million_won
    assert council.loc["생산유발", "투입 대비 (전국)"] == f"{out:.2f}배"


def _golden(stem):
    return json.loads((ROOT / "tests" / "golden" / f"{stem}.json").read_text("utf-8"))["figures"]


def test_english_council_and_regions_tables_follow_the_golden(tables):
    """Pohang AI fund at 2024 prices in English: KRW bn = 1,000 백만원; jobs as persons."""
    g = _golden("pohang-ai-fund")
    f = _deflator(2024)
    p = impact.load_project(ROOT / "projects" / "pohang-ai-fund.yaml", tables=tables)
    data = _data(p, tables, 2024, lang="en", regions=True)
    council = sections.council_frame(data).set_index("Measure")
    assert list(council.index) == ["Output", "Value added", "Jobs"]
    t, budget = g["totals"], g["input_summary"]["total"] * f
    assert council.loc["Output", "Nationwide"] == f"KRW {t['output']['total'] * f / 1_000:,.1f}bn"
    assert council.loc["Value added", "Other regions"] == \
        f"KRW {t['value_added']['other_regions'] * f / 1_000:,.1f}bn"
    assert council.loc["Jobs", "In region"] == f"{t['jobs']['in_region']:,.0f}"
    assert council.loc["Jobs", "In-region share"] == \
        f"{100 * t['jobs']['in_region'] / t['jobs']['total']:.1f}%"
    assert council.loc["Jobs", "Per input (Nationwide)"] == \
        f"{t['jobs']['total'] / budget * 1_000:,.1f} per 1bn won"
    assert council.loc["Output", "Per input (In region)"] == \
        f"{t['output']['in_region'] * f / budget:.2f}×"
    phases = sections.phases_frame(data)
    assert list(phases["Phase"]) == ["Operation"]
    assert list(sections.phase_year_frame(data)["Phase"].unique()) == ["Operation"]
    regions = sections.regions_frame(data)
    own = regions[regions["Region"] == "Gyeongbuk ★"]
    assert len(own) == 1 and (regions["Region"].str.endswith("★")).sum() == 1
    assert own["Output Nationwide"].iloc[0] == f"KRW {t['output']['total'] * f / 1_000:,.1f}bn"
    assert own["Jobs In region"].iloc[0] == f"{t['jobs']['in_region']:,.0f}"


def test_korean_regions_table_prints_the_nationwide_output(tables):
    g = _golden("pohang-ai-fund")["totals"]
    f = _deflator(2024)
    p = impact.load_project(ROOT / "projects" / "pohang-ai-fund.yaml", tables=tables)
    regions = sections.regions_frame(_data(p, tables, 2024, regions=True))
    own = regions[regions["지역"] == "경북 ★"].iloc[0]
    assert own["생산유발 전국"] == _eok(g["output"]["total"] * f)


def test_section_heading_is_level_two(tables):
    data = _data(_hand_project(tables), tables)
    assert sections.heading_html(data, "summary").startswith("<h2")
