"""Charts of uncertainty bands and tornado swings: labels, units and the values drawn."""

from __future__ import annotations

import pytest

import impact
from impact.charts.economics import bands_chart, tornado_chart
from impact.uncertainty import simulate

from .conftest import ROOT


@pytest.fixture(scope="module")
def sim(tables):
    project = impact.load_project(ROOT / "projects" / "chungbuk-ai-simulation-center.yaml",
                                  tables=tables)
    return simulate(project, draws=1_000, seed=21, tables=tables)


def datasets(spec):
    return [row for data in spec["datasets"].values() for row in data]


def test_bands_chart_korean_by_default_english_on_request(sim):
    ko, en = bands_chart(sim).to_dict(), bands_chart(sim, lang="en").to_dict()
    assert "불확실성" in ko["title"]["text"] and "억원" in str(ko)
    assert "Uncertainty" in en["title"]["text"] and "KRW 100M" in str(en)
    assert any("시드 21" in line for line in ko["title"]["subtitle"])


def test_bands_chart_plots_the_bands_in_eok(sim):
    rows = datasets(bands_chart(sim).to_dict())
    bands = sim.bands().set_index(["measure", "scope"])
    output = [r for r in rows if r["measure"] == "output" and r["scope"] == "total"][0]
    assert output["p10"] == pytest.approx(bands.loc[("output", "total"), "p10"] / 100)
    jobs = [r for r in rows if r["measure"] == "jobs_adjusted" and r["scope"] == "total"][0]
    assert jobs["p90"] == pytest.approx(bands.loc[("jobs_adjusted", "total"), "p90"])
    assert str(sim.reporting_year) in jobs["row"]


def test_tornado_chart_shows_the_largest_swings_first(sim):
    spec = tornado_chart(sim, "output", top=2).to_dict()
    rows = datasets(spec)
    t = sim.tornado.query("measure == 'output' and scope == 'total' and swing > 0").head(2)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == t["label_ko"].tolist()
    lows = {r["input"]: r["value"] for r in rows if r.get("case") == "가정의 P10"}
    assert lows[t["label_ko"].iloc[0]] == pytest.approx(t["at_low"].iloc[0] / 100)
    en = tornado_chart(sim, "jobs_adjusted", lang="en").to_dict()
    assert "adjusted to" in en["title"]["text"]


@pytest.mark.parametrize("kwargs", [{"lang": "fr"}, {"measure": "profit"}, {"scope": "abroad"}])
def test_bad_arguments_are_refused(sim, kwargs):
    with pytest.raises(ValueError):
        tornado_chart(sim, **kwargs)
