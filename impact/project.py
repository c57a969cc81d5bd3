"""A project: who spends what, where, when, with every assumption written down.

Build one from a YAML budget file (:func:`load_project`) or from a DataFrame in a
notebook (:func:`project_from_frame`).  A project keeps its lines as written
(``line_specs``, which may refer to parameters) and as resolved and validated
(``lines``); scenarios re-resolve the specs with other parameters or line values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .budget import LINE_FIELDS, UNITS_IN_MILLION_WON, YEAR_RANGE, default_line_ids, \
    normalise_lines, resolve_expressions
from .errors import BudgetError
from .messages import Message
from .ids import ID_PATTERN
from .flows import margin_split, sector_rows, supplier_profiles, unsupplied_rows
from .params import Parameter
from .spellings import LINE_FIELD_KO, PROJECT_FIELD_KO, resolve_unit, squeeze, \
    unknown_field_message
from .sourcing import check_supplier_regions
from .tables import Tables, load_tables
from .yamlio import EXCEL_SUFFIXES, LineDict, read_yaml_mapping

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
PROJECT_FIELDS = {
    "id": "slug: lowercase letters, digits, - and _",
    "name": "project name",
    "name_en": "English name (optional)",
    "region": "one of the 17 시도 (short Korean name such as 경북, or English such as Gyeongbuk)",
    "price_year": "year the amounts are priced in (lines may override)",
    "unit": "원, 천원, 백만원, 억원 or 조원",
    "description": "free text (optional)",
    "sources": "list of documents the budget comes from (optional)",
    "parameters": "named assumptions lines may refer to as '=name' (optional)",
    "scenarios": "named overrides of parameters and lines (optional)",
    "lines": "the budget lines",
}
PARAMETER_FIELDS = ("value", "note", "low", "high", "unit")
SCENARIO_FIELDS = ("description", "parameters", "lines")


@dataclass(frozen=True, eq=False)
class Project:
    """A validated budget for one project in one region.

    ``lines`` has one row per budget line with amounts in ``unit`` priced in each
    line's ``price_year``; ``line_specs`` keeps the lines as written.
    """

    id: str
    name: str
    region: str
    unit: str
    price_year: int | None
    lines: pd.DataFrame = field(repr=False)
    line_specs: pd.DataFrame = field(repr=False)
    parameters: Mapping[str, Parameter] = field(default_factory=dict, repr=False)
    scenarios: Mapping[str, dict] = field(default_factory=dict, repr=False)
    name_en: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    source_file: str | None = None
    scenario: str | None = None
    warnings: tuple[str, ...] = field(default=(), repr=False)
    # notes from reading the file (e.g. a workbook's total row skipped), kept in warnings
    read_warnings: tuple[str, ...] = field(default=(), repr=False)

    @property
    def unit_in_million_won(self) -> float:
        return UNITS_IN_MILLION_WON[self.unit]

    def parameter_values(self) -> dict[str, float]:
        return {name: p.value for name, p in self.parameters.items()}

    def parameter_table(self) -> pd.DataFrame:
        """The named assumptions as a frame (name, value, unit, low, high, note)."""
        rows = [{"name": p.name, "value": p.value, "unit": p.unit, "low": p.low,
                 "high": p.high, "note": p.note} for p in self.parameters.values()]
        return pd.DataFrame(rows, columns=["name", "value", "unit", "low", "high", "note"])

    def in_region(self, region: str, tables: Tables | None = None) -> "Project":
        """The same budget placed in another region (lines and parameters unchanged)."""
        return _assemble(replace(self, region=region), dict(self.parameters),
                         self.line_specs, tables, scenario=self.scenario)

    def with_parameters(self, tables: Tables | None = None, **values: float) -> "Project":
        """A copy with some parameter values replaced (lines re-resolved)."""
        unknown = set(values) - set(self.parameters)
        if unknown:
            raise BudgetError("unknown parameter", file=self.source_file, field="parameters",
                              value=sorted(unknown)[0])
        params = {n: replace(p, value=float(values.get(n, p.value)))
                  for n, p in self.parameters.items()}
        return _assemble(self, params, self.line_specs, tables, scenario=self.scenario)

    def with_lines(self, lines: pd.DataFrame, tables: Tables | None = None) -> "Project":
        """A copy with these budget lines as written (e.g. an edited ``to_frame()``)."""
        return _assemble(self, dict(self.parameters), lines.reset_index(drop=True), tables,
                         scenario=None)

    def to_frame(self) -> pd.DataFrame:
        """The budget lines as written (:func:`impact.project_out.project_to_frame`)."""
        from .project_out import project_to_frame
        return project_to_frame(self)

    def to_yaml(self, path: str | Path) -> Path:
        """Write the budget as YAML (:func:`impact.project_out.project_to_yaml`)."""
        from .project_out import project_to_yaml
        return project_to_yaml(self, path)

    def to_excel(self, path: str | Path, tables: Tables | None = None) -> Path:
        """Write the budget as a workbook (:func:`impact.project_out.project_to_excel`)."""
        from .project_out import project_to_excel
        return project_to_excel(self, path, tables)

    def with_scenario(self, name: str, tables: Tables | None = None) -> "Project":
        """A copy with the named scenario's parameter and line overrides applied."""
        if name not in self.scenarios:
            known = ", ".join(self.scenarios) or "none defined"
            raise BudgetError(f"unknown scenario (scenarios: {known})", file=self.source_file,
                              field="scenario", value=name)
        spec = self.scenarios[name]
        params = {n: replace(p, value=float(spec.get("parameters", {}).get(n, p.value)))
                  for n, p in self.parameters.items()}
        specs = self.line_specs.copy()
        ids = self.lines["line_id"].to_numpy()
        for line_id, overrides in spec.get("lines", {}).items():
            row = int(np.flatnonzero(ids == line_id)[0])
            for key, value in overrides.items():
                if key not in specs:
                    specs[key] = pd.Series([np.nan] * len(specs), dtype=object)
                specs[key] = specs[key].astype(object)
                specs.at[specs.index[row], key] = value
        return _assemble(self, params, specs, tables, scenario=name)


