"""``impact report`` end to end: papermill runs the report notebook for every seed project,
HTML and charts land in the output folder, offline, as a browser shows them.

The seed run (conftest ``seed_reports``) is the suite's one full-size run; test_faults.py
starts from it, so both files run in one xdist worker (tests/conftest.py).  A batch with
a broken and a hostile project: test_report_mixed.py."""

from __future__ import annotations

import base64
import html as html_module
import io
import json
import os
import re
import shutil
import struct
from pathlib import Path

import nbformat
import pytest

import impact
from impact.charts import FONT_FAMILY

from .conftest import PROJECTS, ROOT, run_notebook

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?https?:""",
                      re.I)


def assert_svg_has_its_glyphs(svg: str) -> None:
    from fontTools.ttLib import TTFont
    woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(woff))).getBestCmap()
    shown = set(html_module.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))))
    assert any("\uac00" <= c <= "\ud7a3" for c in shown)  # Hangul in every chart
    assert [c for c in shown if not c.isspace() and ord(c) not in cmap] == []


REPORT_CHARTS = ("effects", "timeline", "top_sectors", "regions", "scenarios", "bands",
                 "tornado", "bridge", "bridge_jobs")


def test_report_all_renders_every_seed_project(seed_reports, tables):
    out, proc = seed_reports
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(re.findall(r"^\[\d/3\] ok", proc.stdout, flags=re.M)) == 3
    page = (out / "index.html").read_text(encoding="utf-8")
    for path in PROJECTS:
        project = impact.load_project(path, tables=tables)
        folder = out / project.id
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert f"{project.id}/report.html" in page
        assert nbformat.read(folder / "report.ipynb", as_version=4).cells
        for chart in REPORT_CHARTS:  # saved as SVG in NanumGothic and a PNG at scale 2
            png = (folder / "charts" / f"{chart}.png").read_bytes()
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            svg = (folder / "charts" / f"{chart}.svg").read_text(encoding="utf-8")
            assert svg.startswith("<svg") and FONT_FAMILY in svg
            width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
            assert struct.unpack(">I", png[16:20])[0] == pytest.approx(2 * width, abs=2)
            assert f"{project.id}/charts/{chart}.png" in page
        inline = r'<figure class="impact-chart"[^>]*><img [^>]*src="data:image/svg\+xml;base64,([^"]+)"'
        images = re.findall(inline, html)
        assert len(images) == len(REPORT_CHARTS)  # charts inline, as SVG
        for image in images:  # each carries the glyphs its text shows (Hangul included)
            assert_svg_has_its_glyphs(base64.b64decode(image).decode("utf-8"))
        for section in ("가정 점검", "보고연도 기준 취업자", "불확실성 범위", "seed",
                        "통상 방식과의 비교", "Type II", "GRDP 대비", "0.3210%"):
            assert section in html
        assert "@font-face" in html  # Hangul font embedded
        assert not EXTERNAL.search(html), EXTERNAL.search(html)
        assert "reporting.prepare(" not in html and "display(HTML(" not in html  # code hidden
        record = json.loads((folder / "headline.json").read_text(encoding="utf-8"))
        totals = impact.estimate(project, tables=tables).totals()
        assert record["output_total"] == pytest.approx(totals.loc["output", "total"])
        assert record["jobs_total"] == pytest.approx(totals.loc["jobs", "total"])
        assert f"{record['jobs_total']:,.0f}명" in html
        assert record["version"] == impact.__version__ and record["parameters_sha256"] in html
        brief = (folder / "brief.pdf").read_bytes()  # built in the same folder, moved with it
        assert brief.startswith(b"%PDF") and brief.count(b"/Type /Page\n") <= 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_the_last_report_of_the_seed_run_converts_its_charts_beside(seed_reports):
    """Three files on two workers: the third starts as the other worker runs out of files,
    so on two cores or more its kernel converts its charts in the chart processes (a core
    the batch would leave idle); the first two convert in line, a core each."""
    import os
    out, _ = seed_reports
    expected = [False, False, (os.cpu_count() or 1) >= 2]
    injected = []
    for path in PROJECTS:  # --all: in name order
        notebook = nbformat.read(out / path.stem / "report.ipynb", as_version=4)
        cell = next(c for c in notebook.cells
                    if "injected-parameters" in c.metadata.get("tags", []))
        injected.append(re.search(r"^spare_core = (True|False)$", cell.source, re.M).group(1))
    assert injected == [str(e) for e in expected]


def test_the_page_is_every_output_of_the_notebook_in_order(seed_reports):
    """report.html shows what the executed report.ipynb shows, every HTML output in the
    order the cells made it, under the project's name, with no script and no stylesheet
    but its own; the font subset covers every character of the page's text."""
    from fontTools.ttLib import TTFont
    from impact.reporting.webfont import page_text
    out, _ = seed_reports
    for folder in sorted(p for p in out.iterdir() if (p / "report.ipynb").is_file()):
        page = (folder / "report.html").read_text(encoding="utf-8")
        notebook = nbformat.read(folder / "report.ipynb", as_version=4)
        shown = [o["data"]["text/html"] for c in notebook.cells for o in c.get("outputs", [])
                 if "text/html" in o.get("data", {})]
        assert len(shown) > 30
        at = 0
        for fragment in shown:
            at = page.index(fragment, at) + len(fragment)  # ValueError: missing or out of order
        headline = json.loads((folder / "headline.json").read_text(encoding="utf-8"))
        assert f"<title>{html_module.escape(headline['name'])} — 경제적 파급효과 보고서</title>" in page
        assert "<script" not in page.lower() and "jp-" not in page
        woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page).group(1)
        cmap = TTFont(io.BytesIO(base64.b64decode(woff))).getBestCmap()
        text = page_text(page[page.index("<body"):])
        assert [c for c in set(text) if not c.isspace() and ord(c) not in cmap] == []


