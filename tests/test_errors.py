"""Every error status maps to its exception, with the API's code, message and request id; odd bodies too."""

from __future__ import annotations

import evolink_images as ei
import httpx
import pytest
import respx

from tests.conftest import TASK_ID

TASK_PATH = f"/v1/tasks/{TASK_ID}"


@pytest.mark.parametrize(
    ("status", "error_class", "code"),
    [
        (400, ei.BadRequestError, "invalid_task_id"),
        (401, ei.AuthenticationError, "unauthorized"),
        (402, ei.InsufficientCreditsError, "quota_exceeded"),
        (403, ei.PermissionDeniedError, "permission_denied"),
        (404, ei.TaskNotFoundError, "task_not_found"),  # a NotFoundError: the task read's 404 names the task
        (418, ei.APIStatusError, "teapot"),
    ],
)
def test_error_status_maps_to_its_exception(
    client: ei.EvoLink, api: respx.MockRouter, status: int, error_class: type, code: str
) -> None:
    body = {"error": {"code": code, "message": "something went wrong", "type": "invalid_request_error"}}
    api.get(TASK_PATH).respond(status, json=body, headers={"x-request-id": "req-123"})
    with pytest.raises(error_class) as caught:
        client.get_task(TASK_ID)
    error = caught.value
    assert type(error) is error_class
    assert (error.status_code, error.code, error.message, error.request_id) == (
        status,
        code,
        "something went wrong",
        "req-123",
    )
    assert error.body == body
    if status == 402:  # a 402 also says which limit ran out and what to do (tests/test_credit_limits.py)
        assert str(error).startswith(f"HTTP {status} {code}: insufficient credits (something went wrong); ")
    elif status == 404:  # the task the API does not know (tests/test_lost_tasks.py)
        assert isinstance(error, ei.NotFoundError) and error.task_id == TASK_ID
        assert str(error) == (
            f"the API does not know task {TASK_ID} (HTTP 404 {code}: something went wrong, request id req-123): "
            "the id is wrong, or the task expired on the API's side"
        )
    else:
        assert str(error) == f"HTTP {status} {code}: something went wrong (request id req-123)"
    assert not error.outcome_unknown


def test_rate_limit_and_server_errors_after_retries_are_exhausted(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.get(TASK_PATH).respond(
        429, json={"error": {"code": 429, "message": "Too many requests", "type": ""}}, headers={"retry-after": "3"}
    )
    with pytest.raises(ei.RateLimitError) as caught:
        client.get_task(TASK_ID)
    assert caught.value.code == 429, "an integer code from the gateway is kept as it is"
    assert caught.value.retry_after == 3.0
    assert route.call_count == 3, "max_retries=2 means three attempts"


def test_non_json_gateway_error_still_maps(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(
        502, text="<html><body>502 Bad Gateway</body></html>", headers={"content-type": "text/html"}
    )
    with pytest.raises(ei.ServerError) as caught:
        client.get_task(TASK_ID)
    assert caught.value.status_code == 502
    assert "502 Bad Gateway" in caught.value.message
    assert caught.value.code is None


def test_error_body_without_the_documented_shape(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(400, json={"message": "bad id"})
    with pytest.raises(ei.BadRequestError, match="bad id"):
        client.get_task(TASK_ID)


def test_every_error_is_an_evolink_error() -> None:
    for name in ei.__all__:
        value = getattr(ei, name)
        if isinstance(value, type) and issubclass(value, Exception) and not issubclass(value, Warning):
            assert issubclass(value, ei.EvoLinkError), name
    assert issubclass(ei.APITimeoutError, TimeoutError)
    assert issubclass(ei.TaskTimeoutError, TimeoutError)
    assert issubclass(ei.ValidationError, ValueError)


def test_connection_failure_is_an_api_connection_error(api: respx.MockRouter) -> None:
    api.get(TASK_PATH).mock(side_effect=httpx.ConnectError("connection refused"))
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    client = ei.EvoLink(api_key="k", http_client=http, max_retries=0)
    with pytest.raises(ei.APIConnectionError, match="connection refused") as caught:
        client.get_task(TASK_ID)
    assert not isinstance(caught.value, ei.APITimeoutError)
    assert not caught.value.outcome_unknown, "a failed read never created anything"