def _assemble(base: Project, params: dict, specs: pd.DataFrame, tables: Tables | None,
              scenario: str | None) -> Project:
    tables = tables or load_tables()
    values = {n: p.value for n, p in params.items()}
    resolved = resolve_expressions(specs, values, file=base.source_file)
    lines = normalise_lines(resolved, tables, price_year=base.price_year, file=base.source_file)
    check_supplier_regions(lines, base.region, file=base.source_file)
    return replace(base, lines=lines, line_specs=specs, parameters=params, scenario=scenario,
                   warnings=base.read_warnings + tuple(_warnings(lines, base.region, tables)))


def _warnings(lines: pd.DataFrame, region: str, tables: Tables) -> list[str]:
    """Lines mapped to a sector the region does not produce in 2020, and lines whose
    named suppliers do not produce it."""
    # the line x sector rows of the flows, without years or prices: validation need not
    # build the flows themselves
    rows = sector_rows(lines, tables)
    r = tables.region_index(region)
    profiles, line_profile = supplier_profiles(lines, r, tables)
    codes = np.asarray(tables.sector_codes, dtype=object)
    pairs = rows.line.astype(np.int64) * len(codes) + rows.sector
    first = np.zeros(len(rows.line), bool)
    first[np.unique(pairs, return_index=True)[1]] = True  # one row per line and sector
    ids, items = lines["line_id"].to_numpy(dtype=object), lines["item"].to_numpy(dtype=object)

    def line_of(f: int) -> tuple[str, str, str]:
        line = rows.line[f]
        return ids[line], items[line], codes[rows.sector[f]]

    out = [Message(f"line {i} ({item}): sector {code} is not produced in {region} in 2020; "
                   "its in-region share is treated as bought from other regions",
                   f"{i} ({item}): {code} 부문은 2020년 {region}에서 생산되지 않아, 지역내 구매 "
                   "비중을 다른 지역에서 사는 것으로 처리합니다")
           for i, item, code in map(line_of, np.flatnonzero(
               ~tables.produced_array[r, rows.sector] & first))]
    unsupplied = unsupplied_rows(profiles, line_profile[rows.line], rows.sector, tables)
    out += [Message(f"line {i} ({item}): sector {code}: no region in supplied_from produced "
                    "it in 2020; the other regions that did (GRDP-weighted) supply it",
                    f"{i} ({item}): supplied_from에 적은 지역 중 2020년에 {code} 부문을 "
                    "생산한 지역이 없어, 생산한 다른 지역들이 지역내총생산(GRDP) 비중대로 "
                    "공급하는 것으로 처리합니다")
            for i, item, code in map(line_of, np.flatnonzero(unsupplied & first))]
    purchaser = (lines["price_basis"] == "purchaser") & (lines["exclude"] == "")
    if purchaser.any() and margin_split(tables) is None:
        n = int(purchaser.sum())
        out.append(Message(
            f"{n} line(s) at purchaser prices (goods bought from dealers): the national table "
            "shipped (BOK, producer prices) carries no trade or transport margins, so their "
            "amounts are treated as producer prices, which overstates the goods' own output "
            "by the margins; import a table with margins (impact tables import-bok) to split "
            "them",
            f"구매자가격 항목 {n}건(유통업체에서 사는 재화): 함께 제공하는 전국 표(한국은행, "
            "생산자가격)에는 도소매·운송 마진이 없어 금액을 생산자가격으로 보므로, 마진만큼 "
            "재화 자체의 생산유발이 과대 추정됩니다. 마진이 있는 표를 불러오면(impact tables "
            "import-bok) 나누어 계산합니다"))
    return out


