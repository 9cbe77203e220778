"""The simulator as an ASGI application: served by uvicorn or the standard-library server, and used by schemathesis."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .._catalogue import FILES
from ._core import SimRequest, Simulator
from ._files import UPLOAD_PREFIX

__all__ = [
    "MAX_BODY",
    "MAX_UPLOAD_BODY",
    "ConnectionDropped",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "SimulatorApp",
    "body_limit",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
MAX_BODY = 1024 * 1024
# An upload's body: the largest file the files service takes, as base64 (4/3 of it), with room for the rest.
MAX_UPLOAD_BODY = int(FILES["max_bytes"]) * 4 // 3 + MAX_BODY


def body_limit(path: str) -> int:
    """The largest request body the server reads for *path*: an upload's may be large, any other is small."""
    return MAX_UPLOAD_BODY if path.startswith(UPLOAD_PREFIX) else MAX_BODY


class ConnectionDropped(Exception):  # noqa: N818 - named for what the client sees
    """Raised mid-response to make the server abort the connection (the ``drop`` fault)."""


class SimulatorApp:
    """An ASGI app that answers from a :class:`Simulator`."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request (lifespan events are acknowledged)."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before its request was whole: like any server, act on no part of it
            body += message.get("body", b"")
            if len(body) > body_limit(scope["path"]):
                await _plain(send, 413, b"request body too large")
                return
            if not message.get("more_body"):
                break
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        host = headers.get("host") or "{}:{}".format(*scope.get("server") or ("127.0.0.1", 80))
        request = SimRequest(scope["method"], scope["path"], headers, bytes(body), f"{scope['scheme']}://{host}")
        response = self.simulator.handle(request)
        if response.delay:
            await asyncio.sleep(response.delay)
        raw_headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers.items()]
        raw_headers.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": raw_headers})
        if response.drop:
            # The status line went out but the body never will: the server closes the connection mid-answer.
            raise ConnectionDropped("simulated connection drop after the request was read")
        if response.truncate:
            await send(
                {"type": "http.response.body", "body": response.body[: len(response.body) // 2], "more_body": True}
            )
            raise ConnectionDropped("simulated truncated answer")
        await send({"type": "http.response.body", "body": response.body})


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
