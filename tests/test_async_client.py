"""AsyncEvoLink: the same behaviour as EvoLink, awaitable."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images._task import task_from_json
from evolink_images.testing import VirtualClock

from tests.conftest import CREATED, MALFORMED_LENGTHS, PNG, TASK_ID, completed_json, task_json

CREATE = "/v1/images/generations"
TASK_PATH = f"/v1/tasks/{TASK_ID}"


def test_generate_and_download(async_client: ei.AsyncEvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    create = api.post(CREATE).respond(200, json=CREATED)
    api.get(TASK_PATH).mock(
        side_effect=[
            httpx.Response(200, json=task_json(status="processing", progress=50)),
            httpx.Response(200, json=completed_json()),
        ]
    )
    api.get("https://files.example.com/r/0.png").respond(200, content=PNG, headers={"content-type": "image/png"})
    seen: list[int] = []

    async def on_progress(task: ei.Task) -> None:
        await asyncio.sleep(0)
        seen.append(task.progress)

    async def run() -> list[Path]:
        async with async_client:
            task = await async_client.generate("nano-banana", "a cat", size="16:9", on_progress=on_progress)
            return await async_client.download(task, tmp_path, metadata=False)

    (path,) = asyncio.run(run())
    assert path.read_bytes() == PNG
    assert seen == [0, 50, 100]
    assert create.calls.last.request.headers["idempotency-key"]


def test_validation_happens_before_any_request(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    with pytest.raises(ei.ValidationError, match="n=5"):
        asyncio.run(async_client.submit("wan-2.5", "p", n=5))
    assert api.calls.call_count == 0


def test_one_post_only_after_a_dropped_connection(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    route = api.post(CREATE).mock(side_effect=[httpx.RemoteProtocolError("dropped"), httpx.Response(200, json=CREATED)])
    with pytest.raises(ei.APIConnectionError) as caught:
        asyncio.run(async_client.submit("nano-banana", "a cat"))
    assert route.call_count == 1 and caught.value.outcome_unknown


def test_failures_and_timeouts(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    failed = task_json(status="failed", error={"code": "generation_timeout", "message": "took too long"})
    api.get(TASK_PATH).mock(side_effect=[httpx.Response(200, json=failed)])
    with pytest.raises(ei.TaskFailedError) as caught:
        asyncio.run(async_client.wait(TASK_ID))
    assert caught.value.retryable is True

    api.get("/v1/tasks/task-slow").respond(200, json=task_json(id="task-slow", status="processing", progress=1))
    with pytest.raises(ei.TaskTimeoutError, match="task-slow"):
        asyncio.run(async_client.wait("task-slow", timeout=30))


def test_many_concurrent_generations_share_one_client(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    api.post(CREATE).mock(
        side_effect=lambda request: httpx.Response(200, json=task_json(id=f"task-{request.headers['idempotency-key']}"))
    )
    api.get(path__regex=r"/v1/tasks/(?P<task_id>.+)").mock(
        side_effect=lambda request, task_id: httpx.Response(200, json=completed_json() | {"id": task_id})
    )

    async def run() -> list[ei.Task]:
        return await asyncio.gather(*(async_client.generate("nano-banana", f"cat {i}") for i in range(20)))

    tasks = asyncio.run(run())
    assert len({task.id for task in tasks}) == 20
    assert all(task.status == "completed" for task in tasks)


def test_sync_http_client_is_refused() -> None:
    with pytest.raises(ei.EvoLinkError, match="AsyncClient"):
        ei.AsyncEvoLink(api_key="k", http_client=httpx.Client())  # type: ignore[arg-type]


def test_journal_and_disk_work_run_off_the_event_loop(
    api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every journal row, folder, rename and file write of a journalled generate-and-download runs in a thread."""
    from evolink_images import _async_client, _local_io  # noqa: PLC0415
    from evolink_images.testing import VirtualClock  # noqa: PLC0415

    where: list[tuple[str, int]] = []
    perform = _async_client.perform_local

    def spy_perform(effect: object, journal: object) -> object:
        where.append((type(effect).__name__, threading.get_ident()))
        return perform(effect, journal)  # type: ignore[arg-type]

    take = _local_io.FileSink.take

    def spy_take(sink: _local_io.FileSink, chunk: bytes) -> bool:
        where.append(("FileSink.take", threading.get_ident()))
        return take(sink, chunk)

    monkeypatch.setattr(_async_client, "perform_local", spy_perform)
    monkeypatch.setattr(_local_io.FileSink, "take", spy_take)
    api.post(CREATE).respond(200, json=CREATED)
    api.get(TASK_PATH).respond(200, json=completed_json())
    api.get("https://files.example.com/r/0.png").respond(200, content=PNG, headers={"content-type": "image/png"})

    async def run() -> int:
        http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
        journal = tmp_path / "journal.sqlite3"
        async with ei.AsyncEvoLink(api_key="k", http_client=http, journal=journal, clock=VirtualClock()) as client:
            task = await client.generate("nano-banana", "a cat")
            await client.download(task, tmp_path / "out")
        return threading.get_ident()

    loop_thread = asyncio.run(run())
    kinds = {kind for kind, _ in where}
    assert {"JournalCall", "MakeDir", "RemoveStale", "Rename", "FileSink.take"} <= kinds, kinds
    assert all(thread != loop_thread for _, thread in where), [kind for kind, t in where if t == loop_thread]


