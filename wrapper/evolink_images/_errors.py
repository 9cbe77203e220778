"""The exceptions evolink_images raises: one tree under :class:`EvoLinkError`, each carrying what the user needs."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ._presets import CREDIT_LIMIT_CODES, presets
from ._spending import charged_credits, moderated_refund

if TYPE_CHECKING:
    from ._files_service import FilesQuota
    from ._task import Task

__all__ = [
    "DOUBLE_CHARGE_HINT",
    "HINTS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ContentPolicyError",
    "ContentPolicyRefusalError",
    "DownloadError",
    "EvoLinkError",
    "EvoLinkWarning",
    "FewerImagesWarning",
    "FilesQuotaError",
    "InsufficientCreditsError",
    "JournalError",
    "MalformedResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TaskFailedError",
    "TaskNotFoundError",
    "TaskTimeoutError",
    "ValidationError",
    "WebhookError",
    "task_failed",
]

DOUBLE_CHARGE_HINT = (
    "The request may have reached EvoLink, so the task may have been created and charged; it was not sent again, "
    "because retrying could charge twice. Check your EvoLink task list before submitting again."
)


class EvoLinkError(Exception):
    """The base of every error evolink_images raises."""


class EvoLinkWarning(UserWarning):
    """A request that is valid but will not do quite what it says (e.g. a model making fewer images than asked)."""


class FewerImagesWarning(EvoLinkWarning):
    """A task completed with fewer images than its request asked for.

    Moderation may withhold some, and ``n`` > 1 is unreliable on some models: the results hold what was made.

    Attributes:
        task_id: The task.
        asked: The images its request asked for.
        made: The images its results hold.
    """

    def __init__(self, task_id: str, asked: int, made: int) -> None:
        self.task_id = task_id
        self.asked = asked
        self.made = made
        super().__init__(f"task {task_id} made {made} of the {asked} images asked for")


class ValidationError(EvoLinkError, ValueError):
    """A parameter broke a documented rule; raised before any request is sent, so nothing was charged.

    Attributes:
        field: The parameter at fault (``"size"``, ``"image_urls[1]"``, ``"model"``).
        value: The value given.
        rule: The rule it broke, in words (and, for a value an earlier API took, what it became and when).
        model: The model id the request was for, when known.
        instead: The fields to send in its place, when the way forward is mechanical (a value that moved to
            another field: ``{"quality": "4K"}``); the message then ends with that call. None otherwise.
        hint: The way forward that is not a call, by its key in :data:`HINTS` (``"undocumented-field"``: send it
            with ``extra_body``), or None. The message ends with its words for Python; the command line words it in
            its own options.
    """

    def __init__(
        self,
        field: str,
        value: object,
        rule: str,
        *,
        model: str | None = None,
        instead: Mapping[str, Any] | None = None,
        hint: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        self.model = model
        self.instead = dict(instead) if instead else None
        self.hint = hint
        super().__init__(self.message())

    def message(self, call: Callable[[Mapping[str, Any], str, object], str] | None = None) -> str:
        """The one-line message; *call* writes the call to make instead (the CLI writes flags), Python by default."""
        shown = repr(self.value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        where = f" for {self.model}" if self.model else ""
        text = f"{self.field}={shown}{where}: {self.rule}"
        if self.instead:
            text += f"; {(call or _python_call)(self.instead, self.field, self.value)}"
        if self.hint is not None and self.hint in HINTS:
            text += f" {HINTS[self.hint]}"
        return text


# The ways forward a ValidationError may end with (its ``hint``), worded for Python.
HINTS = {
    "undocumented-field": "Send undocumented fields with extra_body={...}.",
    "data-url": "To send the image, pass its bytes (base64.b64decode of what follows the comma) or a pathlib.Path "
    "to its file: it is uploaded to EvoLink's files service first.",
}


def _python_call(instead: Mapping[str, Any], field: str, value: object) -> str:
    """The call to make instead, as Python keyword arguments: ``pass quality='4K' instead of size='4K'``."""
    shown = ", ".join(f"{name}={sent!r}" for name, sent in instead.items())
    return f"pass {shown} instead of {field}={value!r}"


class APIStatusError(EvoLinkError):
    """The API answered with an error status.

    Attributes:
        status_code: The HTTP status.
        code: The API's error code (a string, or an integer from older gateways), when the body has one.
        message: The API's explanation, or the start of a non-JSON body.
        body: The decoded JSON body, or None.
        request_id: The gateway's request id, for support.
        outcome_unknown: True when this answered a create request whose task may still have been created
            (a 5xx after the request reached the server). Such a create is never retried automatically.
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | int | None = None,
        body: Any = None,
        request_id: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.message = message
        self.body = body
        self.request_id = request_id
        self.outcome_unknown = outcome_unknown
        text = f"HTTP {status_code}" + (f" {code}" if code is not None else "") + f": {message}"
        if request_id:
            text += f" (request id {request_id})"
        if outcome_unknown:
            text += f". {DOUBLE_CHARGE_HINT}"
        # Not super(): ContentPolicyRefusalError is also a TaskFailedError, whose constructor takes a task.
        EvoLinkError.__init__(self, text)


