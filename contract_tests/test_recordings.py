"""Every recorded exchange conforms to the spec, and the recordings cover what the documents show."""

import copy
import json
from typing import Any

import pytest

from contract_tests import documented_facts
from contract_tests.spec_contract import RECORDINGS, Spec, load_recordings

RECORDED = load_recordings()


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recording_conforms_to_the_spec(spec: Spec, name: str) -> None:
    drifts = spec.check_recording(RECORDED[name])
    assert not drifts, f"{RECORDINGS / name}.json drifts from the spec:\n" + "\n".join(map(str, drifts))


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recording_says_where_it_came_from(name: str) -> None:
    provenance = RECORDED[name]["provenance"]
    assert provenance["kind"] in {"document", "live"}
    if provenance["kind"] == "live":
        assert provenance["date"], "a live recording carries the date it was made"
    else:
        assert provenance["document"], "a document recording names its source document"
    headers = {**RECORDED[name]["request"].get("headers", {})}
    assert headers.get("authorization", "Bearer <redacted>") == "Bearer <redacted>", "recordings never hold a key"


def test_recordings_cover_every_documented_example() -> None:
    creates = {
        rec["request"]["body"]["model"]
        for rec in RECORDED.values()
        if rec["request"]["method"] == "POST" and rec["response"]["status"] == 200
    }
    assert creates == set(documented_facts.MODELS)
    statuses = {rec["response"]["body"].get("status") for rec in RECORDED.values() if rec["request"]["method"] == "GET"}
    assert {"completed", "failed", "processing"} <= statuses
    for method in ("POST", "GET"):
        errors = {
            rec["response"]["status"]
            for rec in RECORDED.values()
            if rec["request"]["method"] == method and rec["response"]["status"] >= 400
        }
        expected = {400, 401, 402, 403, 429, 500} | ({404} if method == "GET" else set())
        assert expected <= errors, f"{method}: no recording for {sorted(expected - errors)}"


def mutated(name: str, change: Any) -> dict[str, Any]:
    recording = copy.deepcopy(RECORDED[name])
    change(recording["response"]["body"])
    return recording


@pytest.mark.parametrize(
    ("name", "change", "json_path", "rule"),
    [
        ("get-task-completed", lambda b: b.update(progress=150), "$.progress", "maximum"),
        ("get-task-completed", lambda b: b.update(status="done"), "$.status", "examples"),
        ("get-task-completed", lambda b: b.pop("id"), "$", "required"),
        ("create-gemini-3-pro-image-preview", lambda b: b.update(progress=-1), "$.progress", "minimum"),
        ("create-gemini-3-pro-image-preview", lambda b: b.update(object="image.task"), "$.object", "examples"),
        (
            "create-doubao-seedream-4.5",
            lambda b: b["usage"].update(billing_rule="per_pixel"),
            "$.usage.billing_rule",
            "examples",
        ),
        (
            "create-doubao-seedream-4.5",
            lambda b: b["usage"].update(credits_reserved="1.8"),
            "$.usage.credits_reserved",
            "type",
        ),
        ("get-task-completed", lambda b: b.update(results=["not a url"]), "$.results[0]", "format"),
        ("get-task-failed", lambda b: b["error"].pop("code"), "$.error", "required"),
        ("create-429-rate-limit", lambda b: b.pop("error"), "$", "required"),
    ],
)
def test_a_recording_that_breaks_the_spec_is_reported(
    spec: Spec, name: str, change: Any, json_path: str, rule: str
) -> None:
    drifts = spec.check_recording(mutated(name, change))
    assert [(d.json_path, d.rule.split(":")[0]) for d in drifts] == [(json_path, rule)]
    report = str(drifts[0])
    assert report.startswith(("GET /v1/tasks/{task_id} -> ", "POST /v1/images/generations -> ")), report


def test_a_value_the_spec_does_not_know_yet_is_drift_with_its_path(spec: Spec) -> None:
    (drift,) = spec.check_recording(mutated("get-task-completed", lambda b: b.update(status="archived")))
    assert str(drift).startswith(
        "GET /v1/tasks/{task_id} -> 200 response body: $.status: 'archived' is not a value the spec documents yet"
    )


def test_drift_report_names_operation_status_path_and_rule(spec: Spec) -> None:
    (drift,) = spec.check_recording(mutated("get-task-completed", lambda b: b.update(progress=150)))
    assert str(drift) == (
        "GET /v1/tasks/{task_id} -> 200 response body: $.progress: 150 is greater than the maximum of 100"
        " [maximum: 100]"
    )


def test_an_undocumented_status_and_content_type_are_reported(spec: Spec) -> None:
    recording = copy.deepcopy(RECORDED["get-task-completed"])
    recording["response"]["status"] = 201
    assert [d.rule for d in spec.check_recording(recording)] == ["responses"]
    recording = copy.deepcopy(RECORDED["get-task-completed"])
    recording["response"]["headers"]["content-type"] = "text/html"
    assert [d.rule for d in spec.check_recording(recording)] == ["content"]


def test_removing_a_documented_value_from_the_spec_fails_the_recordings(spec: Spec) -> None:
    document = copy.deepcopy(dict(spec.document))
    document["components"]["schemas"]["TaskStatus"]["examples"].remove("pending")
    mutant = Spec(document)
    failing = [name for name, rec in RECORDED.items() if mutant.check_recording(rec)]
    assert sorted(failing) == sorted(n for n, r in RECORDED.items() if r["response"]["body"].get("status") == "pending")


def test_a_spec_that_accepts_a_rejected_request_is_drift(spec: Spec) -> None:
    document = copy.deepcopy(dict(spec.document))
    # The request names nano-banana-beta, whose sizes are Nano Banana 2 Lite Beta's since the docs of 2026-10 (D17).
    document["components"]["schemas"]["NanoBananaAspectRatio"]["enum"].append("7:5")
    drifts = Spec(document).check_recording(RECORDED["create-400-invalid-request"])
    assert [d.rule for d in drifts] == ["request_conforms"]


def test_a_retired_model_is_refused_by_the_spec_and_its_response_still_checked(spec: Spec) -> None:
    """Seed 004's request names gemini-2.5-flash-image, which the spec no longer takes (D17)."""
    recording = RECORDED["create-gemini-2.5-flash-image"]
    assert recording["request_retired"]
    assert spec.check_recording(recording) == []
    document = copy.deepcopy(dict(spec.document))
    document["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"][
        "gemini-2.5-flash-image"
    ] = "#/components/schemas/NanoBanana2LiteBetaRequest"
    document["components"]["schemas"]["NanoBanana2LiteBetaRequest"]["properties"]["model"]["enum"].append(
        "gemini-2.5-flash-image"
    )
    assert [d.rule for d in Spec(document).check_recording(recording)] == ["request_retired"]
    broken = mutated("create-gemini-2.5-flash-image", lambda b: b.update(progress=-1))
    assert [(d.json_path, d.rule.split(":")[0]) for d in spec.check_recording(broken)] == [("$.progress", "minimum")]


def test_recordings_are_stored_canonically() -> None:
    """One JSON layout, so that a re-recording diff shows only what changed."""
    for path in sorted(RECORDINGS.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", path.name
