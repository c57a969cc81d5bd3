"""A project written back out: its lines as a DataFrame, the whole budget as YAML or Excel.

What is written is the budget AS WRITTEN (``Project.line_specs``: amounts in the
project's unit and price years, parameter references such as ``=fund_size * 0.5``
kept), with its parameters and scenarios, so that loading the file gives the same
project and the same estimate.  Files are written atomically.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

INTERNAL_COLUMNS = ("source_line",)  # added by the loader, not a budget field
HEADER_ORDER = ("id", "name", "name_en", "region", "price_year", "unit", "description",
                "sources")


def _plain(value: Any) -> Any:
    """numpy scalars -> Python; NaN/None/NA -> None; containers recursively."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def project_to_frame(project) -> pd.DataFrame:
    """The budget lines as written, one row per line (edit it, then ``project.with_lines``)."""
    specs = project.line_specs.drop(columns=[c for c in INTERNAL_COLUMNS
                                             if c in project.line_specs], errors="ignore")
    return specs.reset_index(drop=True).copy()


def _lines(frame: pd.DataFrame) -> list[dict]:
    out = []
    for record in frame.to_dict("records"):
        line = {k: _plain(v) for k, v in record.items() if k not in INTERNAL_COLUMNS}
        out.append({k: v for k, v in line.items() if v is not None and v != {}})
    return out


def project_to_mapping(project) -> dict:
    """The budget file's contents as a plain dict (what :func:`project_to_yaml` writes)."""
    header = {"id": project.id, "name": project.name, "name_en": project.name_en,
              "region": project.region, "price_year": project.price_year,
              "unit": project.unit, "description": project.description,
              "sources": list(project.sources)}
    data = {k: _plain(header[k]) for k in HEADER_ORDER if header[k] not in (None, "", [])}
    if project.parameters:
        data["parameters"] = {
            name: {k: _plain(getattr(p, k)) for k in ("value", "unit", "low", "high", "note")
                   if getattr(p, k) not in (None, "")}
            for name, p in project.parameters.items()}
    if project.scenarios:
        data["scenarios"] = _plain(dict(project.scenarios))
    data["lines"] = _lines(project.line_specs)
    return data


def project_to_yaml(project, path: str | Path) -> Path:
    """Write the project as a YAML budget file at ``path`` (atomically)."""
    from .reporting.atomic import atomic_write_text
    text = yaml.safe_dump(project_to_mapping(project), allow_unicode=True, sort_keys=False,
                          width=100)
    return atomic_write_text(path, text)


def project_to_excel(project, path: str | Path, tables=None) -> Path:
    """Write the project as a budget workbook (the layout ``impact template`` writes and
    :mod:`impact.excel_in` reads), atomically."""
    from .excel_template import write_budget_workbook
    return write_budget_workbook(project_to_mapping(project), path, tables)
