"""Price indices (2020 = 100): lookup, and a labelled projection past the last published year.

Budgets are converted to 2020 prices, the price year of the BOK tables, with
``amount_2020 = amount_y * 100 / index_y``.  Indices for years after the last
published value are projected with a log-linear OLS trend (:func:`impact.linefit.fit_line`)
on the last :data:`PROJECTION_WINDOW_YEARS` published years; they carry status ``projected``
and a prediction interval.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .errors import BudgetError
from .linefit import fit_line
from .quantiles import t_quantile
from .tables import Tables

PROJECTION_WINDOW_YEARS = 4
PROJECTION_INTERVAL = 0.90  # two-sided coverage of the projection interval
BASE_YEAR = 2020


def project_index(history: pd.DataFrame, years) -> pd.DataFrame:
    """Project an index series to ``years`` with a log-linear OLS trend.

    ``history`` has columns ``year`` and ``index_2020_100``; the last
    :data:`PROJECTION_WINDOW_YEARS` rows are used.  Returns ``year``, ``index_2020_100``,
    ``lower`` and ``upper`` (a :data:`PROJECTION_INTERVAL` prediction interval of a
    year's log index, t with the fit's residual degrees of freedom),
    ``status='projected'``.
    """
    years = np.asarray(years, dtype=float)
    recent = history.sort_values("year").tail(PROJECTION_WINDOW_YEARS)
    fit = fit_line(recent["year"].to_numpy(float),
                   np.log(recent["index_2020_100"].to_numpy(float)))
    mean, se = fit.observation(np.column_stack([np.ones_like(years), years]))
    half = t_quantile(fit.df_resid, 0.5 + PROJECTION_INTERVAL / 2) * se  # a year's value
    return pd.DataFrame({
        "year": years.astype(int),
        "index_2020_100": np.exp(mean),
        "lower": np.exp(mean - half),
        "upper": np.exp(mean + half),
        "status": "projected",
    })


LAST_PROJECTED_YEAR = 2100  # the last year a budget may name


INDEX_COLUMNS = ["series", "year", "index_2020_100", "status", "lower", "upper"]


@functools.lru_cache(maxsize=8)
def _published(tables: Tables) -> tuple[dict, dict, dict]:
    """Published values by (series, year), and each series' first and last year."""
    p = tables.price_indices
    values = {(s, int(y)): (float(v), st, float(v), float(v))
              for s, y, v, st in zip(p["series"], p["year"], p["index_2020_100"], p["status"])}
    last = p.groupby("series", sort=False)["year"].max()
    return values, tables.price_series_start.to_dict(), last.to_dict()


@functools.lru_cache(maxsize=64)
def _projected(tables: Tables, series: str) -> dict:
    """``series`` projected for every year after its last value to :data:`LAST_PROJECTED_YEAR`.

    A projection depends only on the series' history, so it is made once per series.
    """
    history = tables.price_indices[tables.price_indices["series"] == series]
    late = np.arange(history["year"].max() + 1, LAST_PROJECTED_YEAR + 1)
    frame = project_index(history, late)
    return {(series, int(y)): (float(v), "projected", float(lo), float(hi)) for y, v, lo, hi in
            zip(frame["year"], frame["index_2020_100"], frame["lower"], frame["upper"])}


def index_values(tables: Tables, pairs: pd.DataFrame) -> pd.DataFrame:
    """Index value and status for each distinct (``series``, ``year``) row of ``pairs``.

    Published values come from ``tables.price_indices``; years after the last
    published one are projected (status ``projected``).  A series that does not exist,
    a year before its first value or a year missing inside it raises
    :class:`BudgetError`.  (The loop runs over distinct pairs, a few dozen at most, never
    over budget lines.)
    """
    published, first, last = _published(tables)
    records = []
    for series, year in pairs[["series", "year"]].drop_duplicates().itertuples(index=False):
        if series not in first:
            raise BudgetError(f"unknown price series; known: {', '.join(sorted(first))}",
                              field="deflator", value=series)
        if year < first[series]:
            raise BudgetError(f"price series {series} starts in {first[series]}",
                              field="price_year", value=int(year))
        source = published if year <= last[series] else _projected(tables, series)
        value = source.get((series, int(year)))
        if value is None:  # a gap inside the series: never a NaN index (and NaN amounts)
            raise BudgetError(f"price series {series} has no value for {int(year)}",
                              field="price_year", value=int(year))
        records.append((series, int(year), *value))
    return pd.DataFrame(records, columns=INDEX_COLUMNS)


def to_prices_of(tables: Tables, amount_2020, year: int, series: str = "gdp_deflator"):
    """Re-express 2020-price money in ``year`` prices with ``series`` (for reporting)."""
    idx = index_values(tables, pd.DataFrame({"series": [series], "year": [year]}))
    return amount_2020 * float(idx["index_2020_100"].iloc[0]) / 100.0
