"""A batch worker's chart server (impact.charts.vega_process.ChartServer): one warmed-up
engine for the charts of every report the worker renders in line, each kernel a client
over a Unix socket; a kernel without one, or whose server ends, converts its own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from impact.charts import export
from impact.charts.export import PNG_SCALE, _vl_version, chart_spec
from impact.charts.vega_process import (CHART_SERVER_ENV, ChartServer, VegaConnection,
                                        VegaProcess)
from impact.fontfile import font_directory

from .conftest import ROOT, small_batch
from .test_charts import titled


@pytest.fixture(scope="module")
def reference():
    """A chart and its SVG and PNG from a chart process of the test's own, whole font."""
    spec = chart_spec(titled("생산유발 취업유발"))
    process = VegaProcess(font_directory())
    svg = process.svg(spec, _vl_version(spec)).result(timeout=120)
    return spec, svg, process.png(svg, PNG_SCALE).result(timeout=120)


def test_a_server_answers_its_clients_in_turn_as_a_chart_process_does(reference):
    spec, svg, png = reference
    server = ChartServer(font_directory())
    try:
        first = VegaConnection(server.path)
        assert first.svg(spec, _vl_version(spec)).result(timeout=120) == svg
        assert first.png(svg, PNG_SCALE).result(timeout=120) == png
        first.close()
        second = VegaConnection(server.path)  # the next kernel of the worker
        assert second.svg(spec, _vl_version(spec)).result(timeout=120) == svg
    finally:
        server.close()
    assert server._child.poll() is not None and not Path(server.path).parent.exists()
    with pytest.raises(RuntimeError, match="chart server at .* closed the connection"):
        second.svg(spec).result(timeout=60)
    with pytest.raises(OSError):
        VegaConnection(server.path)


OWNER = """
import sys
from impact.charts.vega_process import ChartServer
from impact.fontfile import font_directory
server = ChartServer(font_directory())
print(server.pid, server.path, flush=True)
sys.stdin.read()
"""


def test_a_server_ends_with_the_process_that_started_it():
    """Its owner killed (a batch worker killed with its batch), the server ends too, and
    removes its socket's folder."""
    owner = subprocess.Popen([sys.executable, "-c", OWNER], cwd=ROOT, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    pid, path = owner.stdout.readline().split()
    os.kill(owner.pid, signal.SIGKILL)
    owner.wait()
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), "the server outlived its owner"
    assert not Path(path).parent.exists()


def test_a_kernel_converts_with_its_server_and_on_its_own_once_it_is_gone(
        reference, monkeypatch):
    spec, svg, png = reference
    server = ChartServer(font_directory())
    monkeypatch.setenv(CHART_SERVER_ENV, server.path)
    monkeypatch.setattr(export, "_server", [])  # this process has not looked for one yet

    def refuse(*args, **kwargs):
        raise AssertionError("converted in this process")
    with monkeypatch.context() as here:
        here.setattr(export.vlc, "vegalite_to_svg", refuse)
        here.setattr(export.vlc, "svg_to_png", refuse)
        rendered = export.render_chart(spec)
    assert (rendered["svg"].decode(), rendered["png"]) == (svg, png)
    server.close()
    rendered = export.render_chart(spec)  # the server gone: converted here
    assert (rendered["svg"].decode(), rendered["png"]) == (svg, png)
    assert export._server == [None]
    monkeypatch.setenv(CHART_SERVER_ENV, server.path)
    monkeypatch.setattr(export, "_server", [])  # named, but nothing listens there
    assert export.render_chart(spec)["png"] == png and export._server == [None]


