"""Reports: the report notebook's sections, papermill/nbconvert rendering, batch and index.

- :mod:`.data` — :func:`prepare` computes everything a report shows (:class:`ReportData`).
- :mod:`.sections` — each section as a table and as escaped HTML.
- :mod:`.render` — one project: papermill runs ``impact_report.ipynb``, nbconvert writes
  offline HTML; built in a temporary folder and moved into place atomically.
- :mod:`.batch` — many projects in parallel processes, one failure never stops the rest;
  colliding ids refused first.
- :mod:`.index` — ``index.html`` over every report in the output folder.
- :mod:`.atomic` — build folders moved into place whole, leftovers of killed runs cleared;
  :mod:`.lock` — one run per output folder.
"""

from .data import MoneyBasis, ReportData, headline, money_basis, prepare, provenance
from .outputs import chart_fragment, charts_for, save_outputs

__all__ = ["MoneyBasis", "ReportData", "chart_fragment", "charts_for", "headline",
           "money_basis", "prepare", "provenance", "save_outputs"]
