"""The credits read in the spec (D47, D48): its operation and page, its answers, the generated client, the simulator.

The page's examples are the spec's (each error response carries the one its status has on the page); the generated
client parses each of them losslessly (respx); the simulator's answers conform, before and after tasks run.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport
from evolink_images_api import AuthenticatedClient
from evolink_images_api.api.account import get_credits
from evolink_images_api.models import CreditsResponse, ErrorResponse

from contract_tests.spec_contract import Spec

BASE_URL = "https://api.evolink.ai"
KEY = "sk-evo-contract-test-key"
PATH = "/v1/credits"
PAGE = "en/api-manual/account-management/get-credits.json"
ERRORS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    429: "rate_limit_error",
    500: "internal_server_error",
    502: "upstream_error",
    503: "service_unavailable_error",
}


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def operation(spec: Spec) -> dict[str, Any]:
    return dict(spec.document["paths"][PATH]["get"])


def example(spec: Spec, status: int) -> Any:
    return operation(spec)["responses"][str(status)]["content"]["application/json"]["example"]


def test_the_operation_names_its_page_and_keeps_the_apis_host(spec: Spec) -> None:
    read = operation(spec)
    assert (read["operationId"], read["tags"]) == ("getCredits", ["account"])
    assert read["x-evolink-source"] == f"{PAGE} @ a301c93"
    assert "servers" not in spec.document["paths"][PATH], "the API's own host"
    assert "requestBody" not in read and "parameters" not in read
    assert sorted(read["responses"]) == sorted([*map(str, [200, *ERRORS]), "5XX"])


def test_the_answer_is_read_open_and_every_field_may_be_missing_or_null(spec: Spec) -> None:
    assert spec.check_response("get", PATH, 200, {}, example(spec, 200)) == []
    for body in (
        {},
        {"success": None, "message": None, "data": None},
        {"data": {"token": None, "user": None}},
        {"data": {"token": {"remaining_credits": None, "unlimited_credits": None, "used_credits": None}}},
        {"data": {"user": {"remaining_credits": 1, "spent_today": 2}}, "new": True},
    ):
        assert spec.check_response("get", PATH, 200, {}, body) == [], body
    wrong = spec.check_response("get", PATH, 200, {}, {"data": {"user": {"remaining_credits": "lots"}}})
    assert wrong and wrong[0].json_path == "$.data.user.remaining_credits"


@pytest.mark.parametrize(("status", "kind"), list(ERRORS.items()))
def test_each_error_carries_the_pages_example_and_its_type(spec: Spec, status: int, kind: str) -> None:
    body = example(spec, status)
    assert body["error"]["code"] == status and body["error"]["type"] == kind
    assert kind in spec.at("/components/schemas/ErrorDetail/properties/type")["examples"]
    assert str(status) in operation(spec)["responses"][str(status)]["description"]
    assert spec.check_response("get", PATH, status, {}, body) == []


# ---------------------------------------------------------------------------------------------------- generated client
def call(status: int, body: Any) -> Any:
    router = respx.MockRouter(base_url=BASE_URL, assert_all_called=True, assert_all_mocked=True)
    route = router.get(PATH).respond(status, json=body)
    client = AuthenticatedClient(
        base_url=BASE_URL, token=KEY, httpx_args={"transport": httpx.MockTransport(router.handler)}
    )
    result = get_credits.sync_detailed(client=client)
    assert route.calls.last.request.headers["authorization"] == f"Bearer {KEY}"
    return result


@pytest.mark.parametrize("status", [200, *ERRORS])
def test_the_generated_client_parses_each_documented_answer_losslessly(spec: Spec, status: int) -> None:
    body = example(spec, status)
    result = call(status, body)
    assert result.status_code == status
    assert isinstance(result.parsed, CreditsResponse if status == 200 else ErrorResponse)
    assert result.parsed.to_dict() == body


def test_the_generated_async_client_reads_the_credits(spec: Spec) -> None:
    router = respx.MockRouter(base_url=BASE_URL, assert_all_called=True)
    router.get(PATH).respond(200, json=example(spec, 200))

    async def run() -> Any:
        transport = httpx.MockTransport(router.async_handler)
        async with AuthenticatedClient(base_url=BASE_URL, token=KEY, httpx_args={"transport": transport}) as client:
            return await get_credits.asyncio(client=client)

    parsed = asyncio.run(run())
    assert isinstance(parsed, CreditsResponse) and parsed.data.user.remaining_credits == 1095.3996  # type: ignore[union-attr]


def test_a_field_lost_in_parsing_would_be_caught(spec: Spec) -> None:
    parsed = call(200, example(spec, 200)).parsed
    parsed.data.token.unlimited_credits = True
    assert parsed.to_dict() != example(spec, 200)


# ---------------------------------------------------------------------------------------------------- the simulator
def test_the_simulators_answers_conform_before_and_after_tasks(spec: Spec) -> None:
    simulator = Simulator(SimulatorConfig(duration=0.0, key_limit=100.0))
    with httpx.Client(transport=SimulatorTransport(simulator), base_url=BASE_URL) as http:
        auth = {"Authorization": f"Bearer {KEY}"}
        before = http.get(PATH, headers=auth)
        http.post("/v1/images/generations", json={"model": "z-image-turbo", "prompt": "a cat"}, headers=auth)
        after = http.get(PATH, headers=auth)
        anonymous = http.get(PATH)
    for answer in (before, after, anonymous):
        assert spec.check_response("get", PATH, answer.status_code, dict(answer.headers), answer.json()) == []
    assert anonymous.status_code == 401
    assert after.json()["data"]["token"]["used_credits"] > 0 == before.json()["data"]["token"]["used_credits"]
    parsed = CreditsResponse.from_dict(after.json())
    assert parsed.to_dict() == json.loads(after.content)
