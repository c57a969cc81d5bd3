"""Ctrl-C in a process that renders reports and ends when interrupted."""

from __future__ import annotations

import logging
import signal


def quiet_interrupts() -> None:
    """From now on Ctrl-C in this process (its main thread) turns logging off, then raises
    ``KeyboardInterrupt`` as usual.  A report cut short leaves papermill's tasks for its
    kernel pending; as the kernel is killed they end, and, depending on timing, log that
    the kernel died and that their exception was never retrieved, over the batch's one
    line.  For processes that end after an interrupt: the ``impact`` command
    (:func:`impact.cli.entry`) and batch workers."""
    def interrupted(signum, frame):
        logging.disable(logging.CRITICAL)
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, interrupted)
