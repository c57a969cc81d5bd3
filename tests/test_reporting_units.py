"""Report building blocks without papermill: sections, escaping, atomic writes, index, notebooks."""

from __future__ import annotations

import json
import os
import re

import jupytext
import nbformat
import numpy as np
import pytest

import impact
from impact.prices import to_prices_of
from impact.reporting import atomic, headline, index, money_basis, prepare, provenance
from impact.reporting import htmlout as h
from impact.reporting import multipliers as mult
from impact.reporting import sections
from impact.reporting.render import Outcome

from .conftest import ROOT

EVIL = "<script>alert(1)</script>"
NOTEBOOKS = ["impact_report", "explore_multipliers", "workbench"]
FEW_DRAWS = 200


@pytest.fixture(scope="module")
def data(tables):
    # the draws are not what these tests are about: few, to keep the suite fast
    return prepare(ROOT / "projects" / "pohang-data-center.yaml", tables=tables, draws=FEW_DRAWS)


def test_money_basis_uses_the_price_index(tables):
    assert money_basis(tables).factor == 1.0
    basis = money_basis(tables, 2027)
    assert basis.factor == pytest.approx(to_prices_of(tables, 1.0, 2027))
    assert basis.status == "projected" and "2027" in basis.label()
    assert money_basis(tables, 2023).status != "projected"


def test_council_summary_matches_the_estimate(data):
    t = data.result.totals()
    frame = sections.council_frame(data)
    assert list(frame["구분"]) == ["생산유발", "부가가치유발", "취업유발"]
    share = 100 * t.loc["jobs", "in_region"] / t.loc["jobs", "total"]
    assert frame.loc[2, "지역내 비중"] == f"{share:.1f}%"
    assert frame.loc[2, "전국"] == f"{t.loc['jobs', 'total']:,.0f}명"
    assert "조" in frame.loc[0, "전국"]  # trillions shown as 조원


def test_reporting_price_year_rescales_money_not_jobs(tables):
    path = ROOT / "projects" / "pohang-ai-fund.yaml"
    base = headline(prepare(path, tables=tables, draws=FEW_DRAWS))
    later = headline(prepare(path, report_price_year=2027, tables=tables, draws=FEW_DRAWS))
    factor = to_prices_of(tables, 1.0, 2027)
    assert later["output_total"] == pytest.approx(base["output_total"] * factor)
    assert later["jobs_total"] == pytest.approx(base["jobs_total"])
    assert later["parameters_sha256"] != base["parameters_sha256"]


def test_sections_cover_every_line_sector_region_and_scenario(data):
    assert len(sections.lines_frame(data)) == len(data.result.lines)
    assert len(sections.excluded_frame(data)) == len(data.result.excluded())
    assert len(sections.regions_frame(data)) == 17
    assert sections.regions_frame(data)["지역"].str.endswith("★").sum() == 1
    assert len(sections.scenarios_frame(data)) == 1 + len(data.project.scenarios)
    assert len(sections.sectors_frame(data)) == data.top_n
    assert set(sections.phases_frame(data)["단계"]) == {"건설", "운영"}
    html = sections.method_html(data)
    from impact.reporting.words import LIMITS_KO
    assert all(h.esc(limit) in html for limit in LIMITS_KO)  # a Korean report's limits


def test_provenance_names_tables_checksums_and_hashes_parameters(data):
    prov = provenance(data)
    assert prov["version"] == impact.__version__
    assert prov["tables"]["multipliers_bok2020"]["sha256"] == \
        data.tables.manifests["multipliers_bok2020"]["sha256"]
    changed = data.project.with_parameters(tables=data.tables,
                                           electricity_in_region_share=0.5)
    other = provenance(type(data)(**{**data.__dict__, "project": changed}))
    assert other["parameters_sha256"] != prov["parameters_sha256"]


def test_html_helpers_escape_text():
    assert EVIL not in h.table(__import__("pandas").DataFrame({"item": [EVIL]}))
    assert EVIL not in h.para(EVIL) + h.heading(EVIL) + h.bullets([EVIL])
    assert "&lt;script&gt;" in h.link("x.html", EVIL)
    assert "'" not in h.esc("a'b") and '"' not in h.esc('a"b')


