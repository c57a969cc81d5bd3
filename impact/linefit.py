"""A straight line fitted by ordinary least squares, and its predictions.

The two trends a report extends past the published data (a price index, the employment
multiplier) are lines fitted to four to six points.  Their fit and intervals are a few
closed-form sums, so a report needs neither statsmodels nor ``scipy.stats`` (2-3 s of
imports in a kernel); the tests check every number against statsmodels' ``OLS``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LineFit:
    """An OLS fit of ``y = b0 + b1 x``: the numbers its predictions need.

    ``cov_params`` is ``scale * inv(X'X)``; ``scale`` is the residual variance
    ``SSR / df_resid``.
    """

    params: np.ndarray
    cov_params: np.ndarray
    scale: float
    df_resid: float
    rsquared: float

    @property
    def bse(self) -> np.ndarray:
        """Standard errors of ``b0`` and ``b1``."""
        return np.sqrt(np.diag(self.cov_params))

    def prediction(self, design) -> tuple[np.ndarray, np.ndarray]:
        """Mean ``x'b`` and its standard error ``sqrt(x' cov x)`` for each row ``x``."""
        design = np.asarray(design, dtype=float)
        se_mean = np.sqrt(np.einsum("ij,jk,ik->i", design, self.cov_params, design))
        return design @ self.params, se_mean

    def observation(self, design) -> tuple[np.ndarray, np.ndarray]:
        """Mean ``x'b`` and the standard error of a new observation there,
        ``sqrt(x' cov x + scale)``: what a prediction interval for one year is made of."""
        mean, se_mean = self.prediction(design)
        return mean, np.sqrt(se_mean ** 2 + self.scale)


def fit_line(x, y) -> LineFit:
    """OLS of ``y`` on ``1 + x``: ``b1 = Sxy / Sxx``, ``b0 = ȳ - b1 x̄``,
    ``scale = Σ e² / (n - 2)``,
    ``cov = scale · [[1/n + x̄²/Sxx, -x̄/Sxx], [-x̄/Sxx, 1/Sxx]]``, ``R² = 1 - Σ e² / Σ (y - ȳ)²``.
    Needs three points or more, not all at one ``x``."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < 3 or len(y) != n:
        raise ValueError(f"a line needs three (x, y) points or more (got {n} x, {len(y)} y)")
    x_mean, y_mean = x.mean(), y.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    if sxx == 0:
        raise ValueError("a line needs at least two distinct x values")
    slope = float(((x - x_mean) * (y - y_mean)).sum()) / sxx
    intercept = y_mean - slope * x_mean
    resid = y - intercept - slope * x
    ssr = float((resid ** 2).sum())
    df_resid = n - 2
    scale = ssr / df_resid
    cov = scale * np.array([[1 / n + x_mean ** 2 / sxx, -x_mean / sxx],
                            [-x_mean / sxx, 1 / sxx]])
    sst = float(((y - y_mean) ** 2).sum())
    return LineFit(params=np.array([intercept, slope]), cov_params=cov, scale=scale,
                   df_resid=float(df_resid), rsquared=1 - ssr / sst if sst else float("nan"))
