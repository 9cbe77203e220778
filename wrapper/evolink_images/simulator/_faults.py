"""Faults the simulator can inject, scripted from tests (``Fault(...)``) or the command line (``--fault``)."""

from __future__ import annotations

import threading
from typing import Literal, get_args

import attrs

__all__ = ["FAULT_KINDS", "FILE_ROUTES", "ROUTES", "Fault", "FaultKind", "FaultPlan", "Route", "parse_fault"]

FaultKind = Literal[
    "rate_limit",
    "server_error",
    "drop",
    "slow",
    "malformed",
    "fail_task",
    "expire_results",
    "truncate",
    "oversize",
    "quota_full",
    "moderate",
    "fewer_images",
]
Route = Literal["any", "create", "task", "file", "upload", "quota", "credits"]
ROUTES: tuple[Route, ...] = get_args(Route)
# The files service's routes: their status faults answer in its envelope, {success, code, msg} (D41).
FILE_ROUTES = frozenset({"upload", "quota"})
FAULT_KINDS: dict[str, str] = {
    "rate_limit": "answer 429 with Retry-After (retry_after=SECONDS)",
    "server_error": "answer a 5xx (status=500|502|503|504)",
    "drop": "read the request, then drop the connection without a complete answer",
    "slow": "answer after a delay (delay=SECONDS)",
    "malformed": "answer 200 with a body that is not JSON",
    "fail_task": "the next created task ends failed (code=ERROR_CODE)",
    "expire_results": "result URLs answer 403 as if expired",
    "truncate": "send half of the body, then drop the connection (a truncated answer or download)",
    "oversize": "serve a result file padded to size=BYTES",
    "quota_full": "refuse an upload as the files service does when the key's file quota is full (403)",
    "moderate": "the next created task fails by moderation (content_policy_violation), refunded as its docs say",
    "fewer_images": "the next created task completes with fewer images than asked (images=N), charged for those made",
}


@attrs.frozen(kw_only=True)
class Fault:
    """One scripted fault.

    Attributes:
        kind: What goes wrong (see :data:`FAULT_KINDS`).
        route: Which requests it hits: ``create``, ``task`` (polls), ``file`` (result downloads and uploaded files),
            ``upload`` (the files service's three uploads), ``quota`` (its quota read), ``credits`` (the credits
            read) or ``any``.
        count: How many matching requests (or tasks, for ``fail_task``, ``moderate`` and ``fewer_images``) it hits; 0
            for every one.
        status: The status for ``server_error``.
        retry_after: The Retry-After seconds for ``rate_limit``.
        delay: The seconds ``slow`` waits before answering.
        code: The task error code for ``fail_task``.
        size: The bytes an ``oversize`` result file is padded to.
        images: The images a ``fewer_images`` task makes (0: half of those asked, at least one).
    """

    kind: FaultKind
    route: Route = "any"
    count: int = 1
    status: int = 500
    retry_after: float = 1.0
    delay: float = 1.0
    code: str = "service_error"
    size: int = 2 * 1024 * 1024
    images: int = 0

    def hits(self, route: str) -> bool:
        """Whether a request to *route* is one this fault targets."""
        return self.route in {"any", route}


@attrs.define
class _Scheduled:
    fault: Fault
    left: int


class FaultPlan:
    """The faults still to inject, consumed as matching requests arrive; safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Scheduled] = []
        self.injected: dict[str, int] = {}

    def add(self, *faults: Fault) -> None:
        """Schedule *faults*, in order, after those already scheduled."""
        with self._lock:
            self._pending.extend(_Scheduled(fault, fault.count) for fault in faults)

    def clear(self) -> None:
        """Drop every scheduled fault."""
        with self._lock:
            self._pending.clear()

    def take(self, route: str, kinds: frozenset[str]) -> Fault | None:
        """The first scheduled fault of one of *kinds* that hits *route*, counting it as injected."""
        with self._lock:
            for entry in self._pending:
                fault = entry.fault
                if fault.kind in kinds and fault.hits(route):
                    if fault.count:
                        entry.left -= 1
                        if entry.left <= 0:
                            self._pending.remove(entry)
                    self.injected[fault.kind] = self.injected.get(fault.kind, 0) + 1
                    return fault
        return None


def parse_fault(text: str) -> Fault:
    """A fault from ``kind[,route=R][,count=N][,status=S][,retry_after=S][,delay=S][,code=C][,size=B][,images=N]``.

    Example: ``rate_limit,route=create,count=2,retry_after=1``.
    """
    kind, *options = [part.strip() for part in text.split(",") if part.strip()] or [""]
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault {kind!r}; known: {', '.join(FAULT_KINDS)}")
    values: dict[str, object] = {}
    converters = {
        "route": str,
        "count": int,
        "status": int,
        "retry_after": float,
        "delay": float,
        "code": str,
        "size": int,
        "images": int,
    }
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or name not in converters:
            raise ValueError(f"bad fault option {option!r}; use name=value with one of {', '.join(converters)}")
        try:
            values[name] = converters[name](value)
        except ValueError:
            raise ValueError(f"fault option {name}={value!r} is not a valid {converters[name].__name__}") from None
    if values.get("route", "any") not in ROUTES:
        raise ValueError(f"fault route must be one of {', '.join(ROUTES)}")
    return Fault(kind=kind, **values)  # type: ignore[arg-type]
