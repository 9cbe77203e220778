"""The webhook receiver: forged, replayed, malformed and oversized callbacks are refused; real ones are confirmed."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images.webhooks import (
    AsyncCallbackVerifier,
    CallbackApp,
    CallbackVerifier,
    WebhookError,
    callback_url,
    new_token,
    parse_callback,
)

from tests.conftest import API_KEY, TASK_ID, completed_json, task_json

TOKEN = "s3cret-callback-token-0123456789"
TASK_PATH = f"/v1/tasks/{TASK_ID}"
COMPLETED = completed_json("https://files.example.com/real.png")


def body(payload: Any) -> bytes:
    return json.dumps(payload).encode()


@pytest.fixture
def verifier(client: ei.EvoLink) -> CallbackVerifier:
    return CallbackVerifier(client, TOKEN)


def test_a_real_callback_is_confirmed_by_the_api(verifier: CallbackVerifier, api: respx.MockRouter) -> None:
    route = api.get(TASK_PATH).respond(200, json=COMPLETED)
    event = verifier.verify(body(COMPLETED), TOKEN)
    assert event.task.status == "completed" and not event.duplicate
    assert route.call_count == 1, "every callback is checked with the API"


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN[:-1], TOKEN + "x", "ünïcode"])
def test_a_forged_token_is_refused_before_anything_else(
    verifier: CallbackVerifier, api: respx.MockRouter, token: str | None
) -> None:
    with pytest.raises(WebhookError) as caught:
        verifier.verify(body(COMPLETED), token)
    assert caught.value.status_code == 401
    assert api.calls.call_count == 0


def test_the_body_is_never_trusted_over_the_api(verifier: CallbackVerifier, api: respx.MockRouter) -> None:
    forged = completed_json("https://evil.example.com/malware.png")
    api.get(TASK_PATH).respond(200, json=COMPLETED)
    event = verifier.verify(body(forged), TOKEN)
    assert event.task.results == ["https://files.example.com/real.png"]
    assert event.claimed.results == ["https://evil.example.com/malware.png"]


def test_a_task_the_api_does_not_know_is_refused(verifier: CallbackVerifier, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(404, json={"error": {"code": "task_not_found", "message": "no such task"}})
    with pytest.raises(WebhookError, match="forged") as caught:
        verifier.verify(body(COMPLETED), TOKEN)
    assert caught.value.status_code == 400


def test_a_task_the_api_calls_unfinished_is_refused(verifier: CallbackVerifier, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(200, json=task_json(status="processing", progress=40))
    with pytest.raises(WebhookError, match="still processing") as caught:
        verifier.verify(body(COMPLETED), TOKEN)
    assert caught.value.status_code == 409


def test_a_replayed_callback_is_reported_once(verifier: CallbackVerifier, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(200, json=COMPLETED)
    first, second = (verifier.verify(body(COMPLETED), TOKEN) for _ in range(2))
    assert (first.duplicate, second.duplicate) == (False, True)


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"[]", b'"a string"', body({"status": "completed"}), body({**COMPLETED, "id": 42}),
     body({**COMPLETED, "id": ""}), body({**COMPLETED, "id": "a b"}), body({**COMPLETED, "id": "x" * 300}),
     b"\xff\xfe"],
    ids=["empty", "text", "list", "string", "no-id", "numeric-id", "empty-id", "spaced-id", "huge-id", "binary"],
)  # fmt: skip
def test_a_body_that_names_no_task_is_refused_before_the_api_is_asked(
    verifier: CallbackVerifier, api: respx.MockRouter, raw: bytes
) -> None:
    with pytest.raises(WebhookError) as caught:
        verifier.verify(raw, TOKEN)
    assert caught.value.status_code == 400
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    "claimed",
    [task_json(status="done"), task_json(progress="lots"), {"id": TASK_ID}, {**COMPLETED, "results": "x"}],
    ids=["unknown-status", "bad-progress", "only-an-id", "bad-results"],
)
def test_an_odd_body_that_names_a_task_is_confirmed_with_the_api(
    verifier: CallbackVerifier, api: respx.MockRouter, claimed: dict[str, Any]
) -> None:
    """Only the id is read: the API's answer is what counts, so an unfamiliar body never loses a paid result."""
    route = api.get(TASK_PATH).respond(200, json=COMPLETED)
    event = verifier.verify(body(claimed), TOKEN)
    assert route.call_count == 1
    assert event.task.status == "completed"
    assert event.task.results == ["https://files.example.com/real.png"]


def test_an_oversized_callback_is_refused() -> None:
    with pytest.raises(WebhookError) as caught:
        parse_callback(body({**COMPLETED, "padding": "x" * 300_000}))
    assert caught.value.status_code == 413


