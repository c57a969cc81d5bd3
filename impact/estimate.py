"""Estimate a project's effects: budget lines -> sector final demand -> multipliers.

Every step works on whole columns (no per-line Python loops): lines are repeated over
their years, joined to their sectors, converted to 2020 prices, reduced to in-region
final demand and multiplied by the region's BOK 2020 multipliers.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from . import iomath
from .prices import index_values
from .project import Project
from .result import EFFECT_COLUMNS, MONEY_COLUMNS, ImpactResult
from .tables import Tables, load_tables

TABLE_PRICE_YEAR = 2020
_YEAR_SPAN = 100_000  # (series, year) pairs are packed as series * _YEAR_SPAN + year


def year_counts(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: first year, number of years (``recurs_until``/``spread_until``), spread?"""
    year = lines["year"].to_numpy(np.int64)
    recurs = lines["recurs_until"].to_numpy(dtype=float, na_value=np.nan)
    spread_until = lines["spread_until"].to_numpy(dtype=float, na_value=np.nan)
    spread = ~np.isnan(spread_until)
    until = np.where(~np.isnan(recurs), recurs, np.where(spread, spread_until, year))
    return year, until.astype(np.int64) - year + 1, spread


def _years(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One entry per line and year: ``(line, year, amount)``, amount being that year's."""
    year, count, spread = year_counts(lines)
    rows = np.repeat(np.arange(len(lines)), count)
    per_year = lines["amount"].to_numpy(float).copy()
    per_year[spread] /= count[spread]
    return rows, iomath.expand_years(year, count), per_year[rows]


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
    # look up each distinct (series, year) once, in order of first appearance, and
    # gather back to the lines (a merge over every line dominated large budgets)
    series_code, series = pd.factorize(lines["deflator"].to_numpy())
    key = series_code.astype(np.int64) * _YEAR_SPAN + lines["price_year"].to_numpy(np.int64)
    pair_code, pair_key = pd.factorize(key)
    pairs = pd.DataFrame({"series": np.asarray(series, dtype=object)[pair_key // _YEAR_SPAN],
                          "year": pair_key % _YEAR_SPAN})
    used = index_values(tables, pairs)
    # each pair's row in ``used`` (one row per pair; NaN where a pair has no index)
    used_series = pd.Index(np.asarray(series, dtype=object)).get_indexer(used["series"])
    where = pd.Index(used_series.astype(np.int64) * _YEAR_SPAN
                     + used["year"].to_numpy(np.int64)).get_indexer(pair_key)
    index = np.where(where >= 0, used["index_2020_100"].to_numpy(float)[where], np.nan)
    factor = iomath.to_base_prices(1.0, index[pair_code])
    return factor, used


@functools.lru_cache(maxsize=8)
def _category_sectors(tables: Tables):
    """The categories that are final demand, as arrays: ``(names, count, start, sector,
    share)``; category ``i`` maps to ``sector[start[i]:start[i] + count[i]]`` (indices
    into ``tables.sector_codes``, in table order) with those shares."""
    codes = pd.Index(tables.sector_codes)
    cats = tables.categories.loc[tables.categories["sector_code"] != "",
                                 ["category", "sector_code", "sector_share"]]
    names = pd.Index(pd.unique(cats["category"].to_numpy()))
    cat_id = names.get_indexer(cats["category"])
    order = np.argsort(cat_id, kind="stable")
    count = np.bincount(cat_id, minlength=len(names))
    return (names, count, np.cumsum(count) - count,
            codes.get_indexer(cats["sector_code"])[order],
            cats["sector_share"].to_numpy(float)[order])


def _line_sectors(lines: pd.DataFrame, tables: Tables):
    """The rows of :func:`_sector_map` as arrays grouped by line, without a merge.

    Returns ``(counts, direct, own_sector, line_cat, cat_start, cat_sector, cat_share)``:
    line ``i`` has ``counts[i]`` sectors; a direct line its own sector (index
    ``own_sector[i]`` into ``tables.sector_codes``, share 1); a category line the rows
    ``cat_start[line_cat[i]] + k`` of ``cat_sector``/``cat_share`` (the category's rows of
    ``tables.categories``, in table order).
    """
    codes = pd.Index(tables.sector_codes)
    active = lines["exclude"].to_numpy() == ""
    own_code = lines["sector_code"].to_numpy()
    direct = active & (own_code != "")
    own_sector = np.full(len(lines), -1, dtype=np.intp)
    own_sector[direct] = codes.get_indexer(own_code[direct])
    names, cat_count, cat_start, cat_sector, cat_share = _category_sectors(tables)
    line_cat = np.full(len(lines), -1, dtype=np.intp)
    by_cat = active & ~direct
    line_cat[by_cat] = names.get_indexer(lines["category"].to_numpy()[by_cat])
    counts = np.zeros(len(lines), dtype=np.int64)
    counts[direct] = 1
    found = line_cat >= 0
    counts[found] = cat_count[line_cat[found]]
    return counts, direct, own_sector, line_cat, cat_start, cat_sector, cat_share


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

    year_line, year_of_row, year_amount = _years(lines)
    # flows: one row per (line, year) row x sector of the line, in the order of
    # years.merge(_sector_map(lines, tables), on="line"), built with repeat/take
    counts, direct, own_sector, line_cat, cat_start, cat_sector, cat_share = \
        _line_sectors(lines, tables)
    per_row = counts[year_line]
    row = np.repeat(np.arange(len(year_line)), per_row)
    k = np.arange(len(row)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    line = year_line[row]
    sector_idx = np.empty(len(row), dtype=np.intp)
    sector_share = np.empty(len(row))
    own = direct[line]
    sector_idx[own] = own_sector[line[own]]
    sector_share[own] = 1.0
    pos = cat_start[line_cat[line[~own]]] + k[~own]
    sector_idx[~own] = cat_sector[pos]
    sector_share[~own] = cat_share[pos]

    # every money and effect column in one float block, filled in place (a frame built
    # from separate columns would copy them all into such a block anyway)
    block = np.empty((len(row), len(MONEY_COLUMNS) + len(EFFECT_COLUMNS)))
    spend, demand, leakage = (block[:, i] for i in range(len(MONEY_COLUMNS)))
    spend[:] = year_amount[row] * unit * factor[line] * sector_share
    produced = tables.produced_array[region, sector_idx]
    demand[:] = iomath.in_region_final_demand(spend, lines["in_region_share"].to_numpy()[line],
                                              produced)
    np.subtract(spend, demand, out=leakage)
    # the region's multipliers, written into the block's effect columns
    iomath.apply_multipliers(demand, tables.multiplier_array[region][sector_idx],
                             out=block[:, len(MONEY_COLUMNS):].reshape(len(row), 3, 2))
    flows_out = pd.DataFrame(block, columns=MONEY_COLUMNS + EFFECT_COLUMNS, copy=False)
    # text columns are taken as arrays of their own dtype (no per-value type inference)
    for position, (name, values) in enumerate((
            ("line_id", lines["line_id"].array.take(line)),
            ("phase", lines["phase"].array.take(line)),
            ("year", year_of_row[row]),
            ("sector_code", pd.Series(tables.sector_codes).array.take(sector_idx)))):
        flows_out.insert(position, name, values)

    excluded = lines["exclude"].to_numpy() != ""
    ex_rows = excluded[year_line]
    ex_line = year_line[ex_rows]
    excluded_2020 = np.bincount(ex_line, weights=year_amount[ex_rows] * unit * factor[ex_line],
                                minlength=len(lines))
    written = np.bincount(year_line, weights=year_amount * unit, minlength=len(lines))
    line_table = lines.assign(
        amount_as_written=written,
        amount_2020=np.bincount(line, weights=spend, minlength=len(lines)) + excluded_2020,
        index_2020_100=100.0 / factor)
    return ImpactResult(project=project, lines=line_table, flows=flows_out,
                        price_indices=indices_used, tables=tables)