def test_a_report_with_a_spare_core_queues_its_charts_in_its_server_not_a_new_engine(
        reference, monkeypatch):
    """A batch's last reports convert beside them (spare_core): with a server they queue
    their charts there, the same bytes, and start no JavaScript engine of their own
    (0.8-0.9 s of CPU); a server that ends before it answers leaves them to one."""
    spec, svg, png = reference
    server = ChartServer(font_directory())
    monkeypatch.setenv(CHART_SERVER_ENV, server.path)
    monkeypatch.setattr(export, "_server", [])
    started = []

    def own_process(role):
        started.append(role)
        return VegaProcess(font_directory())
    monkeypatch.setattr(export, "_chart_process", own_process)
    shown = export.svg_beside(spec)
    full = export.png_beside(shown)
    assert (full.result(timeout=120)["svg"].decode(), full.result()["png"]) == (svg, png)
    assert shown.result()["svg"].decode() == svg and started == []
    bad = dict(spec, transform=[{"calculate": "datum.a +", "as": "b"}])  # a bad expression
    with pytest.raises(ValueError, match="conversion failed"):  # the chart's fault, not the server's
        export.svg_beside(bad).result(timeout=120)
    assert started == [] and export._server[0] is not None
    server.close()
    full = export.png_beside(export.svg_beside(spec))
    assert (full.result(timeout=120)["svg"].decode(), full.result()["png"]) == (svg, png)
    assert started == ["svg", "png"] and export._server == [None]


def test_a_worker_hands_its_server_to_every_report_and_a_served_kernel_starts_no_engine(
        tmp_path, monkeypatch):
    from impact.charts import vega_process
    from impact.reporting import outputs, render
    handed = []

    def execute(*args, chart_server=None, **kwargs):
        handed.append(chart_server)
        raise OSError("stopped before the kernel starts")
    monkeypatch.setattr(render, "_execute", execute)
    monkeypatch.setattr(render, "_chart_server", type("Server", (), {"path": "/x/charts"})())
    for spare_core in (False, True):
        assert not render.render_project(ROOT / "projects" / "pohang-ai-fund.yaml",
                                         tmp_path, spare_core=spare_core).ok
    assert handed == ["/x/charts", "/x/charts"]
    started = []
    monkeypatch.setattr(vega_process, "shared_process", lambda *a: started.append(a))
    monkeypatch.setenv(CHART_SERVER_ENV, "/x/charts")
    outputs.start_chart_engine()
    assert started == []
    monkeypatch.delenv(CHART_SERVER_ENV)
    outputs.start_chart_engine()  # a report alone: its own two chart processes
    assert [role for _, role in started] == ["svg", "png"]


SERVED_CELL = '''\
import json, os
from pathlib import Path
import vl_convert as vlc
from impact.charts.export import render_chart
from impact.charts.vega_process import CHART_SERVER_ENV

def refuse(*args, **kwargs):
    raise AssertionError("converted in the kernel")
vlc.vegalite_to_svg = vlc.svg_to_png = refuse  # only a chart server can convert here
try:
    render_chart({"data": {"values": [{"x": "a", "y": 1}]}, "mark": "bar",
                  "encoding": {"x": {"field": "x", "type": "nominal"}}, "title": "생산유발"})
    outcome = "served"
except AssertionError as exc:
    outcome = str(exc)
Path(project_file).with_suffix(".served").write_text(
    json.dumps({"server": os.environ.get(CHART_SERVER_ENV), "outcome": outcome}))
'''


def test_a_batch_with_one_worker_serves_the_charts_of_all_its_reports(tmp_path):
    """Two kernels of one worker (real ones, started by papermill, running a small
    notebook that can only convert through a server) convert with the batch's one server,
    which is gone when the batch ends."""
    from impact.reporting import render
    from impact.reporting.batch import run_batch
    notebook, files = small_batch(tmp_path, SERVED_CELL, 'project_file = ""\nout_dir = None',
                                  ["one", "two"])
    run_batch(files, tmp_path / "out", jobs=1, progress=None,
              notebook=notebook)  # the reports fail: no report is made
    served = [json.loads(f.with_suffix(".served").read_text()) for f in files]
    assert [s["outcome"] for s in served] == ["served", "served"]
    assert served[0]["server"] == served[1]["server"] is not None
    assert not Path(served[0]["server"]).parent.exists() and render._chart_server is None
