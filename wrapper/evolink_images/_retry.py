"""When to send a request again, and how long to wait first. Pure functions: no I/O, no sleeping.

The rule that matters most: a create request costs money, so it is sent again only when the server certainly did
not take it (the connection never opened, or a 429). Reads (polls, downloads) retry every transient failure.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping

import httpx

__all__ = [
    "INITIAL_DELAY",
    "MAX_DELAY",
    "MAX_RETRY_AFTER",
    "TRANSIENT_STATUSES",
    "backoff_delay",
    "create_never_sent",
    "parse_retry_after",
    "read_error_is_transient",
    "status_is_transient",
]

INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
# A Retry-After longer than this is capped: EvoLink's own clients cap at 30 s.
MAX_RETRY_AFTER = 30.0
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """The delay the server asked for, in seconds: ``retry-after-ms``, ``Retry-After`` seconds or an HTTP date."""
    lowered = {name.lower(): value for name, value in headers.items()}
    milliseconds = lowered.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return _sane(float(milliseconds) / 1000)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return _sane(float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return _sane(when.timestamp() - (time.time() if now is None else now), allow_past=True)


def _sane(seconds: float, *, allow_past: bool = False) -> float | None:
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    if seconds < 0:
        return 0.0 if allow_past else None
    return seconds


def backoff_delay(
    attempt: int, retry_after: float | None = None, *, rand: Callable[[], float] = random.random
) -> float:
    """Seconds to wait before retry number *attempt* (1-based).

    The server's Retry-After wins (capped at :data:`MAX_RETRY_AFTER`); otherwise exponential backoff from
    :data:`INITIAL_DELAY`, capped at :data:`MAX_DELAY`, with up to 25 % jitter taken off so that many clients spread.
    """
    if retry_after is not None:
        return min(retry_after, MAX_RETRY_AFTER)
    delay: float = min(INITIAL_DELAY * 2.0 ** (attempt - 1), MAX_DELAY)
    return delay * (1 - 0.25 * rand())


def status_is_transient(status_code: int) -> bool:
    """429 and the 5xx a retry can cure."""
    return status_code in TRANSIENT_STATUSES


def read_error_is_transient(error: BaseException) -> bool:
    """A transport failure a read (GET) may retry: timeouts, network errors, dropped connections."""
    return isinstance(error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)


def create_never_sent(error: BaseException) -> bool:
    """True only when a failed create certainly never reached the server, so sending it again cannot charge twice.

    A connection that could not be opened (refused, DNS, TLS, connect timeout) or a pool that had no free
    connection qualify. A read timeout, a write error or a dropped connection do not: the server may have the
    request and may have created the task.
    """
    return isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
