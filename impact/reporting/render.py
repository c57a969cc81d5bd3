"""One project's report: papermill runs the report notebook; its outputs become the page.

Everything is built in a temporary folder inside the output folder and moved to
``<out>/<id>/`` only when complete (:func:`impact.reporting.atomic.replace_dir`), so a
failure never replaces a good report.  A failed run keeps its executed notebook, with
the error in it, at ``<out>/_failed/<id>.ipynb``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImpactError
from ..ids import ID_PATTERN
from ..lazy import skip_slow_optional_imports
from .atomic import build_dir, replace_dir, safe_key
from .interrupts import interrupts_held
from .kernel import kernel_environment, kernel_manager_class, kill_kernel
from .outputs import HEADLINE_FILE
from .page import write_page
from .words import word

NOTEBOOK_NAME = "impact_report.ipynb"
FAILED_DIR = "_failed"
REPORT_NOTEBOOK = "report.ipynb"
REPORT_HTML = "report.html"
KERNEL_TMP = ".kernel-tmp"  # in the build folder, while the kernel runs


def report_notebook() -> Path:
    """The report notebook: shipped in the package, or ``notebooks/`` of the source tree."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "notebooks" / NOTEBOOK_NAME,
                      package.parent / "notebooks" / NOTEBOOK_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{NOTEBOOK_NAME} not found in {package / 'notebooks'} "
                            f"or {package.parent / 'notebooks'}")


@dataclass(frozen=True)
class Outcome:
    """How one project's report went: where it is, or why it failed (one line)."""

    file: str
    ok: bool
    seconds: float
    id: str | None = None
    folder: str | None = None
    error: str | None = None
    failed_notebook: str | None = None


def report_title(headline: dict, lang: str) -> str:
    """The page's title: the project's name (English where there is one) and the kind."""
    name = headline.get("name_en") if lang == "en" and headline.get("name_en") else headline["name"]
    return f"{name} — {word(lang, 'h_title')}"


def _failure_key(project_file: Path) -> str:
    """The project's id if the file loads, else a safe key from the file name."""
    from ..project import load_project
    try:
        pid = load_project(project_file).id
        if ID_PATTERN.match(pid):
            return pid
    except (ImpactError, OSError, ValueError):
        pass
    return f"file-{safe_key(project_file.stem)}"


def _whole_notebook(path: Path) -> bool:
    """Whether papermill finished writing it (a full disk cuts a save short)."""
    try:
        json.loads(path.read_bytes())
    except ValueError:
        return False
    return True


