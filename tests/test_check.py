"""The assumptions check: each rule fires on a small example and stays quiet on a clean one."""

from __future__ import annotations

import re
import json

import pandas as pd
import pytest

import impact
from impact.check import (IT_HARDWARE_SHARE_LIMIT, check_combination,
                          check_project, findings_frame)
from impact.cli import main

from .conftest import PROJECTS
from .test_validation import write


def project(tables, rows, region="경북", **kw):
    base = {"amount": 10.0, "year": 2026, "phase": "construction"}
    lines = pd.DataFrame([{**base, **r} for r in rows])
    return impact.project_from_frame(lines, id="chk", name="Check", region=region,
                                     price_year=2025, unit="억원", tables=tables, **kw)


def rules(found, severity=None):
    """(rule, line) of the findings, leaving out the notes on import-share defaults."""
    return {(f.rule, f.line_id) for f in found if (severity is None or f.severity == severity)
            and f.rule != "import_share_default"}


def test_clean_project_is_quiet(small_project, tables):
    found = check_project(small_project, tables)
    assert [f for f in found if f.severity != "info"] == []
    # only notes saying which import-share defaults were used
    assert {f.rule for f in found} <= {"import_share_default"}


@pytest.mark.parametrize("item,kind", [
    ("부지 매입", "land"), ("Land acquisition for the campus", "land"),
    ("AI 융자 실행액", "loan"), ("Loans to firms", "loan"),
    ("기업 보조금", "transfer"), ("예비비", "reserve"), ("펀드 약정액", "commitment"),
])
def test_non_final_demand_entered_as_spending_is_an_error(tables, item, kind):
    p = project(tables, [{"item": item, "category": "consulting"},
                         {"item": "건물 공사", "category": "building_construction"}])
    found = check_project(p, tables)
    assert rules(found, "error") == {(f"not_final_demand.{kind}", "L01")}
    assert found[0].field == "item" and "final demand" in found[0].message


def test_spending_financed_by_a_loan_is_only_a_note(tables):
    p = project(tables, [{"item": "융자 기업 설비투자 (장비)", "category": "special_machinery"}])
    assert rules(check_project(p, tables)) == {("not_final_demand.loan", "L01")}
    assert check_project(p, tables)[0].severity == "info"


def test_excluded_land_line_is_quiet(tables):
    p = project(tables, [{"item": "부지 매입", "category": "land_purchase"},
                         {"item": "토지 매입", "sector": "69", "in_region_share": 1.0,
                          "exclude": "land is not final demand"}])
    assert check_project(p, tables) == []


def test_it_hardware_with_a_high_share(tables):
    share = IT_HARDWARE_SHARE_LIMIT + 0.2
    p = project(tables, [{"item": "GPU 서버", "category": "it_hardware", "in_region_share": share},
                         {"item": "servers", "sector": "34", "in_region_share": 0.05,
                          "in_region_share_range": [0.0, share]},
                         {"item": "servers", "category": "it_hardware"}])
    found = check_project(p, tables)
    assert rules(found, "warning") == {("it_hardware_share", "L01"), ("it_hardware_share", "L02")}


def test_sector_not_produced_in_the_region(tables):
    r = tables.region_index("경북")
    missing = [c for c, made in zip(tables.sector_codes, tables.produced_array[r]) if not made]
    made = [c for c, ok in zip(tables.sector_codes, tables.produced_array[r]) if ok]
    assert missing, "경북 has sectors it does not produce in 2020"
    p = project(tables, [{"item": "원료", "sector": missing[0], "in_region_share": 0.5},
                         {"item": "장비", "sector": made[0], "in_region_share": 0.5,
                          "alt_sectors": {missing[0]: 0.2}},
                         {"item": "장비", "sector": made[0], "in_region_share": 0.5}])
    found = [f for f in check_project(p, tables) if f.rule != "import_share_default"]
    assert rules(found, "warning") == {("not_produced", "L01"), ("not_produced", "L02")}
    assert {f.field for f in found} == {"sector", "alt_sectors"}


# 경북's 2020 GRDP (지역내총생산, 시장가격), KOSIS, in 백만원: the rule is 1% of it a year
GYEONGBUK_GRDP_2020 = 112_072_885


