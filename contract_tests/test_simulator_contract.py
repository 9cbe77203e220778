"""Spec <-> simulator: schemathesis drives every operation of the spec against the simulator's ASGI app.

Positive and negative data, every schemathesis check, and a stateful run that follows the spec's OpenAPI link from
create to get-task. One check is adapted: a schema-valid create body may still break a rule the spec states only in a
description (Wan's pixel totals, a private callback host); it must then be rejected with 400 naming that rule. So may
a schema-valid upload: bytes that are not an image, a file too large, a URL the service cannot fetch (D41-D43); the
files service's refusal (its envelope's `msg`) must then name the fact of `x-evolink-files` it breaks, or the URL.
"""

import re
import uuid

import pytest
import schemathesis
from evolink_images.simulator import Simulator, SimulatorApp, SimulatorConfig
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from contract_tests.spec_contract import Spec
from tests.tiers import examples, tier

KEY = "sk-contract-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
RULE = re.compile(r"\(Rule [a-z0-9-]+\)")
FILES_PREFIX = "/api/v1/files/"
FILES_RULES = Spec.load().document["components"]["x-evolink-files"]
UNFETCHABLE = ("could not be fetched", "must be an http or https URL")


def simulator_schema(document: dict) -> schemathesis.schemas.BaseSchema:
    schema = schemathesis.openapi.from_dict(document)
    schema.app = SimulatorApp(Simulator(SimulatorConfig(duration=0.05, api_key=KEY)))
    if tier() == "fast":  # the coverage phase's boundary cases, most of the run's time, in `make test-all` only
        schema.config.phases.coverage.enabled = False
    return schema


schema = simulator_schema(Spec.load().document)


def accepted_or_rejected_by_a_described_rule(ctx, response, case) -> None:
    """positive_data_acceptance, except that a 400 citing a description-stated rule is the documented answer."""
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and case.path.startswith(FILES_PREFIX) and response.status_code in {400, 413}:
        message = response.json()["msg"]
        named = {match.group(1) for match in re.finditer(r"\(Rule ([a-z0-9-]+)\)", message)}
        fetch = case.path.endswith("/url") and any(words in message for words in UNFETCHABLE)
        assert (named and named <= set(FILES_RULES)) or fetch, f"an upload was refused without its reason: {message}"
        return
    if response.status_code == 400 and positive:
        message = response.json()["error"]["message"]
        assert RULE.search(message), f"a schema-valid request was rejected without naming a described rule: {message}"
        return
    positive_data_acceptance(ctx, response, case)


def headers_for(case) -> dict[str, str]:
    """Auth, and for schema-valid cases a fresh Idempotency-Key: hypothesis reuses generated keys across bodies,
    which the simulator (like any idempotent API) rightly refuses."""
    headers = dict(AUTH)
    if case.meta is not None and case.meta.generation.mode.is_positive and case.operation.method.upper() == "POST":
        headers["Idempotency-Key"] = f"contract-{uuid.uuid4().hex}"
    return headers


def excluded_for(case) -> list:
    """positive_data_acceptance is adapted (above). A multipart body's fields are text on the wire: a negative case
    that only changes a form field's JSON type (``upload_path: null`` sent as the text ``null``) is a valid body, so
    negative_data_rejection cannot hold there; the simulator's own tests refuse the multipart bodies it must."""
    if case.media_type == "multipart/form-data":
        return [positive_data_acceptance, negative_data_rejection]
    return [positive_data_acceptance]


@schema.parametrize()
@settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
def test_simulator_conforms_to_the_spec(case) -> None:
    response = case.call_and_validate(
        headers=headers_for(case),
        excluded_checks=excluded_for(case),
        additional_checks=[accepted_or_rejected_by_a_described_rule],
    )
    if case.meta is not None and case.meta.generation.mode.is_positive and "Authorization" not in (case.headers or {}):
        assert response.status_code != 401, "the run must reach the simulator's handlers, not stop at auth"


class CreateThenGet(schema.as_state_machine()):  # type: ignore[misc]
    """Sequences of calls that follow the spec's link from a created task to GET /v1/tasks/{task_id}."""

    def get_call_kwargs(self, case):
        return {"headers": headers_for(case)}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(
            response,
            excluded_checks=excluded_for(case),
            additional_checks=[accepted_or_rejected_by_a_described_rule],
        )


STATEFUL = settings(
    max_examples=examples(15), stateful_step_count=4, deadline=None, suppress_health_check=list(HealthCheck)
)
TestStatefulCreateThenGet = CreateThenGet.TestCase
TestStatefulCreateThenGet.settings = STATEFUL


def test_the_stateful_run_gets_the_tasks_it_created() -> None:
    """The run is not vacuous: creates succeed, and the link leads to polls of the very tasks they created."""
    simulator = schema.app.simulator
    before = sum(task.polls for task in simulator._tasks.values())
    CreateThenGet.run(settings=STATEFUL)
    polls_of_created_tasks = sum(task.polls for task in simulator._tasks.values()) - before
    assert simulator.stats.tasks_created > 0
    assert polls_of_created_tasks > 0


def test_the_spec_links_create_to_get_task() -> None:
    links = Spec.load().at("/paths/~1v1~1images~1generations/post/responses/200/links")
    assert links["GetCreatedTask"] == {
        "operationId": "getTask",
        "parameters": {"task_id": "$response.body#/id"},
        "description": links["GetCreatedTask"]["description"],
    }


def test_schemathesis_catches_a_simulator_that_drifts_from_the_spec() -> None:
    """The suite bites: against a spec whose progress may not exceed 50, the simulator's answers fail."""
    document = Spec.load().document
    document["components"]["schemas"]["TaskDetail"]["properties"]["progress"]["maximum"] = 50
    document["components"]["schemas"]["ImageGenerationTask"]["required"].append("results")
    mutant = simulator_schema(document)
    operation = mutant["/v1/images/generations"]["POST"]
    case = operation.Case(
        body={"model": "nano-banana-beta", "prompt": "a cat"}, headers=AUTH, media_type="application/json"
    )
    with pytest.raises(FailureGroup) as caught:
        case.call_and_validate()
    reported = " ".join(str(failure) for failure in caught.value.exceptions)
    assert '"results" is a required property' in reported