def _one_line(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    text = f"{ename}: {evalue if evalue is not None else exc}"
    return " ".join(text.split())


_chart_server = None  # this process's ChartServer, for the kernels it starts


def start_chart_server() -> None:
    """Give the report kernels this process starts one chart server
    (:class:`~impact.charts.vega_process.ChartServer`), so that its JavaScript engine
    starts once, not in each kernel (0.8-0.9 s of CPU a report): those that convert their
    charts in line (``spare_core=False``) wait for it, the others (a batch's last
    reports) queue their charts there and go on.  A batch calls it in each worker that
    renders more than one report; if it cannot start, kernels convert their own charts."""
    global _chart_server
    if _chart_server is None:
        from ..charts.vega_process import ChartServer
        from ..fontfile import font_directory
        try:
            _chart_server = ChartServer(font_directory())
        except (OSError, RuntimeError):
            _chart_server = None


def stop_chart_server() -> None:
    """Stop this process's chart server, if it has one."""
    global _chart_server
    if _chart_server is not None:
        _chart_server.close()
        _chart_server = None


def _execute(notebook: Path, executed: Path, parameters: dict, *, scratch: Path,
             chart_server: str | None = None) -> None:
    """Run the notebook with papermill, in a kernel started before papermill is imported
    so that the two (about half a second each) overlap; the kernel is killed at the end.
    ``scratch``: a folder made and removed here, the kernel's temporary folder;
    ``chart_server``: the socket of a chart server the kernel converts its charts with."""
    skip_slow_optional_imports()
    from jupyter_core.utils import run_sync
    kernel_name = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
    socket_dir = tempfile.mkdtemp(prefix="impact-k-")
    kernel = kernel_manager_class(socket_dir)(kernel_name=kernel_name)
    try:
        # a kernel is killed, so it never removes its temporary files (the charts'
        # fonts): they go in the build folder, removed below or, if this process is
        # killed too, by the next run (open_output)
        scratch.mkdir()
        settings = {"TMPDIR": str(scratch)}
        if chart_server is not None:
            from ..charts.vega_process import CHART_SERVER_ENV
            settings[CHART_SERVER_ENV] = chart_server
        run_sync(kernel.start_kernel)(env=kernel_environment(os.environ, **settings))
        import papermill
        # request_save_on_cell_execute=False: papermill writes the notebook once at the
        # end (and before raising on a failed cell) instead of twice per cell.
        papermill.execute_notebook(str(notebook), str(executed), parameters=parameters,
                                   progress_bar=False, log_output=False, report_mode=False,
                                   request_save_on_cell_execute=False, km=kernel)
    finally:
        # killed rather than asked to shut down and then interrupted, which costs about
        # a second and prints a KeyboardInterrupt to the terminal
        with interrupts_held():
            try:
                kill_kernel(kernel)
            finally:
                shutil.rmtree(socket_dir, ignore_errors=True)
                shutil.rmtree(scratch, ignore_errors=True)


def render_project(project_file: str | Path, out_dir: str | Path = "reports", *,
                   report_price_year: int | None = None, price_series: str = "gdp_deflator",
                   lang: str = "ko", top_n: int = 10, draws: int | None = None,
                   seed: int | None = None, notebook: str | Path | None = None,
                   spare_core: bool = True) -> Outcome:
    """Render one project's report into ``<out_dir>/<id>/``; never raises for a bad project.

    Writes ``report.ipynb`` (executed), ``report.html`` (offline, code hidden),
    ``charts/*.png|svg`` and ``headline.json``.  ``draws`` and ``seed`` default to
    :data:`impact.reporting.data.DEFAULT_DRAWS` and ``DEFAULT_SEED``.

    ``spare_core``: the report may use a second core, the kernel converting its charts
    in another process while it computes the rest: in this process's chart server if it
    has one (:func:`start_chart_server`, its engine already warm), else in processes of
    its own (:mod:`impact.charts.vega_process`).  A batch whose workers already fill the
    cores passes False; the kernel then waits for each chart, converted in that server
    if there is one, else in the kernel itself.
    """
    start = time.perf_counter()
    project_file, out_dir = Path(project_file).resolve(), Path(out_dir).resolve()
    build = build_dir(out_dir, project_file.stem)
    executed = build / REPORT_NOTEBOOK
    parameters = {"project_file": str(project_file), "out_dir": str(build),
                  "report_price_year": report_price_year, "price_series": price_series,
                  "lang": lang, "top_n": top_n, "spare_core": spare_core}
    # None: the notebook's own defaults, data.DEFAULT_DRAWS and DEFAULT_SEED (a test
    # holds them equal), so this process never imports the library's numerics
    parameters.update({k: v for k, v in (("draws", draws), ("seed", seed)) if v is not None})
    try:
        server = _chart_server.path if _chart_server is not None else None
        _execute(Path(notebook) if notebook else report_notebook(), executed, parameters,
                 scratch=build / KERNEL_TMP, chart_server=server)
        record = json.loads((build / HEADLINE_FILE).read_text(encoding="utf-8"))
        pid = record["id"]
        if not isinstance(pid, str) or not ID_PATTERN.match(pid):
            raise ValueError(f"unsafe project id {pid!r}")
        write_page(executed, build / REPORT_HTML, report_title(record, lang))
        final = replace_dir(build, out_dir / pid)
        for key in {pid, f"file-{safe_key(project_file.stem)}"}:
            (out_dir / FAILED_DIR / f"{key}.ipynb").unlink(missing_ok=True)
        return Outcome(str(project_file), True, time.perf_counter() - start, id=pid,
                       folder=str(final))
    except Exception as exc:  # one broken project must not stop the batch
        kept = None
        if executed.is_file() and _whole_notebook(executed):
            kept = out_dir / FAILED_DIR / f"{_failure_key(project_file)}.ipynb"
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(executed, kept)
        return Outcome(str(project_file), False, time.perf_counter() - start,
                       error=_one_line(exc), failed_notebook=None if kept is None else str(kept))
    finally:
        with interrupts_held():
            shutil.rmtree(build, ignore_errors=True)
