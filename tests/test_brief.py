"""The one-page council brief: one A4 page, headline figures and Hangul in its text."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import yaml

import impact
from impact.cli import main
from impact.reporting import prepare
from impact.reporting.brief import brief_pdf

from .conftest import ROOT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
TRICKY = r"예산 #let x = 1 *굵게* $x^2$ [링크] \ 끝"


def _pages(pdf: bytes) -> tuple[int, str, tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split()), (float(box.width), float(box.height))


def _eok(million_won: float) -> str:
    """백만원 -> '1,234.5억원' by hand (1억원 = 100 백만원; below 1조)."""
    return f"{million_won / 100:,.1f}억원"


@pytest.fixture(scope="module")
def chungbuk(tables):
    return prepare(ROOT / "projects" / "chungbuk-ai-simulation-center.yaml", draws=200,
                   tables=tables)


def test_korean_brief_is_one_a4_page_with_the_headline_figures(chungbuk):
    pages, text, (width, height) = _pages(brief_pdf(chungbuk))
    assert pages == 1
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4 in mm
    t = chungbuk.result.totals()
    for measure in ("output", "value_added"):
        assert _eok(t.loc[measure, "in_region"]) in text
        assert _eok(t.loc[measure, "total"]) in text
    assert f"{t.loc['jobs', 'total']:,.0f}명" in text
    assert _eok(chungbuk.result.lines["amount_2020"].sum()) in text  # input budget, 2020
    output_ratio = t.loc["output", "total"] / chungbuk.result.lines["amount_2020"].sum()
    assert f"{output_ratio:.2f}배" in text
    jobs = chungbuk.result.flows.groupby("phase")[["jobs_in_region", "jobs_other_regions"]] \
        .sum().sum(axis=1)
    for phase, job_years in jobs.items():
        assert f"{job_years:,.0f}명" in text, phase
    for word in ("충북 AI 공정혁신 시뮬레이션 센터", "생산유발", "부가가치유발", "취업유발",
                 "전국", "방법의 한계", "결과를 가장 크게 움직이는 가정"):
        assert word in text, word
    assert chungbuk.tables.provenance()["multipliers_bok2020"]["sha256"][:10] in text
    assert impact.__version__ in text


def test_english_brief_has_no_hangul(tables):
    data = prepare(ROOT / "projects" / "pohang-ai-fund.yaml", draws=200, lang="en",
                   tables=tables)
    pages, text, _ = _pages(brief_pdf(data))
    assert pages == 1
    assert "Pohang AI fund and AI loans" in text and "Nationwide" in text
    assert "Gyeongbuk" in text
    assert not HANGUL.findall(text), HANGUL.findall(text)[:10]
    t = data.result.totals()
    assert f"KRW {t.loc['output', 'total'] / 1000:,.1f}bn" in text  # 1bn won = 1,000 백만원


def _budget(tmp_path, **changes) -> str:
    data = yaml.safe_load((ROOT / "projects" / "chungbuk-ai-simulation-center.yaml")
                          .read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "budget.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_budget_text_is_never_read_as_typst_markup(tmp_path, tables):
    data = prepare(_budget(tmp_path, name=TRICKY), draws=50, tables=tables)
    pages, text, _ = _pages(brief_pdf(data))
    assert pages == 1
    assert " ".join(TRICKY.split()) in text


def test_nothing_uncertain_is_said(tmp_path, tables):
    plain = yaml.safe_load((ROOT / "projects" / "chungbuk-ai-simulation-center.yaml")
                           .read_text(encoding="utf-8"))
    for p in plain.get("parameters", {}).values():
        p.pop("low", None), p.pop("high", None)
    for line in plain["lines"]:
        line.pop("alt_sectors", None), line.pop("in_region_share_range", None)
        if isinstance(line.get("in_region_share"), list):
            line["in_region_share"] = line["in_region_share"][0]
    plain.pop("scenarios", None)
    path = tmp_path / "plain.yaml"
    path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    data = prepare(path, draws=50, tables=tables)
    bands = data.simulation.bands().set_index(["measure", "scope"])
    assert bands.loc[("output", "total"), "p10"] == bands.loc[("output", "total"), "p90"]
    _, text, _ = _pages(brief_pdf(data))
    assert "불확실한 입력(범위)이 없습니다" in text


def test_cli_brief_writes_pdf(tmp_path, capsys):
    budget = ROOT / "projects" / "chungbuk-ai-simulation-center.yaml"
    assert main(["brief", str(budget), "--out", str(tmp_path), "--draws", "50",
                 "--lang", "en"]) == 0
    path = tmp_path / "chungbuk-ai-simulation-center" / "brief-en.pdf"
    assert capsys.readouterr().out.strip() == str(path)
    assert _pages(path.read_bytes())[0] == 1
