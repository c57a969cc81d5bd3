"""The report's comparison with the conventional figure: the bridge as a table, one
sentence per step (with its figures), the excluded lines beside it, and the waterfall.

Money after the conventional step is at the report's price basis (the bridge is
re-expressed with :func:`impact.bridge.at_prices`, so its steps still add up); the
conventional figure stays at the budget's own prices, as such studies compute it.
"""

from __future__ import annotations

import pandas as pd

from ..bridge import STEP_LABELS, STEP_SENTENCES, at_prices, step_amounts
from ..tables import MEASURES
from ..units import format_jobs_lang, format_won_lang, label
from . import htmlout as h
from .data import ReportData
from .words import word


def bridge_at_basis(data: ReportData) -> pd.DataFrame:
    """``result.bridge()`` with money after the conventional step at the report's basis."""
    return at_prices(data.result.bridge(), data.basis.factor)


def _fmt(data: ReportData, measure: str, value: float, signed: bool = False) -> str:
    text = (format_jobs_lang(value, data.lang) if measure == "jobs"
            else format_won_lang(value, data.lang))
    return f"+{text}" if signed and value >= 0 else text


def bridge_frame(data: ReportData) -> pd.DataFrame:
    """One row per step: its label and the signed change of each measure, in the region
    and nationwide (the first row the conventional figure, the last ours)."""
    b = bridge_at_basis(data)
    rows = []
    for step, part in b.groupby("step", sort=False):
        part = part.set_index("measure")
        change = part["kind"].iloc[0] == "change"
        name = (word(data.lang, "bridge_conventional_row") if step == "conventional"
                else STEP_LABELS[data.lang][step])
        row = {word(data.lang, "step"): name}
        for m in MEASURES:
            for scope in ("in_region", "total"):
                row[f"{label(m, data.lang)} {label(scope, data.lang)}"] = \
                    _fmt(data, m, part.loc[m, scope], signed=change)
        rows.append(row)
    return pd.DataFrame(rows)


def bridge_sentences(data: ReportData) -> list[str]:
    """One plain sentence per step, carrying the step's figures."""
    b = bridge_at_basis(data)
    money = data.basis.money
    raw = step_amounts(data.result.flow_model)
    amounts = {"conventional": raw["conventional"], "adjusted": money(raw["adjusted"]),
               "price_conversion": money(raw["adjusted"]) - raw["conventional"],
               **{k: money(raw[k]) for k in ("purchaser_to_producer", "imports_removed",
                                             "other_region_purchases_moved_out",
                                             "other_region_effects_added")}}
    out = []
    for step, part in b.groupby("step", sort=False):
        part = part.set_index("measure")
        change = part["kind"].iloc[0] == "change"
        values = {f"{m}_{s}": _fmt(data, m, part.loc[m, s], signed=change)
                  for m in MEASURES for s in ("in_region", "total")}
        amount = format_won_lang(amounts[step], data.lang)
        if step == "price_conversion" and amounts[step] >= 0:
            amount = f"+{amount}"
        out.append(STEP_SENTENCES[data.lang][step].format(amount=amount, **values))
    return out


def conventional_line(data: ReportData) -> str:
    """One sentence: the conventional figure next to ours (for the brief and summary)."""
    b = bridge_at_basis(data).set_index(["step", "measure"])
    conv = b.loc[("conventional", "output")]
    ours = b.loc[("adjusted", "output")]
    won = lambda v: format_won_lang(v, data.lang)  # noqa: E731
    return word(data.lang, "conventional_line", output=won(conv["total"]),
                output_in_region=won(conv["in_region"]), ours=won(ours["total"]))


def excluded_beside(data: ReportData) -> str:
    """The excluded lines with their amounts and one sentence on why they are listed."""
    from .sections import excluded_frame
    frame = excluded_frame(data)
    total = data.basis.money(float(data.result.input_summary()["excluded"]))
    if frame.empty:
        return h.para(word(data.lang, "none_excluded"), "impact-empty")
    return h.para(word(data.lang, "bridge_excluded",
                       amount=format_won_lang(total, data.lang))) + h.table(frame)


def bridge_html(data: ReportData, charts: dict | None = None) -> str:
    """The table, its sentences with the excluded lines beside them, then the waterfalls."""
    from .outputs import chart_fragment
    left = h.block(h.bullets(bridge_sentences(data)), css="impact-bridge")
    right = h.block(h.heading(word(data.lang, "h_bridge_excluded"), 4), excluded_beside(data),
                    css="impact-bridge-excluded")
    parts = [h.table(bridge_frame(data), data.basis.label(data.lang)),
             h.block(left, right, css="impact-side")]
    if charts is not None:
        parts += [chart_fragment(data, charts, name) for name in ("bridge", "bridge_jobs")]
    return h.block(*parts)
