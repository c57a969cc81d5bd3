"""Benchmark suite: medians over repeated runs, on this machine, in one run.

    python bench/run.py            # everything (a few minutes on 2 cores)
    python bench/run.py --quick    # fewer repeats, no 1e6-line project build repeats

Prints the machine (CPU model, cores, Python, numpy, pandas) and a markdown table:

- ``impact.estimate`` on 1e3, 1e5 and 1e6 synthetic budget lines (random categories and
  sectors, years, phases, spread and recurring lines, per-line price years); building
  the project (validation) is timed separately from the estimate;
- the same estimate done the straightforward way, as the open Korean RIO tool does it:
  a row-by-row pandas loop (``iterrows``) that looks up each spending row's multiplier
  row in a DataFrame (``.loc``) and multiplies.  Its totals are checked
  against ``estimate``'s before any time is reported.  Where the loop would take too
  long it is not run; its time is extrapolated linearly from the largest size measured
  and marked as such;
- loading the shipped tables cold (checksums and completeness checks);
- 10,000 Monte Carlo draws for a seed project (``impact.uncertainty.simulate``);
- one project's HTML report end to end (``impact report FILE``, a fresh process), and a
  batch of 12 projects (the 3 seeds copied under new ids) with 1 and 2 worker processes,
  run in turn, with the cores each kept busy;
- the floors the goals are stated against, measured in the same run: ``python -m
  papermill`` on a one-cell notebook, ``python -c "import pandas"``.

Where ``PYTHONDONTWRITEBYTECODE`` is set, the checkout's ``impact`` is byte-compiled
first (:func:`byte_compile_checkout`), as it would be once anywhere else: pip compiled
the floors' packages when it installed them.

After the table comes a second one: each goal as a RATIO of two medians of this run
(a report against papermill's floor, one worker against two, ``impact estimate``
against importing pandas, validation against the estimate at 1e5 lines).

Each benchmark is a small function in :data:`BENCHMARKS`.  Nothing here is a test:
timings depend on the machine and on what else it is doing (the load average is
printed with the machine).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

import impact  # noqa: E402
from impact import tables as tables_module  # noqa: E402

EFFECTS = [f"{m}_{s}" for m in ("output", "value_added", "jobs")
           for s in ("in_region", "other_regions")]
SEED_PROJECT = ROOT / "projects" / "pohang-data-center.yaml"


@dataclass
class Row:
    name: str
    size: str
    times: list = field(default_factory=list)
    note: str = ""
    extrapolated: float | None = None

    @property
    def median(self) -> float:
        return self.extrapolated if self.extrapolated is not None else statistics.median(self.times)

    def cell(self) -> str:
        if self.extrapolated is not None:
            return f"~{_fmt(self.extrapolated)} (extrapolated)"
        return _fmt(self.median)


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def timed(fn, repeats: int) -> tuple[list, object]:
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return times, value


# --------------------------------------------------------------------------------------
# Synthetic budgets

def synthetic_lines(n: int, tables, seed: int = 0) -> pd.DataFrame:
    """``n`` budget lines: 75% categories (5% of them not final demand), 20% BOK sectors
    with their own in-region share, years 2024-2030, 15% recurring operation lines, 15%
    spread over up to four years, 30% with their own price year (2021-2025)."""
    rng = np.random.default_rng(seed)
    cats = tables.categories
    final = cats.loc[cats["sector_code"] != "", "category"].unique()
    excluded = cats.loc[cats["sector_code"] == "", "category"].unique()
    u = rng.random(n)
    category = np.where(u < 0.05, rng.choice(excluded, n), rng.choice(final, n)).astype(object)
    by_sector = (u >= 0.05) & (u < 0.25)
    codes = np.array(tables.sector_codes, dtype=object)
    sector = np.where(by_sector, codes[rng.integers(0, len(codes), n)], None)
    category[by_sector] = None
    year = rng.integers(2024, 2031, n)
    v = rng.random(n)
    return pd.DataFrame({
        "item": "synthetic line",
        "amount": rng.lognormal(2.0, 1.5, n).round(3),
        "category": category,
        "sector": sector,
        "in_region_share": np.where(by_sector, rng.random(n).round(3), np.nan),
        "year": year,
        "recurs_until": np.where(v < 0.15, year + rng.integers(1, 10, n), np.nan),
        "spread_until": np.where((v >= 0.15) & (v < 0.30), year + rng.integers(1, 4, n), np.nan),
        "phase": np.where(v < 0.15, "operation", "construction"),
        "price_year": np.where(rng.random(n) < 0.3, rng.integers(2021, 2026, n), np.nan),
    })


def build_project(n: int, tables, lines: pd.DataFrame | None = None):
    """A project of ``n`` synthetic lines (``lines``: the frame, when already drawn)."""
    lines = synthetic_lines(n, tables) if lines is None else lines
    return impact.project_from_frame(lines, id=f"bench-{n}", name=f"Benchmark {n} lines",
                                     region="경북", price_year=2024, unit="억원", tables=tables)


# --------------------------------------------------------------------------------------
# The straightforward row-by-row loop

def row_loop_totals(project, tables) -> np.ndarray:
    """Effects computed the straightforward way, as the open Korean RIO tool does it
    (z0nam/korea-rio-mcp, ``engine/effects.py``: ``iterrows`` over the spending rows,
    ``coef.loc[sector]`` for each row, one dict of effects per row, a DataFrame at the end).

    First the budget lines become spending rows (one per line, year and sector, in-region
    final demand in 백만원 at 2020 prices, the price index looked up per line); then each
    row gets its multiplier row and six effects.  Returns the six totals in
    :data:`EFFECTS` order.
    """
    coef = tables.multipliers[tables.multipliers["region"] == project.region] \
        .set_index("sector_code")
    prices = tables.price_indices.set_index(["series", "year"])["index_2020_100"]
    cats = tables.categories[tables.categories["sector_code"] != ""].set_index("category")
    unit = project.unit_in_million_won
    spending = []
    for _, line in project.lines.iterrows():
        if line["exclude"]:
            continue
        index = prices.loc[(line["deflator"], line["price_year"])]
        last = line["year"]
        if pd.notna(line["recurs_until"]):
            last = int(line["recurs_until"])
        elif pd.notna(line["spread_until"]):
            last = int(line["spread_until"])
        per_year = line["amount"]
        if pd.notna(line["spread_until"]):
            per_year = per_year / (last - line["year"] + 1)
        if line["sector_code"]:
            sectors = [(line["sector_code"], 1.0)]
        else:
            rows = cats.loc[[line["category"]]]
            sectors = list(zip(rows["sector_code"], rows["sector_share"]))
        for year in range(line["year"], last + 1):
            for code, share in sectors:
                spending.append({"line_id": line["line_id"], "year": year, "sector_code": code,
                                 "amount_mw": per_year * unit * 100.0 / index * share
                                 * line["in_region_share"]})
    effects = []
    for _, r in pd.DataFrame(spending).iterrows():
        m = coef.loc[r["sector_code"]]
        amount = r["amount_mw"] if str(m["produced_in_region"]) == "True" else 0.0
        effects.append({**r.to_dict(),
                        "output_in_region": amount * m["output_in_region"],
                        "output_other_regions": amount * m["output_other_regions"],
                        "value_added_in_region": amount * m["value_added_in_region"],
                        "value_added_other_regions": amount * m["value_added_other_regions"],
                        "jobs_in_region": amount / 1000 * m["jobs_in_region"],
                        "jobs_other_regions": amount / 1000 * m["jobs_other_regions"]})
    return pd.DataFrame(effects)[EFFECTS].sum().to_numpy()


def estimate_totals(result) -> np.ndarray:
    """The six totals of the in-region purchases alone (what the row loop computes: the
    region's multipliers on in-region final demand); other-region purchases' effects,
    which the loop does not model, are left out (``result.by_source()``)."""
    f = result.flows
    totals = f[EFFECTS].sum()
    for measure in ("output", "value_added", "jobs"):
        totals[f"{measure}_other_regions"] -= f[f"{measure}_other_region_purchases"].sum()
    return totals.to_numpy()


# --------------------------------------------------------------------------------------
# Benchmarks: each appends rows to the table

def bench_estimate(ctx) -> list[Row]:
    tables, rows = ctx.tables, []
    results = {}
    for n, reps in ((1_000, 7), (100_000, 5), (1_000_000, 3)):
        if ctx.quick:
            reps = 2
        lines = synthetic_lines(n, tables)  # drawn once: the timing is validation's
        project = build_project(n, tables, lines)  # warm-up, as for the estimate
        result = impact.estimate(project, tables=tables)
        # in turn, so that the host's drift weighs on both (validation / estimate is a goal)
        build_times, times = timed_alternately(lambda: build_project(n, tables, lines),
                                               lambda: impact.estimate(project, tables=tables),
                                               reps)
        flows = len(result.flows)
        rows.append(Row("build project (`project_from_frame`, validation)", f"{n:,}",
                        build_times))
        rows.append(Row("`impact.estimate`", f"{n:,}", times,
                        note=f"{flows:,} line x year x sector flows"))
        results[n] = (project, result, rows[-1])
    ctx.estimates = results
    return rows


def bench_row_loop(ctx) -> list[Row]:
    rows, per_line, largest = [], None, None
    sizes = [1_000, 10_000, 100_000, 1_000_000]
    projects = {n: ctx.estimates[n][0] for n in ctx.estimates}
    for n in sizes:
        estimate_row = ctx.estimates.get(n, (None, None, None))[2]
        predicted = per_line * n if per_line is not None else 0.0
        if predicted > ctx.loop_budget:
            row = Row("row-by-row pandas loop", f"{n:,}", extrapolated=per_line * n,
                      note=f"not run: would take ~{_fmt(predicted)}; linear from "
                           f"{largest:,} lines")
        else:
            project = projects.get(n) or build_project(n, ctx.tables)
            reps = 3 if n <= 1_000 and not ctx.quick else 1
            times, loop = timed(lambda: row_loop_totals(project, ctx.tables), reps)
            reference = estimate_totals(impact.estimate(project, tables=ctx.tables))
            np.testing.assert_allclose(loop, reference, rtol=1e-9, atol=1e-9,
                                       err_msg="row loop and estimate disagree")
            row = Row("row-by-row pandas loop", f"{n:,}", times,
                      note="totals equal estimate's (rtol 1e-9)")
            per_line, largest = statistics.median(times) / n, n
        if estimate_row is not None:
            row.note += f"; estimate is {row.median / estimate_row.median:,.0f}x faster"
        rows.append(row)
    return rows


def bench_tables(ctx) -> list[Row]:
    def cold():
        tables_module._load_tables.cache_clear()
        return impact.load_tables()
    times, _ = timed(cold, 3 if ctx.quick else 7)
    return [Row("load shipped tables, cold (sha256 + checks)", "6 tables", times)]


def bench_monte_carlo(ctx) -> list[Row]:
    from impact.uncertainty import simulate
    project = impact.load_project(SEED_PROJECT, tables=ctx.tables)
    simulate(project, draws=10_000, seed=0, tables=ctx.tables)  # warm-up
    seeds = iter(range(1, 100))
    times, sim = timed(lambda: simulate(project, draws=10_000, seed=next(seeds),
                                        tables=ctx.tables), 3 if ctx.quick else 5)
    return [Row("Monte Carlo, 10,000 draws (`uncertainty.simulate`)", project.id, times,
                note=f"{len(sim.assumptions)} uncertain inputs")]


def _report(args: list[str]) -> None:
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, "-m", "impact.cli", "report", *args, "--out", out],
                              cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"impact report {' '.join(args)} failed:\n{proc.stderr}")


def _run(args: list[str], cwd=ROOT) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{proc.stderr[-2000:]}")


def one_cell_notebook(path: Path) -> Path:
    """A notebook with one code cell, for papermill's floor (kernel start, run, save)."""
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def timed_alternately(first, second, repeats: int) -> tuple[list, list]:
    """``first`` and ``second`` run in turn, ``repeats`` times each: whatever else the
    machine is doing meanwhile weighs on both alike."""
    a, b = [], []
    for _ in range(repeats):
        a += timed(first, 1)[0]
        b += timed(second, 1)[0]
    return a, b


def bench_report(ctx) -> list[Row]:
    path = str(ROOT / "projects" / "chungbuk-ai-simulation-center.yaml")
    reps = 2 if ctx.quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        notebook = one_cell_notebook(Path(tmp) / "one.ipynb")
        times, floor = timed_alternately(
            lambda: _report([path, "--jobs", "1"]),
            lambda: _run([sys.executable, "-m", "papermill", "--no-progress-bar",
                          str(notebook), str(Path(tmp) / "out.ipynb")]), reps)
    report = Row("one HTML report end to end (`impact report FILE`)",
                 "chungbuk-ai-simulation-center", times,
                 note="a fresh process: start-up, estimate, notebook run, HTML export; "
                      "run in turn with the floor")
    papermill = Row("floor: `python -m papermill` on a one-cell notebook", "1 cell", floor)
    ctx.ratios.append(Ratio("one report / papermill one-cell floor", report, papermill,
                            goal=1.5))
    return [report, papermill]


def copied_projects(directory: Path, copies: int = 4) -> list[Path]:
    """The seed projects ``copies`` times each, under new ids, as budget files in ``directory``."""
    import yaml
    files = []
    for seed in sorted((ROOT / "projects").glob("*.yaml")):
        data = yaml.safe_load(seed.read_text(encoding="utf-8"))
        for k in range(copies):
            data["id"] = f"{data['id'].split('--')[0]}--copy{k}"
            path = directory / f"{data['id']}.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
            files.append(path)
    return files


def children_cpu_seconds() -> float:
    """User + system CPU of this process's finished child processes (and theirs) so far."""
    import resource
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


@contextlib.contextmanager
def adopting_orphans():
    """Within, the processes that the commands run here leave behind (a killed kernel's
    chart processes, which end on their own once its pipe closes) are adopted by this
    process instead of init, and :func:`reap_orphans` counts their CPU in
    :func:`children_cpu_seconds`: otherwise a two-worker batch's CPU misses the charts
    converted beside its last reports (2.4-3.4 s of about 58 s, measured 2026-12-02)."""
    import ctypes
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        adopted = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux: orphans go uncounted, as before
        adopted = False
    try:
        yield
    finally:
        if adopted:
            libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def reap_orphans() -> None:
    """Wait for every child process left (see :func:`adopting_orphans`)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def bench_batch(ctx) -> list[Row]:
    """The batch with one worker and with two, in turn (1, 2, 1, 2, ...): the machine's
    speed drifts by a fifth within minutes here, which two runs one after the other would
    read as a speed-up or a loss.  Each row notes, run by run, the cores it kept busy (its
    CPU / wall), its CPU a report, and the shares of the machine's CPU time left idle and
    taken by the hypervisor meanwhile: with both cores busy and nothing idle, what is left
    of the ratio is how much more a report costs beside another, not how the batch runs."""
    reps = 1 if ctx.quick else 2
    runs = {1: [], 2: []}  # (cores busy, CPU a report, idle share, stolen share)
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(f) for f in copied_projects(Path(tmp))]

        def batch(jobs: int) -> None:
            cpu, start, counters = children_cpu_seconds(), time.perf_counter(), cpu_counters()
            _report([*files, "--jobs", str(jobs)])
            reap_orphans()  # within the span the row times, so that CPU / wall is one span's
            used, wall, after = children_cpu_seconds() - cpu, time.perf_counter() - start, \
                cpu_counters()
            runs[jobs].append((used / wall, used / len(files),
                               cpu_share(counters, after, IDLE_FIELDS),
                               cpu_share(counters, after)))

        with adopting_orphans():
            one, two = timed_alternately(lambda: batch(1), lambda: batch(2), reps)
    times = {1: one, 2: two}

    def noted(jobs: int) -> str:
        each = runs[jobs]

        def shares(k: int) -> str:  # n/a where the machine has no /proc/stat
            return ", ".join("n/a" if r[k] is None else f"{r[k]:.1%}" for r in each)

        return ("cores busy (CPU / wall) " + ", ".join(f"{r[0]:.2f}" for r in each)
                + "; CPU a report " + ", ".join(f"{r[1]:.2f} s" for r in each)
                + f"; machine idle {shares(2)}, stolen {shares(3)}")

    rows = [Row(f"batch, {jobs} worker(s) (`impact report FILE... --jobs {jobs}`)",
                f"{len(files)} projects", times[jobs],
                note=f"the 3 seeds, each copied 4 times under new ids; run in turn with "
                     f"{3 - jobs} worker(s); {noted(jobs)}")
            for jobs in (1, 2)]
    ctx.ratios.append(Ratio("batch speed-up: 1 worker / 2 workers", rows[0], rows[1],
                            goal=1.8, higher_is_better=True))
    return rows


def bench_cli_estimate(ctx) -> list[Row]:
    reps = 3 if ctx.quick else 7
    est, floor = timed_alternately(
        lambda: _run([sys.executable, "-m", "impact.cli", "estimate", str(SEED_PROJECT)]),
        lambda: _run([sys.executable, "-c", "import pandas"]), reps)
    rows = [Row("`impact estimate FILE` (a fresh process)", SEED_PROJECT.stem, est),
            Row('floor: `python -c "import pandas"`', "-", floor)]
    ctx.ratios.append(Ratio("impact estimate / import pandas", rows[0], rows[1], goal=1.5))
    return rows


def bench_validation_ratio(ctx) -> list[Row]:
    """No timing of its own: validation against the estimate at 1e5 lines (bench_estimate)."""
    found = {(r.name.split(" (")[0], r.size): r for r in ctx.rows}
    build, est = found.get(("build project", "100,000")), found.get(("`impact.estimate`", "100,000"))
    if build is not None and est is not None:
        ctx.ratios.append(Ratio("validation / estimate at 1e5 lines", build, est, goal=3.0))
    return []


BENCHMARKS = [bench_tables, bench_estimate, bench_validation_ratio, bench_row_loop,
              bench_monte_carlo, bench_cli_estimate, bench_report, bench_batch]


# --------------------------------------------------------------------------------------

def machine() -> list[str]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [f"CPU: {model}; {usable} usable cores ({os.cpu_count()} logical)",
            f"Python {platform.python_version()} ({platform.system()} {platform.machine()}); "
            f"numpy {np.__version__}; pandas {pd.__version__}; impact {impact.__version__}",
            f"load average at start (1, 5, 15 min): {load}"]


def byte_compile_checkout() -> bool:
    """Compile this checkout's ``impact`` into ``__pycache__``, as Python does itself on a
    first import unless told not to (``PYTHONDONTWRITEBYTECODE``, which this machine sets):
    without it every process timed here compiles the package's sources again (about 0.25 s
    of CPU for all of them; a report's kernel imports most), while the floors' packages
    were compiled by pip when it installed them."""
    import compileall
    return compileall.compile_dir(str(ROOT / "impact"), quiet=1)


def machine_speed_ms() -> float:
    """A fixed pure-Python loop's best time of three, in ms: printed at the start and the
    end of a run, it shows how much the machine's speed drifted meanwhile (on a shared
    virtual machine, by a fifth or more within minutes, with nothing else running)."""
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - start)
    return best * 1e3


IDLE_FIELDS, STEAL_FIELDS = (3, 4), (7,)  # /proc/stat: idle, iowait; steal


def cpu_share(before: list[int], after: list[int], fields=STEAL_FIELDS) -> float | None:
    """The share of the machine's CPU time between two /proc/stat readings spent in
    ``fields``: by default ``steal``, what the hypervisor gave to other machines; with
    :data:`IDLE_FIELDS`, what no process used.  None where there are no such counters."""
    if len(before) < 8 or len(after) < 8:
        return None
    spent = [b - a for a, b in zip(before, after)]
    return sum(spent[f] for f in fields) / sum(spent) if sum(spent) else 0.0


def cpu_counters() -> list[int]:
    """The machine's CPU time counters (/proc/stat ``cpu`` line), [] where absent."""
    try:
        return [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return []


@dataclass
class Ratio:
    """A goal stated as a ratio of two medians measured in this run."""

    name: str
    measured: Row
    floor: Row
    goal: float
    higher_is_better: bool = False

    @property
    def value(self) -> float:
        return self.measured.median / self.floor.median

    def line(self) -> str:
        met = self.value >= self.goal if self.higher_is_better else self.value <= self.goal
        sign = "≥" if self.higher_is_better else "≤"
        return (f"| {self.name} | {_fmt(self.measured.median)} / {_fmt(self.floor.median)} | "
                f"{self.value:.2f}x | {sign} {self.goal}x | {'met' if met else 'NOT met'} |")


@dataclass
class Context:
    tables: object
    quick: bool
    loop_budget: float
    estimates: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    ratios: list = field(default_factory=list)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--loop-budget", type=float, default=90.0, metavar="SECONDS",
                        help="run the row loop on a size only if it should take less than "
                             "this (default 90); larger sizes are extrapolated")
    parser.add_argument("--only", nargs="*", metavar="NAME",
                        help="run only these benchmarks (" + ", ".join(
                            b.__name__.removeprefix("bench_") for b in BENCHMARKS) + ")")
    args = parser.parse_args(argv)
    for line in machine():
        print(line)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        compiled = byte_compile_checkout()
        print("PYTHONDONTWRITEBYTECODE is set: impact/ byte-compiled first, as an install "
              f"or a first run does ({'done' if compiled else 'FAILED'})")
    speed_at_start, counters = machine_speed_ms(), cpu_counters()
    print(f"machine speed at start: {speed_at_start:.0f} ms for a fixed pure-Python loop",
          flush=True)
    print(flush=True)
    ctx = Context(tables=impact.load_tables(), quick=args.quick, loop_budget=args.loop_budget)
    rows = ctx.rows
    for bench in BENCHMARKS:
        name = bench.__name__.removeprefix("bench_")
        if args.only and name not in args.only and not (
                name == "estimate" and "row_loop" in args.only) and not (
                name == "validation_ratio" and "estimate" in args.only):
            continue
        start = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += bench(ctx)
        print(f"  {name} done in {time.perf_counter() - start:.0f} s", file=sys.stderr,
              flush=True)
    print("| benchmark | size | median | runs | notes |")
    print("|---|---|---:|---:|---|")
    for row in rows:
        runs = "-" if row.extrapolated is not None else str(len(row.times))
        print(f"| {row.name} | {row.size} | {row.cell()} | {runs} | {row.note.strip('; ')} |")
    stolen = cpu_share(counters, cpu_counters())
    print(f"\nmachine speed at end: {machine_speed_ms():.0f} ms (at start "
          f"{speed_at_start:.0f} ms); CPU time stolen by the hypervisor during the run: "
          + ("n/a" if stolen is None else f"{stolen:.1%}"))
    if ctx.ratios:
        print()
        print("| goal (ratio of medians, this run) | medians | ratio | goal | |")
        print("|---|---|---:|---|---|")
        for ratio in ctx.ratios:
            print(ratio.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
