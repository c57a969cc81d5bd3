"""Charts: they build for every seed project, export PNG+SVG, render Hangul, work offline."""

from __future__ import annotations

import base64
import html
import io
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

import impact
from impact.charts import (CHART_NAMES, FONT_FAMILY, chart_html, effects_chart, png_bytes,
                           project_charts, regions_chart, save_chart, scenarios_chart,
                           svg_text, timeline_chart, top_sectors_chart)
from impact import atomic
from impact.charts import export, fonts
from impact.scenarios import compare_regions, compare_scenarios

from .conftest import PROJECTS


@pytest.fixture(scope="module", params=PROJECTS, ids=lambda p: p.stem)
def seed(request, tables):
    """(project, result, regions frame, scenarios table) of one seed project."""
    project = impact.load_project(request.param, tables=tables)
    return (project, impact.estimate(project, tables=tables),
            compare_regions(project, tables), compare_scenarios(project, tables=tables))


def records(chart: alt.TopLevelMixin, column: str) -> pd.DataFrame:
    """Rows of the chart's inline datasets that have ``column``."""
    sets = [pd.DataFrame(rows) for rows in chart.to_dict()["datasets"].values()]
    return pd.concat([s for s in sets if column in s.columns], ignore_index=True)


def titled(text: str) -> alt.Chart:
    """A one-bar chart whose only varying pixels are its title."""
    data = pd.DataFrame({"x": ["a"], "y": [1]})
    return alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q").properties(title=text)


def test_every_chart_builds(seed):
    """Exported, every chart of every seed project: the seed run saves them all
    (test_report_batch.py checks the files: SVG in NanumGothic, PNG at scale 2)."""
    project, result, regions, scenarios = seed
    charts = project_charts(result, regions, scenarios)
    assert tuple(charts) == CHART_NAMES
    for name, chart in charts.items():
        config = chart.to_dict()["config"]
        assert config["title"]["font"] == config["axis"]["labelFont"] == FONT_FAMILY
        assert config["legend"]["labelFont"] == config["text"]["font"] == FONT_FAMILY
    english = project_charts(result, regions, scenarios, lang="en")
    assert "Output" in str(english["effects"].to_dict()) and "생산유발" not in str(
        english["effects"].to_dict()["vconcat"])


def test_hangul_renders_as_distinct_glyphs():
    """Missing glyphs draw as identical boxes (or nothing): distinct words must differ."""
    output, value_added = png_bytes(titled("생산유발")), png_bytes(titled("부가가치"))
    assert output != value_added
    assert png_bytes(titled("생산유발")) == output  # rendering is deterministic
    assert png_bytes(titled("abcd")) != output


def test_fonts_registered_once_from_the_installed_package(monkeypatch):
    calls = []
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "_covered", None)
    monkeypatch.setattr(fonts.vlc, "register_font_directory", calls.append)
    first, second = fonts.register_fonts(), fonts.register_fonts()
    assert first == second and len(calls) == 1
    assert (first / "NanumGothic.ttf").is_file() and calls[0] == str(first)
    assert "koreanize_matplotlib" in str(first)


def test_chart_html_is_offline_and_shows_the_svg_with_its_hangul_glyphs(tables):
    from fontTools.ttLib import TTFont
    result = impact.estimate(impact.load_project(PROJECTS[0], tables=tables), tables=tables)
    chart = effects_chart(result)
    fragment = chart_html(chart)
    assert not re.search(r"https?://", fragment, re.IGNORECASE)
    assert not re.search(r"<script|<link|@import", fragment, re.IGNORECASE)
    src = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', fragment).group(1)
    svg = base64.b64decode(src).decode("utf-8")
    assert svg == export.svg_with_font(svg_text(chart))
    assert re.findall(r"url\(([^)]*)\)", svg) and all(
        u.startswith("data:font/woff;base64,") for u in re.findall(r"url\(([^)]*)\)", svg))
    width, height = re.search(r'<svg[^>]*width="(\d+)"[^>]*height="(\d+)"', svg).groups()
    assert f'width="{width}"' in fragment and f'height="{height}"' in fragment
    assert f'alt="{result.name}' in fragment  # alt text starts with the (Korean) title
    # the embedded font has a glyph for every character the chart's text shows
    woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(woff))).getBestCmap()
    shown = set(html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))))
    assert "생" in shown and all(ord(c) in cmap for c in shown if not c.isspace())


