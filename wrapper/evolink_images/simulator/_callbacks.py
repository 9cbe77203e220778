"""Deliver task callbacks as EvoLink documents them: POST the task detail, retry after 1 s, 2 s and 4 s."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import attrs
import httpx

__all__ = ["CallbackAttempt", "CallbackSender"]


@attrs.frozen
class CallbackAttempt:
    """One POST to a callback URL: the HTTP status it got, or the error."""

    url: str
    task_id: str
    status_code: int | None
    error: str | None = None


class CallbackSender:
    """Sends each scheduled callback from its own daemon thread once the task ends; records every attempt."""

    def __init__(self, retry_delays: tuple[float, ...], timeout: float) -> None:
        self.retry_delays = retry_delays
        self.timeout = timeout
        self.attempts: list[CallbackAttempt] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def schedule(self, url: str, due: float, payload: Callable[[], dict[str, Any] | None]) -> None:
        """POST ``payload()`` to *url* at monotonic time *due*, retrying on failure."""
        thread = threading.Thread(target=self._deliver, args=(url, due, payload), daemon=True, name="sim-callback")
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until every scheduled callback has been delivered or has given up."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _deliver(self, url: str, due: float, payload: Callable[[], dict[str, Any] | None]) -> None:
        time.sleep(max(0.0, due - time.monotonic()))
        body = payload()
        if body is None:
            return
        with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
            for delay in (0.0, *self.retry_delays):
                time.sleep(delay)
                try:
                    response = client.post(url, json=body)
                except httpx.HTTPError as exc:
                    self._record(CallbackAttempt(url, body["id"], None, f"{type(exc).__name__}: {exc}"))
                    continue
                self._record(CallbackAttempt(url, body["id"], response.status_code))
                if response.is_success:
                    return

    def _record(self, attempt: CallbackAttempt) -> None:
        with self._lock:
            self.attempts.append(attempt)
