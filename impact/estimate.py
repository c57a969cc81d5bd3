"""Estimate a project's effects: its flows (:mod:`impact.flows`) through the multipliers.

In-region purchases go through the project region's 2020 multipliers (effects in the
region and in the other regions); purchases from other Korean regions through the
multipliers of the regions that supply them (effects in other regions); imports have
no effect in Korea.  Every step works on whole arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .flows import project_flows, year_counts
from .project import Project
from .result import EFFECT_COLUMNS, MONEY_COLUMNS, SOURCE_COLUMNS, ImpactResult
from .tables import MEASURES, Tables, load_tables

TABLE_PRICE_YEAR = 2020


BASES = ("adjusted", "conventional")


def estimate(project: Project, tables: Tables | None = None,
             scenario: str | None = None, basis: str = "adjusted") -> ImpactResult:
    """Estimate output, value added and jobs for ``project`` (Type I).

    ``basis="adjusted"`` (ours): amounts at 2020 producer prices, bought in the region,
    in other Korean regions or abroad.  ``basis="conventional"``: what most published
    studies do — every final-demand line at its amount as written (no price conversion),
    all bought from producers in the region, times the region's multipliers; its money
    is in the budget's own prices.  ``result.bridge()`` goes from one to the other.
    ``scenario`` names one of the project's scenarios to apply first.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    tables = tables or load_tables()
    if scenario is not None:
        project = project.with_scenario(scenario, tables=tables)
    lines = project.lines
    flows = project_flows(project, tables)
    if basis == "adjusted":
        spend = flows.spend_2020
        in_region, other_regions, imports = flows.purchases(spend)
    else:
        spend = flows.spend_2020 / flows.prices.factor[flows.line]
        in_region, other_regions, imports = spend, np.zeros(len(flows)), np.zeros(len(flows))
    effects = flows.effects(in_region, other_regions)  # (flows, measures, 3)

    # every money and effect column in one float block (a frame built from separate
    # columns would copy them into such a block anyway)
    n = len(flows)
    block = np.empty((n, len(MONEY_COLUMNS) + len(EFFECT_COLUMNS) + len(SOURCE_COLUMNS)))
    block[:, 0], block[:, 1], block[:, 2], block[:, 3] = spend, in_region, other_regions, imports
    at = len(MONEY_COLUMNS)
    for m in range(len(MEASURES)):
        block[:, at + 2 * m] = effects[:, m, 0]
        block[:, at + 2 * m + 1] = effects[:, m, 1] + effects[:, m, 2]
        block[:, at + len(EFFECT_COLUMNS) + m] = effects[:, m, 2]
    frame = pd.DataFrame(block, columns=MONEY_COLUMNS + EFFECT_COLUMNS + SOURCE_COLUMNS,
                         copy=False)
    # text columns are taken as arrays of their own dtype (no per-value type inference)
    for position, (name, values) in enumerate((
            ("line_id", lines["line_id"].array.take(flows.line)),
            ("phase", lines["phase"].array.take(flows.line)),
            ("year", flows.year),
            ("sector_code", pd.Series(tables.sector_codes).array.take(flows.sector)))):
        frame.insert(position, name, values)

    # amounts per line: as written (every year) and at 2020 prices (excluded lines too)
    unit = project.unit_in_million_won
    _, count, spread = year_counts(lines)
    written = lines["amount"].to_numpy(float) * unit * np.where(spread, 1, count)
    line_table = lines.assign(amount_as_written=written,
                              amount_2020=written * flows.prices.factor,
                              index_2020_100=100.0 / flows.prices.factor)
    return ImpactResult(project=project, lines=line_table, flows=frame,
                        price_indices=flows.prices.used.drop_duplicates(
                            ["series", "year"], ignore_index=True), tables=tables,
                        basis=basis, flow_model=flows,
                        price_year=TABLE_PRICE_YEAR if basis == "adjusted" else None)

