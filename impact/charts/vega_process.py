"""vl-convert in processes of their own, beside the report that needs its charts.

vl-convert keeps the GIL while it converts: a thread converting charts slows the
caller's Python about as much as it saves (a pure-Python loop ran 7x slower beside one).
A child process gives the conversions a core of their own.  A report uses two: one
turns Vega-Lite into SVG (its JavaScript engine warmed up first), the other rasterises
each SVG to PNG as it arrives, so a chart's PNG is made while the next chart's SVG is
(the PNGs, a third of the work, no longer wait behind the last SVG).

The child imports only ``vl_convert`` (not pandas, altair or this package), registers
the font folder, and answers each request line on its stdin with one line on its
stdout, in order:

- ``{"spec": {...}, "vl_version": "6.4"}`` → ``{"svg": "..."}``, the chart as SVG;
- ``{"svg": "...", "scale": 2}`` → ``{"png": "<base64>"}``, that SVG rasterised;
- a failure → ``{"error": "..."}``.

The bytes are those of converting in the caller's process; the child ends when its
stdin closes (also when the caller is killed).  This file runs as a script
(``python vega_process.py FONT_DIR``), so it imports nothing outside the standard
library at its top.

A batch worker keeps one converter for all the reports it renders in line, so that each
report's kernel does not start a JavaScript engine of its own (0.8-0.9 s of CPU):
:class:`ChartServer` runs ``python vega_process.py --serve SOCKET FONT_DIR``, which
answers the same requests from each client connecting to a Unix socket, one client
after another, and :class:`VegaConnection` is such a client.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections import deque
from concurrent.futures import Future
from pathlib import Path


def serve(font_directory: str, requests, responses) -> None:
    """The child's loop: answer each request line (see the module docstring) until EOF."""
    import vl_convert as vlc

    vlc.register_font_directory(font_directory)
    _answer(vlc, requests, responses)


def _answer(vlc, requests, responses) -> None:
    for line in requests:
        request = json.loads(line)
        try:
            if "svg" in request:
                png = vlc.svg_to_png(request["svg"], scale=request["scale"])
                answer = {"png": base64.b64encode(png).decode("ascii")}
            else:
                answer = {"svg": vlc.vegalite_to_svg(request["spec"],
                                                     vl_version=request.get("vl_version"))}
        except Exception as exc:  # the caller raises it where the chart is needed
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        responses.write(json.dumps(answer) + "\n")
        responses.flush()


def serve_socket(font_directory: str, path: str) -> None:
    """The chart server's loop: listen on the Unix socket ``path`` (saying so on stdout),
    warm the engine up, then answer each client in turn as :func:`serve` answers its
    caller.  It ends, removing ``path``'s folder, when its stdin closes: when the process
    that started it ends, however it ends."""
    import vl_convert as vlc

    # Ctrl-C reaches the whole batch: the server ends with its owner, as below, rather
    # than dying mid-answer and leaving its folder behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen()  # a client connecting from now on waits for the warm-up
    print("listening", flush=True)

    def end_with_owner() -> None:
        sys.stdin.read()
        shutil.rmtree(Path(path).parent, ignore_errors=True)
        os._exit(0)

    threading.Thread(target=end_with_owner, daemon=True).start()
    vlc.register_font_directory(font_directory)
    vlc.vegalite_to_svg(WARM_UP_SPEC)
    while True:
        connection, _ = listener.accept()
        with connection, connection.makefile("r", encoding="utf-8") as requests, \
                connection.makefile("w", encoding="utf-8") as responses:
            try:
                _answer(vlc, requests, responses)
            except OSError:  # the client went away before its answer
                pass


def _start_script(*args: str):
    """This file run as a child (``python vega_process.py ARGS``), talking over its stdin
    and stdout (text, a line at a time); what it prints to stderr is kept in a temporary
    file.  Returns the child and that file."""
    log = tempfile.TemporaryFile()
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                             text=True, encoding="utf-8", bufsize=1)
    return child, log


def _printed(log) -> str:
    """What a child started by :func:`_start_script` has printed to stderr."""
    log.seek(0)
    return log.read().decode("utf-8", "replace").strip()


