"""Faults survived on purpose: a batch killed at several points, a notebook that raises, a
chart engine that fails and a disk that fills never lose or half-write a report.

Each fault runs ``impact report`` in its own session over a copy of a good run's output
folder (the suite's one full-size ``impact report --all``, conftest ``seed_reports``),
with ``IMPACT_FAULT`` (impact/faults.py) naming the point; the two kills after the
kernel (mid-HTML, after the move) replay the good run's kernel outputs instead of
running a kernel (tests/replay_kernel.py), the other faults in a kernel run a real one,
on a small notebook that reaches the library's fault points (tests/fault_notebook.py),
except the full disk, which the report notebook's own writes fill.  Afterwards the
start of the next run (:func:`open_output`, under the folder lock) clears what a killed
run left, and every report present must be complete and either byte-identical to the
one before or equal to a good run's (timestamps, cell ids and build paths masked), the
index must list exactly the folders, and a kept failed notebook must be a whole one.
The tally (faults injected, reports checked, losses) is printed by the last test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from impact.reporting.batch import open_output
from impact.reporting.index import index_is_current
from impact.reporting.lock import OutputLock

from . import fault_notebook as fault_notebook_module
from .conftest import ROOT

FUND = ROOT / "projects" / "pohang-ai-fund.yaml"  # id pohang-ai-fund
CENTER = ROOT / "projects" / "chungbuk-ai-simulation-center.yaml"
TALLY = {"faults": 0, "reports_checked": 0, "losses": 0}
# what differs between two good runs: times, notebook cell ids, build paths, PDF ids, and
# whether the kernel had a core to spare (a lone report, as here, against the batch that
# made the good run: the injected parameter, not the report's content)
VOLATILE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?"
                      rb"|cell-id=[0-9a-f]+|\.build-[^\"'/\\\s]+"
                      rb"|D:\d{14}Z|ID>[A-Za-z0-9+/=]+<|/ID\[[^\]]*\]"
                      rb"|spare_core = (?:True|False)")


def _report(files, out, fault=None, jobs="1", replay_from=None, notebook=None):
    """``impact report FILES`` in its own session; ``replay_from``: a good run's folder whose
    kernel outputs the run's kernel replays (tests/replay_kernel.py), for a fault that
    strikes after the kernel; ``notebook``: the small notebook the kernels run instead of
    the report's (tests/fault_notebook.py), for a fault in the kernel."""
    env = {k: v for k, v in os.environ.items() if k != "IMPACT_FAULT"}
    if fault:
        env["IMPACT_FAULT"] = fault
    command = (["tests.replay_kernel", str(replay_from)] if replay_from is not None
               else ["tests.fault_notebook", str(notebook)] if notebook is not None
               else ["impact.cli"])
    # a killed run cannot remove its kernels' socket folders: they go in one removed here
    env["TMPDIR"] = scratch = tempfile.mkdtemp(prefix="impact-fault-")
    try:
        return subprocess.run([sys.executable, "-m", *command, "report", *map(str, files),
                               "--out", str(out), "--jobs", jobs],  # draws: as the good run
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                              start_new_session=True, umask=0o022)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _masked(name: str, data: bytes, out: Path) -> bytes:
    """What must not change between two good runs: cells and outputs, with times masked."""
    data = data.replace(str(out).encode(), b"<out>")  # the build path names the folder
    if name.endswith(".ipynb"):
        cells = json.loads(data)["cells"]
        data = json.dumps([[c["cell_type"], c["source"], c.get("outputs", [])] for c in cells],
                          ensure_ascii=False).encode()
    if name.endswith((".ipynb", ".html", ".json", ".pdf")):  # a PDF has its date twice
        data = VOLATILE.sub(b"~", data)
    return data


def _reports(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@pytest.fixture(scope="module")
def good(seed_reports):
    """A good run, the state every fault starts from: ``impact report --all`` (the seed
    projects, at the default draws), read only here; each fault runs on a copy."""
    out, proc = seed_reports
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, {f.name: _snapshot(f) for f in _reports(out)}


@pytest.fixture(scope="module")
def fault_notebook(tmp_path_factory):
    """The small notebook of tests/fault_notebook.py: the kernel faults below strike in the
    library code the report notebook reaches, without the report's 5-8 s of CPU."""
    return fault_notebook_module.write(tmp_path_factory.mktemp("notebook") / "fault.ipynb")


def test_every_file_of_a_report_has_the_usual_mode(good):
    """Under umask 022 every file is 0644 and every folder 0755, charts included."""
    out, _ = good
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in out.rglob("*")}
    assert any(name.endswith("charts/effects.png") for name in modes)
    odd = {name: oct(mode) for name, mode in modes.items()
           if mode != (0o755 if (out / name).is_dir() else 0o644)}
    assert odd == {}


def _start_from(good, path: Path) -> tuple[Path, dict]:
    out, reports = good
    shutil.copytree(out, path)
    return path, (out, reports)


