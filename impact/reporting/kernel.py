"""The kernel a report runs in: started over local sockets, ready without a fixed wait,
killed without a fixed wait.

jupyter_client waits in two places for time to pass rather than for an event: a new
client reads the kernel's broadcasts (IOPub) until they have been quiet for 0.2 s, and a
killed kernel is looked at every 0.1 s until it is gone.  Nothing else runs meanwhile,
so in a batch these were about 0.3 s of an idle core a report.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
from queue import Empty


def kernel_manager_class(socket_dir: str):
    """The kernel manager a report starts its kernel with.

    On POSIX it talks over local sockets (IPC) in ``socket_dir``: local-only (the folder
    is private to this user), parallel runs cannot collide, and the kernel does not warn
    about unencrypted TCP for every report.  Its clients are :func:`ready_client_class`.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class ReportKernelManager(AsyncKernelManager):
        @default("client_factory")
        def _client_factory_default(self):
            return ready_client_class()

        if os.name == "posix":
            @default("transport")
            def _transport_default(self):
                return "ipc"

            @default("ip")
            def _ip_default(self):
                return os.path.join(socket_dir, "kernel")

    return ReportKernelManager


def ready_client_class():
    """An asynchronous kernel client ready as soon as the kernel has answered on both its
    request channel and its broadcasts (IOPub).

    jupyter_client's own ``wait_for_ready`` then reads IOPub on until it has been quiet
    for 0.2 s, to drop the messages of its own request.  nbclient, which runs the
    notebook, reads only the messages of the cells it sends, so they may stay unread.
    """
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client import protocol_version_info

    class ReadyClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (math.inf if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    reply = None
                if reply is not None and reply["msg_type"] == "kernel_info_reply":
                    try:
                        # the kernel's status for this request shows IOPub is connected
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        version = int(reply["content"]["protocol_version"].split(".")[0])
                        if version != protocol_version_info[0]:
                            self.session.adapt_version = version
                        return
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    return ReadyClient


# A report's kernel keeps its linear algebra to one thread.  Its one large product (the
# tornado chart's rank correlations) is exact in float64 whatever the thread count, so
# no figure changes; but OpenBLAS's threads spin while they wait for work, and in a
# two-worker batch each kernel's second thread took the other worker's core: 0.24 s of
# CPU a report (3.22 s against 2.98 s), for no gain in a report alone.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def kernel_environment(environ: dict, **settings: str) -> dict:
    """The environment a report's kernel starts with: ``environ``, the thread counts of
    :data:`ONE_THREAD` where ``environ`` sets none of its own, and ``settings``."""
    return {**ONE_THREAD, **environ, **settings}


def kill_kernel(kernel) -> None:
    """Kill a kernel started by :func:`kernel_manager_class`, if it still runs, and free
    its resources (its sockets and connection file).

    A local kernel's process is killed and waited for here, so the manager finds it gone
    at its first look instead of looking again 0.1 s later."""
    from jupyter_core.utils import run_sync
    if not kernel.has_kernel:
        return
    process = getattr(kernel.provisioner, "process", None)  # a local kernel's Popen
    if process is not None and process.poll() is None:
        process.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass  # the manager waits and warns in its turn
    run_sync(kernel.shutdown_kernel)(now=True)
