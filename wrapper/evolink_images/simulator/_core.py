"""The simulated API itself: tasks in memory, moving from pending to completed, answering as the spec says.

It serves the files service on the same server, under the same paths (``_files``): uploads, the quota, and the
uploaded files' bytes, which a create may name as references (its results then show them, ``_thumbnails``).

Credits are kept by ``_ledger``: a create reserves what its model's billing facts say (``_charges``) or is refused
402 when the account, the key's total or its daily limit cannot cover it; a task's end settles the reservation into
a charge (the images made, for a model billed per image) and a refund (all of it for a failed task, unless its
model's docs keep a moderated task's credits); ``GET /v1/credits`` shows the figures at every moment.

``Simulator.handle`` takes a plain request and returns a plain response; the ASGI app and the httpx transports in
this package only carry requests in and responses out.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
import string
import threading
import time
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Literal
from urllib.parse import urlsplit

import attrs

from .._catalogue import FILES
from .._error_codes import task_error_fact
from .._presets import ModelPreset, presets, rules_of
from .._rules import PARENT_CHECKS
from ._callbacks import CallbackSender
from ._charges import DEFAULT_CREDITS_PER_IMAGE, charged_credits, reserved_credits
from ._faults import FILE_ROUTES, Fault, FaultPlan
from ._files import (
    DOWNLOAD_PREFIX,
    QUOTA_PATH,
    UPLOAD_KINDS,
    UPLOAD_PREFIX,
    UPLOADS_PREFIX,
    Answer,
    FileStore,
    referenced_ids,
    refusal,
    with_public_host,
)
from ._images import aspect_ratio, draw_png, image_size
from ._ledger import Ledger, Shortfall
from ._request_check import Rejection, check_create_body

__all__ = [
    "DEFAULT_BALANCE",
    "DEFAULT_CREDITS_PER_IMAGE",
    "DEFAULT_SECONDS",
    "MODERATION_CODE",
    "PENDING_FRACTION",
    "PROGRESS_CURVES",
    "SIMULATED_LAYERS",
    "ProgressCurve",
    "SimRequest",
    "SimResponse",
    "SimTask",
    "Simulator",
    "SimulatorConfig",
    "SimulatorStats",
    "image_count",
]

# For a model whose spec gives no typical duration (x-evolink-typical-seconds); its credits: _charges.
DEFAULT_SECONDS = 30.0
# The simulated account's credits at start: enough for thousands of tasks.
DEFAULT_BALANCE = 10000.0
PENDING_FRACTION = 0.1
# The code of a task failed by the `moderate` fault (the error codes page's moderation code).
MODERATION_CODE = "content_policy_violation"
# A layer decomposition makes a base image and this many layers (the real model decides: 0 to 16).
SIMULATED_LAYERS = 2
_ID_ALPHABET = string.ascii_lowercase + string.digits
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._-]{16,96}$")
_STATUS_FAULTS = frozenset({"rate_limit", "server_error", "drop", "slow", "malformed", "truncate"})

ProgressCurve = Literal["linear", "stuck", "steps", "front", "none"]
# How reported progress grows with the fraction of processing done (0 to 1): real tasks rarely report a straight line.
PROGRESS_CURVES: dict[str, Callable[[float], float]] = {
    "linear": lambda done: 100 * done,
    "stuck": lambda done: 0 if done < 0.8 else 80 + 100 * (done - 0.8),  # 0 until 80 %, then 80 and on to 100
    "steps": lambda done: 25 * math.floor(4 * done),  # 0, 25, 50, 75
    "front": lambda done: 100 * math.sqrt(done),  # fast at first, slow at the end
    "none": lambda done: 0,  # 0 until done
}


@attrs.frozen(kw_only=True)
class SimulatorConfig:
    """How the simulator behaves.

    Attributes:
        speed: Tasks take their model's documented time divided by this (15 makes a 45 s task take 3 s).
        duration: When set, every task takes exactly this many seconds, whatever the model.
        estimate_factor: ``estimated_time`` reports the true duration times this (0.5: too low; 2: too high).
        result_ttl: Seconds a result URL works after completion; None: the model's documented lifetime (EvoLink:
            about 24 hours, 30 days for Midjourney V8.1 and V8.2).
        api_key: When set, the only Bearer token accepted; otherwise any non-empty one is.
        allow_http_callbacks: Test-only: accept ``http://`` callback URLs on loopback (EvoLink takes HTTPS only).
        callback_retry_delays: Seconds before each callback retry (EvoLink: 1, 2 and 4).
        callback_timeout: Seconds a callback POST may take (EvoLink: 10).
        honour_idempotency_keys: Answer a repeated Idempotency-Key (with the same body) with the first answer, as an
            API that honours the header would. Off by default: EvoLink's docs promise nothing about the header, so
            the simulator plays an API that ignores it, where a create sent twice is two tasks, and two charges.
        latency: Seconds added to every answer, as a network round trip would (0: loopback speed).
        progress: How reported progress grows: ``linear``, ``stuck`` (0 until 80 % of the time, then 80 and on),
            ``steps`` (0, 25, 50, 75), ``front`` (fast at first: 100 * sqrt(t / duration)) or ``none`` (0 until done).
        file_quota: Files one key may hold at once on the files service (by default the spec's, D42).
        file_lifetime: Seconds an uploaded file lives (EvoLink: 72 hours).
        upload_max_bytes: The largest file an upload takes (D43: 100 MiB).
        balance: The account's credits at start, shared by every key (``GET /v1/credits``' ``user``).
        key_limit: Each key's total spending limit (reserved and charged), or None: unlimited.
        key_daily_limit: Each key's spending limit per UTC day, or None: none.
    """

    speed: float = 1.0
    duration: float | None = None
    estimate_factor: float = 1.0
    result_ttl: float | None = None
    api_key: str | None = None
    allow_http_callbacks: bool = False
    callback_retry_delays: tuple[float, ...] = (1.0, 2.0, 4.0)
    callback_timeout: float = 10.0
    honour_idempotency_keys: bool = False
    progress: ProgressCurve = "linear"
    latency: float = attrs.field(default=0.0, validator=attrs.validators.ge(0.0))
    file_quota: int = attrs.field(default=int(FILES["quota_files"]), validator=attrs.validators.ge(0))
    file_lifetime: float = attrs.field(default=float(FILES["lifetime_seconds"]), validator=attrs.validators.gt(0.0))
    upload_max_bytes: int = attrs.field(default=int(FILES["max_bytes"]), validator=attrs.validators.ge(1))
    balance: float = attrs.field(default=DEFAULT_BALANCE, validator=attrs.validators.ge(0.0))
    key_limit: float | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.ge(0.0)))
    key_daily_limit: float | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0.0))
    )


@attrs.frozen
class SimRequest:
    """A request as the simulator sees it."""

    method: str
    path: str
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    base_url: str  # scheme://host[:port] the client used, for building result URLs


@attrs.frozen
class SimResponse:
    """A response, plus how to deliver it: after *delay* seconds, or dropped after the request was read."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    delay: float = 0.0
    drop: bool = False
    truncate: bool = False


