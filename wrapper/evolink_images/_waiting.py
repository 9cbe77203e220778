"""Waiting for a task: poll on the adaptive schedule (or a fixed interval) until it ends. No I/O: effects only."""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable

import attrs

from ._effects import Context, Instant, JournalCall, Notify, Now, Sleep, Steps
from ._errors import (
    APIConnectionError,
    FewerImagesWarning,
    MalformedResponseError,
    RateLimitError,
    ServerError,
    TaskNotFoundError,
    TaskTimeoutError,
    ValidationError,
    task_failed,
)
from ._lost import NOT_FOUND_GRACE, mark_lost
from ._polling import PollSchedule
from ._presets import presets
from ._records import record_or_warn
from ._requests import check_task_id, get_task
from ._retry import backoff_delay
from ._task import Task, TaskStatus

__all__ = ["wait"]

log = logging.getLogger("evolink_images")

_TRANSIENT_DURING_WAIT = (APIConnectionError, RateLimitError, ServerError, MalformedResponseError)
# A task whose `created` is older than this is not aged further: the schedule only needs "long ago".
_MAX_AGE = 86400.0


def _origin(task: Task, now: Instant) -> float:
    """When the task started, on the client's clock: known for tasks submitted here, else from ``created``."""
    if task.started_at is not None:
        return task.started_at
    # ``created`` is whole seconds, rounded down: the true age is up to a second less. Take the middle.
    age = max(0.0, now.unix - task.created - 0.5) if task.created else 0.0
    return now.monotonic - min(age, _MAX_AGE)


def _poll_delay(
    schedule: PollSchedule,
    task: Task | None,
    elapsed: float,
    *,
    estimate: int | None,
    poll_interval: float | None,
    failures: int,
    read_at: float | None = None,
) -> float:
    """Seconds until the next poll: the interval or schedule's, and never less than the backoff while polls fail.

    Before the first answer the schedule has nothing to wait for: the first poll goes at once. *read_at* is the
    task's age when *task* was read (earlier than *elapsed* after a failed poll).
    """
    if task is None:
        delay = 0.0
    elif poll_interval is not None:
        delay = poll_interval
    else:
        delay = schedule.next_delay(elapsed, estimate, task.progress, read_at=read_at)
    return max(delay, backoff_delay(failures)) if failures else delay


def _check_wait_arguments(timeout: float | None, poll_interval: float | None) -> None:
    if timeout is not None and not (_is_number(timeout) and timeout > 0):
        raise ValidationError("timeout", timeout, "must be a positive number of seconds (inf: no limit), or None")
    if poll_interval is not None and not (_is_number(poll_interval) and 0 < poll_interval < math.inf):
        raise ValidationError("poll_interval", poll_interval, "must be a positive, finite number of seconds, or None")


def _is_number(value: object) -> bool:
    """A real number (not a bool) that is not NaN."""
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def _known_state(task_or_id: Task | str) -> Task | None:
    """The task's state as given, if it is worth starting from (not for a bare id)."""
    if not isinstance(task_or_id, Task):
        return None
    if task_or_id.status == TaskStatus.COMPLETED and not task_or_id.results:
        # A create answer (a replayed one, say) can say "completed" without results: fetch the task itself.
        return attrs.evolve(task_or_id, status=TaskStatus.PROCESSING)
    return task_or_id


def wait(
    ctx: Context,
    task_or_id: Task | str,
    *,
    timeout: float | None,
    poll_interval: float | None,
    on_progress: Callable[[Task], object] | None,
) -> Steps[Task]:
    """Poll until the task is final; return it completed, or raise TaskFailedError / TaskTimeoutError.

    A *timeout* of None is the model's own (:meth:`Presets.wait_timeout`), known once the task is: until the first
    answer for a bare id, the default for any model. A 404 for the task raises :class:`TaskNotFoundError` and marks
    its journal row lost, unless it comes within :data:`NOT_FOUND_GRACE` of this client's own create: then it is
    polled again, as after a 5xx.
    """
    _check_wait_arguments(timeout, poll_interval)
    task = _known_state(task_or_id)
    task_id = task.id if task else check_task_id(task_or_id)
    request = task.request if task else None  # a poll's answer does not repeat it: carried over
    created_here = task.started_at if task else None  # when this client created it (monotonic), if it did
    start: Instant = yield Now()
    limit = timeout if timeout is not None else presets.wait_timeout(task.model if task else None)
    deadline = start.monotonic + limit
    estimate = task.estimated_time if task else None
    origin = _origin(task, start) if task else None
    seen: tuple[TaskStatus, int] | None = None
    failures = 0
    schedule = PollSchedule()
    read_at: float | None = None  # the task's age when `task` was read: the schedule takes each reading once
    while True:
        if task is not None:
            if timeout is None and limit != (model_limit := presets.wait_timeout(task.model)):
                limit, deadline = model_limit, start.monotonic + model_limit
            estimate = task.estimated_time or estimate
            if origin is None:
                origin = _origin(task, (yield Now()))
            if on_progress is not None and (task.status, task.progress) != seen:
                yield Notify(on_progress, task)
            seen = (task.status, task.progress)
            if task.status.is_final:
                break
        now: Instant = yield Now()
        if now.monotonic >= deadline:
            raise TaskTimeoutError(task_id, timeout=limit, task=task)
        elapsed = now.monotonic - (origin or now.monotonic)
        read_at = elapsed if read_at is None else read_at
        delay = _poll_delay(
            schedule, task, elapsed, estimate=estimate, poll_interval=poll_interval, failures=failures, read_at=read_at
        )
        if delay:
            yield Sleep(min(delay, deadline - now.monotonic))
        try:
            task = attrs.evolve((yield from get_task(ctx, task_id)), request=request)
            failures, read_at = 0, None
        except (*_TRANSIENT_DURING_WAIT, TaskNotFoundError) as exc:
            failures += 1
            yield from _after_failed_poll(ctx, exc, task_id, created_here, deadline)
    if ctx.journalled:
        yield from record_or_warn(JournalCall("finished", {"task": task}), task.id)
    if task.status == TaskStatus.COMPLETED:
        _warn_if_fewer(task)
        return task
    raise task_failed(task)


def _after_failed_poll(
    ctx: Context, exc: Exception, task_id: str, created_here: float | None, deadline: float
) -> Steps[None]:
    """After a poll that failed: raise a 404 that is believed (its journal row marked lost), else warn and go on.

    A 404 is believed unless it comes within :data:`NOT_FOUND_GRACE` seconds of this client's own create
    (*created_here*, on the monotonic clock). A 429 that says how long to wait is waited for, up to *deadline*.
    """
    if isinstance(exc, TaskNotFoundError):
        answered: Instant = yield Now()
        if created_here is None or answered.monotonic - created_here >= NOT_FOUND_GRACE:
            yield from mark_lost(ctx, exc)
            raise exc
        log.warning("polling task %s: %s, just after its create; still waiting", task_id, exc)
        return
    log.warning("polling task %s: %s; still waiting", task_id, exc)
    if isinstance(exc, RateLimitError) and exc.retry_after:
        after: Instant = yield Now()
        yield Sleep(min(exc.retry_after, max(0.0, deadline - after.monotonic)))


def _warn_if_fewer(task: Task) -> None:
    """A :class:`FewerImagesWarning` when a completed task holds fewer results than its request asked for."""
    asked = task.images_asked
    if asked is not None and len(task.results) < asked:
        warnings.warn(FewerImagesWarning(task.id, asked, len(task.results)), stacklevel=2)
