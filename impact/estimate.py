"""Estimate a project's effects: budget lines -> sector final demand -> multipliers.

Every step works on whole columns (no per-line Python loops): lines are repeated over
their years, joined to their sectors, converted to 2020 prices, reduced to in-region
final demand and multiplied by the region's BOK 2020 multipliers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import iomath
from .prices import index_values
from .project import Project
from .result import ImpactResult
from .tables import Tables, load_tables

TABLE_PRICE_YEAR = 2020


def _years(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per line and year; ``year_amount`` is that year's amount."""
    until = lines["recurs_until"].fillna(lines["spread_until"]).fillna(lines["year"])
    count = (until.to_numpy(np.int64) - lines["year"].to_numpy(np.int64) + 1)
    rows = np.repeat(np.arange(len(lines)), count)
    per_year = lines["amount"].to_numpy(float).copy()
    spread = lines["spread_until"].notna().to_numpy()
    per_year[spread] /= count[spread]
    return pd.DataFrame({"line": rows, "year": iomath.expand_years(lines["year"], count),
                         "year_amount": per_year[rows]})


def _sector_map(lines: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """(line, sector_code, sector_share) for every line that is final demand."""
    active = lines["exclude"].to_numpy() == ""
    line_idx = np.arange(len(lines))
    direct = active & (lines["sector_code"].to_numpy() != "")
    own = pd.DataFrame({"line": line_idx[direct],
                        "sector_code": lines["sector_code"].to_numpy()[direct],
                        "sector_share": 1.0})
    by_cat = pd.DataFrame({"line": line_idx[active & ~direct],
                           "category": lines["category"].to_numpy()[active & ~direct]})
    cats = tables.categories.loc[tables.categories["sector_code"] != "",
                                 ["category", "sector_code", "sector_share"]]
    via = by_cat.merge(cats, on="category", how="inner").drop(columns="category")
    return pd.concat([own, via], ignore_index=True)


def _price_factors(lines: pd.DataFrame, tables: Tables) -> tuple[np.ndarray, pd.DataFrame]:
    """Per line, the factor converting its amount to 2020 prices; and the indices used."""
    pairs = pd.DataFrame({"series": lines["deflator"].to_numpy(),
                          "year": lines["price_year"].to_numpy()})
    used = index_values(tables, pairs)
    looked_up = pairs.merge(used, on=["series", "year"], how="left")
    factor = iomath.to_base_prices(1.0, looked_up["index_2020_100"].to_numpy())
    return factor, used


def estimate(project: Project, tables: Tables | None = None,
             scenario: str | None = None) -> ImpactResult:
    """Estimate output, value added and jobs for ``project`` (Type I, 2020 prices).

    ``scenario`` names one of the project's scenarios to apply first.  Returns an
    :class:`~impact.result.ImpactResult`.
    """
    tables = tables or load_tables()
    if scenario is not None:
        project = project.with_scenario(scenario, tables=tables)
    lines = project.lines
    region = tables.region_index(project.region)
    factor, indices_used = _price_factors(lines, tables)
    unit = project.unit_in_million_won

    years = _years(lines)
    sectors = _sector_map(lines, tables)
    flows = years.merge(sectors, on="line", how="inner")
    line = flows["line"].to_numpy()
    sector_idx = pd.Index(tables.sector_codes).get_indexer(flows["sector_code"])
    spend = flows["year_amount"].to_numpy() * unit * factor[line] \
        * flows["sector_share"].to_numpy()
    produced = tables.produced_array[region, sector_idx]
    demand = iomath.in_region_final_demand(spend, lines["in_region_share"].to_numpy()[line],
                                           produced)
    effects = iomath.apply_multipliers(demand, tables.multiplier_array[region, sector_idx])

    flows_out = pd.DataFrame({
        "line_id": lines["line_id"].to_numpy()[line],
        "phase": lines["phase"].to_numpy()[line],
        "year": flows["year"].to_numpy(),
        "sector_code": flows["sector_code"].to_numpy(),
        "spend_2020": spend,
        "in_region_demand_2020": demand,
        "leakage_2020": spend - demand,
    })
    for m, measure in enumerate(("output", "value_added", "jobs")):
        for k, scope in enumerate(("in_region", "other_regions")):
            flows_out[f"{measure}_{scope}"] = effects[:, m, k]

    excluded = lines["exclude"] != ""
    ex_years = years[excluded.to_numpy()[years["line"].to_numpy()]]
    ex_line = ex_years["line"].to_numpy()
    excluded_2020 = np.bincount(ex_line, weights=ex_years["year_amount"].to_numpy()
                                * unit * factor[ex_line], minlength=len(lines))
    written = np.bincount(years["line"].to_numpy(), weights=years["year_amount"].to_numpy() * unit,
                          minlength=len(lines))
    line_table = lines.assign(
        amount_as_written=written,
        amount_2020=np.bincount(line, weights=spend, minlength=len(lines)) + excluded_2020,
        index_2020_100=100.0 / factor)
    return ImpactResult(project=project, lines=line_table, flows=flows_out,
                        price_indices=indices_used, tables=tables)
