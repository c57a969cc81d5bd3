# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Economic impact report, run for one project with papermill (`impact report FILE`).
# Every heading and number comes from the `impact` library, in the report's language
# (`lang`): the "# ## ..." comments below only name the sections for the reader of this file.
project_file = "../projects/chungbuk-ai-simulation-center.yaml"  # budget YAML file
out_dir = None  # folder for charts/ and headline.json; None: show only
report_price_year = None  # None: money at 2020 prices; a year: re-expressed with price_series
price_series = "gdp_deflator"
lang = "ko"  # "ko" or "en"
top_n = 10  # sectors shown
draws = 10_000  # uncertainty draws (Latin hypercube)
seed = 2020  # seed of the draws; recorded in the provenance
scenario = None  # None: the budget as written; a name: that scenario of the budget file
spare_core = True  # convert the charts in a process of their own while the report is computed

# %%
from impact import reporting

if spare_core:  # first: the chart process loads (about a second) while the rest imports
    reporting.start_chart_engine()

from IPython.display import HTML, display

from impact.reporting import bridge_view, economics, indicators_view, sections

data = reporting.prepare(project_file, report_price_year=report_price_year,
                         price_series=price_series, lang=lang, top_n=top_n, draws=draws,
                         seed=seed, scenario=scenario)
charts = reporting.charts_for(data, beside=spare_core)
display(HTML(sections.title_html(data)))

# %%
# ## 요약 · Summary
display(HTML(sections.heading_html(data, "summary")))
display(HTML(sections.summary_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "effects")))

# %%
# ## 통상 방식과의 비교 · Against the conventional figure
display(HTML(sections.heading_html(data, "bridge")))
display(HTML(bridge_view.bridge_html(data, charts)))

# %%
# ## 지역 경제 규모 대비 · Against the size of the region (GRDP)
display(HTML(sections.heading_html(data, "grdp")))
display(HTML(indicators_view.grdp_html(data)))

# %%
# ## 가정과 제외 항목 · Assumptions and exclusions
display(HTML(sections.heading_html(data, "assumptions")))
display(HTML(sections.assumptions_html(data)))

# %%
# ## 가정 점검 · Assumptions check
display(HTML(sections.heading_html(data, "check")))
display(HTML(economics.check_html(data)))

# %%
# ## 단계·연도별 효과 · Effects by phase and year
display(HTML(sections.heading_html(data, "phase_year")))
display(HTML(sections.phase_year_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "timeline")))

# %%
# ## 보고연도 기준 취업자 · Jobs in the reporting year
display(HTML(sections.heading_html(data, "reporting_jobs")))
display(HTML(economics.reporting_jobs_html(data)))

# %%
# ## 주요 부문 · Top sectors
display(HTML(sections.heading_html(data, "sectors")))
display(HTML(sections.sectors_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "top_sectors")))

# %%
# ## 수입·소득유발과 Type II · Imports, income and Type II (for reference)
display(HTML(sections.heading_html(data, "indicators")))
display(HTML(indicators_view.indicators_html(data)))

# %%
# ## 17개 시도 비교 · The project in each of the 17 regions
display(HTML(sections.heading_html(data, "regions")))
display(HTML(sections.regions_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "regions")))

# %%
# ## 시나리오 비교 · Scenarios side by side
display(HTML(sections.heading_html(data, "scenarios")))
display(HTML(sections.scenarios_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "scenarios")))

# %%
# ## 불확실성 범위 · Uncertainty bands
display(HTML(sections.heading_html(data, "bands")))
display(HTML(reporting.chart_fragment(data, charts, "bands")))
display(HTML(economics.uncertainty_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "tornado")))

# %%
# ## 방법과 한계 · Method and limits
display(HTML(sections.heading_html(data, "method")))
display(HTML(sections.method_html(data)))

# %%
# ## 출처·재현 정보 · Provenance
display(HTML(sections.heading_html(data, "provenance")))
display(HTML(sections.provenance_html(data)))
saved = reporting.save_outputs(data, charts, out_dir)
