"""The report's reference indicators: imports and income induced at national ratios,
Type I / induced / Type II side by side (a sensitivity), direct and indirect parts, and
the in-region value added against the region's 2020 GRDP next to PIMAC's averages.

Formatting only: the figures come from :mod:`impact.indicators`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import indicators
from ..units import format_jobs_lang, format_won_lang, label
from . import htmlout as h
from .data import ReportData
from .words import word

ROWS = ("output", "value_added", "jobs", "compensation", "imports")
BASIS_WORD = {"regional tables (this estimate)": "basis_regional",
              indicators.NATIONAL_RATIOS: "basis_national", "not computed": "basis_none"}


def _name(data: ReportData, measure: str) -> str:
    return word(data.lang, measure) if measure in ("compensation", "imports") \
        else label(measure, data.lang)


def _fmt(data: ReportData, measure: str, value: float) -> str:
    if value is None or not np.isfinite(value):
        return "-"
    return (format_jobs_lang(value, data.lang) if measure == "jobs"
            else format_won_lang(data.basis.money(value), data.lang))


def _basis(data: ReportData, text: str) -> str:
    key = BASIS_WORD.get(text)
    return word(data.lang, key) if key else word(data.lang, "basis_no_split")


def types_frame(data: ReportData) -> pd.DataFrame:
    """Type I, induced and Type II, nationwide, with where each figure comes from."""
    t = indicators.type_comparison(data.result)
    w = lambda key: word(data.lang, key)  # noqa: E731
    return pd.DataFrame({
        w("measure"): [_name(data, m) for m in ROWS],
        w("type1"): [_fmt(data, m, t.loc[m, "type1"]) for m in ROWS],
        w("induced"): [_fmt(data, m, t.loc[m, "induced"]) for m in ROWS],
        w("type2"): [_fmt(data, m, t.loc[m, "type2"]) for m in ROWS],
        w("source"): [f"{_basis(data, t.loc[m, 'type1_basis'])} / "
                      f"{_basis(data, t.loc[m, 'induced_basis'])}" for m in ROWS]})


def direct_frame(data: ReportData) -> pd.DataFrame:
    """Direct and indirect parts, nationwide, where the data allow."""
    d = indicators.direct_indirect(data.result)
    order = ("output", "value_added", "compensation", "imports", "jobs")
    w = lambda key: word(data.lang, key)  # noqa: E731
    return pd.DataFrame({
        w("measure"): [_name(data, m) for m in order],
        w("direct"): [_fmt(data, m, d.loc[m, "direct"]) for m in order],
        w("indirect"): [_fmt(data, m, d.loc[m, "indirect"]) for m in order],
        w("total_effect"): [_fmt(data, m, d.loc[m, "total"]) for m in order],
        w("source"): [_basis(data, d.loc[m, "basis"]) for m in order]})


def grdp_frame(data: ReportData) -> pd.DataFrame:
    """In-region value added per year and in all, and its share of the region's GRDP."""
    g = indicators.grdp_share(data.result)
    years = [word(data.lang, "all_years") if y == "total" else str(y) for y in g.index]
    return pd.DataFrame({
        word(data.lang, "year"): years,
        word(data.lang, "va_in_region"): [format_won_lang(data.basis.money(v), data.lang)
                                          for v in g["value_added_in_region"]],
        word(data.lang, "share_of_grdp"): [f"{p:.4f}%" for p in g["percent"]]})


def pimac_table(data: ReportData) -> pd.DataFrame:
    p = indicators.pimac_frame(data.lang)
    return pd.DataFrame({word(data.lang, "pimac_label"): p["label"],
                         word(data.lang, "share_of_grdp"): [f"{v:.4f}%" for v in p["percent"]]})


def indicators_html(data: ReportData) -> str:
    """Imports, income and Type II, with the closure written down, and the direct parts."""
    w = lambda key: word(data.lang, key)  # noqa: E731
    return h.block(
        h.heading(w("h_types"), 3), h.table(types_frame(data)),
        h.para(indicators.CLOSURE[data.lang], "impact-caveat"), h.para(w("jobs_induced_note")),
        h.heading(w("h_direct"), 3), h.table(direct_frame(data)), h.para(w("direct_note")))


def grdp_html(data: ReportData) -> str:
    """The project against its region's GRDP, next to PIMAC's averages and their caveat.

    Shares are at 2020 prices whatever the report's basis (GRDP is the 2020 figure)."""
    tables = data.tables
    grdp = float(tables.grdp_million_won[tables.region_index(data.result.region)])
    region = tables.region_label(data.result.region, data.lang)
    intro = word(data.lang, "grdp_intro", region=region,
                 grdp=format_won_lang(grdp, data.lang))
    return h.block(h.para(intro),
                   h.block(h.table(grdp_frame(data)),
                           h.table(pimac_table(data), word(data.lang, "pimac")),
                           css="impact-side"),
                   h.para(indicators.PIMAC_CAVEAT[data.lang], "impact-caveat"))
