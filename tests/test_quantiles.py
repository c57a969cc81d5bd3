"""The normal and t quantiles without scipy, against scipy.special (an independent
implementation: Cephes ndtri and stdtrit)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import ndtri, stdtrit

from impact.quantiles import normal_quantile, t_quantile

P = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 2001), [1e-12, 0.025, 0.05, 0.5, 0.95,
                                                          0.975, 1 - 1e-12]])


def test_the_normal_quantile_is_scipys_ndtri_to_a_few_ulps():
    assert normal_quantile(P) == pytest.approx(ndtri(P), rel=1e-14, abs=1e-15)
    assert float(normal_quantile(0.95)) == pytest.approx(1.6448536269514722, rel=1e-15)
    edges = normal_quantile([0.0, 1.0, -0.1, 1.1, np.nan])
    assert edges[0] == -np.inf and edges[1] == np.inf and np.isnan(edges[2:]).all()


@pytest.mark.parametrize("df", [1, 2, 4, 3, 2.5, 30])
def test_the_t_quantile_is_scipys_stdtrit(df):
    assert t_quantile(df, P) == pytest.approx(stdtrit(df, P), rel=1e-9, abs=1e-12)


def test_the_t_quantile_with_two_degrees_of_freedom_by_hand():
    # F(t) = 1/2 + t / (2 sqrt(2 + t^2)) for 2 degrees of freedom: t = 2 gives 0.9082...
    p = 0.5 + 2 / (2 * np.sqrt(6))
    assert float(t_quantile(2, p)) == pytest.approx(2.0, rel=1e-13)
    assert float(t_quantile(2, 0.95)) == pytest.approx(2.919985580353726, rel=1e-12)  # t tables: 2.920
