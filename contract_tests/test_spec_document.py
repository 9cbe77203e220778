"""The spec itself: a valid OpenAPI 3.1 document with the operations, errors and callbacks the API has."""

import copy

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from contract_tests.documented_facts import (
    BILLING_RULES,
    ERROR_STATUSES,
    RETRY_AFTER_STATUSES,
    TASK_STATUSES,
    TASK_TYPES,
)
from contract_tests.spec_contract import Spec

CREATE = ("post", "/v1/images/generations")
GET_TASK = ("get", "/v1/tasks/task-unified-1757165031-uyujaw3d")


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def test_spec_is_valid_openapi_3_1(spec: Spec) -> None:
    assert spec.document["openapi"].startswith("3.1")
    validate(dict(spec.document))


def test_validator_rejects_a_broken_spec(spec: Spec) -> None:
    """The validation above can fail: a parameter in a place OpenAPI does not have is reported."""
    broken = copy.deepcopy(dict(spec.document))
    broken["paths"]["/v1/tasks/{task_id}"]["get"]["parameters"][0]["in"] = "body"
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_operations_have_stable_ids_and_bearer_auth(spec: Spec) -> None:
    ids = {op.name: op.document["operationId"] for op in spec.operations()}
    assert ids == {
        "POST /v1/images/generations": "createImageGeneration",
        "GET /v1/tasks/{task_id}": "getTask",
        "GET /v1/credits": "getCredits",
        "POST /api/v1/files/upload/stream": "uploadFileStream",
        "POST /api/v1/files/upload/base64": "uploadFileBase64",
        "POST /api/v1/files/upload/url": "uploadFileUrl",
        "GET /api/v1/files/quota": "getFilesQuota",
    }
    assert spec.document["servers"][0]["url"] == "https://api.evolink.ai"
    assert spec.document["security"] == [{"bearerAuth": []}]
    scheme = spec.at("/components/securitySchemes/bearerAuth")
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


@pytest.mark.parametrize(("method", "path"), [CREATE, GET_TASK])
@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_every_error_status_has_the_error_body(spec: Spec, method: str, path: str, status: int) -> None:
    op = spec.find_operation(method, path)
    assert op is not None
    pointer = spec.response_pointer(op, status)
    assert pointer is not None, f"{op.name} does not document {status}"
    body = {"error": {"code": "some_code", "message": "m", "type": "api_error", "request_id": "extra fields allowed"}}
    assert spec.check_response(method, path, status, {"content-type": "application/json"}, body) == []
    has_retry_after = "Retry-After" in spec.at(pointer).get("headers", {})
    assert has_retry_after == (status in RETRY_AFTER_STATUSES)


@pytest.mark.parametrize("code", ["rate_limit_exceeded", 429])
def test_error_code_is_a_string_or_an_integer(spec: Spec, code: object) -> None:
    body = {"error": {"code": code, "message": "Too many requests", "type": ""}}
    assert spec.check_response(*CREATE, 429, {}, body) == []


def test_error_code_of_another_type_is_drift(spec: Spec) -> None:
    body = {"error": {"code": ["rate_limit_exceeded"], "message": "Too many requests"}}
    drifts = spec.check_response(*CREATE, 429, {}, body)
    assert [d.json_path for d in drifts] == ["$.error.code"]


def test_any_5xx_is_documented(spec: Spec) -> None:
    body = {"error": {"code": "gateway_timeout", "message": "upstream timed out"}}
    assert spec.check_response(*GET_TASK, 504, {}, body) == []
    assert spec.check_response(*GET_TASK, 418, {}, body)[0].rule == "responses"


