"""The bridge from the conventional figure to ours as a waterfall, in the region and nationwide."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..bridge import STEP_LABELS
from .common import COLORS, check, style, term, unit_for, value_label, with_properties, word

PANEL_WIDTH = 300
NOTE = {"ko": "통상 방식은 예산 작성 가격, 나머지는 {prices} · 막대: 각 단계의 증감",
        "en": "Conventional figure at the budget's own prices, the rest at {prices} · "
              "bars: each step's change"}
PRICES_2020 = {"ko": "2020년 불변가격", "en": "2020 prices"}
TITLE = {"ko": "통상 방식에서 본 추정까지", "en": "From the conventional figure to this estimate"}


def waterfall_frame(bridge: pd.DataFrame, measure: str, scope: str) -> pd.DataFrame:
    """One row per step: ``start`` and ``end`` of its bar (cumulative), ``value`` (the
    change, or the figure itself for the first and last rows) and ``kind``
    (``figure``, ``up`` or ``down``)."""
    rows = bridge[bridge["measure"] == measure]
    out, level = [], 0.0
    for step, value, kind in zip(rows["step"], rows[scope], rows["kind"]):
        if kind == "figure":
            out.append({"step": step, "start": 0.0, "end": value, "value": value,
                        "kind": "figure"})
            level = value
        else:
            out.append({"step": step, "start": level, "end": level + value, "value": value,
                        "kind": "up" if value >= 0 else "down"})
            level += value
    return pd.DataFrame(out)


def bridge_chart(bridge: pd.DataFrame, measure: str = "output", lang: str = "ko",
                 name: str | None = None, prices: str | None = None) -> alt.HConcatChart:
    """Waterfalls of ``measure`` in the region and nationwide, steps top to bottom.

    ``bridge`` is :meth:`impact.result.ImpactResult.bridge` (or its re-priced copy,
    :func:`impact.bridge.at_prices`): money in 백만원, jobs in persons; ``prices``
    names the prices after the conventional step (default 2020 prices).
    """
    check(lang, measure)
    divisor, unit, fmt = unit_for(measure, bridge.loc[bridge["measure"] == measure,
                                                      ["in_region", "total"]].to_numpy(), lang)
    labels = STEP_LABELS[lang]
    panels = []
    for scope in ("in_region", "total"):
        data = waterfall_frame(bridge, measure, scope)
        data[["start", "end", "value"]] = data[["start", "end", "value"]] / divisor
        data["label"] = data["step"].map(labels)
        data["tip"] = data["value"]
        order = list(data["label"])
        y = alt.Y("label:N", sort=order, title=None,
                  axis=alt.Axis(labelLimit=340) if scope == "in_region" else None)
        color = alt.Color("kind:N", legend=None, scale=alt.Scale(
            domain=["figure", "up", "down"],
            range=[COLORS["in_region"], COLORS["up"], COLORS["down"]]))
        x = alt.X("start:Q", title=f"{term(scope, lang)} ({unit})",
                  axis=alt.Axis(format=fmt, tickCount=5))
        bar = alt.Chart(data).mark_bar(height=18).encode(
            x=x, x2=alt.X2("end:Q"), y=y, color=color,
            tooltip=[alt.Tooltip("label:N", title=word("scope", lang)),
                     alt.Tooltip("tip:Q", format=fmt, title=unit)])
        signed = data.assign(text_at=data[["start", "end"]].max(axis=1))
        expr = (f"datum.kind == 'figure' ? {value_label(fmt, unit, lang)} : "
                f"{value_label('+' + fmt, unit, lang)}")
        text = alt.Chart(signed).transform_calculate(text=expr).mark_text(
            align="left", dx=4, fontSize=11).encode(
            x=alt.X("text_at:Q"), y=y, text=alt.Text("text:N"))
        panels.append(with_properties(alt.layer(bar, text), width=PANEL_WIDTH,
                                      height=32 * len(data), title=term(scope, lang)))
    heading = f"{TITLE[lang]}: {term(measure, lang)}"
    heading = f"{name} — {heading}" if name else heading
    chart = alt.hconcat(*panels, spacing=70).resolve_scale(y="shared")
    note = NOTE[lang].format(prices=prices or PRICES_2020[lang])
    return style(with_properties(chart, title=alt.TitleParams(text=heading, subtitle=[note])))
