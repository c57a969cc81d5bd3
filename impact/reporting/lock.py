"""One run at a time per output folder: an ``flock`` on ``<out>/.impact.lock``.

The lock is taken before anything is checked, cleaned or written, and held until the
index is written, so two runs into one folder cannot interleave a report's files, nor
check ids against an index the other is changing.  Forked worker processes inherit
it: a worker that outlives a killed batch still holds it until it exits.  The kernel
releases it by itself when the holder dies; the file left behind is not a lock.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import os
import time
from pathlib import Path

from ..errors import BusyError

LOCK_FILE = ".impact.lock"
POLL_SECONDS = 0.2


def _holder(path: Path) -> str:
    """Who holds the lock, as written by the holder: ``pid 123 since 09:41:07 UTC``."""
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown process"
    except OSError:
        return "unknown process"


class OutputLock:
    """``with OutputLock(out_dir, wait=seconds, say=print):`` — exclusive use of ``out_dir``.

    ``wait`` is how long to wait for another run to finish (0: give up at once);
    ``say`` is told once when this run starts waiting.  Raises :class:`BusyError`
    naming the other run when the folder stays busy.
    """

    def __init__(self, out_dir: str | Path, wait: float = 0.0, say=None):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / LOCK_FILE
        self.wait = max(0.0, float(wait))
        self.say = say
        self._fd: int | None = None

    def _try(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        try:  # the file may have been removed by the previous holder after we opened it
            same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            return self._try()
        self._fd = fd
        return True

    def acquire(self) -> "OutputLock":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        told = False
        while not self._try():
            if time.monotonic() >= deadline:
                waited = f" after waiting {self.wait:g} s" if self.wait else ""
                raise BusyError(f"another impact report ({_holder(self.path)}) is writing into "
                                f"this folder; nothing was written{waited}. Run again when it "
                                "has finished, or give --wait SECONDS to wait for it",
                                file=self.out_dir)
            if self.say and not told:
                self.say(f"waiting up to {self.wait:g} s for the other impact report "
                         f"({_holder(self.path)}) writing into {self.out_dir}")
                told = True
            time.sleep(POLL_SECONDS)
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"pid {os.getpid()} since {now}\n".encode(), 0)
        return self

    def release(self) -> None:
        """Remove the lock file (while still holding it, so no one locks a dead file), unlock."""
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
