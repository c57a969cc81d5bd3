"""The kernel a report runs in (impact.reporting.kernel): ready once it has answered on
both channels, its startup messages never taken for a cell's output, and gone, process
and sockets, once killed."""

from __future__ import annotations

import json
import os

import pytest
from jupyter_core.utils import run_sync

from impact.reporting import render
from impact.reporting.kernel import kernel_manager_class, kill_kernel


def _kernel_name() -> str:
    return json.loads(render.report_notebook().read_text(encoding="utf-8"))["metadata"][
        "kernelspec"]["name"]


def _run(client, code: str) -> list[dict]:
    """The IOPub messages a request for ``code`` caused, up to the kernel's idle status."""
    async def run():
        msg_id = client.execute(code)
        seen = []
        while True:
            msg = await client.iopub_channel.get_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return seen
    return run_sync(run)()


def test_a_ready_kernel_runs_code_and_a_killed_one_is_gone(tmp_path):
    socket_dir = tmp_path / "k"
    socket_dir.mkdir()
    kernel = kernel_manager_class(str(socket_dir))(kernel_name=_kernel_name())
    run_sync(kernel.start_kernel)()
    client = kernel.client()
    try:
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        outputs = [m["content"] for m in _run(client, "6 * 7") if m["msg_type"] == "execute_result"]
        assert [o["data"]["text/plain"] for o in outputs] == ["42"]
        assert os.name != "posix" or any(p.name.startswith("kernel") for p in socket_dir.iterdir())
    finally:
        client.stop_channels()
        pid = kernel.provisioner.pid
        kill_kernel(kernel)
    assert not run_sync(kernel.is_alive)() and not kernel.has_kernel
    with pytest.raises(ProcessLookupError):  # killed and reaped: no zombie left
        os.kill(pid, 0)
    kill_kernel(kernel)  # a second time: nothing left to do, no error


def test_a_kernel_that_dies_before_it_answers_is_reported(tmp_path):
    kernel = kernel_manager_class(str(tmp_path))(kernel_name=_kernel_name())
    run_sync(kernel.start_kernel)()
    client = kernel.client()
    try:
        kernel.provisioner.process.kill()
        kernel.provisioner.process.wait()
        client.start_channels()
        with pytest.raises(RuntimeError, match="Kernel died before replying"):
            run_sync(client.wait_for_ready)(timeout=60)
    finally:
        client.stop_channels()
        kill_kernel(kernel)
    assert not kernel.has_kernel


def test_a_reports_kernel_keeps_linear_algebra_to_one_thread_unless_told_otherwise(
        tmp_path, monkeypatch):
    # OpenBLAS reads OPENBLAS_NUM_THREADS when numpy loads, so it must be in the kernel's
    # environment from its start; a count the user set is theirs to keep
    import nbformat
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    seen = tmp_path / "seen.json"
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": _kernel_name(), "display_name": "Python 3", "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell(
        "import json, os\n"
        "names = ('OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'TMPDIR')\n"
        f"open({str(seen)!r}, 'w').write(json.dumps({{n: os.environ.get(n) for n in names}}))")]
    source = tmp_path / "threads.ipynb"
    nbformat.write(notebook, source)
    render._execute(source, tmp_path / "run.ipynb", {}, scratch=tmp_path / "scratch")
    assert json.loads(seen.read_text()) == {
        "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "3", "OMP_NUM_THREADS": "1",
        "TMPDIR": str(tmp_path / "scratch")}
