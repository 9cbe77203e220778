"""wait/generate: progress callbacks, failure and timeout paths, transient errors, and the adaptive schedule."""

from __future__ import annotations

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images.testing import VirtualClock

from tests.conftest import CREATED, TASK_ID, completed_json, task_json

CREATE = "/v1/images/generations"
TASK_PATH = f"/v1/tasks/{TASK_ID}"


def responses(*bodies: dict) -> list[httpx.Response]:
    return [httpx.Response(200, json=body) for body in bodies]


def test_generate_reports_each_change_and_returns_the_completed_task(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.post(CREATE).respond(200, json=CREATED)
    polls = api.get(TASK_PATH).mock(
        side_effect=responses(
            task_json(status="processing", progress=30),
            task_json(status="processing", progress=30),
            task_json(status="processing", progress=80),
            completed_json("https://files.example.com/a.png", "https://files.example.com/b.png"),
        )
    )
    seen: list[tuple[str, int]] = []
    task = client.generate("nano-banana", "a cat", on_progress=lambda t: seen.append((t.status, t.progress)))
    assert task.status == "completed"
    assert task.results == ["https://files.example.com/a.png", "https://files.example.com/b.png"]
    assert seen == [("pending", 0), ("processing", 30), ("processing", 80), ("completed", 100)]
    assert polls.call_count == 4


@pytest.mark.parametrize(
    ("code", "retryable"),
    [("content_policy_violation", False), ("service_error", True), ("unknown_error", None), ("brand_new_code", None)],
)
def test_a_failed_task_raises_with_its_code(
    client: ei.EvoLink, api: respx.MockRouter, code: str, retryable: bool | None
) -> None:
    failed = task_json(status="failed", error={"code": code, "message": "nope", "type": "task_error"})
    api.get(TASK_PATH).mock(side_effect=responses(failed))
    with pytest.raises(ei.TaskFailedError) as caught:
        client.wait(TASK_ID)
    error = caught.value
    assert (error.code, error.message, error.retryable) == (code, "nope", retryable)
    assert error.task.id == TASK_ID
    assert TASK_ID in str(error) and code in str(error)


def test_a_cancelled_task_is_final_and_raises(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).mock(
        side_effect=responses(task_json(status="processing", progress=10), task_json(status="cancelled"))
    )
    with pytest.raises(ei.TaskFailedError, match="cancelled"):
        client.wait(TASK_ID)


def test_timeout_names_the_task_and_leaves_it_running(
    client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock
) -> None:
    api.get(TASK_PATH).respond(200, json=task_json(status="processing", progress=5))
    start = clock.now()
    with pytest.raises(ei.TaskTimeoutError) as caught:
        client.wait(TASK_ID, timeout=60)
    assert caught.value.task_id == TASK_ID
    assert caught.value.task is not None and caught.value.task.progress == 5
    assert TASK_ID in str(caught.value)
    assert clock.now() - start == pytest.approx(60.0), "waits exactly the timeout, no more"


def test_wait_keeps_polling_through_transient_failures(client: ei.EvoLink, api: respx.MockRouter) -> None:
    down = httpx.Response(503, text="busy")
    api.get(TASK_PATH).mock(
        side_effect=[down, down, down, down, httpx.ConnectError("refused"), *responses(completed_json())]
    )
    assert client.wait(TASK_ID).status == "completed"


def test_wait_stops_on_errors_a_retry_cannot_fix(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(TASK_PATH).respond(404, json={"error": {"code": "task_not_found", "message": "no such task"}})
    with pytest.raises(ei.NotFoundError):
        client.wait(TASK_ID)


def test_fixed_poll_interval(client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock) -> None:
    api.get(TASK_PATH).mock(side_effect=responses(task_json(status="processing", progress=50), completed_json()))
    client.wait(TASK_ID, poll_interval=2.5)
    assert clock.sleeps == [2.5]


def test_wait_accepts_a_task_without_fetching_it_first(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.get(TASK_PATH).mock(side_effect=responses(completed_json()))
    done = client.wait(ei.Task(id=TASK_ID, model="m", status=ei.TaskStatus.PENDING, estimated_time=10))
    assert done.status == "completed"
    assert route.call_count == 1


@pytest.mark.parametrize(("name", "value"), [("timeout", 0), ("timeout", -5), ("poll_interval", 0)])
def test_wait_rejects_bad_arguments(client: ei.EvoLink, name: str, value: float) -> None:
    with pytest.raises(ei.ValidationError, match=name):
        client.wait(TASK_ID, **{name: value})


@pytest.mark.parametrize("task_id", ["", " ", "..", "a b", None])
def test_bad_task_ids_are_rejected_before_any_request(
    client: ei.EvoLink, api: respx.MockRouter, task_id: object
) -> None:
    with pytest.raises(ei.ValidationError, match="task_id"):
        client.get_task(task_id)  # type: ignore[arg-type]
    assert api.calls.call_count == 0


def test_a_completed_task_without_results_is_fetched(client: ei.EvoLink, api: respx.MockRouter) -> None:
    """A replayed create answer may say 'completed' but carries no results: wait fetches the task itself."""
    route = api.get(TASK_PATH).mock(side_effect=responses(completed_json("https://files.example.com/a.png")))
    bare = ei.Task(id=TASK_ID, model="m", status=ei.TaskStatus.COMPLETED, progress=100)
    assert client.wait(bare).results == ["https://files.example.com/a.png"]
    assert route.call_count == 1
