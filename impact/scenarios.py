"""Side-by-side comparisons: a project's scenarios, and the same budget in each region."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .estimate import estimate
from .flows import project_flows
from .project import Project
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
    return project.in_region(region, tables or load_tables())


def compare_regions(project: Project, tables: Tables | None = None) -> pd.DataFrame:
    """The same budget placed in each of the 17 regions, ranked by in-region output.

    Caveat: each region's 2020 supply structure is assumed, and the budget's in-region
    shares are kept as written, although they were chosen for the project's own region.
    Columns: ``region``, ``region_en``, the effects (``{measure}_{scope}``),
    ``rank`` (1 = largest in-region output) and ``is_project_region``.

    The project's flows (spend by line, year and sector at 2020 prices) are placed in
    each region in turn (:meth:`impact.flows.Flows.placed_in`: that region's
    produced-in-region mask, multipliers and other-region suppliers), which equals
    estimating :func:`in_region` for each region.
    """
    tables = tables or load_tables()
    flows = project_flows(project, tables)
    spend = flows.spend_2020
    effects = np.empty((len(tables.region_names), len(MEASURES), 2))
    for r in range(len(tables.region_names)):
        placed = flows.placed_in(r)
        in_region, other_regions, _ = placed.purchases(spend)
        per_flow = placed.effects(in_region, other_regions)
        effects[r, :, 0] = per_flow[:, :, 0].sum(axis=0)
        effects[r, :, 1] = per_flow[:, :, 1:].sum(axis=(0, 2))
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
