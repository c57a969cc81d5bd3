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
# # 지역산업연관표 승수 탐색 · Exploring the BOK 2020 regional multipliers
#
# The shipped tables (`tables/multipliers_bok2020.csv`): 17 시도 × 83 sectors (통합중분류),
# output and value added per won of final demand, jobs per 1bn won (2020 prices),
# in the region and in the other regions. Blank cells: the region does not produce
# that sector in 2020. Change the parameters below and re-run.

# %% tags=["parameters"]
measure = "output"  # output, value_added or jobs
scope = "in_region"  # in_region, other_regions or total
region = "경북"  # a region for its top sectors
sector = "50"  # a sector code for its multipliers across regions
lang = "ko"
top_n = 15

# %%
import impact
from impact.reporting import multipliers as mult

tables = impact.load_tables()
matrix = mult.multiplier_matrix(tables, measure, scope, lang)
print(f"{matrix.columns.name}: {matrix.shape[0]} sectors x {matrix.shape[1]} regions")

# %% [markdown]
# ## 지역 × 부문 · Region × sector
# Shaded by column (each region's own range).

# %%
matrix.style.format("{:.3f}", na_rep="").background_gradient(cmap="Blues", axis=0)

# %% [markdown]
# ## 지역별 분포 · Each region's multipliers at a glance

# %%
mult.region_profile(tables, measure, scope).round(3)

# %% [markdown]
# ## 한 지역의 상위 부문 · A region's largest multipliers

# %%
mult.top_sectors(tables, region, measure, scope, n=top_n, lang=lang).round(3)

# %% [markdown]
# ## 한 부문의 지역별 승수 · One sector in every region

# %%
mult.sector_across_regions(tables, sector, lang).round(3)
