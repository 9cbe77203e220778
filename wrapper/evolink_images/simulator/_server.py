"""The simulator on a real loopback socket, served from a background thread (or the calling one, for the CLI).

Two servers can serve it, with the same answers: uvicorn when it is installed (the ``sim`` extra), else a small
standard-library HTTP/1.1 server (:mod:`._stdlib_server`), so a plain ``pip install evolink-images`` runs it too.
``backend=`` picks one: ``"auto"`` (uvicorn if importable), ``"uvicorn"`` or ``"stdlib"``.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Literal, Protocol, Self, get_args

from ._asgi import SimulatorApp
from ._core import Simulator
from ._stdlib_server import StdlibServer

__all__ = ["BACKENDS", "LOOPBACK", "Backend", "SimulatorServer", "bound_socket"]

LOOPBACK = "127.0.0.1"
Backend = Literal["auto", "uvicorn", "stdlib"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)


class _Serving(Protocol):
    def start(self, timeout: float) -> bool: ...
    def stop(self) -> None: ...
    def serve_forever(self) -> None: ...


class SimulatorServer:
    """Serve a :class:`Simulator` on ``http://127.0.0.1:<port>`` from a daemon thread.

    Use it as a context manager; ``port=0`` picks a free port. ``url`` is the base URL to give a client, ``backend``
    the server that answers: ``"uvicorn"`` or ``"stdlib"``.
    """

    def __init__(
        self, simulator: Simulator | None = None, *, port: int = 0, host: str = LOOPBACK, backend: Backend = "auto"
    ) -> None:
        self.backend: Literal["uvicorn", "stdlib"] = _resolve(backend)
        self.simulator = simulator or Simulator()
        self._app = SimulatorApp(self.simulator)
        self._socket = bound_socket(host, port)
        self.host, self.port = self._socket.getsockname()[:2]
        server = _Uvicorn if self.backend == "uvicorn" else StdlibServer
        self._server: _Serving = server(self._app, self._socket)

    def use(self, simulator: Simulator) -> Simulator:
        """Serve *simulator* from now on (a fresh one per test, without restarting the server); returns it."""
        self.simulator = self._app.simulator = simulator
        return simulator

    @property
    def url(self) -> str:
        """The base URL clients should use."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> Self:
        """Start serving; returns once the server accepts connections."""
        if not self._server.start(timeout):
            raise RuntimeError(f"the simulator did not start on {self.url}")
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.stop()
        self._socket.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI's ``simulator`` command)."""
        self._server.serve_forever()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _resolve(backend: str) -> Literal["uvicorn", "stdlib"]:
    """The server *backend* names: ``"auto"`` is uvicorn when it can be imported, else the standard library's."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "stdlib":
        return "stdlib"
    try:
        import uvicorn  # noqa: F401, PLC0415 - optional: the sim extra
    except ImportError as exc:
        if backend == "auto":
            return "stdlib"
        raise RuntimeError(
            "the uvicorn backend needs uvicorn: pip install uvicorn (in a clone: pip install '.[sim]')"
        ) from exc
    return "uvicorn"


def bound_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to *host*:*port*, not yet listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it, a response written in two parts waits out the client's
        # delayed ACK (40 ms a request on Linux).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class _Uvicorn:
    """uvicorn serving *app* on the bound socket."""

    def __init__(self, app: SimulatorApp, sock: socket.socket) -> None:
        import uvicorn  # noqa: PLC0415 - optional: the sim extra

        config = uvicorn.Config(app, log_level="critical", access_log=False, lifespan="off", timeout_keep_alive=30)
        self._server = uvicorn.Server(config)
        self._socket = sock
        self._serving, self._done = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def start(self, timeout: float) -> bool:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def stop(self) -> None:
        self._server.should_exit = True
        if self._serving.is_set():
            self._done.wait(timeout=10)

    def serve_forever(self) -> None:
        self._serving.set()
        try:
            self._server.run(sockets=[self._socket])
        finally:
            self._done.set()
