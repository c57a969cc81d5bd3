"""Comparison charts: the same budget in each region, and a project's scenarios."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..scenarios import BASE
from ..tables import SCOPES
from .common import (COLORS, axis_title, bars, check, scale, style, term, title, unit_for,
                     value_label, with_properties, word)

WIDTH = 520
DIFF_WIDTH = 220  # the difference labels are printed to its right


def regions_chart(frame: pd.DataFrame, measure: str = "output", lang: str = "ko",
                  name: str | None = None) -> alt.LayerChart:
    """The 17 regions ranked by in-region effect, the project's own region highlighted.

    ``frame`` is :func:`impact.scenarios.compare_regions` (one row per region with
    ``{measure}_in_region`` and ``is_project_region``); ``name`` prefixes the title.
    """
    check(lang, measure)
    raw = frame[f"{measure}_in_region"]
    divisor, unit, fmt = unit_for(measure, raw, lang)
    kinds = {True: word("project_region", lang), False: word("other_region", lang)}
    data = pd.DataFrame({"region": frame["region" if lang == "ko" else "region_en"],
                         "value": raw / divisor,
                         "kind": frame["is_project_region"].astype(bool).map(kinds)})
    color = alt.Color("kind:N", title=None, scale=alt.Scale(
        domain=[kinds[True], kinds[False]], range=[COLORS["highlight"], COLORS["muted"]]))
    data = data.sort_values("value", ascending=False, kind="stable")
    y = alt.Y("region:N", title=None, sort=list(data["region"]))
    heading = f"{word('regions', lang)}: {term('in_region', lang)} {term(measure, lang)}" \
        if lang == "ko" else f"{word('regions', lang)}: {term(measure, lang).lower()} in region"
    caveat = ("지역내 구매 비중은 예산 파일 그대로 (사업 지역 기준)" if lang == "ko" else
              "In-region purchase shares kept as written for the project's own region")
    layer = bars(data, "region", y, axis_title(measure, unit, lang), unit, fmt, lang, color)
    heading = f"{name} — {heading}" if name else heading
    return style(with_properties(layer, width=WIDTH, height=22 * len(data),
                                 title=title(heading, lang, caveat)))


def scenarios_chart(table: pd.DataFrame, measure: str = "output", lang: str = "ko",
                    name: str | None = None) -> alt.HConcatChart:
    """Scenarios side by side (stacked by scope) next to their difference from the base.

    ``table`` is :func:`impact.scenarios.compare_scenarios`; the right panel shows
    ``total_diff`` with the percentage change, green for a gain and red for a loss.
    """
    check(lang, measure)
    rows = table[table["measure"] == measure]
    divisor, unit, fmt = unit_for(measure, rows[["total", "total_diff"]].to_numpy(), lang)
    label = rows["scenario"].where(rows["scenario"] != BASE, word("base", lang))
    order = list(dict.fromkeys(label))
    long = rows.assign(scenario=label).melt(id_vars=["scenario", "description"],
                                            value_vars=list(SCOPES), var_name="scope")
    long = long.assign(value=long["value"] / divisor,
                       scope_name=long["scope"].map(lambda s: term(s, lang)),
                       order=long["scope"].map({s: i for i, s in enumerate(SCOPES)}))
    y = alt.Y("scenario:N", title=word("scenario", lang), sort=order,
              axis=alt.Axis(labelLimit=240))
    color = alt.Color("scope_name:N", title=word("scope", lang), scale=scale(list(SCOPES), lang))
    left = with_properties(bars(long, "scenario", y, axis_title(measure, unit, lang), unit, fmt,
                                lang, color, order="order"), width=380, height=40 * len(order))
    right = _difference_panel(rows.assign(scenario=label), divisor, unit, fmt, lang,
                              alt.Y("scenario:N", sort=order, axis=None))
    heading = f"{word('scenarios', lang)}: {term(measure, lang)}"
    heading = f"{name} — {heading}" if name else heading
    right = with_properties(right, width=DIFF_WIDTH, height=40 * len(order))
    chart = alt.hconcat(left, right, spacing=12)
    return style(with_properties(chart.resolve_scale(y="shared"), title=title(heading, lang)))


def _difference_panel(rows: pd.DataFrame, divisor: float, unit: str, fmt: str, lang: str,
                      y: alt.Y) -> alt.LayerChart:
    """Bars of each scenario's total minus the base; labels in a column to their right."""
    data = pd.DataFrame({"scenario": rows["scenario"], "value": rows["total_diff"] / divisor,
                         "pct": rows["total_diff_pct"].fillna(0.0),
                         "is_base": rows["scenario"] == word("base", lang)})
    # the axis picks its own decimals: differences are often far smaller than the totals
    # whose format ``fmt`` is (a 1.7억원 change on a 382억원 axis would tick -2 -2 -1 -1 ...)
    axis = alt.Axis(tickMinStep=1) if unit == word("persons", lang) else alt.Axis()
    x = alt.X("value:Q", title=f"{word('diff', lang)} ({unit})", axis=axis)
    bar = alt.Chart(data).mark_bar().encode(
        x=x, y=y, color=alt.ColorValue(**alt.condition("datum.value < 0",
                                                       alt.value(COLORS["down"]),
                                                       alt.value(COLORS["up"]))),
        tooltip=[alt.Tooltip("scenario:N"), alt.Tooltip("value:Q", format=fmt, title=unit),
                 alt.Tooltip("pct:Q", format="+.1f", title="%")])
    small = unit != word("persons", lang) and data["value"].abs().max() < 100
    change = value_label("+" + (",.1f" if small and fmt == ",.0f" else fmt), unit, lang) + " + ' (' + format(datum.pct, '+.1f') + '%)'"
    text_expr = f"datum.is_base ? '{word('base', lang)}' : {change}"
    text = alt.Chart(data).transform_calculate(label=text_expr).mark_text(
        align="left", fontSize=12).encode(x=alt.XValue(DIFF_WIDTH + 8), y=y,
                                                  text=alt.Text("label:N"))
    zero = alt.Chart(pd.DataFrame({"value": [0.0]})).mark_rule(color="#555555").encode(
        x=alt.X("value:Q"))
    return alt.layer(bar, text, zero)
