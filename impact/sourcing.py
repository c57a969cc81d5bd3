"""Where a line buys: the budget fields ``import_share``, ``import_share_range`` and
``supplied_from``, validated and given their defaults.

A line buys ``in_region_share`` from producers in the project's region,
``import_share`` abroad, and the rest from producers in other Korean regions.  The
default import share is the category's own (with its rationale in
``tables/categories.csv``) or else the national 2020 table's import share of final
demand for the line's sector, capped so the two shares never exceed 1.  Every line
records which default it took (``import_share_basis``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import fail_first_row as _fail
from .tables import Tables

SOURCING_FIELDS = {
    "import_share": "share bought abroad, 0-1 (default: the category's, or the national "
                    "table's import share of final demand for the sector)",
    "import_share_range": "[low, high]: plausible range of import_share, for uncertainty bands",
    "price_basis": "producer (생산자가격) or purchaser (구매자가격: the amount includes trade and "
                   "transport margins); default: the category's, else producer",
    "supplied_from": "region (or {region: weight}) supplying the purchases made in other "
                     "Korean regions (default: every other region producing the sector, "
                     "weighted by 2020 GRDP)",
}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series(np.nan, index=frame.index, dtype=object)


def _real(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) \
        and not isinstance(value, (bool, np.bool_))


def _shares(raw: pd.Series) -> pd.Series:
    """Numbers as floats (NaN where absent or not a number)."""
    return raw.map(lambda v: float(v) if _real(v) else np.nan).astype(float)


def import_shares(frame: pd.DataFrame, in_region_share: pd.Series, in_region_high: pd.Series,
                  primary: pd.Series, category: pd.Series, active: pd.Series, tables: Tables,
                  file=None):
    """``(import_share, low, high, basis)`` per line, validated.

    ``in_region_high`` is the top of the line's in-region share range (its share when it
    has none): a default import share is capped so the two never exceed 1.  ``primary``
    is each line's sector code ('' when excluded), ``category`` its category ('' for a
    sector line), ``active`` whether it is final demand.
    """
    raw = _column(frame, "import_share")
    given = raw.notna()
    share = _shares(raw)
    _fail(frame, given & share.isna(), "import_share", "must be a number", file)
    _fail(frame, given & ~share.between(0, 1), "import_share", "must be between 0 and 1", file)
    _fail(frame, given & (share + in_region_share > 1 + 1e-12), "import_share",
          "in_region_share + import_share must not exceed 1 (the rest is bought in other "
          "Korean regions)", file)
    cats = tables.categories.drop_duplicates("category").set_index("category")
    cat_share = pd.to_numeric(category.map(cats["import_share"]), errors="coerce") \
        if "import_share" in cats else pd.Series(np.nan, index=frame.index)
    national = pd.Series(tables.national.import_share_of_final_demand, index=tables.sector_codes)
    nat_share = primary.map(national)
    default = cat_share.where(cat_share.notna(), nat_share).fillna(0.0)
    room = 1.0 - in_region_high
    capped = ~given & active & (default > room + 1e-12)
    basis = np.where(cat_share.notna(), "category " + category + " (see its rationale)",
                     "national 2020 table: imported share of final demand for sector "
                     + primary)
    basis = pd.Series(basis, index=frame.index).where(
        ~capped, pd.Series(basis, index=frame.index)
        + ", capped at 1 - in_region_share")
    out = share.where(given, np.minimum(default, room)).where(active, 0.0)
    basis = basis.where(~given, "line").where(active, "")
    low, high = _share_range(frame, out, in_region_share, file)
    return out.astype(float), low, high, basis.astype(str)


def _share_range(frame, share, in_region_share, file):
    field = "import_share_range"
    raw = _column(frame, field)
    given = raw.map(lambda v: not (v is None or (np.isscalar(v) and pd.isna(v))))
    pair = raw.map(lambda v: isinstance(v, (list, tuple)) and len(v) == 2
                   and all(_real(x) for x in v))
    _fail(frame, given & ~pair, field, "must be [low, high], two numbers", file)
    low = raw.where(pair).map(lambda v: float(v[0]) if isinstance(v, (list, tuple))
                              else np.nan).astype(float)
    high = raw.where(pair).map(lambda v: float(v[1]) if isinstance(v, (list, tuple))
                               else np.nan).astype(float)
    _fail(frame, pair & ~(np.isfinite(low) & np.isfinite(high) & (low >= 0) & (high <= 1)
                          & (low <= high)), field, "must be 0 <= low <= high <= 1", file)
    _fail(frame, pair & ((share < low) | (share > high)), field,
          "must contain the line's import_share (as written or its default)", file)
    _fail(frame, pair & (high + in_region_share > 1 + 1e-12), field,
          "high + in_region_share must not exceed 1", file)
    return low, high


def supplied_from(frame: pd.DataFrame, tables: Tables, file=None) -> pd.Series:
    """Canonical ``supplied_from`` text per line ('' for the GRDP-weighted default).

    A region name (short, full or English) or a mapping of region: positive weight; the
    weights are normalised to sum to 1.
    """
    raw = _column(frame, "supplied_from")
    out = pd.Series("", index=frame.index, dtype=object)
    for i, value in raw[raw.notna()].items():
        weights = {value: 1.0} if isinstance(value, str) else value
        mask = frame.index == i
        if not isinstance(weights, dict) or not weights:
            _fail(frame, mask, "supplied_from",
                  "must be a region or a mapping of region: weight", file)
        resolved = {}
        for name, w in weights.items():
            region = tables.find_region(name)
            if region is None:
                _fail(frame, mask, "supplied_from", "unknown region; use one of "
                      + ", ".join(tables.region_names), file, pd.Series([name] * len(frame)))
            if not _real(w) or not np.isfinite(w) or w <= 0:
                _fail(frame, mask, "supplied_from", "weights must be positive numbers", file)
            resolved[region] = resolved.get(region, 0.0) + float(w)
        total = sum(resolved.values())
        out[i] = ",".join(f"{r}:{w / total!r}" for r, w in sorted(resolved.items()))
    return out


def check_supplier_regions(lines: pd.DataFrame, region: str, file=None) -> None:
    """``supplied_from`` names regions other than the project's own (that is in_region_share)."""
    own = lines["supplied_from"].str.split(",").map(
        lambda parts: any(p.split(":")[0] == region for p in parts if p))
    _fail(lines.assign(supplied_from=lines["supplied_from"]), own.to_numpy(), "supplied_from",
          f"names the project's own region {region}; purchases there are in_region_share",
          file)


PRICE_BASES = {"producer": "producer", "purchaser": "purchaser", "생산자가격": "producer",
               "구매자가격": "purchaser", "생산자": "producer", "구매자": "purchaser"}


def price_bases(frame: pd.DataFrame, category: pd.Series, active: pd.Series, tables: Tables,
                file=None) -> pd.Series:
    """``producer`` or ``purchaser`` per line: as written, else the category's default
    (goods bought from dealers are at purchaser prices), else producer."""
    raw = _column(frame, "price_basis")
    given = raw.notna()
    read = raw.map(lambda v: PRICE_BASES.get(v.strip().lower()) if isinstance(v, str) else None)
    _fail(frame, given & read.isna(), "price_basis",
          "must be producer (생산자가격) or purchaser (구매자가격)", file)
    cats = tables.categories.drop_duplicates("category").set_index("category")
    default = category.map(cats["price_basis"]) if "price_basis" in cats \
        else pd.Series("", index=frame.index)
    default = default.fillna("").replace("", "producer")
    return read.where(given, default).where(active, "producer").astype(str)
