"""Budgets in Excel: the template, filled in with openpyxl, estimates exactly as the same
budget written in YAML; every kind of bad cell is named by file, sheet, cell and field."""

from __future__ import annotations

import os
import textwrap

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook

import impact
from impact import cli
from impact.budget import LINE_FIELDS
from impact.errors import BudgetError
from impact.excel_template import write_template
from impact.spellings import LINE_FIELD_KO

YAML_TWIN = """\
id: excel-demo
name: 엑셀 사업
region: 충청북도
price_year: 2024
unit: 억원
sources: [예산서 2024, 기본계획]
parameters:
  share: {value: 0.4, low: 0.2, high: 0.6, note: local suppliers}
scenarios:
  low:
    description: less local
    parameters: {share: 0.2}
    lines: {servers: {amount: 50}}
lines:
  - id: L01
    item: 연구동 신축
    amount: 100
    category: building_construction
    year: 2026
    spread_until: 2027
    phase: construction
    note: "예시 항목: 2년에 걸쳐 나누어 집행 (지역내 구매비중은 분류의 기본값)"
  - id: servers
    item: GPU 서버
    amount: 80
    category: it_hardware
    year: 2026
    phase: construction
    in_region_share: "=share * 0.1"
  - id: sw
    item: 소프트웨어
    sector: "62"
    amount: 10.5
    year: 2027
    phase: operation
    recurs_until: 2030
    in_region_share: 0.3
    in_region_share_range: [0.1, 0.5]
    alt_sectors: {"61": 0.2}
  - id: land
    item: 부지 매입
    amount: 30
    category: land_purchase
    year: 2025
    phase: construction
"""


def header_columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def fill(path, lines, project=None, parameters=(), scenarios=(), total=None):
    """Fill the template at ``path`` the way a user would (Korean headers)."""
    wb = load_workbook(path)
    ws = wb["사업"]
    for row in ws.iter_rows(min_row=2):
        label = row[0].value
        if project and label in project:
            row[1].value = project[label]
    ws = wb["예산"]
    cols = header_columns(ws)
    for i, line in enumerate(lines, start=3):  # row 2 holds the template's example line
        for field, value in line.items():
            cell = ws.cell(row=i, column=cols[LINE_FIELD_KO[field]], value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    if total is not None:
        row = 3 + len(lines)
        ws.cell(row=row, column=cols["항목"], value="합계")
        ws.cell(row=row, column=cols["금액"], value=total)
    for sheet, rows in (("매개변수", parameters), ("시나리오", scenarios)):
        ws = wb[sheet]
        cols = header_columns(ws)
        for i, row in enumerate(rows, start=2):
            for key, value in row.items():
                ws.cell(row=i, column=cols[key], value=value)
    wb.save(path)
    return path


FILLED_LINES = [
    {"id": "servers", "item": "GPU 서버", "amount": 80, "category": "IT 하드웨어(서버·GPU·스토리지)",
     "year": 2026, "phase": "건설", "in_region_share": "=share * 0.1"},
    {"id": "sw", "item": "소프트웨어", "sector": "62", "amount": 10.5, "year": 2027,
     "phase": "운영", "recurs_until": 2030, "in_region_share": 0.3,
     "in_region_share_range": "[0.1, 0.5]", "alt_sectors": '{"61": 0.2}'},
    {"id": "land", "item": "부지 매입", "amount": 30, "category": "토지 매입", "year": 2025,
     "phase": "건설"},
]
PROJECT = {"사업 ID": "excel-demo", "사업명": "엑셀 사업", "지역": "충청북도", "가격 기준연도": 2024,
           "출처": "예산서 2024\n기본계획", "설명": None}
PARAMETERS = [{"이름": "share", "값": 0.4, "하한": 0.2, "상한": 0.6, "비고": "local suppliers"}]
SCENARIOS = [{"시나리오": "low", "설명": "less local", "매개변수": "share", "값": 0.2},
             {"시나리오": "low", "항목 ID": "servers", "필드": "금액", "값": 50}]


@pytest.fixture
def filled(tmp_path, tables):
    path = write_template(tmp_path / "budget.xlsx", tables)
    return fill(path, FILLED_LINES, PROJECT, PARAMETERS, SCENARIOS, total=220.5)


def test_template_filled_estimates_as_the_same_yaml(filled, tmp_path, tables):
    yaml_path = tmp_path / "budget.yaml"
    yaml_path.write_text(YAML_TWIN, encoding="utf-8")
    from_yaml = impact.load_project(yaml_path, tables=tables)
    from_excel = impact.load_project(filled, tables=tables)
    assert (from_excel.id, from_excel.region, from_excel.unit) == ("excel-demo", "충북", "억원")
    assert from_excel.sources == ("예산서 2024", "기본계획")
    for scenario in (None, "low"):
        a = impact.estimate(from_excel, tables=tables, scenario=scenario).totals()
        b = impact.estimate(from_yaml, tables=tables, scenario=scenario).totals()
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=0)
    columns = ["line_id", "amount", "category", "sector_code", "in_region_share", "deflator",
               "exclude", "year", "spread_until", "recurs_until"]
    assert from_excel.lines[columns].equals(from_yaml.lines[columns])
    # the total row (100 + 80 + 10.5 + 30 = 220.5) is skipped with a note, and agrees
    note = from_excel.warnings[0]
    assert "'합계'" in note and "skipped" in note and "sum to" not in note
    assert f"{filled}:예산!6:6" in note


