"""Jobs in a reporting year: the drift of the employment multiplier after 2020.

The BOK 2020 employment multipliers count 2020 workers per 1bn won of 2020 output.
Nationally, workers per 1bn won fell from 9.7 (2020) to 8.2 (2023): partly because
prices rose (a won buys less output), partly because output per worker rose.  Budgets
are already converted to 2020 prices, so only the second part applies to them: the
trend is fitted to the national multiplier re-expressed in 2020 prices
(``multiplier × GDP deflator / 100``, persons per 1bn won of 2020-price output).

Model: OLS (:func:`impact.linefit.fit_line`) of ``log(multiplier_2020_prices)`` on
``year - 2020``, on the 2020 benchmark and the 2021-2023 extended tables. The 2020 table
counts 취업자 on a 36-hour full-time-equivalent basis and the extended tables built on it
are taken to share that basis; the 2019 extended table (built on the 2015 benchmark's
employment table) and the 2015 benchmark are on the older basis, so they are shown but
left out of the fit by default (``first_year=2019`` includes 2019 as a sensitivity
check).

The adjustment is ``jobs_2020coef × trend(Y) / trend(2020)``, where the log of the
ratio is ``slope × (Y - 2020)`` plus the year's deviation from trend; its interval is
the OLS prediction interval of that quantity (t distribution, residual degrees of
freedom); Monte Carlo draws use a normal on the log scale with the same 90% interval.
It is an ADJUSTMENT of the 2020-coefficient jobs, labelled so wherever it is shown,
never a replacement for them.

The default fit depends only on the shipped tables, so ``scripts/build_tables.py``
stores it in ``tables/employment_trend.csv`` (:func:`trend_table`) with the inputs it
was fitted on, as the reviewed record of the default fit (a test holds it equal to a
fresh fit); :func:`fit_employment_trend` uses those numbers when the inputs are exactly
the same and fits afresh otherwise.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import TableError
from .linefit import LineFit, fit_line
from .prices import index_values
from .quantiles import normal_quantile, t_quantile
from .tables import SCOPES, Tables, load_tables

BASE_YEAR = 2020
FIT_FIRST_YEAR = 2020
TREND_INTERVAL = 0.90  # two-sided coverage, as for projected price indices
DEFLATOR = "gdp_deflator"
MEASURE = "employment_multiplier"
TREND_TABLE = "employment_trend"  # tables/employment_trend.csv, written by build_tables.py
INPUT_QUANTITY = "log_multiplier_2020_prices"
FIT_QUANTITIES = ("intercept", "slope", "cov_intercept", "cov_intercept_slope", "cov_slope",
                  "scale", "df_resid", "rsquared")
BASIS_NOTE = {
    "2020": "2020 benchmark basis: 취업자, 36-hour FTE",
    "older": "2015 benchmark basis (not FTE-converted): not comparable with 2020",
}


def employment_series(tables: Tables | None = None) -> pd.DataFrame:
    """National employment multipliers by table year, nominal and in 2020 prices.

    Columns: ``year``, ``table_kind``, ``multiplier`` (persons per 1bn won of that
    year's output), ``deflator_index`` and ``deflator_status`` (GDP deflator,
    2020 = 100), ``multiplier_2020_prices`` and ``basis``.
    """
    tables = tables or load_tables()
    h = tables.national_headlines
    rows = h[h["measure"] == MEASURE].astype({"table_year": int})
    frame = pd.DataFrame({"year": rows["table_year"].to_numpy(),
                          "table_kind": rows["table_kind"].to_numpy(),
                          "multiplier": pd.to_numeric(rows["value"]).to_numpy(float)})
    idx = index_values(tables, pd.DataFrame({"series": DEFLATOR, "year": frame["year"]}))
    frame = frame.merge(idx[["year", "index_2020_100", "status"]], on="year", how="left")
    frame = frame.rename(columns={"index_2020_100": "deflator_index",
                                  "status": "deflator_status"})
    frame["multiplier_2020_prices"] = frame["multiplier"] * frame["deflator_index"] / 100.0
    frame["basis"] = np.where(frame["year"] >= BASE_YEAR, BASIS_NOTE["2020"], BASIS_NOTE["older"])
    return frame.sort_values("year", ignore_index=True)


@dataclass(frozen=True, eq=False)
class EmploymentTrend:
    """A fitted log-linear trend of the national employment multiplier (2020 prices)."""

    fit: LineFit = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    first_year: int
    last_year: int
    interval: float = TREND_INTERVAL

    @property
    def slope(self) -> float:
        """Yearly change of the log multiplier."""
        return float(self.fit.params[1])

    @property
    def annual_change(self) -> float:
        """Yearly proportional change of the multiplier (``exp(slope) - 1``)."""
        return float(np.expm1(self.slope))

    @property
    def df(self) -> float:
        return float(self.fit.df_resid)

    def describe(self) -> dict:
        """The model and its fitted numbers, for reports and provenance."""
        return {"model": "OLS: log(national employment multiplier in 2020 prices) ~ "
                         "1 + (year - 2020)", "library": "impact.linefit",
                "years": [int(y) for y in self.data.loc[self.data["used_in_fit"], "year"]],
                "intercept": float(self.fit.params[0]), "slope": self.slope,
                "slope_se": float(self.fit.bse[1]), "annual_change": self.annual_change,
                "residual_sd": float(np.sqrt(self.fit.scale)), "df_resid": self.df,
                "r_squared": float(self.fit.rsquared), "interval": self.interval,
                "deflator": DEFLATOR}

    @property
    def _upper_level(self) -> float:
        """The probability below the upper end of the central ``interval``."""
        return 0.5 + self.interval / 2

    def _log_ratio(self, years) -> tuple[np.ndarray, np.ndarray]:
        """Mean and prediction s.e. of ``log trend(Y) - log trend(2020)`` (+ year deviation)."""
        offset = np.asarray(years, dtype=float) - BASE_YEAR
        return self.fit.observation(np.column_stack([np.zeros_like(offset), offset]))

    def status(self, years) -> np.ndarray:
        """``fitted`` inside the fitted years, ``projected`` after, ``backcast`` before."""
        years = np.asarray(years)
        return np.where(years > self.last_year, "projected",
                        np.where(years < self.first_year, "backcast", "fitted"))

    def predict(self, years) -> pd.DataFrame:
        """Trend multiplier and ratio to 2020 for ``years``, with prediction intervals.

        Columns: ``year``, ``multiplier`` (persons per 1bn won, 2020 prices), ``ratio``
        (``trend(Y)/trend(2020)``), ``ratio_lower``, ``ratio_upper`` and ``status``.
        """
        years = np.atleast_1d(np.asarray(years, dtype=int))
        offset = (years - BASE_YEAR).astype(float)
        level, level_se = self.fit.observation(np.column_stack([np.ones_like(offset), offset]))
        mean, se = self._log_ratio(years)
        q = t_quantile(self.df, self._upper_level)
        half = q * level_se  # prediction interval of a year
        return pd.DataFrame({
            "year": years, "multiplier": np.exp(level),
            "multiplier_lower": np.exp(level - half), "multiplier_upper": np.exp(level + half),
            "ratio": np.exp(mean), "ratio_lower": np.exp(mean - q * se),
            "ratio_upper": np.exp(mean + q * se), "status": self.status(years)})

    def ratio_quantile(self, year: int, u) -> np.ndarray:
        """The ratio at probability ``u`` (array in (0, 1); NaN gives the point ratio).

        Draws are normal on the log scale, scaled so that their central ``interval``
        equals the OLS prediction interval.  (With 2 residual degrees of freedom the t
        distribution itself has no finite variance; its exponential has no mean.)
        """
        mean, se = self._log_ratio([year])
        level = self._upper_level
        scale = t_quantile(self.df, level) / normal_quantile(level)
        u = np.asarray(u, dtype=float)
        z = np.where(np.isnan(u), 0.0, normal_quantile(np.where(np.isnan(u), 0.5, u)))
        return np.exp(mean[0] + se[0] * scale * z)


def _shipped_fit(tables: Tables, years: np.ndarray, log_values: np.ndarray) -> LineFit | None:
    """The fit stored in ``tables/employment_trend.csv`` if it was made from exactly these
    inputs (years and log multipliers, compared as floats), else ``None``."""
    path = tables.directory / f"{TREND_TABLE}.csv"
    manifest_path = path.with_suffix(".json")
    if not (path.is_file() and manifest_path.is_file()):
        return None
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != json.loads(manifest_path.read_text("utf-8"))["sha256"]:
        raise TableError("checksum mismatch: rebuild it with scripts/build_tables.py", file=path,
                         field="sha256")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    stored = [(int(r["year"]), float(r["value"])) for r in rows if r["quantity"] == INPUT_QUANTITY]
    if stored != list(zip(years.astype(int).tolist(), log_values.tolist())):
        return None
    v = {r["quantity"]: float(r["value"]) for r in rows if r["quantity"] in FIT_QUANTITIES}
    return LineFit(params=np.array([v["intercept"], v["slope"]]),
                   cov_params=np.array([[v["cov_intercept"], v["cov_intercept_slope"]],
                                        [v["cov_intercept_slope"], v["cov_slope"]]]),
                   scale=v["scale"], df_resid=v["df_resid"], rsquared=v["rsquared"])


def _fit_inputs(tables, first_year, last_year):
    data = employment_series(tables)
    last_year = int(data["year"].max()) if last_year is None else last_year
    used = data["year"].between(first_year, last_year)
    if used.sum() < 3:
        raise ValueError("the employment trend needs at least three table years")
    data = data.assign(used_in_fit=used)
    years = data.loc[used, "year"].to_numpy(float)
    return data, years, np.log(data.loc[used, "multiplier_2020_prices"].to_numpy(float))


def fit_employment_trend(tables: Tables | None = None, first_year: int = FIT_FIRST_YEAR,
                         last_year: int | None = None,
                         interval: float = TREND_INTERVAL) -> EmploymentTrend:
    """Fit the employment-multiplier trend on the table years ``first_year``..``last_year``.

    The shipped fit (:func:`trend_table`) is used when it was made from the same inputs.
    """
    tables = tables or load_tables()
    data, years, log_values = _fit_inputs(tables, first_year, last_year)
    fit = _shipped_fit(tables, years, log_values) or fit_line(years - BASE_YEAR, log_values)
    return EmploymentTrend(fit=fit, data=data, first_year=int(years.min()),
                           last_year=int(years.max()), interval=interval)


def trend_table(tables: Tables) -> pd.DataFrame:
    """The default fit, fitted afresh, as ``tables/employment_trend.csv`` stores it:
    ``quantity, year, value`` rows, first the inputs (one log multiplier per year),
    then the fitted numbers (values as exact float text)."""
    data, years, log_values = _fit_inputs(tables, FIT_FIRST_YEAR, None)
    fit = fit_line(years - BASE_YEAR, log_values)
    numbers = dict(zip(FIT_QUANTITIES, (
        fit.params[0], fit.params[1], fit.cov_params[0, 0], fit.cov_params[0, 1],
        fit.cov_params[1, 1], fit.scale, fit.df_resid, fit.rsquared)))
    rows = [(INPUT_QUANTITY, str(int(y)), repr(float(v))) for y, v in zip(years, log_values)]
    rows += [(name, "", repr(float(v))) for name, v in numbers.items()]
    return pd.DataFrame(rows, columns=["quantity", "year", "value"])


def reporting_year_effects(result, year: int, trend: EmploymentTrend | None = None,
                           tables: Tables | None = None) -> pd.DataFrame:
    """Effects next to their reporting-year version, each labelled.

    One row per measure × scope.  ``value_2020`` is the estimate as computed (money in
    백만원 at 2020 prices, jobs with 2020 coefficients).  ``value_in_year`` re-prices
    money to ``year`` with the GDP deflator (``price_status`` says whether that index
    is published or ``projected``) and ADJUSTS jobs with the employment trend
    (``trend_status`` fitted/projected); ``lower``/``upper`` are the intervals of the
    projected index or of the trend ratio; ``adjustment`` (English) and ``adjustment_ko``
    (Korean) say how each value in the year was made.
    """
    tables = tables or result.tables
    trend = trend or fit_employment_trend(tables)
    idx = index_values(tables, pd.DataFrame({"series": [DEFLATOR], "year": [year]})).iloc[0]
    ratio = trend.predict([year]).iloc[0]
    totals = result.totals()
    rows = []
    for measure in totals.index:
        for scope in (*SCOPES, "total"):
            value = float(totals.loc[measure, scope])
            if measure == "jobs":
                scaled = value * np.array([ratio["ratio"], ratio["ratio_lower"],
                                           ratio["ratio_upper"]])
                how = (f"ADJUSTMENT: 2020-coefficient jobs x employment trend({year})/trend(2020)"
                       f" = x{ratio['ratio']:.3f}")
                how_ko = (f"조정치: 2020년 계수 취업자 × 고용계수 추세({year})/추세(2020) "
                          f"= ×{ratio['ratio']:.3f}")
                unit = f"persons ({year} coefficients, adjusted)"
            else:
                scaled = value * np.array([idx["index_2020_100"], idx["lower"],
                                           idx["upper"]]) / 100.0
                how = f"re-priced to {year} prices with {DEFLATOR} ({idx['status']})"
                how_ko = f"{DEFLATOR}로 {year}년 가격으로 환산 ({idx['status']})"
                unit = f"백만원 ({year} prices)"
            rows.append({"measure": measure, "scope": scope, "value_2020": value,
                         "value_in_year": scaled[0], "lower": scaled[1], "upper": scaled[2],
                         "reporting_year": year, "unit": unit, "adjustment": how,
                         "adjustment_ko": how_ko,
                         "price_status": idx["status"] if measure != "jobs" else "",
                         "trend_status": ratio["status"] if measure == "jobs" else ""})
    return pd.DataFrame(rows)
