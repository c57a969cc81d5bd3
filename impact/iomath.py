"""Input-output arithmetic as small pure functions over numpy arrays.

Nothing here knows about files, projects or notebooks: arrays in, arrays out, in
whatever consistent units the caller uses.  The Leontief functions (``calc_A``,
``calc_L``, ``calc_M``, the household closure) follow pymrio's ``tools/iomath.py``: one
equation each, written in its docstring.
"""

from __future__ import annotations

import numpy as np


def to_base_prices(amount, index_2020_100):
    """Convert money priced in year y to 2020 prices: ``amount * 100 / index_y``."""
    return np.asarray(amount, dtype=float) * 100.0 / np.asarray(index_2020_100, dtype=float)


def split_purchases(spend, in_region_share, import_share, produced):
    """Where a purchase is made: ``(in_region, other_regions, imports)``.

    in_region = spend x s_in x p;  imports = spend x s_imp;
    other_regions = spend - in_region - imports,

    where ``p`` is 1 when the region produces the sector (else the in-region share is
    bought from producers in other regions).  Arrays broadcast (a draws axis may follow).
    """
    spend = np.asarray(spend, float)
    in_region = spend * np.asarray(in_region_share, float) * np.asarray(produced, bool)
    imports = spend * np.asarray(import_share, float)
    return in_region, spend - in_region - imports, imports


def supplier_multipliers(weights, produced, multipliers):
    """Multipliers of purchases spread over supplying regions, per sector.

    M_sup[s, m] = sum_r w_r p_rs M_rsm / sum_r w_r p_rs

    ``weights`` (regions,), ``produced`` (regions, sectors) 0/1, ``multipliers``
    (regions, sectors, measures).  NaN where no weighted region produces the sector.
    """
    w = np.asarray(weights, float)[:, None] * np.asarray(produced, float)  # (r, s)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.einsum("rs,rsm->sm", w, np.asarray(multipliers, float)) / total[:, None]


def purchase_effects(in_region_demand, other_regions_demand, own_multipliers,
                     supplier_multipliers):
    """Effects of purchases, by scope and by where they were made.

    E[m, 0] = d_in x M_own[m, in_region]                 (in the region)
    E[m, 1] = d_in x M_own[m, other_regions]             (other regions, via in-region purchases)
    E[m, 2] = d_other x M_sup[m]                         (other regions, via their own sales)

    ``own_multipliers`` (flows, measures, 2), ``supplier_multipliers`` (flows, measures).
    With demand of shape (flows,) the result is per flow, (flows, measures, 3); with a
    draws axis, (flows, draws), it is summed over flows: (draws, measures, 3).
    """
    d_in = np.asarray(in_region_demand, float)
    d_other = np.asarray(other_regions_demand, float)
    own = np.asarray(own_multipliers, float)
    sup = np.asarray(supplier_multipliers, float)
    if d_in.ndim == 1:
        return np.concatenate([d_in[:, None, None] * own,
                               (d_other[:, None] * sup)[:, :, None]], axis=2)
    return np.concatenate([np.einsum("fd,fmk->dmk", d_in, own),
                           np.einsum("fd,fm->dm", d_other, sup)[:, :, None]], axis=2)


# --- The Leontief model, in the style of pymrio's tools/iomath.py --------------------------
# n sectors; Z (n, n) intermediate flows, x (n,) total output, both in one money unit.


def calc_A(Z, x):
    """Input coefficients ``A = Z x̂⁻¹``: ``A[i, j] = Z[i, j] / x[j]``.

    A sector with zero output buys nothing per unit, so its column is 0 (not a division
    by zero).  Also used for any rows per unit of output, e.g. value added ``v = V x̂⁻¹``.
    """
    Z = np.asarray(Z, dtype=float)
    x = np.asarray(x, dtype=float)
    inverse = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    return Z * inverse


