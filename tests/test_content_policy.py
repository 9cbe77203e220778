"""Moderation outcomes: ``ContentPolicyError`` for a task moderation failed, ``ContentPolicyRefusalError`` for a
create the API refuses for its content, and what each cost; retryability from the catalogue's task error codes."""

from __future__ import annotations

from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _error_codes, _errors, _responses, _task
from evolink_images._presets import TASK_ERROR_CODES
from evolink_images.simulator import Fault, SimulatorServer
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, CREATE, CREATED, TASK_ID, task_json

TASK_PATH = f"/v1/tasks/{TASK_ID}"
MODERATED = {"code": "content_policy_violation", "message": "Your request was blocked by safety filters"}


@pytest.fixture
def journal(tmp_path: Path) -> ei.Journal:
    return ei.Journal(tmp_path / "journal.sqlite3")


@pytest.fixture
def journalled(api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal)


def fail_with(api: respx.MockRouter, model: str, error: dict[str, str]) -> None:
    api.post(CREATE).respond(200, json={**CREATED, "model": model})
    api.get(TASK_PATH).respond(200, json=task_json(model=model, status="failed", error=error))


def test_a_moderated_task_raises_content_policy_error(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    fail_with(api, "gemini-3-pro-image-preview", MODERATED)
    with pytest.raises(ei.ContentPolicyError) as caught:
        journalled.generate("nano-banana-pro-beta", "a cat")
    error = caught.value
    assert isinstance(error, ei.TaskFailedError), "still a failed task for code that catches those"
    assert (error.code, error.retryable, error.task.id) == ("content_policy_violation", False, TASK_ID)
    assert error.task.error is not None and error.task.error.moderated
    assert error.charged == 0.0, "refunded, as failed tasks are"
    assert "does not refund" not in str(error)


def test_any_other_failure_stays_a_plain_task_failed_error(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    fail_with(api, "gemini-3-pro-image-preview", {"code": "service_error", "message": "try later"})
    with pytest.raises(ei.TaskFailedError) as caught:
        journalled.generate("nano-banana-pro-beta", "a cat")
    assert type(caught.value) is ei.TaskFailedError and caught.value.retryable is True


def test_without_the_code_kinds_moderation_would_read_as_any_failure(
    journalled: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard's companion: the catalogue's kind is what makes the difference."""
    monkeypatch.setattr(_task, "failure_kind", lambda code: None)
    fail_with(api, "gemini-3-pro-image-preview", MODERATED)
    with pytest.raises(ei.TaskFailedError) as caught:
        journalled.generate("nano-banana-pro-beta", "a cat")
    assert not isinstance(caught.value, ei.ContentPolicyError)


def test_midjourney_keeps_a_moderated_tasks_credits_and_the_journal_says_so(
    journalled: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal
) -> None:
    assert ei.presets["mj-v7"].refunds["moderated"] == "none"
    fail_with(api, "mj-v7", MODERATED)
    with pytest.raises(ei.ContentPolicyError) as caught:
        journalled.generate("mj-v7", "a lighthouse")
    assert caught.value.charged == CREATED["usage"]["credits_reserved"]
    assert str(caught.value).endswith("mj-v7 does not refund moderated requests: 1.6 credits spent.")
    (entry,) = journal.entries()
    assert (entry.state, entry.credits_charged, entry.images_made) == ("failed", 1.6, 0)
    assert journal.spending().total.refunded == 0.0


def test_a_midjourney_failure_that_is_not_moderation_is_refunded(
    journalled: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal
) -> None:
    fail_with(api, "mj-v7", {"code": "generation_timeout", "message": "timed out"})
    with pytest.raises(ei.TaskFailedError):
        journalled.generate("mj-v7", "a lighthouse")
    (entry,) = journal.entries()
    assert entry.credits_charged == 0.0 and journal.spending().total.refunded == 1.6


def test_an_http_moderation_refusal_is_both_a_bad_request_and_a_content_policy_error(
    journalled: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The docs name no HTTP-level moderation code yet; the class is ready for one the catalogue learns."""
    monkeypatch.setattr(_responses, "MODERATION_HTTP_CODES", frozenset({"prompt_blocked"}))
    api.post(CREATE).respond(400, json={"error": {"code": "prompt_blocked", "message": "blocked", "type": "x"}})
    with pytest.raises(ei.ContentPolicyError) as caught:
        journalled.submit("nano-banana-pro-beta", "a cat")
    error = caught.value
    assert isinstance(error, ei.ContentPolicyRefusalError) and isinstance(error, ei.BadRequestError)
    assert (error.status_code, error.code, error.task, error.retryable, error.charged) == (
        400,
        "prompt_blocked",
        None,
        False,
        None,
    )
    assert str(error) == "HTTP 400 prompt_blocked: blocked"
    assert journal.entries()[0].state == "rejected", "no task was made"


def test_without_the_code_an_http_refusal_is_a_plain_bad_request(
    journalled: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_responses, "MODERATION_HTTP_CODES", frozenset())
    api.post(CREATE).respond(400, json={"error": {"code": "prompt_blocked", "message": "blocked", "type": "x"}})
    with pytest.raises(ei.BadRequestError) as caught:
        journalled.submit("nano-banana-pro-beta", "a cat")
    assert not isinstance(caught.value, ei.ContentPolicyError)


@pytest.mark.parametrize("status", [401, 402, 429])
def test_a_moderation_code_on_an_auth_credits_or_rate_answer_keeps_its_status_class(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setattr(_responses, "MODERATION_HTTP_CODES", frozenset({"prompt_blocked"}))
    api.get(TASK_PATH).respond(status, json={"error": {"code": "prompt_blocked", "message": "no"}})
    with pytest.raises(ei.APIStatusError) as caught:
        client.get_task(TASK_ID)
    assert not isinstance(caught.value, ei.ContentPolicyError)


# ---------------------------------------------------------------------------------------------- retryability
# What the hard-coded table said before the catalogue's facts replaced it: the same answers, from the docs. One
# changed: request_cancelled, whose page says "Resubmit" beside the others' "fix the input" (disputed, the spec's
# TaskError).
FORMER_TABLE: dict[str, bool | None] = {
    "content_policy_violation": False,
    "invalid_parameters": False,
    "image_processing_error": False,
    "image_dimension_mismatch": False,
    "request_cancelled": None,
    "resource_not_found": False,
    "service_error": True,
    "generation_timeout": True,
    "resource_exhausted": True,
    "quota_exceeded": True,
    "service_unavailable": True,
    "generation_failed_no_content": None,
    "unknown_error": None,
    "model_unavailable": True,
    "upstream_error": True,
    "rate_limited": True,
}


@pytest.mark.parametrize(("code", "retryable"), FORMER_TABLE.items())
def test_retryability_comes_from_the_catalogue_and_keeps_its_answers(code: str, retryable: bool | None) -> None:
    assert code in TASK_ERROR_CODES
    assert _task.is_retryable(code) is retryable


def test_channel_codes_are_transient_and_unknown_codes_unknown() -> None:
    assert (_task.is_retryable("channel_overloaded"), _task.failure_kind("channel_overloaded")) == (True, "transient")
    assert (_task.is_retryable("a_code_from_2030"), _task.failure_kind("a_code_from_2030")) == (None, "unknown")
    assert (_task.is_retryable(None), _task.failure_kind(None)) == (None, None)


def test_without_the_prefix_rule_a_channel_failure_would_be_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_error_codes, "_PREFIXES", ())
    assert _task.is_retryable("channel_overloaded") is None


def test_task_failed_picks_the_class_from_the_failure() -> None:
    def failed(code: str) -> ei.Task:
        failure = ei.TaskFailure(code, "m", _task.is_retryable(code), _task.failure_kind(code))
        return ei.Task(id="t", model="gpt-image-2", status=ei.TaskStatus.FAILED, error=failure)

    assert type(_errors.task_failed(failed("content_policy_violation"))) is ei.ContentPolicyError
    assert type(_errors.task_failed(failed("service_error"))) is ei.TaskFailedError
    cancelled = ei.Task(id="t", model="gpt-image-2", status=ei.TaskStatus.CANCELLED)
    assert type(_errors.task_failed(cancelled)) is ei.TaskFailedError


def test_the_catalogues_moderation_codes_refuse_at_once(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    """The codes the catalogue compiles (MODERATION_HTTP_CODES), as a create's 400 answer carries them."""
    code = sorted(_responses.MODERATION_HTTP_CODES)[0]
    api.post(CREATE).respond(400, json={"error": {"code": code, "message": "blocked", "type": "invalid_request_error"}})
    with pytest.raises(ei.ContentPolicyRefusalError):
        journalled.submit("nano-banana-pro-beta", "a cat")


# ---------------------------------------------------------------------------------------------- against the simulator
@pytest.mark.parametrize(("model", "kept"), [("mj-v7", True), ("mj-v8.2", False), ("nano-banana-pro-beta", False)])
def test_a_moderated_task_of_the_simulator_is_charged_as_its_docs_say(
    server: SimulatorServer, tmp_path: Path, model: str, kept: bool
) -> None:
    server.simulator.faults.add(Fault(kind="moderate", route="create", count=1))
    with ei.EvoLink(api_key="sk-sim-moderation", base_url=server.url, journal=tmp_path / "j.db") as client:
        before = client.credits().user_remaining
        with pytest.raises(ei.ContentPolicyError) as caught:
            client.generate(model, "a lighthouse")
        after = client.credits().user_remaining
        journal = client.journal
        assert journal is not None and before is not None and after is not None
        (entry,) = journal.entries()
    reserved = caught.value.task.credits_reserved
    assert reserved
    assert caught.value.charged == (reserved if kept else 0.0)
    assert entry.credits_charged == caught.value.charged
    assert before - after == pytest.approx(caught.value.charged), "the balance agrees"
