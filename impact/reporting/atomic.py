"""Atomic folder replacement: a failed or interrupted run never leaves half a report.

A report is built in a temporary folder beside its destination (same file system) and
moved into place with :func:`os.replace`, so a reader sees either the old complete
folder or the new complete one.  Files are written by :mod:`impact.atomic` (re-exported
here).  Temporary folders carry their owner (pid and process start time) in their
name, so a later run can tell the leftovers of a killed run from a live one's.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .. import faults
from ..atomic import DIR_MODE, FILE_MODE, UMASK, atomic_write_bytes, atomic_write_text

__all__ = ["BUILD_PREFIX", "DIR_MODE", "FILE_MODE", "TRASH_PREFIX", "UMASK",
           "atomic_write_bytes", "atomic_write_text", "build_dir", "clean_stale",
           "owner_tag", "process_alive", "replace_dir", "safe_key"]

BUILD_PREFIX = ".build-"
TRASH_PREFIX = ".old-"
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
# <prefix><name>-<pid>[.<start>]-<random>; mkdtemp's random part has no '-'
_LEFTOVER = re.compile(rf"^(?P<prefix>{re.escape(BUILD_PREFIX)}|{re.escape(TRASH_PREFIX)})"
                       r"(?P<name>.+)-(?P<pid>\d+)(?:\.(?P<start>\d+))?-[^-]+$")


def safe_key(text: str) -> str:
    """A file-name-safe key from any text (used for folders of unloadable projects)."""
    key = _SAFE.sub("_", text).strip("_")[:64]
    return key or "project"


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def owner_tag(pid: int | None = None) -> str:
    """``<pid>.<start time>`` of a process (this one by default): unique even if pids recycle."""
    pid = os.getpid() if pid is None else pid
    start = _start_time(pid)
    return f"{pid}.{start}" if start else str(pid)


def process_alive(pid: int, start: str | None = None) -> bool:
    """Whether process ``pid`` runs, and (if ``start`` is given) is the one started then."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return start is None or _start_time(pid) in (None, start)


def build_dir(parent: str | Path, key: str) -> Path:
    """A fresh temporary build folder inside ``parent``, named after ``key`` and its owner."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{safe_key(key)}-{owner_tag()}-",
                                 dir=parent))
    os.chmod(path, DIR_MODE)
    return path


def replace_dir(new: str | Path, final: str | Path) -> Path:
    """Move the complete folder ``new`` to ``final``, replacing any previous ``final``.

    The old folder is first renamed aside and removed only after the new one is in
    place; if the second rename fails the old folder is put back.
    """
    new, final = Path(new), Path(final)
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{TRASH_PREFIX}{final.name}-{owner_tag()}-",
                                    dir=final.parent))
        old.rmdir()
        os.replace(final, old)
    try:
        os.replace(new, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    faults.hit("moved", str(final))
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def clean_stale(parent: str | Path) -> list[Path]:
    """Remove build and trash folders left by runs that were killed (their owner is gone).

    A folder left aside by :func:`replace_dir` whose destination is missing is moved
    back instead: that is the previous good report of a run killed between two renames.
    Returns what was removed or restored.
    """
    parent = Path(parent)
    found = []
    if not parent.is_dir():
        return found
    for path in sorted(parent.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or process_alive(int(match["pid"]), match["start"]):
            continue
        target = parent / match["name"]
        if match["prefix"] == TRASH_PREFIX and not target.exists():
            os.replace(path, target)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        found.append(path)
    return found
