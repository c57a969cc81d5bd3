"""Region x sector views of the shipped BOK 2020 multipliers, for the explore notebook.

Output and value added are won per won of final demand; jobs are persons per 1bn won.
``scope`` is ``in_region``, ``other_regions`` or ``total`` (their sum).  Sectors a
region does not produce in 2020 are shown as missing (NaN), not as zero.
"""

from __future__ import annotations

import pandas as pd

from ..tables import MEASURES, Tables

SCOPES_AND_TOTAL = ("in_region", "other_regions", "total")


def _check(measure: str, scope: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES} (got {measure!r})")
    if scope not in SCOPES_AND_TOTAL:
        raise ValueError(f"scope must be one of {SCOPES_AND_TOTAL} (got {scope!r})")


def long_multipliers(tables: Tables, lang: str = "ko") -> pd.DataFrame:
    """One row per region x sector with every multiplier, totals, and the sector name."""
    m = tables.multipliers.copy()
    for measure in MEASURES:
        m[f"{measure}_total"] = m[f"{measure}_in_region"] + m[f"{measure}_other_regions"]
    names = tables.sectors.set_index("sector_code")["name_ko" if lang == "ko" else "name_en"]
    m.insert(2, "sector", m["sector_code"].map(names))
    return m


def multiplier_matrix(tables: Tables, measure: str = "output", scope: str = "in_region",
                      lang: str = "ko") -> pd.DataFrame:
    """Sectors (rows, ``code name``) x the 17 regions (columns); NaN where not produced."""
    _check(measure, scope)
    m = long_multipliers(tables, lang)
    m[f"{measure}_{scope}"] = m[f"{measure}_{scope}"].where(m["produced_in_region"])
    m["label"] = m["sector_code"] + " " + m["sector"]
    matrix = m.pivot(index="label", columns="region", values=f"{measure}_{scope}")
    matrix = matrix[tables.region_names]
    matrix.columns.name = f"{measure}_{scope}"
    return matrix


def region_profile(tables: Tables, measure: str = "output", scope: str = "in_region") -> \
        pd.DataFrame:
    """Per region: mean, median, min and max over the sectors it produces, and how many."""
    matrix = multiplier_matrix(tables, measure, scope)
    profile = pd.DataFrame({"sectors_produced": matrix.notna().sum(), "mean": matrix.mean(),
                            "median": matrix.median(), "min": matrix.min(),
                            "max": matrix.max()})
    return profile.sort_values("mean", ascending=False)


def top_sectors(tables: Tables, region: str, measure: str = "output",
                scope: str = "in_region", n: int = 10, lang: str = "ko") -> pd.DataFrame:
    """The ``n`` sectors with the largest multiplier in ``region``."""
    _check(measure, scope)
    if region not in tables.region_names:
        raise ValueError(f"unknown region {region!r}; known: {', '.join(tables.region_names)}")
    m = long_multipliers(tables, lang)
    m = m[(m["region"] == region) & m["produced_in_region"]]
    cols = ["sector_code", "sector"] + [f"{measure}_{s}" for s in SCOPES_AND_TOTAL]
    return m.sort_values(f"{measure}_{scope}", ascending=False)[cols].head(n) \
        .reset_index(drop=True)


def sector_across_regions(tables: Tables, sector_code: str, lang: str = "ko") -> pd.DataFrame:
    """One sector's multipliers (every measure and scope) in each region."""
    if sector_code not in tables.sector_codes:
        raise ValueError(f"unknown sector code {sector_code!r} (use '01'..'83')")
    m = long_multipliers(tables, lang)
    cols = ["region", "produced_in_region"] + [f"{x}_{s}" for x in MEASURES
                                               for s in SCOPES_AND_TOTAL]
    return m[m["sector_code"] == sector_code][cols].reset_index(drop=True)
