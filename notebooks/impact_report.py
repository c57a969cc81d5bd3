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

# %% [markdown]
# # 경제적 파급효과 보고서 · Economic impact report
#
# 한국은행 2020년 지역산업연관표 (Type I) · Bank of Korea 2020 regional input-output tables.
# Run for one project with papermill (`impact report FILE`); every number comes from the
# `impact` library, where it is tested.

# %% tags=["parameters"]
project_file = "../projects/chungbuk-ai-simulation-center.yaml"  # budget YAML file
out_dir = None  # folder for charts/ and headline.json; None: show only
report_price_year = None  # None: money at 2020 prices; a year: re-expressed with price_series
price_series = "gdp_deflator"
lang = "ko"  # "ko" or "en"
top_n = 10  # sectors shown
draws = 10_000  # uncertainty draws (Latin hypercube)
seed = 2020  # seed of the draws; recorded in the provenance
scenario = None  # None: the budget as written; a name: that scenario of the budget file

# %%
from IPython.display import HTML, display

from impact import reporting
from impact.reporting import economics, sections

data = reporting.prepare(project_file, report_price_year=report_price_year,
                         price_series=price_series, lang=lang, top_n=top_n, draws=draws,
                         seed=seed, scenario=scenario)
charts = reporting.charts_for(data)
display(HTML(sections.title_html(data)))

# %% [markdown]
# ## 요약 · Summary
#
# 투입 예산과 생산유발·부가가치유발·취업유발 (지역내·타지역·합계, 지역내 비중, 투입 대비).
# Jobs are job-years: persons × years of work.

# %%
display(HTML(sections.summary_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "effects")))

# %% [markdown]
# ## 가정과 제외 항목 · Assumptions and exclusions

# %%
display(HTML(sections.assumptions_html(data)))

# %% [markdown]
# ## 가정 점검 · Assumptions check
#
# 예산 점검기: 최종수요가 아닌 항목, 높은 IT 장비 역내 비중, 미생산 부문, 규모, 중복 계산.
# The budget linter's findings, with severity, line and reason (`impact check`).

# %%
display(HTML(economics.check_html(data)))

# %% [markdown]
# ## 단계·연도별 효과 · Effects by phase and year
#
# 건설과 운영 단계별 job-years (합계) 와 연평균 취업자 (job-years ÷ 연수).

# %%
display(HTML(sections.phase_year_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "timeline")))

# %% [markdown]
# ## 보고연도 기준 취업자 · Jobs in the reporting year
#
# 2020년 계수 기준 취업자 옆에, 고용계수 추세로 조정한 보고연도 취업자 (조정치).
# Jobs adjusted to the reporting year, next to the 2020-coefficient jobs (an adjustment).

# %%
display(HTML(economics.reporting_jobs_html(data)))

# %% [markdown]
# ## 주요 부문 · Top sectors

# %%
display(HTML(sections.sectors_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "top_sectors")))

# %% [markdown]
# ## 17개 시도 비교 · The project in each of the 17 regions

# %%
display(HTML(sections.regions_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "regions")))

# %% [markdown]
# ## 시나리오 비교 · Scenarios side by side

# %%
display(HTML(sections.scenarios_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "scenarios")))

# %% [markdown]
# ## 불확실성 범위 · Uncertainty bands
#
# P10/P50/P90 과 민감도 (토네이도). P10/P50/P90 for each measure and scope, and which
# assumptions matter most.

# %%
display(HTML(reporting.chart_fragment(data, charts, "bands")))
display(HTML(economics.uncertainty_html(data)))
display(HTML(reporting.chart_fragment(data, charts, "tornado")))

# %% [markdown]
# ## 방법과 한계 · Method and limits

# %%
display(HTML(sections.method_html(data)))

# %% [markdown]
# ## 출처·재현 정보 · Provenance

# %%
display(HTML(sections.provenance_html(data)))
saved = reporting.save_outputs(data, charts, out_dir)