def _audit(out: Path, before: dict, good_run: tuple[Path, dict]) -> None:
    """Recover as the next run would, then check every report, the index and leftovers."""
    with OutputLock(out):
        open_output(out)
    leftovers = [p for p in out.rglob("*")
                 if p.name.startswith((".build-", ".old-", ".impact.lock")) or p.suffix == ".tmp"]
    assert leftovers == []
    present = {f.name: _snapshot(f) for f in _reports(out)}
    lost = set(before) - set(present)
    TALLY["losses"] += len(lost)
    assert not lost, f"reports lost: {lost}"
    for name, files in present.items():
        TALLY["reports_checked"] += 1
        if files == before.get(name):
            continue  # the report from before, untouched
        model = good_run[1][name]
        same = files.keys() == model.keys() and all(
            _masked(f, files[f], out) == _masked(f, model[f], good_run[0]) for f in files)
        TALLY["losses"] += not same
        assert same, f"{name} is neither the report before nor a complete good one"
    page = (out / "index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r"href='([^'/]+)/report\.html'", page))
    assert listed == set(present) and index_is_current(out)
    for name in present:
        made_at = json.loads(present[name]["headline.json"])["made_at"]
        assert made_at in page
    for kept in (out / "_failed").glob("*.ipynb"):
        nbformat.read(kept, as_version=4)  # a failed run's notebook is kept whole, or not at all


def _fault(proc, killed: bool):
    TALLY["faults"] += 1
    if killed:
        assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    else:
        assert proc.returncode == 1, proc.stdout + proc.stderr


@pytest.mark.parametrize("fault", [
    "kill:chart-engine",          # during the kernel run, first chart
    "kill:write:report.html",     # during the HTML export, half the page written
    "kill:moved",                 # the new report moved into place, index not yet updated
])
def test_killed_batch_leaves_complete_reports(good, fault_notebook, tmp_path, fault):
    out, good_run = _start_from(good, tmp_path / "out")
    before = {f.name: _snapshot(f) for f in _reports(out)}
    # a kill after the kernel: its kernel replays the good run's; in the kernel: a real
    # kernel, running the small notebook (a report kernel's CPU is not what these test)
    after_kernel = fault in ("kill:write:report.html", "kill:moved")
    proc = _report([FUND], out, fault, replay_from=good_run[0] if after_kernel else None,
                   notebook=None if after_kernel else fault_notebook)
    _fault(proc, killed=True)
    if fault != "kill:moved":
        assert [p for p in out.iterdir() if p.name.startswith(".build-")], \
            "the kill should have left a build folder for the next run to clear"
    _audit(out, before, good_run)
    if fault == "kill:moved":  # the new report is in place; the index was repaired
        assert _snapshot(out / "pohang-ai-fund") != before["pohang-ai-fund"]


def test_failing_notebook_and_chart_engine_fail_their_project_only(good, fault_notebook,
                                                                   tmp_path):
    """Two kernels in one batch: FUND's raises once its chart is saved (a build half made),
    CENTER's chart engine raises; both in the small notebook (a real notebook failing in
    a batch: tests/test_report_mixed.py)."""
    out, good_run = _start_from(good, tmp_path / "out")
    before = {f.name: _snapshot(f) for f in _reports(out)}
    proc = _report([FUND, CENTER], out, "raise:save-outputs:build-pohang-ai-fund-;"
                   "raise:chart-engine:chungbuk-ai-simulation-center", jobs="2",
                   notebook=fault_notebook)
    TALLY["faults"] += 1  # two faults in this run: _fault counts the other
    _fault(proc, killed=False)
    failed = {line.split()[1]: line for line in proc.stdout.splitlines()
              if line.startswith("FAILED")}
    assert set(failed) == {f"{FUND}:", f"{CENTER}:"}, proc.stdout
    assert "InjectedFault: injected fault at save-outputs" in failed[f"{FUND}:"]
    assert "InjectedFault: injected fault at chart-engine" in failed[f"{CENTER}:"]
    for name in ("pohang-ai-fund", "chungbuk-ai-simulation-center"):  # both failed: as before
        assert _snapshot(out / name) == before[name]
    assert [p for p in out.iterdir() if p.name.startswith(".")] == []  # cleaned in the run
    _audit(out, before, good_run)


