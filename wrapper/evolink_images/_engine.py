"""What every client operation does, written once for the sync and the async client.

Each operation is a generator that yields *effects* (send this request, sleep this long, call the user's callback,
stream this URL to a file) and receives their results. ``_client.py`` and ``_async_client.py`` carry the effects out,
with blocking or awaitable I/O; the decisions (validation, retries, polling, naming files) live only here.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import time
from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

import attrs
import httpx
from evolink_images_api import AuthenticatedClient
from evolink_images_api.api.images import create_image_generation
from evolink_images_api.api.tasks import get_task as get_task_operation
from evolink_images_api.models import (
    DoubaoSeedream45Request,
    Gemini3ProImagePreviewRequest,
    Gemini25FlashImageRequest,
    QwenImageEditRequest,
    Wan25TextToImageRequest,
)

from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    DownloadError,
    EvoLinkError,
    MalformedResponseError,
    RateLimitError,
    ServerError,
    TaskFailedError,
    TaskTimeoutError,
    ValidationError,
)
from ._files import extension_for, redact_url, result_path
from ._polling import next_poll_delay
from ._presets import presets
from ._responses import error_from_response, task_from_response
from ._retry import (
    backoff_delay,
    create_never_sent,
    parse_retry_after,
    read_error_is_transient,
    status_is_transient,
)
from ._task import Task, TaskStatus
from ._validation import ValidatedRequest

if TYPE_CHECKING:
    from ._journal import Journal, JournalEntry

__all__ = ["Context", "Fetch", "FetchResult", "FileSink", "Notify", "Send", "Sleep", "Steps"]

log = logging.getLogger("evolink_images")
T = TypeVar("T")

REQUEST_MODELS: Mapping[str, Any] = {
    "gemini-3-pro-image-preview": Gemini3ProImagePreviewRequest,
    "wan2.5-text-to-image": Wan25TextToImageRequest,
    "qwen-image-edit": QwenImageEditRequest,
    "doubao-seedream-4.5": DoubaoSeedream45Request,
    "gemini-2.5-flash-image": Gemini25FlashImageRequest,
}
DEFAULT_MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_GONE = frozenset({403, 404, 410})


# ---------------------------------------------------------------------------------------------------- effects
@attrs.frozen
class Send:
    """Send one request to the API (with the key) and return the :class:`httpx.Response`, body read.

    *before_send*, when given, runs at the last moment before the request leaves (after any wait for a free slot):
    the journal writes its row there, so a row that says "sent" was not merely queued.
    """

    kwargs: Mapping[str, Any] = attrs.field(repr=False)
    before_send: Callable[[], object] | None = attrs.field(default=None, repr=False)


@attrs.frozen
class Sleep:
    """Wait *seconds*."""

    seconds: float


@attrs.frozen
class Notify:
    """Call the user's ``on_progress`` with the task (awaiting it in the async client when it is a coroutine)."""

    callback: Callable[[Task], object]
    task: Task


@attrs.frozen
class Fetch:
    """GET *url* without credentials or redirects, streaming a 200 body into *path*; stop past *max_bytes*."""

    url: str
    path: Path
    max_bytes: int


@attrs.frozen
class FetchResult:
    """What a :class:`Fetch` found: the status and headers, and for a 200 the bytes written and the first ones."""

    status_code: int
    headers: Mapping[str, str]
    size: int = 0
    too_large: bool = False
    head: bytes = b""


class FileSink:
    """Where a :class:`Fetch` streams a 200 body.

    The size cap and the first bytes are decided here, so that the two clients only move bytes. Use it as a context
    manager; feed it chunks with :meth:`take` until that returns False.
    """

    def __init__(self, effect: Fetch, headers: Mapping[str, str]) -> None:
        self._limit = effect.max_bytes
        self._headers = headers
        self._file = effect.path.open("wb")
        self._size = 0
        self._head = b""

    @staticmethod
    def refusal(effect: Fetch, status_code: int, headers: Mapping[str, str]) -> FetchResult | None:
        """The result without reading the body: not a 200, or a declared length past the cap."""
        declared_text = headers.get("content-length", "")
        declared = int(declared_text) if declared_text.isdigit() else 0
        if status_code != 200 or declared > effect.max_bytes:
            return FetchResult(status_code, headers, too_large=declared > effect.max_bytes)
        return None

    def take(self, chunk: bytes) -> bool:
        """Write *chunk*; False once the body passes the cap (stop reading)."""
        self._size += len(chunk)
        if self._size > self._limit:
            return False
        self._head = self._head or chunk[:16]
        self._file.write(chunk)
        return True

    def result(self) -> FetchResult:
        """What was fetched."""
        return FetchResult(200, self._headers, self._size, too_large=self._size > self._limit, head=self._head)

    def __enter__(self) -> FileSink:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.close()