class BadRequestError(APIStatusError):
    """400: the API rejected the request's parameters."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or invalid."""


class InsufficientCreditsError(APIStatusError):
    """402: not enough credits: the account's balance, the key's total limit or the key's daily limit ran out.

    The message says which (from the error code), what to do, and the figures the body carries.

    Attributes:
        limit: Which ran out: ``"account"`` (the account's balance), ``"key_total"`` (the API key's spending
            limit), ``"key_daily"`` (the key's daily limit); None when the code does not say (``insufficient_quota``).
        figures: The credit figures the error body carries, by their names there (``account_balance_credits``,
            ``estimated_credits``, ``daily_limit_credits``, ...); empty when it carries none.
    """

    def __init__(self, message: str, **kwargs: Any) -> None:
        code = kwargs.get("code")
        self.limit: str | None = CREDIT_LIMIT_CODES.get(code) if isinstance(code, str) else None
        self.figures: Mapping[str, float] = _credit_figures(kwargs.get("body"))
        super().__init__(_insufficient_words(message, self.limit, self.figures), **kwargs)
        self.message = message


_WHAT_RAN_OUT = {
    "account": "the account's credit balance ran out",
    "key_total": "this API key's spending limit is used up",
    "key_daily": "this API key's daily limit is used up",
}
_WHAT_TO_DO = {
    "account": "top up the EvoLink account, then send it again",
    "key_total": "raise or remove the key's limit in the dashboard (https://evolink.ai/dashboard/keys), or use "
    "another key",
    "key_daily": "wait for the daily reset, raise the key's daily limit in the dashboard "
    "(https://evolink.ai/dashboard/keys), or use another key",
}


def _credit_figures(body: Any) -> dict[str, float]:
    """The error object's credit figures: its finite numbers whose names end in ``credits``."""
    detail = body.get("error", body) if isinstance(body, Mapping) else None
    if not isinstance(detail, Mapping):
        return {}
    return {
        str(name): float(value)
        for name, value in detail.items()
        if str(name).endswith("credits")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    }


