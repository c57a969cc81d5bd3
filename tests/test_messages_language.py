"""Warnings and check findings read in the report's language.

The library's warnings and findings are English text (the command line and Python users
read them); a Korean report, workbook or summary shows their Korean wording, an English
one the English text.  The project below triggers each kind: a sector its region does
not produce, a named supplier that does not produce it, a loan with spending, a land
purchase, revenue entered as demand, and a line at purchaser prices.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook

import impact
from impact.messages import Message, in_language
from impact.reporting import economics, sections
from impact.reporting.data import ReportData, money_basis
from impact.reporting.excel_out import write_excel

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def project(tables):
    produced = tables.multipliers.set_index(["region", "sector_code"])["produced_in_region"]
    made = {key: str(v) == "True" for key, v in produced.items()}
    absent = next(c for (r, c), m in made.items() if r == "충북" and not m)
    code, other = next((c, r) for (r, c), m in made.items() if not m and made[("충북", c)])
    lines = pd.DataFrame([
        {"item": "coal", "sector": absent, "in_region_share": 1.0},
        {"item": "parts", "sector": code, "in_region_share": 0.2, "import_share": 0.0,
         "supplied_from": other},
        {"item": "site acquisition", "sector": "50", "in_region_share": 1.0},
        {"item": "sales revenue", "sector": "62", "in_region_share": 1.0,
         "phase": "operation"},
        {"item": "servers", "category": "it_hardware"},
    ]).assign(amount=10.0, year=2024)
    lines["phase"] = lines["phase"].fillna("construction")
    return impact.project_from_frame(lines, id="words", name="Words", region="충북",
                                     price_year=2024, unit="억원", tables=tables)


def _data(project, tables, lang):
    return ReportData(project=project, result=impact.estimate(project, tables=tables),
                      tables=tables, basis=money_basis(tables, None), regions=None,
                      scenarios=None, parameters={}, simulation=None,
                      findings=tuple(impact.check_project(project, tables)),
                      reporting_year_effects=None, employment_trend={}, lang=lang)


def test_a_message_is_its_english_text_and_keeps_korean_through_pickle():
    m = Message("sector 06 is not produced", "06 부문은 생산되지 않습니다")
    assert m == "sector 06 is not produced" and f"{m}" == "sector 06 is not produced"
    assert in_language(m, "ko") == "06 부문은 생산되지 않습니다"
    assert in_language(m, "en") == "sector 06 is not produced"
    assert in_language("plain text", "ko") == "plain text"
    assert pickle.loads(pickle.dumps(m)).ko == "06 부문은 생산되지 않습니다"


def test_every_warning_and_finding_has_korean_wording(project, tables):
    findings = impact.check_project(project, tables)
    rules = {f.rule for f in findings}
    assert {"not_produced", "supplier_not_producing", "not_final_demand.land",
            "revenue_as_demand"} <= rules
    texts = list(project.warnings) + [f.message for f in findings]
    assert len(project.warnings) == 3  # not produced, not supplied, purchaser prices
    names = [*tables.region_names, "억원"]  # names stay Korean in English text
    for text in texts:
        english, korean = str(text), in_language(text, "ko")
        for name in names:
            english, korean = english.replace(name, ""), korean.replace(name, "")
        assert not HANGUL.search(english), text
        assert len(HANGUL.findall(korean)) > 10, text


def test_korean_summary_and_check_tables_show_korean(project, tables):
    ko, en = _data(project, tables, "ko"), _data(project, tables, "en")
    summary = sections.summary_html(ko)
    assert "2020년 충북에서 생산되지 않아" in summary
    assert "is not produced in" not in summary and "purchaser prices" not in summary
    assert "is not produced in 충북 in 2020" in sections.summary_html(en)
    check = economics.check_html(ko)
    assert "토지·기존 자산 매입 항목으로 읽힙니다" in check and "오류" in check
    assert "which is not final demand" not in check and ">error<" not in check
    check_en = economics.check_html(en)
    assert "which is not final demand" in check_en and "오류" not in check_en


def test_korean_workbook_shows_korean_warnings(project, tables, tmp_path):
    result = impact.estimate(project, tables=tables)
    cells = {}
    for lang in ("ko", "en"):
        path = write_excel(result, tmp_path / f"{lang}.xlsx", lang=lang)
        sheet = load_workbook(path, read_only=True).worksheets[0]
        cells[lang] = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("구매자가격 항목 1건" in c for c in cells["ko"])
    assert not any("purchaser prices (goods" in c for c in cells["ko"])
    assert any("1 line(s) at purchaser prices" in c for c in cells["en"])


def test_lines_table_names_categories_and_years_in_the_report_language(project, tables):
    ko = sections.lines_frame(_data(project, tables, "ko"))
    en = sections.lines_frame(_data(project, tables, "en"))
    servers_ko, servers_en = ko.iloc[4].tolist(), en.iloc[4].tolist()
    assert "IT 하드웨어(서버·GPU·스토리지)" in servers_ko  # label_ko of it_hardware
    assert "IT hardware (servers, GPUs, storage)" in servers_en
    timed = impact.project_from_frame(pd.DataFrame([
        {"item": "works", "category": "fit_out", "year": 2024, "spread_until": 2026,
         "phase": "construction"},
        {"item": "staff", "category": "operations_staff", "year": 2027, "recurs_until": 2031,
         "phase": "operation"}]).assign(amount=10.0), id="timed", name="Timed", region="충북",
        price_year=2024, unit="억원", tables=tables)
    years = {lang: sections.lines_frame(_data(timed, tables, lang)).iloc[:, 4].tolist()
             for lang in ("ko", "en")}
    assert years == {"ko": ["2024–2026 (분할)", "2027–2031 (매년)"],
                     "en": ["2024–2026 (spread)", "2027–2031 (every year)"]}


def test_scenario_table_names_the_base_in_the_report_language(tables):
    from impact.scenarios import compare_scenarios
    seed = impact.load_project("projects/chungbuk-ai-simulation-center.yaml", tables=tables)
    scenarios = compare_scenarios(seed, tables=tables)
    data = {lang: replace(_data(seed, tables, lang), scenarios=scenarios) for lang in ("ko", "en")}
    ko, en = (sections.scenarios_frame(data[lang]).iloc[0].tolist()[:2] for lang in ("ko", "en"))
    assert ko == ["기준", "예산 파일 그대로"] and en == ["base", "as in the budget file"]