@attrs.define
class SimulatorStats:
    """What the simulator saw: the numbers fault tests assert on.

    Attributes:
        requests: Every request.
        create_requests: Every POST to the create endpoint, 429s included.
        create_keys: How many create POSTs the server took in with each Idempotency-Key ("" for none): every one
            but those answered 429 before any handler (a 429 is never charged).
        held_creates: Create POSTs whose answer was held back by a ``slow`` fault.
        tasks_created: Tasks made.
        polls: Task reads.
        downloads: Result file requests.
        rejected: Creates answered 400.
        uploads: Upload POSTs received (any of the three kinds), refused ones included.
        files_stored: Uploads stored.
        upload_bytes: Bytes stored by uploads.
        uploads_refused: Uploads refused (a bad body, type or size, a full quota, no key).
        quota_refusals: Uploads refused because the key's file quota was full.
        quota_reads: Quota reads.
        file_fetches: Reads of uploaded files (their ``file_url`` or ``download_url``).
        credits_reads: Reads of ``GET /v1/credits``.
        credit_refusals: Creates refused 402 because a limit could not cover their reservation.
        credits_reserved: Credits the tasks made reserved, in all.
        credits_charged: Credits their settlement charged, in all.
        credits_refunded: Credits their settlement returned, in all (a failed task's, a reservation's excess).
    """

    requests: int = 0
    create_requests: int = 0
    create_keys: dict[str, int] = attrs.field(factory=dict)
    held_creates: int = 0
    tasks_created: int = 0
    polls: int = 0
    downloads: int = 0
    rejected: int = 0
    uploads: int = 0
    files_stored: int = 0
    upload_bytes: int = 0
    uploads_refused: int = 0
    quota_refusals: int = 0
    quota_reads: int = 0
    file_fetches: int = 0
    credits_reads: int = 0
    credit_refusals: int = 0
    credits_reserved: float = 0.0
    credits_charged: float = 0.0
    credits_refunded: float = 0.0

    @property
    def creates_received(self) -> int:
        """The create POSTs the server took in (429s excepted): what duplicates are counted on.

        A create sent twice is received twice, whether or not a task comes of it.
        """
        return sum(self.create_keys.values())


