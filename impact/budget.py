"""Budget lines: the schema users write, and its vectorised validation.

A budget is a frame with one row per line (see :data:`LINE_FIELDS`).  Validation
works on whole columns at once and raises :class:`BudgetError` for the first bad
value, naming the file, the YAML line (or row), the field and the value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import BudgetError
from .params import evaluate, is_expression
from .tables import Tables

UNITS_IN_MILLION_WON = {"원": 1e-6, "천원": 1e-3, "백만원": 1.0, "억원": 100.0, "조원": 1e6}
PHASES = {"construction": "construction", "operation": "operation",
          "건설": "construction", "운영": "operation"}
YEAR_RANGE = (2000, 2100)
DEFAULT_DEFLATOR = "gdp_deflator"

LINE_FIELDS = {
    "id": "line id (default L01, L02, ...), used by scenarios",
    "item": "what is bought (free text)",
    "amount": "amount in the project's unit, priced in price_year; a number or '=expression'",
    "sector": "BOK sector code '01'..'83' (or give category)",
    "category": "named default in tables/categories.csv (or give sector)",
    "year": "year the money is spent",
    "recurs_until": "last year of a recurring annual amount (amount is per year)",
    "spread_until": "last year over which the total amount is spread evenly",
    "phase": "construction (건설) or operation (운영)",
    "in_region_share": "share bought from producers in the project region, 0-1",
    "deflator": "price series used to convert to 2020 prices",
    "price_year": "year the amount is priced in (default: the project's)",
    "exclude": "reason the line is not final demand; it is kept but contributes zero",
    "note": "the assumption behind the line, one sentence",
    "in_region_share_range": "[low, high]: plausible range of in_region_share, for uncertainty "
                             "bands (not with an '=expression' share: give the parameter low/high)",
    "alt_sectors": "{sector code: weight}: chance that the line belongs in another BOK sector, "
                   "for uncertainty bands (weights sum below 1)",
}
REQUIRED_FIELDS = ("item", "amount", "year", "phase")


def _fail(frame: pd.DataFrame, mask, field: str, message: str, file, values=None) -> None:
    """Raise for the first row where ``mask`` is true."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    row = int(np.argmax(mask))
    source = frame["source_line"].iloc[row] if "source_line" in frame else row + 1
    shown = (values if values is not None else frame[field]).iloc[row] \
        if field in frame or values is not None else None
    raise BudgetError(message, file=file, line=int(source) if pd.notna(source) else None,
                      field=f"lines[{row + 1}].{field}", value=_plain(shown))


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    return value


