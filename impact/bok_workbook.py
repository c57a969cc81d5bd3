"""Read the Bank of Korea's input-output workbook into the project's national table.

BOK publishes each input-output table as an Excel workbook (ECOS / 한국은행 산업연관표):
sheets ``A표_총거래표(생산자가격)``, ``A표_수입거래표(생산자가격)`` and
``A표_국산거래표(생산자가격)`` hold the total, import and domestic transactions in 백만원;
row 5 carries the column codes (``01``..``83`` using sectors, ``9090``.. demand and supply
columns), column A the row codes (``01``..``83`` products, ``9590``.. totals and value added).
The 2020 benchmark table and the 2021-2024 extended tables share this layout, so
:func:`import_workbook` (``impact tables import-bok FILE.xlsx``) reads any of them.

The result is a long table ``table,row_code,col_code,value`` (``table`` one of ``total``,
``domestic``, ``imports``; blank cells are left out, as BOK leaves value-added rows blank under
the final-demand columns) written with a manifest carrying its source, price year, unit and
sha256.  Every cell that is not a number, and every identity that does not hold (total =
domestic + imports, inputs = outputs, domestic supply = output), is refused with the sheet
and cell named.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd

from .errors import TableError

NATIONAL_TABLE = "national_io"
SHEETS = {"total": "A표_총거래표", "imports": "A표_수입거래표", "domestic": "A표_국산거래표"}
COLUMNS = ("table", "row_code", "col_code", "value")
# Identities are checked to one 백만원: BOK rounds each published cell to the unit.
TOLERANCE_MILLION_WON = 1.0
HEADER_SEARCH_ROWS = 10

# Names of the demand, supply and value-added codes (the 83 products are in sectors.csv).
CODE_NAMES = {
    "9090": "중간수요계", "9111": "민간소비지출", "9112": "정부소비지출",
    "9121": "민간고정자본형성", "9122": "정부고정자본형성", "9131": "재고증감",
    "9132": "귀중품 순취득", "9140": "수출", "9190": "최종수요계", "9290": "총수요계",
    "9310": "총산출", "9321": "수입", "9322": "생산물세(수입)", "9329": "수입계",
    "9331": "도소매마진", "9332": "화물운임", "9390": "총공급계",
    "9590": "중간투입계", "9610": "피용자보수", "9621": "영업잉여", "9622": "고정자본소모",
    "9630": "생산세(보조금 공제)", "9690": "부가가치계", "9790": "총투입계",
}
FINAL_DEMAND_CODES = ("9111", "9112", "9121", "9122", "9131", "9132", "9140")
VALUE_ADDED_CODES = ("9610", "9621", "9622", "9630")


def _code(value) -> str | None:
    """A row or column code as text: ``1`` or ``"01"`` -> ``"01"``; blank -> None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return None
    return f"{int(text):02d}" if text.isdigit() else text


def _cell(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(col + 1)}{row + 1}"


def _find_sheet(workbook, prefix: str, source):
    for sheet in workbook.worksheets:
        if sheet.title.startswith(prefix):
            return sheet
    raise TableError(f"no sheet named {prefix}... (sheets: {', '.join(workbook.sheetnames)})",
                     file=source, field="sheet", value=prefix)


def _sheet_header(rows: list[tuple], title: str, source) -> tuple[int, int | None]:
    """Header row index (the one whose column C is the first product code) and price year."""
    where = f"{source}[{title}]"
    heading = " ".join(str(r[0]) for r in rows[:HEADER_SEARCH_ROWS] if r and r[0] is not None)
    if "생산자가격" not in heading:
        raise TableError("not a producer-price table (생산자가격 not in the sheet heading)",
                         file=where, field="A1:A4", value=heading[:60])
    if "백만원" not in heading:
        raise TableError("unit is not 백만원 (the heading must say 단위 : 백만원)",
                         file=where, field="A1:A4", value=heading[:60])
    year = re.search(r"(\d{4})년", heading)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if len(row) > 2 and _code(row[2]) == "01":
            return index, int(year.group(1)) if year else None
    raise TableError("header row with product codes (01, 02, ...) from column C not found",
                     file=where, field="C1:C10")