@attrs.define(kw_only=True)
class SimTask:
    """One simulated task and its timeline."""

    id: str
    model: str
    prompt: str
    size: str | None
    started: float
    created: int
    duration: float
    estimated_time: int
    credits: float
    credits_used: float
    images: int
    layers: bool = False
    fail_code: str | None
    callback_url: str | None
    curve: ProgressCurve = "linear"
    answered: bool = True
    polls: int = 0
    pngs: dict[int, bytes] = attrs.field(factory=dict)
    owner: str = ""
    series: str | None = None
    operation: str | None = None
    image_number: int = 0
    request: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    result_ttl: float = 86400.0
    references: tuple[bytes, ...] = attrs.field(default=(), repr=False)  # the uploaded files it named, as made
    fail_message: str | None = None
    asked: int = 1  # the images the request asked for (``images`` is what it makes)
    moderated: bool = False  # failed by moderation
    settled: bool = False  # its reservation turned into ``credits_used`` and a refund
    refunded: float = 0.0

    @property
    def expires_at(self) -> float:
        """When its result URLs stop working, on the simulator's monotonic clock."""
        return self.finishes_at + self.result_ttl

    @property
    def finishes_at(self) -> float:
        """When it ends, on the simulator's monotonic clock."""
        return self.started + self.duration

    def state(self, now: float) -> tuple[str, int]:
        """Status and progress at monotonic time *now*."""
        elapsed = now - self.started
        if elapsed >= self.duration:
            return ("failed", 0) if self.fail_code else ("completed", 100)
        if elapsed < self.duration * PENDING_FRACTION:
            return "pending", 0
        return "processing", max(0, min(99, int(PROGRESS_CURVES[self.curve](elapsed / self.duration))))

    @property
    def ratio(self) -> Fraction:
        return aspect_ratio(self.size)

    def label(self, index: int) -> str | None:
        """What its image *index* shows it came from: a series' task is labelled, any other is not."""
        if self.series is None:
            return None
        several = f" #{index}" if self.images > 1 else ""
        if self.operation is None:
            return f"{self.model} #{index}"
        return f"{self.model} of #{self.image_number}{several}"