def _is_number(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return pd.Series(True, index=series.index)
    return series.map(lambda v: isinstance(v, (int, float, np.integer, np.floating))
                      and not isinstance(v, (bool, np.bool_)))


def _to_float(series: pd.Series) -> pd.Series:
    """The numbers in ``series`` as floats: NaN where a cell is not a number, and +/-inf
    for an integer too large for a float (so range checks refuse it, not OverflowError)."""
    numbers = series.where(_is_number(series))
    try:
        return pd.to_numeric(numbers, errors="coerce")
    except OverflowError:
        return numbers.map(_float_or_inf).astype(float)


def _float_or_inf(value) -> float:
    try:
        return float(value)
    except OverflowError:
        return np.inf if value > 0 else -np.inf
    except (TypeError, ValueError):
        return np.nan


def resolve_expressions(frame: pd.DataFrame, values: dict, file=None,
                        fields=("amount", "in_region_share")) -> pd.DataFrame:
    """Replace ``'=expr'`` cells in ``fields`` by their values under ``values``."""
    frame = frame.copy()
    if "in_region_share" in frame and "in_region_share_range" in frame:
        both = frame["in_region_share"].map(is_expression) \
            & frame["in_region_share_range"].map(lambda v: isinstance(v, (list, tuple)))
        _fail(frame, both, "in_region_share_range",
              "not with an '=expression' in_region_share: give the parameters low and high",
              file)
    for field in fields:
        if field not in frame:
            continue
        column = frame[field]
        exprs = column.map(is_expression)
        if not exprs.any():
            continue
        column = column.astype(object)
        for row in np.flatnonzero(exprs.to_numpy()):
            try:
                column.iat[row] = evaluate(column.iat[row], values)
            except BudgetError as exc:
                source = frame["source_line"].iat[row] if "source_line" in frame else row + 1
                raise BudgetError(exc.message, file=file, line=int(source),
                                  field=f"lines[{row + 1}].{field}", value=exc.value) from None
            except OverflowError:
                source = frame["source_line"].iat[row] if "source_line" in frame else row + 1
                raise BudgetError("number too large", file=file, line=int(source),
                                  field=f"lines[{row + 1}].{field}",
                                  value=column.iat[row]) from None
        frame[field] = column
    return frame


def _integer_field(frame, field, file, required):
    values = frame[field] if field in frame else pd.Series(np.nan, index=frame.index)
    missing = values.isna()
    if required:
        _fail(frame, missing, field, "required field is missing", file)
    numeric = _to_float(values)
    bad = ~missing & (numeric.isna() | (numeric != np.floor(numeric)))
    _fail(frame, bad, field, "must be a whole year", file, values)
    lo, hi = YEAR_RANGE
    _fail(frame, ~missing & ((numeric < lo) | (numeric > hi)), field,
          f"year must be between {lo} and {hi}", file, values)
    return numeric


def normalise_lines(frame: pd.DataFrame, tables: Tables, *, price_year, file=None) -> pd.DataFrame:
    """Validate raw budget lines (expressions already resolved) and fill in defaults.

    Returns one row per line with typed columns: ``line_id, item, amount, sector_code,
    category, year, recurs_until, spread_until, phase, in_region_share, deflator,
    price_year, exclude, note, source_line``.
    """
    frame = frame.reset_index(drop=True)
    if "source_line" not in frame:
        frame = frame.assign(source_line=np.arange(1, len(frame) + 1))
    unknown = [c for c in frame.columns if c not in LINE_FIELDS and c != "source_line"]
    for column in unknown:
        present = frame[column].notna()
        _fail(frame, present, column,
              f"unknown field; known fields: {', '.join(LINE_FIELDS)}", file)
    for field in REQUIRED_FIELDS:
        if field not in frame:
            _fail(frame, np.ones(len(frame), bool), field, "required field is missing", file,
                  pd.Series([None] * len(frame)))
        _fail(frame, frame[field].isna(), field, "required field is missing", file)

    out = pd.DataFrame(index=frame.index)
    ids = frame["id"] if "id" in frame else pd.Series(np.nan, index=frame.index)
    given_ids = ids[ids.notna()]
    _fail(frame, ids.notna() & ~(given_ids.map(lambda v: isinstance(v, str) and v.strip() != "")
                                 | _is_number(given_ids)).reindex(ids.index, fill_value=True),
          "id", "must be text or a number", file)
    default_ids = pd.Series([f"L{i:02d}" for i in range(1, len(frame) + 1)], index=frame.index)
    ids = ids.where(ids.notna(), default_ids).astype(str)
    _fail(frame, ids.duplicated().to_numpy(), "id", "duplicate line id", file, ids)
    out["line_id"] = ids

    items = frame["item"]
    _fail(frame, ~items.map(lambda v: isinstance(v, str) and v.strip() != ""), "item",
          "must be non-empty text", file)
    out["item"] = items.str.strip()

    amounts = frame["amount"]
    numeric = _to_float(amounts)
    _fail(frame, numeric.isna(), "amount", "must be a number", file)
    _fail(frame, ~np.isfinite(numeric), "amount", "must be finite", file)
    _fail(frame, numeric < 0, "amount", "must not be negative", file)
    out["amount"] = numeric.astype(float)

    exclude = frame["exclude"] if "exclude" in frame else pd.Series(np.nan, index=frame.index)
    bad_exclude = exclude.notna() & ~exclude.map(lambda v: isinstance(v, str) and v.strip() != "")
    _fail(frame, bad_exclude, "exclude", "must be a reason (text) or absent", file)
    exclude = exclude.astype(object).where(exclude.notna(), "").astype(str).str.strip()

    categories = tables.categories.drop_duplicates("category").set_index("category")
    category = frame["category"] if "category" in frame else pd.Series(np.nan, index=frame.index)
    sector = frame["sector"] if "sector" in frame else pd.Series(np.nan, index=frame.index)
    has_cat, has_sector = category.notna(), sector.notna()
    _fail(frame, has_cat & has_sector, "sector", "give either sector or category, not both", file)
    _fail(frame, ~has_cat & ~has_sector & (exclude == ""), "category",
          "each line needs a sector or a category (or an exclude reason)", file,
          pd.Series([None] * len(frame)))
    unknown_cat = has_cat & ~category.isin(categories.index)
    _fail(frame, unknown_cat, "category",
          f"unknown category; known: {', '.join(categories.index)}", file)
    codes = sector.map(_sector_code)
    known_codes = set(tables.sector_codes)
    _fail(frame, has_sector & ~codes.isin(known_codes), "sector",
          "unknown sector code; use '01'..'83' (BOK 통합중분류)", file)
    out["category"] = category.where(has_cat, "").astype(str)
    out["sector_code"] = codes.where(has_sector, "").astype(str)

    cat_rows = categories.reindex(category.where(has_cat))
    cat_exclude = cat_rows["exclude_reason"].fillna("").to_numpy()
    exclude = exclude.where(exclude != "", pd.Series(cat_exclude, index=frame.index))
    out["exclude"] = exclude

    out["year"] = _integer_field(frame, "year", file, True).astype(int)
    for field in ("recurs_until", "spread_until"):
        until = _integer_field(frame, field, file, False)
        _fail(frame, until.notna() & (until < out["year"]), field,
              "must not be before year", file, frame.get(field))
        out[field] = until.astype("Int64")
    _fail(frame, out["recurs_until"].notna() & out["spread_until"].notna(), "spread_until",
          "give recurs_until or spread_until, not both", file)

    phases = frame["phase"].map(lambda v: PHASES.get(v.strip().lower()) if isinstance(v, str)
                                else None)
    _fail(frame, phases.isna(), "phase", "must be construction (건설) or operation (운영)", file)
    out["phase"] = phases

    default_share = cat_rows["in_region_share"].to_numpy()
    shares = frame["in_region_share"] if "in_region_share" in frame \
        else pd.Series(np.nan, index=frame.index)
    given = shares.notna()
    share_num = _to_float(shares)
    _fail(frame, given & share_num.isna(), "in_region_share", "must be a number", file)
    _fail(frame, given & ((share_num < 0) | (share_num > 1) | ~np.isfinite(share_num)),
          "in_region_share", "must be between 0 and 1", file)
    _fail(frame, ~given & has_sector & (exclude == ""), "in_region_share",
          "required when a line gives a sector (categories carry a default)", file)
    out["in_region_share"] = share_num.where(given, pd.Series(default_share, index=frame.index))
    out["in_region_share"] = out["in_region_share"].fillna(0.0).astype(float)

    deflator = frame["deflator"] if "deflator" in frame else pd.Series(np.nan, index=frame.index)
    cat_deflator = pd.Series(cat_rows["deflator"].replace("", np.nan).to_numpy(), index=frame.index)
    deflator = deflator.where(deflator.notna(), cat_deflator).fillna(DEFAULT_DEFLATOR)
    series = set(tables.price_indices["series"])
    _fail(frame, ~deflator.isin(series), "deflator",
          f"unknown price series; known: {', '.join(sorted(series))}", file, deflator)
    out["deflator"] = deflator.astype(str)

    line_price_year = _integer_field(frame, "price_year", file, False)
    out["price_year"] = line_price_year.fillna(price_year).astype(int)
    starts = out["deflator"].map(tables.price_indices.groupby("series")["year"].min()).to_numpy()
    early = out["price_year"].to_numpy() < starts
    if early.any():
        row = int(np.argmax(early))
        whose = "the line's" if pd.notna(line_price_year.iat[row]) else "the project's"
        _fail(frame, early, "price_year",
              f"{whose} price year is before price series {out['deflator'].iat[row]} starts "
              f"({int(starts[row])}); give a later price_year or another deflator",
              file, out["price_year"])

    note = frame["note"] if "note" in frame else pd.Series(np.nan, index=frame.index)
    _fail(frame, note.notna() & ~note.map(lambda v: isinstance(v, str)), "note",
          "must be text", file)
    out["note"] = note.astype(object).where(note.notna(), "").astype(str)
    low, high = _share_range(frame, out["in_region_share"], file)
    out["in_region_share_low"], out["in_region_share_high"] = low, high
    primary = out["sector_code"].where(out["sector_code"] != "",
                                       out["category"].map(categories["sector_code"]))
    out["alt_sectors"] = _alt_sectors(frame, primary.fillna(""), known_codes, file)
    out["source_line"] = frame["source_line"].astype(int)
    return out


def _present(value) -> bool:
    """True for a value that was written (lists and mappings included), False for NaN/None."""
    return not (value is None or (np.isscalar(value) and pd.isna(value)))


def _is_real(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) \
        and not isinstance(value, (bool, np.bool_))


def _bound(pair, i: int) -> float:
    """``float(pair[i])`` (inf for an integer too large for a float); NaN without a pair."""
    if not isinstance(pair, (list, tuple)):
        return np.nan
    try:
        return float(pair[i])
    except OverflowError:
        return np.inf


def _share_range(frame: pd.DataFrame, share: pd.Series, file) -> tuple[pd.Series, pd.Series]:
    """Validate ``in_region_share_range: [low, high]``; return (low, high), NaN where absent.

    Both bounds are numbers, ``0 <= low <= high <= 1``, and the line's point share (as
    written or the category default) lies within them.
    """
    field = "in_region_share_range"
    raw = frame[field] if field in frame else pd.Series(np.nan, index=frame.index)
    given = raw.map(_present)
    pair = raw.map(lambda v: isinstance(v, (list, tuple)) and len(v) == 2
                   and all(_is_real(x) for x in v))
    _fail(frame, given & ~pair, field, "must be [low, high], two numbers", file)
    low = raw.where(pair).map(lambda v: _bound(v, 0)).astype(float)
    high = raw.where(pair).map(lambda v: _bound(v, 1)).astype(float)
    _fail(frame, pair & ~(np.isfinite(low) & np.isfinite(high) & (low >= 0) & (high <= 1)
                          & (low <= high)), field, "must be 0 <= low <= high <= 1", file)
    _fail(frame, pair & ((share < low) | (share > high)), field,
          "must contain the line's in_region_share (as written or the category default)",
          file)
    return low, high


def _alt_sectors(frame: pd.DataFrame, primary: pd.Series, known_codes: set, file) -> pd.Series:
    """Validate ``alt_sectors: {code: weight}``; return ``{code: weight}`` dicts (empty if absent).

    Codes are BOK sectors other than the line's own; weights are numbers in (0, 1) whose
    sum is below 1 (the rest is the chance that the line's own mapping is right).
    """
    field = "alt_sectors"
    raw = frame[field] if field in frame else pd.Series(np.nan, index=frame.index)
    given = raw.map(_present)
    _fail(frame, given & ~raw.map(lambda v: isinstance(v, dict) and len(v) > 0), field,
          "must be a mapping of sector code: weight", file)
    parsed = raw.map(lambda v: {_sector_code(k): w for k, w in v.items()}
                     if isinstance(v, dict) else {})
    _fail(frame, parsed.map(lambda d: any(code not in known_codes for code in d)), field,
          "unknown sector code; use '01'..'83' (BOK 통합중분류)", file)
    _fail(frame, parsed.map(lambda d: not all(_is_real(w) and 0 < w < 1 for w in d.values())),
          field, "weights must be numbers between 0 and 1", file)
    _fail(frame, parsed.map(lambda d: sum(d.values()) >= 1), field,
          "weights must sum to less than 1 (the rest is the line's own mapping)", file)
    _fail(frame, given & (primary == ""), field,
          "needs a line mapped to a sector (not an excluded line)", file)
    _fail(frame, pd.Series([code in d for code, d in zip(primary, parsed)], index=frame.index),
          field, "lists the line's own sector", file)
    return parsed.map(lambda d: {k: float(w) for k, w in d.items()})


def _sector_code(value) -> str | None:
    """Accept '61', 61 or '6'/'06'; return the two-digit code or None."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, (int, np.integer)):
        return f"{int(value):02d}"
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return f"{int(value.strip()):02d}"
    return None
