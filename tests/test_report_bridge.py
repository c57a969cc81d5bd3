"""The report's bridge, reference indicators and GRDP sections: figures against the estimate's
own totals and hand arithmetic, both languages, another price basis, the waterfall chart."""

from __future__ import annotations

import pytest

import impact
from impact.bridge import at_prices
from impact.charts.bridge import bridge_chart, waterfall_frame
from impact.prices import to_prices_of
from impact.reporting import bridge_view, indicators_view, prepare, sections
from impact.units import format_won, format_won_lang

from .conftest import ROOT

FEW_DRAWS = 50
PROJECT = ROOT / "projects" / "pohang-data-center.yaml"


@pytest.fixture(scope="module")
def data(tables):
    return prepare(PROJECT, tables=tables, draws=FEW_DRAWS)


@pytest.fixture(scope="module")
def data_en_2027(tables):
    return prepare(PROJECT, tables=tables, draws=FEW_DRAWS, lang="en", report_price_year=2027)


def test_bridge_table_starts_conventional_and_ends_at_ours(data, tables):
    conv = impact.estimate(data.project, tables=tables, basis="conventional").totals()
    ours = data.result.totals()
    frame = bridge_view.bridge_frame(data)
    assert frame.iloc[0]["생산유발 전국"] == format_won(conv.loc["output", "total"])
    assert frame.iloc[-1]["생산유발 지역내"] == format_won(ours.loc["output", "in_region"])
    assert frame.iloc[-1]["취업유발 전국"] == f"{ours.loc['jobs', 'total']:,.0f}명"
    assert frame.iloc[1]["생산유발 전국"].startswith("-")  # prices rose since 2020: a cut


def test_sentences_carry_the_steps_figures(data):
    sentences = bridge_view.bridge_sentences(data)
    assert len(sentences) == 6
    inp = data.result.input_summary()
    assert format_won(inp["imported"]) in sentences[2]
    assert format_won(inp["other_regions_final_demand"]) in sentences[3]
    assert format_won(data.result.totals().loc["output", "total"]) in sentences[-1]
    assert "PIMAC" not in "".join(sentences)


def test_bridge_at_another_price_basis_still_adds_up(data_en_2027):
    d = data_en_2027
    factor = to_prices_of(d.tables, 1.0, 2027)
    raw = d.result.bridge()
    b = at_prices(raw, factor)
    ours = d.result.totals()
    for m in ("output", "value_added", "jobs"):
        rows = b[b["measure"] == m]
        scale = 1.0 if m == "jobs" else factor
        assert rows["total"].iloc[:-1].sum() == pytest.approx(rows["total"].iloc[-1])
        assert rows["total"].iloc[-1] == pytest.approx(scale * ours.loc[m, "total"])
        assert rows["total"].iloc[0] == raw[raw["measure"] == m]["total"].iloc[0]
    assert "KRW" in bridge_view.bridge_frame(d).iloc[0]["Output Nationwide"]
    assert "conventional figure" in bridge_view.bridge_sentences(d)[0]


def test_waterfall_bars_run_from_conventional_to_ours(data):
    b = data.result.bridge()
    w = waterfall_frame(b, "output", "total")
    conv = b[(b["measure"] == "output") & (b["step"] == "conventional")]["total"].iloc[0]
    assert w["start"].iloc[1] == conv
    assert list(w["end"].iloc[1:-1]) == pytest.approx(list(w["start"].iloc[2:-1])
                                                       + [w["end"].iloc[-1]])
    assert w["end"].iloc[-1] == pytest.approx(data.result.totals().loc["output", "total"])
    assert list(w["kind"]) == ["figure", "down", "down", "down", "up", "figure"]
    spec = bridge_chart(b, "jobs", "en").to_dict()
    assert spec["title"]["text"].endswith("Jobs")


def test_council_summary_gives_the_ratio_in_the_region_and_nationwide(data):
    t = data.result.totals()
    total_input = data.result.input_summary()["total"]
    frame = sections.council_frame(data)
    assert frame.loc[0, "투입 대비 (지역내)"] == f"{t.loc['output', 'in_region'] / total_input:.2f}배"
    assert frame.loc[0, "투입 대비 (전국)"] == f"{t.loc['output', 'total'] / total_input:.2f}배"
    assert {"지역내", "타지역", "전국", "지역내 비중"} <= set(frame.columns)


def test_excluded_lines_beside_the_bridge_with_their_amounts(tables):
    d = prepare(ROOT / "projects" / "pohang-ai-fund.yaml", tables=tables, draws=FEW_DRAWS)
    ex = d.result.excluded()
    assert len(ex)  # the fund's commitment and transfers are not final demand
    html = bridge_view.bridge_html(d)
    assert format_won(ex["amount_2020"].sum()) in html
    for item in ex["item"]:
        assert item.replace("&", "&amp;").replace("<", "&lt;") in html


def test_indicator_tables_are_labelled_national_ratios_and_sensitivity(data, data_en_2027):
    types = indicators_view.types_frame(data)
    assert list(types["구분"]) == ["생산유발", "부가가치유발", "취업유발", "소득유발 (피용자보수)",
                                 "수입유발"]
    assert types.loc[3, "근거"] == "전국 비율 / 전국 비율"
    html = indicators_view.indicators_html(data_en_2027)
    assert "national ratios" in html and "sensitivity" in html
    assert "no direct value-added or employment" in html


def test_grdp_section_shows_the_share_and_pimac(data):
    g = data.result.grdp_share()
    html = indicators_view.grdp_html(data)
    assert f"{g.loc['total', 'percent']:.4f}%" in html
    assert "0.3210%" in html and "1.0214%" in html and "재현하지 않았" in html
    assert format_won_lang(112_072_885, "ko") in html  # 경북's 2020 GRDP


def test_bridge_charts_are_saved_with_the_report_charts(data):
    from impact.reporting import charts_for
    charts = charts_for(data)
    assert {"bridge", "bridge_jobs"} <= set(charts)
    assert "2020년 불변가격" in charts["bridge"].to_dict()["title"]["subtitle"][0]


def test_brief_carries_the_conventional_figure_in_one_line(data, tables):
    from impact.reporting.brief import brief_fields
    conv = impact.estimate(data.project, tables=tables, basis="conventional").totals()
    line = brief_fields(data)["conventional"]
    assert format_won(conv.loc["output", "total"]) in line and "통상 방식" in line