class _Converter:
    """Requests written to ``writer``, answers read from ``reader`` (the module docstring):
    :meth:`svg` and :meth:`png` return futures.

    Requests are answered in the order they are sent; one thread reads the answers.  If
    the other end goes away, every pending and later future fails, saying how it ended
    (:meth:`_exit_text`).
    """

    def __init__(self, reader, writer):
        self._reader, self._writer = reader, writer
        self._pending: deque[tuple[Future, str]] = deque()
        self._lock = threading.Lock()  # the queue of pending answers and _dead
        # held while a request is written: one writer at a time keeps the queue in the
        # order of the requests.  The reader never takes it, so a writer waiting for room
        # in the child's stdin never stops the answers being read (the child only reads
        # more once it has written its answer).
        self._write_lock = threading.Lock()
        self._dead: str | None = None
        threading.Thread(target=self._read, daemon=True, name="impact-vega-reader").start()

    def svg(self, spec: dict, vl_version: str | None = None) -> Future:
        """Queue the spec's conversion to SVG; a future of the SVG text."""
        return self._send({"spec": spec, "vl_version": vl_version}, "svg")

    def png(self, svg: str, scale: float) -> Future:
        """Queue the SVG's rasterisation (``scale`` x its size); a future of the PNG bytes."""
        return self._send({"svg": svg, "scale": scale}, "png")

    def _send(self, request: dict, kind: str) -> Future:
        future: Future = Future()
        line = json.dumps(request) + "\n"
        with self._write_lock:
            with self._lock:
                dead = self._dead
                if dead is None:
                    self._pending.append((future, kind))
            if dead is None:
                try:
                    self._writer.write(line)
                    self._writer.flush()
                    return future
                except (BrokenPipeError, OSError, ValueError):
                    with self._lock:
                        self._dead = self._dead or self._exit_text()
                        dead = self._dead
                        if (future, kind) not in self._pending:
                            return future  # the reader has already failed it
                        self._pending.remove((future, kind))
        future.set_exception(RuntimeError(dead))
        return future

    def _read(self) -> None:
        try:
            for line in self._reader:
                self._answered(line)
        except (OSError, ValueError):  # the connection reset, or closed here
            pass
        self._ended()
        with self._lock:
            self._dead = self._exit_text()
            while self._pending:
                self._pending.popleft()[0].set_exception(RuntimeError(self._dead))

    def _answered(self, line: str) -> None:
        with self._lock:
            future, kind = self._pending.popleft()
        answer = json.loads(line)
        if "error" in answer:
            future.set_exception(ValueError(answer["error"]))
        elif kind == "png":
            future.set_result(base64.b64decode(answer["png"]))
        else:
            future.set_result(answer["svg"])

    def _ended(self) -> None:
        """Called once the answers have stopped."""

    def _exit_text(self) -> str:
        raise NotImplementedError


class VegaProcess(_Converter):
    """A vl-convert child process of this process's own (see :class:`_Converter`)."""

    def __init__(self, font_directory: str | Path):
        self._child, self._log = _start_script(str(font_directory))
        super().__init__(self._child.stdout, self._child.stdin)

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self._child.pid

    def _ended(self) -> None:
        self._child.wait()

    def _exit_text(self) -> str:
        printed = _printed(self._log).splitlines()
        code = self._child.poll()
        return (f"the chart converter (vl-convert process {self._child.pid}) exited"
                f"{'' if code is None else f' with code {code}'}"
                + (f": {printed[-1]}" if printed else ""))


class VegaConnection(_Converter):
    """A client of a :class:`ChartServer`, over its Unix socket (see :class:`_Converter`);
    raises OSError if nothing listens there."""

    def __init__(self, path: str | Path):
        self._path = str(path)
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.connect(self._path)
        except OSError:
            self._socket.close()
            raise
        super().__init__(self._socket.makefile("r", encoding="utf-8"),
                         self._socket.makefile("w", encoding="utf-8"))

    def close(self) -> None:
        """End the connection: the server goes on to its next client."""
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _exit_text(self) -> str:
        return f"the chart server at {self._path} closed the connection"


class ChartServer:
    """A chart server (:func:`serve_socket`) for this process and its children: started
    here, listening on a socket in a folder of its own (:attr:`path`); it ends when
    :meth:`close` is called or this process ends."""

    def __init__(self, font_directory: str | Path):
        folder = tempfile.mkdtemp(prefix="impact-c-")
        self.path = str(Path(folder) / "charts")
        self._child, self._log = _start_script("--serve", self.path, str(font_directory))
        if self._child.stdout.readline().strip() != "listening":  # it could not start
            self.close()
            raise RuntimeError(f"the chart server did not start: {_printed(self._log)}")

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self._child.pid

    def close(self) -> None:
        """Stop the server; it removes its folder as it ends."""
        if self._child.poll() is None:
            self._child.stdin.close()
            try:
                self._child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.wait()
        shutil.rmtree(Path(self.path).parent, ignore_errors=True)


# the environment variable naming a kernel's chart server (its socket)
CHART_SERVER_ENV = "IMPACT_CHART_SERVER"


def given_server() -> str | None:
    """The socket of the chart server this process was given (:data:`CHART_SERVER_ENV`,
    set for a batch's kernels), or None."""
    return os.environ.get(CHART_SERVER_ENV) or None

# a one-point chart without a schema (vl-convert's default Vega-Lite version): converting
# it loads what every chart needs, the JavaScript engine, Vega-Lite and the fonts
WARM_UP_SPEC = {"data": {"values": [{"x": 1}]}, "mark": "point",
                "encoding": {"x": {"field": "x", "type": "quantitative"}}}
ROLES = ("svg", "png")
_shared: dict[str, VegaProcess] = {}
_shared_lock = threading.Lock()


def shared_process(font_directory: str | Path, role: str = "svg") -> VegaProcess:
    """This process's chart process for ``role``, started on first use: ``"svg"``
    converts Vega-Lite (warmed up with :data:`WARM_UP_SPEC` as it starts), ``"png"``
    rasterises SVGs (it needs no warming: rasterising loads only the fonts).

    Starting one needs neither altair nor vl-convert here, so a report can start both
    before it imports them.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    with _shared_lock:
        if role not in _shared:
            _shared[role] = VegaProcess(font_directory)
            if role == "svg":
                _shared[role].svg(WARM_UP_SPEC)
        return _shared[role]


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve_socket(sys.argv[3], sys.argv[2])
    else:
        serve(sys.argv[1], sys.stdin, sys.stdout)