@pytest.mark.parametrize("failure", ["converter", "fsync"])
def test_save_is_atomic(monkeypatch, tmp_path, failure):
    good = save_chart(titled("생산유발"), tmp_path, "chart")
    before = {kind: path.read_bytes() for kind, path in good.items()}

    def boom(*args, **kwargs):
        raise OSError("disk full")
    if failure == "converter":
        monkeypatch.setattr(vlc, "svg_to_png", boom)
    else:  # the temp file is written, then the write fails before os.replace
        monkeypatch.setattr(atomic.os, "fsync", boom)  # the one atomic writer charts use
    with pytest.raises(OSError, match="disk full"):
        save_chart(titled("부가가치"), tmp_path, "chart")
    assert {kind: path.read_bytes() for kind, path in good.items()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "chart.svg"]


def test_effects_keep_money_and_jobs_apart_with_the_right_values(seed):
    _, result, _, _ = seed
    chart = effects_chart(result)
    money, jobs = chart.to_dict()["vconcat"]
    money_unit = money["layer"][0]["encoding"]["x"]["title"]
    assert money_unit in ("억원", "조원") and "명" in jobs["layer"][0]["encoding"]["x"]["title"]
    data = records(chart, "scope_name")
    divisor = {"억원": 100.0, "조원": 1_000_000.0}[money_unit]
    totals = result.totals()
    for measure, unit in (("output", divisor), ("value_added", divisor), ("jobs", 1.0)):
        rows = data[data["measure"] == measure].set_index("scope")["value"] * unit
        assert rows.to_dict() == pytest.approx(totals.loc[measure, ["in_region",
                                                                    "other_regions"]].to_dict())


def test_money_unit_switches_to_jo_only_when_large(tables):
    units = {}
    for path in PROJECTS:
        result = impact.estimate(impact.load_project(path, tables=tables), tables=tables)
        units[path.stem] = effects_chart(result).to_dict()["vconcat"][0]["layer"][0][
            "encoding"]["x"]["title"]
    assert units["pohang-data-center"] == "조원"  # 2.6조원 of output
    assert units["chungbuk-ai-simulation-center"] == "억원"  # 179억원


def test_timeline_sums_to_the_totals(seed):
    _, result, _, _ = seed
    data = records(timeline_chart(result, measure="jobs"), "phase")
    assert data["value"].sum() == pytest.approx(result.totals().loc["jobs", "total"])
    assert set(data["phase"]) <= {"건설", "운영"}
    english = records(timeline_chart(result, lang="en", scope="in_region"), "phase")
    assert english["value"].sum() == pytest.approx(result.totals().loc["jobs", "in_region"])


def test_top_sectors_are_ranked_korean_sector_names(seed, tables):
    _, result, _, _ = seed
    chart = top_sectors_chart(result, top=5)
    data = records(chart, "sector")
    expected = result.by_sector("output", "in_region", 5)
    nonzero = expected["output_in_region"] != 0
    assert list(data["sector"]) == list(expected.loc[nonzero, "name_ko"])
    assert chart.to_dict()["layer"][0]["encoding"]["y"]["sort"] == list(data["sector"])
    assert data["value"].is_monotonic_decreasing


def test_regions_highlight_the_project_region(seed):
    project, _, regions, _ = seed
    chart = regions_chart(regions, measure="jobs")
    data = records(chart, "kind")
    assert len(data) == 17
    assert list(data.loc[data["kind"] == "사업 지역", "region"]) == [project.region]
    order = chart.to_dict()["layer"][0]["encoding"]["y"]["sort"]
    assert order == list(regions.sort_values("jobs_in_region", ascending=False)["region"])