def _insufficient_words(message: str, limit: str | None, figures: Mapping[str, float]) -> str:
    """Which limit ran out, the API's words, what to do, and the body's figures."""
    what = _WHAT_RAN_OUT.get(limit or "", "insufficient credits")
    todo = _WHAT_TO_DO.get(limit or "", "top up the account, or raise the key's limits in the dashboard")
    text = f"{what} ({message}); {todo}" if message else f"{what}; {todo}"
    if figures:
        text += " [" + ", ".join(f"{name} {value:g}" for name, value in figures.items()) + "]"
    return text


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this model or read this task."""


class NotFoundError(APIStatusError):
    """404: no such task (a wrong or expired task id)."""


class TaskNotFoundError(NotFoundError):
    """404 for ``GET /v1/tasks/{task_id}`` with the API's error body: the API does not know this task id.

    The id is wrong, or the task expired on the API's side (or a simulator forgot it). A 404 without the API's error
    body (a proxy's page) stays a plain :class:`NotFoundError`: it says nothing about the task.

    Attributes:
        task_id: The task asked for.
        lost: True when the journal's row for the task was marked ``lost`` by this answer (a running task the
            journal knew); it is then never polled again (see the journal guide).
    """

    def __init__(self, message: str, *, task_id: str, lost: bool = False, **kwargs: Any) -> None:
        self.task_id = task_id
        self.lost = lost
        super().__init__(message, **kwargs)
        self.args = (self._text(),)

    def marked_lost(self) -> None:
        """Record that the journal's row for the task is now ``lost`` (the message says so)."""
        self.lost = True
        self.args = (self._text(),)

    def _text(self) -> str:
        code = f" {self.code}" if self.code is not None else ""
        request = f", request id {self.request_id}" if self.request_id else ""
        text = f"the API does not know task {self.task_id} (HTTP 404{code}: {self.message}{request})"
        if self.lost:
            return text + ": its journal row is now marked lost, and resume no longer asks about it"
        return text + ": the id is wrong, or the task expired on the API's side"


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the server's requested delay in seconds, when it sent one."""

    retry_after: float | None = None


class ServerError(APIStatusError):
    """5xx: a server-side failure."""


class FilesQuotaError(APIStatusError):
    """The files service refused an upload because the key's file quota is full (nothing was charged).

    Each upload takes one slot until it expires (72 hours after it was uploaded); an expired file frees its slot.

    Attributes:
        quota: The quota as read just after the refusal, when it could be read (``used_files``, ``max_files``,
            ``remaining_files``); None otherwise.
    """

    def __init__(self, message: str, *, quota: FilesQuota | None = None, **kwargs: Any) -> None:
        self.quota = quota
        super().__init__(message, **kwargs)


class MalformedResponseError(APIStatusError):
    """The API answered with a body that is not what the spec describes and cannot be read at all."""


class APIConnectionError(EvoLinkError):
    """The API could not be reached, or the connection failed before an answer arrived.

    Attributes:
        outcome_unknown: True when a create request may have reached the server before the failure, so the task
            may exist and be charged. Such a create is never retried automatically.
        idempotency_key: The Idempotency-Key sent with that create, to quote when reconciling.
    """

    def __init__(self, message: str, *, outcome_unknown: bool = False, idempotency_key: str | None = None) -> None:
        self.outcome_unknown = outcome_unknown
        self.idempotency_key = idempotency_key
        if outcome_unknown:
            message = f"{message}. {DOUBLE_CHARGE_HINT}"
        super().__init__(message)


class APITimeoutError(APIConnectionError, TimeoutError):
    """The API did not answer in time."""


class DownloadError(EvoLinkError):
    """A result file could not be downloaded (expired URL, too large, refused redirect, wrong content).

    Attributes:
        url: The result URL, without its query string (which may hold a signature).
        status_code: The HTTP status, when the server answered.
    """

    def __init__(self, message: str, *, url: str, status_code: int | None = None) -> None:
        self.url = url
        self.status_code = status_code
        super().__init__(f"{message} ({url})")


class JournalError(EvoLinkError):
    """The journal could not be used, or an Idempotency-Key it holds was reused for something else.

    The journal may be locked by another process, on a full disk or damaged. Raised before a create is sent, so
    nothing was sent and nothing charged; a journal write that fails once a task exists only warns, naming the task.

    Attributes:
        path: The journal file.
    """

    def __init__(self, message: str, *, path: str) -> None:
        self.path = path
        super().__init__(message)


