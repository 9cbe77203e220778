"""SimulatorServer on both of its servers, uvicorn and the standard library's, held to the same answers.

The real clients run against each over loopback: generations, downloads, connection reuse, concurrency, the
``drop`` and ``truncate`` faults; raw sockets check the HTTP the clients never send (malformed requests, huge bodies).
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
from evolink_images.cli import main
from evolink_images.simulator import Fault, Simulator, SimulatorApp, SimulatorConfig, SimulatorServer
from evolink_images.simulator._asgi import MAX_BODY, Message, Receive, Scope, Send
from evolink_images.simulator._server import LOOPBACK
from evolink_images.simulator._stdlib_server import MAX_HEAD, StdlibServer

from tests.simulated import FAST, png_size

BACKENDS = ["uvicorn", "stdlib"]
AUTH = {"Authorization": "Bearer any"}
CREATE = "/v1/images/generations"


@pytest.fixture(scope="module", params=BACKENDS)
def live(request: pytest.FixtureRequest) -> Iterator[SimulatorServer]:
    """One server per backend for the module."""
    with SimulatorServer(Simulator(FAST), backend=request.param) as server:
        assert server.backend == request.param
        yield server


@pytest.fixture
def server(live: SimulatorServer) -> SimulatorServer:
    """The backend's server, serving a fresh simulator."""
    live.use(Simulator(FAST))
    return live


@pytest.fixture
def client(server: SimulatorServer) -> Iterator[ei.EvoLink]:
    with ei.EvoLink(api_key="any", base_url=server.url) as evolink:
        yield evolink


