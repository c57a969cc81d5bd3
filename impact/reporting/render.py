"""One project's report: papermill runs the report notebook, nbconvert writes offline HTML.

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
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImpactError
from ..project import ID_PATTERN, load_project
from .atomic import atomic_write_text, build_dir, replace_dir, safe_key
from .outputs import HEADLINE_FILE, skip_slow_optional_imports
from .webfont import embed_font

NOTEBOOK_NAME = "impact_report.ipynb"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "impact_offline"
FAILED_DIR = "_failed"
REPORT_NOTEBOOK = "report.ipynb"
REPORT_HTML = "report.html"


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


_exporter = None
_exporter_lock = threading.Lock()


def _html_exporter():
    """This process's nbconvert exporter, its templates loaded and compiled once.

    The first export of a process spends about a second importing nbconvert and
    compiling the lab template; a batch worker reuses them for every report, and a
    lone report prepares them while its kernel runs (:func:`render_project`).
    """
    global _exporter
    with _exporter_lock:
        if _exporter is None:
            skip_slow_optional_imports()
            import fontTools.subset  # noqa: F401  (the page's font subset, next)
            import nbformat
            from nbconvert import HTMLExporter
            exporter = HTMLExporter(template_name=TEMPLATE_NAME,
                                    extra_template_basedirs=[str(TEMPLATES)],
                                    exclude_input=True, exclude_input_prompt=True,
                                    exclude_output_prompt=True)
            exporter.from_notebook_node(nbformat.v4.new_notebook())  # compiles the templates
            _exporter = exporter
        return _exporter


def export_html(notebook: str | Path, html_path: str | Path) -> Path:
    """Write the executed notebook as HTML, code hidden, with no network references.

    The Hangul font the text needs is embedded (:mod:`impact.reporting.webfont`).
    """
    exporter = _html_exporter()
    with _exporter_lock:  # one export at a time per exporter
        body, _ = exporter.from_filename(str(notebook))
    return atomic_write_text(html_path, embed_font(body))


def _failure_key(project_file: Path) -> str:
    """The project's id if the file loads, else a safe key from the file name."""
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


def _kernel_manager_class(socket_dir: str):
    """On POSIX, a kernel manager talking over local sockets (IPC) in ``socket_dir``.

    Local-only (the folder is private to this user), parallel runs cannot collide, and
    the kernel does not warn about unencrypted TCP for every report.
    """
    if os.name != "posix":
        return None
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self):
            return "ipc"

        @default("ip")
        def _ip_default(self):
            return os.path.join(socket_dir, "kernel")

    return IPCKernelManager


def _execute(notebook: Path, executed: Path, parameters: dict,
             prepare_export: bool = False) -> None:
    """Run the notebook with papermill; ``prepare_export``: meanwhile, in a thread, get
    the HTML exporter ready (:func:`export_html` waits for it, on the exporter's lock)."""
    skip_slow_optional_imports()
    import papermill  # before the thread starts: the two share many imports
    if prepare_export:
        threading.Thread(target=_html_exporter, daemon=True).start()
    socket_dir = tempfile.mkdtemp(prefix="impact-k-")
    try:
        extra = {}
        manager = _kernel_manager_class(socket_dir)
        if manager is not None:
            extra["kernel_manager_class"] = manager
        # request_save_on_cell_execute=False: papermill writes the notebook once at the
        # end (and before raising on a failed cell) instead of twice per cell; the kernel
        # is killed at the end rather than asked to shut down and then interrupted,
        # which costs about a second and prints a KeyboardInterrupt to the terminal.
        papermill.execute_notebook(str(notebook), str(executed), parameters=parameters,
                                   progress_bar=False, log_output=False, report_mode=False,
                                   request_save_on_cell_execute=False,
                                   shutdown_kernel="immediate", **extra)
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


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
    in a background thread and this process preparing the HTML export while the kernel
    runs.  A batch whose workers already fill the cores passes False.
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
        _execute(Path(notebook) if notebook else report_notebook(), executed, parameters,
                 prepare_export=spare_core)
        export_html(executed, build / REPORT_HTML)
        pid = json.loads((build / HEADLINE_FILE).read_text(encoding="utf-8"))["id"]
        if not isinstance(pid, str) or not ID_PATTERN.match(pid):
            raise ValueError(f"unsafe project id {pid!r}")
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
        shutil.rmtree(build, ignore_errors=True)
