"""The seed projects load and estimate; the CLI keeps its JSON contract and error format."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import impact
from impact.cli import main

from .conftest import PROJECTS, ROOT

SEED_IDS = {"pohang-data-center", "pohang-ai-fund", "chungbuk-ai-simulation-center"}


def test_seed_projects_are_shipped():
    assert SEED_IDS <= {p.stem for p in PROJECTS}


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_project_loads_and_estimates(path, tables):
    project = impact.load_project(path, tables=tables)
    assert project.id == path.stem
    result = impact.estimate(project, tables=tables)
    t = result.totals()
    assert (t["total"] > 0).all()  # the figures themselves: tests/test_goldens.py
    # every line's assumption is written down
    assert (project.lines["note"].str.len() > 0).all()
    for name in project.scenarios:
        scenario = impact.estimate(project, tables=tables, scenario=name)
        assert scenario.project.scenario == name


def test_data_center_budget_matches_public_figures(tables):
    p = impact.load_project(ROOT / "projects" / "pohang-data-center.yaml", tables=tables)
    build = p.lines[p.lines["phase"] == "construction"]
    assert build["amount"].sum() == pytest.approx(15_200)
    dc = build[build["line_id"].str.startswith("dc-")]["amount"].sum()
    cls = build[build["line_id"].str.startswith("cls-")]["amount"].sum()
    assert dc == pytest.approx(12_000) and cls == pytest.approx(3_000)
    assert "land_purchase" in set(p.lines.loc[p.lines["exclude"] != "", "category"])


def test_chungbuk_budget_sums_to_267_8(tables):
    p = impact.load_project(ROOT / "projects" / "chungbuk-ai-simulation-center.yaml",
                            tables=tables)
    build = p.lines[p.lines["phase"] == "construction"]
    assert build["amount"].sum() == pytest.approx(267.8)


def test_fund_commitment_and_loans_are_excluded_and_only_spending_counts(tables):
    p = impact.load_project(ROOT / "projects" / "pohang-ai-fund.yaml", tables=tables)
    excluded = p.lines[p.lines["exclude"] != ""]
    assert set(excluded["category"]) == {"fund_commitment", "loan"}
    assert excluded["amount"].sum() == pytest.approx(2000)
    r = impact.estimate(p, tables=tables)
    more = impact.estimate(p.with_parameters(loan_additionality=0.6), tables=tables)
    assert more.totals().loc["output", "total"] > r.totals().loc["output", "total"]


def test_cli_json_shape(capsys):
    paths = [str(p) for p in PROJECTS]
    assert main(["estimate", "--format", "json", *paths]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == len(paths)
    for obj in data:
        assert obj["price_year_of_results"] == 2020
        assert {"id", "region", "input", "totals", "excluded"} <= set(obj)
        assert {"total", "excluded"} <= set(obj["input"])
        assert set(obj["totals"]) == {"output", "value_added", "jobs"}
        for measure in obj["totals"].values():
            assert set(measure) == {"in_region", "other_regions", "total"}
        golden = json.loads((ROOT / "tests" / "golden" / f"{obj['id']}.json")
                            .read_text("utf-8"))["figures"]
        for m, scopes in golden["totals"].items():  # JSON prints the golden figures
            for s, value in scopes.items():
                assert obj["totals"][m][s] == pytest.approx(value, rel=1e-9)
        for ex in obj["excluded"]:
            assert ex["reason"]


def test_cli_csv_and_table(capsys):
    assert main(["estimate", "--format", "csv", str(PROJECTS[0])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("\ufeffrecord,id,region,measure,scope,value,unit,price_year")
    assert sum(line.startswith("effect,") for line in out) == 9
    assert main(["estimate", str(PROJECTS[0])]) == 0
    assert "생산유발" in capsys.readouterr().out


def test_cli_error_is_one_line_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: X\nregion: Mars\nprice_year: 2025\nunit: 억원\nlines: []\n",
                   encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "impact.cli", "estimate", str(bad)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.yaml" in lines[0] and "region" in lines[0] \
        and "'Mars'" in lines[0]
    assert proc.stdout == ""


def test_cli_missing_file(tmp_path, capsys):
    assert main(["estimate", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err
