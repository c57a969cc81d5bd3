"""Ctrl-C (and the signals that stop a batch like it) in a process that renders reports
and ends when interrupted."""

from __future__ import annotations

import logging
import os
import signal

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_last_signal = signal.SIGINT


def quiet_interrupts(*, terminate: bool = False) -> None:
    """From now on Ctrl-C in this process (its main thread) turns logging off, then raises
    ``KeyboardInterrupt`` as usual.  A report cut short leaves papermill's tasks for its
    kernel pending; as the kernel is killed they end, and, depending on timing, log that
    the kernel died and that their exception was never retrieved, over the batch's one
    line.  For processes that end after an interrupt: the ``impact`` command
    (:func:`impact.cli.entry`) and batch workers.

    ``terminate``: SIGTERM (``kill``, ``timeout``, a scheduler stopping a job) stops this
    process the same way, so that a batch stopped so keeps and lists the reports it made
    (:func:`stopping_signal` tells which signal it was)."""
    def interrupted(signum, frame):
        global _last_signal
        _last_signal = signum
        logging.disable(logging.CRITICAL)
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, interrupted)
    if terminate:
        signal.signal(signal.SIGTERM, interrupted)


def stopping_signal() -> int:
    """The signal of this process's last interrupt (:func:`quiet_interrupts`): SIGINT
    unless SIGTERM came since."""
    return _last_signal


def interrupt_when_parent_ends(parent_pid: int) -> bool:
    """Have Linux send this process SIGINT when its parent, ``parent_pid``, ends, however
    it ends (``kill -9`` too).  A batch's workers would otherwise outlive a batch killed
    alone: they would start the files still queued and then wait for more for ever,
    holding the output folder's lock.  False where Linux cannot (another system)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent_pid:  # it ended before the request was made
        os.kill(os.getpid(), signal.SIGINT)
    return True
