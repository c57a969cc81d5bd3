"""Many reports at once, in parallel processes; one broken project never stops the others.

:func:`run_batch` renders each file with :func:`impact.reporting.render.render_project`
(``jobs`` processes, default: the number of cores), prints a progress line per
project, writes ``index.html`` and returns every :class:`Outcome`.

Before anything renders it takes the output folder's lock (:mod:`.lock`), removes
what killed runs left there (:func:`open_output`) and refuses ids that collide, within
the run or with a report in the folder made from another file (:func:`refuse_overwrites`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..errors import BudgetError
from ..ids import read_id, refuse_colliding_ids, same_file
from .atomic import clean_stale
from .index import index_is_current, read_headlines, write_index
from .interrupts import OneInterruptPerTask, interrupt_when_parent_ends, quiet_interrupts
from .lock import OutputLock
from .render import (REPORT_HTML, Outcome, render_project, start_chart_server,
                     stop_chart_server)

PROJECT_SUFFIXES = (".yaml", ".yml", ".xlsx")  # (.xlsx: a budget workbook)
SIGNAL_CHECK_S = 0.2  # the longest a Ctrl-C waits to stop a batch waiting for reports


def project_files(files=(), all_projects: bool = False,
                  projects_dir: str | Path = "projects") -> list[Path]:
    """The files given, plus every budget file in ``projects_dir`` when ``all_projects``."""
    paths = [Path(f) for f in files]
    if all_projects and not Path(projects_dir).is_dir():
        raise BudgetError("no projects folder here (run from the repository root or give "
                          "files)", file=projects_dir)
    if all_projects:
        paths += sorted(p for p in Path(projects_dir).iterdir()
                        if p.suffix in PROJECT_SUFFIXES and p.is_file())
    unique = dict.fromkeys(p.resolve() for p in paths)
    return list(unique)


@dataclass(frozen=True)
class BatchResult:
    """Every outcome of a batch, the index it wrote and how long it took."""

    outcomes: list[Outcome]
    index: Path
    seconds: float
    jobs: int

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def summary(self) -> str:
        """A closing summary: counts, then one line per failure (why, where its notebook is)."""
        ok = len(self.outcomes) - len(self.failed)
        lines = [f"{len(self.outcomes)} project(s) in {self.seconds:.1f} s with {self.jobs} "
                 f"process(es): {ok} ok, {len(self.failed)} failed; index: {self.index}"]
        for o in self.failed:
            kept = f" [notebook: {o.failed_notebook}]" if o.failed_notebook else ""
            lines.append(f"FAILED {o.file}: {o.error}{kept}")
        return "\n".join(lines)


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: the reports finished before it are in place and the index
    lists them (``result``); ``total`` is how many files the batch had."""

    def __init__(self, result: BatchResult, total: int):
        super().__init__(f"interrupted after {len(result.outcomes)} of {total} project(s)")
        self.result, self.total = result, total


def print_now(line: str) -> None:
    """Print a progress line at once (also when stdout is a pipe, as on CI)."""
    print(line, flush=True)


def _progress_line(done: int, total: int, o: Outcome) -> str:
    where = f"{Path(o.folder) / REPORT_HTML}" if o.ok else o.error
    status = "ok    " if o.ok else "FAILED"
    return f"[{done}/{total}] {status} {Path(o.file).name} ({o.seconds:.1f} s) {where}"


def repair_index(out_dir: str | Path, force: bool = False) -> bool:
    """Rewrite ``index.html`` if it does not list exactly the reports on disk (or ``force``).

    That happens when a run was killed after moving a report into place.
    """
    out_dir = Path(out_dir)
    if not (force or (out_dir / "index.html").exists() or read_headlines(out_dir)):
        return False  # an empty folder needs no index yet
    if not force and index_is_current(out_dir):
        return False
    write_index(out_dir)
    return True


def open_output(out_dir: str | Path) -> list[Path]:
    """What the next run does first, holding the folder's lock, after a killed run.

    Removes build and trash folders whose owner is gone (a trash folder whose report
    is missing is moved back) and repairs the index (:func:`repair_index`).  Returns
    the leftovers handled.
    """
    found = clean_stale(out_dir)
    repair_index(out_dir, force=bool(found))
    return found


