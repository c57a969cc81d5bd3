"""Fault injection for ``tests/test_faults.py``: inert unless ``IMPACT_FAULT`` is set.

``IMPACT_FAULT`` holds one or more ``action:point[:match]`` entries separated by ``;``.
At each named point the code calls :func:`hit` with a context string (a path, a
project id); an entry fires when its point is that point and ``match`` (if given) is
part of the context.  Actions:

- ``kill`` — SIGKILL this process's group, and from inside a report kernel also the
  group of the process that started it: the whole run dies at once, as in a crash;
- ``raise`` — raise :class:`InjectedFault` (a RuntimeError), as a bug would;
- ``enospc`` — raise ``OSError(ENOSPC)``, as a full disk would;
- ``wait`` — stay there (up to ten minutes), as a slow step would, having first made
  the file ``fault-waiting-<pid>`` in the temporary folder (a report kernel's is in its
  build folder), so that a test knows the run is there before it interrupts it.

Points: ``write`` (half-way through writing a file's temporary copy, context: the
final path), ``moved`` (a report folder just moved into place, before the index is
updated; context: the folder), ``save-outputs`` (in the report kernel, after the first
chart is saved; context: the build folder), ``chart-engine`` (in the report kernel,
before a chart is rendered; context: the project id).
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
import time
from pathlib import Path

ENV = "IMPACT_FAULT"
ACTIONS = ("kill", "raise", "enospc", "wait")


class InjectedFault(RuntimeError):
    """The error the ``raise`` action raises."""


def _entries(spec: str) -> list[tuple[str, str, str]]:
    entries = []
    for item in filter(None, (part.strip() for part in spec.split(";"))):
        action, _, rest = item.partition(":")
        point, _, match = rest.partition(":")
        if action not in ACTIONS or not point:
            raise ValueError(f"{ENV}: {item!r} is not action:point[:match] with action one "
                             f"of {', '.join(ACTIONS)}")
        entries.append((action, point, match))
    return entries


def _kill_run() -> None:
    parent = os.environ.get("JPY_PARENT_PID")  # set by jupyter_client for a kernel
    groups = [os.getpgid(0)]
    if parent and parent.isdigit():
        try:
            groups.insert(0, os.getpgid(int(parent)))
        except ProcessLookupError:
            pass
    for group in dict.fromkeys(groups):
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.kill(os.getpid(), signal.SIGKILL)


def hit(point: str, context: str = "") -> None:
    """Fire the fault configured for ``point`` (if any); does nothing when unset."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    for action, where, match in _entries(spec):
        if where != point or (match and match not in context):
            continue
        if action == "kill":
            _kill_run()
        if action == "wait":
            (Path(tempfile.gettempdir()) / f"fault-waiting-{os.getpid()}").touch()
            time.sleep(600)
            return
        if action == "enospc":
            raise OSError(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} (injected by {ENV})",
                          context or None)
        raise InjectedFault(f"injected fault at {point} ({ENV}) in {context or 'this run'}")
