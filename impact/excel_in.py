"""Budgets in Excel: a workbook read into the same raw structures a YAML file gives.

A workbook has a sheet of budget lines (``예산`` or ``lines``; one header row, Korean
or English headers: 항목/item, 금액/amount, 분류/category, ...), the project's fields on
a sheet ``사업``/``project`` (field in column A, value in column B) or as such rows above
the lines' header, and optionally ``매개변수``/``parameters`` and ``시나리오``/``scenarios``
sheets.  Cells become the values YAML would give (numbers stay numbers, text stays text,
empty cells are absent; ``[0.1, 0.5]`` or ``{"62": 0.3}`` in a list or mapping field is
read as YAML flow text), the result goes through :func:`impact.project.project_from_mapping`
(the one validator), and its errors are re-addressed to ``file:sheet!cell``.

A row whose item reads 합계, 총계, 소계 or total is a total, not a line: it is skipped with
a warning (saying so when it disagrees with the lines' sum).  A formula cell is read as
the value Excel saved with it; a formula without one is refused.  Text starting with
``=`` (typed as ``'=share * 0.5``) is an expression of the project's parameters.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BudgetError
from .messages import Message
from .spellings import LINE_FIELD_KO, PROJECT_FIELD_KO, squeeze
from .yamlio import MAX_FILE_BYTES, LineDict

SHEETS = {
    "project": ("사업", "project", "사업개요", "header"),
    "lines": ("예산", "lines", "budget", "예산항목"),
    "parameters": ("매개변수", "parameters", "가정"),
    "scenarios": ("시나리오", "scenarios"),
    "reference": ("분류표", "categories", "목록", "lists"),  # written by the template, not read
}
PARAMETER_COLUMNS = {"name": "이름", "value": "값", "low": "하한", "high": "상한", "unit": "단위",
                     "note": "비고"}
SCENARIO_COLUMNS = {"scenario": "시나리오", "description": "설명", "parameter": "매개변수",
                    "line_id": "항목 ID", "field": "필드", "value": "값"}
STRUCTURED_FIELDS = ("in_region_share_range", "import_share_range", "alt_sectors",
                     "supplied_from")
TOTAL_WORDS = {"합계", "총계", "총합계", "계", "소계", "total", "grandtotal", "sum", "subtotal"}
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 30


def _names(columns: dict, korean: dict) -> dict:
    """Every accepted header spelling (squeezed) -> field: English, Korean, "Korean (English)"."""
    out = {}
    for name in columns:
        ko = korean.get(name)
        for spelled in (name, ko, f"{ko}({name})" if ko else None, f"{ko}{name}" if ko else None):
            if spelled:
                out[squeeze(spelled)] = name
    return out


def line_header_names(fields) -> dict:
    return _names(fields, LINE_FIELD_KO)


def cell_ref(column: int, row: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(column)}{row}"


@dataclass
class Layout:
    """Where each part of the budget was read from, to address errors to cells."""

    file: str
    sheets: dict = field(default_factory=dict)        # part -> sheet name
    columns: dict = field(default_factory=dict)       # part -> {field: column number}
    header_cells: dict = field(default_factory=dict)  # project field -> (sheet, row, column)

    def locate(self, exc: BudgetError) -> BudgetError:
        """``exc`` from the validator, addressed to the sheet and cell it came from."""
        name = exc.field or ""
        part = next((p for p in ("lines", "parameters", "scenarios") if name.startswith(p)),
                    "project")
        sheet, cell = self.sheets.get(part), None
        if part == "project" and name in self.header_cells:
            sheet, row, column = self.header_cells[name]
            cell = cell_ref(column, row)
        elif exc.line is not None and sheet is not None:
            last = name.rsplit(".", 1)[-1]
            column = self.columns.get(part, {}).get(last)
            cell = cell_ref(column, exc.line) if column else f"{exc.line}:{exc.line}"
        message = exc.message
        if last_is(name, "sector") and isinstance(exc.value, int):
            message += " (in Excel: type '05 or format the column as Text)"
        return BudgetError(message, file=self.file, line=exc.line, field=exc.field,
                           value=exc.value, sheet=sheet, cell=cell)


def last_is(name: str, field_name: str) -> bool:
    return name.rsplit(".", 1)[-1] == field_name


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    value: object
    formula: str | None = None  # the formula text, for a formula cell

    @property
    def coordinate(self) -> str:
        return cell_ref(self.column, self.row)


class _Reader:
    """Reads the cells of one workbook (formulas as the values Excel saved with them)."""

    def __init__(self, path: Path):
        from openpyxl import load_workbook
        self.path = path
        self.book = load_workbook(path, read_only=True, data_only=False)
        self.saved = None  # the saved results of formulas, loaded when there are any

    def rows(self, sheet: str) -> list[list[Cell]]:
        """The sheet as rows of cells from A1 (trailing empty rows dropped)."""
        raw = [list(r) for r in self.book[sheet].iter_rows(min_row=1, min_col=1,
                                                             values_only=True)]
        types = None
        if any(isinstance(v, str) and v.startswith("=") for r in raw for v in r):
            types = [[getattr(c, "data_type", "n") for c in r]
                     for r in self.book[sheet].iter_rows(min_row=1, min_col=1)]
        rows = []
        for i, values in enumerate(raw, start=1):
            cells = []
            for j, value in enumerate(values, start=1):
                formula = None
                if types is not None and types[i - 1][j - 1] == "f":
                    formula, value = str(value), self._saved(sheet, i, j)
                if isinstance(value, str) and value == "":
                    value = None
                cells.append(Cell(i, j, value, formula))
            rows.append(cells)
        while rows and all(c.value is None and c.formula is None for c in rows[-1]):
            rows.pop()
        return rows

    def _saved(self, sheet: str, row: int, column: int):
        if self.saved is None:
            from openpyxl import load_workbook
            book = load_workbook(self.path, read_only=True, data_only=True)
            self.saved = {name: [list(r) for r in book[name].iter_rows(
                min_row=1, min_col=1, values_only=True)] for name in book.sheetnames}
            book.close()
        rows = self.saved.get(sheet, [])
        return rows[row - 1][column - 1] if row <= len(rows) and column <= len(
            rows[row - 1]) else None

    def value(self, cell: Cell, sheet: str):
        if cell.formula is not None and cell.value is None:
            raise BudgetError("a formula without a saved result: open and save the workbook in "
                              "Excel, or type the value", file=self.path, sheet=sheet,
                              cell=cell.coordinate, value=cell.formula)
        return cell.value

    def close(self):
        self.book.close()


def _structured(value, where: dict):
    """``"[0.1, 0.5]"`` or ``'{"62": 0.3}'`` in a list or mapping field: read as YAML flow."""
    if not (isinstance(value, str) and value.strip()[:1] in "[{"):
        return value
    try:
        return yaml.safe_load(value)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BudgetError(f"not a valid list or mapping: {problem}", **where,
                          value=value) from None


def _find_sheet(names: list[str], part: str) -> str | None:
    wanted = {squeeze(n) for n in SHEETS[part]}
    return next((n for n in names if squeeze(n) in wanted), None)


def _header_row(rows, known: dict) -> int | None:
    """Index of the first row that names item and amount (or two known fields)."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {known.get(squeeze(c.value)) for c in row if isinstance(c.value, str)}
        found.discard(None)
        if {"item", "amount"} <= found or len(found) >= 3:
            return i
    return None