def test_callback_urls_carry_the_token() -> None:
    token = new_token()
    assert len(token) >= 40 and token != new_token()
    url = callback_url("https://hooks.example.com/evolink?site=a", token)
    assert url == f"https://hooks.example.com/evolink?site=a&token={token}"


# ---------------------------------------------------------------------------------------------- the ASGI app
def asgi(
    app: CallbackApp, method: str, path: str, payload: bytes, headers: dict[str, str] | None = None
) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://hooks.test") as http:
            return await http.request(method, path, content=payload, headers=headers)

    return asyncio.run(run())


@pytest.fixture
def received() -> list[ei.Task]:
    return []


@pytest.fixture
def app(api: respx.MockRouter, received: list[ei.Task]) -> CallbackApp:
    http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
    client = ei.AsyncEvoLink(api_key=API_KEY, http_client=http)

    async def on_task(task: ei.Task) -> None:
        received.append(task)

    return CallbackApp(AsyncCallbackVerifier(client, TOKEN, max_bytes=4096), on_task)


def test_the_asgi_app_reports_each_confirmed_task_once(
    app: CallbackApp, api: respx.MockRouter, received: list[ei.Task]
) -> None:
    api.get(TASK_PATH).respond(200, json=COMPLETED)
    answers = [asgi(app, "POST", f"/hook?token={TOKEN}", body(COMPLETED)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200], "2xx: EvoLink stops retrying"
    assert [a.json()["status"] for a in answers] == ["ok", "duplicate", "duplicate"]
    assert [t.id for t in received] == [TASK_ID]


@pytest.mark.parametrize(
    ("method", "path", "payload", "status"),
    [
        ("POST", "/hook?token=nope", body(COMPLETED), 401),
        ("POST", "/hook", body(COMPLETED), 401),
        ("POST", f"/hook?token={TOKEN}", b"{broken", 400),
        ("POST", f"/hook?token={TOKEN}", b"x" * 5000, 413),
        ("GET", f"/hook?token={TOKEN}", b"", 405),
    ],
    ids=["forged", "no-token", "malformed", "oversized", "wrong-method"],
)
def test_the_asgi_app_refuses_bad_callbacks(
    app: CallbackApp, received: list[ei.Task], method: str, path: str, payload: bytes, status: int
) -> None:
    answer = asgi(app, method, path, payload)
    assert answer.status_code == status
    assert TOKEN not in answer.text
    assert received == []


def test_the_asgi_app_refuses_an_oversized_stream_without_content_length(
    app: CallbackApp, received: list[ei.Task]
) -> None:
    async def chunks() -> Any:
        for _ in range(10):
            yield b"x" * 1000

    async def run() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://hooks.test") as http:
            return await http.post(f"/hook?token={TOKEN}", content=chunks())

    assert asyncio.run(run()).status_code == 413 and received == []


@pytest.mark.parametrize("guarded", [True, False], ids=["forgotten-on-failure", "without-the-guard"])
def test_a_task_the_handler_failed_on_is_handed_over_again_on_the_retry(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, guarded: bool
) -> None:
    """A handler that raises leaves the task unreported: EvoLink's retry hands it over, not as a duplicate."""
    api.get(TASK_PATH).respond(200, json=COMPLETED)
    handled: list[str] = []

    async def on_task(task: ei.Task) -> None:
        if not handled:
            handled.append("failed")
            raise RuntimeError("the database was down")
        handled.append(task.id)

    http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
    app = CallbackApp(AsyncCallbackVerifier(ei.AsyncEvoLink(api_key=API_KEY, http_client=http), TOKEN), on_task)
    if not guarded:
        monkeypatch.setattr(AsyncCallbackVerifier, "forget", lambda self, task: None)
    with pytest.raises(RuntimeError, match="database"):
        asgi(app, "POST", f"/hook?token={TOKEN}", body(COMPLETED))  # the server would answer 500: EvoLink retries
    retry = asgi(app, "POST", f"/hook?token={TOKEN}", body(COMPLETED))
    if guarded:
        assert retry.json()["status"] == "ok" and handled == ["failed", TASK_ID]
    else:
        assert retry.json()["status"] == "duplicate" and handled == ["failed"], "lost: what the guard prevents"


def test_a_forgotten_task_is_not_a_duplicate_next_time(verifier: CallbackVerifier, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(200, json=COMPLETED)
    first = verifier.verify(body(COMPLETED), TOKEN)
    assert verifier.verify(body(COMPLETED), TOKEN).duplicate
    verifier.forget(first.task)
    assert not verifier.verify(body(COMPLETED), TOKEN).duplicate
