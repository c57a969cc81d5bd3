"""Ctrl-C (and the signals that stop a batch like it) in a process that renders reports
and ends when interrupted."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading

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
    (:func:`stopping_signal` tells which signal it was).

    Once interrupted, the process does not print the exceptions its other threads end
    with either: a process pool stopped mid-wait can fail in its own thread as its
    workers go ("handle is closed"), which says nothing about the batch."""
    def interrupted(signum, frame):
        global _last_signal
        _last_signal = signum
        logging.disable(logging.CRITICAL)
        threading.excepthook = _unprinted
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, interrupted)
    if terminate:
        signal.signal(signal.SIGTERM, interrupted)


def _unprinted(args) -> None:
    """A thread's exception, once the process is interrupted: not printed."""


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


@contextlib.contextmanager
def interrupts_held():
    """Ctrl-C (and SIGTERM) during the block wait until it has finished, then act as
    usual.  For a report's cleanup (its kernel killed, its build folder removed) after a
    first Ctrl-C: people press it again, and the second would cut the cleanup short.
    Only the main thread receives signals; elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    kept = {number: signal.signal(number, lambda signum, frame: came.append(signum))
            for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)
        if came:
            signal.raise_signal(came[0])
