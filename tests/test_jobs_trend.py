"""Employment-multiplier trend, reporting-year adjustment and projected price indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import impact
from impact.jobs_trend import employment_series, fit_employment_trend, reporting_year_effects
from impact.prices import index_values

from .conftest import ROOT


@pytest.fixture(scope="module")
def trend(tables):
    return fit_employment_trend(tables)


def test_series_is_deflated_to_2020_prices(tables):
    s = employment_series(tables).set_index("year")
    assert s.loc[2020, "multiplier_2020_prices"] == pytest.approx(s.loc[2020, "multiplier"])
    np.testing.assert_allclose(s["multiplier_2020_prices"],
                               s["multiplier"] * s["deflator_index"] / 100)
    assert (s["deflator_status"] != "projected").all()


def test_fit_uses_the_fte_basis_years_and_matches_a_plain_log_linear_fit(tables, trend):
    used = trend.data[trend.data["used_in_fit"]]
    assert used["year"].min() == 2020 and 2019 not in set(used["year"])
    slope, intercept = np.polyfit(used["year"] - 2020, np.log(used["multiplier_2020_prices"]), 1)
    assert trend.slope == pytest.approx(slope) and trend.describe()["intercept"] == pytest.approx(
        intercept)
    wider = fit_employment_trend(tables, first_year=2019)
    assert 2019 in wider.describe()["years"] and wider.df == trend.df + 1


def test_trend_and_ratio_intervals_contain_the_point(trend):
    p = trend.predict([2021, 2025, 2030])
    assert (p["multiplier_lower"] < p["multiplier"]).all()
    assert (p["multiplier"] < p["multiplier_upper"]).all()
    assert (p["ratio_lower"] < p["ratio"]).all() and (p["ratio"] < p["ratio_upper"]).all()
    assert p["status"].tolist() == ["fitted", "projected", "projected"]
    width = np.log(p["ratio_upper"] / p["ratio_lower"])
    assert width.is_monotonic_increasing  # further from the data, wider


def test_ratio_draws_cover_the_stated_interval(trend):
    u = (np.arange(20_000) + 0.5) / 20_000
    draws = trend.ratio_quantile(2026, u)
    p = trend.predict([2026]).iloc[0]
    assert np.quantile(draws, 0.05) == pytest.approx(p["ratio_lower"], rel=1e-3)
    assert np.quantile(draws, 0.95) == pytest.approx(p["ratio_upper"], rel=1e-3)
    assert trend.ratio_quantile(2026, [np.nan])[0] == pytest.approx(p["ratio"])


def test_price_index_projection_has_an_interval_and_a_label(tables):
    last = int(tables.price_indices["year"].max())
    idx = index_values(tables, pd.DataFrame({"series": ["gdp_deflator"] * 2,
                                             "year": [last, last + 3]})).set_index("year")
    assert idx.loc[last, "status"] != "projected"
    future = idx.loc[last + 3]
    assert future["status"] == "projected"
    assert future["lower"] < future["index_2020_100"] < future["upper"]


def test_reporting_year_effects_label_adjustment_and_projection(tables, trend):
    project = impact.load_project(ROOT / "projects" / "pohang-data-center.yaml", tables=tables)
    result = impact.estimate(project, tables=tables)
    year = int(tables.price_indices["year"].max()) + 2
    frame = reporting_year_effects(result, year, trend=trend).set_index(["measure", "scope"])
    jobs = frame.loc[("jobs", "total")]
    ratio = trend.predict([year]).iloc[0]
    assert jobs["value_2020"] == pytest.approx(result.totals().loc["jobs", "total"])
    assert jobs["value_in_year"] == pytest.approx(jobs["value_2020"] * ratio["ratio"])
    assert jobs["lower"] < jobs["value_in_year"] < jobs["upper"]
    assert "ADJUSTMENT" in jobs["adjustment"] and jobs["trend_status"] == "projected"
    output = frame.loc[("output", "in_region")]
    assert output["price_status"] == "projected" and "projected" in output["adjustment"]
    assert output["lower"] < output["value_in_year"] < output["upper"]


def test_shipped_trend_is_the_fit_of_the_shipped_tables(tables):
    """tables/employment_trend.csv regenerates byte for byte from a fresh fit
    (else: run scripts/build_tables.py), and a report's trend uses it without statsmodels."""
    import subprocess
    import sys

    from impact.jobs_trend import trend_table
    shipped = (tables.directory / "employment_trend.csv").read_text(encoding="utf-8")
    assert trend_table(tables).to_csv(index=False, lineterminator="\n") == shipped, \
        "tables/employment_trend.csv is stale: run python scripts/build_tables.py"
    code = ("import sys, impact; t = impact.fit_employment_trend(); t.predict([2030]); "
            "print('statsmodels' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["False"]


def test_trend_predictions_equal_statsmodels(tables, trend):
    """The trend's own prediction arithmetic against statsmodels' get_prediction."""
    from statsmodels.regression.linear_model import OLS
    used = trend.data[trend.data["used_in_fit"]]
    x = np.column_stack([np.ones(len(used)), used["year"] - 2020])
    res = OLS(np.log(used["multiplier_2020_prices"].to_numpy()), x).fit()
    years = np.array([2018, 2022, 2026, 2035])
    frame = res.get_prediction(np.column_stack([np.ones(4), years - 2020])).summary_frame(alpha=0.1)
    p = trend.predict(years)
    np.testing.assert_allclose(p["multiplier"], np.exp(frame["mean"]), rtol=1e-12)
    np.testing.assert_allclose(p["multiplier_lower"], np.exp(frame["obs_ci_lower"]), rtol=1e-12)
    np.testing.assert_allclose(p["multiplier_upper"], np.exp(frame["obs_ci_upper"]), rtol=1e-12)
    assert trend.describe()["slope_se"] == pytest.approx(res.bse[1], rel=1e-12)
    assert trend.describe()["r_squared"] == pytest.approx(res.rsquared, rel=1e-12)


def test_changed_inputs_are_fitted_afresh(tables, trend):
    """A table whose employment multipliers differ never gets the shipped numbers."""
    import dataclasses
    h = tables.national_headlines.copy()
    row = (h["measure"] == "employment_multiplier") & (h["table_year"].astype(int) == 2023)
    h.loc[row, "value"] = pd.to_numeric(h.loc[row, "value"]) * 0.9
    changed = fit_employment_trend(dataclasses.replace(tables, national_headlines=h))
    assert changed.slope < trend.slope - 0.01
    used = changed.data[changed.data["used_in_fit"]]
    slope, _ = np.polyfit(used["year"] - 2020, np.log(used["multiplier_2020_prices"]), 1)
    assert changed.slope == pytest.approx(slope)
