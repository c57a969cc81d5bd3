"""Ctrl-C as people press it, in processes of their own: several presses at once, a
press that Python loses, a press to a worker waiting for work (impact/reporting/interrupts.py).

Each case runs a few lines in a fresh Python and reads what it printed and how it ended;
the batch around these handlers is tested in test_faults.py (presses to a real batch).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from .conftest import ROOT


def _python(code: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_presses_at_once_count_as_one_and_a_later_one_raises_again():
    """Pressed again while the first press's cleanup runs (here, at once, inside it), the
    cleanup goes on; a press a second and more later stops the process again."""
    done = _python("""
        import signal, time
        from impact.reporting import interrupts
        interrupts.quiet_interrupts()
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            for _ in range(5):
                signal.raise_signal(signal.SIGINT)  # the same press: no exception
            print("cleaned up", flush=True)
        time.sleep(interrupts.SAME_PRESS_S + 0.2)
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            print("stopped again")
    """)
    assert done.stdout.splitlines() == ["cleaned up", "stopped again"], done.stderr


def test_a_press_python_drops_in_a_finalizer_is_raised_again():
    """A KeyboardInterrupt raised while an object's ``__del__`` runs is printed and lost by
    Python ("Exception ignored in ..."), and the process went on: here a sleep of 20 s.
    It is raised again in the main thread, at once, and nothing is printed."""
    done = _python("""
        import signal, time
        from impact.reporting import interrupts
        interrupts.quiet_interrupts()

        class Resource:
            def __del__(self):
                signal.raise_signal(signal.SIGINT)  # the press comes as it is freed

        start = time.monotonic()
        try:
            Resource()
            time.sleep(20)
        except KeyboardInterrupt:
            print(f"stopped after {time.monotonic() - start:.1f} s")
    """)
    assert done.stdout.startswith("stopped after 0."), done.stdout + done.stderr
    assert done.stderr == ""


def test_a_task_stops_once_and_a_lost_interrupt_comes_again():
    """In a worker's task, the first press raises and the ones after it are ignored (they
    would cut its cleanup short); if the exception is lost before any cleanup begins
    (here: a library that catches it), the press is raised again about a second later."""
    done = _python("""
        import signal, time
        from impact.reporting import interrupts
        interrupts.quiet_interrupts()
        task = interrupts.OneInterruptPerTask(orphaned=lambda: False)
        signal.signal(signal.SIGINT, task)
        task.begin()
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            signal.raise_signal(signal.SIGINT)  # pressed again as the task stops: ignored
            print("first raised, second ignored", flush=True)
        start = time.monotonic()
        try:
            time.sleep(20)
        except KeyboardInterrupt:
            print(f"raised again after {time.monotonic() - start:.0f} s", flush=True)
        print("stopping", task.stopping, flush=True)
        with interrupts.interrupts_held():  # a cleanup begins: nothing is raised again
            pass
        time.sleep(interrupts.LOST_AFTER_S + 0.5)
        task.end()
        print("done")
    """)
    assert done.stdout.splitlines() == ["first raised, second ignored",
                                        "raised again after 1 s", "stopping True",
                                        "done"], done.stderr


def test_a_worker_waiting_for_work_ends_only_when_told_or_orphaned():
    """Between tasks, Ctrl-C does not end a worker while the batch that gives it work is
    there (ending on its own, it could hold its queue's lock and leave the other worker
    waiting for ever; the batch ends it); once the batch has gone it does, and SIGTERM
    (a pool ending its workers) ends it at once."""
    script = """
        import signal, sys
        from impact.reporting import interrupts
        interrupts.quiet_interrupts()
        orphaned = {orphaned}
        task = interrupts.OneInterruptPerTask(orphaned=lambda: orphaned)
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, task)
        signal.raise_signal(signal.{signal})
        print("still here")
    """
    kept = _python(script.format(orphaned=False, signal="SIGINT"))
    assert (kept.returncode, kept.stdout) == (0, "still here\n"), kept.stderr
    for orphaned, number in ((True, "SIGINT"), (False, "SIGTERM")):
        ended = _python(script.format(orphaned=orphaned, signal=number))
        assert ended.returncode == 128 + getattr(signal, number), ended.stderr
        assert ended.stdout == ""