def refuse_overwrites(ids: dict[str, Path], out_dir: str | Path, replace: bool = False) -> None:
    """BudgetError if a report to be made would replace one made from another file.

    ``ids`` maps each project id to its budget file; ``replace`` allows it.  A folder
    ``<out>/<id>`` that is not a report (no ``headline.json``) is never replaced silently
    either.
    """
    if replace:
        return
    out_dir = Path(out_dir)
    sources = {r["folder"]: r.get("source_file") for r in read_headlines(out_dir)}
    for pid, file in ids.items():
        folder = out_dir / pid
        if not folder.exists() or (pid in sources and same_file(sources[pid], file)):
            continue
        made_from = (f"was made from {sources[pid]}" if sources.get(pid) else
                     "was made from an unrecorded file" if pid in sources else
                     "is not a report")
        raise BudgetError(f"{folder} {made_from}; this file has the same id {pid!r}. Give "
                          "this file another id, or pass --replace to overwrite that report",
                          file=file, field="id", value=pid)


def spare_cores(files: int, jobs: int, cores: int) -> list[bool]:
    """Whether each report of a batch, in the order they start, may use a second core.

    A core is spare where the workers leave it idle.  The workers render in rounds of
    ``jobs`` reports; only the last round may leave cores idle: ``files % jobs`` reports
    (all ``jobs`` when it divides), each of which may use a second core if the round
    leaves one idle for each (``cores`` at least twice its reports).  A batch that fits
    in one round is that last round: a report alone on two cores uses both.  The earlier
    rounds fill the workers' cores, and so does a last round as large as the others: a
    report converting its charts beside it then takes a core another worker is using,
    and both slow down more than it gains.  One worker (``--jobs 1``) keeps to one core.
    """
    if files <= jobs:
        return [cores >= 2 * files] * files
    last_round = files % jobs or jobs
    spare = jobs > 1 and cores >= 2 * last_round
    return [spare and k >= files - last_round for k in range(files)]


_stop = None  # in a pool worker: set once the batch is interrupted
_batch_pid = None  # in a pool worker: the batch process that started it
_task = None  # in a pool worker: its SIGINT and SIGTERM handler (knows if a report renders)


def _worker_init(serve_charts: bool, stop, batch_pid: int) -> None:
    """A pool worker: it starts no report once ``stop`` is set (a worker interrupted
    mid-report would otherwise start the next file the pool has handed it, and that
    report's kernel be killed half-started) or once the batch process has ended; with
    ``serve_charts``, its chart server is stopped (and waited for) as it exits.

    Ctrl-C stops a report once, however often it is pressed; a worker waiting for work
    is ended by the batch (:class:`~.interrupts.OneInterruptPerTask`).  If the batch process
    ends without stopping it (killed alone, ``kill -9`` too), the worker is interrupted
    as by Ctrl-C (:func:`~.interrupts.interrupt_when_parent_ends`): its report stops,
    leaving the folder as it was, and the worker ends."""
    global _stop, _batch_pid, _task
    _stop, _batch_pid = stop, batch_pid
    quiet_interrupts()
    _task = OneInterruptPerTask(orphaned=_batch_ended)
    for number in (signal.SIGINT, signal.SIGTERM):  # SIGTERM: not the batch's own handler
        signal.signal(number, _task)
    interrupt_when_parent_ends(batch_pid)
    if serve_charts:
        from multiprocessing.util import Finalize
        start_chart_server()
        Finalize(None, stop_chart_server, exitpriority=10)


def _batch_ended() -> bool:
    return _batch_pid is not None and os.getppid() != _batch_pid


def _render_unless_stopped(*args, **kwargs) -> Outcome | None:
    if (_stop is not None and _stop.is_set()) or _task.stopping or _batch_ended():
        return None
    _task.begin()
    try:
        return render_project(*args, **kwargs)
    except KeyboardInterrupt:
        if _batch_ended():  # nothing waits for this worker's outcome, or gives it more
            os._exit(128 + signal.SIGINT)
        raise
    finally:
        _task.end()


def _pool_context():
    # fork: workers inherit the folder lock, so a worker outliving a killed batch keeps
    # other runs out until it has finished its report
    fork = "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else None)


