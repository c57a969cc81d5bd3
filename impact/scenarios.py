"""Side-by-side comparisons: a project's scenarios, and the same budget in each region."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from . import iomath
from .estimate import estimate
from .project import Project, _assemble
from .result import ImpactResult
from .tables import MEASURES, Tables, load_tables

BASE = "base"


def scenario_results(project: Project, names: list[str] | None = None,
                     tables: Tables | None = None) -> dict[str, ImpactResult]:
    """The base estimate and one per scenario (all scenarios by default), by name."""
    tables = tables or load_tables()
    names = list(project.scenarios) if names is None else names
    results = {BASE: estimate(project, tables=tables)}
    for name in names:
        results[name] = estimate(project, tables=tables, scenario=name)
    return results


def compare_scenarios(project: Project, names: list[str] | None = None,
                      tables: Tables | None = None) -> pd.DataFrame:
    """Totals of each scenario next to the base, with differences.

    One row per scenario x measure; columns ``in_region``, ``other_regions``, ``total``
    (money in 백만원 at 2020 prices, jobs in persons), their differences from the base
    (``*_diff``) and ``total_diff_pct``.  A scenario that changes nothing differs by 0.
    """
    results = scenario_results(project, names, tables)
    base = results[BASE].totals()
    rows = []
    for name, result in results.items():
        t = result.totals()
        diff = t - base
        for measure in MEASURES:
            row = {"scenario": name, "measure": measure,
                   "description": project.scenarios.get(name, {}).get("description", "")
                   if name != BASE else "as in the budget file"}
            row.update(t.loc[measure].to_dict())
            row.update({f"{k}_diff": v for k, v in diff.loc[measure].items()})
            base_total = base.loc[measure, "total"]
            row["total_diff_pct"] = 100 * diff.loc[measure, "total"] / base_total \
                if base_total else float("nan")
            rows.append(row)
    return pd.DataFrame(rows)


def in_region(project: Project, region: str, tables: Tables | None = None) -> Project:
    """The same budget placed in another region (every line and parameter unchanged)."""
    tables = tables or load_tables()
    moved = replace(project, region=region)
    return _assemble(moved, dict(project.parameters), project.line_specs, tables,
                     scenario=project.scenario)


def compare_regions(project: Project, tables: Tables | None = None) -> pd.DataFrame:
    """The same budget placed in each of the 17 regions, ranked by in-region output.

    Caveat: each region's 2020 supply structure is assumed, and the budget's in-region
    shares are kept as written, although they were chosen for the project's own region.
    Columns: ``region``, ``region_en``, the effects (``{measure}_{scope}``),
    ``rank`` (1 = largest in-region output) and ``is_project_region``.

    One estimate gives the flows (spend by line, year and sector at 2020 prices); every
    region's multipliers are then applied to them at once, which equals estimating
    :func:`in_region` for each region.
    """
    tables = tables or load_tables()
    flows = estimate(project, tables=tables).flows
    share = flows["line_id"].map(project.lines.set_index("line_id")["in_region_share"])
    sector_idx = pd.Index(tables.sector_codes).get_indexer(flows["sector_code"])
    spend = flows["spend_2020"].to_numpy()
    # (regions, flows): in-region final demand if the project were in each region
    demand = iomath.in_region_final_demand(spend[None, :], share.to_numpy()[None, :],
                                           tables.produced_array[:, sector_idx])
    multipliers = tables.multiplier_array[:, sector_idx]  # (regions, flows, measure, scope)
    effects = np.einsum("rf,rfmk->rmk", demand, multipliers)
    effects[:, MEASURES.index("jobs"), :] /= iomath.MILLION_WON_PER_BILLION_WON
    frame = pd.DataFrame({"region": tables.region_names})
    for m, measure in enumerate(MEASURES):
        frame[f"{measure}_in_region"] = effects[:, m, 0]
        frame[f"{measure}_other_regions"] = effects[:, m, 1]
        frame[f"{measure}_total"] = effects[:, m, 0] + effects[:, m, 1]
    frame["region_en"] = frame["region"].map(tables.regions.set_index("region")["name_en"])
    frame = frame.sort_values("output_in_region", ascending=False, ignore_index=True)
    frame["rank"] = range(1, len(frame) + 1)
    frame["is_project_region"] = frame["region"] == project.region
    return frame
