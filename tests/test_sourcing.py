"""Where purchases are made: import shares, supplier regions, and what each does to effects.

Figures are checked by hand against the raw tables: BOK's multiplier CSV (jobs per
10억원), the national table's import shares quoted in the issue (computers 0.338), and
2020 GRDP.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import impact
from impact.cli import main
from impact.errors import BudgetError


def project(tables, rows, region="충북"):
    base = {"item": "x", "amount": 10.0, "year": 2021, "phase": "construction",
            "price_year": 2020}
    return impact.project_from_frame(pd.DataFrame([{**base, **r} for r in rows]), id="src",
                                     name="Sourcing", region=region, price_year=2020,
                                     unit="억원", tables=tables)


def nationwide(tables, region, code, measure):
    m = tables.multipliers.set_index(["region", "sector_code"]).loc[(region, code)]
    return m[f"{measure}_in_region"] + m[f"{measure}_other_regions"]


def test_default_import_share_is_the_national_tables(tables):
    p = project(tables, [{"sector": "34", "in_region_share": 0.1}])
    line = p.lines.iloc[0]
    assert line["import_share"] == pytest.approx(0.338, abs=5e-4)  # BOK 2020, 9190 imports/total
    assert "national" in line["import_share_basis"] and "34" in line["import_share_basis"]
    building = project(tables, [{"sector": "50", "in_region_share": 1.0}])
    assert building.lines.iloc[0]["import_share"] == 0.0


def test_category_import_share_and_the_cap(tables):
    it = project(tables, [{"category": "it_hardware"}]).lines.iloc[0]
    assert it["import_share"] == 0.8 and it["import_share_basis"].startswith("category")
    capped = project(tables, [{"sector": "34", "in_region_share": 0.9}]).lines.iloc[0]
    assert capped["import_share"] == pytest.approx(0.1) and "capped" in capped["import_share_basis"]


@pytest.mark.parametrize("row,field,message", [
    ({"sector": "34", "in_region_share": 0.7, "import_share": 0.5}, "import_share", "exceed 1"),
    ({"sector": "34", "in_region_share": 0.1, "import_share": 1.2}, "import_share", "between"),
    ({"sector": "34", "in_region_share": 0.1, "import_share": "many"}, "import_share", "number"),
    ({"sector": "34", "in_region_share": 0.1, "import_share": 0.3,
      "import_share_range": [0.4, 0.6]}, "import_share_range", "contain"),
    ({"sector": "62", "in_region_share": 0.5, "supplied_from": "Atlantis"}, "supplied_from",
     "unknown region"),
    ({"sector": "62", "in_region_share": 0.5, "supplied_from": {"경기": -1}}, "supplied_from",
     "positive"),
    ({"sector": "62", "in_region_share": 0.5, "supplied_from": "충청북도"}, "supplied_from",
     "own region"),
])
def test_bad_sourcing_fields_name_line_field_and_value(tables, row, field, message):
    with pytest.raises(BudgetError, match=message) as info:
        project(tables, [{"item": "ok", "sector": "50", "in_region_share": 1.0}, row])
    assert info.value.field == f"lines[2].{field}"


def test_supplied_from_uses_the_named_regions_multipliers(tables):
    row = {"sector": "62", "in_region_share": 0.5, "import_share": 0.1}
    named = impact.estimate(project(tables, [{**row, "supplied_from": "Gyeonggi"}]),
                            tables=tables)
    split = impact.estimate(project(tables, [{**row, "supplied_from": {"경기": 3, "서울": 1}}]),
                            tables=tables)
    d_other = 10.0 * 100 * 0.4  # 백만원 bought in other regions
    via = named.by_source().loc[("other_region_purchases", "output"), "other_regions"]
    assert via == pytest.approx(d_other * nationwide(tables, "경기", "62", "output"))
    via = split.by_source().loc[("other_region_purchases", "jobs"), "other_regions"]
    assert via == pytest.approx(d_other / 1000 * (0.75 * nationwide(tables, "경기", "62", "jobs")
                                                  + 0.25 * nationwide(tables, "서울", "62", "jobs")))


def test_supplier_that_does_not_produce_the_sector_falls_back_with_a_warning(tables):
    produced = tables.multipliers.set_index(["region", "sector_code"])["produced_in_region"]
    code, absent = next((c, r) for (r, c), made in produced.items()
                        if str(made) == "False" and r != "충북"
                        and str(produced[("충북", c)]) == "True")
    p = project(tables, [{"sector": code, "in_region_share": 0.2, "import_share": 0.0,
                          "supplied_from": absent}])
    assert p.warnings == (f"line L01 (x): sector {code}: no region in supplied_from "
                          "produced it in 2020; the other regions that did (GRDP-weighted) "
                          "supply it",)
    default = project(tables, [{"sector": code, "in_region_share": 0.2, "import_share": 0.0}])
    np.testing.assert_allclose(impact.estimate(p, tables=tables).totals().to_numpy(),
                               impact.estimate(default, tables=tables).totals().to_numpy())
    found = {f.rule for f in impact.check_project(p, tables)}
    assert "supplier_not_producing" in found


def test_a_sector_not_produced_in_the_region_is_bought_in_other_regions(tables):
    produced = tables.multipliers.set_index(["region", "sector_code"])["produced_in_region"]
    code = next(c for (r, c), made in produced.items() if r == "충북" and str(made) == "False")
    r = impact.estimate(project(tables, [{"sector": code, "in_region_share": 0.6,
                                          "import_share": 0.1}]), tables=tables)
    inp = r.input_summary()
    assert inp["in_region_final_demand"] == 0
    assert inp["other_regions_final_demand"] == pytest.approx(10.0 * 100 * 0.9)
    assert r.totals().loc["output", "in_region"] == 0 and r.totals().loc["output", "total"] > 0


def test_import_share_range_is_drawn_and_moves_the_nationwide_total(tables):
    p = project(tables, [{"sector": "34", "in_region_share": 0.05, "import_share": 0.5,
                          "import_share_range": [0.3, 0.9]}])
    sim = impact.simulate(p, draws=2_000, seed=7, tables=tables)
    drawn = sim.inputs["import share, L01"]
    assert drawn.between(0.3, 0.9).all() and drawn.std() > 0.05
    corr = sim.tornado.query("measure == 'output' and scope == 'total'").set_index("input")
    assert corr.loc["L01", "rank_corr"] < -0.9  # more imported, less effect in Korea


def test_json_carries_nationwide_totals_sources_and_imports(tmp_path, capsys, tables):
    path = tmp_path / "b.yaml"
    path.write_text("""id: b
name: B
region: 충북
price_year: 2020
unit: 억원
lines:
  - item: software
    sector: "62"
    amount: 10
    year: 2021
    phase: construction
    in_region_share: 0.5
    import_share: 0.1
""", encoding="utf-8")
    assert main(["estimate", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)[0]
    assert out["input"]["imported"] == pytest.approx(100.0)
    assert out["input"]["other_regions_final_demand"] == pytest.approx(400.0)
    assert out["input"]["in_region_final_demand"] == pytest.approx(500.0)
    output = out["totals"]["output"]
    assert output["total"] == pytest.approx(output["in_region"] + output["other_regions"])
    via = out["by_source"]["other_region_purchases"]["output"]
    own = out["by_source"]["in_region_purchases"]["output"]
    assert via["in_region"] == 0
    assert own["total"] + via["total"] == pytest.approx(output["total"])
    m = tables.multipliers.set_index(["region", "sector_code"]).loc[("충북", "62")]
    assert own["in_region"] == pytest.approx(500.0 * m["output_in_region"])
