"""Retries: reads retry every transient failure; a create is sent again only when the server surely never got it."""

from __future__ import annotations

import email.utils

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _requests, _retry
from evolink_images.testing import VirtualClock

from tests.conftest import CREATED, TASK_ID, task_json

CREATE = "/v1/images/generations"
TASK_PATH = f"/v1/tasks/{TASK_ID}"


# -------------------------------------------------------------------------------- reads
@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(429, json={"error": {"code": "rate_limit_exceeded", "message": "slow down"}}),
        httpx.Response(500, json={"error": {"code": "internal_error", "message": "oops"}}),
        httpx.Response(502, text="bad gateway"),
        httpx.Response(503, json={"error": {"code": "unavailable", "message": "busy"}}),
        httpx.Response(504, text="gateway timeout"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
    ],
    ids=["429", "500", "502", "503", "504", "connect", "read-timeout", "dropped"],
)
def test_get_retries_transient_failures(client: ei.EvoLink, api: respx.MockRouter, failure: object) -> None:
    route = api.get(TASK_PATH).mock(side_effect=[failure, failure, httpx.Response(200, json=task_json())])
    assert client.get_task(TASK_ID).id == TASK_ID
    assert route.call_count == 3


def test_get_gives_up_after_max_retries(api: respx.MockRouter, clock: VirtualClock) -> None:
    route = api.get(TASK_PATH).respond(503, json={"error": {"code": "x", "message": "busy"}})
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    client = ei.EvoLink(api_key="k", http_client=http, clock=clock, max_retries=4)
    with pytest.raises(ei.ServerError):
        client.get_task(TASK_ID)
    assert route.call_count == 5
    assert len(clock.sleeps) == 4
    assert clock.sleeps == sorted(clock.sleeps), "backoff grows"


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_get_does_not_retry_client_errors(client: ei.EvoLink, api: respx.MockRouter, status: int) -> None:
    route = api.get(TASK_PATH).respond(status, json={"error": {"code": "x", "message": "no"}})
    with pytest.raises(ei.APIStatusError):
        client.get_task(TASK_ID)
    assert route.call_count == 1


def test_retry_after_is_honoured(client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock) -> None:
    limited = httpx.Response(429, json={"error": {"code": "r", "message": "m"}}, headers={"Retry-After": "7"})
    api.get(TASK_PATH).mock(side_effect=[limited, httpx.Response(200, json=task_json())])
    client.get_task(TASK_ID)
    assert clock.sleeps == [7.0]


# -------------------------------------------------------------------------------- creates
@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("no answer"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset"),
        httpx.WriteTimeout("stalled while sending"),
    ],
    ids=["read-timeout", "dropped-after-send", "reset", "write-timeout"],
)
def test_create_is_sent_once_when_the_server_may_have_it(
    client: ei.EvoLink, api: respx.MockRouter, failure: Exception
) -> None:
    route = api.post(CREATE).mock(side_effect=[failure, httpx.Response(200, json=CREATED)])
    with pytest.raises(ei.APIConnectionError) as caught:
        client.submit("nano-banana", "a cat")
    assert route.call_count == 1, "a create that may have reached the server must never be sent again"
    error = caught.value
    assert error.outcome_unknown
    assert "may have been created" in str(error)
    assert "charge twice" in str(error)
    assert error.idempotency_key == route.calls.last.request.headers["idempotency-key"]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_create_is_not_retried_after_a_server_error(client: ei.EvoLink, api: respx.MockRouter, status: int) -> None:
    route = api.post(CREATE).mock(
        side_effect=[httpx.Response(status, text="upstream trouble"), httpx.Response(200, json=CREATED)]
    )
    with pytest.raises(ei.ServerError) as caught:
        client.submit("nano-banana", "a cat")
    assert route.call_count == 1
    assert caught.value.outcome_unknown
    assert "charge twice" in str(caught.value)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("connection refused"),
        httpx.ConnectTimeout("no route"),
        httpx.Response(
            429, json={"error": {"code": "rate_limit_exceeded", "message": "m"}}, headers={"Retry-After": "2"}
        ),
    ],
    ids=["refused", "connect-timeout", "429"],
)
def test_create_is_retried_when_the_server_surely_did_not_take_it(
    client: ei.EvoLink, api: respx.MockRouter, failure: object
) -> None:
    route = api.post(CREATE).mock(side_effect=[failure, httpx.Response(200, json=CREATED)])
    task = client.submit("nano-banana", "a cat")
    assert task.id == CREATED["id"]
    assert route.call_count == 2
    keys = {call.request.headers["idempotency-key"] for call in route.calls}
    assert len(keys) == 1, "one logical create keeps one Idempotency-Key across its retries"


