"""Budget lines: the schema users write, and its vectorised validation.

A budget is a frame with one row per line (see :data:`LINE_FIELDS`).  Validation
works on whole columns at once and raises :class:`BudgetError` for the first bad
value, naming the file, the YAML line (or row), the field and the value.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .columns import NUMBER_TYPES, is_real, positions, share_range, written
from .errors import BudgetError
from .errors import fail_first_row as _fail
from .params import evaluate, is_expression
from .sourcing import SOURCING_FIELDS, import_shares, price_bases, supplied_from
from .spellings import LINE_FIELD_KO, UNITS_IN_MILLION_WON, category_problem, \
    number_problem, resolve_categories, sector_problem, unknown_field_message
from .tables import Tables

__all__ = ["LINE_FIELDS", "UNITS_IN_MILLION_WON", "normalise_lines", "resolve_expressions",
           "sector_deflators"]
PHASES = {"construction": "construction", "operation": "operation",
          "건설": "construction", "운영": "operation"}
CANONICAL_PHASES = ("construction", "operation")
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
LINE_FIELDS.update(SOURCING_FIELDS)
REQUIRED_FIELDS = ("item", "amount", "year", "phase")


TEXT_TYPES = frozenset({str})


def _numeric_dtype(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _is_type(series: pd.Series, kinds: frozenset) -> np.ndarray:
    """True where a cell's exact type is one of ``kinds`` (one pass over the column;
    exact types, so a bool is not taken for a number)."""
    return np.fromiter((type(v) in kinds for v in series.to_numpy()), dtype=bool,
                       count=len(series))


def _is_number(series: pd.Series) -> pd.Series:
    if _numeric_dtype(series):
        return pd.Series(True, index=series.index)
    return pd.Series(_is_type(series, NUMBER_TYPES), index=series.index)


def _is_text(series: pd.Series) -> np.ndarray:
    """True for str cells (a column of numbers or NaN holds none; a string column holds
    nothing else)."""
    if isinstance(series.dtype, pd.StringDtype):
        return series.notna().to_numpy()
    if _numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return np.zeros(len(series), dtype=bool)
    return _is_type(series, TEXT_TYPES)


def _stripped_text(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(True for text that is not empty or only spaces, the column's text stripped)."""
    text = _is_text(series)
    if text.all():  # strip each distinct text once (budgets repeat their items)
        codes, distinct = pd.factorize(series)
        stripped = pd.Series(pd.Index(distinct).str.strip().to_numpy(dtype=object)[codes],
                             index=series.index)
    else:
        stripped = series.where(text).astype(object)
        if text.any():
            stripped[text] = series[text].astype(str).str.strip()
    return text & (stripped != "").to_numpy(), stripped


def _nonblank_text(series: pd.Series) -> np.ndarray:
    """True for text that is not empty or only spaces."""
    return _stripped_text(series)[0]


def default_line_ids(n: int) -> pd.Series:
    """``L01, L02, ...``: the id of a line that gives none."""
    return _text_column(_default_ids(n))


def _text_column(values, index=None) -> pd.Series:
    """Text as an object column: the validated columns stay numpy object arrays (pandas'
    inference would convert every text column to its string dtype, costing more than
    the checks)."""
    return pd.Series(np.asarray(values, dtype=object), index=index, dtype=object)


@functools.lru_cache(maxsize=16)
def _default_ids(n: int) -> np.ndarray:
    # made once per budget length: a project is validated again for every scenario
    ids = np.array([f"L{i:02d}" for i in range(1, n + 1)], dtype=object)
    ids.flags.writeable = False
    return ids


def _to_float(series: pd.Series) -> pd.Series:
    """The numbers in ``series`` as floats: NaN where a cell is not a number, and +/-inf
    for an integer too large for a float (so range checks refuse it, not OverflowError)."""
    if _numeric_dtype(series):
        return series.astype(float) if series.dtype.kind in "fiu" else series
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
                        fields=("amount", "in_region_share", "import_share")) -> pd.DataFrame:
    """Replace ``'=expr'`` cells in ``fields`` by their values under ``values``."""
    frame = frame.copy()
    if "in_region_share" in frame and "in_region_share_range" in frame \
            and not _numeric_dtype(frame["in_region_share"]):
        both = frame["in_region_share"].map(is_expression) \
            & frame["in_region_share_range"].map(lambda v: isinstance(v, (list, tuple)))
        _fail(frame, both, "in_region_share_range",
              "not with an '=expression' in_region_share: give the parameters low and high",
              file)
    for field in fields:
        if field not in frame or _numeric_dtype(frame[field]):  # numbers hold no '=expr'
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
    if field not in frame:
        if required:
            _fail(frame, np.ones(len(frame), bool), field, "required field is missing", file,
                  pd.Series([None] * len(frame)))
        return pd.Series(np.nan, index=frame.index)
    values = frame[field]
    missing = pd.isna(values.to_numpy())
    if required:
        _fail(frame, missing, field, "required field is missing", file)
    numeric = _to_float(values)
    years = numeric.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):  # inf: refused by the range check
        bad = ~missing & (np.isnan(years) | (years != np.floor(years)))
        _fail(frame, bad, field, lambda v: number_problem(v, "must be a whole year"), file,
              values)
        lo, hi = YEAR_RANGE
        _fail(frame, ~missing & ((years < lo) | (years > hi)), field,
              f"year must be between {lo} and {hi}", file, values)
    return numeric


