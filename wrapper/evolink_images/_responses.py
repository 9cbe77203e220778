"""Turn HTTP responses into Tasks or exceptions, through the generated parsers, tolerating what the spec lacks.

The generated parsers (reached through ``_generated``) read what the spec describes; when one cannot (a gateway's
HTML 502, a field of an unexpected shape), the body is read leniently instead and the drift is logged. Either way,
every value goes through the same typed reads in ``_task``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx

from ._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyRefusalError,
    InsufficientCreditsError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ._generated import PARSE_ERRORS, ErrorResponse, ImageGenerationTask, TaskDetail
from ._presets import MODERATION_HTTP_CODES
from ._retry import parse_retry_after
from ._task import Task, task_from_json, task_from_model

__all__ = ["Parser", "error_from_response", "request_id", "task_from_response"]

log = logging.getLogger("evolink_images")

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}
Parser = Callable[[httpx.Response], Any]


def request_id(response: httpx.Response) -> str | None:
    """The gateway's request id, from either header One-API gateways use."""
    value: str | None = response.headers.get("x-request-id") or response.headers.get("x-oneapi-request-id")
    return value


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def task_from_response(response: httpx.Response, parse: Parser, *, creating: bool) -> Task:
    """The task in a 2xx response, parsed by the generated model, or leniently when the API has drifted."""
    try:
        parsed = parse(response)
    except PARSE_ERRORS as exc:
        parsed = None
        log.warning(
            "%s %s: the response does not match the spec (%s); reading it leniently",
            response.request.method,
            response.request.url.path,
            exc,
        )
    data = _json(response)
    try:
        if isinstance(parsed, ImageGenerationTask | TaskDetail):
            return task_from_model(parsed)
        return task_from_json(data if isinstance(data, dict) else {})
    except ValueError:
        snippet = response.text[:200] if response.content else "(empty body)"
        raise MalformedResponseError(
            f"the API answered {response.status_code} with a body that is not a task: {snippet!r}",
            status_code=response.status_code,
            body=data,
            request_id=request_id(response),
            outcome_unknown=creating,
        ) from None


def _code_and_message(body: Any) -> tuple[str | int | None, str]:
    """The error code and message of an error body, whatever its shape; only values of the right type."""
    detail = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(detail, str):
        return None, detail
    if not isinstance(detail, dict):
        return None, ""
    raw_code, raw_message = detail.get("code"), detail.get("message")
    code = raw_code if isinstance(raw_code, str | int) and not isinstance(raw_code, bool) else None
    return code, raw_message if isinstance(raw_message, str) else ""


def _moderated(status: int, code: str | int | None) -> bool:
    """Whether an error answer is a moderation refusal: a 4xx (not an auth, credits or rate answer) with its code."""
    return 400 <= status < 500 and status not in {401, 402, 429} and code in MODERATION_HTTP_CODES


def error_from_response(response: httpx.Response, parse: Parser, *, creating: bool = False) -> APIStatusError:
    """The exception for an error status, with the API's code and message when the body has them.

    *creating* marks a create request: a 5xx then means the task may exist, which the error says.
    """
    try:
        parsed = parse(response)
    except PARSE_ERRORS:
        parsed = None  # not the documented error body: read what there is
    body = _json(response)
    source = parsed.to_dict() if isinstance(parsed, ErrorResponse) else body
    code, message = _code_and_message(source)
    if not message:
        message = response.text[:200].strip() or response.reason_phrase or "no details"
    status = response.status_code
    error_class = _STATUS_ERRORS.get(status, ServerError if status >= 500 else APIStatusError)
    if _moderated(status, code):
        error_class = ContentPolicyRefusalError
    error = error_class(
        message,
        status_code=status,
        code=code,
        body=body,
        request_id=request_id(response),
        outcome_unknown=creating and status >= 500,
    )
    if isinstance(error, RateLimitError):
        error.retry_after = parse_retry_after(response.headers)
    return error
