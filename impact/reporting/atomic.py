"""Atomic file and folder writes: a failed or interrupted run never leaves half a report.

Everything is built in a temporary file or folder beside its destination (same file
system) and moved into place with :func:`os.replace`, so a reader sees either the old
complete file or the new complete file, never a mix.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

BUILD_PREFIX = ".build-"
TRASH_PREFIX = ".old-"
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _umask()  # temp files are created 0600; finished files get the usual mode


def safe_key(text: str) -> str:
    """A file-name-safe key from any text (used for folders of unloadable projects)."""
    key = _SAFE.sub("_", text).strip("_")[:64]
    return key or "project"


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """UTF-8 text version of :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def build_dir(parent: str | Path, key: str) -> Path:
    """A fresh temporary build folder inside ``parent``, named after ``key`` and this pid."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{safe_key(key)}-{os.getpid()}-",
                                 dir=parent))
    os.chmod(path, 0o777 & ~UMASK)
    return path


def replace_dir(new: str | Path, final: str | Path) -> Path:
    """Move the complete folder ``new`` to ``final``, replacing any previous ``final``.

    The old folder is first renamed aside and removed only after the new one is in
    place; if the second rename fails the old folder is put back.
    """
    new, final = Path(new), Path(final)
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{TRASH_PREFIX}{final.name}-{os.getpid()}-",
                                    dir=final.parent))
        old.rmdir()
        os.replace(final, old)
    try:
        os.replace(new, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(parent: str | Path) -> list[Path]:
    """Remove build and trash folders left by runs that were killed (their pid is gone).

    A folder left aside by :func:`replace_dir` whose destination is missing is moved
    back instead: that is the previous good report of a run killed between two renames.
    """
    parent = Path(parent)
    removed = []
    if not parent.is_dir():
        return removed
    pattern = re.compile(rf"^({re.escape(BUILD_PREFIX)}|{re.escape(TRASH_PREFIX)})"
                         r"(?P<name>.+)-(?P<pid>\d+)-[^-]+$")
    for path in sorted(parent.iterdir()):
        match = pattern.match(path.name)
        if not match or _pid_alive(int(match["pid"])):
            continue
        target = parent / match["name"]
        if path.name.startswith(TRASH_PREFIX) and not target.exists():
            os.replace(path, target)
            continue
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink()
        removed.append(path)
    return removed