def test_index_escapes_and_lists_failures(tmp_path):
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "headline.json").write_text(json.dumps({
        "id": "evil", "name": EVIL, "name_en": EVIL, "region": "경북", "price_basis": "2020",
        "input_total": 100.0, "output_total": 200.0, "output_in_region": 150.0,
        "value_added_total": 80.0, "value_added_in_region": 30.0, "jobs_total": 3.0,
        "jobs_in_region": 2.0,
        "made_at": "now", "version": "0", "charts": {"effects": {"png": "charts/e.png"}}}))
    failed = Outcome(str(tmp_path / "bad.yaml"), False, 1.0, error=f"BudgetError: {EVIL}")
    page = index.index_html(tmp_path, [failed])
    assert EVIL not in page and page.count("&lt;script&gt;") >= 3
    assert "evil/report.html" in page and "evil/charts/e.png" in page
    assert "FAILED" in page and "bad.yaml" in page
    # nationwide next to in-region for each measure (200 and 150 백만원 = 2.0 and 1.5억원)
    assert "2.0억원 nationwide<br>1.5억원 in region" in page
    assert "0.8억원 nationwide<br>0.3억원 in region" in page
    assert "3명 nationwide<br>2명 in region" in page
    # every row as wide as the header: the report's row, and the failure spanning the rest
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", page).group(1).count("<th>")
    report_row = re.search(r"<tr><td>.*?</tr>", page).group(0)
    assert report_row.count("<td") == header == 8
    assert "<td colspan='7'>FAILED" in page
    assert "made now · impact 0" in report_row  # when and by what, under the name


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    atomic.atomic_write_text(target, "good")
    monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk")))
    with pytest.raises(OSError):
        atomic.atomic_write_text(target, "half")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~atomic.UMASK)


def test_replace_dir_swaps_whole_folders_and_stale_builds_are_cleaned(tmp_path):
    final = tmp_path / "p"
    final.mkdir()
    (final / "old.txt").write_text("old")
    new = atomic.build_dir(tmp_path, "p")
    (new / "new.txt").write_text("new")
    atomic.replace_dir(new, final)
    assert [p.name for p in final.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]
    dead = tmp_path / f"{atomic.BUILD_PREFIX}q-999999999-abc"   # a pid that cannot exist
    dead.mkdir()
    aside = tmp_path / f"{atomic.TRASH_PREFIX}r-999999999-abc"  # killed between renames
    aside.mkdir()
    live = atomic.build_dir(tmp_path, "s")                      # this process: kept
    atomic.clean_stale(tmp_path)
    assert not dead.exists() and (tmp_path / "r").is_dir() and live.is_dir()


def test_multiplier_views(tables):
    matrix = mult.multiplier_matrix(tables, "jobs", "total")
    assert matrix.shape == (83, 17)
    produced = tables.multipliers.set_index(["region", "sector_code"])["produced_in_region"]
    assert matrix.isna().sum().sum() == int((~produced).sum())
    top = mult.top_sectors(tables, "경북", "output", "in_region", n=5)
    assert top["output_in_region"].is_monotonic_decreasing and len(top) == 5
    row = mult.sector_across_regions(tables, "50")
    np.testing.assert_allclose(row["output_total"],
                               row["output_in_region"] + row["output_other_regions"])
    with pytest.raises(ValueError):
        mult.top_sectors(tables, "Atlantis")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_paired_and_stored_without_outputs(name):
    ipynb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    script = jupytext.read(ROOT / "notebooks" / f"{name}.py")
    assert [c.source for c in ipynb.cells] == [c.source for c in script.cells]
    code = [c for c in ipynb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])


def test_report_notebook_leaves_places_for_later_sections():
    text = (ROOT / "notebooks" / "impact_report.py").read_text(encoding="utf-8")
    headings = re.findall(r"^# ## (.+)$", text, flags=re.M)
    for wanted in ("Uncertainty bands", "Jobs in the reporting year", "Assumptions check",
                   "Method and limits", "Provenance", "Scenarios side by side"):
        assert any(wanted in heading for heading in headings), wanted
    assert os.path.getsize(ROOT / "notebooks" / "impact_report.ipynb") < 20_000


def test_project_files_all_and_missing_folder(tmp_path):
    from impact.reporting.batch import project_files
    seeds = project_files([ROOT / "projects" / "pohang-ai-fund.yaml"], all_projects=True,
                          projects_dir=ROOT / "projects")
    assert sorted(p.name for p in seeds) == sorted(p.name for p in
                                                   (ROOT / "projects").glob("*.yaml"))
    with pytest.raises(impact.BudgetError, match="no projects folder"):
        project_files(all_projects=True, projects_dir=tmp_path / "nowhere")


def test_report_notebook_defaults_are_the_library_defaults():
    """`impact report` without --draws/--seed leaves them to the notebook: they must be
    data.DEFAULT_DRAWS and DEFAULT_SEED, and the command's process imports no numerics
    (not even pandas: its kernel starts before anything slow is imported)."""
    import subprocess
    import sys

    from impact.reporting.data import DEFAULT_DRAWS, DEFAULT_SEED
    params = {}
    text = (ROOT / "notebooks" / "impact_report.py").read_text(encoding="utf-8")
    cell = text.split('# %% tags=["parameters"]', 1)[1].split("# %%", 1)[0]
    exec(cell, {}, params)  # the parameters cell: literals only
    assert (params["draws"], params["seed"]) == (DEFAULT_DRAWS, DEFAULT_SEED)
    code = ("import sys, impact.cli, impact.reporting.batch; "
            "print(sorted(m for m in ('scipy', 'altair', 'impact.uncertainty', 'pandas', 'numpy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "[]"
