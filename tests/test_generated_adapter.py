"""What evolink_images relies on in the generated client's private functions, pinned in one place.

``_get_kwargs`` and ``_parse_response`` are openapi-python-client template internals. Only
``evolink_images._generated`` calls them; this file pins their signatures, the relative URLs and methods they build,
and a request class for every model of the catalogue. A generator upgrade that changes any of it fails here.
"""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
from evolink_images import _generated
from evolink_images_api import models
from evolink_images_api.api.files import get_files_quota, upload_file_stream
from evolink_images_api.api.images import create_image_generation
from evolink_images_api.api.tasks import get_task

from tests.examples import spec_examples

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = ROOT / "wrapper" / "evolink_images"


def parameters(function: object) -> list[tuple[str, str]]:
    return [(name, parameter.kind.name) for name, parameter in inspect.signature(function).parameters.items()]  # type: ignore[arg-type]


def test_the_private_functions_keep_the_signatures_the_adapter_calls() -> None:
    assert parameters(create_image_generation._get_kwargs) == [
        ("body", "KEYWORD_ONLY"),
        ("idempotency_key", "KEYWORD_ONLY"),
    ]
    assert parameters(get_task._get_kwargs) == [("task_id", "POSITIONAL_OR_KEYWORD")]
    assert parameters(upload_file_stream._get_kwargs) == [("body", "KEYWORD_ONLY")]
    assert parameters(get_files_quota._get_kwargs) == []
    for module in (create_image_generation, get_task, upload_file_stream, get_files_quota):
        assert parameters(module._parse_response) == [("client", "KEYWORD_ONLY"), ("response", "KEYWORD_ONLY")]


def test_every_model_of_the_catalogue_has_a_request_class_the_create_builder_takes() -> None:
    hints = typing.get_type_hints(create_image_generation._get_kwargs)
    accepted = set(typing.get_args(hints["body"]))
    checked = set()
    for model in ei.presets.values():
        request_class = getattr(models, model.request_class)
        assert request_class in accepted, model.id
        candidates = {"model": model.id, "prompt": "p", "image_urls": ["https://example.com/a.png"]}
        body = {name: value for name, value in candidates.items() if name == "model" or name in model.fields}
        for example in [body, *spec_examples().get(model.id, [])]:  # the docs' examples carry the nested objects
            if all(name in example for name, spec in model.fields.items() if spec.required):
                assert request_class.from_dict(example).to_dict() == example, model.id
                checked.add(model.id)
    assert checked == set(ei.presets)  # every model, those whose required fields are nested objects included


def test_the_create_request_is_relative_with_the_body_and_the_key() -> None:
    model = next(iter(ei.presets.values()))
    body = {"model": model.id, "prompt": "a cat"}
    kwargs = _generated.create_request(body, request_class=model.request_class, idempotency_key="key-0123456789abcdef")
    assert (kwargs["method"], kwargs["url"]) == ("post", "/v1/images/generations")
    assert kwargs["json"] == body
    assert kwargs["headers"]["Idempotency-Key"] == "key-0123456789abcdef"
    extra = _generated.create_request(
        body, request_class=model.request_class, idempotency_key="key-0123456789abcdef", extra_body={"seed": 7}
    )
    assert extra["json"] == {**body, "seed": 7}


def test_the_task_request_is_relative_and_quotes_the_id() -> None:
    assert _generated.get_task_request("task-unified-1-abc") == {"method": "get", "url": "/v1/tasks/task-unified-1-abc"}
    assert _generated.get_task_request("a/b?c")["url"] == "/v1/tasks/a%2Fb%3Fc"


def test_the_upload_request_is_relative_multipart_and_lets_httpx_choose_the_boundary() -> None:
    kwargs = _generated.upload_request(b"\x89PNG...", file_name="a.png", mime_type="image/png")
    assert (kwargs["method"], kwargs["url"]) == ("post", "/api/v1/files/upload/stream")
    ((field, (name, payload, mime_type)),) = kwargs["files"]
    assert (field, name, payload.read(), mime_type) == ("file", "a.png", b"\x89PNG...", "image/png")
    assert kwargs["headers"] == {}, "the builder's fixed boundary (+++) is dropped"
    assert upload_file_stream._get_kwargs(body=models.StreamUploadRequest(file=_generated.File(payload=payload)))[
        "headers"
    ] == {"Content-Type": "multipart/form-data; boundary=+++"}, "what the adapter drops, while the generator sets it"


def test_the_quota_request_is_relative() -> None:
    assert _generated.files_quota_request() == {"method": "get", "url": "/api/v1/files/quota"}


@pytest.mark.parametrize(
    ("parse", "status", "body", "expected"),
    [
        (_generated.parse_create, 200, {"id": "t", "status": "pending"}, _generated.ImageGenerationTask),
        (_generated.parse_get_task, 200, {"id": "t", "status": "pending"}, _generated.TaskDetail),
        (
            _generated.parse_get_task,
            404,
            {"error": {"code": "task_not_found", "message": "m"}},
            _generated.ErrorResponse,
        ),
        (_generated.parse_create, 503, {"error": {"code": "busy", "message": "m"}}, _generated.ErrorResponse),
        (_generated.parse_get_task, 418, {"whatever": True}, type(None)),
        (_generated.parse_upload, 200, {"success": True, "data": {"file_url": "u"}}, _generated.FileUploadResponse),
        (_generated.parse_upload, 403, {"success": False, "code": 403, "msg": "m"}, _generated.FileErrorResponse),
        (_generated.parse_files_quota, 200, {"success": True, "data": {}}, _generated.QuotaResponse),
        (_generated.parse_files_quota, 401, {"success": False, "code": 401}, _generated.FileErrorResponse),
    ],
)
def test_the_parsers_give_the_model_the_spec_names_for_the_status(parse, status, body, expected) -> None:
    response = httpx.Response(status, json=body, request=httpx.Request("GET", "https://api.evolink.ai/v1/x"))
    assert isinstance(parse(response), expected)


def test_only_the_adapter_touches_the_private_functions() -> None:
    users = sorted(
        str(path.relative_to(WRAPPER))
        for path in WRAPPER.rglob("*.py")
        if re.search(r"\b_(get_kwargs|parse_response|build_response)\b", path.read_text(encoding="utf-8"))
    )
    assert users == ["_generated.py"]
