"""Report sections for the economics layer: assumptions check, reporting-year jobs, bands.

Each ``*_frame`` returns the numbers a section shows, formatted for reading; each
``*_html`` wraps them (escaped, through :mod:`impact.reporting.htmlout`).
"""

from __future__ import annotations

import pandas as pd

from ..check import findings_frame
from ..units import format_jobs, format_won, label
from . import htmlout as h
from .data import ReportData

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_frame(data: ReportData) -> pd.DataFrame:
    """The budget linter's findings, most severe first."""
    frame = findings_frame(list(data.findings))
    frame = frame.sort_values("severity", key=lambda s: s.map(SEVERITY_ORDER), kind="stable")
    return frame[["severity", "rule", "line_id", "field", "message"]].reset_index(drop=True)


def check_html(data: ReportData) -> str:
    """Findings table, or a sentence saying the check found nothing."""
    frame = check_frame(data)
    if frame.empty:
        return h.para("The assumptions check found nothing to flag. · 점검 결과 지적 사항 없음.")
    counts = frame["severity"].value_counts()
    summary = ", ".join(f"{counts[s]} {s}" for s in SEVERITY_ORDER if s in counts)
    return h.block(h.para(f"{summary}. Keyword rules read what a line says, not what it is; "
                          "see `impact check`."), h.table(frame))


def _value(measure: str, value: float) -> str:
    return format_jobs(value) if measure == "jobs" else format_won(value)


def reporting_jobs_frame(data: ReportData) -> pd.DataFrame:
    """Totals at 2020 prices/coefficients next to the reporting year (jobs: an ADJUSTMENT)."""
    f = data.reporting_year_effects
    f = f[f["scope"] == "total"]
    year = int(f["reporting_year"].iloc[0])
    return pd.DataFrame({
        "measure": [label(m, data.lang) for m in f["measure"]],
        "2020 basis": [_value(m, v) for m, v in zip(f["measure"], f["value_2020"])],
        f"{year}": [_value(m, v) for m, v in zip(f["measure"], f["value_in_year"])],
        "interval": [f"{_value(m, lo)} – {_value(m, hi)}" for m, lo, hi in
                     zip(f["measure"], f["lower"], f["upper"])],
        "how": f["adjustment"],
        "status": [p or t for p, t in zip(f["price_status"], f["trend_status"])]})


def reporting_jobs_html(data: ReportData) -> str:
    """Reporting-year table with the trend model described."""
    t = data.employment_trend
    note = (f"Jobs use the 2020 employment multipliers (2020 workers per 1bn won of 2020 "
            f"output). The national multiplier, re-expressed in 2020 prices, fell by about "
            f"{-100 * t['annual_change']:.1f}% a year over {t['years'][0]}–{t['years'][-1]} "
            f"(statsmodels OLS of its log on the year, {len(t['years'])} points). The adjusted "
            f"figure is shown NEXT TO the 2020-coefficient jobs, never instead of them; "
            f"its interval is a {int(100 * t['interval'])}% prediction interval. Money is "
            f"re-priced with the GDP deflator (status 'projected' after 2025).")
    return h.block(h.para(note), h.table(reporting_jobs_frame(data)))


def budget_is_uncertain(data: ReportData) -> bool:
    """Whether any input drawn moves output, value added or 2020-coefficient jobs.

    With no ranges in the budget (and exact price indices) every draw equals the point
    estimate; only the employment trend still moves the reporting-year jobs.
    """
    t = data.simulation.tornado
    return bool((t["measure"].isin(["output", "value_added", "jobs"]) & (t["swing"] > 0)).any())


def bands_frame(data: ReportData) -> pd.DataFrame:
    """P10/P50/P90 for each measure and scope, next to the point estimate."""
    b = data.simulation.bands()
    measure = b["measure"].map(lambda m: m if m != "jobs_adjusted" else "jobs")
    adjusted = f"{label('jobs', data.lang)} ({data.simulation.reporting_year} adjusted)"
    name = [adjusted if m == "jobs_adjusted" else label(m, data.lang) for m in b["measure"]]
    out = pd.DataFrame({"measure": name,
                        "scope": [label(s, data.lang) for s in b["scope"]]})
    for col in ("point", "p10", "p50", "p90"):
        out[col.upper() if col != "point" else "point"] = [
            _value(m, v if m == "jobs" else data.basis.money(v))
            for m, v in zip(measure, b[col])]
    return out


def tornado_top(data: ReportData, measure: str = "output", scope: str = "total",
                top: int = 8) -> pd.DataFrame:
    """The assumptions that move ``measure``/``scope`` most (one at a time, P10 → P90)."""
    t = data.simulation.tornado
    t = t[(t["measure"] == measure) & (t["scope"] == scope)].head(top)
    money = measure != "jobs"
    fmt = (lambda v: format_won(data.basis.money(v))) if money else format_jobs
    return pd.DataFrame({"rank": t["rank"],
                         "assumption": t["label_ko" if data.lang == "ko" else "label_en"],
                         "at P10": [fmt(v) for v in t["at_low"]],
                         "at P90": [fmt(v) for v in t["at_high"]],
                         "swing": [fmt(v) for v in t["swing"]],
                         "rank correlation": t["rank_corr"].round(2)})


def uncertainty_html(data: ReportData) -> str:
    """Bands table, the inputs drawn, and the top drivers of total output and jobs."""
    sim = data.simulation
    intro = (f"{sim.n_draws:,} draws ({'Latin hypercube' if sim.method == 'lhs' else 'Monte Carlo'}, "
             f"seed {sim.seed}) over {len(sim.assumptions)} uncertain inputs declared in the "
             "budget file (parameter low/high, in-region share ranges, alternative sector "
             "mappings), price-index uncertainty (estimated ±1.5%, projected: its interval) "
             "and the employment trend (adjusted jobs only). Inputs are drawn independently.")
    inputs = sim.assumptions[["label_en", "kind", "distribution", "low", "mode", "high",
                              "sigma", "status"]]
    return h.block(h.para(intro), h.table(bands_frame(data), data.basis.label(data.lang)),
                   h.heading("불확실한 가정 · Uncertain inputs", 3), h.table(inputs),
                   h.heading("생산유발 합계를 움직이는 가정 · Drivers of total output", 3),
                   h.table(tornado_top(data, "output")),
                   h.heading("취업유발 합계를 움직이는 가정 · Drivers of total jobs", 3),
                   h.table(tornado_top(data, "jobs")))
