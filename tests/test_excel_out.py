"""Excel and CSV output: figures read back with openpyxl / csv against totals() by hand."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

import impact
from impact.cli import main
from impact.reporting import excel_out

from .conftest import PROJECTS


@pytest.fixture(scope="module")
def result(tables):
    project = impact.load_project(PROJECTS[0], tables=tables)
    return impact.estimate(project, tables=tables)


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _effects_table(ws):
    rows = _rows(ws)
    start = next(i for i, r in enumerate(rows) if r[0] in ("구분", "Measure"))
    header = rows[start]
    return header, {r[0]: r for r in rows[start + 1:start + 4]}


def test_workbook_summary_matches_totals_in_eok(result, tmp_path):
    path = result.to_excel(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["요약", "단계·연도별", "부문별", "예산 항목", "통상 수치와의 연결",
                             "참고 지표"]
    ws = wb["요약"]
    header, rows = _effects_table(ws)
    t = result.totals()
    for j, scope in enumerate(t.columns, start=1):
        # 억원 = 백만원 / 100, written out by hand; jobs stay persons
        assert rows["생산유발"][j] == pytest.approx(t.loc["output", scope] / 100)
        assert rows["부가가치유발"][j] == pytest.approx(t.loc["value_added", scope] / 100)
        assert rows["취업유발"][j] == pytest.approx(t.loc["jobs", scope])
    assert header[1:4] == ["지역내", "타지역", "전국"]
    money_cell = next(c for c in ws["B"] if c.value == rows["생산유발"][1])
    assert money_cell.number_format == '#,##0.0"억원"'
    assert ws.freeze_panes == "A2"
    facts = {r[0]: r[1] for r in _rows(ws)}
    assert facts["투입 예산 (2020년 가격)"] == pytest.approx(
        result.lines["amount_2020"].sum() / 100)
    assert "2020년 불변가격" in facts["가격 기준"]


def test_workbook_phase_year_sectors_and_lines(result, tmp_path):
    wb = openpyxl.load_workbook(result.to_excel(tmp_path / "r.xlsx"))
    py = _rows(wb["단계·연도별"])
    col = py[0].index("취업유발 지역내")
    assert sum(r[col] for r in py[1:]) == pytest.approx(result.totals().loc["jobs", "in_region"])
    col = py[0].index("생산유발 타지역")
    assert sum(r[col] for r in py[1:]) == pytest.approx(
        result.flows["output_other_regions"].sum() / 100)
    assert {r[0] for r in py[1:]} <= {"건설", "운영"}
    sectors = _rows(wb["부문별"])
    col = sectors[0].index("생산유발 지역내")
    assert sum(r[col] for r in sectors[1:]) == pytest.approx(
        result.totals().loc["output", "in_region"] / 100)
    lines = _rows(wb["예산 항목"])
    assert len(lines) == len(result.lines) + 1
    head = lines[0]
    for name in ("지역내 구매비중", "디플레이터", "물가지수 (2020=100)", "제외 사유"):
        assert name in head
    first = result.lines.iloc[0]
    row = lines[1]
    assert row[head.index("항목 ID")] == first["line_id"]
    assert row[head.index("금액 (2020년 가격)")] == pytest.approx(first["amount_2020"] / 100)
    assert row[head.index("지역내 구매비중")] == pytest.approx(first["in_region_share"])
    assert row[head.index("디플레이터")] == first["deflator"]
    excluded = [r for r in lines[1:] if r[head.index("제외 사유")]]
    assert len(excluded) == len(result.excluded())
    assert wb["예산 항목"].freeze_panes == "C2"


def test_workbook_in_english(result, tmp_path):
    wb = openpyxl.load_workbook(result.to_excel(tmp_path / "r.xlsx", lang="en"))
    assert wb.sheetnames[:4] == ["Summary", "By phase and year", "By sector", "Budget lines"]
    header, rows = _effects_table(wb["Summary"])
    assert header[1:4] == ["In region", "Other regions", "Nationwide"]
    assert rows["Output"][3] == pytest.approx(result.totals().loc["output", "total"] / 100)


def test_failed_write_keeps_the_previous_workbook(result, tmp_path, monkeypatch):
    path = result.to_excel(tmp_path / "r.xlsx")
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken)
    with pytest.raises(OSError):
        result.to_excel(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_cli_xlsx_and_csv_with_bom_and_input_lines(result, tmp_path, capsys):
    out = tmp_path / "results.xlsx"
    assert main(["estimate", str(PROJECTS[0]), "--format", "xlsx", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    _, rows = _effects_table(openpyxl.load_workbook(out)["요약"])
    assert rows["생산유발"][3] == pytest.approx(result.totals().loc["output", "total"] / 100)
    csv_path = tmp_path / "r.csv"
    assert main(["estimate", str(PROJECTS[0]), "--format", "csv", "--out", str(csv_path)]) == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    effects = [r for r in records if r["record"] == "effect"]
    lines = [r for r in records if r["record"] == "line"]
    assert len(lines) == len(result.lines)
    assert {r["item"] for r in lines} == set(result.lines["item"])  # Hangul intact
    jobs = next(r for r in effects if r["measure"] == "jobs" and r["scope"] == "total")
    assert float(jobs["value"]) == pytest.approx(result.totals().loc["jobs", "total"])
    assert sum(float(r["value"]) for r in lines) == pytest.approx(
        result.lines["amount_2020"].sum())
    assert lines[0]["year"] == str(int(result.lines["year"].iloc[0]))
    main(["estimate", str(PROJECTS[0]), "--format", "csv"])
    assert capsys.readouterr().out.startswith("\ufeffrecord,id,region,measure")


def test_cli_xlsx_several_files_need_a_folder(tmp_path, capsys):
    assert main(["estimate", *map(str, PROJECTS[:2]), "--format", "xlsx",
                 "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "give a folder" in capsys.readouterr().err
    assert main(["estimate", *map(str, PROJECTS[:2]), "--format", "xlsx",
                 "--out", str(tmp_path / "many")]) == 0
    assert len(list((tmp_path / "many").glob("*.xlsx"))) == 2


def test_bridge_sheet_in_eok_and_only_for_one_adjusted_estimate(result, tables):
    wb = openpyxl.load_workbook(io.BytesIO(excel_out.workbook_bytes(result)))
    rows = _rows(wb["통상 수치와의 연결"])
    assert rows[0][:4] == ["단계", "구분", "지역내", "전국"]
    conventional = impact.estimate(result.project, tables=tables, basis="conventional").totals()
    first = rows[1]  # the conventional figure's output, at the budget's own prices
    assert first[1] == "생산유발" and first[5] == "예산 작성 가격"
    assert first[3] == pytest.approx(conventional.loc["output", "total"] / 100)
    last_jobs = rows[-1]
    assert last_jobs[1] == "취업유발"
    assert last_jobs[3] == pytest.approx(result.totals().loc["jobs", "total"])
    sheet = wb["통상 수치와의 연결"]
    assert sheet.cell(row=len(rows), column=4).number_format == excel_out.JOBS_FORMAT
    assert sheet.cell(row=2, column=3).number_format == excel_out.EOK_FORMAT
    for other in (impact.estimate(result.project, tables=tables, basis="conventional"),
                  result + result):
        names = openpyxl.load_workbook(io.BytesIO(excel_out.workbook_bytes(other))).sheetnames
        assert "통상 수치와의 연결" not in names and "참고 지표" in names


def test_indicators_sheet_has_type2_and_the_grdp_share(result):
    ws = openpyxl.load_workbook(io.BytesIO(excel_out.workbook_bytes(result, lang="en")))[
        "Indicators"]
    rows = _rows(ws)
    assert rows[0][:4] == ["Measure", "Type I", "Induced", "Type II (sensitivity)"]
    output = rows[1]
    assert output[1] == pytest.approx(result.totals().loc["output", "total"] / 100)
    assert output[3] > output[1]
    text = [r[0] for r in rows if r[0]]
    assert any("household-closed" in str(v) for v in text)
    grdp = float(result.tables.grdp_million_won[result.tables.region_index(result.region)])
    va = result.totals().loc["value_added", "in_region"]
    all_years = next(r for r in rows if r[0] == "All years")
    assert all_years[3] == pytest.approx(100 * va / grdp)
    assert any(r[1] == 0.3210 for r in rows if r[0] and "예타" in str(r[0]))
