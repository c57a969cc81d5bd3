"""Charts of an estimate: effects by scope, by year, by sector, by region, by scenario.

Each function takes a result or a comparison frame and returns an Altair chart (a
top-level chart: single, layered or concatenated) with Korean labels by default
(``lang="en"`` for English), money in 억원 (조원 once it reaches 1조원) and jobs in 명.
Nothing here writes files: see :mod:`impact.charts.export`.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from ..result import ImpactResult
from ..tables import SCOPES
from .compare import regions_chart, scenarios_chart
from .common import (COLORS, MONEY, axis_title, bars, check, display_name, scale, style,
                     term, title, unit_for, with_properties, word)

CHART_NAMES = ("effects", "timeline", "top_sectors", "regions", "scenarios")
PHASES = ("construction", "operation")
WIDTH = 520


def _scope_panel(long: pd.DataFrame, lang: str) -> alt.LayerChart:
    """One panel of :func:`effects_chart`: measures stacked by scope, in one unit."""
    measure = long["measure"].iloc[0]
    divisor, unit, fmt = unit_for(measure, long.groupby("measure")["raw"].sum(), lang)
    data = long.assign(value=long["raw"] / divisor,
                       effect=long["measure"].map(lambda m: term(m, lang)),
                       scope_name=long["scope"].map(lambda s: term(s, lang)),
                       order=long["scope"].map({s: i for i, s in enumerate(SCOPES)}))
    order = [term(m, lang) for m in dict.fromkeys(long["measure"])]
    y = alt.Y("effect:N", title=None, sort=order)
    color = alt.Color("scope_name:N", title=word("scope", lang), scale=scale(list(SCOPES), lang))
    x_title = unit if measure in MONEY else axis_title(measure, unit, lang)
    layer = bars(data, "effect", y, x_title, unit, fmt, lang, color, order="order")
    return with_properties(layer, width=WIDTH, height=48 * len(order))


def effects_chart(result: ImpactResult, lang: str = "ko") -> alt.VConcatChart:
    """Output, value added (money panel) and jobs (jobs panel), stacked by scope.

    Two panels so that money (억원/조원) and persons never share an axis; each bar is
    지역내 (in-region) + 타지역 (other regions) with its total printed at the end.
    """
    check(lang)
    long = result.totals()[list(SCOPES)].stack().rename("raw").reset_index()
    money = _scope_panel(long[long["measure"].isin(MONEY)], lang)
    jobs = _scope_panel(long[long["measure"] == "jobs"], lang)
    chart = alt.vconcat(money, jobs, spacing=18).resolve_scale(color="shared")
    heading = f"{display_name(result, lang)} — {word('effects', lang)}"
    return style(with_properties(chart, title=title(heading, lang)))


def timeline_chart(result: ImpactResult, measure: str = "jobs", lang: str = "ko",
                   scope: str = "total") -> alt.LayerChart:
    """Effect by year, coloured by phase (건설/운영), from ``result.by_phase_year()``.

    ``scope`` is ``"total"`` (지역내 + 타지역, default), ``"in_region"`` or
    ``"other_regions"``.  Jobs in a year are the persons employed that year.
    """
    check(lang, measure, scope)
    frame = result.by_phase_year()
    cols = [f"{measure}_{s}" for s in SCOPES] if scope == "total" else [f"{measure}_{scope}"]
    raw = frame[cols].sum(axis=1)
    divisor, unit, fmt = unit_for(measure, raw.groupby(frame["year"]).sum(), lang)
    data = pd.DataFrame({"year": frame["year"].astype(str), "value": raw / divisor,
                         "phase": frame["phase"].map(lambda p: term(p, lang))})
    phases = [p for p in PHASES if p in set(frame["phase"])]
    y = alt.Y("sum(value):Q", title=axis_title(measure, unit, lang), axis=alt.Axis(format=fmt))
    x = alt.X("year:O", title=word("year", lang), axis=alt.Axis(labelAngle=0))
    color = alt.Color("phase:N", title=word("phase", lang), scale=scale(phases, lang),
                      sort=[term(p, lang) for p in phases])
    bars = alt.Chart(data).mark_bar().encode(
        x=x, y=y, color=color, tooltip=[alt.Tooltip("year:O"), alt.Tooltip("phase:N"),
                                        alt.Tooltip("sum(value):Q", format=fmt, title=unit)])
    text = alt.Chart(data).transform_aggregate(value="sum(value)", groupby=["year"]) \
        .transform_calculate(label=f"format(datum.value, '{fmt}')") \
        .mark_text(dy=-6, fontSize=11).encode(x=x, y=alt.Y("value:Q"), text=alt.Text("label:N"))
    scope_text = word("both", lang) if scope == "total" else term(scope, lang).lower()
    heading = (f"{display_name(result, lang)} — {word('by_year', lang)} {term(measure, lang)} "
               f"({scope_text})" if lang == "ko" else f"{display_name(result, lang)} — "
               f"{term(measure, lang)} {word('by_year', lang)} ({scope_text})")
    chart = with_properties(alt.layer(bars, text), width=max(WIDTH, 44 * data["year"].nunique()),
                            height=300, title=title(heading, lang))
    return style(chart)


def _sector_values(result: ImpactResult, measure: str, scope: str, top: int) -> pd.DataFrame:
    """``by_sector`` for one scope, or both scopes summed for ``scope="total"``."""
    if scope != "total":
        return result.by_sector(measure, scope, top).rename(columns={f"{measure}_{scope}": "raw"})
    parts = [result.by_sector(measure, s, None).set_index(["sector_code", "name_ko", "name_en"])
             for s in SCOPES]
    raw = pd.concat(parts, axis=1).sum(axis=1).rename("raw").reset_index()
    return raw.sort_values("raw", ascending=False, ignore_index=True).head(top)


def top_sectors_chart(result: ImpactResult, measure: str = "output", scope: str = "in_region",
                      top: int = 10, lang: str = "ko") -> alt.LayerChart:
    """The ``top`` sectors the budget bought from, by effect, largest first.

    From ``result.by_sector(measure, scope, top)``; sector names in Korean (BOK 통합중분류)
    or English.  Sectors with a zero effect are left out.
    """
    check(lang, measure, scope)
    frame = _sector_values(result, measure, scope, top)
    frame = frame[frame["raw"] != 0]
    divisor, unit, fmt = unit_for(measure, frame["raw"], lang)
    data = pd.DataFrame({"sector": frame[f"name_{lang}"], "value": frame["raw"] / divisor})
    data = data.sort_values("value", ascending=False, kind="stable")
    y = alt.Y("sector:N", title=None, sort=list(data["sector"]), axis=alt.Axis(labelLimit=320))
    key = scope if scope in COLORS else "in_region"
    layer = bars(data, "sector", y, axis_title(measure, unit, lang), unit, fmt, lang,
                 alt.ColorValue(COLORS[key]))
    scope_text = word("both", lang) if scope == "total" else term(scope, lang).lower()
    heading = (f"{display_name(result, lang)} — {term(measure, lang)} {word('top', lang)} "
               f"{top}개 부문 ({scope_text})" if lang == "ko" else
               f"{display_name(result, lang)} — top {top} sectors by "
               f"{term(measure, lang).lower()} ({scope_text})")
    return style(with_properties(layer, width=WIDTH, height=26 * max(len(data), 1),
                                 title=title(heading, lang, word("sectors", lang))))


def project_chart_builders(result: ImpactResult, regions_frame: pd.DataFrame | None = None,
                           scenarios_table: pd.DataFrame | None = None,
                           lang: str = "ko") -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """What :func:`project_charts` draws, each chart as a function that builds it, so a
    caller can convert one chart while it builds the next."""
    name = display_name(result, lang)
    builders = {"effects": lambda: effects_chart(result, lang=lang),
                "timeline": lambda: timeline_chart(result, lang=lang),
                "top_sectors": lambda: top_sectors_chart(result, lang=lang)}
    if regions_frame is not None:
        builders["regions"] = lambda: regions_chart(regions_frame, lang=lang, name=name)
    if scenarios_table is not None:
        builders["scenarios"] = lambda: scenarios_chart(scenarios_table, lang=lang, name=name)
    return builders


def project_charts(result: ImpactResult, regions_frame: pd.DataFrame | None = None,
                   scenarios_table: pd.DataFrame | None = None,
                   lang: str = "ko") -> dict[str, alt.TopLevelMixin]:
    """All charts of a project by stable name, in the order of :data:`CHART_NAMES`.

    ``effects``, ``timeline`` (jobs), ``top_sectors`` (in-region output) always;
    ``regions`` when ``regions_frame`` (:func:`impact.scenarios.compare_regions`) and
    ``scenarios`` when ``scenarios_table`` (:func:`impact.scenarios.compare_scenarios`)
    is given; they are not computed here because a comparison re-estimates the project.
    """
    builders = project_chart_builders(result, regions_frame, scenarios_table, lang)
    return {name: build() for name, build in builders.items()}
