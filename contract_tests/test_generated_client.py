"""The generated client sends each recorded request and parses each recorded response, losslessly.

Each exchange is replayed with respx through ``evolink_images_api``: the request it sends must be the recorded one,
the response must parse into the model the spec names for its status, and ``to_dict()`` must give back the recorded
JSON (a field the generator dropped or renamed would show here).
"""

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx
from evolink_images import presets
from evolink_images_api import AuthenticatedClient, models
from evolink_images_api.api.images import create_image_generation
from evolink_images_api.api.tasks import get_task
from evolink_images_api.models import ErrorResponse, ImageGenerationTask, TaskDetail

from contract_tests.spec_contract import load_recordings

BASE_URL = "https://api.evolink.ai"
KEY = "sk-evo-contract-test-key"
RECORDED = load_recordings()
# The generated request class of every model, as the catalogue names it.
REQUEST_MODELS: dict[str, Any] = {
    name: getattr(models, model.request_class) for model in presets.values() for name in (model.id, *model.former_ids)
}
# Recorded requests the spec rejects cannot be built by the generated models; they are replayed as raw JSON below.
# Nor can a request for a model the spec no longer takes (request_retired, D17): its response is parsed on its own.
REPLAYABLE = sorted(
    name for name, rec in RECORDED.items() if rec.get("request_conforms", True) and not rec.get("request_retired")
)
RETIRED = sorted(name for name, rec in RECORDED.items() if rec.get("request_retired"))


def expected_type(method: str, status: int) -> type:
    if status >= 400:
        return ErrorResponse
    return ImageGenerationTask if method == "POST" else TaskDetail


def mock_router(recording: dict[str, Any]) -> tuple[respx.MockRouter, respx.Route]:
    request, response = recording["request"], recording["response"]
    # Used as a transport (no patching): nothing but the recorded route can answer.
    router = respx.MockRouter(base_url=BASE_URL, assert_all_called=True, assert_all_mocked=True)
    route = router.request(request["method"], request["path"]).respond(
        response["status"], headers=response["headers"], content=json.dumps(response["body"]).encode()
    )
    return router, route


def call_sync(recording: dict[str, Any], router: respx.MockRouter) -> Any:
    transport = httpx.MockTransport(router.handler)
    client = AuthenticatedClient(base_url=BASE_URL, token=KEY, httpx_args={"transport": transport})
    request = recording["request"]
    if request["method"] == "POST":
        body = REQUEST_MODELS[request["body"]["model"]].from_dict(request["body"])
        return create_image_generation.sync_detailed(client=client, body=body)
    return get_task.sync_detailed(client=client, task_id=request["path"].rsplit("/", 1)[1])


@pytest.mark.parametrize("name", REPLAYABLE)
def test_generated_client_replays_the_recording(name: str) -> None:
    recording = RECORDED[name]
    router, route = mock_router(recording)
    result = call_sync(recording, router)
    router.assert_all_called()
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    if recording["request"]["body"] is not None:
        assert json.loads(sent.content) == recording["request"]["body"]
    assert result.status_code == recording["response"]["status"]
    assert isinstance(result.parsed, expected_type(recording["request"]["method"], recording["response"]["status"]))
    assert result.parsed.to_dict() == recording["response"]["body"]


@pytest.mark.parametrize("name", [n for n in REPLAYABLE if RECORDED[n]["request"]["method"] == "POST"][:2])
def test_generated_async_client_replays_the_recording(name: str) -> None:
    recording = RECORDED[name]
    router, _ = mock_router(recording)

    async def run() -> Any:
        transport = httpx.MockTransport(router.async_handler)
        client = AuthenticatedClient(base_url=BASE_URL, token=KEY, httpx_args={"transport": transport})
        body = REQUEST_MODELS[recording["request"]["body"]["model"]].from_dict(recording["request"]["body"])
        async with client:
            return await create_image_generation.asyncio_detailed(client=client, body=body)

    result = asyncio.run(run())
    router.assert_all_called()
    assert result.parsed.to_dict() == recording["response"]["body"]


@pytest.mark.parametrize("name", [n for n in REPLAYABLE if RECORDED[n]["request"]["method"] == "POST"])
def test_generated_request_models_round_trip_the_recorded_body(name: str) -> None:
    body = RECORDED[name]["request"]["body"]
    assert REQUEST_MODELS[body["model"]].from_dict(body).to_dict() == body


@pytest.mark.parametrize("name", RETIRED)
def test_the_response_to_a_retired_models_request_still_parses(name: str) -> None:
    recording = RECORDED[name]
    kind = expected_type(recording["request"]["method"], recording["response"]["status"])
    assert kind.from_dict(recording["response"]["body"]).to_dict() == recording["response"]["body"]


def test_a_field_lost_in_parsing_would_be_caught() -> None:
    """The round-trip comparison bites: a parser that drops a field no longer equals the recording."""
    body = RECORDED["get-task-completed"]["response"]["body"]
    parsed = TaskDetail.from_dict(body)
    parsed.results = []
    assert parsed.to_dict() != body
