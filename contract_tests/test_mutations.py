"""The suite bites: a mutated copy of the spec (an enum value removed, a limit tightened, a required field added, a
response field's type changed) makes the contract checks fail, and the real spec passes them all."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport

from contract_tests import documented_facts
from contract_tests.spec_contract import Spec, load_recordings

RECORDED = load_recordings()


def simulator_exchanges() -> list[tuple[str, str, int, dict[str, str], Any]]:
    """One simulated task's create, poll and a 404, as (method, path, status, headers, body)."""
    import httpx  # noqa: PLC0415

    simulator = Simulator(SimulatorConfig(duration=0.0))
    http = httpx.Client(
        base_url="http://sim.test", transport=SimulatorTransport(simulator), headers={"Authorization": "Bearer k"}
    )
    created = http.post("/v1/images/generations", json={"model": "wan2.5-text-to-image", "prompt": "a lake", "n": 2})
    responses = [created, http.get(f"/v1/tasks/{created.json()['id']}"), http.get("/v1/tasks/task-unified-0-missing")]
    return [(r.request.method, r.request.url.path, r.status_code, dict(r.headers), r.json()) for r in responses]


EXCHANGES = simulator_exchanges()


def contract_failures(spec: Spec) -> list[str]:
    """Every contract check that does not need the network: facts, recordings, simulator answers.

    (The catalogue, which the presets read, is held to the spec by `make check-generated`: see
    test_check_generated.py.)
    """
    failures = [f"facts: {line}" for line in documented_facts.mismatches(spec)]
    for name, recording in RECORDED.items():
        failures += [f"recording {name}: {drift}" for drift in spec.check_recording(recording)]
    for method, path, status, headers, body in EXCHANGES:
        failures += [f"simulator: {drift}" for drift in spec.check_response(method, path, status, headers, body)]
    return failures


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "request enum value removed": lambda d: schemas(d)["Gemini3ProImagePreviewRequest"]["properties"]["size"][
        "enum"
    ].remove("21:9"),
    "response known value removed": lambda d: schemas(d)["TaskStatus"]["examples"].remove("completed"),
    "request limit tightened": lambda d: schemas(d)["DoubaoSeedream45Request"]["properties"]["n"].update(maximum=10),
    "response limit tightened": lambda d: schemas(d)["TaskDetail"]["properties"]["progress"].update(maximum=90),
    "request field made required": lambda d: schemas(d)["Wan25TextToImageRequest"]["required"].append("size"),
    "response field made required": lambda d: schemas(d)["TaskDetail"]["required"].append("error"),
    "response field type changed": lambda d: schemas(d)["Usage"]["properties"]["credits_reserved"].update(
        type="string"
    ),
    "error field type changed": lambda d: schemas(d)["ErrorDetail"]["properties"]["code"].update(
        oneOf=[{"type": "string"}]
    ),
}


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def test_the_real_spec_passes_every_check(spec: Spec) -> None:
    assert contract_failures(spec) == []


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_mutated_spec_fails_the_contract(spec: Spec, mutation: str) -> None:
    document = copy.deepcopy(dict(spec.document))
    MUTATIONS[mutation](document)
    failures = contract_failures(Spec(document))
    assert failures, f"the contract did not notice: {mutation}"