def read_sheet(sheet, table: str, source) -> pd.DataFrame:
    """One transaction sheet as long rows ``table,row_code,col_code,value`` (blanks skipped)."""
    rows = list(sheet.iter_rows(values_only=True))
    header, _ = _sheet_header(rows, sheet.title, source)
    col_codes = {j: _code(v) for j, v in enumerate(rows[header]) if j >= 2 and _code(v)}
    records = []
    for i in range(header + 1, len(rows)):
        row = rows[i]
        row_code = _code(row[0]) if row else None
        if row_code is None:
            if records:
                break  # the table ends at the first row without a code
            continue  # the row of column names under the codes
        for j, col_code in col_codes.items():
            value = row[j] if j < len(row) else None
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TableError("cell is not a number", file=f"{source}[{sheet.title}]",
                                 field=f"{_cell(i, j)} ({row_code} x {col_code})", value=value)
            records.append((table, row_code, col_code, value))
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))


def wide_tables(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each of total/domestic/imports as a wide frame (row_code x col_code)."""
    return {t: g.pivot(index="row_code", columns="col_code", values="value")
            for t, g in frame.groupby("table", sort=False)}


def _require(wide: dict, table: str, rows, cols, source) -> pd.DataFrame:
    """The block ``rows x cols`` of ``table`` as a wide frame, refusing a missing cell."""
    if table not in wide:
        raise TableError(f"no rows of the {table} table", file=source, field="table")
    block = wide[table].reindex(index=list(rows), columns=list(cols))
    if block.isna().to_numpy().any():
        r, c = block.isna().stack().loc[lambda s: s].index[0]
        raise TableError("cell missing or blank", file=f"{source}[{SHEETS[table]}...]",
                         field=f"{r} x {c}")
    return block.astype(float)


def _check_identity(left, right, message: str, table: str, source) -> None:
    gap = (left - right).abs()
    if (gap > TOLERANCE_MILLION_WON).to_numpy().any():
        stacked = gap.stack() if isinstance(gap, pd.DataFrame) else gap
        where = stacked.idxmax()
        raise TableError(f"{message} does not hold", file=f"{source}[{SHEETS[table]}...]",
                         field=" x ".join(where) if isinstance(where, tuple) else where,
                         value=float(stacked.max()))


def check_identities(frame: pd.DataFrame, source="<workbook>", wide=None) -> list[str]:
    """Refuse a table whose accounting identities fail; return the product codes.

    ``wide`` is :func:`wide_tables` of ``frame`` when the caller already has it.
    """
    products = [c for c in frame.loc[frame["table"] == "total", "row_code"].unique()
                if len(c) == 2]
    wide = wide_tables(frame) if wide is None else wide
    inner = products + ["9590"]
    demand_cols = products + ["9090", *FINAL_DEMAND_CODES, "9190", "9290"]
    total = _require(wide, "total", inner, demand_cols, source)
    domestic = _require(wide, "domestic", inner, demand_cols, source)
    imports = _require(wide, "imports", inner, demand_cols, source)
    _check_identity(total, domestic + imports, "total = domestic + imports", "total", source)
    supply = _require(wide, "total", products,
                      ["9310", "9321", "9322", "9329", "9331", "9332", "9390"], source)
    inputs = _require(wide, "total", ["9790", *VALUE_ADDED_CODES, "9690"], products, source)
    _check_identity(inputs.loc["9790"], supply["9310"], "총투입계 (9790) = 총산출 (9310)",
                    "total", source)
    _check_identity(domestic.loc[products, "9290"], supply["9310"],
                    "domestic 총수요계 (9290) = 총산출 (9310)", "domestic", source)
    _check_identity(imports.loc[products, "9290"], supply["9329"],
                    "import 총수요계 (9290) = 수입계 (9329)", "imports", source)
    return products


def open_workbook(path: str | Path):
    """``path`` opened read-only with openpyxl (values, not formulas).

    Opening costs seconds for BOK's files (their style sheet is 7 MB), so a caller that
    reads several sheets opens once and passes the workbook on.
    """
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise TableError("workbook not found", file=path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise TableError(f"cannot open as an Excel workbook ({type(exc).__name__}: {exc})",
                         file=path) from None


def read_workbook(path: str | Path, workbook=None) -> tuple[pd.DataFrame, dict]:
    """Read and check a BOK producer-price workbook: the long table and its metadata.

    ``workbook`` is ``open_workbook(path)`` when the caller has it open already (it is then
    left open); otherwise the file is opened and closed here.
    """
    path = Path(path)
    opened = workbook is None
    if opened:
        workbook = open_workbook(path)
    try:
        parts, years = [], set()
        for table, prefix in SHEETS.items():
            sheet = _find_sheet(workbook, prefix, path)
            rows = list(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
            years.add(_sheet_header(rows, sheet.title, path)[1])
            parts.append(read_sheet(sheet, table, path))
    finally:
        if opened:
            workbook.close()
    if len(years) != 1 or None in years:
        raise TableError("sheets disagree on the year, or the heading names none (e.g. 2020년)",
                         file=path, field="A1:A4", value=sorted(map(str, years)))
    frame = pd.concat(parts, ignore_index=True)
    order = {t: k for k, t in enumerate(("total", "domestic", "imports"))}
    frame = frame.sort_values("table", key=lambda s: s.map(order), kind="stable")
    frame = frame.reset_index(drop=True)
    products = check_identities(frame, path)
    margins = frame[(frame["table"] == "total") & frame["col_code"].isin(["9331", "9332"])]
    meta = {"price_year": years.pop(), "products": len(products),
            "margins_all_zero": bool((margins["value"] == 0).all()),
            "workbook": path.name, "workbook_sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return frame, meta


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes; integral values are written without a decimal point."""
    out = frame.copy()
    values = out["value"].astype(float)
    if (values == values.round()).all():
        out["value"] = values.astype("int64")
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def manifest(data: bytes, rows: int, meta: dict) -> dict:
    """The manifest of the national table: source, price year, unit, codes and sha256."""
    year = meta["price_year"]
    return {
        "table": NATIONAL_TABLE,
        "file": f"{NATIONAL_TABLE}.csv",
        "title": f"BOK {year} national input-output table, {meta['products']} products, "
                 "producer prices",
        "source": f"Bank of Korea (한국은행), {year} input-output table (산업연관표), "
                  "투입산출표 생산자가격 통합중분류",
        "source_detail": f"Read by impact.bok_workbook from {meta['workbook']} "
                         f"(sha256 {meta['workbook_sha256']}): sheets "
                         + ", ".join(f"{p}(생산자가격)" for p in SHEETS.values()),
        "attribution": f"Figures are Bank of Korea statistics. Cite: 한국은행, {year}년 산업연관표.",
        "base_year": year,
        "price_year": year,
        "prices": "producer prices (생산자가격)",
        "classification": "BOK 통합중분류 (codes '01'..'83'); other codes in code_names",
        "units": {"value": "백만원 (million won), current prices of the table year"},
        "tables": {"total": "총거래표", "domestic": "국산거래표", "imports": "수입거래표"},
        "code_names": CODE_NAMES,
        "notes": [note for note in (
            "Long form: one row per non-blank cell; value-added rows (9610-9790) exist only "
            "in 'total' and only under the sector columns and 9090.",
            "Checked on import: total = domestic + imports cell by cell; 9790 = 9310; domestic "
            "9290 = 9310; import 9290 = 9329 (to 1 백만원).",
            "In this producer-price table the margin columns 9331 and 9332 are zero for every "
            "product: BOK separates the margins only in its purchaser-price table."
            if meta["margins_all_zero"] else None,
        ) if note],
        "rows": rows,
        "columns_in_order": list(COLUMNS),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def import_workbook(path: str | Path, out_dir: str | Path, workbook=None) -> Path:
    """Read ``path`` and write ``national_io.csv`` and its manifest into ``out_dir``.

    Both files are written to temporary files and moved into place (CSV first): an error
    or an interruption leaves the previous table, or a pair the loader refuses on its
    checksum, never a half-written table that loads.
    """
    from .atomic import atomic_write_bytes

    frame, meta = read_workbook(path, workbook)
    data = to_csv_bytes(frame)
    text = json.dumps(manifest(data, len(frame), meta), ensure_ascii=False, indent=2) + "\n"
    out_dir = Path(out_dir)
    csv_path = atomic_write_bytes(out_dir / f"{NATIONAL_TABLE}.csv", data)
    atomic_write_bytes(out_dir / f"{NATIONAL_TABLE}.json", text.encode("utf-8"))
    return csv_path


def read_manifest(csv_path: str | Path) -> dict:
    """The manifest written beside ``csv_path`` by :func:`import_workbook`."""
    return json.loads(Path(csv_path).with_suffix(".json").read_text(encoding="utf-8"))
