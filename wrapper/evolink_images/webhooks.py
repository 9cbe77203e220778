"""Receive EvoLink's task callbacks safely.

EvoLink does not sign its callbacks, so nothing in one is trusted:

1. the callback URL carries a secret token you chose (``callback_url(base, token)``), compared in constant time;
2. the body must be a JSON object naming a task ``id``, not larger than ``max_bytes``; nothing else in it is
   required or relied on, so a body in a shape the spec does not know yet (a new status, a new billing rule, a lean
   body, nulls) still gets its task confirmed instead of being refused and lost;
3. the task is fetched back from the API with ``GET /v1/tasks/{id}``: what is reported is the API's answer, never the
   body's claims, and a task the API does not know, or does not call finished, is refused;
4. a task already reported is reported once (replayed callbacks are acknowledged and ignored).

Framework-neutral: ``CallbackVerifier.verify(body, token)`` (or ``AsyncCallbackVerifier``). For ASGI servers:
``CallbackApp``. Answer any 2xx and EvoLink stops retrying; answer anything else and it retries (1 s, 2 s, 4 s).
"""

from __future__ import annotations

import hmac
import inspect
import json
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import attrs

from ._async_client import AsyncEvoLink
from ._client import EvoLink
from ._errors import NotFoundError, ValidationError, WebhookError
from ._requests import check_task_id
from ._task import Task, task_from_json

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_TASK_ID_LENGTH",
    "TOKEN_PARAMETER",
    "AsyncCallbackVerifier",
    "CallbackApp",
    "CallbackEvent",
    "CallbackVerifier",
    "ClaimedCallback",
    "WebhookError",
    "callback_url",
    "check_token",
    "new_token",
    "parse_callback",
]

DEFAULT_MAX_BYTES = 256 * 1024
TOKEN_PARAMETER = "token"  # noqa: S105 - the name of the query parameter, not a secret
MAX_TASK_ID_LENGTH = 256


@attrs.frozen
class ClaimedCallback:
    """What a callback body claims, before the API is asked (trust none of it).

    Attributes:
        task_id: The task it is about: the one thing the receiver needs.
        body: The JSON object as received.
        task: The body read as a task, when it says enough for that (an id and a status); None otherwise.
    """

    task_id: str
    body: Mapping[str, Any] = attrs.field(repr=False)
    task: Task | None


@attrs.frozen
class CallbackEvent:
    """A confirmed callback.

    Attributes:
        task: The task as the API reports it now (trust this).
        claimed: The task as the callback body described it, when it described one (do not trust this).
        duplicate: True when this task was already reported: a replay or a retry.
    """

    task: Task
    claimed: Task | None
    duplicate: bool


def new_token() -> str:
    """A fresh secret for a callback URL."""
    return secrets.token_urlsafe(32)


def callback_url(base: str, token: str) -> str:
    """*base* with the secret *token* added as its ``token`` query parameter."""
    parts = urlsplit(base)
    query = parse_qs(parts.query)
    query[TOKEN_PARAMETER] = [token]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def check_token(received: str | None, expected: str) -> None:
    """Refuse a callback whose token is missing or wrong, comparing in constant time."""
    if not expected:
        raise ValueError("the expected callback token must not be empty")
    if received is None or not hmac.compare_digest(received.encode(), expected.encode()):
        raise WebhookError(401, "missing or wrong callback token")


