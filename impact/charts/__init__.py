"""Charts of impact estimates (Altair), with Hangul rendered through vl-convert.

>>> from impact.charts import effects_chart, save_chart
>>> save_chart(effects_chart(result), "out", "effects")  # doctest: +SKIP
{'png': PosixPath('out/effects.png'), 'svg': PosixPath('out/effects.svg')}
"""

from ..lazy import lazy_getattr, skip_slow_optional_imports

skip_slow_optional_imports()  # before any chart module imports altair (and jsonschema)

# Imported on first use (PEP 562): a report starts the chart process
# (:mod:`.vega_process`) before it needs altair.
_LAZY = {"regions_chart": "compare", "scenarios_chart": "compare",
         "bands_chart": "economics", "tornado_chart": "economics",
         "CHART_NAMES": "effects", "effects_chart": "effects", "project_charts": "effects",
         "timeline_chart": "effects", "top_sectors_chart": "effects",
         "chart_html": "export", "chart_spec": "export", "png_bytes": "export",
         "render_chart": "export", "save_chart": "export", "svg_text": "export",
         "FONT_FAMILY": "fonts", "font_config": "fonts", "font_directory": "fonts",
         "register_fonts": "fonts"}

__getattr__ = lazy_getattr(__name__, _LAZY)

__all__ = sorted(_LAZY)


def __dir__():
    return sorted(set(globals()) | set(__all__))
