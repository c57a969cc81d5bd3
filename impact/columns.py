"""Checks on one column of budget lines at a time, shared by the budget fields
(:mod:`impact.budget`) and the sourcing fields (:mod:`impact.sourcing`).

Optional fields are mostly absent or blank, so the per-value work (lists, mappings,
mixed types) runs over the cells that were written, never over the whole column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import fail_first_row

# exact types, so that a bool (True is an int in Python) is never taken for a number
NUMBER_TYPES = frozenset({int, float, np.int64, np.float64, np.int32, np.float32, np.int16,
                          np.int8, np.uint8, np.uint16, np.uint32, np.uint64})


def is_real(value) -> bool:
    """A number written as a number (not a bool, not text)."""
    return type(value) in NUMBER_TYPES


def written(raw: pd.Series) -> np.ndarray:
    """True where a cell holds a value (a list or a mapping included), False for NaN/None."""
    return ~pd.isna(raw.to_numpy(dtype=object))


def _bound(pair, i: int) -> float:
    """``float(pair[i])``, inf for an integer too large for a float."""
    try:
        return float(pair[i])
    except OverflowError:
        return np.inf


def number_pairs(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(given, pair, low, high)`` for a column of ``[low, high]`` cells.

    ``given``: a value was written; ``pair``: it is a list of two numbers, whose bounds are
    ``low`` and ``high`` (NaN elsewhere).
    """
    n = len(raw)
    given = written(raw)
    pair = np.zeros(n, dtype=bool)
    low, high = np.full(n, np.nan), np.full(n, np.nan)
    values = raw.to_numpy(dtype=object)
    for i in np.flatnonzero(given):
        v = values[i]
        if isinstance(v, (list, tuple)) and len(v) == 2 and all(is_real(x) for x in v):
            pair[i] = True
            low[i], high[i] = _bound(v, 0), _bound(v, 1)
    return given, pair, low, high


def share_range(frame: pd.DataFrame, field: str, share: pd.Series, file=None,
                point: str = "share") -> tuple[pd.Series, pd.Series]:
    """Validate a ``[low, high]`` range of a share; return (low, high), NaN where absent.

    Both bounds are numbers, ``0 <= low <= high <= 1``, and the line's point share
    (``share``: as written or its default, named ``point`` in the error) lies within them.
    """
    if field not in frame:
        return pd.Series(np.nan, index=frame.index), pd.Series(np.nan, index=frame.index)
    given, pair, low, high = number_pairs(frame[field])
    fail_first_row(frame, given & ~pair, field, "must be [low, high], two numbers", file)
    with np.errstate(invalid="ignore"):
        fail_first_row(frame, pair & ~(np.isfinite(low) & np.isfinite(high) & (low >= 0)
                                       & (high <= 1) & (low <= high)),
                       field, "must be 0 <= low <= high <= 1", file)
        share = np.asarray(share, dtype=float)
        fail_first_row(frame, pair & ((share < low) | (share > high)), field,
                       f"must contain the line's {point} (as written or its default)", file)
    return pd.Series(low, index=frame.index), pd.Series(high, index=frame.index)


def positions(index: pd.Index, values) -> np.ndarray:
    """Position in ``index`` of each value (-1 where absent), like ``index.get_indexer``.

    Budgets repeat a few dozen categories and sectors over many lines: each distinct
    value is looked up once.
    """
    codes, distinct = pd.factorize(np.asarray(values, dtype=object))
    found = index.get_indexer(distinct)
    return np.where(codes >= 0, found[np.maximum(codes, 0)], -1) if len(found) \
        else np.full(len(codes), -1, dtype=np.intp)


def lookup(values, table: pd.Series, missing=np.nan) -> np.ndarray:
    """``table[value]`` for each value (``missing`` where the table has none), as an array."""
    pos = positions(table.index, values)
    column = np.append(table.to_numpy(dtype=object), missing)
    return column[pos]
