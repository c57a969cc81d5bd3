"""A report's charts converted in the chart process are the charts converted in line."""

from __future__ import annotations

from impact.charts.export import svg_chars
from impact.reporting import charts_for, chart_fragment, prepare

from .conftest import ROOT

CENTER = ROOT / "projects" / "chungbuk-ai-simulation-center.yaml"


def _compare_in_a_fresh_process() -> None:
    """Run by the test below in a process of its own (fonts are registered once per
    process, and this one must register a report's): the charts converted in line, as
    a kernel in a batch does, then beside, in the chart processes, which always load
    the whole font."""
    from impact.charts import fonts, vega_process
    data = prepare(CENTER, report_price_year=2024, draws=200)
    inline = charts_for(data, beside=False)
    for name in inline:
        inline.rendered(name)
    # in line, all in this process, with the faces reduced to the report's characters
    assert fonts._registered.name.startswith("impact-fonts-"), fonts._registered
    assert vega_process._shared == {}
    assert sorted(p.name for p in fonts._registered.iterdir()) == [
        "NanumGothic.ttf", "NanumGothicBold.ttf", "NanumGothicExtraBold.ttf",
        "NanumGothicLight.ttf"]
    beside = charts_for(data, beside=True)
    # in the order the page shows them (and so converts them)
    assert list(beside) == list(inline) == ["effects", "bridge", "bridge_jobs", "timeline",
                                            "top_sectors", "regions", "scenarios", "bands",
                                            "tornado"]
    for name in inline:
        assert beside.shown(name)["svg"] == inline.rendered(name)["svg"], name
        # the one font subset, made before any chart converted, has every glyph they show
        assert set(svg_chars(beside.shown(name)["svg"].decode("utf-8"))) \
            <= set(beside.font_chars())
        assert beside.rendered(name) == inline.rendered(name), name
        assert chart_fragment(data, beside, name) == chart_fragment(data, inline, name)
    assert "2024년 가격" in beside.rendered("effects")["svg"].decode("utf-8")


def test_charts_converted_beside_a_report_are_its_charts_converted_in_line():
    """Built one by one and queued as built (SVGs first, then PNGs), re-priced to 2024:
    every chart shows and saves the same bytes, and the page fragments are the same,
    whether converted beside with the whole font or in line with its faces reduced to
    the report's characters."""
    import subprocess
    import sys
    code = "import tests.test_report_charts as t; t._compare_in_a_fresh_process()"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_a_chart_process_that_dies_fails_every_chart_still_waiting_with_its_exit():
    """Killed mid-run (out of memory, a crash): charts queued before and after fail
    where they are needed, naming the process and its exit; nothing waits for ever."""
    import os
    import signal

    import pytest

    from impact.charts.vega_process import WARM_UP_SPEC, VegaProcess
    from impact.fontfile import font_directory

    process = VegaProcess(font_directory())
    first = process.svg(WARM_UP_SPEC)
    assert "<svg" in first.result(timeout=60)
    queued = [process.svg(WARM_UP_SPEC) for _ in range(20)]
    os.kill(process.pid, signal.SIGKILL)
    later = process.png(first.result(), 2)
    for future in [*queued[-1:], later]:
        with pytest.raises(RuntimeError, match=rf"vl-convert process {process.pid}\) exited"):
            future.result(timeout=60)


def test_requests_queued_faster_than_the_child_answers_all_come_back():
    """Eight PNGs of a large chart queued at once: the requests fill the child's stdin and
    its answers (base64 PNGs, larger than a pipe holds) fill its stdout.  Queueing must
    not block the thread that reads the answers (it did: the writer held the lock the
    reader needs while it waited for room in the pipe, and all three waited for ever; eight
    were enough to hang that code)."""
    import os
    import signal
    import threading

    from impact.charts import chart_spec, effects_chart
    from impact.charts.vega_process import VegaProcess
    from impact.fontfile import font_directory
    from impact.estimate import estimate
    from impact.project import load_project

    spec = chart_spec(effects_chart(estimate(load_project(CENTER))))
    process = VegaProcess(font_directory())
    svg = process.svg(spec).result(timeout=60)
    futures = []
    queue = threading.Thread(target=lambda: futures.extend(process.png(svg, 4)
                                                            for _ in range(8)), daemon=True)
    try:
        queue.start()
        queue.join(timeout=60)
        assert not queue.is_alive(), "queueing the PNGs blocked"
        pngs = [future.result(timeout=60) for future in futures]
        assert len(pngs) == 8 and all(p.startswith(b"\x89PNG") for p in pngs)
        assert len(pngs[0]) > 1 << 16  # larger than a pipe's buffer
    finally:
        os.kill(process.pid, signal.SIGKILL)
