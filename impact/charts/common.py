"""Shared pieces of the charts: labels in Korean/English, units, colours and styling."""

from __future__ import annotations

import altair as alt
import numpy as np

from ..tables import MEASURES, SCOPES
from ..units import MILLION_WON_PER_EOK, MILLION_WON_PER_JO, label
from .fonts import font_config, merge_config

LANGS = ("ko", "en")
WORDS = {
    "ko": {"eok": "억원", "jo": "조원", "persons": "명", "year": "연도", "region": "시도",
           "scenario": "시나리오", "base": "기준", "scope": "구분", "phase": "단계",
           "diff": "기준 대비 차이", "both": "지역내+타지역", "effects": "경제적 파급효과",
           "by_year": "연도별", "top": "상위",
           "sectors": "부문: 예산이 구매한 부문 (최종수요 부문)",
           "regions": "같은 예산을 17개 시도에 둔 경우",
           "project_region": "사업 지역", "other_region": "다른 시도",
           "scenarios": "시나리오 비교",
           "basis": "2020년 불변가격 · 한국은행 2020년 지역산업연관표 · Type I (소비유발 제외)"},
    "en": {"eok": "KRW 100M", "jo": "KRW tn", "persons": "persons", "year": "Year",
           "region": "Region", "scenario": "Scenario", "base": "Base", "scope": "Scope",
           "phase": "Phase", "diff": "Difference from base",
           "both": "in region + other regions", "effects": "Economic effects",
           "by_year": "by year", "top": "Top",
           "sectors": "Sectors: where the budget was spent (final-demand sector)",
           "regions": "The same budget placed in each of the 17 regions",
           "project_region": "Project region", "other_region": "Other regions",
           "scenarios": "Scenarios compared",
           "basis": "2020 prices · Bank of Korea 2020 regional IO tables · "
                    "Type I (no induced effects)"},
}
COLORS = {"in_region": "#1f5fa8", "other_regions": "#9ecae1", "construction": "#e07b39",
          "operation": "#2c7fb8", "highlight": "#d62728", "muted": "#a6a6a6",
          "up": "#2e7d32", "down": "#c62828"}
MONEY = ("output", "value_added")


def word(key: str, lang: str) -> str:
    """A chart word (unit, axis title, heading) in ``lang``."""
    return WORDS[lang][key]


def term(key: str, lang: str) -> str:
    """A measure, scope or phase name in ``lang`` (from :data:`impact.units.LABELS`)."""
    return label(key, lang)


def display_name(result, lang: str) -> str:
    """The result's name for a title: the project's English name (if any) for ``"en"``."""
    project = result.project
    english = getattr(project, "name_en", "")
    if lang != "en" or result.label or not english:
        return result.name
    return f"{english} [{project.scenario}]" if project.scenario else english


def check(lang: str, measure: str | None = None, scope: str | None = None,
          scopes: tuple[str, ...] = (*SCOPES, "total"),
          measures: tuple[str, ...] = MEASURES) -> None:
    """Raise ``ValueError`` naming the bad argument and the allowed values."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if measure is not None and measure not in measures:
        raise ValueError(f"measure must be one of {measures}, not {measure!r}")
    if scope is not None and scope not in scopes:
        raise ValueError(f"scope must be one of {scopes}, not {scope!r}")


def unit_for(measure: str, values, lang: str) -> tuple[float, str, str]:
    """``(divisor, unit, d3 format)`` turning 백만원/persons into the unit to plot.

    Money is shown in 조원 when the largest absolute value reaches 1조원 and every
    non-zero value is at least 0.1조원 (so two decimals keep two significant digits),
    otherwise in 억원; jobs are persons (명).
    """
    if measure not in MONEY:
        return 1.0, word("persons", lang), ",.0f"
    sizes = np.abs(np.asarray(values, dtype=float)).ravel()
    sizes = sizes[np.isfinite(sizes) & (sizes > 0)]
    peak = sizes.max(initial=0.0)
    if peak >= MILLION_WON_PER_JO and sizes.min() >= MILLION_WON_PER_JO / 10:
        return MILLION_WON_PER_JO, word("jo", lang), ",.2f"
    digits = ",.0f" if peak >= 100 * MILLION_WON_PER_EOK else ",.1f"
    return MILLION_WON_PER_EOK, word("eok", lang), digits


def axis_title(measure: str, unit: str, lang: str) -> str:
    """``'생산유발 (억원)'`` / ``'Output (KRW 100M)'``."""
    return f"{term(measure, lang)} ({unit})"


def value_label(fmt: str, unit: str, lang: str, field: str = "value") -> str:
    """Vega expression printing ``field`` with its unit: ``1,234억원`` or ``1,234``."""
    suffix = f" + '{unit}'" if lang == "ko" else ""
    return f"format(datum['{field}'], '{fmt}'){suffix}"


def scale(keys: list[str], lang: str) -> alt.Scale:
    """Colour scale mapping translated ``keys`` to their fixed colours."""
    return alt.Scale(domain=[term(k, lang) for k in keys], range=[COLORS[k] for k in keys])


def with_properties(chart: alt.TopLevelMixin, **properties) -> alt.TopLevelMixin:
    """``chart.properties(**properties)`` (width, height, title, ...) without altair's
    check of each value against the Vega-Lite schema as it is set, which is about a
    third of the time a report spends building its charts.  The charts are checked
    whole instead: the tests validate every chart the package builds
    (``to_dict()`` in tests/test_charts*.py and test_report_bridge.py)."""
    copy = chart.copy(deep=False)
    for key, value in properties.items():
        setattr(copy, key, value)
    return copy


def style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the NanumGothic font and slide-readable sizes to a top-level chart."""
    sizes = {"title": {"fontSize": 17, "subtitleFontSize": 12, "anchor": "start",
                       "subtitleColor": "#555555"},
             "axis": {"labelFontSize": 12, "titleFontSize": 13},
             "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "top"},
             "header": {"labelFontSize": 13}, "view": {"stroke": None}}
    return chart.configure(**merge_config(font_config(), sizes))


def title(text: str, lang: str, *notes: str) -> alt.TitleParams:
    """Chart title with the price basis (and any ``notes``) as subtitle lines."""
    return alt.TitleParams(text=text, subtitle=[word("basis", lang), *notes])


def bars(data, field: str, y: alt.Y, x_title: str, unit: str, fmt: str, lang: str,
         color, order: str | None = None) -> alt.LayerChart:
    """Horizontal bars of ``value`` by ``field`` (stacked by colour), total printed at the end."""
    x = alt.X("sum(value):Q", title=x_title, axis=alt.Axis(format=fmt, tickCount=6))
    tip = [alt.Tooltip(f"{field}:N", title=y.to_dict().get("title") or field),
           alt.Tooltip("sum(value):Q", format=fmt, title=unit)]
    encoding = {"x": x, "y": y, "color": color, "tooltip": tip}
    if order:
        encoding["order"] = alt.Order(f"{order}:Q")
    main = alt.Chart(data).mark_bar().encode(**encoding)
    text = alt.Chart(data).transform_aggregate(value="sum(value)", groupby=[field]) \
        .transform_calculate(label=value_label(fmt, unit, lang)) \
        .mark_text(align="left", dx=4, fontSize=12).encode(x=alt.X("value:Q"), y=y,
                                                               text=alt.Text("label:N"))
    return alt.layer(main, text)
