"""What the report notebook makes besides its own cells: charts (shown and saved), headline.json.

``headline.json`` is what :mod:`impact.reporting.index` reads to list a report; the
charts are saved as PNG (slides) and SVG into ``<out_dir>/charts/``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import htmlout as h
from .atomic import atomic_write_text
from .data import ReportData, headline

HEADLINE_FILE = "headline.json"
CHARTS_DIR = "charts"


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` in report processes.

    jsonschema (imported by altair, nbformat and nbconvert) imports that optional
    package when it is installed (jupyterlab pulls it in); its import builds about 40
    lark parsers and takes 1.5 s, up to 8 s under load, per process.  It only serves
    IRI format checks, which neither altair nor nbformat use.  Does nothing if it is
    already imported.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


class ReportCharts(dict):
    """Charts by name; each is rendered (SVG and PNG) at most once, then shown and saved."""

    def __init__(self, charts: dict):
        super().__init__(charts)
        self._rendered: dict[str, dict[str, bytes]] = {}

    def rendered(self, name: str) -> dict:
        from ..charts import render_chart
        if name not in self._rendered:
            self._rendered[name] = render_chart(self[name])
        return self._rendered[name]


def charts_for(data: ReportData) -> ReportCharts:
    """The project's altair charts by name (:func:`impact.charts.project_charts`)."""
    skip_slow_optional_imports()
    from ..charts import bands_chart, project_charts, tornado_chart  # load only when charting
    charts = project_charts(data.result, data.regions, data.scenarios, data.lang)
    charts["bands"] = bands_chart(data.simulation, lang=data.lang)
    charts["tornado"] = tornado_chart(data.simulation, measure="output", lang=data.lang)
    return ReportCharts(charts)


def chart_fragment(data: ReportData, charts: dict, name: str) -> str:
    """Offline HTML of one chart (inline, with Hangul), or a note if it was not made.

    Charts show money at 2020 prices; when the report uses another price year the
    fragment says so under the chart.
    """
    from ..charts import chart_html
    if name not in charts:
        return h.para(f"(chart {name!r} not available for this project)")
    note = "" if data.basis.status == "base" else \
        h.para("차트 금액은 2020년 불변가격 · Chart money at 2020 prices.", "impact-chart-note")
    rendered = charts.rendered(name) if isinstance(charts, ReportCharts) else None
    return f"<div class='impact-chart-block' data-chart='{h.esc(name)}'>" \
           f"{chart_html(charts[name], rendered=rendered)}</div>{note}"


def save_outputs(data: ReportData, charts: dict, out_dir: str | Path | None) -> dict:
    """Save every chart (PNG and SVG), ``brief.pdf`` and ``headline.json`` into ``out_dir``.

    Returns ``{chart name: {format: path relative to out_dir}}``; nothing is written
    when ``out_dir`` is ``None`` (the notebook run by hand).
    """
    if out_dir is None:
        return {}
    from ..charts import save_chart
    out = Path(out_dir)
    chart_dir = out / CHARTS_DIR
    saved = {}
    for name, chart in charts.items():
        rendered = charts.rendered(name) if isinstance(charts, ReportCharts) else None
        files = save_chart(chart, chart_dir, name, rendered=rendered)
        saved[name] = {fmt: Path(path).relative_to(out).as_posix()
                       for fmt, path in files.items()}
    from .brief import write_brief  # the council brief, from the same data, in the same folder
    write_brief(data, out, charts)
    record = {**headline(data), "charts": saved}
    atomic_write_text(out / HEADLINE_FILE, json.dumps(record, ensure_ascii=False, indent=2))
    return saved