def test_the_one_post_guard_is_what_prevents_the_second_post(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the guard (treating every failure as 'never sent'), the same scenario sends a second POST."""
    monkeypatch.setattr(_requests, "create_never_sent", lambda error: True)
    route = api.post(CREATE).mock(side_effect=[httpx.ReadTimeout("no answer"), httpx.Response(200, json=CREATED)])
    client.submit("nano-banana", "a cat")
    assert route.call_count == 2


def test_create_retries_stop_at_max_retries(api: respx.MockRouter, clock: VirtualClock) -> None:
    route = api.post(CREATE).mock(side_effect=httpx.ConnectError("refused"))
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    client = ei.EvoLink(api_key="k", http_client=http, clock=clock, max_retries=1)
    with pytest.raises(ei.APIConnectionError) as caught:
        client.submit("nano-banana", "a cat")
    assert route.call_count == 2
    assert not caught.value.outcome_unknown, "the request never left: nothing can have been charged"


@pytest.mark.parametrize("status", [400, 401, 402, 403])
def test_create_client_errors_are_not_retried_and_not_ambiguous(
    client: ei.EvoLink, api: respx.MockRouter, status: int
) -> None:
    route = api.post(CREATE).respond(status, json={"error": {"code": "c", "message": "m"}})
    with pytest.raises(ei.APIStatusError) as caught:
        client.submit("nano-banana", "a cat")
    assert route.call_count == 1
    assert not caught.value.outcome_unknown


# -------------------------------------------------------------------------------- pure decisions
def test_parse_retry_after_forms() -> None:
    assert _retry.parse_retry_after({"Retry-After": "5"}) == 5.0
    assert _retry.parse_retry_after({"retry-after": "1.5"}) == 1.5
    assert _retry.parse_retry_after({"retry-after-ms": "250"}) == 0.25
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    assert _retry.parse_retry_after({"Retry-After": date}, now=now) == pytest.approx(12.0)
    past = email.utils.formatdate(now - 60, usegmt=True)
    assert _retry.parse_retry_after({"Retry-After": past}, now=now) == 0.0
    for garbage in ("soon", "-3", "nan", "inf", ""):
        assert _retry.parse_retry_after({"Retry-After": garbage}) is None, garbage
    assert _retry.parse_retry_after({}) is None


def test_backoff_grows_caps_and_jitters() -> None:
    no_jitter = [_retry.backoff_delay(n, rand=lambda: 0.0) for n in range(1, 8)]
    assert no_jitter == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert _retry.backoff_delay(3, rand=lambda: 1.0) == 1.5
    assert _retry.backoff_delay(1, 120.0) == _retry.MAX_RETRY_AFTER
    assert _retry.backoff_delay(1, 2.0) == 2.0


def test_which_create_failures_are_safe_to_resend() -> None:
    assert _retry.create_never_sent(httpx.ConnectError("x"))
    assert _retry.create_never_sent(httpx.ConnectTimeout("x"))
    assert _retry.create_never_sent(httpx.PoolTimeout("x"))
    for error in (
        httpx.ReadTimeout("x"),
        httpx.WriteTimeout("x"),
        httpx.ReadError("x"),
        httpx.RemoteProtocolError("x"),
    ):
        assert not _retry.create_never_sent(error), type(error).__name__