@pytest.fixture
def peers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The client address of every HTTP request the app serves, as the server saw it: one per connection used."""
    seen: list[tuple[str, int]] = []
    serve = SimulatorApp.__call__

    async def recording(app: SimulatorApp, scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(tuple(scope["client"]))
        await serve(app, scope, receive, send)

    monkeypatch.setattr(SimulatorApp, "__call__", recording)
    return seen


def exchange(server: SimulatorServer, data: bytes) -> bytes:
    """Send *data* on a fresh connection and read everything until the server closes it."""
    with socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(data)
        return b"".join(iter(lambda: conn.recv(65536), b""))


def get(path: str, *headers: str) -> bytes:
    """A raw GET request for *path*."""
    return "\r\n".join([f"GET {path} HTTP/1.1", "Host: sim", *headers, "", ""]).encode()


# ---------------------------------------------------------------------------------------------- end to end
def test_a_generation_end_to_end_with_its_download(client: ei.EvoLink, server: SimulatorServer, tmp_path: Path) -> None:
    task = client.generate("nano-banana", "a cat on a windowsill", poll_interval=0.05)
    (path,) = client.download(task, tmp_path)
    assert task.status == "completed" and png_size(path) == (512, 512)
    assert server.simulator.stats.tasks_created == 1


def test_the_async_client_end_to_end(server: SimulatorServer, tmp_path: Path) -> None:
    async def run() -> list[Path]:
        async with ei.AsyncEvoLink(api_key="any", base_url=server.url) as client:
            task = await client.generate("nano-banana", "a cat", poll_interval=0.05)
            return await client.download(task, tmp_path)

    (path,) = asyncio.run(run())
    assert png_size(path) == (512, 512)


def test_concurrent_async_generations(live: SimulatorServer, tmp_path: Path) -> None:
    server = live
    server.use(Simulator(SimulatorConfig(speed=200)))

    async def run() -> list[list[Path]]:
        async with ei.AsyncEvoLink(api_key="any", base_url=server.url) as client:

            async def one(n: int) -> list[Path]:
                task = await client.generate("nano-banana", f"study {n}", poll_interval=0.05)
                return await client.download(task, tmp_path)

            return await asyncio.gather(*(one(n) for n in range(50)))

    files = asyncio.run(run())
    assert sum(map(len, files)) == 50 and len({path for (path,) in files}) == 50
    assert server.simulator.stats.tasks_created == 50


# ---------------------------------------------------------------------------------------------- connections
def test_sequential_requests_reuse_one_connection(
    client: ei.EvoLink, server: SimulatorServer, peers: list[tuple[str, int]]
) -> None:
    accepted = server._server.accepted if isinstance(server._server, StdlibServer) else None
    task = client.submit("nano-banana", "a cat")
    for _ in range(200):
        client.get_task(task.id)
    assert len(peers) == 201
    assert len(set(peers)) == 1, "every request on the one keep-alive connection"
    if isinstance(server._server, StdlibServer):
        assert server._server.accepted - accepted == 1
    # The count tells connections apart: a fresh client each time is a fresh connection each time.
    for _ in range(3):
        httpx.get(f"{server.url}/v1/tasks/{task.id}", headers=AUTH)
    assert len(set(peers)) == 4


def test_connection_close_is_honoured(server: SimulatorServer) -> None:
    answer = exchange(server, get("/v1/tasks/x", "Connection: close"))  # returns only once the server closes
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 401 ") and b"connection: close" in head.lower()
    assert b"content-length: %d" % len(body) in head.lower(), "the whole answer came before the close"


def test_pipelined_requests_are_answered_in_order(server: SimulatorServer) -> None:
    answer = exchange(server, get("/v1/tasks/x") + get("/nowhere", "Authorization: Bearer k", "Connection: close"))
    assert answer.count(b"HTTP/1.1 ") == 2
    assert answer.index(b"HTTP/1.1 401 ") < answer.index(b"HTTP/1.1 404 ")


# ---------------------------------------------------------------------------------------------- faults
@pytest.mark.parametrize("kind", ["drop", "truncate"])
def test_broken_answers_reach_the_client_as_broken(client: ei.EvoLink, server: SimulatorServer, kind: str) -> None:
    task = client.submit("nano-banana", "a cat")
    server.simulator.faults.add(Fault(kind=kind, route="task"))
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        httpx.get(f"{server.url}/v1/tasks/{task.id}", headers=AUTH)
    server.simulator.faults.add(Fault(kind=kind, route="task"))
    with pytest.raises(ei.APIConnectionError, match="RemoteProtocolError"):
        ei.EvoLink(api_key="any", base_url=server.url, max_retries=0).get_task(task.id)
    assert client.get_task(task.id).id == task.id, "the connection pool recovers"


def test_a_dropped_create_is_reported_as_possibly_created(client: ei.EvoLink, server: SimulatorServer) -> None:
    server.simulator.faults.add(Fault(kind="drop", route="create"))
    with pytest.raises(ei.APIConnectionError) as caught:
        client.submit("nano-banana", "a cat")
    assert caught.value.outcome_unknown
    assert server.simulator.stats.tasks_created == 1


@pytest.mark.parametrize("kind", ["drop", "truncate"])
def test_a_broken_download_is_a_download_error(
    client: ei.EvoLink, server: SimulatorServer, tmp_path: Path, kind: str
) -> None:
    task = client.generate("nano-banana", "a cat", poll_interval=0.05)
    server.simulator.faults.add(Fault(kind=kind, route="file"))
    with (
        ei.EvoLink(api_key="any", base_url=server.url, max_retries=0) as once,
        pytest.raises(ei.DownloadError, match="without sending complete message body"),
    ):
        once.download(task, tmp_path / "first")
    assert not (tmp_path / "first").exists() or not list((tmp_path / "first").iterdir())
    (path,) = client.download(task, tmp_path / "second")
    assert png_size(path) == (512, 512)


def test_an_app_error_is_a_500(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(request: Any) -> Any:
        raise RuntimeError("a bug in the simulator")

    monkeypatch.setattr(server.simulator, "handle", explode)
    assert httpx.get(f"{server.url}/v1/tasks/x", headers=AUTH).status_code == 500


# ---------------------------------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(b"GARBAGE\r\n\r\n", id="request-line"),
        pytest.param(b"GET /v1/tasks/x HTTP/1.1\r\nHost: sim\r\nno colon\r\n\r\n", id="header-without-colon"),
        pytest.param(b"GET /v1/tasks/x HTTP/1.1\r\nHost : sim\r\n\r\n", id="space-before-colon"),
        pytest.param(b"POST /v1/images/generations HTTP/1.1\r\nContent-Length: abc\r\n\r\n", id="length-abc"),
        pytest.param(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", id="two-lengths"),
    ],
)
def test_malformed_requests_get_400(server: SimulatorServer, request_bytes: bytes) -> None:
    assert exchange(server, request_bytes).startswith(b"HTTP/1.1 400 ")
    assert server.simulator.stats.requests == 0


def test_a_body_at_the_limit_is_read_whole(server: SimulatorServer) -> None:
    start, end = b'{"model": "nano-banana-beta", "prompt": "', b'"}'
    body = start + b"a" * (MAX_BODY - len(start) - len(end)) + end
    assert len(body) == MAX_BODY
    response = httpx.post(server.url + CREATE, content=body, headers=AUTH)
    assert response.status_code == 400 and "prompt" in response.text, "the simulator read it: too long a prompt"


def _cut_off_create(server: SimulatorServer) -> None:
    """A create whose sender dies mid-body: headers and a part of its body, then the connection closes."""
    body = b'{"model": "nano-banana-beta", "prompt": "a lighthouse at dawn"}'
    head = f"POST {CREATE} HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer any\r\nContent-Length: {len(body)}\r\n\r\n"
    with socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(head.encode() + body[:20])
        conn.shutdown(socket.SHUT_WR)
        b"".join(iter(lambda: conn.recv(65536), b""))  # until the server closes it


def test_a_request_cut_off_mid_body_is_not_acted_on(server: SimulatorServer) -> None:
    """As from a process killed mid-send: no task, no 400 for a half body, and no create counted as received."""
    _cut_off_create(server)
    httpx.get(server.url + "/v1/tasks/none", headers=AUTH)  # the connection above is done with once this is answered
    stats = server.simulator.stats
    assert (stats.create_requests, stats.creates_received, stats.rejected, stats.tasks_created) == (0, 0, 0, 0)


def test_without_the_disconnect_check_the_half_body_is_refused_as_a_create(
    server: SimulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard matters (uvicorn tells the app of the disconnect; the stdlib server never hands it a half body)."""
    if server.backend != "uvicorn":
        pytest.skip("the stdlib server reads a whole body before it calls the app")
    serve = SimulatorApp.__call__

    async def deaf(app: SimulatorApp, scope: Scope, receive: Receive, send: Send) -> None:
        async def no_disconnect() -> Message:
            message = await receive()
            if message["type"] == "http.disconnect":  # read as the end of the body, as the app did before
                return {"type": "http.request", "body": b"", "more_body": False}
            return message

        await serve(app, scope, no_disconnect, send)

    monkeypatch.setattr(SimulatorApp, "__call__", deaf)
    _cut_off_create(server)
    httpx.get(server.url + "/v1/tasks/none", headers=AUTH)
    assert (server.simulator.stats.creates_received, server.simulator.stats.rejected) == (1, 1)


