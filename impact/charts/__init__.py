"""Charts of impact estimates (Altair), with Hangul rendered through vl-convert.

>>> from impact.charts import effects_chart, save_chart
>>> save_chart(effects_chart(result), "out", "effects")  # doctest: +SKIP
{'png': PosixPath('out/effects.png'), 'svg': PosixPath('out/effects.svg')}
"""

from .compare import regions_chart, scenarios_chart
from .economics import bands_chart, tornado_chart
from .effects import (CHART_NAMES, effects_chart, project_charts, timeline_chart,
                      top_sectors_chart)
from .export import chart_html, chart_spec, png_bytes, render_chart, save_chart, svg_text
from .fonts import FONT_FAMILY, font_config, font_directory, register_fonts

__all__ = ["CHART_NAMES", "FONT_FAMILY", "bands_chart", "chart_html", "chart_spec", "effects_chart",
           "font_config", "font_directory", "png_bytes", "project_charts", "regions_chart",
           "register_fonts", "render_chart", "save_chart", "scenarios_chart", "svg_text", "timeline_chart",
           "top_sectors_chart", "tornado_chart"]
