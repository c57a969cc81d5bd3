"""A project written back out (DataFrame, YAML) loads as the same project and estimate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

import impact
from impact.reporting import prepare

from .conftest import PROJECTS


def _same_estimate(a, b, tables):
    pd.testing.assert_frame_equal(impact.estimate(a, tables=tables).totals(),
                                  impact.estimate(b, tables=tables).totals())


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_yaml_round_trip_gives_the_same_estimate_and_scenarios(path, tables, tmp_path):
    project = impact.load_project(path, tables=tables)
    again = impact.load_project(project.to_yaml(tmp_path / "again.yaml"), tables=tables)
    _same_estimate(project, again, tables)
    book = impact.load_project(project.to_excel(tmp_path / "again.xlsx", tables=tables),
                               tables=tables)
    _same_estimate(project, book, tables)
    for name in project.scenarios:
        _same_estimate(project.with_scenario(name, tables), book.with_scenario(name, tables),
                       tables)
    assert again.parameter_values() == project.parameter_values()
    assert list(again.scenarios) == list(project.scenarios)
    for name in project.scenarios:
        _same_estimate(project.with_scenario(name, tables), again.with_scenario(name, tables),
                       tables)
    assert (again.name, again.region, again.unit, again.price_year) == \
        (project.name, project.region, project.unit, project.price_year)


def test_edited_lines_round_trip(tables, tmp_path):
    project = impact.load_project(PROJECTS[0], tables=tables)
    frame = project.to_frame()
    assert "source_line" not in frame and len(frame) == len(project.lines)
    row = frame.index[frame["amount"].map(lambda v: isinstance(v, (int, float)))][0]
    frame.loc[row, "amount"] = float(frame.loc[row, "amount"]) * 2
    edited = project.with_lines(frame, tables=tables)
    base_total = impact.estimate(project, tables=tables).input_summary()["as_written"]
    edited_total = impact.estimate(edited, tables=tables).input_summary()["as_written"]
    added = float(project.line_specs.loc[row, "amount"]) * project.unit_in_million_won
    assert edited_total == pytest.approx(base_total + added)  # the edit, by hand
    again = impact.load_project(edited.to_yaml(tmp_path / "edited.yaml"), tables=tables)
    _same_estimate(edited, again, tables)


def test_sector_codes_stay_quoted_text(tables, tmp_path):
    lines = pd.DataFrame({"item": ["works"], "sector": ["05"], "amount": [10.0], "in_region_share": [0.5],
                          "year": [2026], "phase": ["construction"]})
    project = impact.project_from_frame(lines, id="codes", name="Codes", region="경북",
                                        price_year=2025, unit="억원", tables=tables)
    path = project.to_yaml(tmp_path / "codes.yaml")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["lines"][0]["sector"] == "05"
    _same_estimate(project, impact.load_project(path, tables=tables), tables)


def test_prepare_takes_a_project_and_a_scenario(tables):
    project = impact.load_project(PROJECTS[0], tables=tables)
    name = next(iter(project.scenarios))
    data = prepare(project, draws=20, tables=tables, scenario=name)
    expected = impact.estimate(project.with_scenario(name, tables), tables=tables).totals()
    np.testing.assert_allclose(data.result.totals().to_numpy(), expected.to_numpy())
    from impact.reporting import provenance
    prov = provenance(data)
    assert prov["report_parameters"]["scenario"] == name
    assert prov["report_parameters"]["project_file"].startswith("<in memory")
    assert len(prov["budget_file_sha256"]) == 64


def test_workbench_notebook_runs_from_a_fresh_kernel(tmp_path, tables):
    import json

    import nbformat

    from .conftest import run_notebook
    saved, xlsx = tmp_path / "edited.yaml", tmp_path / "edited-results.xlsx"
    book = tmp_path / "edited-budget.xlsx"
    out = tmp_path / "workbench.ipynb"
    run_notebook("workbench.ipynb", out, {"project_file": str(PROJECTS[0]),
                                          "save_to": str(saved), "results_to": str(xlsx),
                                          "save_xlsx_to": str(book), "draws": 20})
    text = json.dumps([c.get("outputs", []) for c in nbformat.read(out, as_version=4).cells],
                      ensure_ascii=False)
    assert "reloading it gives the same estimate" in text and "생산유발" in text
    base = impact.estimate(impact.load_project(PROJECTS[0], tables=tables), tables=tables)
    edited = impact.estimate(impact.load_project(saved, tables=tables), tables=tables)
    # the notebook adds 2억원 a year for 2027-2031 as written: 5 x 200 백만원
    assert edited.input_summary()["as_written"] - base.input_summary()["as_written"] == \
        pytest.approx(1000.0)
    assert xlsx.read_bytes()[:2] == b"PK"
    assert "reading the workbook gives the same estimate" in text
    from_book = impact.estimate(impact.load_project(book, tables=tables), tables=tables)
    pd.testing.assert_frame_equal(from_book.totals(), edited.totals())
