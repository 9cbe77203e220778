"""A minimal HTTP/1.1 server for the simulator's ASGI app, on asyncio streams: the standard library only.

Enough HTTP for the clients the simulator serves: Content-Length request bodies (no chunked uploads), keep-alive,
pipelined requests answered in order. :class:`ConnectionDropped` from the app closes the connection mid-answer, as
uvicorn does, so the client sees a broken response; any other error is a 500, or a closed connection once the answer
has begun. Loopback use only: it is a test double's server, not a web server.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import logging
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast
from urllib.parse import unquote

from ._asgi import MAX_BODY, ConnectionDropped, Message, Receive, Scope, Send, body_limit

__all__ = ["MAX_HEAD", "ASGIApp", "StdlibServer"]

ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
MAX_HEAD = 64 * 1024  # the request line and headers, in bytes
_KEEP_ALIVE = 30.0  # seconds an idle connection stays open (uvicorn's setting in SimulatorServer)
_LINGER = 2.0  # seconds spent reading what follows a refused request, so the client reads the refusal
_LINGER_BYTES = 16 * MAX_BODY

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_TARGET = re.compile(rb"/[\x21-\x7e]*")
_BAD_VALUE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_LENGTH = re.compile(rb"[0-9]{1,18}")
_VERSIONS = {b"HTTP/1.1": "1.1", b"HTTP/1.0": "1.0"}
_ASGI = {"version": "3.0", "spec_version": "2.3"}

log = logging.getLogger("evolink_images.simulator")


class _Refusal(Exception):  # noqa: N818 - an answer, not a failure of the server
    """A request answered by the server itself, before the app sees it; the connection closes after."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


@dataclass(frozen=True, slots=True)
class _Request:
    """A parsed request head."""

    method: str
    target: bytes
    version: str
    headers: list[tuple[bytes, bytes]]
    length: int
    keep_alive: bool


# ---------------------------------------------------------------------------------------------------- parsing
def _parse_head(head: bytes) -> _Request:
    """The request in *head* (request line and headers, up to the blank line); :class:`_Refusal` if malformed."""
    request_line, *fields = head.removesuffix(b"\r\n\r\n").split(b"\r\n")
    parts = request_line.split(b" ")
    if len(parts) != 3 or not _TOKEN.fullmatch(parts[0]) or not _TARGET.fullmatch(parts[1]):
        raise _Refusal(400, "malformed request line")
    method, target, version = parts
    if version not in _VERSIONS:
        raise _Refusal(505 if version.startswith(b"HTTP/") else 400, "unsupported HTTP version")
    headers = [_field(line) for line in fields]
    http_version = _VERSIONS[version]
    path = target.partition(b"?")[0].decode("latin-1")
    length, keep_alive = _length(headers, body_limit(path)), _keep_alive(http_version, headers)
    return _Request(method.decode("ascii"), target, http_version, headers, length, keep_alive)


def _field(line: bytes) -> tuple[bytes, bytes]:
    """One ``name: value`` header line, the name lowercased; folded lines and stray control bytes are refused."""
    name, colon, value = line.partition(b":")
    value = value.strip(b" \t")
    if not colon or not _TOKEN.fullmatch(name) or _BAD_VALUE.search(value):
        raise _Refusal(400, "malformed header")
    return name.lower(), value


def _length(headers: list[tuple[bytes, bytes]], limit: int = MAX_BODY) -> int:
    """The body's length from Content-Length: 0 without one; no chunked bodies; *limit* at most."""
    if any(name == b"transfer-encoding" for name, _ in headers):
        raise _Refusal(411, "chunked request bodies are not supported: send Content-Length")
    values = {value for name, value in headers if name == b"content-length"}
    if not values:
        return 0
    value = values.pop()
    if values or not _LENGTH.fullmatch(value):
        raise _Refusal(400, "malformed Content-Length")
    if int(value) > limit:
        raise _Refusal(413, "request body too large")
    return int(value)


