"""The shared simulator's own process: it serves, says where it is, and stops once nobody has asked for a while.

Started by :func:`~evolink_images.simulator._shared.ensure_shared` as ``python -m evolink_images simulator --shared``,
in a session of its own, on the standard library's server (it starts faster than uvicorn). It answers EvoLink's API as
any simulator does, and ``GET /_simulator`` (not EvoLink's: its own) with its pid, URL, speed, idle time and stats, by
which a command knows it is the one the state file names (``GET /_simulator?use``, from a command about to use it,
counts as a request). It writes the state file once it listens, and removes it
when it stops: after *idle_timeout* seconds without a request (its own status reads do not count), or on SIGTERM
(``evolink-images simulator --stop``).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from types import FrameType
from typing import Any

import attrs

from ._asgi import Receive, Scope, Send, SimulatorApp
from ._core import Simulator
from ._home import SharedState, remove_state, write_state
from ._server import LOOPBACK, bound_socket
from ._stdlib_server import ASGIApp, StdlibServer

__all__ = ["STATUS_PATH", "USE_QUERY", "serve_shared"]

STATUS_PATH = "/_simulator"
USE_QUERY = b"use"


class _Watched:
    """The simulator's app, timing the last request, with the status route beside it."""

    def __init__(self, app: ASGIApp, state: SharedState, simulator: Simulator) -> None:
        self.app = app
        self.state = state
        self.simulator = simulator
        self.last = time.monotonic()

    def status(self) -> dict[str, Any]:
        """What ``GET /_simulator`` answers."""
        self.simulator.settle()
        return {
            **attrs.asdict(self.state),
            "idle_for": round(time.monotonic() - self.last, 3),
            "stats": attrs.asdict(self.simulator.stats),
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == STATUS_PATH:
            if scope.get("query_string") == USE_QUERY:  # a command about to use it: that counts as a request
                self.last = time.monotonic()
            body = json.dumps(self.status()).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http":
            self.last = time.monotonic()
        await self.app(scope, receive, send)


class _Stop(Exception):  # noqa: N818 - a signal, not a failure
    """SIGTERM arrived: stop serving."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def serve_shared(simulator: Simulator, home: Path, *, port: int, speed: float, idle_timeout: float) -> None:
    """Serve *simulator* on 127.0.0.1:*port* as the shared simulator of *home*, until idle or told to stop.

    Raises:
        OSError: when the port cannot be bound.
    """
    sock = bound_socket(LOOPBACK, port)
    host, bound = sock.getsockname()[:2]
    state = SharedState(
        pid=os.getpid(), url=f"http://{host}:{bound}", speed=speed, started=time.time(), idle_timeout=idle_timeout
    )
    app = _Watched(SimulatorApp(simulator), state, simulator)
    server = StdlibServer(app, sock)
    signal.signal(signal.SIGTERM, _stop)
    try:
        if not server.start():
            raise OSError(f"the simulator did not start on {state.url}")
        write_state(home, state)
        tick = min(1.0, idle_timeout / 4)
        while time.monotonic() - app.last < idle_timeout:
            time.sleep(tick)
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        remove_state(home, state.pid)  # first: from now on, nobody is sent here
        server.stop()
        sock.close()