def _column(frame: pd.DataFrame, field: str) -> pd.Series:
    return frame[field] if field in frame else pd.Series(np.nan, index=frame.index)


@functools.lru_cache(maxsize=8)
def sector_deflators(tables: Tables) -> dict[str, str]:
    """The price series a line given by ``sector`` takes when it names none.

    The series the categories mapped to that sector use, where they agree (50 building
    construction: ``construction_building``; 51 civil works: ``construction_civil``;
    manufactured equipment: ``ppi_total``), so a line gives the same 2020-price amount
    whether it is written with its category or its sector; otherwise the GDP deflator.
    """
    cats = tables.categories[(tables.categories["sector_code"] != "")
                             & (tables.categories["deflator"] != "")]
    agreed = cats.groupby("sector_code")["deflator"].agg(lambda d: d.iat[0] if d.nunique() == 1
                                                          else DEFAULT_DEFLATOR)
    return {code: agreed.get(code, DEFAULT_DEFLATOR) for code in tables.sector_codes}


def normalise_lines(frame: pd.DataFrame, tables: Tables, *, price_year, file=None) -> pd.DataFrame:
    """Validate raw budget lines (expressions already resolved) and fill in defaults.

    Returns one row per line with typed columns: ``line_id, item, amount, sector_code,
    category, year, recurs_until, spread_until, phase, in_region_share, deflator,
    deflator_source, price_year, exclude, note, source_line`` (and the uncertainty fields).
    Checks run a column at a time; a field the frame does not have is not checked.
    """
    frame = frame.reset_index(drop=True)
    if "source_line" not in frame:
        frame = frame.assign(source_line=np.arange(1, len(frame) + 1))
    unknown = [c for c in frame.columns if c not in LINE_FIELDS and c != "source_line"]
    for column in unknown:
        present = frame[column].notna()
        _fail(frame, present, column, unknown_field_message(column, list(LINE_FIELDS),
                                                            LINE_FIELD_KO), file)
    for field in REQUIRED_FIELDS:
        if field not in frame:
            _fail(frame, np.ones(len(frame), bool), field, "required field is missing", file,
                  pd.Series([None] * len(frame)))
        _fail(frame, frame[field].isna(), field, "required field is missing", file)

    out: dict[str, object] = {}  # columns, made into one frame at the end
    default_ids = default_line_ids(len(frame))
    if "id" in frame:
        ids = frame["id"]
        given = ids.notna().to_numpy()
        usable = _nonblank_text(ids) | _is_number(ids).to_numpy()
        _fail(frame, given & ~usable, "id", "must be text or a number", file)
        ids = _text_column(ids.where(given, default_ids).astype(str), frame.index)
    else:
        ids = default_ids
    if "id" in frame:  # (the default ids are distinct)
        _fail(frame, ids.duplicated().to_numpy(), "id", "duplicate line id", file, ids)
    out["line_id"] = ids.set_axis(frame.index)

    nonblank, items = _stripped_text(frame["item"])
    _fail(frame, ~nonblank, "item", "must be non-empty text", file)
    out["item"] = _text_column(items, frame.index)

    amounts = frame["amount"]
    numeric = _to_float(amounts)
    _fail(frame, numeric.isna(), "amount", number_problem, file)
    _fail(frame, ~np.isfinite(numeric), "amount", "must be finite", file)
    _fail(frame, numeric < 0, "amount", "must not be negative", file)
    out["amount"] = numeric.astype(float)

    if "exclude" in frame:
        exclude = frame["exclude"]
        exclude_given, stripped = _stripped_text(exclude)
        _fail(frame, exclude.notna().to_numpy() & ~exclude_given, "exclude",
              "must be a reason (text) or absent", file)
        exclude = stripped.where(exclude_given, "")
    else:
        exclude_given = np.zeros(len(frame), dtype=bool)
        exclude = pd.Series("", index=frame.index, dtype=object)

    categories = tables.category_rows
    written_category, sector = _column(frame, "category"), _column(frame, "sector")
    has_cat, has_sector = written_category.notna(), sector.notna()
    _fail(frame, has_cat & has_sector, "sector", "give either sector or category, not both", file)
    _fail(frame, ~has_cat & ~has_sector & ~exclude_given, "category",
          "each line needs a sector or a category (or an exclude reason)", file,
          pd.Series([None] * len(frame)))
    category = resolve_categories(written_category, tables) if has_cat.any() else written_category
    _fail(frame, has_cat & category.isna(), "category",
          lambda v: category_problem(v, tables), file)
    known_codes = set(tables.sector_codes)
    # sector codes are two-digit text, exactly: 5, "5" and 010 (YAML octal 8) are refused
    _fail(frame, has_sector & ~sector.isin(known_codes), "sector", sector_problem, file)
    out["category"] = _text_column(np.where(has_cat, category.to_numpy(dtype=object), ""),
                                   frame.index)
    out["sector_code"] = _text_column(np.where(has_sector, sector.to_numpy(dtype=object), ""),
                                      frame.index)

    # each line's category row, by position (-1: no category), so defaults are array takes
    cat_pos = positions(categories.index, category.where(has_cat))

    def category_default(column: str, none) -> np.ndarray:
        values = categories[column].to_numpy(dtype=object)
        return np.append(values, none)[cat_pos]

    cat_exclude = category_default("exclude_reason", "")
    own_exclude = np.asarray(exclude_given, dtype=bool)
    exclude = pd.Series(np.where(own_exclude, exclude.to_numpy(dtype=object), cat_exclude),
                        index=frame.index, dtype=object)
    out["exclude"] = exclude
    cat_excludes = np.append((categories["exclude_reason"] != "").to_numpy(), False)[cat_pos]
    no_exclude = ~own_exclude & ~cat_excludes

    out["year"] = _integer_field(frame, "year", file, True).astype(int)
    for field in ("recurs_until", "spread_until"):
        until = _integer_field(frame, field, file, False)
        _fail(frame, until.notna() & (until < out["year"]), field,
              "must not be before year", file, frame.get(field))
        out[field] = until.astype("Int64")
    _fail(frame, out["recurs_until"].notna() & out["spread_until"].notna(), "spread_until",
          "give recurs_until or spread_until, not both", file)

    written_phase = frame["phase"]
    phases = written_phase.where(written_phase.isin(CANONICAL_PHASES)).astype(object)
    odd = phases.isna() & pd.Series(_is_text(written_phase), index=frame.index)
    if odd.any():  # 건설, " Construction" and the like
        phases[odd] = written_phase[odd].astype(str).str.strip().str.lower().map(PHASES)
    _fail(frame, phases.isna(), "phase", "must be construction (건설) or operation (운영)", file)
    out["phase"] = _text_column(phases, frame.index)

    default_share = category_default("in_region_share", np.nan).astype(float)
    shares = _column(frame, "in_region_share")
    given = shares.notna()
    share_num = _to_float(shares)
    _fail(frame, given & share_num.isna(), "in_region_share", number_problem, file)
    _fail(frame, given & ((share_num < 0) | (share_num > 1) | ~np.isfinite(share_num)),
          "in_region_share", "must be between 0 and 1", file)
    _fail(frame, ~given & has_sector & no_exclude, "in_region_share",
          "required when a line gives a sector (categories carry a default)", file)
    out["in_region_share"] = share_num.where(given, pd.Series(default_share, index=frame.index))
    out["in_region_share"] = out["in_region_share"].fillna(0.0).astype(float)

    # the line's own series, else its category's, else its sector's, else the GDP deflator
    written_deflator = _column(frame, "deflator")
    own = written_deflator.notna().to_numpy()
    cat_deflator = category_default("deflator", "")
    by_category = np.append((categories["deflator"] != "").to_numpy(), False)[cat_pos]
    by_sector = positions(tables.sector_index, sector.where(has_sector))
    sector_deflator = np.append(np.array(list(sector_deflators(tables).values()), dtype=object),
                                "")[by_sector]
    choices = [own, ~own & by_category, ~own & ~by_category & (by_sector >= 0)]
    source = np.select(choices, ["line", "category", "sector"], "default")
    deflator = np.select(choices, [written_deflator.to_numpy(dtype=object), cat_deflator,
                                   sector_deflator], DEFAULT_DEFLATOR)
    deflator = pd.Series(deflator, index=frame.index, dtype=object)
    first_year = tables.price_series_start
    _fail(frame, ~deflator.isin(first_year.index), "deflator",
          f"unknown price series; known: {', '.join(sorted(first_year.index))}", file, deflator)
    out["deflator"] = deflator
    out["deflator_source"] = _text_column(source, frame.index)

    line_price_year = _integer_field(frame, "price_year", file, False)
    out["price_year"] = line_price_year.fillna(price_year).astype(int)
    which, used = pd.factorize(out["deflator"])
    starts = first_year.reindex(used).to_numpy()[which]
    early = out["price_year"].to_numpy() < starts
    if early.any():
        row = int(np.argmax(early))
        whose = "the line's" if pd.notna(line_price_year.iat[row]) else "the project's"
        _fail(frame, early, "price_year",
              f"{whose} price year is before price series {out['deflator'].iat[row]} starts "
              f"({int(starts[row])}); give a later price_year or another deflator",
              file, out["price_year"])

    if "note" in frame:
        note = frame["note"]
        _fail(frame, note.notna().to_numpy() & ~_is_text(note), "note", "must be text", file)
        out["note"] = _text_column(np.where(note.notna(), note.to_numpy(dtype=object), ""),
                                   frame.index)
    else:
        out["note"] = ""
    low, high = share_range(frame, "in_region_share_range", out["in_region_share"], file,
                            point="in_region_share")
    out["in_region_share_low"], out["in_region_share_high"] = low, high
    primary = pd.Series(np.where(has_sector, out["sector_code"].to_numpy(dtype=object),
                                 category_default("sector_code", "")), index=frame.index)
    if "alt_sectors" in frame:
        out["alt_sectors"] = _alt_sectors(frame, primary, known_codes, file)
    else:
        out["alt_sectors"] = pd.Series([{} for _ in range(len(frame))], index=frame.index,
                                       dtype=object)
    active = out["exclude"] == ""
    (out["import_share"], out["import_share_low"], out["import_share_high"],
     out["import_share_basis"]) = import_shares(frame, out["in_region_share"],
                                                high.fillna(out["in_region_share"]),
                                                primary.fillna("").where(active, ""),
                                                out["category"], active, tables, file)
    out["supplied_from"] = supplied_from(frame, tables, file)
    out["price_basis"] = price_bases(frame, out["category"], active, tables, file)
    out["source_line"] = frame["source_line"].astype(int)
    return pd.DataFrame(out, index=frame.index)


