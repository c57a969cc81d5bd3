"""The one-page council brief (A4 PDF), rendered from a report's :class:`ReportData`.

Typst (the PyPI package ``typst``) compiles in-process, embeds the NanumGothic font
shipped by ``koreanize-matplotlib`` and never touches the network (system fonts are
ignored, so the output does not depend on the machine).  Every text is formatted here
and handed to ``templates/brief.typ`` as JSON in ``sys.inputs``: the template shows
strings as strings, so nothing from a budget file is read as Typst markup.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .. import __version__
from ..units import format_jobs_lang, format_won_lang, label
from .atomic import atomic_write_bytes
from .data import ReportData
from .economics import budget_is_uncertain

BRIEF_FILE = "brief.pdf"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "brief.typ"
CHART_FILE = "chart.png"
TEXT = {
    "ko": {"kicker": "지역 경제적 파급효과 요약 · 한국은행 2020년 지역산업연관표 (Type I)",
           "budget_heading": "투입 예산", "as_written": "예산 (작성 가격, {years}년)",
           "input": "투입 예산", "excluded": "제외 (최종수요 아님)",
           "in_region_demand": "지역내 최종수요",
           "effects_heading": "파급효과", "measure": "구분", "in_region": "지역내 ({region})",
           "total": "전국", "share": "지역내 비중", "per_input": "투입 대비 (전국)",
           "times": "{v:.2f}배", "jobs_per": "{v:,.1f}명/10억원",
           "effects_note": "전국 = 지역내 + 타지역. 취업유발은 인·년 (job-years: 명 × 연수).",
           "phases_heading": "단계별 취업 (전국)", "phase": "단계", "years": "기간",
           "job_years": "인·년", "avg_total": "연평균 취업자", "avg_region": "연평균 ({region})",
           "assumptions_heading": "결과를 가장 크게 움직이는 가정 (생산유발 전국, P10 → P90)",
           "nothing_uncertain": "예산 파일에 불확실한 입력(범위)이 없습니다: 결과는 "
                                "하나의 추정치이며 범위는 계산하지 않았습니다.",
           "band": "생산유발 전국 P10–P90: {lo} – {hi} ({n:,}회 추출)",
           "limits_heading": "방법의 한계",
           "limits": ("Type I 모형: 임금의 가계소비에 따른 유발효과는 제외, 2020년 생산구조·"
                      "계수 고정, 공급 제약 없음. 타지역 구매는 공급 지역의 승수로, 수입은 효과 "
                      "없음으로 계산.",
                      "취업유발은 2020년 취업계수 기준 인·년(job-years)으로 상시 일자리 수가 "
                      "아님. 부가가치·취업은 직접/간접 구분 없음."),
           "provenance": "impact {version} · 작성 {date} · 표 sha256 {tables} · "
                         "추출 {draws:,}회, seed {seed}"},
    "en": {"kicker": "Regional economic impact brief · Bank of Korea 2020 regional IO tables "
                     "(Type I)",
           "budget_heading": "Input budget", "as_written": "Budget as written ({years} prices)",
           "input": "Input budget", "excluded": "Excluded (not final demand)",
           "in_region_demand": "In-region final demand",
           "effects_heading": "Effects", "measure": "Measure", "in_region": "In {region}",
           "total": "Nationwide", "share": "In-region share", "per_input": "Per input (nationwide)",
           "times": "{v:.2f}×", "jobs_per": "{v:,.1f} per 1bn won",
           "effects_note": "Nationwide = in the region + other regions. Jobs are job-years "
                           "(persons × years).",
           "phases_heading": "Jobs by phase (nationwide)", "phase": "Phase", "years": "Years",
           "job_years": "Job-years", "avg_total": "Average annual jobs",
           "avg_region": "Average in {region}",
           "assumptions_heading": "Assumptions that move the result most (nationwide output, "
                                  "P10 → P90)",
           "nothing_uncertain": "Nothing in the budget file is uncertain (no ranges given): "
                                "the result is a single estimate and no band is computed.",
           "band": "Nationwide output P10–P90: {lo} – {hi} ({n:,} draws)",
           "limits_heading": "Limits of the method",
           "limits": ("Type I model: no induced effects of wages spent by households; 2020 "
                      "structure and coefficients held fixed; no supply constraints; purchases "
                      "in other regions act through the suppliers' multipliers, imports have "
                      "no effect in Korea.",
                      "Jobs are job-years at 2020 employment coefficients, not permanent jobs; "
                      "value added and jobs are not split into direct and indirect."),
           "provenance": "impact {version} · made {date} · tables sha256 {tables} · "
                         "{draws:,} draws, seed {seed}"},
}


def _won(data: ReportData, million_won_2020: float) -> str:
    return format_won_lang(data.basis.money(million_won_2020), data.lang)


def _jobs(data: ReportData, persons: float) -> str:
    return format_jobs_lang(persons, data.lang)


def _assumptions(data: ReportData, t: dict) -> list[str]:
    """The three inputs that move nationwide output most, or a sentence saying none do."""
    sim = data.simulation
    tornado = sim.tornado
    top = tornado[(tornado["measure"] == "output") & (tornado["scope"] == "total")
                  & (tornado["swing"] > 0)].head(3)
    if not budget_is_uncertain(data) or top.empty:
        return [t["nothing_uncertain"]]
    name = "label_ko" if data.lang == "ko" else "label_en"
    out = [f"{a}: {_won(data, lo)} → {_won(data, hi)}"
           for a, lo, hi in zip(top[name], top["at_low"], top["at_high"])]
    band = sim.bands()
    row = band[(band["measure"] == "output") & (band["scope"] == "total")].iloc[0]
    out.append(t["band"].format(lo=_won(data, row["p10"]), hi=_won(data, row["p90"]),
                                n=sim.n_draws))
    return out


def _conventional(data: ReportData) -> str:
    """The conventional figure next to ours, one line (empty without one estimate's flows)."""
    if data.result.flow_model is None:
        return ""
    from .bridge_view import conventional_line
    return conventional_line(data)


def brief_fields(data: ReportData) -> dict:
    """Every text the brief shows, formatted (money at the report's price basis)."""
    t = TEXT[data.lang]
    r, p, b = data.result, data.project, data.basis
    region = data.tables.region_label(p.region, data.lang, full=True)
    short = data.tables.region_label(p.region, data.lang)
    inp = r.input_summary()
    years = "·".join(str(y) for y in sorted(set(p.lines["price_year"])))
    name = p.name if data.lang == "ko" or not p.name_en else p.name_en
    totals = r.totals()
    ratios = r.ratios()
    rows = []
    for m in totals.index:
        fmt = (lambda v: _jobs(data, v)) if m == "jobs" else (lambda v: _won(data, v))
        total = totals.loc[m, "total"]
        share = f"{100 * totals.loc[m, 'in_region'] / total:.1f}%" if total else "-"
        per = (t["jobs_per"].format(v=ratios["jobs_per_1bn_won_input"] / b.factor)
               if m == "jobs" else
               t["times"].format(v=ratios[f"{m}_per_input"]))
        rows.append([label(m, data.lang), fmt(totals.loc[m, "in_region"]), fmt(total),
                     share, per if inp["total"] else "-"])
    phases = []
    for ph in r.jobs_by_phase().itertuples():
        phases.append([label(ph.Index, data.lang), f"{ph.first_year}–{ph.last_year} "
                       f"({ph.years})", _jobs(data, ph.job_years_total),
                       _jobs(data, ph.average_annual_jobs_total),
                       _jobs(data, ph.average_annual_jobs_in_region)])
    tables = ", ".join(f"{n} {m['sha256'][:10]}" for n, m in data.tables.provenance().items())
    return {
        "lang": data.lang, "kicker": t["kicker"], "title": name,
        "subtitle": f"{region} · {p.id} · {b.label(data.lang)}",
        "budget_heading": t["budget_heading"],
        "budget": [[t["as_written"].format(years=years),
                    format_won_lang(inp["as_written"], data.lang)],
                   [t["input"], _won(data, inp["total"])],
                   [t["excluded"], _won(data, inp["excluded"])],
                   [t["in_region_demand"], _won(data, inp["in_region_final_demand"])]],
        "effects_heading": t["effects_heading"],
        "effects": {"header": [t["measure"], t["in_region"].format(region=short),
                               t["total"], t["share"], t["per_input"]], "rows": rows},
        "effects_note": t["effects_note"],
        "conventional": _conventional(data),
        "phases_heading": t["phases_heading"],
        "phases": {"header": [t["phase"], t["years"], t["job_years"], t["avg_total"],
                              t["avg_region"].format(region=short)], "rows": phases},
        "assumptions_heading": t["assumptions_heading"],
        "assumptions": _assumptions(data, t),
        "limits_heading": t["limits_heading"], "limits": list(t["limits"]),
        "provenance": t["provenance"].format(version=__version__, date=data.made_at[:10],
                                             tables=tables, draws=data.simulation.n_draws,
                                             seed=data.simulation.seed),
        "chart": CHART_FILE,
    }


def brief_chart_png(data: ReportData, charts=None) -> bytes:
    """Jobs by year and phase: no money, so the page keeps one price basis.

    The report's own timeline chart is reused when given; its subtitle names 2020
    prices, so on a page at another price year the chart is drawn without it.
    """
    import altair as alt
    from ..charts import render_chart, timeline_chart
    from ..charts.common import with_properties
    at_2020 = data.basis.status == "base"
    if at_2020 and charts is not None and "timeline" in charts and hasattr(charts, "rendered"):
        return charts.rendered("timeline")["png"]
    chart = timeline_chart(data.result, "jobs", lang=data.lang)
    if not at_2020:
        chart = with_properties(chart, title=alt.TitleParams(text=chart.title.text))
    return render_chart(chart)["png"]


def brief_pdf(data: ReportData, charts=None) -> bytes:
    """The brief as PDF bytes (one A4 page)."""
    import typst
    from ..charts.fonts import font_directory
    with tempfile.TemporaryDirectory(prefix="impact-brief-") as root:
        (Path(root) / CHART_FILE).write_bytes(brief_chart_png(data, charts))
        return typst.compile(TEMPLATE.read_bytes(), root=root, font_paths=[str(font_directory())],
                             ignore_system_fonts=True,
                             sys_inputs={"data": json.dumps(brief_fields(data),
                                                            ensure_ascii=False)})


def write_brief(data: ReportData, path: str | Path, charts=None) -> Path:
    """Write the brief to ``path`` (a file, or a folder to hold ``brief.pdf``), atomically."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path = path / BRIEF_FILE
    return atomic_write_bytes(path, brief_pdf(data, charts))
