"""The closed-form line fit and the price projection made with it, against a hand
computation and against statsmodels' OLS (a peer: the product no longer imports it)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from impact.linefit import fit_line
from impact.prices import PROJECTION_INTERVAL, project_index

from .conftest import ROOT


def test_fit_line_by_hand():
    """x = 0, 1, 2, 3; y = 1, 3, 2, 5: x̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5, so
    b1 = 1.1, b0 = 1.1; residuals -0.1, 0.8, -1.3, 0.6, SSR = 2.7, scale = 1.35,
    SST = 8.75, R² = 1 - 2.7/8.75; var(b1) = 1.35/5, var(b0) = 1.35 (1/4 + 2.25/5)."""
    fit = fit_line([0, 1, 2, 3], [1, 3, 2, 5])
    np.testing.assert_allclose(fit.params, [1.1, 1.1])
    assert fit.scale == pytest.approx(1.35) and fit.df_resid == 2
    assert fit.rsquared == pytest.approx(1 - 2.7 / 8.75)
    np.testing.assert_allclose(fit.cov_params, [[1.35 * 0.7, -1.35 * 0.3],
                                                [-1.35 * 0.3, 1.35 / 5]])
    mean, se = fit.prediction([[1.0, 4.0]])  # 1.1 + 4.4; var = 1.35 (1/4 + 6.25/5)
    assert mean[0] == pytest.approx(5.5) and se[0] == pytest.approx(np.sqrt(1.35 * 1.5))
    mean, se = fit.observation([[1.0, 4.0]])  # a new point there: + scale, 1.35 (1.5 + 1)
    assert mean[0] == pytest.approx(5.5) and se[0] == pytest.approx(np.sqrt(1.35 * 2.5))


@pytest.mark.parametrize("x, y", [([2020, 2021, 2022, 2023], [4.60, 4.64, 4.70, 4.74]),
                                  ([0.0, 1.0, 3.0, 7.0, 8.0], [2.2, 2.19, 2.14, 2.17, 2.1])])
def test_fit_line_equals_statsmodels(x, y):
    from statsmodels.regression.linear_model import OLS
    res = OLS(np.asarray(y), np.column_stack([np.ones(len(x)), x])).fit()
    fit = fit_line(x, y)
    np.testing.assert_allclose(fit.params, res.params, rtol=1e-9)
    np.testing.assert_allclose(fit.cov_params, res.cov_params(), rtol=1e-8)
    assert fit.scale == pytest.approx(res.scale, rel=1e-10)
    assert fit.rsquared == pytest.approx(res.rsquared, rel=1e-10)
    assert fit.df_resid == res.df_resid


def test_three_points_are_enough():
    """x = 0, 1, 2; y = 0, 2, 1: b1 = 0.5, b0 = 0.5, residuals -0.5, 1, -0.5, SSR = 1.5,
    one residual degree of freedom, so scale = 1.5."""
    fit = fit_line([0, 1, 2], [0, 2, 1])
    np.testing.assert_allclose(fit.params, [0.5, 0.5])
    assert fit.df_resid == 1 and fit.scale == pytest.approx(1.5)


def test_a_flat_line_has_no_r_squared():
    """y constant: the line is exact (slope 0, no residual) and R² is undefined (NaN),
    as in statsmodels, instead of a division by zero."""
    fit = fit_line([2020, 2021, 2022], [4.6, 4.6, 4.6])
    np.testing.assert_allclose(fit.params, [4.6, 0.0], atol=1e-12)
    assert fit.scale == 0 and np.isnan(fit.rsquared)


@pytest.mark.parametrize("x, y, says", [
    ([1, 2], [1, 2], r"three \(x, y\) points or more \(got 2 x, 2 y\)"),
    ([1, 2, 3], [1, 2], r"three \(x, y\) points or more \(got 3 x, 2 y\)"),
    ([3, 3, 3], [1, 2, 3], "^a line needs at least two distinct x values$")])
def test_fit_line_refuses_what_is_not_a_line(x, y, says):
    with pytest.raises(ValueError, match=says):
        fit_line(x, y)


@pytest.mark.parametrize("series", ["gdp_deflator", "construction_building", "cpi_total"])
def test_projected_index_equals_statsmodels(tables, series):
    """Every projected year's index and interval against statsmodels' prediction on the
    same four published years (log scale, 90% observation interval)."""
    from statsmodels.regression.linear_model import OLS
    history = tables.price_indices[tables.price_indices["series"] == series]
    recent = history.sort_values("year").tail(4)
    years = np.arange(2026, 2101)
    design = np.column_stack([np.ones(len(recent)), recent["year"].to_numpy(float)])
    res = OLS(np.log(recent["index_2020_100"].to_numpy(float)), design).fit()
    frame = res.get_prediction(np.column_stack([np.ones(len(years)), years])).summary_frame(
        alpha=1 - PROJECTION_INTERVAL)
    got = project_index(history, years)
    np.testing.assert_allclose(got["index_2020_100"], np.exp(frame["mean"]), rtol=1e-9)
    np.testing.assert_allclose(got["lower"], np.exp(frame["obs_ci_lower"]), rtol=1e-8)
    np.testing.assert_allclose(got["upper"], np.exp(frame["obs_ci_upper"]), rtol=1e-8)
    assert (got["status"] == "projected").all() and got["year"].tolist() == years.tolist()
    assert got["year"].dtype.kind == "i"  # years as integers, as the published rows


def test_a_projected_price_year_imports_neither_statsmodels_nor_scipy_stats():
    """A report at 2027 prices needs projected indices: 2-3 s of imports before."""
    code = ("import sys, impact; t = impact.load_tables(); "
            "from impact.prices import index_values; import pandas as pd; "
            "v = index_values(t, pd.DataFrame({'series': ['gdp_deflator'], 'year': [2027]})); "
            "impact.fit_employment_trend(t).predict([2030]); "
            "print(v['status'].iat[0], 'statsmodels' in sys.modules, 'scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["projected", "False", "False"]