Effect = Send | Sleep | Notify | Fetch
Steps = Generator[Effect, Any, T]


@attrs.frozen
class Context:
    """What operations need from their client: the generated client, retry budget and a clock."""

    api: AuthenticatedClient = attrs.field(repr=False)
    base_url: str
    max_retries: int
    clock: Callable[[], float]
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES
    journal: Journal | None = None


def _absolute(ctx: Context, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Generated kwargs with the API's absolute URL, so a user's http_client needs no base_url."""
    return {**kwargs, "url": ctx.base_url + kwargs["url"], "follow_redirects": False}


def _connection_error(exc: Exception, *, outcome_unknown: bool = False, key: str | None = None) -> APIConnectionError:
    error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if error_class is APITimeoutError else "failed"
    return error_class(
        f"the request to EvoLink {what}: {type(exc).__name__}: {exc}",
        outcome_unknown=outcome_unknown,
        idempotency_key=key,
    )


# ---------------------------------------------------------------------------------------------------- create
def new_idempotency_key() -> str:
    """A fresh Idempotency-Key: 16-96 characters of [A-Za-z0-9._-], as EvoLink's own client sends."""
    return f"evolink-images-{secrets.token_hex(16)}"


@attrs.frozen
class Submission:
    """A validated create, ready to send, with what the journal needs to know about it."""

    request: ValidatedRequest
    extra_body: Mapping[str, Any] | None = None
    idempotency_key: str | None = None
    batch_key: str | None = None
    out_dir: Path | None = None


def submit(ctx: Context, submission: Submission) -> Steps[Task]:
    """Create a task; retried only when the server certainly did not take the request; journalled when asked."""
    key = submission.idempotency_key or new_idempotency_key()
    request = submission.request
    body = REQUEST_MODELS[request.preset.id].from_dict(request.body)
    kwargs = create_image_generation._get_kwargs(body=body, idempotency_key=key)
    if submission.extra_body:
        kwargs["json"] = {**kwargs["json"], **submission.extra_body}
    kwargs = _absolute(ctx, kwargs)
    journal = ctx.journal
    record: Callable[[], object] | None = None
    if journal is not None:
        record = functools.partial(
            journal.begin,
            idempotency_key=key,
            base_url=ctx.base_url,
            body=kwargs["json"],
            batch_key=submission.batch_key,
            out_dir=submission.out_dir,
        )
    try:
        task = yield from _send_create(ctx, kwargs, key, record)
    except (APIConnectionError, APIStatusError) as exc:
        if journal is not None:
            unknown = getattr(exc, "outcome_unknown", False)
            (journal.unknown_outcome if unknown else journal.rejected)(key, str(exc))
        raise
    if journal is not None:
        journal.submitted(key, task)
    return task


def _send_create(
    ctx: Context, kwargs: dict[str, Any], key: str, record: Callable[[], object] | None = None
) -> Steps[Task]:
    """Send a create; again only after a failure that proves the server never took it (or a 429).

    *record* (the journal's first write) runs once, just before the first attempt leaves.
    """
    attempt = 0
    while True:
        try:
            response: httpx.Response = yield Send(kwargs, before_send=record if attempt == 0 else None)
        except httpx.TransportError as exc:
            never_sent = create_never_sent(exc)
            if never_sent and attempt < ctx.max_retries:
                attempt += 1
                log.info("create: %s before the request was sent; retry %d", type(exc).__name__, attempt)
                yield Sleep(backoff_delay(attempt))
                continue
            raise _connection_error(exc, outcome_unknown=not never_sent, key=key) from exc
        if response.status_code == 429 and attempt < ctx.max_retries:
            attempt += 1
            delay = backoff_delay(attempt, parse_retry_after(response.headers))
            log.info("create: 429 rate limited; retry %d in %.2f s (a 429 is never charged)", attempt, delay)
            yield Sleep(delay)
            continue
        if not 200 <= response.status_code < 300:
            raise error_from_response(response, create_image_generation, ctx.api, creating=True)
        task = task_from_response(response, create_image_generation, ctx.api, creating=True)
        log.info("created task %s (%s), %s credits reserved", task.id, task.model, task.credits_reserved)
        return attrs.evolve(task, started_at=ctx.clock())


def send_read(ctx: Context, kwargs: dict[str, Any]) -> Steps[httpx.Response]:
    """Send an idempotent request, retrying transient failures up to ``max_retries`` times."""
    attempt = 0
    while True:
        try:
            response: httpx.Response = yield Send(kwargs)
        except httpx.TransportError as exc:
            if attempt < ctx.max_retries and read_error_is_transient(exc):
                attempt += 1
                log.info("GET %s: %s; retry %d", kwargs["url"], type(exc).__name__, attempt)
                yield Sleep(backoff_delay(attempt))
                continue
            raise _connection_error(exc) from exc
        if status_is_transient(response.status_code) and attempt < ctx.max_retries:
            attempt += 1
            delay = backoff_delay(attempt, parse_retry_after(response.headers))
            log.info("GET %s: HTTP %d; retry %d in %.2f s", kwargs["url"], response.status_code, attempt, delay)
            yield Sleep(delay)
            continue
        return response


def check_task_id(task_id: object) -> str:
    """A task id fit for a URL path, or a :class:`ValidationError`."""
    if not isinstance(task_id, str) or not task_id.strip() or task_id.strip() in {".", ".."}:
        raise ValidationError("task_id", task_id, "must be a non-empty task id string, like 'task-unified-...'")
    if any(ch.isspace() for ch in task_id):
        raise ValidationError("task_id", task_id, "must not contain spaces")
    return task_id


def get_task(ctx: Context, task_id: str) -> Steps[Task]:
    """Fetch a task's current state."""
    kwargs = _absolute(ctx, get_task_operation._get_kwargs(check_task_id(task_id)))
    response = yield from send_read(ctx, kwargs)
    if not 200 <= response.status_code < 300:
        raise error_from_response(response, get_task_operation, ctx.api)
    return task_from_response(response, get_task_operation, ctx.api, creating=False)


# ---------------------------------------------------------------------------------------------------- wait
_TRANSIENT_DURING_WAIT = (APIConnectionError, RateLimitError, ServerError, MalformedResponseError)


def _origin(ctx: Context, task: Task) -> float:
    """When the task started, on the client's clock: known for tasks submitted here, else from ``created``."""
    if task.started_at is not None:
        return task.started_at
    # ``created`` is whole seconds, rounded down: the true age is up to a second less. Take the middle.
    age = max(0.0, time.time() - task.created - 0.5) if task.created else 0.0
    return ctx.clock() - min(age, 86400.0)


def _poll_delay(
    task: Task | None, elapsed: float, estimate: int | None, poll_interval: float | None, failures: int
) -> float:
    """Seconds until the next poll: none before the first, the fixed interval, or the adaptive schedule."""
    if task is None:
        return 0.0
    delay = poll_interval if poll_interval is not None else next_poll_delay(elapsed, estimate, task.progress)
    return max(delay, backoff_delay(failures)) if failures else delay


def _check_wait_arguments(timeout: float, poll_interval: float | None) -> None:
    if timeout <= 0:
        raise ValidationError("timeout", timeout, "must be a positive number of seconds")
    if poll_interval is not None and poll_interval <= 0:
        raise ValidationError("poll_interval", poll_interval, "must be a positive number of seconds, or None")


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
    timeout: float,
    poll_interval: float | None,
    on_progress: Callable[[Task], object] | None,
) -> Steps[Task]:
    """Poll until the task is final; return it completed, or raise TaskFailedError / TaskTimeoutError."""
    _check_wait_arguments(timeout, poll_interval)
    deadline = ctx.clock() + timeout
    task = _known_state(task_or_id)
    task_id = task.id if task else check_task_id(task_or_id)
    estimate = task.estimated_time if task else None
    origin = _origin(ctx, task) if task else None
    seen: tuple[TaskStatus, int] | None = None
    failures = 0
    while True:
        if task is not None:
            estimate = task.estimated_time or estimate
            origin = origin if origin is not None else _origin(ctx, task)
            if on_progress is not None and (task.status, task.progress) != seen:
                yield Notify(on_progress, task)
            seen = (task.status, task.progress)
            if task.status.is_final:
                break
        now = ctx.clock()
        if now >= deadline:
            raise TaskTimeoutError(task_id, timeout=timeout, task=task)
        delay = _poll_delay(task, now - (origin or now), estimate, poll_interval, failures)
        if delay:
            yield Sleep(min(delay, deadline - now))
        try:
            task = yield from get_task(ctx, task_id)
            failures = 0
        except _TRANSIENT_DURING_WAIT as exc:
            failures += 1
            log.warning("polling task %s: %s; still waiting", task_id, exc)
            if isinstance(exc, RateLimitError) and exc.retry_after:
                yield Sleep(min(exc.retry_after, max(0.0, deadline - ctx.clock())))
    if ctx.journal is not None:
        ctx.journal.finished(task)
    if task.status == TaskStatus.COMPLETED:
        return task
    raise TaskFailedError(task)


