"""Budget workbooks written for people to fill in: ``impact template`` and budgets saved
back to Excel.

The workbook is the layout :mod:`impact.excel_in` reads: a ``사업`` sheet (field, value),
an ``예산`` sheet of lines with Korean headers (each with a comment giving the English
field and its meaning), ``매개변수`` and ``시나리오`` sheets, ``분류표`` (every category with
its Korean label, default sector, in-region share, price series and rationale) and a
hidden ``목록`` sheet holding the drop-down lists (category labels, the 17 regions,
phases, units, price series, sector codes).  Written atomically.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from .excel_in import PARAMETER_COLUMNS, SCENARIO_COLUMNS, SHEETS, STRUCTURED_FIELDS
from .reporting.atomic import atomic_write_bytes
from .spellings import LINE_FIELD_KO, PROJECT_FIELD_KO, UNITS_IN_MILLION_WON
from .tables import Tables, load_tables

TEMPLATE_ROWS = 300  # rows of the lines sheet prepared with drop-downs and text format
EXAMPLE = {
    "id": "my-project", "name": "예시 사업 (이름을 바꾸세요)", "region": "충북", "price_year": 2025,
    "unit": "억원", "description": "사업 개요를 적으세요.", "sources": ["예산 자료의 출처"],
    "lines": [{"id": "L01", "item": "연구동 신축", "amount": 100, "category": "building_construction",
               "year": 2026, "spread_until": 2027, "phase": "construction",
               "note": "예시 항목: 2년에 걸쳐 나누어 집행 (지역내 구매비중은 분류의 기본값)"}],
}
HELP_KO = {
    "id": "영문 소문자·숫자·-·_ (파일 이름에 쓰임)", "name": "사업명", "name_en": "영문 사업명 (선택)",
    "region": "17개 시도 중 하나", "price_year": "금액의 가격 기준연도", "unit": "금액의 단위",
    "description": "사업 개요 (선택)", "sources": "예산 자료의 출처 (한 줄에 하나)",
}
HEADER_FILL = "DDEBF7"


def _text(value):
    """A cell value as the reader reads it back: lists and mappings as YAML flow text."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _put(ws, row: int, column: int, value, text_format: bool = False):
    cell = ws.cell(row=row, column=column, value=_text(value))
    if isinstance(value, str) and value.startswith("="):  # a parameter expression, not a formula
        cell.data_type = "s"
        cell.quotePrefix = True
    if text_format:
        cell.number_format = "@"
    return cell