def _columns(reader, rows, header: int, known: dict, sheet: str, what: str,
             labels: dict) -> dict[int, str]:
    """Column number -> field for a table's header row; unknown or doubled headers refused
    where a value sits under them."""
    from .spellings import unknown_field_message
    columns, seen = {}, {}
    body = rows[header + 1:]
    for cell in rows[header]:
        text = cell.value
        used = any(len(r) >= cell.column and r[cell.column - 1].value is not None for r in body)
        if text is None or (isinstance(text, str) and not text.strip()):
            if used:
                raise BudgetError(f"a column of values without a header in the {what} table",
                                  file=reader.path, sheet=sheet, cell=cell.coordinate)
            continue
        name = known.get(squeeze(str(text)))
        if name is None:
            if used:
                raise BudgetError(unknown_field_message(str(text), list(labels), labels)
                                  .replace("unknown field", "unknown column"),
                                  file=reader.path, sheet=sheet, cell=cell.coordinate,
                                  field=str(text), value=text)
            continue
        if name in seen:
            raise BudgetError(f"column {name!r} given twice (also {seen[name]})",
                              file=reader.path, sheet=sheet, cell=cell.coordinate,
                              field=name, value=text)
        seen[name] = cell.coordinate
        columns[cell.column] = name
    return columns


def _record(reader, row, columns: dict, sheet: str, structured=()) -> LineDict:
    """One table row as a mapping of its non-empty cells (the row number as its line)."""
    out = LineDict()
    out.yaml_line = row[0].row if row else 0
    out.key_lines = {}
    for cell in row:
        name = columns.get(cell.column)
        if name is None:
            continue
        value = reader.value(cell, sheet)
        if value is None:
            continue
        if name in structured:
            value = _structured(value, {"file": reader.path, "sheet": sheet,
                                        "cell": cell.coordinate, "field": name})
        out[name] = value
        out.key_lines[name] = cell.row
    return out