class TaskFailedError(EvoLinkError):
    """The task ended ``failed`` or ``cancelled``; failed tasks are refunded.

    A task moderation failed raises its subclass :class:`ContentPolicyError` (not every model refunds those).

    Attributes:
        task: The final task.
        code: The task's error code (``content_policy_violation``, ...), or None.
        message: The task's error message.
        retryable: True when a new attempt could help (a transient provider failure), False when the input must
            change, None when the code is unknown or disputed.
    """

    def __init__(self, task: Task) -> None:
        self.task = task
        failure = task.error
        self.code = failure.code if failure else None
        self.message = failure.message if failure else f"the task ended {task.status}"
        self.retryable = failure.retryable if failure else None
        advice = {True: " A new task may succeed later.", False: " Change the input before trying again."}
        text = f"task {task.id} {task.status}"
        text += f" ({self.code}): {self.message}" if self.code else f": {self.message}"
        super().__init__(text + advice.get(self.retryable, "") if self.retryable is not None else text)


class ContentPolicyError(TaskFailedError):
    """Moderation refused the request: its prompt or images broke the content policy.

    Raised instead of a plain :class:`TaskFailedError` when a task fails with a moderation code (the docs' task
    error codes of kind ``moderation``, such as ``content_policy_violation``); :class:`ContentPolicyRefusalError`,
    its HTTP-level twin, when the API refuses the create itself for its content, so ``except ContentPolicyError``
    catches both. The same input meets the same refusal: change it before trying again. Most models refund a
    moderated task; some do not (Midjourney), and :attr:`charged` then says so.

    Attributes:
        charged: What the failure cost: 0.0 where moderated tasks are refunded, the task's reservation on a model
            that keeps it (None when that is not known, and for a :class:`ContentPolicyRefusalError`).
    """

    charged: float | None = None

    def __init__(self, task: Task) -> None:
        super().__init__(task)
        self.charged = charged_credits(task)
        model = presets.by_id(task.model) if task.model else None
        if model is not None and moderated_refund(model) == "none":
            spent = f"{self.charged:g} credits" if self.charged is not None else "its reservation"
            self.args = (f"{self.args[0]} {model.id} does not refund moderated requests: {spent} spent.",)


# Both bases declare ``code``: a refusal's is always a string (one of the catalogue's moderation codes).
class ContentPolicyRefusalError(BadRequestError, ContentPolicyError):  # type: ignore[misc]
    """The API refused a create for its content at once: an HTTP error whose code is a moderation one.

    No task was made. It is both a :class:`BadRequestError` (``status_code``, ``code``, ``body``) and a
    :class:`ContentPolicyError`, whose ``task`` is then None. The docs name no such code as of October 2026: the
    catalogue's ``MODERATION_HTTP_CODES`` says which codes raise it.
    """

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.task = None  # type: ignore[assignment]  # no task was made: the request was refused
        self.retryable = False
        self.charged = None


def task_failed(task: Task) -> TaskFailedError:
    """The error for a task that ended failed or cancelled: a :class:`ContentPolicyError` when moderation ended it."""
    failure = task.error
    if failure is not None and failure.kind == "moderation":
        return ContentPolicyError(task)
    return TaskFailedError(task)


class TaskTimeoutError(EvoLinkError, TimeoutError):
    """``wait`` ran out of time; the task goes on and can be fetched later with its id.

    Attributes:
        task_id: The task's id.
        task: The last state seen, when one was.
        timeout: The time waited, in seconds.
    """

    hint: ClassVar[str] = "it is still running on EvoLink: fetch it later with get_task() or wait() and its id"

    def __init__(self, task_id: str, *, timeout: float, task: Task | None = None) -> None:
        self.task_id = task_id
        self.task = task
        self.timeout = timeout
        state = f" (last seen {task.status}, {task.progress}%)" if task else ""
        super().__init__(f"task {task_id} did not finish within {timeout:g} s{state}; {self.hint}")


class WebhookError(EvoLinkError):
    """A callback that is refused, and the HTTP status to answer it with (401, 400, 409, 413, ...).

    Attributes:
        status_code: The HTTP status the receiver should answer (EvoLink retries anything but a 2xx).
        reason: Why, in words.
    """

    def __init__(self, status_code: int, reason: str) -> None:
        self.status_code = status_code
        self.reason = reason
        super().__init__(f"callback refused ({status_code}): {reason}")
