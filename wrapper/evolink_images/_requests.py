"""Creating a task and reading one: the requests to the API, with their retry rules. No I/O: effects only.

A create is sent again only when the server certainly did not take it (the connection never opened, or a 429);
anything else that leaves its fate unknown is reported as such, never resent. Reads retry every transient failure.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import httpx

from ._effects import Context, Instant, JournalCall, JournalMethod, Now, Send, Sleep, Steps
from ._errors import APIConnectionError, APIStatusError, NotFoundError, TaskNotFoundError, ValidationError
from ._generated import create_request, get_task_request, parse_create, parse_get_task
from ._records import record_or_warn
from ._references import Images, substitute
from ._responses import error_from_response, task_from_response
from ._retry import backoff_delay, create_never_sent, parse_retry_after
from ._sending import connection_error, send_read
from ._task import Task
from ._uploads import reference_lifetime, upload_images
from ._validation import ValidatedRequest

__all__ = [
    "Submission",
    "absolute",
    "check_task_id",
    "get_task",
    "new_idempotency_key",
    "send_create",
    "submit",
]

log = logging.getLogger("evolink_images")


def new_idempotency_key() -> str:
    """A fresh Idempotency-Key: 16-96 characters of [A-Za-z0-9._-], as EvoLink's own client sends."""
    return f"evolink-images-{secrets.token_hex(16)}"


def absolute(ctx: Context, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Generated kwargs with the API's absolute URL, so a user's http_client needs no base_url."""
    return {**kwargs, "url": ctx.base_url + kwargs["url"], "follow_redirects": False}


@attrs.frozen
class Submission:
    """A validated create, ready to send, with what the journal needs to know about it.

    *images* are the local images its body holds placeholders for (``_references``): uploaded (or found uploaded)
    before the create is built, their URLs put in the placeholders' place.
    """

    request: ValidatedRequest
    extra_body: Mapping[str, Any] | None = None
    idempotency_key: str | None = None
    batch_key: str | None = None
    out_dir: Path | None = None
    parent_task_id: str | None = None
    images: Images = attrs.field(factory=dict, repr=False)


def submit(ctx: Context, submission: Submission) -> Steps[Task]:
    """Create a task; retried only when the server certainly did not take the request; journalled when asked.

    Its local images are uploaded first (each content once while its upload lives long enough for the model's
    longest run): a failed upload raises before the create is built, so nothing is sent, journalled or charged.
    """
    key = submission.idempotency_key or new_idempotency_key()
    request = submission.request
    body = request.body
    if submission.images:
        urls = yield from upload_images(ctx, submission.images, reference_lifetime(request.model_id))
        body = substitute(body, urls)
    kwargs = absolute(
        ctx,
        create_request(
            body,
            request_class=request.request_class,
            idempotency_key=key,
            extra_body=submission.extra_body,
        ),
    )
    begin = None
    if ctx.journalled:
        arguments = {"idempotency_key": key, "base_url": ctx.base_url, "body": kwargs["json"]}
        arguments |= {"batch_key": submission.batch_key, "out_dir": submission.out_dir}
        if submission.parent_task_id is not None:
            arguments["parent_task_id"] = submission.parent_task_id
        begin = JournalCall("begin", arguments)
    return (yield from send_create(ctx, kwargs, key, begin))


def send_create(ctx: Context, kwargs: Mapping[str, Any], key: str, begin: JournalCall | None = None) -> Steps[Task]:
    """Send a create; again only after a failure that proves the server never took it (or a 429).

    *begin* (the journal's first row) is written once, just before the first attempt leaves; the outcome is
    journalled too when the client keeps a journal.
    """
    try:
        task = yield from _create_attempts(ctx, kwargs, key, begin)
    except (APIConnectionError, APIStatusError) as exc:
        if ctx.journalled:
            unknown = getattr(exc, "outcome_unknown", False)
            method: JournalMethod = "unknown_outcome" if unknown else "rejected"
            yield from record_or_warn(JournalCall(method, {"idempotency_key": key, "error": str(exc)}), None)
        raise
    if ctx.journalled:
        yield from record_or_warn(JournalCall("submitted", {"idempotency_key": key, "task": task}), task.id)
    return task


def _create_attempts(ctx: Context, kwargs: Mapping[str, Any], key: str, begin: JournalCall | None) -> Steps[Task]:
    attempt = 0
    while True:
        try:
            response: httpx.Response = yield Send(kwargs, journal=begin if attempt == 0 else None)
        except httpx.TransportError as exc:
            never_sent = create_never_sent(exc)
            if never_sent and attempt < ctx.max_retries:
                attempt += 1
                log.info("create: %s before the request was sent; retry %d", type(exc).__name__, attempt)
                yield Sleep(backoff_delay(attempt))
                continue
            raise connection_error(exc, outcome_unknown=not never_sent, key=key) from exc
        if response.status_code == 429 and attempt < ctx.max_retries:
            attempt += 1
            delay = backoff_delay(attempt, parse_retry_after(response.headers))
            log.info("create: 429 rate limited; retry %d in %.2f s (a 429 is never charged)", attempt, delay)
            yield Sleep(delay)
            continue
        if not 200 <= response.status_code < 300:
            raise error_from_response(response, parse_create, creating=True)
        task = task_from_response(response, parse_create, creating=True)
        log.info("created task %s (%s), %s credits reserved", task.id, task.model, task.credits_reserved)
        now: Instant = yield Now()
        return attrs.evolve(task, started_at=now.monotonic, request=kwargs["json"])


def check_task_id(task_id: object) -> str:
    """A task id fit for a URL path, or a :class:`ValidationError`."""
    if not isinstance(task_id, str) or not task_id.strip() or task_id.strip() in {".", ".."}:
        raise ValidationError("task_id", task_id, "must be a non-empty task id string, like 'task-unified-...'")
    if any(ch.isspace() for ch in task_id):
        raise ValidationError("task_id", task_id, "must not contain spaces")
    return task_id


def get_task(ctx: Context, task_id: str) -> Steps[Task]:
    """Fetch a task's current state; a :class:`TaskNotFoundError` when the API says it does not know the id."""
    kwargs = absolute(ctx, get_task_request(check_task_id(task_id)))
    response = yield from send_read(ctx, kwargs)
    if not 200 <= response.status_code < 300:
        raise _unknown_task(error_from_response(response, parse_get_task), task_id)
    return task_from_response(response, parse_get_task, creating=False)


def _unknown_task(error: APIStatusError, task_id: str) -> APIStatusError:
    """A 404 that carries the API's error code is the API not knowing the task; any other error stays as it is."""
    if type(error) is not NotFoundError or error.code is None:
        return error
    return TaskNotFoundError(
        error.message, task_id=task_id, status_code=404, code=error.code, body=error.body, request_id=error.request_id
    )
