"""The API key appears in no repr, exception or log line, and is sent only to the API's host."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx

from tests.conftest import API_KEY, CREATED, TASK_ID, completed_json


def test_repr_of_the_clients_hides_the_key(client: ei.EvoLink, async_client: ei.AsyncEvoLink) -> None:
    for obj in (client, async_client, client._context):
        assert API_KEY not in repr(obj)
        assert API_KEY not in str(obj)


def test_clients_refuse_to_be_pickled(client: ei.EvoLink) -> None:
    with pytest.raises(TypeError, match="API key"):
        pickle.dumps(client)


def test_no_key_in_exceptions_or_logs_at_any_level(
    client: ei.EvoLink, api: respx.MockRouter, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    api.post("/v1/images/generations").mock(side_effect=[httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
    api.get(f"/v1/tasks/{TASK_ID}").mock(
        side_effect=[httpx.Response(401, json={"error": {"code": "unauthorized", "message": "Invalid key"}})]
    )
    api.get("https://files.example.com/a").respond(403)
    errors: list[BaseException] = []
    for action in (
        lambda: client.submit("nano-banana", "a cat"),
        lambda: client.get_task(TASK_ID),
        lambda: client.download(ei._task.task_from_json(completed_json("https://files.example.com/a")), tmp_path),
    ):
        with pytest.raises(ei.EvoLinkError) as caught:
            action()
        errors.append(caught.value)
    for error in errors:
        assert API_KEY not in str(error) and API_KEY not in repr(error)
        assert API_KEY not in repr(vars(error))
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {vars(r)!r}" for r in caplog.records)
    assert caplog.records, "the scenario logs retries"
    assert API_KEY not in logged


def test_key_goes_only_to_the_api_host(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    create = api.post("/v1/images/generations").respond(200, json=CREATED)
    files = api.get("https://files.example.com/a").respond(
        200, content=b"\x89PNG\r\n\x1a\n", headers={"content-type": "image/png"}
    )
    client.submit("nano-banana", "a cat")
    client.download(ei._task.task_from_json(completed_json("https://files.example.com/a")), tmp_path)
    assert create.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"
    assert "authorization" not in files.calls.last.request.headers


def test_an_api_redirect_is_not_followed(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(f"/v1/tasks/{TASK_ID}").respond(307, headers={"location": "https://evil.example.com/steal"})
    evil = api.get("https://evil.example.com/steal").respond(200, json=CREATED)
    with pytest.raises(ei.APIStatusError):
        client.get_task(TASK_ID)
    assert not evil.called
