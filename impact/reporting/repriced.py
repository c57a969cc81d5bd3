"""Charts at the report's price basis: copies of the results with money re-expressed.

A report with ``--price-year`` shows every table in that year's prices; its charts are
drawn from these copies so that the page has one price basis.  Only money is scaled
(by :attr:`MoneyBasis.factor`); jobs, shares and ratios are unchanged.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

MONEY_MEASURES = ("output", "value_added")
RESULT_MONEY = ("spend_2020", "in_region_demand_2020", "leakage_2020")
LINE_MONEY = ("amount_2020",)


def _money_columns(frame: pd.DataFrame, extra=()) -> list[str]:
    return [c for c in frame.columns
            if c in extra or any(c.startswith(f"{m}_") or c.startswith(f"{m}|")
                                 for m in MONEY_MEASURES)]


def scale_money(frame: pd.DataFrame, factor: float, extra=()) -> pd.DataFrame:
    """A copy with the output/value-added columns (and ``extra``) times ``factor``."""
    cols = _money_columns(frame, extra)
    out = frame.copy()
    out[cols] = out[cols].astype(float) * factor
    return out


def scale_tidy(frame: pd.DataFrame, factor: float, value_columns) -> pd.DataFrame:
    """A copy of a tidy frame (a ``measure`` column) with money rows' values scaled."""
    out = frame.copy()
    money = out["measure"].isin(MONEY_MEASURES)
    cols = [c for c in value_columns if c in out]
    out.loc[money, cols] = out.loc[money, cols].astype(float) * factor
    return out


def repriced_result(result, factor: float):
    """The result with its money columns at the basis prices (charts only)."""
    return replace(result, flows=scale_money(result.flows, factor, RESULT_MONEY),
                   lines=scale_money(result.lines, factor, LINE_MONEY))


def repriced_simulation(sim, factor: float):
    """The simulation with money draws, point and tornado values at the basis prices."""
    tornado = scale_tidy(sim.tornado, factor, ("base", "at_low", "at_high", "swing"))
    point = sim.point.astype(float)
    money = point.index.isin(MONEY_MEASURES)
    point.loc[money] = point.loc[money] * factor  # rows are measures, columns scopes
    return replace(sim, draws=scale_money(sim.draws, factor), point=point, tornado=tornado)