def test_explore_notebook_executes(tmp_path):
    out = tmp_path / "explore.ipynb"
    run_notebook("explore_multipliers.ipynb", out, {"measure": "jobs", "scope": "total",
                                                    "region": "충북", "sector": "34"})
    nb = nbformat.read(out, as_version=4)
    text = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "jobs_total: 83 sectors x 17 regions" in text and "충북" in text


def _offline_checker():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "check_report_offline", ROOT / "scripts" / "check_report_offline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_renders_offline_in_headless_chromium(request, tmp_path):
    """A real browser, no network: every chart image decodes and the first shows colour."""
    checker = _offline_checker()
    if not shutil.which(checker.CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{checker.CHROMIUM} is missing on CI (.ci/run installs chromium)")
        pytest.skip(f"{checker.CHROMIUM} not installed (apt-get install chromium)")
    out, _ = request.getfixturevalue("seed_reports")
    found = checker.check(out / "pohang-data-center" / "report.html", tmp_path / "shot.png")
    assert found["ok"], found
    assert found["drawn"] == found["charts"] == len(REPORT_CHARTS)
    assert (tmp_path / "shot.png").stat().st_size > 50_000


def _replaying(seed_out, tmp_path, interrupt_at, after_signal=0.0, together=(),
               signum=None):
    """A stand-in for the report kernel (``render._execute``): it puts the seed run's
    outputs for the project in the build folder, as its kernel wrote them; for the
    project named ``interrupt_at`` it first sends Ctrl-C's signal to the batch's process,
    then goes on for ``after_signal`` seconds.  The projects named in ``together`` wait
    for each other to have started before any goes on (workers start at their own pace).
    Every project it starts leaves a mark."""
    import signal
    import time

    from impact.reporting import render
    batch_pid = os.getpid()

    def kernel(notebook, executed, parameters, **options):
        stem = Path(parameters["project_file"]).stem
        (tmp_path / f"started-{stem}").touch()
        deadline = time.monotonic() + 60
        while stem in together and time.monotonic() < deadline and \
                not all((tmp_path / f"started-{other}").exists() for other in together):
            time.sleep(0.01)
        if stem == interrupt_at:
            os.kill(batch_pid, signum or signal.SIGINT)
        if stem == interrupt_at or stem in together:
            time.sleep(after_signal)
        shutil.copytree(seed_out / stem, parameters["out_dir"], dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(render.REPORT_HTML))
    return kernel


@pytest.fixture
def signals_as_in_a_terminal():
    """SIGINT raises KeyboardInterrupt in this process, as in a terminal, even when the
    suite was started from a shell's background job, whose processes inherit SIGINT
    ignored (Python then installs no handler and the signal these tests send is lost);
    the SIGINT and SIGTERM handlers the test finds, or installs, are put back after it,
    and so is the hook for exceptions Python cannot raise (quiet_interrupts sets one)."""
    import signal
    import sys
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    hook = sys.unraisablehook
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    for number, handler in before.items():
        signal.signal(number, handler)
    sys.unraisablehook = hook


def _listed(index: Path) -> set[str]:
    page = index.read_text(encoding="utf-8")
    return set(re.findall(r"href=[\"']([a-z0-9-]+)/report\.html[\"']", page))


def test_ctrl_c_keeps_and_lists_the_reports_made_before_it(seed_reports, tmp_path,
                                                           monkeypatch, capsys,
                                                           signals_as_in_a_terminal):
    """One process (``--jobs 1``): the report in progress is dropped, the one before it is
    kept and in the index, the next never starts, and the command says so in one line."""
    from impact import cli
    from impact.reporting import render
    seed_out, _ = seed_reports
    first, second, third = PROJECTS
    monkeypatch.setattr(render, "_execute", _replaying(seed_out, tmp_path, second.stem))
    out = tmp_path / "out"
    status = cli.main(["report", str(first), str(second), str(third), "--out", str(out),
                       "--jobs", "1"])
    captured = capsys.readouterr()
    err = captured.err
    assert status == 130, captured.out + err
    assert err.splitlines() == ["impact: interrupted with 1 of 3 project(s) done (their "
                                "reports kept, in the index); run again for the rest"]
    assert sorted(p.name for p in out.iterdir()) == [first.stem, "index.html"]
    assert _listed(out / "index.html") == {first.stem}
    assert (out / first.stem / "report.html").is_file()
    assert not (tmp_path / f"started-{third.stem}").exists()
    assert cli.main(["report", str(third), "--out", str(out), "--jobs", "1"]) == 0  # unlocked
    assert _listed(out / "index.html") == {first.stem, third.stem}


def test_sigterm_stops_the_command_as_ctrl_c_does(seed_reports, tmp_path, monkeypatch,
                                                 capsys, signals_as_in_a_terminal):
    """SIGTERM (``kill``, ``timeout``, a scheduler ending a job), with the handlers the
    ``impact`` command starts with: the report in progress is dropped, the one before it
    kept and listed, and the command says it was terminated, with status 143 (128 + 15)."""
    import logging
    import signal
    import threading

    from impact import cli
    from impact.reporting import interrupts, render
    seed_out, _ = seed_reports
    first, second, third = PROJECTS
    monkeypatch.setattr(render, "_execute", _replaying(seed_out, tmp_path, second.stem,
                                                       signum=signal.SIGTERM))
    monkeypatch.setattr(interrupts, "_last_signal", signal.SIGINT)  # restored after
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)  # the handler sets it
    interrupts.quiet_interrupts(terminate=True)  # as cli.entry does; the fixture restores
    out = tmp_path / "out"
    try:
        status = cli.main(["report", str(first), str(second), str(third), "--out", str(out),
                           "--jobs", "1"])
    finally:
        logging.disable(logging.NOTSET)
    err = capsys.readouterr().err
    assert status == 143, err
    assert err.splitlines() == ["impact: terminated with 1 of 3 project(s) done (their "
                                "reports kept, in the index); run again for the rest"]
    assert _listed(out / "index.html") == {first.stem}
    assert not (tmp_path / f"started-{third.stem}").exists()


