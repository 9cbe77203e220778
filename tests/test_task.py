"""Task parsing: every recorded task parses; new statuses, codes and fields never crash it."""

from __future__ import annotations

import json

import evolink_images as ei
import httpx
import pytest
import respx

from contract_tests.spec_contract import load_recordings
from tests.conftest import TASK_ID, task_json

TASK_PATH = f"/v1/tasks/{TASK_ID}"
RECORDED = load_recordings()


@pytest.mark.parametrize(
    "name", sorted(n for n, r in RECORDED.items() if r["response"]["status"] == 200 and r["request"]["method"] == "GET")
)
def test_recorded_task_details_parse(client: ei.EvoLink, api: respx.MockRouter, name: str) -> None:
    body = RECORDED[name]["response"]["body"]
    api.get(f"/v1/tasks/{body['id']}").respond(200, json=body)
    task = client.get_task(body["id"])
    assert (task.id, task.model, task.status, task.progress) == (
        body["id"],
        body["model"],
        body["status"],
        body["progress"],
    )
    assert task.results == body.get("results", [])
    assert task.raw == body


def test_create_response_fields(client: ei.EvoLink, api: respx.MockRouter) -> None:
    body = RECORDED["create-doubao-seedream-4.5"]["response"]["body"]
    api.post("/v1/images/generations").respond(200, json=body)
    task = client.submit("seedream-4.5", "a lake")
    assert (task.estimated_time, task.credits_reserved, task.created) == (45, 1.8, 1757165031)
    assert task.status == "pending" and task.status == ei.TaskStatus.PENDING
    assert task.error is None and task.results == []


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "queued"},
        {"status": "queued", "object": "image.generation.batch"},
        {"progress": 150},
        {"brand_new": {"nested": [1, 2]}, "usage": {"credits_reserved": "1.6"}},
        {"type": "3d-model", "task_info": None},
        {"model": None, "created": "yesterday"},
        {"progress": float("inf"), "created": float("nan"), "usage": {"credits_reserved": float("-inf")}},
    ],
)
def test_drifted_responses_parse_leniently(client: ei.EvoLink, api: respx.MockRouter, changes: dict) -> None:
    api.get(TASK_PATH).respond(200, content=json.dumps(task_json(**changes)).encode())  # Infinity and NaN too
    task = client.get_task(TASK_ID)
    assert task.id == TASK_ID
    assert 0 <= task.progress <= 100


def test_an_unknown_status_is_not_final_and_keeps_waiting(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).mock(
        side_effect=[
            httpx.Response(200, json=task_json(status="queued")),
            httpx.Response(200, json=task_json(status="completed", progress=100, results=["https://f.example.com/a"])),
        ]
    )
    seen: list[ei.TaskStatus] = []
    task = client.wait(TASK_ID, on_progress=lambda t: seen.append(t.status))
    assert seen[0] == "queued" and not seen[0].is_final and not seen[0].is_known
    assert task.status == "completed"


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"status": "pending"}', b""])
def test_a_body_that_is_no_task_is_a_clear_error(client: ei.EvoLink, api: respx.MockRouter, body: bytes) -> None:
    api.get(TASK_PATH).respond(200, content=body)
    with pytest.raises(ei.MalformedResponseError, match="not a task"):
        client.get_task(TASK_ID)


def test_status_is_a_string() -> None:
    assert ei.TaskStatus("completed") == "completed"
    assert ei.TaskStatus("completed").is_final
    assert ei.TaskStatus("cancelled").is_final
    assert not ei.TaskStatus("processing").is_final
    assert f"{ei.TaskStatus('failed')}" == "failed"
