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

from .columns import is_real, lookup, share_range, written
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


def _shares(raw: pd.Series) -> pd.Series:
    """Numbers as floats (NaN where absent or not a number)."""
    if pd.api.types.is_float_dtype(raw) or pd.api.types.is_integer_dtype(raw):
        return raw.astype(float)
    out = np.full(len(raw), np.nan)
    values = raw.to_numpy(dtype=object)
    for i in np.flatnonzero(written(raw)):
        if is_real(values[i]):
            out[i] = float(values[i])
    return pd.Series(out, index=raw.index)


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
    cats = tables.category_rows
    cat_share = lookup(category, pd.to_numeric(cats["import_share"], errors="coerce")) \
        .astype(float) if "import_share" in cats else np.full(len(frame), np.nan)
    national = pd.Series(tables.national.import_share_of_final_demand, index=tables.sector_codes)
    by_category = ~np.isnan(cat_share)
    default = np.where(by_category, cat_share, lookup(primary, national).astype(float))
    default = np.nan_to_num(default, nan=0.0)
    room = 1.0 - np.asarray(in_region_high, dtype=float)
    given, active = given.to_numpy(), np.asarray(active, dtype=bool)
    capped = ~given & active & (default > room + 1e-12)
    basis = np.where(by_category, _texts(category, "category {} (see its rationale)"),
                     _texts(primary, "national 2020 table: imported share of final demand "
                                     "for sector {}"))
    basis[capped] = basis[capped] + ", capped at 1 - in_region_share"
    basis[given] = "line"
    basis[~active] = ""
    out = pd.Series(np.where(active, np.where(given, share, np.minimum(default, room)), 0.0),
                    index=frame.index)
    basis = pd.Series(basis, index=frame.index, dtype=object)
    low, high = _share_range(frame, out, in_region_share, file)
    return out, low, high, basis


def import_basis_in(basis: str, lang: str) -> str:
    """Where a line's import share came from (``import_share_basis``), in ``lang``."""
    if lang != "ko" or not basis:
        return basis
    capped = " (1 - 지역내 구매비중으로 제한)" if "capped" in basis else ""
    if basis == "line":
        return "항목에 적은 값"
    if basis.startswith("category"):
        return "분류 기본값 (분류표의 근거 참조)" + capped
    return f"2020년 전국표: {basis.split('sector ')[-1].split(',')[0]} 부문 최종수요의 " \
           f"수입 비중{capped}"


def _texts(values, template: str) -> np.ndarray:
    """``template.format(value)`` for each value, formatted once per distinct value."""
    codes, distinct = pd.factorize(np.asarray(values, dtype=object))
    texts = np.array([template.format(v) for v in distinct] + [""], dtype=object)
    return texts[codes]


def _share_range(frame, share, in_region_share, file):
    field = "import_share_range"
    low, high = share_range(frame, field, share, file, point="import_share")
    _fail(frame, high + in_region_share > 1 + 1e-12, field,
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
            if not is_real(w) or not np.isfinite(w) or w <= 0:
                _fail(frame, mask, "supplied_from", "weights must be positive numbers", file)
            resolved[region] = resolved.get(region, 0.0) + float(w)
        total = sum(resolved.values())
        out[i] = ",".join(f"{r}:{w / total!r}" for r, w in sorted(resolved.items()))
    return out


def check_supplier_regions(lines: pd.DataFrame, region: str, file=None) -> None:
    """``supplied_from`` names regions other than the project's own (that is in_region_share)."""
    named = lines["supplied_from"].to_numpy(dtype=object)
    own = np.zeros(len(named), dtype=bool)
    for i in np.flatnonzero(named != ""):
        own[i] = any(part.split(":")[0] == region for part in named[i].split(","))
    _fail(lines, own, "supplied_from",
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
    read = pd.Series(None, index=frame.index, dtype=object)
    if given.any():
        read[given] = raw[given].map(lambda v: PRICE_BASES.get(v.strip().lower())
                                     if isinstance(v, str) else None)
    _fail(frame, given & read.isna(), "price_basis",
          "must be producer (생산자가격) or purchaser (구매자가격)", file)
    cats = tables.category_rows
    default = lookup(category, cats["price_basis"], "") if "price_basis" in cats \
        else np.full(len(frame), "", dtype=object)
    default = np.where(pd.isna(default) | (default == ""), "producer", default)
    basis = np.where(given.to_numpy(), read.to_numpy(dtype=object), default)
    return pd.Series(np.where(np.asarray(active, dtype=bool), basis, "producer"),
                     index=frame.index, dtype=object)