def test_a_body_over_the_limit_gets_413(server: SimulatorServer) -> None:
    response = httpx.post(server.url + CREATE, content=bytes(2 * MAX_BODY), headers=AUTH)
    assert (response.status_code, response.text) == (413, "request body too large")
    assert server.simulator.stats.creates_received == 0


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        pytest.param(b"POST / HTTP/1.1\r\nContent-Length: 1000000000000\r\n\r\n{}", 413, id="absurd-length"),
        pytest.param(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 411, id="chunked"),
        pytest.param(get("/", "X-Big: " + "a" * MAX_HEAD), 431, id="huge-header"),
        pytest.param(b"GET / HTTP/2.0\r\n\r\n", 505, id="http-2"),
        pytest.param(b"GET / HTTP/1.1\r\nX-Evil: a\x00b\r\n\r\n", 400, id="nul-in-header"),
    ],
)
def test_the_stdlib_server_refuses_early(request_bytes: bytes, status: int) -> None:
    """What uvicorn would wait for, or accept: refused before the app sees it, and the connection closed."""
    with SimulatorServer(backend="stdlib") as server:
        assert exchange(server, request_bytes).startswith(b"HTTP/1.1 %d " % status)
        assert server.simulator.stats.requests == 0


# ---------------------------------------------------------------------------------------------- the server itself
async def _unframed(scope: Scope, receive: Receive, send: Send) -> None:
    """An app whose answers carry no Content-Length; ``/broken`` announces 8 bytes, then fails after 4."""
    await receive()
    broken = scope["path"] == "/broken"
    headers = [(b"content-length", b"8")] if broken else []
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"part", "more_body": True})
    if broken:
        raise RuntimeError("failed mid-answer")
    await send({"type": "http.response.body", "body": b" two"})


@pytest.fixture
def unframed() -> Iterator[StdlibServer]:
    sock = socket.create_server((LOOPBACK, 0))
    server = StdlibServer(_unframed, sock)
    assert server.start()
    yield server
    server.stop()
    sock.close()


