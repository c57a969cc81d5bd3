"""Charts of uncertainty: P10/P50/P90 bands and a tornado of what drives each measure.

Both take a :class:`impact.uncertainty.Simulation` and return a top-level Altair chart
with Korean labels by default (``lang="en"`` for English); money in 억원 (조원 from
1조원 on), jobs in 명.  ``jobs_adjusted`` is labelled as an adjustment to the
reporting year wherever it appears.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import COLORS, check, style, term, title, unit_for, with_properties, word

MEASURE_ORDER = ("output", "value_added", "jobs", "jobs_adjusted")
SCOPE_ORDER = ("in_region", "other_regions", "total")
WIDTH = 480
TEXT = {
    "ko": {"bands": "불확실성 범위 (P10–P90)", "tornado": "민감도: 무엇이 결과를 움직이나",
           "legend": "막대: P10–P90 · 흰 선: P50 (중앙값) · ◆: 점추정",
           "draws": "{n:,}회 추출 ({method}), 시드 {seed}", "low": "가정의 P10", "high": "가정의 P90",
           "adjusted": "취업유발 ({year}년 조정)", "swing": "가정을 P10→P90으로 바꿀 때",
           "input": "가정", "case": "가정 값"},
    "en": {"bands": "Uncertainty bands (P10–P90)", "tornado": "Sensitivity: what moves the result",
           "legend": "Bar: P10–P90 · white tick: P50 (median) · ◆: point estimate",
           "draws": "{n:,} draws ({method}), seed {seed}", "low": "Assumption at P10",
           "high": "Assumption at P90", "adjusted": "Jobs (adjusted to {year})",
           "swing": "moving one assumption from its P10 to its P90", "input": "Assumption",
           "case": "Assumption at"},
}


def _measure_name(measure: str, sim, lang: str) -> str:
    if measure == "jobs_adjusted":
        return TEXT[lang]["adjusted"].format(year=sim.reporting_year)
    return term(measure, lang)


def _band_panel(frame: pd.DataFrame, sim, lang: str) -> alt.LayerChart:
    """Bands of one unit (money or persons): a row per measure × scope."""
    measure = frame["measure"].iloc[0]
    divisor, unit, fmt = unit_for(measure, frame[["p10", "p90", "point"]].to_numpy(), lang)
    data = frame.assign(**{c: frame[c] / divisor for c in ("p10", "p50", "p90", "point")})
    data["row"] = [f"{_measure_name(m, sim, lang)} · {term(s, lang)}"
                   for m, s in zip(data["measure"], data["scope"])]
    data["scope_name"] = data["scope"].map(lambda s: term(s, lang))
    order = data["row"].tolist()
    y = alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    x_title = unit if measure in ("output", "value_added") else word("persons", lang)
    colors = alt.Scale(domain=[term(s, lang) for s in SCOPE_ORDER],
                       range=[COLORS["in_region"], COLORS["other_regions"], COLORS["muted"]])
    tips = [alt.Tooltip("row:N", title=" ")] + [
        alt.Tooltip(f"{c}:Q", format=fmt, title=c.upper() if c != "point" else "point")
        for c in ("p10", "p50", "p90", "point")]
    base = alt.Chart(data).encode(y=y, tooltip=tips)
    bar = base.mark_bar(height=14).encode(
        x=alt.X("p10:Q", title=x_title, axis=alt.Axis(format=fmt, tickCount=6)),
        x2=alt.X2("p90:Q"),
        color=alt.Color("scope_name:N", title=word("scope", lang), scale=colors))
    median = base.mark_tick(color="white", thickness=2, size=14).encode(x=alt.X("p50:Q"))
    point = base.mark_point(shape="diamond", filled=True, color="black", size=60).encode(
        x=alt.X("point:Q"))
    return with_properties(alt.layer(bar, median, point), width=WIDTH, height=26 * len(data))


def bands_chart(sim, lang: str = "ko") -> alt.VConcatChart:
    """P10–P90 bar, P50 tick and point estimate for every measure and scope.

    Money (생산·부가가치유발) and jobs (취업유발, and the reporting-year adjustment)
    are separate panels so that 억원 and 명 never share an axis.
    """
    check(lang, measures=MEASURE_ORDER)
    bands = sim.bands()
    bands["m"] = bands["measure"].map(MEASURE_ORDER.index)
    bands["s"] = bands["scope"].map(SCOPE_ORDER.index)
    bands = bands.sort_values(["m", "s"], ignore_index=True)
    money = bands[bands["measure"].isin(("output", "value_added"))]
    jobs = bands[bands["measure"].isin(("jobs", "jobs_adjusted"))]
    t = TEXT[lang]
    chart = alt.vconcat(_band_panel(money, sim, lang), _band_panel(jobs, sim, lang),
                        spacing=16).resolve_scale(color="shared")
    name = sim.project.name_en if lang == "en" and sim.project.name_en else sim.project.name
    draws = t["draws"].format(n=sim.n_draws, method=sim.method.upper(), seed=sim.seed)
    heading = title(f"{name} — {t['bands']}", lang, t["legend"], draws)
    return style(with_properties(chart, title=heading))


def tornado_chart(sim, measure: str = "output", scope: str = "total", lang: str = "ko",
                  top: int = 10) -> alt.LayerChart:
    """Each assumption at its P10 and at its P90 (others at their point values).

    Bars start at the point estimate; the longest bar is the assumption that moves
    ``measure`` (``scope``) most.  The ``top`` assumptions with a non-zero swing are shown.
    """
    check(lang, measure, scope, scopes=SCOPE_ORDER, measures=MEASURE_ORDER)
    frame = sim.tornado
    frame = frame[(frame["measure"] == measure) & (frame["scope"] == scope)
                  & (frame["swing"] > 0)].head(top)
    divisor, unit, fmt = unit_for(measure, frame[["at_low", "at_high", "base"]].to_numpy(), lang)
    t = TEXT[lang]
    label = frame[f"label_{lang}"].tolist()
    long = pd.DataFrame({
        "input": label * 2,
        "case": [t["low"]] * len(frame) + [t["high"]] * len(frame),
        "base": list(frame["base"] / divisor) * 2,
        "value": list(frame["at_low"] / divisor) + list(frame["at_high"] / divisor)})
    y = alt.Y("input:N", title=None, sort=label, axis=alt.Axis(labelLimit=360))
    x_title = unit if measure in ("output", "value_added") else word("persons", lang)
    colors = alt.Scale(domain=[t["low"], t["high"]], range=[COLORS["down"], COLORS["up"]])
    bars = alt.Chart(long).mark_bar(opacity=0.85, height=16).encode(
        y=y, x=alt.X("base:Q", title=x_title, scale=alt.Scale(zero=False),
                     axis=alt.Axis(format=fmt, tickCount=6)), x2=alt.X2("value:Q"),
        color=alt.Color("case:N", title=t["case"], scale=colors),
        tooltip=[alt.Tooltip("input:N", title=t["input"]), alt.Tooltip("case:N", title=" "),
                 alt.Tooltip("value:Q", format=fmt, title=unit)])
    base_value = float(frame["base"].iloc[0] / divisor) if len(frame) else 0.0
    rule = alt.Chart(pd.DataFrame({"base": [base_value]})).mark_rule(color="black").encode(
        x=alt.X("base:Q"))
    heading = f"{_measure_name(measure, sim, lang)} · {term(scope, lang)} — {t['tornado']}"
    chart = with_properties(alt.layer(bars, rule), width=WIDTH, height=28 * max(len(frame), 1))
    return style(with_properties(chart, title=title(heading, lang, t["swing"])))