# -------------------------------------------------------------------------------- creates that may have been taken
@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(500, json={"error": {"code": "internal_error", "message": "oops"}}),
        httpx.Response(502, text="bad gateway"),
        httpx.Response(503, json={"error": {"code": "unavailable", "message": "busy"}}, headers={"Retry-After": "2"}),
        httpx.Response(504, text="gateway timeout"),
    ],
    ids=["500", "502", "503-retry-after", "504"],
)
def test_create_is_not_retried_after_a_server_error(
    async_client: ei.AsyncEvoLink, api: respx.MockRouter, clock: VirtualClock, failure: httpx.Response
) -> None:
    """A 5xx answers a create the server may have accepted and charged: raised as such, never sent again."""
    route = api.post(CREATE).mock(side_effect=[failure, httpx.Response(200, json=CREATED)])
    with pytest.raises(ei.ServerError) as caught:
        asyncio.run(async_client.submit("nano-banana", "a cat"))
    assert route.call_count == 1, "a create that may have reached the server must never be sent again"
    assert caught.value.status_code == failure.status_code
    assert caught.value.outcome_unknown
    assert "charge twice" in str(caught.value)
    assert clock.sleeps == [], "not even a Retry-After makes it wait for a second attempt"


def test_a_server_error_on_create_leaves_an_ambiguous_journal_row(
    api: respx.MockRouter, clock: VirtualClock, tmp_path: Path
) -> None:
    """The row stays ``submitting`` (may exist), with the error noted; it is not marked rejected."""
    api.post(CREATE).respond(502, text="bad gateway")
    journal = ei.Journal(tmp_path / "journal.sqlite3")

    async def run() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
        async with ei.AsyncEvoLink(api_key="k", http_client=http, journal=journal, clock=clock) as client:
            await client.submit("nano-banana", "a cat")

    with pytest.raises(ei.ServerError):
        asyncio.run(run())
    (entry,) = journal.entries()
    assert entry.ambiguous and entry.state == "submitting"
    assert entry.task_id is None
    assert "502" in (entry.error or "")


# -------------------------------------------------------------------------------- downloads
FILE_URL = "https://files.example.com/r/0.png"


class CountingStream(httpx.AsyncByteStream):
    """A body served in 100-byte chunks, counting how many were read."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.served = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.body), 100):
            self.served += 1
            yield self.body[start : start + 100]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_oversized_files_are_refused_and_leave_nothing(
    async_client: ei.AsyncEvoLink, api: respx.MockRouter, tmp_path: Path, declared: bool
) -> None:
    """Refused unread when the length is announced, or once the streamed body passes the cap; nothing stays behind."""
    body = PNG + bytes(2000)
    stream = CountingStream(body)
    headers = {"content-type": "image/png"} | ({"content-length": str(len(body))} if declared else {})
    route = api.get(FILE_URL).respond(200, stream=stream, headers=headers)
    with pytest.raises(ei.DownloadError, match="1,000-byte limit"):
        asyncio.run(async_client.download(task_from_json(completed_json(FILE_URL)), tmp_path, max_bytes=1000))
    assert ("content-length" in route.calls.last.response.headers) is declared
    assert stream.served == (0 if declared else 11), "the body is read no further than the cap needs"
    assert list(tmp_path.iterdir()) == [], "no partial file is left behind"


@pytest.mark.parametrize("content_length", MALFORMED_LENGTHS)
def test_a_malformed_content_length_is_ignored(
    async_client: ei.AsyncEvoLink, api: respx.MockRouter, tmp_path: Path, content_length: bytes
) -> None:
    """An unreadable Content-Length neither raises nor refuses: the body is read, and the cap still holds."""
    headers = [(b"content-type", b"image/png"), (b"content-length", content_length)]
    small = api.get(FILE_URL).mock(return_value=httpx.Response(200, content=PNG, headers=headers))
    big_url = "https://files.example.com/big"
    large = api.get(big_url).mock(return_value=httpx.Response(200, content=PNG + bytes(2000), headers=headers))

    small_task = task_from_json(completed_json(FILE_URL))
    (path,) = asyncio.run(async_client.download(small_task, tmp_path, max_bytes=500, metadata=False))
    assert path.read_bytes() == PNG
    with pytest.raises(ei.DownloadError, match="limit"):
        asyncio.run(async_client.download(task_from_json(completed_json(big_url)), tmp_path, max_bytes=500))
    assert list(tmp_path.iterdir()) == [path], "only the small file: nothing of the large one is left"
    for route in (small, large):
        seen = route.calls.last.response.headers.get_list("content-length")
        assert seen == [content_length.decode("latin-1")], "the client saw the header as sent"


@pytest.mark.parametrize("bound", [1, 5, 40])
def test_the_pool_it_builds_has_a_connection_for_each_request_in_flight(bound: int) -> None:
    """Fewer connections would queue requests in httpx's pool (whose work grows with its queue); more are idle."""
    client = ei.AsyncEvoLink(api_key="k", max_concurrent_requests=bound)
    pool = client._api.get_async_httpx_client()._transport._pool  # type: ignore[attr-defined] # httpcore's pool
    assert (pool._max_connections, pool._max_keepalive_connections) == (bound, bound)


