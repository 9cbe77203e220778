"""Tasks the API no longer knows: a 404 for a task id marks the journal's row ``lost``. No I/O: effects only.

``GET /v1/tasks/{task_id}`` answered 404 with the API's error body (:class:`TaskNotFoundError`) means the API does
not know the id: it expired on the API's side, or a simulator forgot it. A running task the journal knew (a
``submitted`` row of the same API) is then marked ``lost``, with the API's code and message and when it answered, and
is never polled again. Nothing else makes a row lost: a 5xx, a timeout, a network error or a 404 of a result URL
says nothing about the task, and a row with no task id (``submitting``) was never seen by the API as far as the
journal knows.

One reading of "eventual consistency": EvoLink's docs say nothing about a task that cannot be read right after its
create, and its create answers with the task itself, so a 404 is taken as final, except within
:data:`NOT_FOUND_GRACE` seconds of a create this client sent (``wait`` then polls again, as after a 5xx).
"""

from __future__ import annotations

import time

from ._effects import Context, Instant, JournalCall, Now, Steps
from ._errors import TaskNotFoundError
from ._records import record_or_warn
from ._requests import get_task
from ._task import Task

__all__ = ["NOT_FOUND_GRACE", "lost_reason", "mark_lost", "read_task"]

# Seconds after this client's own create during which a 404 for the new task is polled again rather than believed.
NOT_FOUND_GRACE = 10.0


def lost_reason(error: TaskNotFoundError, when: float) -> str:
    """What the journal records for a lost task: ``task_not_found: <the API's message> (HTTP 404 at <UTC time>)``."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(when))
    return f"{error.code}: {error.message} (HTTP 404 at {stamp})"


def mark_lost(ctx: Context, error: TaskNotFoundError) -> Steps[None]:
    """Mark the journal's running row for *error*'s task ``lost`` (when the client keeps a journal); say so in it."""
    if not ctx.journalled:
        return
    now: Instant = yield Now()
    arguments = {
        "task_id": error.task_id,
        "base_url": ctx.base_url,
        "reason": lost_reason(error, now.unix),
        "error_code": str(error.code),
    }
    if (yield from record_or_warn(JournalCall("lost", arguments), error.task_id)):
        error.marked_lost()


def read_task(ctx: Context, task_id: str) -> Steps[Task]:
    """:func:`get_task`, with a 404 for the task marking its journal row lost."""
    try:
        return (yield from get_task(ctx, task_id))
    except TaskNotFoundError as error:
        yield from mark_lost(ctx, error)
        raise