def test_a_total_that_disagrees_says_so(tmp_path, tables):
    path = fill(write_template(tmp_path / "b.xlsx", tables), FILLED_LINES[2:], total=999)
    note = impact.load_project(path, tables=tables).warnings[0]
    assert "it says 999 but the lines above sum to 130" in note  # 100 + 30


def test_english_headers_and_header_cells_on_one_sheet(tmp_path, tables):
    """No project sheet: the project's fields as rows above the table, English headers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in (["id", "one-sheet"], ["name", "One sheet"], ["region", "Chungcheongbuk-do"],
                ["price_year", 2024], ["unit", "억"], [],
                ["item", "amount", "category", "year", "phase"],
                ["building", 100, "Building construction", 2026, "construction"]):
        ws.append(row)
    wb.save(tmp_path / "one.xlsx")
    project = impact.load_project(tmp_path / "one.xlsx", tables=tables)
    assert (project.region, project.unit, len(project.lines)) == ("충북", "억원", 1)
    yaml_path = tmp_path / "one.yaml"
    yaml_path.write_text(textwrap.dedent("""\
        id: one-sheet
        name: One sheet
        region: 충북
        price_year: 2024
        unit: 억원
        lines:
          - {item: building, amount: 100, category: building_construction, year: 2026,
             phase: construction}
        """), encoding="utf-8")
    np.testing.assert_allclose(
        impact.estimate(project, tables=tables).totals().to_numpy(),
        impact.estimate(impact.load_project(yaml_path, tables=tables),
                        tables=tables).totals().to_numpy(), rtol=1e-9)


# -- errors name the sheet and cell ----------------------------------------------------------

def column_of(field: str) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(list(LINE_FIELDS).index(field) + 1)


def refused(path, tables) -> BudgetError:
    with pytest.raises(BudgetError) as info:
        impact.load_project(path, tables=tables)
    err = info.value
    assert "\n" not in str(err) and str(err).startswith(f"{path}:{err.sheet}")
    return err


def edit(path, sheet, cell, value, as_text=False):
    wb = load_workbook(path)
    wb[sheet][cell].value = value
    if as_text:
        wb[sheet][cell].data_type = "s"
    wb.save(path)
    return path


@pytest.fixture
def template(tmp_path, tables):
    return write_template(tmp_path / "budget.xlsx", tables)


@pytest.mark.parametrize("field,value,says", [
    ("amount", "1,200", "write 1200 without thousands separators"),
    ("amount", -5, "must not be negative"),
    ("year", 1850, "between 2000 and 2100"),
    ("phase", "건축", "construction (건설) or operation (운영)"),
    ("category", "건물 건축", "did you mean 'building_construction' (건물 건설)"),
    ("in_region_share", 1.5, "between 0 and 1"),
    ("in_region_share_range", "[0.1, ", "not a valid list"),
])
def test_bad_line_cell_is_named(template, tables, field, value, says):
    cell = f"{column_of(field)}2"
    err = refused(edit(template, "예산", cell, value), tables)
    assert (err.sheet, err.cell) == ("예산", cell)
    assert err.field in (f"lines[1].{field}", field) and says in err.message
    assert f"{template}:예산!{cell}: " in str(err)


def test_numeric_sector_cell_says_how_to_keep_the_zero(template, tables):
    path = edit(template, "예산", f"{column_of('category')}2", None)
    path = edit(path, "예산", f"{column_of('sector')}2", 5)
    path = edit(path, "예산", f"{column_of('in_region_share')}2", 0.5)
    err = refused(path, tables)
    assert err.cell == f"{column_of('sector')}2" and 'sector: "05"' in err.message
    assert "format the column as Text" in err.message


@pytest.mark.parametrize("label,value,field,says", [
    ("지역", "Atlantis", "region", "unknown region"),
    ("단위", "만원", "unit", "unknown unit"),
    ("사업 ID", "My Project", "id", "slug"),
    ("가격 기준연도", 1850, "price_year", "year between"),
])
def test_bad_project_cell_is_named(template, tables, label, value, field, says):
    wb = load_workbook(template)
    row = next(r[0].row for r in wb["사업"].iter_rows(min_row=2) if r[0].value == label)
    err = refused(edit(template, "사업", f"B{row}", value), tables)
    assert (err.sheet, err.cell, err.field, err.value) == ("사업", f"B{row}", field, value)
    assert says in err.message


def test_missing_project_field_names_the_sheet(template, tables):
    wb = load_workbook(template)
    row = next(r[0].row for r in wb["사업"].iter_rows(min_row=2) if r[0].value == "지역")
    err = refused(edit(template, "사업", f"B{row}", None), tables)
    assert (err.sheet, err.field) == ("사업", "region") and "required" in err.message


def test_unknown_and_doubled_columns(template, tables):
    last = len(LINE_FIELDS) + 1
    from openpyxl.utils import get_column_letter
    letter = get_column_letter(last)
    path = edit(edit(template, "예산", f"{letter}1", "금엑"), "예산", f"{letter}2", 1)
    err = refused(path, tables)
    assert (err.sheet, err.cell) == ("예산", f"{letter}1")
    assert "unknown column" in err.message and "did you mean 'amount' (금액)" in err.message
    err = refused(edit(path, "예산", f"{letter}1", "amount"), tables)
    assert err.cell == f"{letter}1" and "given twice" in err.message


def test_formula_without_a_saved_value(template, tables):
    err = refused(edit(template, "예산", f"{column_of('amount')}2", "=50*2"), tables)
    assert err.cell == f"{column_of('amount')}2" and "formula" in err.message


def test_parameter_and_scenario_cells(template, tables):
    path = fill(template, [], parameters=[{"이름": "share", "값": "lots"}])
    err = refused(path, tables)
    assert (err.sheet, err.cell, err.field) == ("매개변수", "B2", "parameters.share.value")
    path = fill(template, [], parameters=[{"이름": "share", "값": 0.5}],
                scenarios=[{"시나리오": "s", "항목 ID": "nope", "필드": "amount", "값": 1}])
    err = refused(path, tables)
    assert (err.sheet, err.cell) == ("시나리오", "2:2") and "unknown line id" in err.message


def test_not_a_workbook(tmp_path, tables):
    path = tmp_path / "budget.xlsx"
    path.write_text("item,amount\nx,1\n", encoding="utf-8")
    with pytest.raises(BudgetError) as info:
        impact.load_project(path, tables=tables)
    assert "not an Excel workbook" in info.value.message and info.value.file == str(path)


# -- the template itself ---------------------------------------------------------------------

def test_template_has_the_lists_and_the_categories(template, tables):
    wb = load_workbook(template)
    assert wb.sheetnames[:5] == ["사업", "예산", "매개변수", "시나리오", "분류표"]
    lines = wb["예산"]
    headers = [c.value for c in lines[1]]
    assert headers[:3] == ["번호", "항목", "금액"] and all(h for h in headers)
    assert lines["A1"].comment is not None and "id" in lines["A1"].comment.text
    lists = wb["목록"]
    assert lists.sheet_state == "hidden"
    columns = {c.value: [r.value for r in lists[c.column_letter][1:] if r.value is not None]
               for c in lists[1]}
    cats = tables.categories.drop_duplicates("category")
    assert columns["category"] == list(cats["label_ko"]) and "건물 건설" in columns["category"]
    assert columns["region"] == tables.region_names and len(columns["region"]) == 17
    assert columns["phase"] == ["건설", "운영"] and "억원" in columns["unit"]
    assert columns["sector"][:2] == ["01", "02"]  # text, leading zero kept
    formulas = {str(dv.formula1) for ws in (lines, wb["사업"])
                for dv in ws.data_validations.dataValidation}
    assert {"목록!$A$2:$A$26", "목록!$B$2:$B$18", "목록!$C$2:$C$3",
            "목록!$D$2:$D$6"} <= formulas
    ref = wb["분류표"]
    rows = list(ref.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(cats)
    building = next(r for r in rows if r[1] == "building_construction")
    assert building[0] == "건물 건설" and building[5] == 1.0 and "contractor" in building[8]


def test_template_command_is_atomic_and_keeps_an_existing_file(tmp_path, tables):
    path = tmp_path / "t.xlsx"
    assert cli.main(["template", str(path)]) == 0
    assert os.listdir(tmp_path) == ["t.xlsx"]  # no temporary file left beside it
    before = path.read_bytes()
    assert cli.main(["template", str(path)]) == 2 and path.read_bytes() == before
    assert cli.main(["template", str(path), "--force"]) == 0
    assert impact.load_project(path, tables=tables).id == "my-project"


def test_estimate_check_and_report_read_workbooks(filled, capsys):
    assert cli.main(["estimate", str(filled)]) == 0
    out = capsys.readouterr()
    assert "엑셀 사업" in out.out and "합계" in out.err  # the total row's note as a warning
    assert cli.main(["check", str(filled)]) == 0
    assert "파일 1개 점검: 오류 0건" in capsys.readouterr().out
