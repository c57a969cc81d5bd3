"""Ctrl-C (and the signals that stop a batch like it) in a process that renders reports
and ends when interrupted."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_last_signal = signal.SIGINT
_cleanups_begun = 0  # interrupts_held blocks begun in this process's main thread
_interrupts_lost = 0  # interrupts raised and then lost (_interrupt_lost, LOST_AFTER_S)


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
    workers go ("handle is closed"), which says nothing about the batch.

    People press Ctrl-C several times at once: presses within :data:`SAME_PRESS_S` of
    the first that raised count as that one, and are ignored (each would raise
    ``KeyboardInterrupt`` wherever the process was, its cleanup too); a press after that
    raises again.  A ``KeyboardInterrupt`` raised where Python cannot pass it on (in an
    object's ``__del__``, a weak reference's callback) is not printed but raised again a
    moment later (:func:`_interrupt_lost`)."""
    raised_at, raised_before_lost = None, None  # a lost press does not count

    def interrupted(signum, frame):
        nonlocal raised_at, raised_before_lost
        if raised_before_lost == _interrupts_lost \
                and time.monotonic() - raised_at < SAME_PRESS_S:
            return
        raised_at, raised_before_lost = time.monotonic(), _interrupts_lost
        _interrupt(signum)

    signal.signal(signal.SIGINT, interrupted)
    sys.unraisablehook = _interrupt_lost
    if terminate:
        signal.signal(signal.SIGTERM, interrupted)


def _interrupt(signum: int):
    """Raise ``KeyboardInterrupt`` for ``signum``, with logging and the printing of other
    threads' exceptions turned off (:func:`quiet_interrupts`)."""
    global _last_signal
    _last_signal = signum
    logging.disable(logging.CRITICAL)
    threading.excepthook = _unprinted
    raise KeyboardInterrupt


def _unprinted(args) -> None:
    """A thread's exception, once the process is interrupted: not printed."""


SAME_PRESS_S = 1.0  # Ctrl-C pressed again within this counts as the same press
AGAIN_AFTER_S = 0.01  # an interrupt lost where Python could not raise it
LOST_AFTER_S = 1.0  # an interrupt raised, but no cleanup begun since


def _interrupt_lost(unraisable) -> None:
    """``sys.unraisablehook`` once interrupted: a ``KeyboardInterrupt`` that Python could
    not raise (the signal came while an object's ``__del__`` or a weak reference's
    callback ran, and Python printed the exception and went on) is raised again a
    moment later; other such exceptions are printed as usual."""
    global _interrupts_lost
    if not issubclass(unraisable.exc_type, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)
        return
    _interrupts_lost += 1
    _deliver_later(_last_signal, AGAIN_AFTER_S)


def _deliver_later(signum: int, delay: float, unless=lambda: False) -> None:
    """Send ``signum`` again to this process's main thread after ``delay`` seconds,
    unless ``unless()`` is true by then.  To the main thread itself: a signal sent to
    the process may be taken by another thread, and Python then runs the handler only
    when the main thread next runs Python code."""
    main = threading.main_thread().ident

    def again():
        if not unless():
            signal.pthread_kill(main, signum)

    timer = threading.Timer(delay, again)
    timer.daemon = True
    timer.start()


class OneInterruptPerTask:
    """The SIGINT and SIGTERM handler of a process that works on one task at a time, given
    by another process, and is stopped by Ctrl-C: a batch worker rendering reports.

    Between tasks (:meth:`begin`, :meth:`end`) SIGTERM ends the process at once (a
    process pool ends its workers so once one has died), and so does SIGINT once
    ``orphaned()`` (the process that gave the tasks has ended); otherwise SIGINT is
    ignored there: that process, stopped by the same Ctrl-C, ends it in its turn, and a
    worker ending on its own may do so holding the lock of the queue it takes its tasks
    from, on which the other workers would then wait for ever.

    During a task the first signal raises ``KeyboardInterrupt`` (quietly, as
    :func:`quiet_interrupts`, which the process calls first), and the others are ignored
    until the task ends: people press Ctrl-C several times, and a second
    ``KeyboardInterrupt`` landing in the task's cleanup before it holds further signals
    (:func:`interrupts_held`) cut it short (a kernel left running, a build folder left).
    A ``KeyboardInterrupt`` can be lost (:func:`_interrupt_lost`, or caught in a library):
    if no cleanup has begun :data:`LOST_AFTER_S` seconds later, the signal is raised again.

    ``stopping``: a task was interrupted; the process should start no other (the batch
    may not yet have said so: the signal can reach it later than its workers)."""

    def __init__(self, orphaned):
        self._orphaned = orphaned
        self.busy = False
        self.stopping = False
        self._raised_before_lost = None  # _interrupts_lost when this task last raised

    def begin(self) -> None:
        self.busy, self._raised_before_lost = True, None

    def end(self) -> None:
        self.busy = False

    def __call__(self, signum, frame):
        if not self.busy:
            if signum != signal.SIGINT or self._orphaned():
                os._exit(128 + signum)
            return
        if self._raised_before_lost == _interrupts_lost:  # raised, and not lost since
            return
        self._raised_before_lost, self.stopping = _interrupts_lost, True
        begun = _cleanups_begun

        def reached_cleanup() -> bool:
            global _interrupts_lost
            if not self.busy or _cleanups_begun != begun:
                return True
            _interrupts_lost += 1
            return False

        _deliver_later(signum, LOST_AFTER_S, unless=reached_cleanup)
        _interrupt(signum)


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
    global _cleanups_begun
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _cleanups_begun += 1
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
