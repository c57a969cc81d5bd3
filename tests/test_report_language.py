"""One language per report, empty sections that say so, one price basis per page."""

from __future__ import annotations

import re
import textwrap

import pytest

from impact.reporting import chart_fragment, charts_for, economics, headline, prepare, sections
from impact.reporting.index import index_html
from impact.reporting.words import LIMITS_KO

from .conftest import ROOT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")
ALLOWED_EN = {"seed", "lhs", "Type"}  # codes, not words

FRAMES = [sections.input_frame, sections.council_frame, sections.lines_frame,
          sections.excluded_frame, sections.price_frame, sections.phase_year_frame,
          sections.phases_frame, sections.sectors_frame, sections.regions_frame,
          sections.scenarios_frame, economics.check_frame, economics.reporting_jobs_frame,
          economics.bands_frame, economics.tornado_top]
# the check's findings keep the linter's own column names (they are its field names)
KO_FRAMES = [f for f in FRAMES if f is not economics.check_frame]

PLAIN = """\
id: plain-demo
name: 단순 사업
name_en: Plain project
region: 경북
price_year: 2025
unit: 억원
lines:
  - item: 건물 공사
    category: building_construction
    amount: 100
    year: 2026
    phase: construction
"""


@pytest.fixture(scope="module")
def ko(tables):
    return prepare(ROOT / "projects" / "pohang-data-center.yaml", draws=100, tables=tables)


@pytest.fixture(scope="module")
def en(tables):
    return prepare(ROOT / "projects" / "pohang-data-center.yaml", draws=100, tables=tables,
                   lang="en")


@pytest.fixture(scope="module")
def plain(tables, tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "plain.yaml"
    path.write_text(PLAIN, encoding="utf-8")
    return prepare(path, draws=50, tables=tables)


@pytest.mark.parametrize("frame", KO_FRAMES, ids=lambda f: f.__name__)
def test_korean_table_headers_are_korean(ko, frame):
    for header in frame(ko).columns:
        text = re.sub(r"\(.*?\)|P\d+|\d+", "", str(header))
        assert HANGUL.search(text) or not ENGLISH_WORD.search(text), header


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: f.__name__)
def test_english_table_headers_have_no_hangul(en, frame):
    assert not [c for c in map(str, frame(en).columns) if HANGUL.search(c)]


def test_headings_notes_and_limits_follow_the_language(ko, en):
    ko_html = sections.method_html(ko) + sections.heading_html(ko, "bands")
    assert all(limit in ko_html.replace("&#x27;", "'") for limit in LIMITS_KO[:2])
    assert "Limits" not in ko_html and "한계" in ko_html
    method = sections.method_html(en).split("<h3>Tables</h3>")[0]  # not the tables' citations
    en_html = (method.replace("2020 취업자", "") + sections.heading_html(en, "summary")
               + sections.summary_html(en) + economics.uncertainty_html(en)
               + economics.reporting_jobs_html(en) + sections.regions_html(en))
    items = set(en.result.lines["item"]) | {en.project.name}  # the budget's own words
    for item in items:
        en_html = en_html.replace(item, "")
    assert not HANGUL.findall(re.sub(r"[\d,.]+(억원|조원|명)|조", "", en_html))
    # the region by its English name (it was 경북 in the title and the jobs table)
    assert "— Gyeongbuk</h2>" in sections.title_html(en)
    assert "— 경북</h2>" in sections.title_html(ko)


def test_empty_sections_say_they_are_empty(plain):
    html = sections.assumptions_html(plain)
    assert "제외 항목이 없습니다" in html and "매개변수가 없습니다" in html
    assert "시나리오가 없습니다" in sections.scenarios_html(plain)
    assert "<th>" not in sections.scenarios_html(plain)


def test_nothing_uncertain_replaces_flat_bands_and_empty_tornado(plain):
    bands = plain.simulation.bands().set_index(["measure", "scope"])
    assert bands.loc[("output", "total"), "p10"] == bands.loc[("output", "total"), "p90"]
    html = economics.uncertainty_html(plain)
    assert "불확실한 입력(범위)이 없습니다" in html and "<table" not in html
    charts = charts_for(plain)
    assert "bands" not in charts and "tornado" not in charts
    assert chart_fragment(plain, charts, "bands") == ""
    assert "'scenarios'" in chart_fragment(plain, charts, "scenarios")  # said, not drawn


def test_one_price_basis_per_page(tables, ko):
    later = prepare(ROOT / "projects" / "pohang-data-center.yaml", draws=100, tables=tables,
                    report_price_year=2027)
    basis = later.basis.label("ko")
    assert basis.startswith("2027년 가격")
    pages = [sections.summary_html(later), sections.assumptions_html(later),
             sections.phase_year_html(later), sections.sectors_html(later),
             sections.regions_html(later), sections.scenarios_html(later)]
    assert not any(basis in p for p in pages)  # stated once, at the top
    top = sections.title_html(later)
    assert top.count(basis) == 1 and "GDP 디플레이터" in top and "작아짐" in top
    # the charts carry the same basis: money scaled by the one factor, subtitle restated
    charts = charts_for(later)
    spec = charts["effects"].to_dict()
    assert basis in str(spec["title"]["subtitle"]) and "2020년 불변가격" not in str(spec["title"])
    rows = [r for values in spec["datasets"].values() for r in values
            if r.get("measure") == "output" and r.get("scope") == "in_region"]
    # the one factor: the 2027 GDP deflator over 2020's (index / 100), applied by hand
    expected = ko.result.totals().loc["output", "in_region"] * later.basis.index / 100
    assert rows and rows[0]["raw"] == pytest.approx(expected)


def test_index_shows_the_budget_as_written_and_at_2020_prices(ko, tmp_path):
    import json
    record = headline(ko)
    folder = tmp_path / ko.project.id
    folder.mkdir()
    (folder / "headline.json").write_text(json.dumps(record, ensure_ascii=False),
                                          encoding="utf-8")
    page = index_html(tmp_path)
    inp = ko.result.lines
    as_written = f"{inp['amount_as_written'].sum() / 100:,.1f}"  # 억원 by hand
    assert "as written, 2025 prices" in page and "(2020 prices)" in page
    assert record["input_total_2020"] == pytest.approx(inp["amount_2020"].sum())
    assert as_written.split(".")[0].replace(",", "")[-3:] in page.replace(",", "")