def test_response_value_lists_are_open_and_name_every_documented_value(spec: Spec) -> None:
    """D10: no response enum (a new value must never break parsing); `examples` hold every value documented."""
    open_strings = {
        "/components/schemas/TaskStatus": TASK_STATUSES,
        "/components/schemas/TaskType": TASK_TYPES,
        "/components/schemas/Usage/properties/billing_rule": BILLING_RULES,
        "/components/schemas/ImageGenerationTask/properties/object": ["image.generation.task"],
    }
    for pointer, documented in open_strings.items():
        schema = spec.at(pointer)
        assert "enum" not in schema, pointer
        assert set(documented) <= set(schema["examples"]), pointer
    for name in ("ImageGenerationTask", "TaskDetail", "TaskInfo", "Usage", "TaskError", "ErrorDetail"):
        assert "enum" not in str(spec.at(f"/components/schemas/{name}")), name


def test_only_id_and_status_are_required_of_a_task(spec: Spec) -> None:
    """D6: a lean body (a callback with only id, status and model, say) is still a task."""
    lean = {"id": "task-unified-1757165031-uyujaw3d", "status": "completed", "model": "nano-banana"}
    assert spec.check_response(*GET_TASK, 200, {}, lean) == []
    assert spec.check_response(*CREATE, 200, {}, lean) == []
    assert [d.rule.split(":")[0] for d in spec.check_response(*GET_TASK, 200, {}, {"id": "t"})] == ["required"]


def test_every_optional_response_field_may_be_null(spec: Spec) -> None:
    task = {
        "id": "t", "status": "completed", "created": None, "model": None, "object": None, "progress": None,
        "type": None, "results": None, "error": None, "usage": None, "task_info": None,
    }  # fmt: skip
    assert spec.check_response(*GET_TASK, 200, {}, task) == []
    nested = {
        "id": "t", "status": "failed",
        "usage": {"billing_rule": None, "credits_reserved": None, "credits_used": None, "user_group": None},
        "task_info": {"can_cancel": None, "estimated_time": None},
        "error": {"code": "generation_timeout", "message": "m", "type": None},
    }  # fmt: skip
    assert spec.check_response(*GET_TASK, 200, {}, nested) == []
    error = {"error": {"code": "c", "message": "m", "type": None, "param": None}}
    assert spec.check_response(*CREATE, 400, {}, error) == []


def test_response_schemas_are_open_and_request_schemas_closed(spec: Spec) -> None:
    schemas = spec.at("/components/schemas")
    for name in (
        "ImageGenerationTask",
        "TaskDetail",
        "TaskInfo",
        "Usage",
        "TaskError",
        "ErrorResponse",
        "ErrorDetail",
    ):
        assert schemas[name]["additionalProperties"] is True, name
    for ref in schemas["ImageGenerationRequest"]["oneOf"]:
        assert spec.at(ref["$ref"].removeprefix("#"))["additionalProperties"] is False, ref


def test_unknown_response_fields_are_accepted_and_unknown_request_fields_rejected(spec: Spec) -> None:
    task = {
        "created": 1, "id": "t", "model": "m", "object": "image.generation.task",
        "progress": 0, "status": "pending", "brand_new_field": {"x": 1},
    }  # fmt: skip
    assert spec.check_response(*CREATE, 200, {}, task) == []
    # A model without quality (seed 004's gemini-2.5-flash-image, used here before, left the spec: D17).
    request = {"model": "wan2.5-text-to-image", "prompt": "a cat", "quality": "2K"}
    drifts = spec.check_request(*CREATE, {}, request)
    assert [d.rule.split(":")[0] for d in drifts] == ["additionalProperties"]


def test_create_declares_the_completion_callback_with_the_task_detail_body(spec: Spec) -> None:
    callback = spec.at("/paths/~1v1~1images~1generations/post/callbacks/taskFinished")
    (expression, item) = next(iter(callback.items()))
    assert expression == "{$request.body#/callback_url}"
    schema = item["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/TaskDetail"}


def test_create_accepts_an_idempotency_key_header(spec: Spec) -> None:
    op = spec.find_operation(*CREATE)
    assert op is not None
    (param,) = op.document["parameters"]
    assert spec.at(param["$ref"].removeprefix("#"))["name"] == "Idempotency-Key"
