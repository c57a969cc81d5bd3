"""No report lost or overwritten silently: colliding ids refused, one run per output folder,
leftovers of killed runs cleared, one atomic writer giving every file the usual mode.

Nothing here renders a report (see test_faults.py for faults during real runs)."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
import time

import altair as alt
import pandas as pd
import pytest

from impact import faults
from impact.atomic import atomic_write_bytes
from impact.charts import save_chart
from impact.errors import BudgetError, BusyError
from impact.reporting.atomic import build_dir, clean_stale, owner_tag
from impact.reporting.batch import refuse_overwrites
from impact.reporting.lock import LOCK_FILE, OutputLock

from .conftest import ROOT, run_cli

FUND = ROOT / "projects" / "pohang-ai-fund.yaml"


def _cli(*args):
    """``impact ARGS`` in its own process, as a user runs it (no fault set)."""
    env = {k: v for k, v in os.environ.items() if k != "IMPACT_FAULT"}
    return subprocess.run([sys.executable, "-m", "impact.cli", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def _cli_here(*args):
    """``impact ARGS`` run by ``impact.cli.main`` in this process: the same code and exit
    status, for the refusals below that need no process of their own (the busy folder
    does: this process holds the lock)."""
    status, stdout, stderr = run_cli([*map(str, args)])
    return subprocess.CompletedProcess(args, status, stdout, stderr)


@pytest.fixture
def twins(tmp_path):
    """Two budget files with the same id: a copy to be edited into a variant."""
    a, b = tmp_path / "fund.yaml", tmp_path / "fund-variant.yaml"
    text = FUND.read_text(encoding="utf-8")
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("amount: 500", "amount: 600", 1), encoding="utf-8")
    return a, b


def test_report_refuses_colliding_ids_before_anything_is_written(twins, tmp_path):
    a, b = twins
    out = tmp_path / "out"
    proc = _cli_here("report", a, b, "--out", out, "--jobs", "2")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert str(a) in proc.stderr and str(b) in proc.stderr and "'pohang-ai-fund'" in proc.stderr
    assert "rendering" not in proc.stdout and not out.exists()


@pytest.mark.parametrize("command", ["estimate", "check"])
def test_estimate_and_check_refuse_colliding_ids(twins, command):
    a, b = twins
    proc = _cli_here(command, a, b)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert str(a) in proc.stderr and str(b) in proc.stderr and "id" in proc.stderr
    assert proc.stdout == ""


def test_the_same_file_twice_is_not_a_collision():
    proc = _cli_here("estimate", FUND, FUND, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in json.loads(proc.stdout)] == ["pohang-ai-fund"] * 2


def _existing_report(out, source):
    folder = out / "pohang-ai-fund"
    folder.mkdir(parents=True)
    (folder / "headline.json").write_text(json.dumps({"id": "pohang-ai-fund",
                                                      "source_file": source}), encoding="utf-8")
    return folder


def test_report_from_another_file_is_not_replaced_without_replace(twins, tmp_path):
    a, b = twins
    out = tmp_path / "out"
    folder = _existing_report(out, str(b))
    proc = _cli_here("report", a, "--out", out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"was made from {b}" in proc.stderr and str(a) in proc.stderr
    assert "--replace" in proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["headline.json"]
    assert sorted(p.name for p in out.iterdir()) == ["pohang-ai-fund"]  # lock file gone too
    refuse_overwrites({"pohang-ai-fund": a}, out, replace=True)  # the user asked
    refuse_overwrites({"pohang-ai-fund": b}, out)  # same source file: a re-run


def test_a_folder_that_is_not_a_report_is_not_replaced(tmp_path):
    (tmp_path / "pohang-ai-fund").mkdir()
    with pytest.raises(BudgetError, match="is not a report"):
        refuse_overwrites({"pohang-ai-fund": FUND}, tmp_path)
    _existing_report(tmp_path / "old", None)
    with pytest.raises(BudgetError, match="unrecorded file"):
        refuse_overwrites({"pohang-ai-fund": FUND}, tmp_path / "old")


HOLD = textwrap.dedent("""
    import sys, time
    from impact.reporting.lock import OutputLock
    with OutputLock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    print("released", flush=True)