def test_ctrl_c_lets_running_workers_finish_and_starts_nothing_more(seed_reports, tmp_path,
                                                                    monkeypatch,
                                                                    signals_as_in_a_terminal):
    """Two workers, Ctrl-C's signal to the batch's process alone: the two reports being
    rendered finish and are kept; the file already handed to a worker never starts."""
    from impact.reporting import render
    from impact.reporting.batch import BatchInterrupted, run_batch
    seed_out, _ = seed_reports
    first, second, third = PROJECTS
    # both workers' reports are running when the signal comes and go on a second after
    # it; the third file waits in the pool's queue for whichever worker is free first
    monkeypatch.setattr(render, "_execute",
                        _replaying(seed_out, tmp_path, first.stem, after_signal=1.0,
                                   together=(first.stem, second.stem)))
    out = tmp_path / "out"
    with pytest.raises(BatchInterrupted) as stopped:
        run_batch([first, second, third], out, jobs=2, progress=None)
    assert isinstance(stopped.value, KeyboardInterrupt)
    assert stopped.value.total == 3
    assert sorted(Path(o.file).stem for o in stopped.value.result.outcomes if o.ok) == \
        sorted([first.stem, second.stem])
    assert _listed(out / "index.html") == {first.stem, second.stem}
    assert not (tmp_path / f"started-{third.stem}").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