def _header(ws, names: list[str], helps: list[str]):
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    for j, (name, help_text) in enumerate(zip(names, helps), start=1):
        cell = ws.cell(row=1, column=j, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        if help_text:
            cell.comment = Comment(help_text, "impact")
        ws.column_dimensions[cell.column_letter].width = max(10, min(40, 2 * len(name) + 4))
    ws.freeze_panes = "A2"


def _lists(wb, tables: Tables) -> dict[str, str]:
    """The hidden sheet of drop-down values; returns list name -> range formula."""
    ws = wb.create_sheet("목록")
    ws.sheet_state = "hidden"
    series = sorted(set(tables.price_indices["series"]))
    lists = {
        "category": list(tables.category_rows["label_ko"]),
        "region": tables.region_names, "phase": ["건설", "운영"],
        "unit": list(UNITS_IN_MILLION_WON), "deflator": series, "sector": tables.sector_codes,
    }
    ranges = {}
    for j, (name, values) in enumerate(lists.items(), start=1):
        ws.cell(row=1, column=j, value=name)
        for i, value in enumerate(values, start=2):
            _put(ws, i, j, value, text_format=(name == "sector"))
        letter = ws.cell(row=1, column=j).column_letter
        ranges[name] = f"목록!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _validate(ws, formula: str, cells: str, prompt: str | None = None):
    from openpyxl.worksheet.datavalidation import DataValidation
    rule = DataValidation(type="list", formula1=formula, allow_blank=True,
                          showErrorMessage=True, errorTitle="impact",
                          error="목록에서 고르세요 (choose from the list)")
    if prompt:
        rule.promptTitle, rule.prompt, rule.showInputMessage = "impact", prompt, True
    ws.add_data_validation(rule)
    rule.add(cells)


def _project_sheet(wb, budget: dict, ranges: dict):
    from .project import PROJECT_FIELDS
    ws = wb.active
    ws.title = SHEETS["project"][0]
    _header(ws, ["필드", "값", "설명"], ["project field (Korean or English label)", "", ""])
    fields = [f for f in PROJECT_FIELDS if f not in ("parameters", "scenarios", "lines")]
    row = 2
    for name in fields:
        values = budget.get(name)
        for value in (values or [None]) if name == "sources" else [values]:
            ws.cell(row=row, column=1, value=PROJECT_FIELD_KO.get(name, name))
            _put(ws, row, 2, value)
            ws.cell(row=row, column=3, value=f"{HELP_KO.get(name, '')} ({name})")
            if name in ("region", "unit"):
                _validate(ws, ranges[name], f"B{row}")
            row += 1
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 50


def _lines_sheet(wb, budget: dict, ranges: dict, tables: Tables):
    from .budget import LINE_FIELDS
    ws = wb.create_sheet(SHEETS["lines"][0])
    fields = list(LINE_FIELDS)
    _header(ws, [LINE_FIELD_KO.get(f, f) for f in fields],
            [f"{f}: {LINE_FIELDS[f]}" for f in fields])
    labels = dict(zip(tables.categories["category"], tables.categories["label_ko"]))
    phases = {"construction": "건설", "operation": "운영"}
    for i, line in enumerate(budget.get("lines", []), start=2):
        for j, name in enumerate(fields, start=1):
            value = line.get(name)
            if name == "category" and isinstance(value, str):
                value = labels.get(value, value)   # the drop-down shows the Korean label
            if name == "phase" and isinstance(value, str):
                value = phases.get(value, value)
            if value is not None:
                _put(ws, i, j, value, text_format=(name == "sector"))
    last = max(TEMPLATE_ROWS, len(budget.get("lines", [])) + 50)
    column = {name: ws.cell(row=1, column=j).column_letter for j, name in enumerate(fields, 1)}
    for name in ("category", "phase", "deflator", "sector"):
        if name in column:
            _validate(ws, ranges[name], f"{column[name]}2:{column[name]}{last}")
    for i in range(2, last + 1):  # sector codes stay text: 05 is not 5
        ws[f"{column['sector']}{i}"].number_format = "@"
    return ws


def _table_sheet(wb, part: str, columns: dict, rows: list[dict]):
    ws = wb.create_sheet(SHEETS[part][0])
    _header(ws, list(columns.values()), [f"{k}" for k in columns])
    for i, row in enumerate(rows, start=2):
        for j, key in enumerate(columns, start=1):
            if row.get(key) is not None:
                _put(ws, i, j, row[key])


def _parameter_rows(budget: dict) -> list[dict]:
    out = []
    for name, spec in (budget.get("parameters") or {}).items():
        spec = spec if isinstance(spec, dict) else {"value": spec}
        out.append({"name": name, **spec})
    return out


def _scenario_rows(budget: dict) -> list[dict]:
    """One row per change (a parameter's value, or one field of one line); the
    description on the scenario's first row."""
    out = []
    for name, spec in (budget.get("scenarios") or {}).items():
        rows = [{"parameter": p, "value": v} for p, v in (spec.get("parameters") or {}).items()]
        rows += [{"line_id": line_id, "field": key, "value": value}
                 for line_id, fields in (spec.get("lines") or {}).items()
                 for key, value in fields.items()]
        rows = rows or [{}]
        rows[0]["description"] = spec.get("description")
        out += [{"scenario": name, **row} for row in rows]
    return out


def _categories_sheet(wb, tables: Tables):
    ws = wb.create_sheet(SHEETS["reference"][0])
    cats = tables.category_rows.reset_index()
    names = tables.sectors.set_index("sector_code")["name_ko"]
    heads = ["분류 (목록에 쓰는 이름)", "category", "English", "부문 코드", "부문",
             "지역내 구매비중 기본값", "가격지수", "제외 사유", "근거"]
    _header(ws, heads, ["", "", "", "", "", "in_region_share default", "deflator", "", ""])
    for i, row in enumerate(cats.itertuples(), start=2):
        code = row.sector_code or ""
        values = [row.label_ko, row.category, row.label_en, code, names.get(code, ""),
                  None if code == "" else float(row.in_region_share), row.deflator or "",
                  row.exclude_reason or "", row.rationale]
        for j, value in enumerate(values, start=1):
            _put(ws, i, j, value, text_format=(j == 4))
        ws.cell(row=i, column=6).number_format = "0%"
    ws.column_dimensions["I"].width = 80


def budget_workbook_bytes(budget: dict, tables: Tables | None = None) -> bytes:
    """A budget (the mapping a YAML file holds) as a fill-in workbook."""
    from openpyxl import Workbook
    tables = tables or load_tables()
    wb = Workbook()
    ranges = _lists(wb, tables)
    _project_sheet(wb, budget, ranges)
    _lines_sheet(wb, budget, ranges, tables)
    _table_sheet(wb, "parameters", PARAMETER_COLUMNS, _parameter_rows(budget))
    _table_sheet(wb, "scenarios", SCENARIO_COLUMNS, _scenario_rows(budget))
    _categories_sheet(wb, tables)
    wb.move_sheet("목록", offset=len(wb.sheetnames))
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_budget_workbook(budget: dict, path: str | Path, tables: Tables | None = None) -> Path:
    """Write ``budget`` as a workbook at ``path``, atomically."""
    return atomic_write_bytes(path, budget_workbook_bytes(budget, tables))


def write_template(path: str | Path, tables: Tables | None = None) -> Path:
    """``impact template FILE.xlsx``: the workbook with one filled example line."""
    return write_budget_workbook(EXAMPLE, path, tables)


__all__ = ["EXAMPLE", "STRUCTURED_FIELDS", "budget_workbook_bytes", "write_budget_workbook",
           "write_template"]