# ---------------------------------------------------------------------------------------------------- download
def download(
    ctx: Context, task: Task, dest_dir: Path, *, max_bytes: int | None = None, stem: str | None = None
) -> Steps[list[Path]]:
    """Save each result of a completed task as ``<dest_dir>/<stem or task id>-<index>.<ext>``."""
    if task.status != TaskStatus.COMPLETED:
        raise EvoLinkError(f"task {task.id} is {task.status}: only a completed task has results to download")
    dest_dir.mkdir(parents=True, exist_ok=True)
    limit = max_bytes or ctx.max_download_bytes
    paths = []
    try:
        for index, url in enumerate(task.results):
            path = yield from _download_one(ctx, url, result_path(dest_dir, stem or task.id, index, "part"), limit)
            paths.append(path)
    except DownloadError as exc:
        if ctx.journal is not None:
            ctx.journal.note_error(task.id, str(exc))
        raise
    if ctx.journal is not None:
        ctx.journal.downloaded(task.id, paths)
    return paths


def _refuse_unusable(result: FetchResult, url: str, limit: int) -> None:
    """Raise the DownloadError a final, non-redirect answer deserves: gone, failed, too large, or not an image."""
    status = result.status_code
    if status in _GONE:
        raise DownloadError(
            f"HTTP {status}: the result URL has expired or is gone (result URLs last about 24 hours; "
            "download promptly after completion)",
            url=redact_url(url),
            status_code=status,
        )
    if status != 200:
        raise DownloadError(f"HTTP {status}", url=redact_url(url), status_code=status)
    if result.too_large:
        raise DownloadError(f"the file is larger than the {limit:,}-byte limit", url=redact_url(url))
    content_type = result.headers.get("content-type", "")
    if extension_for(content_type, result.head) == "bin" and content_type.startswith(("text/", "application/json")):
        raise DownloadError(f"expected an image, got {content_type}", url=redact_url(url))


