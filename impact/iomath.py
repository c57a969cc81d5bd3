"""Input-output arithmetic as small pure functions over numpy arrays.

Nothing here knows about files, projects or notebooks.  Money is in 백만원 (million
won) at the multipliers' price year; employment multipliers are persons per 1bn won.
"""

from __future__ import annotations

import numpy as np

MILLION_WON_PER_BILLION_WON = 1_000.0


def to_base_prices(amount, index_2020_100):
    """Convert money priced in year y to 2020 prices: ``amount * 100 / index_y``."""
    return np.asarray(amount, dtype=float) * 100.0 / np.asarray(index_2020_100, dtype=float)


def in_region_final_demand(spend, in_region_share, produced_in_region):
    """Final demand met by producers in the region.

    ``spend`` is at base-year producer prices; the share bought from outside the region
    (or abroad) leaks and so does all spending on a sector the region does not produce.
    """
    return np.asarray(spend, float) * np.asarray(in_region_share, float) \
        * np.asarray(produced_in_region, bool)


def apply_multipliers(final_demand, multipliers, out=None):
    """Effects of final demand: ``final_demand[k] * multipliers[k, measure, scope]``.

    ``multipliers`` has shape (k, 3, 2) for (output, value_added, jobs) x (in_region,
    other_regions).  Output and value added come out in the unit of ``final_demand``
    (백만원); jobs multipliers are per 1bn won, so they are rescaled to persons.
    ``out`` (shape (k, 3, 2)) receives the effects in place.
    """
    effects = np.multiply(np.asarray(final_demand, float)[:, None, None], multipliers, out=out)
    effects[:, 2, :] /= MILLION_WON_PER_BILLION_WON
    return effects


def expand_years(year, count):
    """Year of each row when line i is repeated ``count[i]`` times from ``year[i]`` on."""
    count = np.asarray(count, dtype=np.int64)
    starts = np.repeat(np.cumsum(count) - count, count)
    offset = np.arange(count.sum()) - starts
    return np.repeat(np.asarray(year, np.int64), count) + offset
