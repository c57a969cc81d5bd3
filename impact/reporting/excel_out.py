"""An estimate as an Excel workbook: summary, phase x year, sectors, lines, bridge, indicators.

Money is shown in 억원 at 2020 prices (cell values are 억원, so a formula on them
stays in 억원; 1억원 = 100 백만원), jobs in 명 (job-years).  Labels are Korean
(``lang="ko"``) or English (``lang="en"``); every sheet has a frozen header row.
The workbook is written to a temporary file and moved into place
(:mod:`impact.reporting.atomic`), so a failed write never replaces a good file.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ..messages import in_language
from ..tables import MEASURES
from ..units import MILLION_WON_PER_EOK, label
from .atomic import atomic_write_bytes

EOK_FORMAT = '#,##0.0"억원"'
JOBS_FORMAT = '#,##0"명"'
SHARE_FORMAT = "0.0%"
INDEX_FORMAT = "0.00"

TEXT = {
    "ko": {"summary": "요약", "phase_year": "단계·연도별", "sectors": "부문별",
           "lines": "예산 항목", "bridge": "통상 수치와의 연결", "step": "단계",
           "field": "항목", "value": "값", "id": "사업 ID", "name": "사업명", "region": "지역",
           "prices": "가격 기준", "prices_value": "2020년 불변가격 (억원 = 백만원 ÷ 100)",
           "model": "모형", "model_value": "한국은행 2020 지역산업연관표, Type I",
           "scenario": "시나리오", "as_written": "예산 (작성 가격 기준, 전 기간)",
           "input": "투입 예산 (2020년 가격)", "excluded": "제외 (최종수요 아님)",
           "final_demand": "최종수요", "leakage": "역외·수입 유출",
           "in_region_final_demand": "지역내 구매", "other_regions_final_demand": "타지역 구매",
           "imported": "수입", "measure": "구분", "unit": "단위",
           "phase": "단계", "year": "연도", "spend": "최종수요", "in_region_demand":
           "지역내 최종수요", "sector_code": "부문 코드", "sector": "부문",
           "line_id": "항목 ID", "item": "항목", "category": "분류", "years_until": "종료 연도",
           "kind": "반복·분할", "amount_as_written": "금액 (작성 가격)",
           "price_year": "가격 연도", "deflator": "디플레이터", "index": "물가지수 (2020=100)",
           "index_status": "지수 상태", "amount_2020": "금액 (2020년 가격)",
           "in_region_share": "지역내 구매비중", "exclude": "제외 사유", "note": "비고",
           "spread": "분할", "recurs": "매년", "warning": "경고", "none": "없음",
           "indicators": "참고 지표", "prices_of_row": "가격",
           "as_written_prices": "예산 작성 가격", "prices_2020": "2020년 가격",
           "type1": "Type I", "induced": "소비유발", "type2": "Type II (민감도)",
           "basis": "근거", "direct": "직접", "indirect": "간접", "total": "합계",
           "compensation": "소득유발 (피용자보수)", "imports": "수입유발",
           "va_in_region": "지역내 부가가치유발", "grdp": "GRDP 2020", "share": "GRDP 대비 (%)",
           "all_years": "전체 기간", "pimac": "KDI PIMAC 예타 평균 (%)"},
    "en": {"summary": "Summary", "phase_year": "By phase and year", "sectors": "By sector",
           "lines": "Budget lines", "bridge": "Bridge to conventional figure", "step": "Step",
           "field": "Field", "value": "Value", "id": "Project id", "name": "Project",
           "region": "Region", "prices": "Prices",
           "prices_value": "2020 prices (억원 = 100 million won = 백만원 / 100)",
           "model": "Model", "model_value": "Bank of Korea 2020 regional IO tables, Type I",
           "scenario": "Scenario", "as_written": "Budget as written (its price years)",
           "input": "Input budget (2020 prices)", "excluded": "Excluded (not final demand)",
           "final_demand": "Final demand", "leakage": "Leakage (bought outside region)",
           "in_region_final_demand": "Bought in the region",
           "other_regions_final_demand": "Bought in other regions", "imported": "Imported",
           "measure": "Measure",
           "unit": "Unit", "phase": "Phase", "year": "Year", "spend": "Final demand",
           "in_region_demand": "In-region final demand", "sector_code": "Sector code",
           "sector": "Sector", "line_id": "Line", "item": "Item", "category": "Category",
           "years_until": "Until", "kind": "Recurs / spread",
           "amount_as_written": "Amount (as written)", "price_year": "Price year",
           "deflator": "Deflator", "index": "Price index (2020=100)",
           "index_status": "Index status", "amount_2020": "Amount (2020 prices)",
           "in_region_share": "In-region share", "exclude": "Reason excluded", "note": "Note",
           "spread": "spread", "recurs": "every year", "warning": "Warning", "none": "none",
           "indicators": "Indicators", "prices_of_row": "Prices",
           "as_written_prices": "budget as written", "prices_2020": "2020 prices",
           "type1": "Type I", "induced": "Induced", "type2": "Type II (sensitivity)",
           "basis": "Basis", "direct": "Direct", "indirect": "Indirect", "total": "Total",
           "compensation": "Income (compensation of employees)", "imports": "Imports induced",
           "va_in_region": "Value added in the region", "grdp": "GRDP 2020",
           "share": "Share of GRDP (%)", "all_years": "All years",
           "pimac": "KDI PIMAC average for 예타 projects (%)"},
}


def _eok(million_won) -> float:
    return float(million_won) / MILLION_WON_PER_EOK


def _measure_format(measure: str) -> str:
    return JOBS_FORMAT if measure == "jobs" else EOK_FORMAT


def _measure_value(measure: str, value) -> float:
    return float(value) if measure == "jobs" else _eok(value)


def _write(ws, header: list[str], rows: list[list], formats: dict[int, str] | None = None,
           start_row: int = 1) -> int:
    """Write a header and rows from ``start_row``; ``formats``: column index -> format."""
    from openpyxl.styles import Font
    for j, text in enumerate(header, start=1):
        ws.cell(row=start_row, column=j, value=text).font = Font(bold=True)
    for i, row in enumerate(rows, start=start_row + 1):
        for j, value in enumerate(row, start=1):
            if value is not None and not (isinstance(value, float) and pd.isna(value)):
                cell = ws.cell(row=i, column=j, value=value)
                if formats and (j - 1) in formats:
                    cell.number_format = formats[j - 1]
    for j, text in enumerate(header, start=1):
        width = max([len(str(text))] + [len(str(r[j - 1])) for r in rows[:200]
                                        if j - 1 < len(r) and r[j - 1] is not None])
        ws.column_dimensions[ws.cell(row=start_row, column=j).column_letter].width = \
            min(60, max(10, width * 1.3 + 2))
    return start_row + len(rows) + 1


def _summary_sheet(ws, result, t: dict, lang: str) -> None:
    p = result.project
    inp = result.input_summary()
    facts = [[t["id"], p.id], [t["name"], result.name], [t["region"], result.region],
             [t["prices"], t["prices_value"]], [t["model"], t["model_value"]]]
    if p.scenario:
        facts.append([t["scenario"], p.scenario])
    money = [[t[k], _eok(inp[key])] for k, key in
             (("as_written", "as_written"), ("input", "total"), ("excluded", "excluded"),
              ("final_demand", "final_demand"),
              ("in_region_final_demand", "in_region_final_demand"),
              ("other_regions_final_demand", "other_regions_final_demand"),
              ("imported", "imported"))]
    row = _write(ws, [t["field"], t["value"]], facts + money)
    for r in range(2 + len(facts), row):  # only the money rows carry the 억원 format
        ws.cell(row=r, column=2).number_format = EOK_FORMAT
    totals = result.totals()
    scopes = list(totals.columns)
    header = [t["measure"]] + [label(s, lang) for s in scopes] + [t["unit"]]
    rows = [[label(m, lang)] + [_measure_value(m, totals.loc[m, s]) for s in scopes]
            + ["명" if m == "jobs" else "억원"] for m in totals.index]
    end = _write(ws, header, rows, start_row=row + 1)
    for i, m in enumerate(totals.index, start=row + 2):
        for j in range(2, 2 + len(scopes)):
            ws.cell(row=i, column=j).number_format = _measure_format(m)
    for k, w in enumerate(result.warnings, start=end + 1):
        ws.cell(row=k, column=1, value=f"{t['warning']}: {in_language(w, lang)}")
    ws.freeze_panes = "A2"


def _effect_header(column: str, lang: str) -> tuple[str, str | None]:
    """``output_in_region`` -> ("생산유발 지역내", measure); other columns -> (column, None)."""
    for m in MEASURES:
        if column.startswith(f"{m}_"):
            return f"{label(m, lang)} {label(column[len(m) + 1:], lang)}", m
    return column, None


def _frame_sheet(ws, frame: pd.DataFrame, header: list[str], measures: list[str | None]) -> None:
    """Write ``frame`` with one measure per column (None: as is) and a frozen header."""
    rows = [[_measure_value(m, v) if m else v for m, v in zip(measures, rec)]
            for rec in frame.itertuples(index=False)]
    rows = [[v.item() if hasattr(v, "item") else v for v in r] for r in rows]
    formats = {j: _measure_format(m) for j, m in enumerate(measures) if m}
    _write(ws, header, rows, formats)
    ws.freeze_panes = "A2"


MONEY_HEADERS = {"in_region_demand_2020": "in_region_final_demand",
                 "other_regions_demand_2020": "other_regions_final_demand",
                 "imports_2020": "imported"}


def _phase_year_sheet(ws, result, t: dict, lang: str) -> None:
    f = result.by_phase_year()
    header, measures = [], []
    for col in f.columns:
        if col == "phase":
            header.append(t["phase"]); measures.append(None)
        elif col == "year":
            header.append(t["year"]); measures.append(None)
        elif col == "spend_2020":
            header.append(t["spend"]); measures.append("output")
        elif col in MONEY_HEADERS:
            header.append(t[MONEY_HEADERS[col]]); measures.append("output")
        else:
            text, m = _effect_header(col, lang)
            header.append(text); measures.append(m)
    f = f.assign(phase=f["phase"].map(lambda p: label(p, lang)))
    _frame_sheet(ws, f, header, measures)


def _sector_sheet(ws, result, t: dict, lang: str) -> None:
    effect_cols = [c for c in result.flows.columns if _effect_header(c, lang)[1]]
    f = result.flows.groupby("sector_code", as_index=False)[effect_cols].sum()
    names = result.tables.sectors.set_index("sector_code")["name_ko" if lang == "ko"
                                                           else "name_en"]
    f.insert(1, "sector", f["sector_code"].map(names))
    f = f.sort_values(effect_cols[0], ascending=False, ignore_index=True)
    header = [t["sector_code"], t["sector"]] + [_effect_header(c, lang)[0] for c in effect_cols]
    _frame_sheet(ws, f, header, [None, None] + [_effect_header(c, lang)[1] for c in effect_cols])


def _lines_sheet(ws, result, t: dict, lang: str) -> None:
    lines = result.lines
    status = result.price_indices.set_index(["series", "year"])["status"]
    rows = []
    for r in lines.to_dict("records"):
        until, kind = None, None
        for key, name in (("spread_until", "spread"), ("recurs_until", "recurs")):
            if r.get(key) is not None and not pd.isna(r.get(key)):
                until, kind = int(r[key]), t[name]
        rows.append([r["line_id"], r["item"], r["category"] or None, r["sector_code"] or None,
                     label(r["phase"], lang), int(r["year"]), until, kind,
                     _eok(r["amount_as_written"]), int(r["price_year"]), r["deflator"],
                     float(r["index_2020_100"]), status.get((r["deflator"], r["price_year"])),
                     _eok(r["amount_2020"]), float(r["in_region_share"]),
                     r["exclude"] or None, r["note"] or None])
    header = [t[k] for k in ("line_id", "item", "category", "sector_code", "phase", "year",
                             "years_until", "kind", "amount_as_written", "price_year",
                             "deflator", "index", "index_status", "amount_2020",
                             "in_region_share", "exclude", "note")]
    _write(ws, header, rows, {8: EOK_FORMAT, 11: INDEX_FORMAT, 13: EOK_FORMAT,
                              14: SHARE_FORMAT})
    ws.freeze_panes = "C2"


def _bridge_sheet(ws, bridge: pd.DataFrame, t: dict, lang: str) -> None:
    """From the conventional figure to ours (:mod:`impact.bridge`): one row per step and
    measure; money in 억원, jobs in 명; the first rows are the conventional figure (in the
    budget's own prices), the last ours (2020 prices), the rest signed changes."""
    from ..bridge import STEP_LABELS
    rows = [[STEP_LABELS[lang][r.step], label(r.measure, lang),
             _measure_value(r.measure, r.in_region), _measure_value(r.measure, r.total),
             "명" if r.measure == "jobs" else "억원",
             t["as_written_prices"] if r.step == "conventional" else t["prices_2020"]]
            for r in bridge.itertuples()]
    _write(ws, [t["step"], t["measure"], label("in_region", lang), label("total", lang),
                t["unit"], t["prices_of_row"]], rows)
    for row, r in enumerate(bridge.itertuples(), start=2):
        for col in (3, 4):  # jobs rows in 명, money in 억원
            ws.cell(row=row, column=col).number_format = _measure_format(r.measure)
    ws.freeze_panes = "A2"


def _indicators_sheet(ws, result, t: dict, lang: str) -> None:
    """Type I / induced / Type II (nationwide), direct and indirect parts, and the
    in-region value added against the region's GRDP next to PIMAC's averages."""
    from .. import indicators
    name = lambda m: t[m] if m in ("compensation", "imports") else label(m, lang)  # noqa: E731
    types = indicators.type_comparison(result)
    rows = [[name(m), _measure_value(m, r.type1), _measure_value(m, r.induced),
             _measure_value(m, r.type2), f"{r.type1_basis} / {r.induced_basis}"]
            for m, r in zip(types.index, types.itertuples())]
    row = _write(ws, [t["measure"], t["type1"], t["induced"], t["type2"], t["basis"]], rows)
    for i, m in enumerate(types.index, start=2):
        for j in (2, 3, 4):
            ws.cell(row=i, column=j).number_format = _measure_format(m)
    ws.cell(row=row, column=1, value=indicators.CLOSURE[lang])
    split = indicators.direct_indirect(result)
    rows = [[name(m), _measure_value(m, r.direct), _measure_value(m, r.indirect),
             _measure_value(m, r.total), r.basis] for m, r in zip(split.index, split.itertuples())]
    start = row + 2
    row = _write(ws, [t["measure"], t["direct"], t["indirect"], t["total"], t["basis"]], rows,
                 start_row=start)
    for i, m in enumerate(split.index, start=start + 1):
        for j in (2, 3, 4):
            ws.cell(row=i, column=j).number_format = _measure_format(m)
    share = indicators.grdp_share(result)
    rows = [[t["all_years"] if y == "total" else y, _eok(r.value_added_in_region),
             _eok(r.grdp_2020), float(r.percent)] for y, r in zip(share.index, share.itertuples())]
    start = row + 1
    row = _write(ws, [t["year"], t["va_in_region"], t["grdp"], t["share"]], rows,
                 start_row=start)
    for i in range(start + 1, row):
        for j in (2, 3):
            ws.cell(row=i, column=j).number_format = EOK_FORMAT
        ws.cell(row=i, column=4).number_format = "0.0000"
    pimac = indicators.pimac_frame(lang)
    row = _write(ws, [t["pimac"], t["share"]],
                 [[a, float(v)] for a, v in zip(pimac["label"], pimac["percent"])],
                 start_row=row + 1)
    ws.cell(row=row, column=1, value=indicators.PIMAC_CAVEAT[lang])
    ws.freeze_panes = "A2"


def workbook_bytes(result, lang: str = "ko") -> bytes:
    """The workbook as bytes (see the module docstring for its sheets)."""
    from openpyxl import Workbook
    if lang not in TEXT:
        raise ValueError(f"lang must be 'ko' or 'en' (got {lang!r})")
    t = TEXT[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = t["summary"]
    _summary_sheet(ws, result, t, lang)
    _phase_year_sheet(wb.create_sheet(t["phase_year"]), result, t, lang)
    _sector_sheet(wb.create_sheet(t["sectors"]), result, t, lang)
    _lines_sheet(wb.create_sheet(t["lines"]), result, t, lang)
    if getattr(result, "basis", None) == "adjusted" and result.flow_model is not None:
        _bridge_sheet(wb.create_sheet(t["bridge"]), result.bridge(), t, lang)
    _indicators_sheet(wb.create_sheet(t["indicators"]), result, t, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_excel(result, path: str | Path, lang: str = "ko") -> Path:
    """Write ``result`` as an .xlsx workbook at ``path`` (atomically)."""
    return atomic_write_bytes(path, workbook_bytes(result, lang=lang))