# -------------------------------------------------------------------------------- requests in flight
class HeldBody(httpx.AsyncByteStream):
    """An answer's body; closing it ends its request's time in flight."""

    def __init__(self, body: bytes, transport: PeakTransport) -> None:
        self.body = body
        self.transport = transport
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        await asyncio.sleep(0)
        yield self.body

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            self.transport.open -= 1


class PeakTransport(httpx.AsyncBaseTransport):
    """The API and a file host, as a user's transport: counts the requests open at once, from their arrival until
    their answer's body is closed, and holds each one open for a few turns of the event loop, so that every request
    the client lets through meanwhile arrives while it is still open."""

    HOLD_TURNS = 10

    def __init__(self) -> None:
        self.open = 0
        self.peak = 0
        self.received = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.open += 1
        self.received += 1
        self.peak = max(self.peak, self.open)
        for _ in range(self.HOLD_TURNS):
            await asyncio.sleep(0)
        if request.url.host == "files.example.com":
            return httpx.Response(200, headers={"content-type": "image/png"}, stream=HeldBody(PNG, self))
        if request.method == "POST":
            body = task_json(id=f"task-{request.headers['idempotency-key']}")
        else:
            task_id = request.url.path.rsplit("/", 1)[1]
            body = completed_json(f"https://files.example.com/{task_id}/0.png") | {"id": task_id}
        content = json.dumps(body).encode()
        return httpx.Response(200, headers={"content-type": "application/json"}, stream=HeldBody(content, self))


CALLS = 40


def in_flight_calls(client: ei.AsyncEvoLink, operation: str, out: Path) -> list[Awaitable[object]]:
    """*CALLS* concurrent calls of one kind, not yet awaited."""
    if operation == "get_task":
        return [client.get_task(f"task-{n}") for n in range(CALLS)]
    if operation == "generate":  # a create, then a poll
        return [client.generate("nano-banana", f"a cat {n}") for n in range(CALLS)]
    tasks = [task_from_json(completed_json(f"https://files.example.com/task-{n}/0.png") | {"id": f"task-{n}"})
             for n in range(CALLS)]  # fmt: skip
    return [client.download(task, out, metadata=False) for task in tasks]


REQUESTS_MADE = {"get_task": CALLS, "generate": 2 * CALLS, "download": CALLS}


def run_in_flight(operation: str, bound: int, out: Path) -> PeakTransport:
    """Run *CALLS* concurrent calls through a client bounded to *bound* requests, on a user's http_client."""
    transport = PeakTransport()

    async def run() -> None:
        http = httpx.AsyncClient(transport=transport)
        client = ei.AsyncEvoLink(api_key="k", max_concurrent_requests=bound, http_client=http, clock=VirtualClock())
        async with http, client:
            await asyncio.gather(*in_flight_calls(client, operation, out))

    asyncio.run(run())
    assert transport.received == REQUESTS_MADE[operation]
    assert transport.open == 0, "every answer was closed"
    return transport


@pytest.mark.parametrize("operation", list(REQUESTS_MADE))
@pytest.mark.parametrize("bound", [1, 4])
def test_no_more_requests_in_flight_at_a_users_transport_than_the_bound(
    operation: str, bound: int, tmp_path: Path
) -> None:
    """With the user's own http_client, the client's semaphore is the only bound (its pool is not the client's)."""
    transport = run_in_flight(operation, bound, tmp_path)
    assert transport.peak == bound, f"{transport.peak} requests in flight at once, bound {bound}"


def _no_semaphore(client: ei.AsyncEvoLink) -> contextlib.AbstractAsyncContextManager[object]:
    return contextlib.nullcontext()


def _a_huge_semaphore(client: ei.AsyncEvoLink) -> contextlib.AbstractAsyncContextManager[object]:
    return asyncio.Semaphore(10**6)


@pytest.mark.parametrize("unbounded", [_no_semaphore, _a_huge_semaphore], ids=["no-semaphore", "huge-semaphore"])
@pytest.mark.parametrize("operation", list(REQUESTS_MADE))
def test_without_the_semaphore_the_bound_breaks(
    operation: str, unbounded: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The transport's count bites: with the semaphore unbounded, more requests than the bound are in flight."""
    monkeypatch.setattr(ei.AsyncEvoLink, "_semaphore", unbounded)
    transport = run_in_flight(operation, 4, tmp_path)
    assert transport.peak > 4, f"{transport.peak} requests in flight at once"
    with pytest.raises(AssertionError, match="requests in flight at once, bound 4"):
        test_no_more_requests_in_flight_at_a_users_transport_than_the_bound(operation, 4, tmp_path)