def _download_one(ctx: Context, url: str, target: Path, limit: int) -> Steps[Path]:
    """Fetch *url* into *target* (its extension replaced by the one the content calls for)."""
    current, redirects, attempt = url, 0, 0
    for stale in target.parent.glob(f".{target.stem}.*.part"):  # left by a download that was killed
        stale.unlink(missing_ok=True)
    part = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part")
    try:
        while True:
            if urlsplit(current).scheme.lower() not in {"http", "https"}:
                raise DownloadError("refusing a result URL that is not http(s)", url=redact_url(current))
            try:
                result: FetchResult = yield Fetch(current, part, limit)
            except httpx.TransportError as exc:
                if attempt < ctx.max_retries and read_error_is_transient(exc):
                    attempt += 1
                    yield Sleep(backoff_delay(attempt))
                    continue
                raise DownloadError(f"download failed: {type(exc).__name__}: {exc}", url=redact_url(current)) from exc
            status = result.status_code
            if status in _REDIRECTS:
                redirects += 1
                location = result.headers.get("location")
                if not location or redirects > MAX_REDIRECTS:
                    raise DownloadError(
                        f"too many or broken redirects ({redirects})", url=redact_url(url), status_code=status
                    )
                current = urljoin(current, location)
                continue
            if status_is_transient(status) and attempt < ctx.max_retries:
                attempt += 1
                yield Sleep(backoff_delay(attempt, parse_retry_after(result.headers)))
                continue
            _refuse_unusable(result, current, limit)
            final = target.with_suffix(f".{extension_for(result.headers.get('content-type', ''), result.head)}")
            os.replace(part, final)
            log.info("saved %s (%d bytes)", final, result.size)
            return final
    finally:
        part.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------- resume
