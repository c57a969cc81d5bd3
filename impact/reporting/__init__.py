"""Reports: the report notebook's sections, papermill rendering and the page, batch and index.

- :mod:`.data` — :func:`prepare` computes everything a report shows (:class:`ReportData`).
- :mod:`.sections` — each section as a table and as escaped HTML.
- :mod:`.render` — one project: papermill runs ``impact_report.ipynb``, :mod:`.page`
  writes its outputs as offline HTML; built in a temporary folder and moved into place atomically.
- :mod:`.batch` — many projects in parallel processes, one failure never stops the rest;
  colliding ids refused first.
- :mod:`.index` — ``index.html`` over every report in the output folder.
- :mod:`.atomic` — build folders moved into place whole, leftovers of killed runs cleared;
  :mod:`.lock` — one run per output folder.
"""

from ..lazy import lazy_getattr

# Imported on first use (PEP 562): the batch and index, which run in the `impact report`
# process, need none of it, and it pulls in the whole library and altair.
_LAZY = {"MoneyBasis": "data", "ReportData": "data", "headline": "data",
         "money_basis": "data", "prepare": "data", "provenance": "data",
         "chart_fragment": "outputs", "charts_for": "outputs", "save_outputs": "outputs",
         "start_chart_engine": "outputs"}


__getattr__ = lazy_getattr(__name__, _LAZY)

__all__ = ["MoneyBasis", "ReportData", "chart_fragment", "charts_for", "headline",
           "money_basis", "prepare", "provenance", "save_outputs", "start_chart_engine"]
