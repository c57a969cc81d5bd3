"""Price indices (2020 = 100): lookup, and a labelled projection past the last published year.

Budgets are converted to 2020 prices, the price year of the BOK tables, with
``amount_2020 = amount_y * 100 / index_y``.  Indices for years after the last
published value are projected with a log-linear trend fitted by statsmodels OLS on the
last :data:`PROJECTION_WINDOW_YEARS` published years; they carry status ``projected``
and a prediction interval.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .errors import BudgetError
from .tables import Tables

PROJECTION_WINDOW_YEARS = 4
PROJECTION_INTERVAL = 0.90  # two-sided coverage of the projection interval
BASE_YEAR = 2020


@functools.lru_cache(maxsize=64)
def _trend(years: tuple, values: tuple):
    x = sm.add_constant(np.asarray(years, dtype=float))
    return sm.OLS(np.log(np.asarray(values, dtype=float)), x).fit()


def project_index(history: pd.DataFrame, years) -> pd.DataFrame:
    """Project an index series to ``years`` with a log-linear OLS trend.

    ``history`` has columns ``year`` and ``index_2020_100``; the last
    :data:`PROJECTION_WINDOW_YEARS` rows are used.  Returns ``year``, ``index_2020_100``,
    ``lower`` and ``upper`` (a :data:`PROJECTION_INTERVAL` prediction interval),
    ``status='projected'``.
    """
    years = np.asarray(years, dtype=float)
    recent = history.sort_values("year").tail(PROJECTION_WINDOW_YEARS)
    fit = _trend(tuple(recent["year"]), tuple(recent["index_2020_100"]))
    design = np.column_stack([np.ones_like(years), years])
    pred = fit.get_prediction(design)
    frame = pred.summary_frame(alpha=1 - PROJECTION_INTERVAL)
    return pd.DataFrame({
        "year": years.astype(int),
        "index_2020_100": np.exp(frame["mean"].to_numpy()),
        "lower": np.exp(frame["obs_ci_lower"].to_numpy()),
        "upper": np.exp(frame["obs_ci_upper"].to_numpy()),
        "status": "projected",
    })


LAST_PROJECTED_YEAR = 2100  # the last year a budget may name


@functools.lru_cache(maxsize=8)
def _index_table(tables: Tables) -> tuple[pd.DataFrame, pd.Series]:
    """Every series for every year from its first to :data:`LAST_PROJECTED_YEAR`.

    Published values as they are; later years projected once (a projection depends only
    on the series' history, not on which years are asked for).  Returns the table
    indexed by (series, year) and each series' first year.
    """
    parts = []
    for series, history in tables.price_indices.groupby("series", sort=False):
        known = history[["series", "year", "index_2020_100", "status"]].assign(
            lower=history["index_2020_100"], upper=history["index_2020_100"])
        late = np.arange(history["year"].max() + 1, LAST_PROJECTED_YEAR + 1)
        parts += [known, project_index(history, late).assign(series=series)]
    table = pd.concat(parts, ignore_index=True)
    first = table.groupby("series", sort=False)["year"].min()
    return table.set_index(["series", "year"]).sort_index(), first


def index_values(tables: Tables, pairs: pd.DataFrame) -> pd.DataFrame:
    """Index value and status for each (``series``, ``year``) row of ``pairs``.

    Published values come from ``tables.price_indices``; years after the last
    published one are projected (status ``projected``).  A series that does not exist,
    or a year before its first value, raises :class:`BudgetError`.
    """
    table, first = _index_table(tables)
    wanted = pairs[["series", "year"]].drop_duplicates()
    unknown = ~wanted["series"].isin(first.index)
    if unknown.any():
        known = ", ".join(sorted(first.index))
        raise BudgetError(f"unknown price series; known: {known}", field="deflator",
                          value=wanted.loc[unknown, "series"].iloc[0])
    starts = wanted["series"].map(first)
    too_early = wanted["year"] < starts
    if too_early.any():
        row = wanted[too_early].iloc[0]
        raise BudgetError(f"price series {row['series']} starts in {first[row['series']]}",
                          field="price_year", value=int(row["year"]))
    found = table.reindex(pd.MultiIndex.from_frame(wanted.astype({"year": np.int64})))
    cols = ["series", "year", "index_2020_100", "status", "lower", "upper"]
    return found.reset_index()[cols]


def to_prices_of(tables: Tables, amount_2020, year: int, series: str = "gdp_deflator"):
    """Re-express 2020-price money in ``year`` prices with ``series`` (for reporting)."""
    idx = index_values(tables, pd.DataFrame({"series": [series], "year": [year]}))
    return amount_2020 * float(idx["index_2020_100"].iloc[0]) / 100.0