def run_batch(files, out_dir: str | Path = "reports", jobs: int | None = None,
              progress: Callable[[str], None] | None = print_now, *, replace: bool = False,
              wait: float = 0.0, **options) -> BatchResult:
    """Render every file's report into ``out_dir`` and write ``index.html``.

    ``options`` go to :func:`render_project` (``report_price_year``, ``lang``, ...).
    With ``jobs == 1`` everything runs in this process.  A report uses a second core
    (``spare_core``) only where the workers leave one idle (:func:`spare_cores`): in a
    batch the workers are the parallelism, a core each.  A worker with more than one
    report converts the charts of those it renders in line in one chart server
    (:func:`~impact.reporting.render.start_chart_server`).  ``replace`` allows replacing
    reports made from other files; ``wait`` is how many seconds to wait for another run
    writing into ``out_dir`` (:class:`~impact.errors.BusyError` after that).  Colliding
    ids raise :class:`~impact.errors.BudgetError` before anything is written.
    """
    start = time.perf_counter()
    files = [Path(f) for f in files]
    out_dir = Path(out_dir)
    ids = refuse_colliding_ids((read_id(f), f) for f in files)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    say = progress or (lambda line: None)
    given = options.pop("spare_core", None)
    spare = ([given] * len(files) if given is not None
             else spare_cores(len(files), jobs, os.cpu_count() or 1))
    with OutputLock(out_dir, wait=wait, say=say):
        found = clean_stale(out_dir)  # first: it may put back a report moved aside
        refuse_overwrites(ids, out_dir, replace)
        repair_index(out_dir, force=bool(found))
        say(f"rendering {len(files)} report(s) into {out_dir} with {jobs} process(es)")
        outcomes: list[Outcome] = []
        # with more reports in line than workers, some worker renders two or more: each
        # worker converts their charts in one server, whose engine starts once
        # (render.start_chart_server)
        serve_charts = spare.count(False) > jobs
        interrupted = False
        try:
            _render_all(files, spare, out_dir, jobs, serve_charts, outcomes, say, options)
        except KeyboardInterrupt:  # what finished stays, and the index lists it
            interrupted = True
        order = {str(f.resolve()): i for i, f in enumerate(files)}
        outcomes.sort(key=lambda o: order.get(o.file, len(order)))
        index = write_index(out_dir, [o for o in outcomes if not o.ok])
    result = BatchResult(outcomes, index, time.perf_counter() - start, jobs)
    if interrupted:
        raise BatchInterrupted(result, len(files))
    return result


def _render_all(files, spare, out_dir, jobs, serve_charts, outcomes, say, options) -> None:
    """Render every file, appending each outcome to ``outcomes`` as it comes.

    On Ctrl-C no further report starts; with workers, those already rendering are waited
    for (a terminal's Ctrl-C stops them too; a signal to this process alone lets them
    finish) and the reports they made are kept."""
    if jobs == 1:
        if serve_charts:
            start_chart_server()
        try:
            for f, spare_core in zip(files, spare):
                outcomes.append(render_project(f, out_dir, spare_core=spare_core, **options))
                say(_progress_line(len(outcomes), len(files), outcomes[-1]))
        finally:
            stop_chart_server()
        return
    context = _pool_context()
    stop = context.Event()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                             initargs=(serve_charts, stop, os.getpid())) as pool:
        waiting = {}  # future: file
        try:
            for f, spare_core in zip(files, spare):
                waiting[pool.submit(_render_unless_stopped, f, out_dir, spare_core=spare_core,
                                    **options)] = f
            while waiting:
                # a timed wait: Ctrl-C's signal may reach one of this process's other
                # threads, and Python handles it only once the main thread runs again
                done, _ = wait(waiting, timeout=SIGNAL_CHECK_S, return_when=FIRST_COMPLETED)
                for future in done:
                    outcomes.append(_outcome(future, waiting.pop(future)))
                    say(_progress_line(len(outcomes), len(files), outcomes[-1]))
        except KeyboardInterrupt:
            # files the pool has already handed to a worker start nothing
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            for future in waiting:  # what finished after the signal, and was not stopped
                if not future.cancelled() and future.exception() is None \
                        and future.result() is not None:
                    outcomes.append(future.result())
                    say(_progress_line(len(outcomes), len(files), outcomes[-1]))
            raise


def _outcome(future, file) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # a worker that died
        return Outcome(str(file), False, 0.0, error=f"{type(exc).__name__}: {exc}")