def region_spellings(tables: Tables) -> dict[str, str]:
    """경북, 경상북도, Gyeongbuk, Gyeongsangbuk-do, North Gyeongsang... (case and spaces
    ignored) -> the table's short name; the aliases are the regions table's ``aliases``."""
    regions = tables.regions
    out = {}
    columns = [c for c in ("aliases", "name_en", "name_ko_full", "region") if c in regions]
    for column in columns:  # later columns win: a short name is never shadowed
        for names, short in zip(regions[column], regions["region"]):
            for name in str(names).split(";") if column == "aliases" else [names]:
                if name.strip():
                    out[squeeze(name)] = short
    return out


def resolve_region(value: Any, tables: Tables, file=None, line=None) -> str:
    """Map 경북, Gyeongbuk, gyeongbuk, 경상북도 or Gyeongsangbuk-do to the short name (경북)."""
    if isinstance(value, str):
        short = region_spellings(tables).get(squeeze(value))
        if short:
            return short
    raise BudgetError("unknown region; use one of " + ", ".join(tables.region_names)
                      + " (or the full or English name, e.g. 충청북도, Chungcheongbuk-do)",
                      file=file, line=line, field="region", value=value)


def _check_year(value, file, line, field_name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        raise BudgetError(f"must be a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}",
                          file=file, line=line, field=field_name, value=value)
    return int(value)


def _finite_number(value) -> bool:
    """A real number (not a bool) that fits a float and is finite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return bool(np.isfinite(float(value)))
    except OverflowError:
        return False


def _parameters(raw, file, line) -> dict[str, Parameter]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BudgetError("must be a mapping of name: value", file=file, line=line,
                          field="parameters", value=raw)
    params = {}
    for name, spec in raw.items():
        where = getattr(spec, "yaml_line", None) or line_of(raw, name) or line
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise BudgetError("parameter names are letters, digits and _", file=file,
                              line=where, field="parameters", value=name)
        spec = spec if isinstance(spec, dict) else {"value": spec}
        for key in spec:
            if key not in PARAMETER_FIELDS:
                raise BudgetError(unknown_field_message(key, PARAMETER_FIELDS),
                                  file=file, line=where, field=f"parameters.{name}.{key}",
                                  value=key)
        numbers = {}
        for key in ("value", "low", "high"):
            v = spec.get(key)
            if key == "value" or v is not None:
                if not _finite_number(v):
                    raise BudgetError("must be a finite number", file=file, line=where,
                                      field=f"parameters.{name}.{key}", value=v)
            numbers[key] = None if v is None else float(v)
        if (numbers["low"] is None) != (numbers["high"] is None) or (
                numbers["low"] is not None
                and not numbers["low"] <= numbers["value"] <= numbers["high"]):
            raise BudgetError("low and high must both be given, with low <= value <= high",
                              file=file, line=where, field=f"parameters.{name}",
                              value=[numbers["low"], numbers["value"], numbers["high"]])
        params[name] = Parameter(name=name, value=numbers["value"], low=numbers["low"],
                                 high=numbers["high"], note=str(spec.get("note", "") or ""),
                                 unit=str(spec.get("unit", "") or ""))
    return params


def _scenarios(raw, params, line_ids, file, line) -> dict[str, dict]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BudgetError("must be a mapping of scenario name: overrides", file=file,
                          line=line, field="scenarios", value=raw)
    out = {}
    for name, spec in raw.items():
        where = getattr(spec, "yaml_line", None) or line_of(raw, name) or line
        if not isinstance(spec, dict):
            raise BudgetError("must be a mapping (description, parameters, lines)", file=file,
                              line=where, field=f"scenarios.{name}", value=spec)
        for key in spec:
            if key not in SCENARIO_FIELDS:
                raise BudgetError(unknown_field_message(key, SCENARIO_FIELDS),
                                  file=file, line=where, field=f"scenarios.{name}.{key}",
                                  value=key)
        overrides = spec.get("parameters") or {}
        line_overrides = spec.get("lines") or {}
        for key, given in (("parameters", overrides), ("lines", line_overrides)):
            if not isinstance(given, dict):
                raise BudgetError("must be a mapping", file=file, line=where,
                                  field=f"scenarios.{name}.{key}", value=given)
        for pname, value in overrides.items():
            if pname not in params:
                raise BudgetError("unknown parameter", file=file, line=where,
                                  field=f"scenarios.{name}.parameters", value=pname)
            if not _finite_number(value):
                raise BudgetError("must be a finite number", file=file, line=where,
                                  field=f"scenarios.{name}.parameters.{pname}", value=value)
        for line_id, fields in line_overrides.items():
            if str(line_id) not in line_ids:
                raise BudgetError("unknown line id", file=file, line=where,
                                  field=f"scenarios.{name}.lines", value=line_id)
            if not isinstance(fields, dict) or any(k not in LINE_FIELDS or k == "id"
                                                   for k in fields):
                raise BudgetError("line overrides must map budget line fields to values",
                                  file=file, line=where, field=f"scenarios.{name}.lines.{line_id}",
                                  value=fields)
            for key, value in fields.items():
                _refuse_nan(value, "to keep the line's own value", file,
                            getattr(fields, "yaml_line", where),
                            f"scenarios.{name}.lines.{line_id}.{key}")
        out[str(name)] = {"description": str(spec.get("description", "") or ""),
                          "parameters": dict(overrides),
                          "lines": {str(k): dict(v) for k, v in line_overrides.items()}}
    return out


def _refuse_nan(value, leave_out: str, file, line, field: str) -> None:
    """BudgetError for a NaN written as a field's value (YAML ``.nan``).

    In the lines' frame NaN is a cell left empty: written, it would turn into the
    field's default (or the line's own value, in a scenario), or into another field's
    error, without a word.
    """
    if isinstance(value, float) and value != value:
        raise BudgetError(f"NaN is not a value: leave the field out {leave_out}", file=file,
                          line=line, field=field, value=value)


def line_of(data: Mapping, key=None):
    """The YAML line of ``key`` in ``data`` (of the mapping itself without a key)."""
    if key is not None and hasattr(data, "line_of"):
        return data.line_of(key)
    return getattr(data, "yaml_line", None)


def _header(data: Mapping, tables: Tables, file) -> dict:
    line = line_of(data)
    for key in data:
        if key not in PROJECT_FIELDS:
            raise BudgetError(unknown_field_message(key, list(PROJECT_FIELDS), PROJECT_FIELD_KO),
                              file=file, line=line_of(data, key), field=str(key), value=key)
    for key in ("id", "name", "region", "unit", "lines"):
        if data.get(key) is None:
            raise BudgetError("required field is missing", file=file, line=line_of(data, key),
                              field=key)
    pid = data["id"]
    if not isinstance(pid, str) or not ID_PATTERN.match(pid):
        raise BudgetError("id must be a slug: lowercase letters, digits, - and _ "
                          "(at most 64, starting with a letter or digit)", file=file,
                          line=line_of(data, "id"), field="id", value=pid)
    if not isinstance(data["name"], str) or not data["name"].strip():
        raise BudgetError("must be non-empty text", file=file, line=line_of(data, "name"),
                          field="name", value=data["name"])
    unit = resolve_unit(data["unit"])
    if unit is None:
        raise BudgetError(f"unknown unit; use one of {', '.join(UNITS_IN_MILLION_WON)} "
                          "(or 억, 백만, 천, 조)", file=file, line=line_of(data, "unit"),
                          field="unit", value=data["unit"])
    price_year = data.get("price_year")
    if price_year is not None:
        price_year = _check_year(price_year, file, line_of(data, "price_year"), "price_year")
    sources = data.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise BudgetError("must be a list of text", file=file, line=line_of(data, "sources"),
                          field="sources", value=sources)
    for key in ("description", "name_en"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise BudgetError("must be text", file=file, line=line_of(data, key), field=key,
                              value=data[key])
    return {"id": pid, "name": data["name"].strip(), "name_en": data.get("name_en") or "",
            "region": resolve_region(data["region"], tables, file, line_of(data, "region")),
            "unit": unit,
            "price_year": price_year, "description": (data.get("description") or "").strip(),
            "sources": tuple(sources)}


def project_from_mapping(data: Mapping, tables: Tables | None = None, file=None,
                         read_warnings: tuple[str, ...] = ()) -> Project:
    """Build a project from a parsed budget mapping (as read from YAML or a workbook);
    ``read_warnings`` are the reader's notes, kept first in the project's warnings."""
    tables = tables or load_tables()
    header = _header(data, tables, file)
    raw_lines = data["lines"]
    line = line_of(data)
    if not isinstance(raw_lines, list) or not raw_lines:
        raise BudgetError("must be a non-empty list of budget lines", file=file,
                          line=line_of(data, "lines"),
                          field="lines", value=raw_lines if not isinstance(raw_lines, list) else [])
    for i, raw in enumerate(raw_lines, start=1):
        if not isinstance(raw, dict):
            raise BudgetError("each budget line must be a mapping (item, amount, ...)",
                              file=file, line=line, field=f"lines[{i}]", value=raw)
        for key, value in raw.items():
            if not isinstance(key, str) or key not in LINE_FIELDS:
                raise BudgetError(unknown_field_message(key, list(LINE_FIELDS), LINE_FIELD_KO),
                                  file=file, line=getattr(raw, "yaml_line", line),
                                  field=f"lines[{i}].{key}", value=key)
            _refuse_nan(value, "for its default", file, getattr(raw, "yaml_line", line),
                        f"lines[{i}].{key}")
    specs = pd.DataFrame([dict(raw) for raw in raw_lines], dtype=object)
    specs["source_line"] = [getattr(raw, "yaml_line", i) for i, raw in
                            enumerate(raw_lines, start=1)]
    if header["price_year"] is None and ("price_year" not in specs
                                         or specs["price_year"].isna().any()):
        raise BudgetError("required field is missing (give it for the project or every line)",
                          file=file, line=line_of(data, "price_year"), field="price_year")
    params = _parameters(data.get("parameters"), file, line_of(data, "parameters"))
    # the ids lines will have: their own, or the default L01, L02, ... where none is given
    default_ids = default_line_ids(len(specs)).set_axis(specs.index)
    line_ids = set((specs["id"].where(specs["id"].notna(), default_ids) if "id" in specs
                    else default_ids).astype(str))
    scenarios = _scenarios(data.get("scenarios"), params, line_ids, file,
                           line_of(data, "scenarios"))
    base = Project(**header, lines=pd.DataFrame(), line_specs=specs, parameters=params,
                   scenarios=scenarios, source_file=None if file is None else str(file),
                   read_warnings=tuple(read_warnings))
    return _assemble(base, params, specs, tables, scenario=None)


def load_project(path: str | Path, tables: Tables | None = None) -> Project:
    """Read and validate a budget file: YAML, or an Excel workbook (``.xlsx``).

    Errors are :class:`~impact.errors.BudgetError` naming the file, the YAML line (or
    the sheet and cell), the field and the bad value.
    """
    if Path(path).suffix.lower() in EXCEL_SUFFIXES:
        from .excel_in import load_workbook_project  # openpyxl only when a workbook is read
        return load_workbook_project(path, tables=tables)
    data: LineDict = read_yaml_mapping(path)
    return project_from_mapping(data, tables=tables, file=str(path))


def project_from_frame(lines: pd.DataFrame, *, id: str, name: str, region: str,
                       price_year: int | None, unit: str | None = None,
                       parameters: Mapping[str, Any] | None = None,
                       tables: Tables | None = None, **header: Any) -> Project:
    """Build a project in code: ``lines`` has the columns of a budget line.

    ``unit`` is required (the amounts mean nothing without it): 원, 천원, 백만원, 억원 or 조원.

    >>> project_from_frame(pd.DataFrame({"item": ["building"], "category":
    ...     ["building_construction"], "amount": [100], "year": [2026],
    ...     "phase": ["construction"]}), id="demo", name="Demo", region="경북",
    ...     price_year=2025, unit="억원")  # doctest: +ELLIPSIS
    Project(id='demo', ...)
    """
    if unit is None:
        raise BudgetError("required: give unit= (원, 천원, 백만원, 억원 or 조원), the unit the "
                          "amounts are written in", field="unit")
    tables = tables or load_tables()
    data = {"id": id, "name": name, "region": region, "unit": unit, "price_year": price_year,
            "lines": [{}], "parameters": parameters, **header}
    meta = _header(data, tables, file=None)
    params = _parameters(parameters, None, None)
    specs = lines.reset_index(drop=True)
    base = Project(**meta, lines=pd.DataFrame(), line_specs=specs, parameters=params)
    return _assemble(base, params, specs, tables, scenario=None)
