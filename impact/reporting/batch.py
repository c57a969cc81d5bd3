"""Many reports at once, in parallel processes; one broken project never stops the others.

:func:`run_batch` renders each file with :func:`impact.reporting.render.render_project`
(``jobs`` processes, default: the number of cores), prints a progress line per
project, writes ``index.html`` and returns every :class:`Outcome`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..errors import BudgetError
from .atomic import clean_stale
from .index import write_index
from .render import REPORT_HTML, Outcome, render_project

PROJECT_SUFFIXES = (".yaml", ".yml", ".xlsx")  # (.xlsx: a budget workbook)


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


def print_now(line: str) -> None:
    """Print a progress line at once (also when stdout is a pipe, as on CI)."""
    print(line, flush=True)


def _progress_line(done: int, total: int, o: Outcome) -> str:
    where = f"{Path(o.folder) / REPORT_HTML}" if o.ok else o.error
    status = "ok    " if o.ok else "FAILED"
    return f"[{done}/{total}] {status} {Path(o.file).name} ({o.seconds:.1f} s) {where}"


def run_batch(files, out_dir: str | Path = "reports", jobs: int | None = None,
              progress: Callable[[str], None] | None = print_now, **options) -> BatchResult:
    """Render every file's report into ``out_dir`` and write ``index.html``.

    ``options`` go to :func:`render_project` (``report_price_year``, ``lang``, ...).
    With ``jobs == 1`` everything runs in this process.
    """
    start = time.perf_counter()
    files = [Path(f) for f in files]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    say = progress or (lambda line: None)
    say(f"rendering {len(files)} report(s) into {out_dir} with {jobs} process(es)")
    outcomes: list[Outcome] = []
    if jobs == 1:
        for f in files:
            outcomes.append(render_project(f, out_dir, **options))
            say(_progress_line(len(outcomes), len(files), outcomes[-1]))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(render_project, f, out_dir, **options): f for f in files}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker that died
                    outcome = Outcome(str(futures[future]), False, 0.0,
                                      error=f"{type(exc).__name__}: {exc}")
                outcomes.append(outcome)
                say(_progress_line(len(outcomes), len(files), outcome))
    order = {str(f.resolve()): i for i, f in enumerate(files)}
    outcomes.sort(key=lambda o: order.get(o.file, len(order)))
    index = write_index(out_dir, [o for o in outcomes if not o.ok])
    return BatchResult(outcomes, index, time.perf_counter() - start, jobs)