def _processes_of(session: int, mentioning: str) -> list[int]:
    """The processes still in ``session`` or with ``mentioning`` in their environment
    (a report kernel, in a session of its own, has its build folder there)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            environ = (entry / "environ").read_bytes()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session or mentioning.encode() in environ:
            found.append(int(entry.name))
    return found


@contextlib.contextmanager
def _held_batch(good, fault_notebook, tmp_path):
    """A batch of three files on two workers into a copy of the seed run's folder, in a
    session of its own, once both workers' kernels are in the middle of their notebook
    (the small one), where they wait ten minutes (``IMPACT_FAULT=wait:chart-engine``).
    Yields the process, the folder and a check that every report in it is as before;
    afterwards nothing is left waiting, whatever the test did."""
    import time
    out, good_run = _start_from(good, tmp_path / "out")
    before = {f.name: _snapshot(f) for f in _reports(out)}
    scratch = tempfile.mkdtemp(prefix="impact-fault-")
    env = {**os.environ, "IMPACT_FAULT": "wait:chart-engine", "TMPDIR": scratch}
    files = [FUND, CENTER, ROOT / "projects" / "pohang-data-center.yaml"]
    proc = subprocess.Popen([sys.executable, "-m", "tests.fault_notebook", str(fault_notebook),
                             "report", *map(str, files), "--out", str(out), "--jobs", "2"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, umask=0o022)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob(".build-*/.kernel-tmp/fault-waiting-*"))) < 2 \
                and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        yield proc, out, lambda: _audit(out, before, good_run)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in _processes_of(proc.pid, mentioning=str(out)):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)
        proc.stdout.close()
        proc.stderr.close()
        TALLY["faults"] += 1


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("presses,gap", [(1, 0.0), (6, 0.01), (12, 0.0)])
def test_ctrl_c_in_a_terminal_stops_the_batch_cleanly(good, fault_notebook, tmp_path,
                                                      presses, gap):
    """Ctrl-C in a terminal signals the whole process group: the batch and its workers,
    each with a kernel in the middle of its notebook (the small one), stop at once (the
    kernels would wait there ten minutes); the command prints
    one line, no traceback and none of papermill's cut-short tasks, and leaves no build
    folder and no process; every report in the folder is as before.  Pressed six times
    in 60 ms, as people do, or twelve at once, the same: the presses after the first cut
    short neither a report's cleanup (a build folder, a kernel left) nor the command's end
    (a traceback from its pool's threads and its wait for the workers at exit).  Twelve
    at once failed one run in three (2026-12-02): a worker's lost interrupt left it
    waiting on its kernel, or an idle worker ended holding its queue's lock."""
    import time
    with _held_batch(good, fault_notebook, tmp_path) as (proc, out, audit):
        for _ in range(presses):
            os.killpg(proc.pid, signal.SIGINT)
            time.sleep(gap)
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 130, stdout + stderr
        # papermill's warnings about the report's parameters the small notebook lacks aside
        said = [line for line in stderr.splitlines()
                if not line.startswith("Passed unknown parameter: ")]
        whole = ("impact: interrupted with 0 of 3 project(s) done (their reports kept, in "
                 "the index); run again for the rest")
        # the presses after the first, within a second, are the same press
        assert said == [whole], stderr
        assert "Traceback" not in stdout and "FAILED" not in stdout, stdout
        deadline = time.monotonic() + 10  # workers stopped mid-report end on their own
        while _processes_of(proc.pid, mentioning=str(out)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _processes_of(proc.pid, mentioning=str(out)) == []
        assert list(out.glob(".build-*")) == []
        audit()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_batch_killed_alone_leaves_no_worker_behind(good, fault_notebook, tmp_path):
    """``kill -9`` to the batch's process alone (a scheduler's hard stop, the kernel's
    out-of-memory killer), both workers' kernels mid-notebook: the workers stop as at
    Ctrl-C and end within seconds.  They outlived it before: they took the third file,
    then waited for more work for ever, holding the folder's lock.  No build folder and
    no process is left, every report is as before, and the next run gets the folder."""
    import time
    with _held_batch(good, fault_notebook, tmp_path) as (proc, out, audit):
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _processes_of(proc.pid, mentioning=str(out)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _processes_of(proc.pid, mentioning=str(out)) == []
        assert list(out.glob(".build-*")) == []
        audit()
        with OutputLock(out, wait=0):  # free at once
            pass


def _mount_small_disk(path: Path, free_bytes: int, used: int) -> bool:
    """A tmpfs of ``used + free_bytes`` at ``path`` (root only); False where not allowed."""
    path.mkdir()
    size_kib = (used + free_bytes) // 1024 + 1
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs",
                               str(path)], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def test_full_disk_fails_the_project_and_keeps_the_report(good, tmp_path):
    src, _ = good
    used = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
    disk = tmp_path / "disk"
    mounted = _mount_small_disk(disk, 400_000, used + 64_000)
    try:
        out, good_run = _start_from(good, disk / "out")
        before = {f.name: _snapshot(f) for f in _reports(out)}
        # a real full disk where the machine allows a tmpfs, else the write error it gives
        proc = _report([FUND], out, None if mounted else "enospc:write")
        _fault(proc, killed=False)
        assert "No space left on device" in proc.stdout, proc.stdout
        _audit(out, before, good_run)
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=True, timeout=30)


def test_fault_tally(capsys):
    """Runs last in this module: the counts the closing note quotes."""
    with capsys.disabled():
        print(f"\nfault suite: {TALLY['faults']} faults injected, {TALLY['reports_checked']} "
              f"reports checked, {TALLY['losses']} losses")
    assert TALLY["losses"] == 0
    assert TALLY["faults"] >= 5 and TALLY["reports_checked"] >= 5
