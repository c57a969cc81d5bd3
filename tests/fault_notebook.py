"""``impact report`` with a small notebook in place of the report's, for faults in the
kernel where what is tested is the batch around it (no report lost, the others go on, the
next run cleans up), not the report notebook.

``python -m tests.fault_notebook NOTEBOOK report ARGS...`` runs the command line as a user
does, except that each project's kernel runs ``NOTEBOOK`` (made by :func:`write`): it
takes the report's parameters and goes straight to the library code where the report
notebook's kernel faults are injected (impact/faults.py): one chart added to a
:class:`~impact.reporting.outputs.ReportCharts` and saved by
:func:`~impact.reporting.outputs.save_outputs` into the build folder, which renders it
(point ``chart-engine``) and saves it (point ``save-outputs``).  The kernel is a real one,
started by papermill as a report's; everything around it is the real code.  About 2 s of
CPU a kernel instead of a report's 5-8 s, which the seed run and the mixed batch
(tests/test_report_mixed.py: a real notebook failing on a broken budget) still pay.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from impact import cli
from impact.reporting import render

FAULT_CELL = '''\
from impact.lazy import skip_slow_optional_imports
skip_slow_optional_imports()  # as the report notebook does before altair
import altair as alt
import pandas as pd
import yaml
from impact.reporting.outputs import ReportCharts, save_outputs

with open(project_file, encoding="utf-8") as f:
    charts = ReportCharts(project_id=yaml.safe_load(f)["id"])
charts.add("effects", alt.Chart(pd.DataFrame({"x": ["a"], "y": [1]}))
           .mark_bar().encode(x="x:N", y="y:Q"))
# renders the chart (chart-engine), saves it (save-outputs); past them (no fault
# set) it fails on the report data it is not given: this notebook makes no report
save_outputs(None, charts, out_dir)
'''


def write(path: Path) -> Path:
    """The small notebook, for the report notebook's kernel, written to ``path``."""
    import nbformat  # here: the command line imports it later, after skipping slow imports
    report = json.loads(render.report_notebook().read_text(encoding="utf-8"))
    parameters = nbformat.v4.new_code_cell('project_file = ""\nout_dir = None')
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(FAULT_CELL)])
    notebook.metadata["kernelspec"] = report["metadata"]["kernelspec"]
    nbformat.write(notebook, path)
    return path


if __name__ == "__main__":
    small = Path(sys.argv[1])
    render.report_notebook = lambda: small  # forked batch workers inherit it
    sys.argv = [sys.argv[0], *sys.argv[2:]]
    cli.entry()  # as the impact command starts