def calc_L(A):
    """Leontief inverse ``L = (I − A)⁻¹``, by solving ``(I − A) L = I``.

    Refuses (ValueError) a non-productive ``A``: one whose spectral radius is 1 or more,
    where no non-negative output meets a positive final demand and the series
    ``I + A + A² + …`` behind the multipliers does not converge.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {A.shape}")
    radius = float(np.max(np.abs(np.linalg.eigvals(A)))) if A.size else 0.0
    if not radius < 1.0:
        raise ValueError(f"A is not productive: spectral radius {radius:.6g} >= 1, "
                         "so (I - A)^-1 is not a valid Leontief inverse")
    identity = np.eye(A.shape[0])
    return np.linalg.solve(identity - A, identity)


def output_multipliers(L):
    """Output multipliers ``m = 1ᵀ L``: total output per unit of final demand, by column."""
    return np.asarray(L, dtype=float).sum(axis=0)


def calc_M(s, L):
    """Multipliers of a coefficient row ``M = s L`` (pymrio's calc_M).

    ``s`` (n,) or (k, n) is per unit of output (value added ``v = V x̂⁻¹``, imports
    ``m = Mᵢ x̂⁻¹``, compensation ``w = W x̂⁻¹``); ``M[j]`` is the total induced per unit of
    final demand for sector j: value-added, import or compensation multipliers.
    """
    return np.asarray(s, dtype=float) @ np.asarray(L, dtype=float)


def direct_part(s):
    """Direct effect per unit of final demand: the coefficient itself (``s I``)."""
    return np.asarray(s, dtype=float).copy()


def indirect_part(M, s):
    """Indirect effect ``M − s``: the total multiplier less its direct part."""
    return np.asarray(M, dtype=float) - np.asarray(s, dtype=float)


def calc_A_closed(A, household_input, household_consumption):
    """Household-closed coefficients ``A* = [[A, c], [h, 0]]`` (Type II closure).

    ``h`` (n,) is household income per unit of each sector's output (a row: e.g.
    compensation ÷ output); ``c`` (n,) the household consumption of each product per
    unit of household income (a column).  Households become sector n+1 that sells labour
    and buys consumption goods.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    closed = np.zeros((n + 1, n + 1))
    closed[:n, :n] = A
    closed[:n, n] = np.asarray(household_consumption, dtype=float)
    closed[n, :n] = np.asarray(household_input, dtype=float)
    return closed


def household_consumption_coefficients(consumption, household_income):
    """Consumption column ``c = C / Y``: consumption of each product per unit of income."""
    return np.asarray(consumption, dtype=float) / float(household_income)


def type2_inverse(L_closed, n):
    """The sectors' block ``L*[:n, :n]`` of the closed inverse: Type II per unit of demand."""
    return np.asarray(L_closed, dtype=float)[:n, :n]


def induced_part(type2, type1):
    """Induced effect of household respending ``Type II − Type I``."""
    return np.asarray(type2, dtype=float) - np.asarray(type1, dtype=float)


def share_of(part, whole, fallback):
    """``part / whole`` clipped to 0–1 where ``whole > 0``; ``fallback`` elsewhere.

    Used for import shares: a product whose (final) demand is zero or negative (a stock
    draw-down larger than the rest) has no meaningful ratio, so another one stands in.
    """
    part = np.asarray(part, dtype=float)
    whole = np.asarray(whole, dtype=float)
    ratio = np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)
    return np.where(whole > 0, np.clip(ratio, 0.0, 1.0), np.asarray(fallback, dtype=float))


def margin_shares(purchaser_value, trade_margin, transport_margin):
    """Split a purchase at purchaser prices: ``p = producer + trade + transport``.

    Returns ``(producer, trade, transport)`` shares of ``p`` for each product:
    ``trade = t / p``, ``transport = r / p``, ``producer = 1 − trade − transport``.  Only
    positive margins count (a margin sector's own row carries the margins' offset, which
    is not a margin on it); a product with no purchaser value is all producer value.
    """
    p = np.asarray(purchaser_value, dtype=float)
    t = np.clip(np.asarray(trade_margin, dtype=float), 0.0, None)
    r = np.clip(np.asarray(transport_margin, dtype=float), 0.0, None)
    trade = np.divide(t, p, out=np.zeros_like(p), where=p > 0)
    transport = np.divide(r, p, out=np.zeros_like(p), where=p > 0)
    return 1.0 - trade - transport, trade, transport
