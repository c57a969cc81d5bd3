"""Report sections for the economics layer: assumptions check, reporting-year jobs, bands.

Each ``*_frame`` returns the numbers a section shows, formatted for reading; each
``*_html`` wraps them (escaped, through :mod:`impact.reporting.htmlout`).
"""

from __future__ import annotations

import pandas as pd

from ..check import findings_frame
from ..messages import in_language
from ..units import format_jobs_lang, format_won_lang, label
from . import htmlout as h
from .data import ReportData
from .words import word

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_frame(data: ReportData) -> pd.DataFrame:
    """The budget linter's findings, most severe first."""
    findings = list(data.findings)
    frame = findings_frame(findings).assign(
        message=[in_language(f.message, data.lang) for f in findings])
    frame = frame.sort_values("severity", key=lambda s: s.map(SEVERITY_ORDER), kind="stable")
    return frame[["severity", "rule", "line_id", "field", "message"]].reset_index(drop=True)


def check_html(data: ReportData) -> str:
    """Findings table, or a sentence saying the check found nothing."""
    frame = check_frame(data)
    if frame.empty:
        return h.para(word(data.lang, "none_findings"), "impact-empty")
    counts = frame["severity"].value_counts()
    severity = {s: word(data.lang, f"severity_{s}") for s in SEVERITY_ORDER}
    summary = ", ".join(f"{severity[s]} {counts[s]}" for s in SEVERITY_ORDER if s in counts)
    shown = frame.assign(severity=frame["severity"].map(severity)).rename(columns={"severity": word(data.lang, "severity"),
                                  "rule": word(data.lang, "rule"),
                                  "line_id": word(data.lang, "line"),
                                  "field": word(data.lang, "field"),
                                  "message": word(data.lang, "message")})
    return h.block(h.para(word(data.lang, "findings", n=len(frame), counts=summary)),
                   h.table(shown))


def _value(data: ReportData, measure: str, value: float) -> str:
    if measure == "jobs":
        return format_jobs_lang(value, data.lang)
    return format_won_lang(value, data.lang)


def reporting_jobs_frame(data: ReportData) -> pd.DataFrame:
    """Totals at 2020 prices/coefficients next to the reporting year (jobs: an ADJUSTMENT)."""
    f = data.reporting_year_effects
    f = f[f["scope"] == "total"]
    year = int(f["reporting_year"].iloc[0])
    w = lambda key: word(data.lang, key)  # noqa: E731
    return pd.DataFrame({
        w("measure"): [label(m, data.lang) for m in f["measure"]],
        w("basis_2020"): [_value(data, m, v) for m, v in zip(f["measure"], f["value_2020"])],
        f"{year}": [_value(data, m, v) for m, v in zip(f["measure"], f["value_in_year"])],
        w("interval"): [f"{_value(data, m, lo)} – {_value(data, m, hi)}" for m, lo, hi in
                        zip(f["measure"], f["lower"], f["upper"])],
        w("how"): f["adjustment_ko" if data.lang == "ko" else "adjustment"],
        w("status"): [p or t for p, t in zip(f["price_status"], f["trend_status"])]})


def reporting_jobs_html(data: ReportData) -> str:
    """Reporting-year table with the trend model described."""
    t = data.employment_trend
    note = word(data.lang, "reporting_note", change=-100 * t["annual_change"],
                y0=t["years"][0], y1=t["years"][-1], n=len(t["years"]),
                interval=int(100 * t["interval"]))
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
    adjusted = (f"{label('jobs', data.lang)} ("
                f"{word(data.lang, 'adjusted', year=data.simulation.reporting_year)})")
    name = [adjusted if m == "jobs_adjusted" else label(m, data.lang) for m in b["measure"]]
    out = pd.DataFrame({word(data.lang, "measure"): name,
                        word(data.lang, "scope"): [label(s, data.lang) for s in b["scope"]]})
    for col in ("point", "p10", "p50", "p90"):
        out[col.upper() if col != "point" else word(data.lang, "point")] = [
            _value(data, m, v if m == "jobs" else data.basis.money(v))
            for m, v in zip(measure, b[col])]
    return out


def tornado_top(data: ReportData, measure: str = "output", scope: str = "total",
                top: int = 8) -> pd.DataFrame:
    """The assumptions that move ``measure``/``scope`` most (one at a time, P10 → P90)."""
    t = data.simulation.tornado
    t = t[(t["measure"] == measure) & (t["scope"] == scope)].head(top)
    money = measure != "jobs"
    fmt = (lambda v: format_won_lang(data.basis.money(v), data.lang)) if money else \
        (lambda v: format_jobs_lang(v, data.lang))
    w = lambda key: word(data.lang, key)  # noqa: E731
    return pd.DataFrame({w("rank"): t["rank"],
                         w("assumption"): t["label_ko" if data.lang == "ko" else "label_en"],
                         w("at_p10"): [fmt(v) for v in t["at_low"]],
                         w("at_p90"): [fmt(v) for v in t["at_high"]],
                         w("swing"): [fmt(v) for v in t["swing"]],
                         w("rank_corr"): t["rank_corr"].round(2)})


def uncertainty_html(data: ReportData) -> str:
    """Bands table, the inputs drawn, and the top drivers of total output and jobs."""
    sim = data.simulation
    if not budget_is_uncertain(data):
        return h.para(word(data.lang, "none_uncertain"), "impact-empty")
    method = "Latin hypercube" if sim.method == "lhs" else "Monte Carlo"
    intro = word(data.lang, "bands_intro", draws=sim.n_draws, method=method, seed=sim.seed,
                 n=len(sim.assumptions))
    name = "label_ko" if data.lang == "ko" else "label_en"
    inputs = sim.assumptions[[name, "kind", "distribution", "low", "mode", "high", "sigma",
                              "status"]]
    inputs = inputs.rename(columns={c: word(data.lang, "assumption" if c == name else c)
                                    for c in inputs.columns})
    w = lambda key: word(data.lang, key)  # noqa: E731
    return h.block(h.para(intro), h.table(bands_frame(data)),
                   h.heading(w("h_inputs"), 3), h.table(inputs),
                   h.heading(w("h_drivers_output"), 3), h.table(tornado_top(data, "output")),
                   h.heading(w("h_drivers_jobs"), 3), h.table(tornado_top(data, "jobs")))
