"""Time the uncertainty bands: 10,000 seeded draws for each seed project.

Run from the repository root: ``python scripts/benchmark_uncertainty.py [DRAWS]``.
Prints, per project, the number of uncertain inputs, the median and best
wall time of :func:`impact.uncertainty.simulate` (setup, draws, bands' inputs and the
tornado) over five runs after a warm-up, and the machine's core count.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import impact
from impact.uncertainty import simulate

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5


def main(draws: int = 10_000) -> None:
    tables = impact.load_tables()
    print(f"{draws:,} draws, Latin hypercube, {os.cpu_count()} cores")
    for path in sorted((ROOT / "projects").glob("*.yaml")):
        project = impact.load_project(path, tables=tables)
        simulate(project, draws=draws, seed=0, tables=tables)  # warm-up
        times = []
        for seed in range(1, RUNS + 1):
            start = time.perf_counter()
            sim = simulate(project, draws=draws, seed=seed, tables=tables)
            times.append(time.perf_counter() - start)
        print(f"{project.id:32s} inputs {len(sim.assumptions):3d}  "
              f"median {statistics.median(times):.3f}s  best {min(times):.3f}s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