def _keep_alive(version: str, headers: list[tuple[bytes, bytes]]) -> bool:
    """HTTP/1.1 keeps the connection unless told ``Connection: close``; HTTP/1.0 is served one request a connection."""
    options = {token.strip().lower() for name, value in headers if name == b"connection" for token in value.split(b",")}
    return version == "1.1" and b"close" not in options


def _head_bytes(status: int, headers: list[tuple[bytes, bytes]]) -> bytes:
    """A response's status line and headers; header names or values that would split the head are an error."""
    try:
        reason = http.HTTPStatus(status).phrase.encode("ascii")
    except ValueError:
        reason = b""
    lines = [b"HTTP/1.1 %d %s" % (status, reason)]
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or _BAD_VALUE.search(value):
            raise ValueError(f"invalid response header {name!r}: {value!r}")
        lines.append(name + b": " + value)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _plain(status: int, text: str) -> bytes:
    """A complete text/plain response that closes the connection."""
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"%d" % len(body))]
    return _head_bytes(status, [*headers, (b"connection", b"close")]) + body


# ---------------------------------------------------------------------------------------------------- responses
class _Response:
    """The ASGI ``send`` for one request: writes the head at ``http.response.start`` and the body as it comes."""

    def __init__(self, writer: asyncio.StreamWriter, *, keep_alive: bool, head_only: bool) -> None:
        self.writer = writer
        self.keep_alive = keep_alive
        self.head_only = head_only
        self.started = False
        self.complete = False

    async def send(self, message: Message) -> None:
        """Write what *message* carries."""
        if message["type"] == "http.response.start" and not self.started:
            self._start(message)
        elif message["type"] == "http.response.body" and self.started and not self.complete:
            await self._body(message)
        else:
            raise RuntimeError(f"unexpected ASGI message {message['type']!r}")

    def _start(self, message: Message) -> None:
        headers = list(message.get("headers", []))
        names = {name.lower() for name, _ in headers}
        self.keep_alive = self.keep_alive and b"content-length" in names  # no length: the close ends the body
        if not self.keep_alive and b"connection" not in names:
            headers.append((b"connection", b"close"))
        self.writer.write(_head_bytes(int(message["status"]), headers))
        self.started = True

    async def _body(self, message: Message) -> None:
        body = message.get("body", b"")
        if body and not self.head_only:
            self.writer.write(body)
        self.complete = not message.get("more_body", False)
        await self.writer.drain()


