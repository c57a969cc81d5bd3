"""Which reports of a batch may use a second core (where the workers leave one idle), and
the core each worker keeps to where the workers fill them."""

from __future__ import annotations

import os

import pytest

from impact.reporting.batch import spare_cores

from .conftest import small_batch

F, T = False, True


@pytest.mark.parametrize("files, jobs, cores, expected", [
    (1, 1, 2, [T]),                   # a report alone on two cores
    (1, 1, 1, [F]),                   # no second core
    (2, 2, 2, [F, F]),                # both start at once and fill the two cores
    (2, 2, 4, [T, T]),                # two cores each
    (3, 3, 4, [F, F, F]),             # 3 reports on 4 cores: not two each
    (5, 1, 2, [F] * 5),               # --jobs 1 keeps to one core
    (12, 2, 2, [F] * 11 + [T]),       # the last starts as the other worker runs out
    (6, 3, 4, [F, F, F, F, T, T]),    # the last jobs - 1
    (6, 3, 1, [F] * 6),
])
def test_spare_cores(files, jobs, cores, expected):
    assert spare_cores(files, jobs, cores) == expected


def test_the_cores_held_are_those_the_workers_fill(monkeypatch):
    from impact.reporting import cores
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: {3, 1}, raising=False)
    monkeypatch.setattr(cores.os, "sched_setaffinity", lambda pid, cpus: None, raising=False)
    assert [cores.cores_to_hold(jobs) for jobs in (1, 2, 3)] == [None, [1, 3], None]
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: {0})
    assert cores.cores_to_hold(2) is None  # one core: nothing to choose
    monkeypatch.delattr(cores.os, "sched_setaffinity")
    assert cores.cores_to_hold(2) is None  # a system where a process cannot choose


AFFINITY_CELL = '''\
import json, os
from pathlib import Path
Path(project_file).with_suffix(".cores").write_text(json.dumps(
    {"cores": sorted(os.sched_getaffinity(0)), "spare_core": spare_core}))
'''


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs two cores and a system that lets a process choose them")
def test_two_workers_keep_their_kernels_to_a_core_each_but_a_report_with_a_spare_one(tmp_path):
    """Real kernels (papermill's, running a notebook that notes the cores it may use):
    reports in line run on their worker's core, one core a worker; the last report, with
    a spare core, may use every core."""
    import json

    from impact.reporting.batch import run_batch
    usable = sorted(os.sched_getaffinity(0))
    notebook, files = small_batch(tmp_path, AFFINITY_CELL,
                                  'project_file = ""\nout_dir = None\nspare_core = True',
                                  [f"p{k}" for k in range(2 * len(usable))])
    run_batch(files, tmp_path / "out", jobs=len(usable), progress=None,
              notebook=notebook)  # the reports fail: no report is made
    seen = [json.loads(f.with_suffix(".cores").read_text()) for f in files]
    in_line = [s["cores"] for s in seen if not s["spare_core"]]
    assert len(in_line) == len(files) - (len(usable) - 1)
    assert all(len(c) == 1 for c in in_line) and len({c[0] for c in in_line}) > 1
    assert [s["cores"] for s in seen if s["spare_core"]] == [usable] * (len(usable) - 1)
    assert sorted(os.sched_getaffinity(0)) == usable  # the batch's own process is not held