@pytest.mark.parametrize("eok,flagged", [(11_300, True), (11_100, False)])
def test_large_project_rule_is_relative_to_grdp(tables, eok, flagged):
    line = {"item": "건물 공사", "sector": "50", "in_region_share": 1.0, "import_share": 0.0,
            "price_year": 2020, "amount": eok, "year": 2027}
    found = [f for f in check_project(project(tables, [line]), tables)
             if f.rule == "large_project"]
    assert bool(found) == flagged  # 1% of GRDP = 11,207억원
    if flagged:
        share = eok * 100 / GYEONGBUK_GRDP_2020
        assert "2027" in found[0].message and f"{share:.1%}" in found[0].message
    spread = project(tables, [{**line, "amount": 4 * eok, "spread_until": 2030}])
    assert [f.rule for f in check_project(spread, tables) if f.rule == "large_project"] == \
        (["large_project"] * 4 if flagged else [])


def test_large_project_rule_counts_only_what_the_region_produces(tables):
    r = tables.region_index("경북")
    missing = [c for c, made in zip(tables.sector_codes, tables.produced_array[r]) if not made]
    line = {"item": "원료", "sector": missing[0], "in_region_share": 1.0, "import_share": 0.0,
            "price_year": 2020, "amount": 50_000, "year": 2027}
    assert "large_project" not in {f.rule for f in check_project(project(tables, [line]),
                                                                  tables)}


def test_effects_entered_as_spending(tables):
    p = project(tables, [{"item": "경기 생산유발효과 (타지역 승수 적용)", "category": "consulting"},
                         {"item": "Employment effect in Seoul", "category": "consulting"}])
    assert rules(check_project(p, tables), "error") == {("effects_as_spending", "L01"),
                                                        ("effects_as_spending", "L02")}


def test_operating_revenue_as_final_demand(tables):
    p = project(tables, [{"item": "데이터센터 매출 (연간)", "category": "business_services",
                          "phase": "operation"},
                         {"item": "Colocation revenue", "category": "business_services",
                          "phase": "operation"},
                         {"item": "수입 장비 교체", "category": "maintenance", "phase": "operation"},
                         {"item": "매출 대비 설비", "category": "special_machinery"}])
    assert rules(check_project(p, tables), "error") == {("revenue_as_demand", "L01"),
                                                        ("revenue_as_demand", "L02")}


def test_results_of_different_regions_cannot_be_combined(tables, small_lines):
    a = impact.estimate(impact.project_from_frame(small_lines, id="a", name="A", region="경북",
                                                  price_year=2025, unit="억원", tables=tables),
                        tables=tables)
    b = impact.estimate(impact.project_from_frame(small_lines, id="b", name="B", region="충북",
                                                  price_year=2025, unit="억원", tables=tables),
                        tables=tables)
    assert [f.rule for f in check_combination([a, b])] == ["multipliers_across_regions"]
    assert check_combination([a, a]) == []


def test_findings_frame(tables):
    p = project(tables, [{"item": "예비비", "category": "consulting"}])
    frame = findings_frame(check_project(p, tables))
    assert frame.loc[0, ["severity", "rule", "line_id"]].tolist() == [
        "error", "not_final_demand.reserve", "L01"]


def test_seed_projects_have_no_errors(tables):
    for path in PROJECTS:
        found = check_project(impact.load_project(path, tables=tables), tables)
        assert not [f for f in found if f.severity == "error"], found


BAD = """\
id: bad
name: 나쁜 예산
region: 경북
price_year: 2025
unit: 억원
lines:
  - item: 센터 운영 매출
    category: business_services
    amount: 100
    year: 2027
    phase: operation
"""


def test_cli_check_exit_status(tmp_path, capsys):
    assert main(["check", *map(str, PROJECTS)]) == 0
    path = write(tmp_path, BAD)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:7: error: [revenue_as_demand] line L01 item:" in out
    assert main(["check", "--format", "json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["rule"] == "revenue_as_demand" and data[0]["source_line"] == 7
    assert main(["check", "--lang", "en", str(path)]) == 1
    english = capsys.readouterr().out
    assert "item: operating revenue is the project's own output" in english
    assert "1 file(s) checked: 1 error(s), 0 warning(s)" in english
    assert not re.search(r"[\uac00-\ud7a3]", english.replace(str(path), ""))
    assert "item: 운영 수입(매출)은 고객이 사는 사업 자체의 산출" in out  # Korean by default
    assert "파일 1개 점검: 오류 1건, 경고 0건" in out
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "missing.yaml" in err
