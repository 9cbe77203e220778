"""The files service's answers, read into :class:`UploadedFile`, :class:`FilesQuota` or the error they stand for.

Its bodies are an envelope, ``{success, code, msg, data}``; a 200 whose ``success`` is false is a refusal, with
``code`` the status it stands for (D41 of the spec). A gateway in front of it may answer in the API's own shape
(``{"error": {...}}``), and that is read too. Each answer goes through the generated parser first; a body the spec
does not describe is read leniently, and only a body that holds no file at all is an error.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import httpx

from ._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    FilesQuotaError,
    MalformedResponseError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from ._files_service import FILE_LIFETIME, FilesQuota, UploadedFile
from ._generated import PARSE_ERRORS, parse_files_quota, parse_upload
from ._local_images import LocalImage
from ._responses import request_id
from ._retry import parse_retry_after

__all__ = ["QUOTA_STATUS", "answer_status", "files_error", "quota_from_response", "uploaded_from_response"]

log = logging.getLogger("evolink_images")

# The status the files service answers a full quota with (D42 of the spec).
QUOTA_STATUS = 403
_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    QUOTA_STATUS: FilesQuotaError,
    404: NotFoundError,
    413: BadRequestError,
    429: RateLimitError,
}


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def answer_status(response: httpx.Response) -> int:
    """The status an answer stands for: the HTTP status, or a 200's envelope ``code`` when ``success`` is false."""
    body = _json(response)
    if response.status_code == 200 and isinstance(body, dict) and body.get("success") is False:
        code = body.get("code")
        return code if isinstance(code, int) and not isinstance(code, bool) and 400 <= code <= 599 else 400
    return response.status_code


def _message(body: Any) -> tuple[str | None, str]:
    """The error code (a string one only: the envelope's integer code is the status) and the message."""
    if isinstance(body, dict):
        detail = body.get("error")
        if isinstance(detail, dict):
            code, text = detail.get("code"), detail.get("message")
            return (code if isinstance(code, str) else None), (text if isinstance(text, str) else "")
        if isinstance(detail, str):
            return None, detail
        code, text = body.get("code"), body.get("msg") or body.get("message")
        return (code if isinstance(code, str) else None), (text if isinstance(text, str) else "")
    return None, ""


def files_error(response: httpx.Response, *, quota: FilesQuota | None = None) -> APIStatusError:
    """The exception for a refusal of the files service; a full quota names *quota* when it was read."""
    body = _json(response)
    status = answer_status(response)
    code, message = _message(body)
    if not message:
        message = response.text[:200].strip() or response.reason_phrase or "no details"
    error_class = _ERRORS.get(status, ServerError if status >= 500 else APIStatusError)
    details: dict[str, Any] = {"status_code": status, "code": code, "body": body, "request_id": request_id(response)}
    if error_class is FilesQuotaError:
        return FilesQuotaError(_quota_words(message, quota), quota=quota, **details)
    error = error_class(f"the files service refused it: {message}", **details)
    if isinstance(error, RateLimitError):
        error.retry_after = parse_retry_after(response.headers)
    return error


def _quota_words(message: str, quota: FilesQuota | None) -> str:
    text = f"the files quota is full: {message}"
    if quota is not None and quota.max_files is not None:
        used = f"{quota.used_files} of " if quota.used_files is not None else ""
        left = f", {quota.remaining_files} left" if quota.remaining_files is not None else ""
        text += f" ({used}{quota.max_files} files stored{left})"
    hours = FILE_LIFETIME / 3600
    return f"{text}; a file frees its slot when it expires, {hours:g} hours after its upload"


def _data(response: httpx.Response, parse: Any) -> dict[str, Any]:
    """The envelope's ``data`` object, after the generated parser has had its say."""
    try:
        parse(response)
    except PARSE_ERRORS as exc:
        log.warning("%s: the answer does not match the spec (%s); reading it leniently", response.url.path, exc)
    body = _json(response)
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) else {}


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _count(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return moment
    return datetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=UTC)  # no offset given: read as UTC


def uploaded_from_response(response: httpx.Response, image: LocalImage, now: float) -> UploadedFile:
    """The uploaded file a successful answer describes; *now* (unix seconds) dates it when the answer does not."""
    data = _data(response, parse_upload)
    url = _text(data, "file_url")
    if url is None or not url.lower().startswith(("http://", "https://")):
        raise MalformedResponseError(
            f"the files service answered {response.status_code} without the file's URL: {response.text[:200]!r}",
            status_code=response.status_code,
            body=_json(response),
            request_id=request_id(response),
        )
    expires = _moment(_text(data, "expires_at"))
    if expires is None:
        uploaded = _moment(_text(data, "upload_time"))
        start = uploaded.timestamp() if uploaded is not None else now
        expires = datetime.fromtimestamp(start + FILE_LIFETIME, UTC)
    return UploadedFile(
        url=url,
        file_id=_text(data, "file_id"),
        expires_at=expires,
        size=_count(data, "file_size") or image.size,
        mime_type=_text(data, "mime_type") or image.mime_type,
        original_name=image.name,
        sha256=image.sha256,
    )


def quota_from_response(response: httpx.Response) -> FilesQuota:
    """The quota a successful answer describes (any figure it leaves out is None)."""
    data = _data(response, parse_files_quota)
    custom = data.get("is_custom")
    return FilesQuota(
        used_files=_count(data, "used_files"),
        max_files=_count(data, "max_files"),
        remaining_files=_count(data, "remain_files"),
        user_group=_text(data, "user_group"),
        is_custom=custom if isinstance(custom, bool) else None,
        reason=_text(data, "quota_reason"),
    )