def test_scenarios_show_the_difference_from_base(seed):
    project, _, _, table = seed
    chart = scenarios_chart(table, measure="value_added")
    diffs = records(chart, "is_base").set_index("scenario")
    assert list(diffs.index) == ["기준", *project.scenarios]
    assert diffs.loc["기준", "value"] == 0
    rows = table[table["measure"] == "value_added"].set_index("scenario")
    unit = chart.to_dict()["hconcat"][0]["layer"][0]["encoding"]["x"]["title"]
    divisor = 1_000_000.0 if "조원" in unit else 100.0
    for name in project.scenarios:
        assert diffs.loc[name, "value"] * divisor == pytest.approx(rows.loc[name, "total_diff"])


@pytest.mark.parametrize("kwargs", [{"lang": "fr"}, {"measure": "profit"}, {"scope": "abroad"}])
def test_bad_arguments_are_refused(kwargs, tables):
    result = impact.estimate(impact.load_project(PROJECTS[0], tables=tables), tables=tables)
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        top_sectors_chart(result, **kwargs)


def test_a_chart_rendered_once_is_shown_and_saved_identically(tables, tmp_path):
    project = impact.load_project(PROJECTS[0], tables=tables)
    chart = effects_chart(impact.estimate(project, tables=tables))
    rendered = export.render_chart(chart)
    assert chart_html(chart, rendered=rendered) == chart_html(chart)
    paths = export.save_chart(chart, tmp_path, "effects", rendered=rendered)
    assert paths["png"].read_bytes() == rendered["png"]
    assert paths["svg"].read_bytes() == rendered["svg"]


def test_a_chart_that_fails_beside_raises_where_it_is_needed():
    broken = {"$schema": alt.SCHEMA_URL, "mark": "bar", "data": {"values": [{"a": 1}]},
              "transform": [{"calculate": "datum.a +", "as": "b"}]}  # a bad expression
    shown = export.svg_beside(broken)
    full = export.png_beside(shown)
    with pytest.raises(ValueError, match="conversion failed"):
        shown.result()
    with pytest.raises(ValueError, match="conversion failed"):
        full.result()


def test_multi_line_subtitles_get_their_glyphs(tables):
    """A two-line subtitle is two <tspan>s in one <text>: the embedded font covers them
    (the top-sectors chart's second line, 부문: … (최종수요 부문), showed blanks for 최 and
    요 when only bare <text> was read).  The SVG's text is read with an XML parser here."""
    import xml.etree.ElementTree as ET
    from fontTools.ttLib import TTFont
    result = impact.estimate(impact.load_project(PROJECTS[0], tables=tables), tables=tables)
    chart = top_sectors_chart(result)
    svg = export.svg_with_font(svg_text(chart))
    root = ET.fromstring(svg)
    shown = "".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "최종수요" in shown
    woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(woff))).getBestCmap()
    assert [c for c in set(shown) if not c.isspace() and ord(c) not in cmap] == []


def test_scenario_differences_print_as_precisely_as_the_table(tables):
    """Chungbuk's buy-local scenario changes nationwide output by -1.7억원 (-0.5%), as the
    scenario table prints it; the chart's label said -2억원, the totals' precision."""
    project = impact.load_project(PROJECTS[0], tables=tables)
    table = compare_scenarios(project, tables=tables)
    diff = table.query("scenario == 'more_local_integration' and measure == 'output'")
    assert round(float(diff["total_diff"].iloc[0]) / 100, 1) == -1.7
    svg = svg_text(scenarios_chart(table))
    assert "-1.7억원 (-0.5%)" in svg


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_chart_a_report_makes_is_valid_vega_lite(tables, lang):
    """chart_spec skips altair's schema check for speed; this is where it is made, for
    every chart of a report (the bridge, bands and tornado included)."""
    from impact import reporting
    data = reporting.prepare(PROJECTS[0], tables=tables, draws=200, lang=lang)
    charts = reporting.charts_for(data)
    assert {"bridge", "bands", "tornado"} <= set(charts)
    for chart in charts.values():
        chart.to_dict(validate=True)  # raises altair's SchemaValidationError if not valid