def parse_callback(body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ClaimedCallback:
    """What a callback body claims: it must be a JSON object with a task ``id``; a WebhookError otherwise.

    Nothing else is required: the body is not trusted anyway, and refusing an unfamiliar shape would lose the result.
    """
    if len(body) > max_bytes:
        raise WebhookError(413, f"the body is larger than {max_bytes} bytes")
    try:
        data = json.loads(body)
    except ValueError:
        raise WebhookError(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise WebhookError(400, "the body is not a JSON object")
    task_id = data.get("id")
    if not isinstance(task_id, str) or len(task_id) > MAX_TASK_ID_LENGTH:
        raise WebhookError(400, "the body names no task: it needs a task id string in `id`")
    try:
        check_task_id(task_id)
    except ValidationError as exc:
        raise WebhookError(400, f"the body's `id` is not a task id: {exc.rule}") from None
    try:
        claimed: Task | None = task_from_json(data)
    except ValueError:
        claimed = None  # no status, say: the API's answer will tell
    return ClaimedCallback(task_id, data, claimed)


class _Seen:
    """The tasks already reported, bounded: the oldest are forgotten first."""

    def __init__(self, size: int = 10_000) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._size = size

    def add(self, task: Task) -> bool:
        """Remember *task*; True when it had been seen with this status already."""
        key = f"{task.id}:{task.status}"
        if key in self._items:
            return True
        self._items[key] = task.id
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return False

    def forget(self, task: Task) -> None:
        """Take *task* back: it was not handled after all, and its next delivery is not a duplicate."""
        self._items.pop(f"{task.id}:{task.status}", None)


def _claimed(body: bytes, token: str | None, expected: str, max_bytes: int) -> ClaimedCallback:
    """The checks before the API is asked: the token, then the body."""
    check_token(token, expected)
    return parse_callback(body, max_bytes=max_bytes)


def _unknown(claimed: ClaimedCallback) -> WebhookError:
    return WebhookError(400, f"the API does not know task {claimed.task_id}: a forged callback?")


def _event(claimed: ClaimedCallback, confirmed: Task, seen: _Seen) -> CallbackEvent:
    """The event, once the API's answer confirms a finished task."""
    if confirmed.id != claimed.task_id:
        raise WebhookError(400, "the API answered for another task")
    if not confirmed.is_final:
        raise WebhookError(409, f"the API says task {confirmed.id} is still {confirmed.status}: callback not trusted")
    return CallbackEvent(confirmed, claimed.task, seen.add(confirmed))


@attrs.define
class CallbackVerifier:
    """Verify callbacks with a blocking client: token, body, then the task fetched back from the API."""

    client: EvoLink
    token: str = attrs.field(repr=False)
    max_bytes: int = DEFAULT_MAX_BYTES
    seen: _Seen = attrs.field(factory=_Seen, repr=False)

    def verify(self, body: bytes, token: str | None) -> CallbackEvent:
        """A confirmed event for a callback; a :class:`WebhookError` (with the status to answer) otherwise."""
        claimed = _claimed(body, token, self.token, self.max_bytes)
        try:
            confirmed = self.client.get_task(claimed.task_id)
        except NotFoundError:
            raise _unknown(claimed) from None
        return _event(claimed, confirmed, self.seen)

    def forget(self, task: Task) -> None:
        """Your handling of *task* failed: its next delivery is handed over again, not flagged as a duplicate."""
        self.seen.forget(task)


@attrs.define
class AsyncCallbackVerifier:
    """:class:`CallbackVerifier` for an :class:`~evolink_images.AsyncEvoLink`."""

    client: AsyncEvoLink
    token: str = attrs.field(repr=False)
    max_bytes: int = DEFAULT_MAX_BYTES
    seen: _Seen = attrs.field(factory=_Seen, repr=False)

    async def verify(self, body: bytes, token: str | None) -> CallbackEvent:
        """A confirmed event for a callback; a :class:`WebhookError` (with the status to answer) otherwise."""
        claimed = _claimed(body, token, self.token, self.max_bytes)
        try:
            confirmed = await self.client.get_task(claimed.task_id)
        except NotFoundError:
            raise _unknown(claimed) from None
        return _event(claimed, confirmed, self.seen)

    def forget(self, task: Task) -> None:
        """Your handling of *task* failed: its next delivery is handed over again, not flagged as a duplicate."""
        self.seen.forget(task)


_Scope = MutableMapping[str, Any]
_Message = MutableMapping[str, Any]


class CallbackApp:
    """An ASGI app that receives callbacks, verifies them, and hands each confirmed task once to *on_task*.

    Mount it where the callback URL points; *on_task* may be a plain or an async function.
    """

    def __init__(self, verifier: AsyncCallbackVerifier, on_task: Callable[[Task], Awaitable[object] | object]) -> None:
        self.verifier = verifier
        self.on_task = on_task

    async def __call__(
        self, scope: _Scope, receive: Callable[[], Awaitable[_Message]], send: Callable[[_Message], Awaitable[None]]
    ) -> None:
        """Serve one request."""
        if scope["type"] != "http":
            return
        try:
            status, answer = await self._handle(scope, receive)
        except WebhookError as exc:
            status, answer = exc.status_code, {"error": exc.reason}
        body = json.dumps(answer).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _handle(self, scope: _Scope, receive: Callable[[], Awaitable[_Message]]) -> tuple[int, dict[str, str]]:
        if scope["method"] != "POST":
            raise WebhookError(405, "callbacks are POSTed")
        limit = self.verifier.max_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > limit:
            raise WebhookError(413, f"the body is larger than {limit} bytes")
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > limit:
                raise WebhookError(413, f"the body is larger than {limit} bytes")
            if not message.get("more_body"):
                break
        token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(TOKEN_PARAMETER, [None])[0]
        event = await self.verifier.verify(bytes(body), token)
        if event.duplicate:
            return 200, {"status": "duplicate", "task": event.task.id}
        try:
            result = self.on_task(event.task)
            if inspect.isawaitable(result):
                await result
        except BaseException:
            # Not handed over after all: EvoLink's retry (after the 500 the server answers) must not be a duplicate.
            self.verifier.forget(event.task)
            raise
        return 200, {"status": "ok", "task": event.task.id}
