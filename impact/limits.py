"""What the model cannot tell: the limits every summary and report states (English;
the Korean text is :data:`impact.reporting.words.LIMITS_KO`).

A module of its own, without numerics, so that code which only shows words (the
report's page, the index) can state them without importing pandas.
"""

LIMITS = (
    "Type I model: household consumption of the wages paid (induced effects) is not included.",
    "Fixed coefficients: each region's 2020 production structure, input mix and "
    "productivity are assumed to hold for the project's years.",
    "No supply constraints: producers are assumed to meet the extra demand without "
    "raising prices or drawing workers or inputs away from other uses.",
    "Purchases from other Korean regions act through the multipliers of the regions that "
    "supply them (2020 GRDP-weighted unless a line names its suppliers) and count as "
    "other-region effects; the part of them that flows back into the project's own "
    "region cannot be separated with the published tables. Imports have no effect in Korea.",
    "Import shares default to the national 2020 table's import share of final demand for "
    "each sector unless a category or line gives its own.",
    "Jobs are 2020 취업자 (all workers, 36-hour FTE basis) per 1bn won of 2020 output; "
    "summed over years they are job-years, not permanent jobs.",
    "Value-added and jobs multipliers in the tables are totals: their direct/indirect "
    "split is not available, so only output is split into direct and indirect.",
)