def _is_total(record: LineDict) -> bool:
    text = record.get("item")
    if not isinstance(text, str):
        # a total row often has its label in another column (e.g. under 번호)
        text = next((v for v in record.values() if isinstance(v, str)), "")
    return squeeze(text) in TOTAL_WORDS


def _lines(reader, sheet: str, layout: Layout, header_fields: dict) -> tuple[list, list]:
    from .budget import LINE_FIELDS
    known = line_header_names(LINE_FIELDS)
    known.update(line_header_names(LINE_FIELD_KO))  # fields the validator may not know yet
    rows = reader.rows(sheet)
    header = _header_row(rows, known)
    if header is None:
        raise BudgetError("no header row with 항목 (item) and 금액 (amount) in the first "
                          f"{HEADER_SEARCH_ROWS} rows", file=reader.path, sheet=sheet)
    labels = {**{f: LINE_FIELD_KO.get(f, f) for f in LINE_FIELDS}}
    columns = _columns(reader, rows, header, known, sheet, "budget line", labels)
    layout.columns["lines"] = {name: column for column, name in columns.items()}
    if "project" not in layout.sheets:  # the project's fields as rows above the header
        _fields(reader, rows[:header], sheet, layout, header_fields)
    lines, notes, amounts, totals = [], [], [], []
    for row in rows[header + 1:]:
        record = _record(reader, row, columns, sheet, STRUCTURED_FIELDS)
        if not record:
            continue
        if _is_total(record):
            totals.append(record)
            continue
        lines.append(record)
        amount = record.get("amount")
        amounts.append(amount if isinstance(amount, (int, float))
                       and not isinstance(amount, bool) else None)
    for record in totals:
        label = record.get("item") or next(v for v in record.values() if isinstance(v, str))
        where = f"{reader.path}:{sheet}!{record.yaml_line}:{record.yaml_line}"
        note = f"{where}: the row {label!r} reads as a total, not a budget line; skipped"
        note_ko = f"{where}: {label!r} 행은 합계로 보여 예산 항목이 아니므로 건너뜁니다"
        written = record.get("amount")
        if isinstance(written, (int, float)) and None not in amounts \
                and abs(written - sum(amounts)) > 1e-9 * max(1.0, abs(written)):
            note += f" (it says {written:,} but the lines above sum to {sum(amounts):,})"
            note_ko += f" (적힌 값 {written:,}, 위 항목의 합 {sum(amounts):,})"
        notes.append(Message(note, note_ko))
    return lines, notes


def _fields(reader, rows, sheet: str, layout: Layout, out: dict) -> None:
    """Project fields as rows: label in the first cell, value in the next non-empty one."""
    from .project import PROJECT_FIELDS
    known = _names(PROJECT_FIELDS, PROJECT_FIELD_KO)
    for row in rows:
        cells = [c for c in row if c.value is not None]
        if not cells or not isinstance(cells[0].value, str):
            continue
        name = known.get(squeeze(cells[0].value))
        if name is None:
            continue
        label = cells[0]
        if label.column >= len(row) or row[label.column].value is None and \
                row[label.column].formula is None:
            continue  # no value beside the label: the field is not given
        cell = row[label.column]  # the value sits in the cell right of its label
        value = reader.value(cell, sheet)
        if name == "sources":  # one per row, or several lines in one cell
            given = [s.strip() for s in value.splitlines() if s.strip()] \
                if isinstance(value, str) else [value]
            out.setdefault("sources", []).extend(given)
            layout.header_cells.setdefault(name, (sheet, cell.row, cell.column))
            continue
        if name in out:
            raise BudgetError("field given twice", file=reader.path, sheet=sheet,
                              cell=cell.coordinate, field=name, value=value)
        out[name] = value
        layout.header_cells[name] = (sheet, cell.row, cell.column)


def _table(reader, sheet: str, columns: dict, layout: Layout, part: str) -> list[LineDict]:
    rows = reader.rows(sheet)
    known = _names(columns, columns)
    header = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                   if sum(known.get(squeeze(c.value)) is not None for c in row
                          if isinstance(c.value, str)) >= 2), None)
    if header is None:
        return []
    found = _columns(reader, rows, header, known, sheet, part, columns)
    layout.columns[part] = {name: column for column, name in found.items()}
    return [r for r in (_record(reader, row, found, sheet) for row in rows[header + 1:]) if r]


