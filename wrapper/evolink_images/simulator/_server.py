"""The simulator on a real loopback socket: uvicorn in a background thread (needs the ``sim`` extra)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Self

from ._asgi import SimulatorApp
from ._core import Simulator

__all__ = ["LOOPBACK", "SimulatorServer"]

LOOPBACK = "127.0.0.1"


class SimulatorServer:
    """Serve a :class:`Simulator` on ``http://127.0.0.1:<port>`` from a daemon thread.

    Use it as a context manager; ``port=0`` picks a free port. ``url`` is the base URL to give a client.
    """

    def __init__(self, simulator: Simulator | None = None, *, port: int = 0, host: str = LOOPBACK) -> None:
        try:
            import uvicorn  # noqa: PLC0415 - optional: only the server needs it
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError("the simulator server needs uvicorn: pip install 'evolink-images[sim]'") from exc
        self.simulator = simulator or Simulator()
        self._app = SimulatorApp(self.simulator)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it, a response written in two parts waits out the client's
        # delayed ACK (40 ms a request on Linux).
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(
            self._app, log_level="critical", access_log=False, lifespan="off", timeout_keep_alive=30
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

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
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the simulator did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI's ``simulator`` command)."""
        self._server.run(sockets=[self._socket])

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