# ---------------------------------------------------------------------------------------------------- connections
class _Connection:
    """One client connection: requests read and answered in turn until either side closes."""

    def __init__(self, app: ASGIApp, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.app = app
        self.reader = reader
        self.writer = writer
        self.server = _address(writer.get_extra_info("sockname"))
        self.client = _address(writer.get_extra_info("peername"))

    async def run(self) -> None:
        """Serve requests until the client closes, asks to, or an answer is cut short."""
        with contextlib.suppress(OSError):
            while True:
                try:
                    request = await self._request()
                except _Refusal as refusal:
                    await self._refuse(refusal)
                    return
                if request is None or not await self._answer(*request):
                    return

    async def _request(self) -> tuple[_Request, bytes] | None:
        """The next request and its body; None when the client closed or stayed idle too long."""
        try:
            async with asyncio.timeout(_KEEP_ALIVE):
                request = _parse_head(await self.reader.readuntil(b"\r\n\r\n"))
                return request, await self.reader.readexactly(request.length)
        except asyncio.LimitOverrunError:
            raise _Refusal(431, "request header fields too large") from None
        except (asyncio.IncompleteReadError, TimeoutError):
            return None

    async def _answer(self, request: _Request, body: bytes) -> bool:
        """Run the app on *request*; whether the connection can carry another one."""
        response = _Response(self.writer, keep_alive=request.keep_alive, head_only=request.method == "HEAD")
        done = asyncio.Event()

        async def receive() -> Message:
            if not done.is_set():
                done.set()
                return {"type": "http.request", "body": body, "more_body": False}
            never: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
            return await never  # the whole body came at once: nothing more to receive until the task ends

        try:
            await self.app(self._scope(request), receive, response.send)
        except (ConnectionDropped, ConnectionError):
            return False
        except Exception:
            log.exception("the simulator app failed on %s %r", request.method, request.target)
            if not response.started:
                self.writer.write(_plain(500, "Internal Server Error"))
            return False
        if not response.started:
            self.writer.write(_plain(500, "Internal Server Error"))
        return response.complete and response.keep_alive

    def _scope(self, request: _Request) -> Scope:
        path, _, query = request.target.partition(b"?")
        return {
            "type": "http", "asgi": _ASGI, "http_version": request.version, "method": request.method,
            "scheme": "http", "path": unquote(path.decode("ascii")), "raw_path": path, "query_string": query,
            "root_path": "", "headers": request.headers, "server": self.server, "client": self.client,
        }  # fmt: skip

    async def _refuse(self, refusal: _Refusal) -> None:
        """Answer *refusal*, then read (and drop) what the client still sends for a while, so it reads the answer."""
        self.writer.write(_plain(refusal.status, refusal.text))
        await self.writer.drain()
        if self.writer.can_write_eof():
            self.writer.write_eof()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(_LINGER):
                left = _LINGER_BYTES
                while left > 0 and (chunk := await self.reader.read(65536)):
                    left -= len(chunk)


def _address(name: object) -> tuple[str, int] | None:
    """``(host, port)`` from a socket name (IPv6 names carry more)."""
    return (str(name[0]), int(name[1])) if isinstance(name, tuple) else None


# ---------------------------------------------------------------------------------------------------- the server
class StdlibServer:
    """Serve *app* on an already-bound socket: :meth:`start` in a daemon thread, or :meth:`serve_forever` here.

    ``accepted`` counts the connections accepted so far.
    """

    def __init__(self, app: ASGIApp, sock: socket.socket) -> None:
        self.app = app
        self.accepted = 0
        self._socket = sock
        self._started = threading.Event()
        self._done = threading.Event()
        self._serving: int | None = None  # the serving thread's id
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}
        self._thread = threading.Thread(target=self.serve_forever, name="evolink-simulator", daemon=True)

    def start(self, timeout: float = 10.0) -> bool:
        """Serve from a daemon thread; whether it accepts connections within *timeout* seconds."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._started.wait(0.01):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                return False
        return True

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` (or Ctrl-C, in the main thread)."""
        self._serving = threading.get_ident()
        try:
            asyncio.run(self._serve())
        finally:
            self._done.set()

    def stop(self) -> None:
        """Close the listening socket and every connection, and wait until serving has ended."""
        loop, stopping = self._loop, self._stopping
        if loop is None or stopping is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop has already ended
            loop.call_soon_threadsafe(stopping.set)
        if self._serving != threading.get_ident():
            self._done.wait(timeout=10)

    async def _serve(self) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(
            self._connection, sock=self._socket, limit=MAX_HEAD, backlog=socket.SOMAXCONN
        )
        try:
            self._started.set()
            await self._stopping.wait()
        finally:
            server.close()
            for task, writer in list(self._connections.items()):
                writer.close()
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one accepted connection (asyncio sets TCP_NODELAY on it, as the listening socket has)."""
        task = cast("asyncio.Task[None]", asyncio.current_task())  # start_server runs each in a task
        self._connections[task] = writer
        self.accepted += 1
        try:
            await _Connection(self.app, reader, writer).run()
        except asyncio.CancelledError:
            pass  # stopping: ended here, for Python 3.11's start_server chokes on a cancelled connection task
        finally:
            del self._connections[task]
            writer.close()