def test_an_answer_without_length_ends_with_the_connection(unframed: StdlibServer) -> None:
    """No Content-Length: the close marks the end. A failure after the answer began breaks the connection."""
    host, port = unframed._socket.getsockname()
    with httpx.Client(base_url=f"http://{host}:{port}") as http:
        assert http.get("/").text == "part two"
        assert http.get("/").text == "part two"
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/broken")
    assert unframed.accepted == 3, "each answer closed its connection"
    with httpx.Client(base_url=f"http://{host}:{port}") as http:
        assert http.get("/").headers["connection"] == "close"


def test_accepted_connections_have_nodelay() -> None:
    with SimulatorServer(backend="stdlib") as server, httpx.Client() as http:
        http.get(server.url + "/v1/tasks/x")  # the connection stays open, in the pool
        assert isinstance(server._server, StdlibServer)
        (writer,) = server._server._connections.values()
        assert writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.mark.parametrize("backend", BACKENDS)
def test_stop_closes_connections_and_releases_the_port(backend: str) -> None:
    server = SimulatorServer(backend=backend).start()
    idle = socket.create_connection((server.host, server.port), timeout=10)
    with httpx.Client() as http:
        assert http.get(server.url + "/v1/tasks/x").status_code == 401
        server.stop()
    with idle:
        assert idle.recv(1) == b"", "the idle connection was closed"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, server.port), timeout=10)
    socket.create_server((server.host, server.port)).close()  # nothing listens there any more


@pytest.mark.parametrize("backend", BACKENDS)
def test_serve_forever_runs_in_the_calling_thread_until_stopped(backend: str) -> None:
    server = SimulatorServer(backend=backend)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    with httpx.Client(transport=httpx.HTTPTransport(retries=50)) as http:  # connection retries while it starts
        assert http.get(server.url + "/v1/tasks/x").status_code == 401
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


# ---------------------------------------------------------------------------------------------- choosing a backend
def test_auto_is_uvicorn_when_installed() -> None:
    pytest.importorskip("uvicorn")
    server = SimulatorServer()
    server.stop()
    assert server.backend == "uvicorn"


def test_without_uvicorn_auto_serves_with_the_standard_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails
    with SimulatorServer(Simulator(FAST)) as server:
        assert server.backend == "stdlib"
        with ei.EvoLink(api_key="any", base_url=server.url) as client:
            task = client.generate("nano-banana", "a cat", poll_interval=0.05)
            (path,) = client.download(task, tmp_path)
    assert png_size(path) == (512, 512)
    with pytest.raises(
        RuntimeError, match=r"needs uvicorn: pip install uvicorn \(in a clone: pip install '\.\[sim\]'\)"
    ):
        SimulatorServer(backend="uvicorn")


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="auto, uvicorn, stdlib"):
        SimulatorServer(backend="twisted")


def recording(served: list[str]) -> Callable[[SimulatorServer], None]:
    """A ``serve_forever`` that notes the server's backend and returns at once, as if Ctrl-C had been pressed."""

    def serve_forever(server: SimulatorServer) -> None:
        served.append(server.backend)
        server.stop()

    return serve_forever


def test_the_cli_runs_the_simulator_without_uvicorn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.setenv("EVOLINK_SIMULATOR_SPEED", "200")
    code = main(["generate", "nano-banana", "a cat", "--simulator", "--out", str(tmp_path), "--poll-interval", "0.05"])
    assert code == 0, capsys.readouterr().err
    (path,) = tmp_path.glob("*.png")
    assert png_size(path) == (512, 512)

    served: list[str] = []
    monkeypatch.setattr(SimulatorServer, "serve_forever", recording(served))
    assert main(["simulator", "--port", "0"]) == 0
    assert main(["simulator", "--port", "0", "--server", "stdlib"]) == 0
    assert served == ["stdlib", "stdlib"]
    assert main(["simulator", "--port", "0", "--server", "uvicorn"]) == 2
    assert "pip install uvicorn (in a clone: pip install '.[sim]')" in capsys.readouterr().err


def test_the_cli_simulator_command_picks_its_server(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uvicorn")
    served: list[str] = []
    monkeypatch.setattr(SimulatorServer, "serve_forever", recording(served))
    for choice in ("auto", "uvicorn", "stdlib"):
        assert main(["simulator", "--port", "0", "--server", choice]) == 0
    assert served == ["uvicorn", "uvicorn", "stdlib"]
