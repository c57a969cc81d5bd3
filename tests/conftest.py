"""Shared fixtures: the shipped tables, the seed projects, a small project built in code and
the one full-size run of ``impact report --all``; how the suite is split over xdist workers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _import_without_assert_rewriting(*names: str) -> None:
    """Import ``names`` with pytest's assertion rewriter set aside.

    pytest rewrites the asserts of every module of a distribution that registers a
    pytest plugin (hypothesis's 80 modules among them, for its plugin module) and,
    with ``PYTHONDONTWRITEBYTECODE`` set, as on this machine, cannot cache the result:
    each worker parsed, rewrote and compiled hypothesis again, 2.6 s of CPU against
    0.3 s for a plain import.  Our tests' own asserts are still rewritten."""
    import importlib
    rewriters = [f for f in sys.meta_path if type(f).__name__ == "AssertionRewritingHook"]
    for finder in rewriters:
        sys.meta_path.remove(finder)
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        sys.meta_path[:0] = rewriters


_import_without_assert_rewriting("hypothesis", "hypothesis.strategies")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import impact  # noqa: E402
from impact.lazy import skip_slow_optional_imports  # noqa: E402

# As in a report process: jsonschema (under altair, nbformat, papermill) skips importing
# rfc3987_syntax, which serves only IRI format checks neither uses.  Each xdist worker
# imports every test module to collect it; this takes altair's import from 3.6 s of CPU
# to 0.8 s and papermill's from 3.3 s to 1.0 s, in both workers.
skip_slow_optional_imports()

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = sorted((ROOT / "projects").glob("*.yaml"))

# pyproject runs the suite in two xdist workers (``-n 2 --dist loadfile``): each file is
# one unit of work, so that its module fixtures are built once.  Files that share a
# costly session fixture are joined into one unit (xdist's ``loadgroup`` marks do not
# group on pytest 9.2: pytest-xdist issue #1386), and the units go out longest first
# (seconds in the workers, measured 2026-12-01 in a full run at load 1-3; xdist keeps two
# units queued per worker, so the files after these fill in whichever worker is free):
# the seed run and the fault runs that start from it (~55), the fuzzing (~28), the
# charts (~19), the mixed batch (~19), the charts converted beside a report (~13), the
# report's languages (~11), the chart server (~10), the workbench notebook's file (~8),
# the flows against the row-by-row reference (~8), the bridge's sections, the workbooks
# read and the folder lock (~7 each).
SAME_WORKER = {"tests/test_faults.py": "tests/test_report_batch.py"}  # seed_reports
FIRST = ("tests/test_report_batch.py", "tests/test_faults.py", "tests/test_fuzz.py",
         "tests/test_charts.py", "tests/test_report_mixed.py", "tests/test_report_charts.py",
         "tests/test_report_language.py", "tests/test_chart_server.py",
         "tests/test_project_out.py",
         "tests/test_estimate_equivalence.py", "tests/test_report_bridge.py",
         "tests/test_excel_in.py", "tests/test_batch_integrity.py")


@pytest.hookimpl(optionalhook=True)  # an xdist hook: absent without pytest-xdist
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None  # another --dist given: xdist's own
    from xdist.scheduler import LoadFileScheduling

    class JoinedFiles(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = super()._split_scope(nodeid)
            return SAME_WORKER.get(path, path)

    return JoinedFiles(config, log)


def pytest_collection_modifyitems(items):
    """The files in FIRST first (in that order), the others as collected."""
    rank = {path: k for k, path in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def run_cli(argv: list[str], cwd: Path = ROOT) -> tuple[int, str, str]:
    """``impact.cli.main`` in-process, from ``cwd``; returns status, stdout, stderr: the
    command line's code without a second process (about 1.2 s of imports each)."""
    import contextlib
    import io
    from impact import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return status, out.getvalue(), err.getvalue()


def report_cli(*args, cwd=ROOT):
    """``impact report ARGS`` in a subprocess, as a user runs it (umask 022, no fault set)."""
    env = {k: v for k, v in os.environ.items() if k != "IMPACT_FAULT"}
    return subprocess.run([sys.executable, "-m", "impact.cli", "report", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
                          umask=0o022)


def run_notebook(name: str, out: Path, parameters: dict) -> None:
    """``notebooks/<name>`` run by papermill in a fresh kernel from ``notebooks/``, saved to
    ``out`` once at the end (not after every cell) and the kernel killed when done instead
    of shut down gracefully, as ``impact report`` does: about a second less a notebook,
    the same cells run and the same outputs saved."""
    import papermill
    papermill.execute_notebook(str(ROOT / "notebooks" / name), str(out), parameters=parameters,
                               progress_bar=False, cwd=str(ROOT / "notebooks"),
                               request_save_on_cell_execute=False, shutdown_kernel="immediate")


def small_batch(directory: Path, cell: str, parameters: str, ids) -> tuple[Path, list[Path]]:
    """For a batch test whose kernels need not make a report: a notebook for the report
    notebook's kernel holding a parameters cell (``parameters``, the names papermill sets)
    and ``cell``, and the pohang-ai-fund budget under each of ``ids``, all in
    ``directory``.  Returns the notebook and the budget files."""
    import json

    import nbformat

    from impact.reporting import render
    report = json.loads(render.report_notebook().read_text(encoding="utf-8"))
    given = nbformat.v4.new_code_cell(parameters)
    given.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(cells=[given, nbformat.v4.new_code_cell(cell)])
    notebook.metadata["kernelspec"] = report["metadata"]["kernelspec"]
    nbformat.write(notebook, directory / "small.ipynb")
    seed = (ROOT / "projects" / "pohang-ai-fund.yaml").read_text(encoding="utf-8")
    files = []
    for pid in ids:
        files.append(directory / f"{pid}.yaml")
        files[-1].write_text(seed.replace("id: pohang-ai-fund", f"id: {pid}"), encoding="utf-8")
    return directory / "small.ipynb", files


@pytest.fixture(scope="session")
def seed_reports(tmp_path_factory):
    """``impact report --all --jobs 2`` over the seed projects, run once, at full size
    (the default 10,000 draws): what a user runs.  Read by tests/test_report_batch.py and,
    as the state every fault starts from, by tests/test_faults.py (group ``seed-reports``)."""
    out = tmp_path_factory.mktemp("reports")
    proc = report_cli("--all", "--out", out, "--jobs", "2")
    return out, proc


@pytest.fixture(scope="session")
def tables():
    return impact.load_tables()


@pytest.fixture
def small_lines():
    return pd.DataFrame({
        "item": ["building", "servers", "land", "operations"],
        "category": ["building_construction", "it_hardware", "land_purchase", "operations_staff"],
        "amount": [100.0, 200.0, 50.0, 10.0],
        "year": [2026, 2027, 2025, 2029],
        "recurs_until": [None, None, None, 2033],
        "phase": ["construction", "construction", "construction", "operation"],
    })


@pytest.fixture
def small_project(small_lines, tables):
    return impact.project_from_frame(small_lines, id="small", name="Small", region="경북",
                                     price_year=2025, unit="억원", tables=tables)