def _json(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> SimResponse:
    body = json.dumps(payload, separators=(",", ":")).encode()
    base = {"content-type": "application/json", "x-request-id": f"sim-{secrets.token_hex(6)}"}
    return SimResponse(status, {**base, **(headers or {})}, body)


def _answer(answer: Answer, headers: Mapping[str, str] | None = None) -> SimResponse:
    """The files service's answer (its envelope) as a response."""
    return _json(answer[0], answer[1], headers)


def _error(status: int, code: str, message: str, kind: str, param: str | None = None, **figures: Any) -> SimResponse:
    detail: dict[str, Any] = {"code": code, "message": message, "type": kind}
    if param:
        detail["param"] = param
    detail.update(figures)
    return _json(status, {"error": detail})


def _refused(shortfall: Shortfall) -> SimResponse:
    """The 402 of a reservation no limit covers: the code naming the limit, and the figures (``Shortfall``)."""
    return _error(402, shortfall.code, f"{shortfall.message} (simulated)", "insufficient_quota", **shortfall.figures)


class Simulator:
    """EvoLink's image API, simulated in memory. Thread-safe; one instance serves any number of clients.

    Attributes:
        config: How it behaves (see :class:`SimulatorConfig`).
        faults: Faults still to inject; add with ``simulator.faults.add(Fault(...))``.
        stats: Counters of what it received and did.
    """

    def __init__(self, config: SimulatorConfig | None = None, *, clock: Any = time.monotonic) -> None:
        self.config = config or SimulatorConfig()
        self.faults = FaultPlan()
        self.stats = SimulatorStats()
        self._clock = clock
        self._lock = threading.Lock()
        self._tasks: dict[str, SimTask] = {}
        self._unsettled: dict[str, SimTask] = {}  # tasks whose reservation is still held
        self.files = FileStore(
            quota=self.config.file_quota,
            lifetime=self.config.file_lifetime,
            max_bytes=self.config.upload_max_bytes,
            clock=clock,
        )
        self.ledger = Ledger(self.config.balance, self.config.key_limit, self.config.key_daily_limit)
        self._saved: set[tuple[str, int]] = set()  # result files served whole, as far as the server can tell
        # Idempotency-Key -> (body fingerprint, first answer): the same key and body get the first answer again.
        self._by_key: dict[str, tuple[str, bytes]] = {}
        self.callbacks = CallbackSender(self.config.callback_retry_delays, self.config.callback_timeout)

    # ------------------------------------------------------------------------------------------- routing
    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request."""
        with self._lock:
            self.stats.requests += 1
        self.settle()
        route, target = self._route(request.method, request.path)
        if route in {"create", "upload", "quota", "credits"}:
            with self._lock:
                if route == "create":
                    self.stats.create_requests += 1
                elif route == "upload":
                    self.stats.uploads += 1
                elif route == "credits":
                    self.stats.credits_reads += 1
                else:
                    self.stats.quota_reads += 1
        if route == "method":
            return _json(
                405, {"error": {"code": "method_not_allowed", "message": "method not allowed"}}, {"allow": target}
            )
        fault = self.faults.take(route, _STATUS_FAULTS) if route != "none" else None
        if route == "create" and (fault is None or fault.kind != "rate_limit"):
            self._count_create(request, fault)
        if fault is not None and fault.kind != "slow":
            response = self._faulted(fault, request, route, target)
        else:
            response = self._dispatch(request, route, target)
            if fault is not None:
                response = attrs.evolve(response, delay=fault.delay)
        return attrs.evolve(response, delay=response.delay + self.config.latency) if self.config.latency else response

    def _count_create(self, request: SimRequest, fault: Fault | None) -> None:
        """A create POST the server took in (not answered 429): what duplicates are counted on."""
        key = request.headers.get("idempotency-key", "")
        with self._lock:
            self.stats.create_keys[key] = self.stats.create_keys.get(key, 0) + 1
            if fault is not None and fault.kind == "slow":
                self.stats.held_creates += 1

    def _route(self, method: str, path: str) -> tuple[str, str]:
        if path == "/v1/images/generations":
            return ("create", "") if method == "POST" else ("method", "POST")
        if path.startswith("/v1/tasks/") and path.count("/") == 3:
            return ("task", path.rsplit("/", 1)[1]) if method == "GET" else ("method", "GET")
        if path == "/v1/credits":
            return ("credits", "") if method == "GET" else ("method", "GET")
        if path.startswith("/files/"):
            return ("file", path.removeprefix("/files/")) if method == "GET" else ("method", "GET")
        return _files_route(method, path) or ("none", path)

    def _faulted(self, fault: Fault, request: SimRequest, route: str, target: str) -> SimResponse:
        if route in FILE_ROUTES and fault.kind in {"rate_limit", "server_error"}:
            return self._file_fault(fault)
        if fault.kind == "rate_limit":
            response = _error(429, "rate_limit_exceeded", "Rate limit exceeded (simulated)", "rate_limit_error")
            return attrs.evolve(response, headers={**response.headers, "retry-after": f"{fault.retry_after:g}"})
        if fault.kind == "server_error":
            response = _error(fault.status, "internal_error", "Server error (simulated)", "api_error")
            if fault.status == 503:
                response = attrs.evolve(response, headers={**response.headers, "retry-after": "1"})
            return response
        if fault.kind == "malformed":
            return SimResponse(200, {"content-type": "application/json"}, b'{"id": "task-unified-')
        # drop and truncate: the request is read and acted on; only the answer is lost (or cut short).
        response = self._dispatch(request, route, target, whole=fault.kind != "truncate")
        if route == "create":
            self._unanswered(response)
        return attrs.evolve(response, drop=fault.kind == "drop", truncate=fault.kind == "truncate")

    def _file_fault(self, fault: Fault) -> SimResponse:
        """A rate limit or a server error of the files service, in its envelope."""
        if fault.kind == "rate_limit":
            return _answer(refusal(429, "Too many requests (simulated)"), {"retry-after": f"{fault.retry_after:g}"})
        response = _answer(refusal(fault.status, "Server error (simulated)"))
        if fault.status == 503:
            response = attrs.evolve(response, headers={**response.headers, "retry-after": "1"})
        return response

    def _unanswered(self, response: SimResponse) -> None:
        """Mark the task a lost create answer made: its client cannot know its id."""
        try:
            task_id = json.loads(response.body).get("id")
        except (ValueError, AttributeError):
            return
        with self._lock:
            if task_id in self._tasks:
                self._tasks[task_id].answered = False

    def _dispatch(  # noqa: PLR0911 - one answer per route
        self, request: SimRequest, route: str, target: str, *, whole: bool = True
    ) -> SimResponse:
        if route == "file":
            return self._uploaded(target) if target.startswith("/") else self._file(target, whole=whole)
        if route == "none":
            return _error(404, "not_found", f"no such endpoint: {target}", "invalid_request_error")
        if route in FILE_ROUTES:
            return self._files_dispatch(request, route, target)
        problem = self._unauthorized(request.headers.get("authorization", ""))
        if problem:
            return _error(401, "unauthorized", problem, "authentication_error")
        if route == "create":
            return self._create(request)
        if route == "credits":
            return self._credits(request)
        return self._get_task(target, request.base_url)

    def _unauthorized(self, header: str) -> str | None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return "Missing or malformed Authorization header: use 'Bearer <API key>'"
        if self.config.api_key is not None and not secrets.compare_digest(token.strip(), self.config.api_key):
            return "Invalid API key"
        return None

    # ------------------------------------------------------------------------------------------- files
    def _upload(self, request: SimRequest, kind: str) -> SimResponse:
        """An upload of *kind*: stored, or refused as the files service refuses it (D41-D43)."""
        owner = _owner(request.headers.get("authorization", ""))
        if self.faults.take("upload", frozenset({"quota_full"})) is not None:
            answer = self.files.full()
        else:
            fetch = lambda url: self._fetch_own(url, request.base_url)  # noqa: E731 - one use, reads as what it is
            content_type = request.headers.get("content-type", "")
            answer = self.files.upload(
                kind, content_type=content_type, body=request.body, owner=owner, base_url=request.base_url, fetch=fetch
            )
        status, payload = answer
        with self._lock:
            if status == 200:
                self.stats.files_stored += 1
                self.stats.upload_bytes += int(payload["data"]["file_size"])
            else:
                self.stats.uploads_refused += 1
                self.stats.quota_refusals += status == 403
        return _answer(answer)

    def _files_dispatch(self, request: SimRequest, route: str, kind: str) -> SimResponse:
        """The files service's routes: an upload of *kind*, or the quota; the key checked first (401)."""
        problem = self._unauthorized(request.headers.get("authorization", ""))
        if problem:
            if route == "upload":
                with self._lock:
                    self.stats.uploads_refused += 1
            return _answer(refusal(401, problem))
        if route == "upload":
            return self._upload(request, kind)
        return _answer(self.files.quota_answer(_owner(request.headers.get("authorization", ""))))

    def _fetch_own(self, url: str, base_url: str) -> bytes | None:
        """What a URL upload downloads: a file of this simulator (an upload or a result), never the network."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base_url:
            return None
        if parts.path.startswith("/files/"):
            response = self._file(parts.path.removeprefix("/files/"))
            return response.body if response.status == 200 else None
        found = referenced_ids(parts.path)
        stored = self.files.live(found[0]) if found else None
        return stored.data if stored is not None else None

    def _uploaded(self, path: str) -> SimResponse:
        """An uploaded file's bytes, at its ``file_url`` or ``download_url``: 410 once it has expired."""
        with self._lock:
            self.stats.file_fetches += 1
        found = referenced_ids(path)
        stored = self.files.get(found[0]) if found else None
        if stored is None:
            return SimResponse(404, {"content-type": "text/plain"}, b"Not Found")
        if stored.expired(self._clock()):
            gone = f"Gone: expired {self.files.lifetime / 3600:g} hours after upload"
            return SimResponse(410, {"content-type": "text/plain"}, gone.encode())
        headers = {"content-type": stored.mime_type, "cache-control": "public, max-age=3600"}
        if path.startswith(DOWNLOAD_PREFIX):
            headers["content-disposition"] = f'attachment; filename="{stored.name}"'
        return SimResponse(200, headers, stored.data)

    def uploaded_files(self, api_key: str) -> int:
        """How many unexpired files *api_key* holds on the files service (what its quota counts)."""
        return self.files.in_use(hashlib.sha256(api_key.encode()).hexdigest())

    # ------------------------------------------------------------------------------------------- create
    def _create(self, request: SimRequest) -> SimResponse:
        key = request.headers.get("idempotency-key")
        if key is not None and not _IDEMPOTENCY_KEY.match(key):
            return self._rejected("Idempotency-Key must be 16-96 characters of A-Z a-z 0-9 . _ -", "Idempotency-Key")
        checked = self._check_body(request.body)
        if isinstance(checked, SimResponse):
            return checked
        body, model, callback_url = checked
        owner = _owner(request.headers.get("authorization", ""))
        if model.follow_up is not None:
            refused = self._parent_refusal(model, body, owner)
            if refused is not None:
                return refused
        fingerprint = json.dumps(body, sort_keys=True)
        with self._lock:
            earlier = self._by_key.get(key) if key and self.config.honour_idempotency_keys else None
        if earlier is not None:
            return self._replay(earlier, fingerprint)
        reserved = reserved_credits(model, body)
        with self._lock:
            shortfall = self.ledger.reserve(owner, reserved)
            if shortfall is not None:
                self.stats.credit_refusals += 1
            else:
                self.stats.credits_reserved = round(self.stats.credits_reserved + reserved, 6)
        if shortfall is not None:
            return _refused(shortfall)
        task = self._new_task(model, body, callback_url, owner, reserved)
        response = _json(200, self._task_payload(task, request.base_url, detail=False))
        if key:
            with self._lock:
                self._by_key[key] = (fingerprint, response.body)
        if task.callback_url:
            due = task.started + task.duration
            self.callbacks.schedule(task.callback_url, due, lambda: self.task_json(task.id, request.base_url))
        return response

    def _check_body(self, raw: bytes) -> SimResponse | tuple[dict[str, Any], ModelPreset, str | None]:
        """The parsed body, its model and its callback URL; or the 400 that refuses it.

        The check is the simulator's own, from the spec's schemas and rules (``_request_check``), never the client's.
        """
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        callback_url = body.get("callback_url") if isinstance(body, dict) else None
        # The simulator's own uploaded files stand in for EvoLink's: checked as the public URLs they would be.
        checked = with_public_host(body, lambda file_id: self.files.get(file_id) is not None)
        if self.config.allow_http_callbacks and isinstance(callback_url, str) and _loopback_http(callback_url):
            checked = {name: value for name, value in checked.items() if name != "callback_url"}
        verdict = check_create_body(checked)
        if isinstance(verdict, Rejection):
            return self._rejected(verdict.message, verdict.param)
        model, rejection = verdict
        if rejection is not None:
            return self._rejected(rejection.message, rejection.param)
        return body, model, callback_url if isinstance(callback_url, str) else None

    def _parent_refusal(self, model: ModelPreset, body: Mapping[str, Any], owner: str) -> SimResponse | None:
        """Why a follow-up's parent (``model_params.task_id``) cannot be worked on, as the API answers; or None.

        The docs: the source task is completed, of the same series, and the caller's, and has the image asked for.
        They give no status for those (400, their "Invalid request parameters", here), nor for some lineage rules (a
        V7 retexture's results take only an upscale; an enhance takes a draft), but one for others: an upscale of an
        upscale is 403 (``x-evolink-refused-after``), a V8.2 variation of an upload's result 405
        (``x-evolink-result-follow-ups``).
        """
        nested = body.get("model_params") or {}
        parent_id, number = nested.get("task_id"), _image_number(body)
        with self._lock:
            parent = self._tasks.get(parent_id) if isinstance(parent_id, str) else None
        param = "model_params.task_id"
        rule = _cited(model)
        if parent is None or not secrets.compare_digest(parent.owner, owner):
            return self._rejected(f"source task {parent_id!r} not found among this key's tasks{rule}", param)
        if parent.state(self._clock())[0] != "completed":
            return self._rejected(f"source task {parent.id} is not completed{rule}", param)
        if parent.series != model.series:
            return self._rejected(
                f"{model.id} works on {model.series} tasks; {parent.id} is {parent.model}{rule}", param
            )
        lineage = _lineage_refusal(model, parent)
        if lineage is not None:
            message, status = lineage  # no status in the docs: their "Invalid request parameters" (400)
            refused = (
                _error(status, "operation_not_allowed", message, "invalid_request_error", param) if status else None
            )
            return refused or self._rejected(message, param)
        if number >= parent.images:
            return self._rejected(
                f"{parent.id} has {parent.images} image(s); no image {number}", "model_params.image_number"
            )
        return None

    def _replay(self, earlier: tuple[str, bytes], fingerprint: str) -> SimResponse:
        """The first answer to an Idempotency-Key, again; or a 400 when the key comes back with another body."""
        earlier_fingerprint, first_answer = earlier
        if earlier_fingerprint != fingerprint:
            return self._rejected("Idempotency-Key was already used with a different body", "Idempotency-Key")
        response = _json(200, json.loads(first_answer), {"idempotency-replayed": "true"})
        return attrs.evolve(response, body=first_answer)

    def _rejected(self, message: str, param: str) -> SimResponse:
        with self._lock:
            self.stats.rejected += 1
        return _error(400, "invalid_request", message, "invalid_request_error", param)

    def _new_task(
        self,
        model: ModelPreset,
        body: Mapping[str, Any],
        callback_url: str | None,
        owner: str = "",
        reserved: float | None = None,
    ) -> SimTask:
        config = self.config
        typical = model.typical_seconds or DEFAULT_SECONDS
        duration = config.duration if config.duration is not None else typical / config.speed
        fail = self.faults.take("create", frozenset({"fail_task", "moderate"}))
        asked = image_count(model, body)
        fewer = self.faults.take("create", frozenset({"fewer_images"}))
        images = min(asked, fewer.images or max(1, asked // 2)) if fewer is not None else asked
        layers = model.output == "layers"
        reserved = reserved_credits(model, body) if reserved is None else reserved
        now = self._clock()
        named = [(file_id, self.files.get(file_id)) for file_id in referenced_ids(body)]
        gone = [file_id for file_id, stored in named if stored is not None and stored.expired(now)]
        references = tuple(stored.data for _, stored in named if stored is not None and not stored.expired(now))
        fail_code = (MODERATION_CODE if fail.kind == "moderate" else fail.code) if fail else None
        fail_code = fail_code or ("resource_not_found" if gone else None)
        moderated = fail_code is not None and task_error_fact(fail_code).is_moderation
        # The charge the task's end settles on: the images made (per task: the reservation); a failed task's is
        # refunded, unless its model's docs keep what moderation refused (Midjourney V7, V8.1).
        kept = moderated and model.billing is not None and model.billing.moderated_refund == "none"
        used = charged_credits(model, body, images) if fail_code is None else reserved if kept else 0.0
        task = SimTask(
            id=f"task-unified-{int(time.time())}-{''.join(secrets.choice(_ID_ALPHABET) for _ in range(8))}",
            model=model.id,
            prompt=str(body.get("prompt", "")),
            size=body.get("size"),
            started=now,
            created=int(time.time()),
            duration=duration,
            estimated_time=max(1, round(duration * config.estimate_factor)),
            credits=round(reserved, 6),
            credits_used=round(min(used, reserved), 6),
            images=images,
            asked=asked,
            moderated=moderated,
            layers=layers,
            fail_code=fail_code,
            fail_message=_fail_message(fail, gone),
            callback_url=callback_url,
            curve=config.progress,
            owner=owner,
            series=model.series,
            operation=model.follow_up,
            image_number=_image_number(body),
            request=dict(body),
            result_ttl=config.result_ttl if config.result_ttl is not None else model.result_lifetime,
            references=references,
        )
        with self._lock:
            self._tasks[task.id] = task
            self._unsettled[task.id] = task
            self.stats.tasks_created += 1
        return task

    # ------------------------------------------------------------------------------------------- reads
    def _get_task(self, task_id: str, base_url: str) -> SimResponse:
        with self._lock:
            self.stats.polls += 1
            if task_id in self._tasks:
                self._tasks[task_id].polls += 1
        payload = self.task_json(task_id, base_url)
        if payload is None:
            return _error(404, "task_not_found", f"Task {task_id} not found", "invalid_request_error")
        return _json(200, payload)

    def task(self, task_id: str) -> SimTask | None:
        """A task's simulated state (its timeline and the polls it received), for tests and benchmarks."""
        with self._lock:
            return self._tasks.get(task_id)

    def task_json(self, task_id: str, base_url: str) -> dict[str, Any] | None:
        """The task detail the API would return now, or None for an unknown id."""
        with self._lock:
            task = self._tasks.get(task_id)
        return self._task_payload(task, base_url, detail=True) if task else None

    def _task_payload(self, task: SimTask, base_url: str, *, detail: bool) -> dict[str, Any]:
        status, progress = task.state(self._clock())
        payload: dict[str, Any] = {
            "created": task.created,
            "id": task.id,
            "model": task.model,
            "object": "image.generation.task",
            "progress": progress,
            "status": status,
            "task_info": {"can_cancel": status in {"pending", "processing"}, "estimated_time": task.estimated_time},
            "type": "image",
            "usage": {"billing_rule": "per_call", "credits_reserved": task.credits, "user_group": "default"},
        }
        if detail and status == "completed":
            payload["results"] = [f"{base_url}/files/{task.id}/{index}.png" for index in range(task.images)]
            payload["usage"]["credits_used"] = task.credits_used
            if task.layers:
                payload["result_data"] = _layer_data(task)
        if detail and status == "failed":
            payload["usage"]["credits_used"] = task.credits_used  # the settlement: 0 when refunded in full
            payload["error"] = {
                "code": task.fail_code,
                "message": task.fail_message or f"The task failed: {task.fail_code} (simulated)",
                "type": "task_error",
            }
        return payload

    # ------------------------------------------------------------------------------------------- credits
    def settle(self) -> None:
        """Settle every task that has ended: its reservation becomes its charge and a refund (``stats``, ``ledger``).

        Done before every request is answered, so that what ``GET /v1/credits`` shows and what a task read shows
        agree; call it before reading ``stats`` without a request in between.
        """
        now = self._clock()
        with self._lock:
            for task in [task for task in self._unsettled.values() if now >= task.finishes_at]:
                del self._unsettled[task.id]
                task.refunded = self.ledger.settle(task.owner, task.credits, task.credits_used)
                task.settled = True
                self.stats.credits_charged = round(self.stats.credits_charged + task.credits_used, 6)
                self.stats.credits_refunded = round(self.stats.credits_refunded + task.refunded, 6)

    def _credits(self, request: SimRequest) -> SimResponse:
        """``GET /v1/credits``: the asking key's figures and the account's, as the page shows them."""
        owner = _owner(request.headers.get("authorization", ""))
        with self._lock:
            data = self.ledger.credits(owner)
        return _json(200, {"data": data, "message": "", "success": True})

    def credits(self, api_key: str) -> dict[str, Any]:
        """What ``GET /v1/credits`` answers *api_key* now (its ``data``), for tests."""
        self.settle()
        with self._lock:
            return self.ledger.credits(hashlib.sha256(api_key.encode()).hexdigest())

    def unanswered_tasks(self) -> list[str]:
        """Tasks made by a create whose answer was lost (dropped, cut short): their client cannot know their ids."""
        with self._lock:
            return [task.id for task in self._tasks.values() if not task.answered]

    def unsaved_results(self) -> list[str]:
        """Result files of completed tasks, still downloadable, that no client has fetched whole: lost work."""
        now = self._clock()
        with self._lock:
            tasks = list(self._tasks.values())
            saved = set(self._saved)
        return [
            f"{task.id}/{index}"
            for task in tasks
            if task.state(now)[0] == "completed" and now <= task.expires_at
            for index in range(task.images)
            if (task.id, index) not in saved
        ]

    def _file(self, target: str, *, whole: bool = True) -> SimResponse:
        with self._lock:
            self.stats.downloads += 1
        task_id, _, name = target.partition("/")
        index_text = name.removesuffix(".png")
        with self._lock:
            task = self._tasks.get(task_id)
        now = self._clock()
        if (
            task is None
            or not index_text.isdigit()
            or int(index_text) >= task.images
            or task.state(now)[0] != "completed"
        ):
            return SimResponse(404, {"content-type": "text/plain"}, b"Not Found")
        expired = now > task.expires_at
        if expired or self.faults.take("file", frozenset({"expire_results"})):
            return SimResponse(403, {"content-type": "text/plain"}, b"AccessDenied: Request has expired")
        index = int(index_text)
        with self._lock:
            if index not in task.pngs:
                size = image_size(task.ratio)
                task.pngs[index] = draw_png(
                    task.prompt, index, *size, label=task.label(index), references=task.references
                )
            png = task.pngs[index]
        oversize = self.faults.take("file", frozenset({"oversize"}))
        if oversize is not None:
            png += bytes(max(0, oversize.size - len(png)))
        elif whole:
            with self._lock:
                self._saved.add((task.id, index))
        return SimResponse(200, {"content-type": "image/png", "cache-control": "private, max-age=86400"}, png)


def _fail_message(fail: Fault | None, gone: list[str]) -> str | None:
    """A failed task's message, where the default (``The task failed: <code>``) would not say enough."""
    if fail is not None and fail.kind == "moderate":
        return "Content policy violation. Your request was blocked by safety filters (simulated)."
    if fail is None and gone:
        return f"reference image(s) expired, could not be fetched: {gone}"
    return None


def _files_route(method: str, path: str) -> tuple[str, str] | None:
    """The route of a files-service path: an uploaded file (its target keeps the leading "/"), an upload, the quota."""
    if path.startswith((UPLOADS_PREFIX, DOWNLOAD_PREFIX)):
        return ("file", path) if method == "GET" else ("method", "GET")
    if path.startswith(UPLOAD_PREFIX) and path.removeprefix(UPLOAD_PREFIX) in UPLOAD_KINDS:
        return ("upload", path.removeprefix(UPLOAD_PREFIX)) if method == "POST" else ("method", "POST")
    if path == QUOTA_PATH:
        return ("quota", "") if method == "GET" else ("method", "GET")
    return None


def _cited(model: ModelPreset) -> str:
    """`` (Rule <name>)`` for the first rule the spec gives a follow-up's ``model_params.task_id``, or ""."""
    nested = model.fields.get("model_params")
    task_id = (nested.schema.get("properties") or {}).get("task_id") if nested is not None else None
    rules = rules_of(task_id) if isinstance(task_id, Mapping) else ()
    return f" (Rule {rules[0].name})" if rules else ""


def _lineage_refusal(model: ModelPreset, parent: SimTask) -> tuple[str, int | None] | None:
    """Why *model* does not take *parent* as the docs state it, and the status they give (None: not given).

    An operation that refuses results of another (``refused_after``: an upscale of an upscale, 403), a model whose
    results take only some follow-ups (``result_follow_ups``: a V7 retexture, upscale only; V8.2's uploads, 405), and a
    rule on the parent's own request (``parent-requires``: an enhance of a draft).
    """
    refused = model.refused_after or {}
    cited = f" (Rule {refused['rule']})" if refused.get("rule") else ""
    if parent.operation is not None and parent.operation in (refused.get("operations") or ()):
        message = f"task {parent.id} is already the result of {parent.operation}: {model.id} does not take it"
        return message + cited, int(refused.get("status", 403))
    made_by = presets.by_id(parent.model)
    allowed = made_by.result_follow_ups if made_by is not None else None
    if allowed is not None and model.follow_up not in (allowed.get("only") or ()):
        message = f"task {parent.id} is a result of {parent.model}, whose results take only: "
        message += f"{', '.join(allowed.get('only') or ()) or 'no follow-up'} (Rule {allowed.get('rule')})"
        return message, allowed.get("status")
    nested = model.fields.get("model_params")
    task_id = (nested.schema.get("properties") or {}).get("task_id") if nested is not None else None
    for rule in rules_of(task_id) if isinstance(task_id, Mapping) and made_by is not None else ():
        field = rule.params.get("parent_field")
        if rule.check in PARENT_CHECKS and isinstance(field, str) and made_by is not None:
            problem = PARENT_CHECKS[rule.check](made_by.value_in(parent.request, field), rule.params)
            if problem:
                return f"{model.id} {problem}: {parent.id} is not (Rule {rule.name})", None
    return None


def _owner(authorization: str) -> str:
    """Whose a task is: a digest of the caller's Bearer token (the token itself is never kept)."""
    token = authorization.partition(" ")[2].strip()
    return hashlib.sha256(token.encode()).hexdigest()


def _image_number(body: Mapping[str, Any]) -> int:
    """The image of its parent a follow-up works on (0 when not given); 2.0 is 2, as JSON integers go."""
    nested = body.get("model_params")
    number = nested.get("image_number", 0) if isinstance(nested, Mapping) else 0
    if isinstance(number, bool) or not isinstance(number, int | float) or not float(number).is_integer():
        return 0
    return int(number)


def _layer_data(task: SimTask) -> list[dict[str, Any]]:
    """``result_data`` of a layer decomposition: the base image, then layers in boxes across it."""
    items: list[dict[str, Any]] = [{"z_index": 0, "name": "base", "description": "The base image (simulated)."}]
    width, height = image_size(task.ratio)
    for layer in range(1, task.images):
        left, right = (layer - 1) / (task.images - 1), layer / (task.images - 1)
        box = [round(left * width), 0, round(right * width), height]
        items.append(
            {
                "z_index": layer,
                "name": f"layer {layer}",
                "description": f"Element {layer} of the image (simulated).",
                "bounding_box": {
                    "absolute": box,
                    "normalized": [round(left * 1000), 0, round(right * 1000), 1000],
                },
            }
        )
    return items


def image_count(model: ModelPreset, body: Mapping[str, Any]) -> int:
    """How many images a task makes: what it asks for, within any image budget the spec gives the model."""
    if model.output == "layers":
        return 1 + SIMULATED_LAYERS
    count = model.images_requested(body)
    spec = model.fields.get("n")
    for rule in spec.rules if spec is not None else ():
        total = rule.params.get("total")
        if rule.check == "image-budget" and isinstance(total, int):
            references = body.get("image_urls")
            count = min(count, total - (len(references) if isinstance(references, list) else 0))
    return max(1, count)


def _loopback_http(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
