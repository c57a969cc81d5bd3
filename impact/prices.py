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


def index_values(tables: Tables, pairs: pd.DataFrame) -> pd.DataFrame:
    """Index value and status for each (``series``, ``year``) row of ``pairs``.

    Published values come from ``tables.price_indices``; years after the last
    published one are projected (status ``projected``).  A series that does not exist,
    or a year before its first value, raises :class:`BudgetError`.
    """
    published = tables.price_indices
    wanted = pairs[["series", "year"]].drop_duplicates()
    out = []
    for series, group in wanted.groupby("series", sort=False):
        history = published[published["series"] == series]
        if history.empty:
            known = ", ".join(sorted(published["series"].unique()))
            raise BudgetError(f"unknown price series; known: {known}", field="deflator",
                              value=series)
        first, last = history["year"].min(), history["year"].max()
        too_early = group["year"] < first
        if too_early.any():
            raise BudgetError(f"price series {series} starts in {first}", field="price_year",
                              value=int(group.loc[too_early, "year"].iloc[0]))
        known = group.merge(history, on=["series", "year"], how="inner")
        known["lower"] = known["upper"] = known["index_2020_100"]
        late = group.loc[group["year"] > last, "year"]
        if late.empty:
            out.append(known)
            continue
        projected = project_index(history, late.to_numpy()).assign(series=series)
        out.append(pd.concat([known, projected], ignore_index=True))
    cols = ["series", "year", "index_2020_100", "status", "lower", "upper"]
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols]


def to_prices_of(tables: Tables, amount_2020, year: int, series: str = "gdp_deflator"):
    """Re-express 2020-price money in ``year`` prices with ``series`` (for reporting)."""
    idx = index_values(tables, pd.DataFrame({"series": [series], "year": [year]}))
    return amount_2020 * float(idx["index_2020_100"].iloc[0]) / 100.0