@attrs.frozen
class ResumeOutcome:
    """What resuming one journalled request came to.

    Attributes:
        entry: The journal row.
        outcome: ``downloaded``, ``failed``, ``ambiguous`` (never answered; not resubmitted), ``expired`` (results
            could not be downloaded), ``running`` (still not done when the wait ran out) or ``error``.
        files: The files saved, for ``downloaded``.
        message: What happened, in words.
    """

    entry: JournalEntry
    outcome: str
    files: tuple[Path, ...] = ()
    message: str = ""


def resume(
    ctx: Context, dest_dir: Path | None, *, timeout: float, resubmit_ambiguous: bool = False
) -> Steps[list[ResumeOutcome]]:
    """Finish every unfinished journalled request of this API: poll, download, and report the rest."""
    if ctx.journal is None:
        raise EvoLinkError("resume needs a journal: pass journal=True (or a path) to the client")
    outcomes = []
    for entry in ctx.journal.unfinished(base_url=ctx.base_url):
        outcome = yield from _resume_one(ctx, entry, dest_dir, timeout=timeout, resubmit=resubmit_ambiguous)
        outcomes.append(outcome)
    return outcomes


def _resume_one(
    ctx: Context, entry: JournalEntry, dest_dir: Path | None, *, timeout: float, resubmit: bool
) -> Steps[ResumeOutcome]:
    task_id = entry.task_id
    if entry.ambiguous and not resubmit:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.created_at))
        message = (
            f"sent {when} with no answer ({entry.error or 'interrupted'}): the task may or may not exist, so it was "
            "not sent again; check your EvoLink task list"
        )
        return ResumeOutcome(entry, "ambiguous", message=message)
    out = dest_dir or Path(entry.out_dir or ".")
    try:
        if entry.ambiguous:
            task_id = (yield from _resend(ctx, entry)).id
        if entry.state == "completed" and task_id:
            task = Task(id=task_id, model=entry.model, status=TaskStatus.COMPLETED, progress=100, results=entry.results)
        else:
            task = yield from wait(ctx, task_id or "", timeout=timeout, poll_interval=None, on_progress=None)
        files = yield from download(ctx, task, out)
    except TaskFailedError as exc:
        return ResumeOutcome(entry, "failed", message=str(exc))
    except TaskTimeoutError as exc:
        return ResumeOutcome(entry, "running", message=str(exc))
    except DownloadError as exc:
        return ResumeOutcome(entry, "expired" if exc.status_code in _GONE else "error", message=str(exc))
    except (APIStatusError, APIConnectionError) as exc:
        return ResumeOutcome(entry, "error", message=str(exc))
    return ResumeOutcome(entry, "downloaded", tuple(files), f"{len(files)} file(s) in {out}")


def _resend(ctx: Context, entry: JournalEntry) -> Steps[Task]:
    """Send an ambiguous create again with its original Idempotency-Key, only when the user asks.

    An API that honours the key answers with the first task; one that does not would create, and charge, a second.
    """
    body = REQUEST_MODELS[entry.model].from_dict({k: v for k, v in entry.body.items() if k in _known(entry.model)})
    kwargs = create_image_generation._get_kwargs(body=body, idempotency_key=entry.idempotency_key)
    kwargs = _absolute(ctx, {**kwargs, "json": entry.body})
    try:
        task = yield from _send_create(ctx, kwargs, entry.idempotency_key)
    except (APIConnectionError, APIStatusError) as exc:
        if ctx.journal is not None and not getattr(exc, "outcome_unknown", False):
            ctx.journal.rejected(entry.idempotency_key, str(exc))
        raise
    if ctx.journal is not None:
        ctx.journal.submitted(entry.idempotency_key, task)
    return task


def _known(model: str) -> set[str]:
    return {"model", *presets[model].fields}