""")


def _holder(out, seconds):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out), str(seconds)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_into_a_busy_folder_gives_up_with_who_holds_it(tmp_path):
    out = tmp_path / "out"
    with OutputLock(out):
        proc = _cli("report", FUND, "--out", out, "--wait", "0.5")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert f"pid {os.getpid()}" in proc.stderr and "after waiting 0.5 s" in proc.stderr
    assert "--wait SECONDS" in proc.stderr and "nothing was written" in proc.stderr
    assert "waiting up to 0.5 s" in proc.stdout
    assert sorted(p.name for p in out.iterdir()) == []  # no report, no index, lock file gone


def test_a_waiting_run_gets_the_folder_when_the_other_ends(tmp_path):
    out = tmp_path / "out"
    holder = _holder(out, 1.0)
    told = []
    with pytest.raises(BusyError, match=f"pid {holder.pid} since"):
        OutputLock(out).acquire()
    with OutputLock(out, wait=60, say=told.append):
        assert holder.stdout.readline().strip() == "released"  # we got it after the holder
        assert f"pid {os.getpid()}" in (out / LOCK_FILE).read_text(encoding="utf-8")
    assert len(told) == 1 and f"pid {holder.pid}" in told[0]
    holder.wait()


def test_a_killed_holder_frees_the_folder(tmp_path):
    out = tmp_path / "out"
    holder = _holder(out, 600)
    holder.kill()
    holder.wait()
    with OutputLock(out):  # the kernel dropped the dead run's lock; its file is reused
        pass
    assert not (out / LOCK_FILE).exists()


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


def test_clean_stale_removes_only_what_no_live_run_owns(tmp_path):
    dead = _dead_pid()
    killed = tmp_path / f".build-fund-{dead}.123-abc"
    old_style = tmp_path / f".build-fund-{dead}-abc"
    recycled = tmp_path / f".build-fund-{os.getpid()}.1-abc"  # our pid, another start time
    live = build_dir(tmp_path, "fund")
    aside = tmp_path / f".old-center-{dead}.99-xyz"  # a good report moved aside, then killed
    trash = tmp_path / f".old-fund-{dead}.99-xyz"    # its replacement landed: trash
    (tmp_path / "fund").mkdir()
    for path in (killed, old_style, recycled, aside, trash):
        path.mkdir()
    (aside / "headline.json").write_text("{}", encoding="utf-8")
    found = clean_stale(tmp_path)
    assert sorted(found) == sorted([killed, old_style, recycled, aside, trash])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["center", "fund", live.name])
    assert (tmp_path / "center" / "headline.json").is_file()
    assert f"-{owner_tag()}-" in live.name


def test_faults_are_inert_unless_set_and_an_injected_full_disk_keeps_the_old_file(
        tmp_path, monkeypatch):
    monkeypatch.delenv(faults.ENV, raising=False)
    faults.hit("write", "anything")
    target = atomic_write_bytes(tmp_path / "a.bin", b"old")
    monkeypatch.setenv(faults.ENV, "enospc:write:a.bin")
    faults.hit("write", "b.bin")  # another file: no fault
    with pytest.raises(OSError) as caught:
        atomic_write_bytes(target, b"new" * 1000)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old" and sorted(tmp_path.iterdir()) == [target]
    monkeypatch.setenv(faults.ENV, "explode:write")
    with pytest.raises(ValueError, match="action:point"):
        faults.hit("write")


def test_charts_and_other_files_get_the_mode_open_gives(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")  # what open() gives under this process's umask
    expected = stat.S_IMODE(plain.stat().st_mode)
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_bar().encode(x="x:O",
                                                                                  y="y:Q")
    paths = save_chart(chart, tmp_path / "charts", "c")
    written = atomic_write_bytes(tmp_path / "report.html", b"<html></html>")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [*paths.values(), written]}
    assert modes == {"c.png": expected, "c.svg": expected, "report.html": expected}


def test_lock_waits_no_longer_than_asked(tmp_path):
    out = tmp_path / "out"
    with OutputLock(out):
        start = time.monotonic()
        with pytest.raises(BusyError):
            OutputLock(out, wait=0.3).acquire()
        assert time.monotonic() - start >= 0.3
