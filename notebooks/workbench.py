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
# # 작업대 · Workbench
#
# Load a budget, change a line or an assumption, re-estimate, compare with the file's
# base case, and save the edited budget. Money in 백만원 at 2020 prices inside the
# library; shown in 억원 (2020 prices) and 명.

# %% tags=["parameters"]
project_file = "../projects/chungbuk-ai-simulation-center.yaml"  # budget YAML file
save_to = "edited-budget.yaml"  # where the edited budget is written (YAML)
save_xlsx_to = "edited-budget.xlsx"  # the edited budget as a fill-in workbook; None: skip
results_to = "edited-results.xlsx"  # the edited estimate as an Excel workbook; None: skip
draws = 2_000  # uncertainty draws for the report data at the end

# %%
import pandas as pd
from IPython.display import display

import impact
from impact import reporting
from impact.charts import effects_chart

tables = impact.load_tables()
project = impact.load_project(project_file, tables=tables)
base = impact.estimate(project, tables=tables)
base.summary()

# %% [markdown]
# ## 예산 항목 편집 · Edit the lines
#
# `project.to_frame()` gives the lines as written (amounts in the file's unit and price
# years, parameter references such as `=equipment_in_region_share` kept). Edit the frame
# with pandas, then `project.with_lines(frame)` validates it again (errors name the line
# and field). Here: one more line, a local maintenance contract.

# %%
lines = project.to_frame()
extra = pd.DataFrame([{"id": "extra-maintenance", "item": "추가 장비 유지보수 (지역 업체)",
                       "category": "maintenance", "amount": 2.0, "year": 2027,
                       "recurs_until": 2031, "phase": "operation", "in_region_share": 0.8,
                       "note": "Workbench edit: a local maintenance contract."}])
lines = pd.concat([lines, extra], ignore_index=True)
edited = project.with_lines(lines, tables=tables)
edited.to_frame().tail(3)

# %% [markdown]
# ## 매개변수 변경 · Change a parameter
#
# `with_parameters(name=value)` re-resolves every line that refers to the parameter.

# %%
display(project.parameter_table())
if project.parameters:
    name, parameter = next(iter(project.parameters.items()))
    new_value = parameter.high if parameter.high is not None else parameter.value
    edited = edited.with_parameters(tables, **{name: new_value})
    print(f"{name}: {parameter.value} -> {new_value}")

# %% [markdown]
# ## 재추정 · Re-estimate

# %%
result = impact.estimate(edited, tables=tables)
result.summary()

# %% [markdown]
# ## 기준안과 비교 · Compare with the file's base case
#
# Edited minus base, money in 백만원 at 2020 prices, jobs in persons (job-years).

# %%
comparison = pd.concat({"base": base.totals()["total"], "edited": result.totals()["total"],
                        "difference": (result - base).totals()["total"]}, axis=1)
comparison

# %% [markdown]
# ## 통상 수치와의 연결 · Bridge to the conventional figure
#
# Most published studies take the budget as written, all bought in the region
# (`basis="conventional"`). The bridge goes from that figure to this estimate step by
# step (price conversion, imports, purchases in other regions); the steps add up exactly.
# Change a share above and run again to see which step moves.

# %%
conventional = impact.estimate(edited, basis="conventional")
display(pd.concat({"conventional (as written)": conventional.totals()["total"],
                   "this estimate (2020 prices)": result.totals()["total"]}, axis=1))
print(result.summary().bridge_frame().round(1))

# %% [markdown]
# ## 차트 · Chart

# %%
effects_chart(result)

# %% [markdown]
# ## 저장 · Save the edited budget
#
# The edited budget as a YAML budget file and as a budget workbook (loading either gives
# the same estimate), and the estimate as an Excel workbook of results.

# %%
saved = edited.to_yaml(save_to)
reloaded = impact.estimate(impact.load_project(saved, tables=tables), tables=tables)
pd.testing.assert_frame_equal(reloaded.totals(), result.totals())
print(f"saved {saved}: reloading it gives the same estimate")
if save_xlsx_to:
    book = edited.to_excel(save_xlsx_to, tables=tables)
    from_book = impact.estimate(impact.load_project(book, tables=tables), tables=tables)
    pd.testing.assert_frame_equal(from_book.totals(), result.totals())
    print(f"saved {book}: reading the workbook gives the same estimate")
if results_to:
    print(f"saved {result.to_excel(results_to)}")

# %% [markdown]
# ## 보고서 자료 · Report data for the edited budget
#
# `reporting.prepare` takes the edited project directly; its sections are the report's.

# %%
from IPython.display import HTML

from impact.reporting import sections

data = reporting.prepare(edited, draws=draws, tables=tables)
display(HTML(sections.summary_html(data)))
