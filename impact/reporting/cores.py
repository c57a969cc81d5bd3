"""The core each worker of a batch keeps to, where there is one worker per core.

Two workers on two cores, each left free to run anywhere, were 7% slower than the same
two each held to a core of its own (12 reports: 23.0 s against 21.4 s, three runs each
in turn, 2026-12-02), and a report cost 4% more CPU than in a batch of one worker (3.74 s
against 3.60 s); held, it cost the same (3.41 s against 3.40 s).  A worker's kernel and
chart server take turns (the kernel waits for each chart), so one core serves them;
most likely, left free, they lose their caches each time the scheduler moves them to the
core the other worker was using.  With more workers than cores, holding some of them to
the same core would leave the others' cores idle at times, so nothing is held; nor
where the system does not let a process choose its cores (it is Linux's).
"""

from __future__ import annotations

import os


def cores_to_hold(jobs: int) -> list[int] | None:
    """The cores a batch's ``jobs`` workers keep to, one each in turn, or None (nothing
    held): where there is one worker per core this process may use, and the system lets
    a process choose its cores."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cores = sorted(os.sched_getaffinity(0))
    return cores if jobs == len(cores) > 1 else None


def keep_to(cores: set[int]) -> None:
    """This process, and the processes it starts from now on, run on ``cores`` only; if
    the system refuses (the cores were taken from it meanwhile), they run as before."""
    try:
        os.sched_setaffinity(0, cores)
    except OSError:
        pass
