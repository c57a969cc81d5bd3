"""What the report notebook makes besides its own cells: charts (shown and saved), headline.json.

``headline.json`` is what :mod:`impact.reporting.index` reads to list a report; the
charts are saved as PNG (slides) and SVG into ``<out_dir>/charts/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import faults
from ..lazy import skip_slow_optional_imports
from . import htmlout as h
from .atomic import atomic_write_text
from .words import word

if TYPE_CHECKING:
    from .data import ReportData

HEADLINE_FILE = "headline.json"
CHARTS_DIR = "charts"
# the report's charts in the order its page shows them, which is the order they are
# built and converted in: the page waits for each only where it shows it
PAGE_ORDER = ("effects", "bridge", "bridge_jobs", "timeline", "top_sectors", "regions",
              "scenarios", "bands", "tornado")


class ReportCharts(dict):
    """Charts by name; each is rendered (SVG and PNG) at most once, then shown and saved.

    With ``beside=True`` each chart is queued for conversion in another process as it is
    added (:func:`impact.charts.export.svg_beside`, :func:`~impact.charts.export.png_beside`):
    the next chart is built while this one converts, and its PNG is rasterised as soon
    as its SVG is made.  :meth:`shown` and :meth:`rendered` wait for the chart they need;
    :meth:`font_chars` waits for none, so the page goes on while the later charts
    convert.  The bytes are the same either way.
    """

    def __init__(self, project_id: str = "", beside: bool = False):
        super().__init__()
        self.project_id = project_id
        self.beside = beside
        self._rendered: dict[str, dict[str, bytes]] = {}
        self._specs: dict = {}  # name: the chart's Vega-Lite dict, made once
        self._chars: set[str] = set()  # every character the charts' specs can show
        self._svg: dict = {}  # name: future of the SVG (and alt text)
        self._png: dict = {}  # name: future of the whole rendering

    def add(self, name: str, chart) -> None:
        """Add a chart; with ``beside``, its SVG is queued now."""
        from ..charts.export import chart_spec, spec_chars
        self[name] = chart
        self._specs[name] = spec = chart_spec(chart)
        self._chars.update(spec_chars(spec))
        if self.beside:
            from ..charts.export import png_beside, svg_beside
            if not self._svg:
                faults.hit("chart-engine", self.project_id)
            self._svg[name] = svg_beside(spec)
            self._png[name] = png_beside(self._svg[name])

    def shown(self, name: str) -> dict:
        """What the page shows of the chart: ``{"svg", "alt"}`` (and ``"png"`` once made)."""
        if name in self._svg and name not in self._rendered:
            return self._svg[name].result()
        return self.rendered(name)

    def rendered(self, name: str) -> dict:
        """The chart rendered: ``{"svg", "png", "alt"}`` (:func:`impact.charts.render_chart`)."""
        if name not in self._rendered:
            if name in self._png:
                self._rendered[name] = self._png[name].result()
            else:
                from ..charts import render_chart
                faults.hit("chart-engine", self.project_id)
                self._rendered[name] = render_chart(self._specs[name], self.font_chars())
        return self._rendered[name]

    def font_chars(self) -> str:
        """Every character the charts can show (:func:`impact.charts.export.spec_chars`):
        one font subset serves them all, made before any of them is converted."""
        return "".join(sorted(self._chars))


def _restate_basis(chart, data: ReportData):
    """The chart with its subtitle's price basis replaced by the report's."""
    import altair as alt

    from ..charts.common import with_properties
    title = chart.title
    lines = list(title.subtitle) if isinstance(title.subtitle, (list, tuple)) else []
    if not lines:
        return chart
    base = "2020년 불변가격" if data.lang == "ko" else "2020 prices"
    lines[0] = lines[0].replace(base, data.basis.label(data.lang), 1)
    return with_properties(chart, title=alt.TitleParams(text=title.text, subtitle=lines))


def start_chart_engine() -> None:
    """Start the chart processes (:mod:`impact.charts.vega_process`), the SVG one warming
    up in the background; they need no altair, so call it first.  A kernel given a chart
    server (a batch's, its engine warm) starts none: its charts convert there."""
    from ..charts.vega_process import ROLES, given_server, shared_process
    from ..fontfile import font_directory
    if given_server():
        return
    for role in ROLES:
        shared_process(font_directory(), role)


def charts_for(data: ReportData, beside: bool = False) -> ReportCharts:
    """The project's altair charts by name (:func:`impact.charts.project_charts`).

    Money in the charts is at the report's price basis, as in its tables (one basis
    per page): at another price year they are drawn from re-priced copies
    (:mod:`impact.reporting.repriced`).  With nothing uncertain in the budget there is
    no bands or tornado chart (the section says so instead).  ``beside``: convert them
    in another process while the report goes on (:class:`ReportCharts`).
    """
    skip_slow_optional_imports()
    from ..charts import bands_chart, tornado_chart  # load only when charting
    from ..charts.effects import project_chart_builders
    from .economics import budget_is_uncertain
    from .repriced import repriced_result, repriced_simulation, scale_money, scale_tidy
    result, regions, scenarios, sim = data.result, data.regions, data.scenarios, data.simulation
    repriced = data.basis.status != "base"
    if repriced:
        f = data.basis.factor
        result, regions = repriced_result(result, f), scale_money(regions, f)
        scenarios = scale_tidy(scenarios, f, [c for c in scenarios.columns
                                              if scenarios[c].dtype.kind == "f"
                                              and not c.endswith("_pct")])
        sim = repriced_simulation(sim, f)
    builders = project_chart_builders(result, regions, scenarios, data.lang)
    if budget_is_uncertain(data):
        builders["bands"] = lambda: bands_chart(sim, lang=data.lang)
        builders["tornado"] = lambda: tornado_chart(sim, measure="output", lang=data.lang)
    if data.result.flow_model is not None:  # the bridge states its own two price bases
        from ..charts.bridge import bridge_chart
        from .bridge_view import bridge_at_basis
        bridge = bridge_at_basis(data)
        for name, measure in (("bridge", "output"), ("bridge_jobs", "jobs")):
            builders[name] = lambda measure=measure: bridge_chart(
                bridge, measure, data.lang, prices=data.basis.label(data.lang))
    from altair.utils.schemapi import debug_mode
    charts = ReportCharts(project_id=data.project.id, beside=beside)
    order = {name: i for i, name in enumerate(PAGE_ORDER)}
    # altair's debug mode checks every part of a chart against the schema as it is made,
    # a tenth of the time spent building these; the tests validate each chart whole
    with debug_mode(False):
        for name, build in sorted(builders.items(), key=lambda b: order.get(b[0], len(order))):
            restate = repriced and name not in ("bridge", "bridge_jobs")
            charts.add(name, _restate_basis(build(), data) if restate else build())
    return charts


def chart_fragment(data: ReportData, charts: dict, name: str) -> str:
    """Offline HTML of one chart (inline, with Hangul), or a note if it was not made."""
    from ..charts import chart_html
    from .economics import budget_is_uncertain
    if name in ("bands", "tornado") and not budget_is_uncertain(data):
        return ""  # the bands section says that nothing is uncertain
    if name not in charts:
        return h.para(word(data.lang, "no_chart", name=name), "impact-empty")
    note = ""
    shared = isinstance(charts, ReportCharts)
    fragment = chart_html(charts[name], rendered=charts.shown(name) if shared else None,
                          font_chars=charts.font_chars() if shared else None)
    return f"<div class='impact-chart-block' data-chart='{h.esc(name)}'>{fragment}</div>{note}"


def save_outputs(data: ReportData, charts: dict, out_dir: str | Path | None) -> dict:
    """Save every chart (PNG and SVG), ``brief.pdf`` and ``headline.json`` into ``out_dir``.

    Returns ``{chart name: {format: path relative to out_dir}}``; nothing is written
    when ``out_dir`` is ``None`` (the notebook run by hand).
    """
    if out_dir is None:
        return {}
    from ..charts import save_chart
    from .data import headline
    out = Path(out_dir)
    chart_dir = out / CHARTS_DIR
    saved = {}
    for name, chart in charts.items():
        rendered = charts.rendered(name) if isinstance(charts, ReportCharts) else None
        files = save_chart(chart, chart_dir, name, rendered=rendered)
        saved[name] = {fmt: Path(path).relative_to(out).as_posix()
                       for fmt, path in files.items()}
        faults.hit("save-outputs", str(out))
    from .brief import write_brief  # the council brief, from the same data, in the same folder
    write_brief(data, out, charts)
    record = {**headline(data), "charts": saved}
    atomic_write_text(out / HEADLINE_FILE, json.dumps(record, ensure_ascii=False, indent=2))
    return saved
