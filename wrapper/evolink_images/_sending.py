"""Sending a request that may be sent again, and the error for a transport failure. No I/O: effects only.

Reads (polls, quota reads) and uploads go through :func:`send_read`; a create has its own, stricter rule
(``_requests.send_create``), since only a create can cost credits twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

from ._effects import Context, Send, Sleep, Steps
from ._errors import APIConnectionError, APITimeoutError
from ._files import redact_url
from ._retry import backoff_delay, parse_retry_after, read_error_is_transient, status_is_transient

__all__ = ["connection_error", "send_read"]

log = logging.getLogger("evolink_images")


def connection_error(exc: Exception, *, outcome_unknown: bool = False, key: str | None = None) -> APIConnectionError:
    """The evolink_images error for a transport failure."""
    error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if error_class is APITimeoutError else "failed"
    return error_class(
        f"the request to EvoLink {what}: {type(exc).__name__}: {exc}",
        outcome_unknown=outcome_unknown,
        idempotency_key=key,
    )


def send_read(ctx: Context, kwargs: Mapping[str, Any]) -> Steps[httpx.Response]:
    """Send a request that is safe to repeat, retrying transient failures up to ``max_retries`` times.

    Transient: a timeout, a network error or a dropped connection, and the statuses a retry can cure (429, 5xx),
    after the delay the server asks for, else an exponential backoff.
    """
    method = str(kwargs.get("method", "GET")).upper()
    attempt = 0
    while True:
        try:
            response: httpx.Response = yield Send(kwargs)
        except httpx.TransportError as exc:
            if attempt < ctx.max_retries and read_error_is_transient(exc):
                attempt += 1
                log.info("%s %s: %s; retry %d", method, redact_url(kwargs["url"]), type(exc).__name__, attempt)
                yield Sleep(backoff_delay(attempt))
                continue
            raise connection_error(exc) from exc
        if status_is_transient(response.status_code) and attempt < ctx.max_retries:
            attempt += 1
            delay = backoff_delay(attempt, parse_retry_after(response.headers))
            url = redact_url(kwargs["url"])
            log.info("%s %s: HTTP %d; retry %d in %.2f s", method, url, response.status_code, attempt, delay)
            yield Sleep(delay)
            continue
        return response
