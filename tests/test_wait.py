"""wait/generate: progress callbacks, failure and timeout paths, transient errors, and the adaptive schedule."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _waiting
from evolink_images._retry import INITIAL_DELAY, MAX_DELAY
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


# ---------------------------------------------------------------------------------------------- backoff while failing
POLL_INTERVAL = 0.1
FAILING_POLLS = 7  # the backoff reaches its cap (MAX_DELAY) at the fifth failure in a row
Failure = Callable[[httpx.Request, int], httpx.Response]


def _status(code: int) -> Failure:
    return lambda request, n: httpx.Response(code, json={"error": {"code": "busy", "message": "try later"}})


def _refused(request: httpx.Request, n: int) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def _mixed(request: httpx.Request, n: int) -> httpx.Response:
    return [_status(503), _status(429), _refused, _status(500)][n % 4](request, n)


FAILURES: dict[str, Failure] = {
    "503": _status(503),
    "500": _status(500),
    "429 without Retry-After": _status(429),
    "connection refused": _refused,
    "mixed": _mixed,
}


def poll_times(
    failure: Failure, *, max_retries: int = 0, asynchronous: bool = False, bare_id: bool = False
) -> list[list[float]]:
    """When each request of a wait left, on the virtual clock, grouped by poll: FAILING_POLLS polls in a row that
    fail (each sent 1 + max_retries times), then one that finds the task completed."""
    clock = VirtualClock(start=1000.0)
    times: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(clock.now())
        if len(times) <= FAILING_POLLS * (1 + max_retries):
            return failure(request, len(times) - 1)
        return httpx.Response(200, json=completed_json())

    task = TASK_ID if bare_id else ei.Task(id=TASK_ID, model="m", status=ei.TaskStatus.PENDING, estimated_time=10)
    if asynchronous:

        async def run() -> ei.Task:
            http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
            async with ei.AsyncEvoLink(api_key="k", http_client=http, clock=clock, max_retries=max_retries) as client:
                return await client.wait(task, poll_interval=POLL_INTERVAL)

        done = asyncio.run(run())
    else:
        http = httpx.Client(transport=httpx.MockTransport(handler))
        with ei.EvoLink(api_key="k", http_client=http, clock=clock, max_retries=max_retries) as client:
            done = client.wait(task, poll_interval=POLL_INTERVAL)
    assert done.status == "completed"
    per_poll = 1 + max_retries
    assert len(times) == FAILING_POLLS * per_poll + 1
    return [times[start : start + per_poll] for start in range(0, len(times), per_poll)]


def backoff_broken(polls: list[list[float]]) -> list[str]:
    """How the gaps between polls break the promise, if they do.

    After k failed polls in a row the next waits ``max(poll_interval, backoff_delay(k))``: within
    ``[max(poll_interval, 0.75 * nominal), max(poll_interval, nominal)]``, nominal being ``INITIAL_DELAY * 2**(k-1)``
    capped at ``MAX_DELAY`` (up to 25 % jitter is taken off); so each gap is longer than the one before until the cap.
    A gap runs from a poll's last request (its retries included) to the next poll's first.
    """
    gaps = [later[0] - earlier[-1] for earlier, later in itertools.pairwise(polls)]
    broken: list[str] = []
    previous_high = 0.0
    for k, gap in enumerate(gaps, start=1):
        nominal = min(INITIAL_DELAY * 2 ** (k - 1), MAX_DELAY)
        low, high = max(POLL_INTERVAL, 0.75 * nominal), max(POLL_INTERVAL, nominal)
        if not low - 1e-9 <= gap <= high + 1e-9:
            broken.append(f"gap after {k} failed poll(s): {gap:.3f} s, outside [{low:g}, {high:g}]")
        if k > 1 and low > previous_high and not gap > gaps[k - 2]:
            broken.append(f"gap after {k} failed poll(s): {gap:.3f} s, no longer than the one before")
        previous_high = high
    return broken


@pytest.mark.parametrize("max_retries", [0, 2])
@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("failure", list(FAILURES))
def test_polls_back_off_while_the_api_fails(failure: str, asynchronous: bool, max_retries: int) -> None:
    """A failing API is not polled at the schedule's pace: each failed poll in a row doubles the wait, to the cap."""
    broken = backoff_broken(poll_times(FAILURES[failure], max_retries=max_retries, asynchronous=asynchronous))
    assert not broken, "; ".join(broken)


@pytest.mark.parametrize("max_retries", [0, 2])
def test_polls_of_a_bare_task_id_back_off_while_the_api_fails(max_retries: int) -> None:
    """Before the first answer there is no schedule to follow, but failures still back off (they did not: the first
    polls of a bare id were sent back to back, with no pause at all when max_retries=0)."""
    broken = backoff_broken(poll_times(_status(503), max_retries=max_retries, bare_id=True))
    assert not broken, "; ".join(broken)


def _no_backoff(attempt: int, retry_after: float | None = None, **kwargs: object) -> float:
    return 0.0


def _forgetting_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    poll_delay = _waiting._poll_delay

    def without_failures(*args: Any, failures: int, **kwargs: Any) -> float:
        return poll_delay(*args, failures=0, **kwargs)

    monkeypatch.setattr(_waiting, "_poll_delay", without_failures)


@pytest.mark.parametrize("max_retries", [0, 2])
@pytest.mark.parametrize("mutation", ["backoff_delay returns 0", "_poll_delay ignores failures"])
def test_without_the_backoff_polls_keep_the_schedules_pace(
    mutation: str, max_retries: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check bites: with the wait's backoff gone, the failing API is polled every poll_interval."""
    if mutation == "backoff_delay returns 0":
        monkeypatch.setattr(_waiting, "backoff_delay", _no_backoff)
    else:
        _forgetting_failures(monkeypatch)
    polls = poll_times(_status(503), max_retries=max_retries)
    gaps = {round(later[0] - earlier[-1], 9) for earlier, later in itertools.pairwise(polls)}
    assert gaps == {POLL_INTERVAL}
    broken = backoff_broken(polls)
    assert len(broken) >= FAILING_POLLS, broken
    assert "gap after 2 failed poll(s): 0.100 s, outside [0.75, 1]" in broken
    with pytest.raises(AssertionError, match=r"gap after 1 failed poll\(s\): 0\.100 s, outside \[0\.375, 0\.5\]"):
        test_polls_back_off_while_the_api_fails("mixed", asynchronous=True, max_retries=max_retries)
