"""Responses stay readable as the API grows: a value the spec does not list, a new field or a null never raises.

The cases come from the spec itself, so a field added to it is covered without editing this file: every open string
(a schema with ``examples``) gets a value nobody has seen, every optional field a ``null``, and every object a field
of its own. Each body goes through the generated client, the wrapper (``get_task``, ``wait``, errors) and the webhook
receiver. The four callbacks a new user saw refused are here by name.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
import yaml
from evolink_images import _generated
from evolink_images.webhooks import CallbackVerifier
from evolink_images_api.models import ErrorResponse, ImageGenerationTask, TaskDetail

from tests.conftest import TASK_ID, completed_json

SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi" / "evolink-images.yaml").read_text())
SCHEMAS = SPEC["components"]["schemas"]
TASK_PATH = f"/v1/tasks/{TASK_ID}"
TOKEN = "forward-compatible-callback-token-0123"
UNSEEN = "a-value-from-the-future"


def resolve(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """A schema with its $ref followed, and an `anyOf` with null reduced to its non-null branch."""
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    branches = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"]
    return resolve(branches[0]) if len(branches) == 1 else schema


def fields(schema_name: str, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any], bool]]:
    """Every field of a response schema, nested objects included: (path, resolved schema, required)."""
    schema = resolve({"$ref": f"#/components/schemas/{schema_name}"})
    for name, prop in schema.get("properties", {}).items():
        path, resolved = (*prefix, name), resolve(prop)
        yield path, resolved, name in schema.get("required", [])
        if "$ref" in prop or any("$ref" in branch for branch in prop.get("anyOf", [])):
            target = (prop.get("$ref") or next(b["$ref"] for b in prop["anyOf"] if "$ref" in b)).rsplit("/", 1)[1]
            yield from fields(target, path)


def full_task() -> dict[str, Any]:
    """A completed task with every documented field (a failed task's error included), as the docs show them."""
    body = completed_json("https://files.example.com/r/0.png")
    body["usage"]["credits_used"] = 1.6
    body["error"] = {"code": "generation_timeout", "message": "it took too long", "type": "task_error"}
    return body


def with_value(body: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    node = changed
    for name in path[:-1]:
        node = node.setdefault(name, {})
    node[path[-1]] = value
    return changed


TASK_FIELDS = list(fields("TaskDetail"))
OPEN_STRINGS = [path for path, schema, _ in TASK_FIELDS if "examples" in schema]
OPTIONAL = [path for path, _, required in TASK_FIELDS if not required]
OBJECTS = [(), *(path for path, schema, _ in TASK_FIELDS if schema.get("type") == "object")]
VARIANTS = (
    [(f"unseen {'.'.join(path)}", with_value(full_task(), path, UNSEEN)) for path in OPEN_STRINGS]
    + [(f"null {'.'.join(path)}", with_value(full_task(), path, None)) for path in OPTIONAL]
    + [(f"new field in {'.'.join(path) or 'the task'}", with_value(full_task(), (*path, "brand_new"), {"x": [1]}))
       for path in OBJECTS]
)  # fmt: skip
# The four callbacks a new user saw refused with a 400 (and so lost after EvoLink's three retries).
FOUR_CALLBACKS = {
    "billing rule per_image": with_value(full_task(), ("usage", "billing_rule"), "per_image"),
    "a new object value": with_value(full_task(), ("object", ), "image.generation.task.v2"),
    "a lean body": {"id": TASK_ID, "status": "completed", "model": "some-model"},
    "completed with error null": with_value(completed_json("https://files.example.com/r/0.png"), ("error",), None),
}  # fmt: skip


def test_the_cases_cover_the_spec() -> None:
    """The walk above finds what it must: the open strings, the nested optional fields, the objects."""
    assert {("status",), ("object",), ("type",), ("usage", "billing_rule"), ("error", "type")} <= set(OPEN_STRINGS)
    assert {
        ("created",),
        ("progress",),
        ("error",),
        ("usage", "credits_reserved"),
        ("task_info", "estimated_time"),
    } <= set(OPTIONAL)
    assert ("id",) not in OPTIONAL and ("status",) not in OPTIONAL
    assert {(), ("usage",), ("task_info",), ("error",)} <= set(OBJECTS)


def response(body: Any, status: int = 200, method: str = "GET") -> httpx.Response:
    request = httpx.Request(method, "https://api.evolink.ai" + (TASK_PATH if method == "GET" else "/v1/x"))
    return httpx.Response(status, json=body, request=request)


@pytest.mark.parametrize(
    ("name", "body"), VARIANTS + list(FOUR_CALLBACKS.items()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_the_generated_client_parses_it_losslessly(name: str, body: dict[str, Any]) -> None:
    for model in (TaskDetail, ImageGenerationTask):
        assert model.from_dict(body).to_dict() == body, model.__name__
    assert isinstance(_generated.parse_get_task(response(body)), TaskDetail)
    assert isinstance(_generated.parse_create(response(body, method="POST")), ImageGenerationTask)


@pytest.mark.parametrize(
    ("name", "body"), VARIANTS + list(FOUR_CALLBACKS.items()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_the_wrapper_reads_it_through_the_generated_parser(
    client: ei.EvoLink, api: respx.MockRouter, caplog: pytest.LogCaptureFixture, name: str, body: dict[str, Any]
) -> None:
    api.get(TASK_PATH).respond(200, json=body)
    with caplog.at_level(logging.WARNING, logger="evolink_images"):
        task = client.get_task(TASK_ID)
    assert task.id == TASK_ID
    assert task.raw == body
    assert "does not match the spec" not in caplog.text, "the strict parser took it: no fallback was needed"


def test_an_unknown_status_is_waited_on_never_final(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).mock(
        side_effect=[
            httpx.Response(200, json=with_value(full_task(), ("status",), "queued_upstream")),
            httpx.Response(200, json=with_value(full_task(), ("status",), "archiving")),
            httpx.Response(200, json=completed_json("https://files.example.com/r/0.png")),
        ]
    )
    seen: list[str] = []
    task = client.wait(TASK_ID, on_progress=lambda t: seen.append(str(t.status)))
    assert task.status == "completed"
    assert seen[:2] == ["queued_upstream", "archiving"]
    assert not ei.TaskStatus("archiving").is_final and not ei.TaskStatus("archiving").is_known


@pytest.mark.parametrize(
    "detail",
    [
        {"code": "brand_new_code", "message": "m", "type": UNSEEN, "param": None},
        {"code": "brand_new_code", "message": "m", "type": None, "param": None, "brand_new": {"x": 1}},
        {"code": 40099, "message": "m", "type": ""},
    ],
)
def test_an_error_body_with_new_values_maps_to_its_error(
    client: ei.EvoLink, api: respx.MockRouter, detail: dict
) -> None:
    assert ErrorResponse.from_dict({"error": detail}).to_dict() == {"error": detail}
    api.get(TASK_PATH).respond(400, json={"error": detail})
    with pytest.raises(ei.BadRequestError) as caught:
        client.get_task(TASK_ID)
    assert caught.value.code == detail["code"]
    assert caught.value.message == "m"


@pytest.mark.parametrize(
    ("name", "body"), VARIANTS + list(FOUR_CALLBACKS.items()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_the_webhook_receiver_accepts_it_after_the_confirming_get(
    client: ei.EvoLink, api: respx.MockRouter, name: str, body: dict[str, Any]
) -> None:
    """The GET answers with the same body (the API speaks the new shape too), made final when the variant is not."""
    confirmed = body if ei.TaskStatus(body["status"]).is_final else {**body, "status": "completed"}
    route = api.get(TASK_PATH).respond(200, json=confirmed)
    event = CallbackVerifier(client, TOKEN).verify(json.dumps(body).encode(), TOKEN)
    assert route.call_count == 1
    assert event.task.id == TASK_ID
    assert event.task.raw == confirmed


@pytest.mark.parametrize("name", sorted(FOUR_CALLBACKS))
def test_the_four_callbacks_a_new_user_saw_refused_are_accepted(
    client: ei.EvoLink, api: respx.MockRouter, name: str
) -> None:
    body = FOUR_CALLBACKS[name]
    api.get(TASK_PATH).respond(200, json=body)
    event = CallbackVerifier(client, TOKEN).verify(json.dumps(body).encode(), TOKEN)
    assert (event.task.id, event.task.status, event.duplicate) == (TASK_ID, "completed", False)
