"""Side-by-side comparisons: a project's scenarios, and the same budget in each region."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

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
    """
    tables = tables or load_tables()
    rows = []
    for region in tables.region_names:
        t = estimate(in_region(project, region, tables), tables=tables).totals()
        row = {"region": region}
        for measure in MEASURES:
            row[f"{measure}_in_region"] = t.loc[measure, "in_region"]
            row[f"{measure}_other_regions"] = t.loc[measure, "other_regions"]
            row[f"{measure}_total"] = t.loc[measure, "total"]
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["region_en"] = frame["region"].map(tables.regions.set_index("region")["name_en"])
    frame = frame.sort_values("output_in_region", ascending=False, ignore_index=True)
    frame["rank"] = range(1, len(frame) + 1)
    frame["is_project_region"] = frame["region"] == project.region
    return frame