def _parameters(reader, sheet, layout) -> LineDict:
    out = LineDict()
    out.key_lines = {}
    for record in _table(reader, sheet, PARAMETER_COLUMNS, layout, "parameters"):
        name = record.pop("name", None)
        if name is None:
            raise BudgetError("a parameter row without a name", file=reader.path, sheet=sheet,
                              cell=f"{record.yaml_line}:{record.yaml_line}")
        if name in out:
            raise BudgetError("parameter given twice", file=reader.path, sheet=sheet,
                              cell=f"{record.yaml_line}:{record.yaml_line}", value=name)
        out.yaml_line = out.yaml_line or record.yaml_line
        out[name] = record
        out.key_lines[name] = record.yaml_line
    return out


def _scenarios(reader, sheet, layout) -> LineDict:
    """Long rows (scenario, description, parameter or line id + field, value) -> mappings."""
    from .budget import LINE_FIELDS
    fields = line_header_names(LINE_FIELDS)
    out = LineDict()
    out.key_lines = {}
    for record in _table(reader, sheet, SCENARIO_COLUMNS, layout, "scenarios"):
        where = {"file": reader.path, "sheet": sheet,
                 "cell": f"{record.yaml_line}:{record.yaml_line}"}
        name = record.get("scenario")
        if name is None:
            raise BudgetError("a scenario row without the scenario's name", **where)
        spec = out.get(name)
        if spec is None:
            spec = out[name] = LineDict()
            spec.yaml_line, spec.key_lines = record.yaml_line, {}
            out.key_lines[name] = record.yaml_line
        if "description" in record:
            spec["description"] = record["description"]
        if "parameter" in record:
            spec.setdefault("parameters", {})[record["parameter"]] = record.get("value")
        elif "line_id" in record:
            written = record.get("field")
            key = fields.get(squeeze(written), written) if isinstance(written, str) else written
            value = _structured(record.get("value"), {**where, "field": str(key)})
            spec.setdefault("lines", {}).setdefault(record["line_id"], {})[key] = value
        elif "value" in record:
            raise BudgetError("a value without the parameter or line it changes", **where)
    return out


def read_workbook(path: str | Path) -> tuple[LineDict, list[str], Layout]:
    """The budget in a workbook as the mapping YAML would give, the reader's notes
    (skipped total rows), and where each part was read from."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BudgetError(f"cannot read file ({exc.strerror})", file=path) from None
    if size > MAX_FILE_BYTES:
        raise BudgetError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                          file=path, value=size)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise BudgetError("not an Excel workbook (.xlsx is a zip file; an old .xls or a "
                          "renamed CSV must be saved as .xlsx first)", file=path) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise BudgetError("workbook unpacks to more than 200 MiB", file=path, value=unpacked)
    try:
        reader = _Reader(path)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise BudgetError(f"cannot read the workbook ({type(exc).__name__}: "
                          f"{str(exc).splitlines()[0] if str(exc) else ''})", file=path) from None
    try:
        return _read(reader, path)
    finally:
        reader.close()


def _read(reader: _Reader, path: Path):
    names = reader.book.sheetnames
    layout = Layout(file=str(path))
    for part in ("project", "lines", "parameters", "scenarios"):
        found = _find_sheet(names, part)
        if found:
            layout.sheets[part] = found
    if "lines" not in layout.sheets:
        others = [n for n in names if n not in layout.sheets.values()
                  and _find_sheet([n], "reference") is None]
        if not others:
            raise BudgetError("no sheet of budget lines (name it 예산 or lines)", file=path)
        layout.sheets["lines"] = others[0]
    data = LineDict()
    data.yaml_line, data.key_lines = 1, {}
    header: dict = {}
    if "project" in layout.sheets:
        _fields(reader, reader.rows(layout.sheets["project"]), layout.sheets["project"], layout,
                header)
    lines, notes = _lines(reader, layout.sheets["lines"], layout, header)
    if "project" not in layout.sheets:
        layout.sheets["project"] = layout.sheets["lines"]
    for name, value in header.items():
        data[name] = value
        data.key_lines[name] = layout.header_cells[name][1]
    data["lines"] = lines
    for part, read in (("parameters", _parameters), ("scenarios", _scenarios)):
        if part in layout.sheets:
            value = read(reader, layout.sheets[part], layout)
            if value:
                data[part] = value
    return data, notes, layout


def load_workbook_project(path: str | Path, tables=None):
    """Read and validate a budget workbook: the same checks as a YAML file, errors naming
    the file, sheet, cell, field and value."""
    from .project import project_from_mapping
    data, notes, layout = read_workbook(path)
    try:
        return project_from_mapping(data, tables=tables, file=str(path),
                                    read_warnings=tuple(notes))
    except BudgetError as exc:
        raise layout.locate(exc) from None