def _alt_sectors(frame: pd.DataFrame, primary: pd.Series, known_codes: set, file) -> pd.Series:
    """Validate ``alt_sectors: {code: weight}``; return ``{code: weight}`` dicts (empty if absent).

    Codes are BOK sectors other than the line's own; weights are numbers in (0, 1) whose
    sum is below 1 (the rest is the chance that the line's own mapping is right).
    """
    field = "alt_sectors"
    raw = frame[field]
    given = written(raw)
    _fail(frame, given & ~raw.map(lambda v: isinstance(v, dict) and len(v) > 0), field,
          "must be a mapping of sector code: weight", file)
    parsed = raw.map(lambda v: dict(v) if isinstance(v, dict) else {})
    # (a list, not a Series: pandas would turn the integer keys into floats)
    bad_code = [next((code for code in d if code not in known_codes), None) for d in parsed]
    has_bad = np.array([code is not None for code in bad_code], dtype=bool)
    _fail(frame, has_bad, field, lambda v: sector_problem(
        bad_code[int(np.argmax(has_bad))], 'alt_sectors: {{"{}": weight}}'), file)
    _fail(frame, parsed.map(lambda d: not all(is_real(w) and 0 < w < 1 for w in d.values())),
          field, "weights must be numbers between 0 and 1", file)
    _fail(frame, parsed.map(lambda d: sum(d.values()) >= 1), field,
          "weights must sum to less than 1 (the rest is the line's own mapping)", file)
    _fail(frame, given & (primary == ""), field,
          "needs a line mapped to a sector (not an excluded line)", file)
    _fail(frame, pd.Series([code in d for code, d in zip(primary, parsed)], index=frame.index),
          field, "lists the line's own sector", file)
    return parsed.map(lambda d: {k: float(w) for k, w in d.items()})
