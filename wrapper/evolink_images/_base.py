"""What the sync and async clients share: configuration, validation of a submit, and how they show themselves."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from ._clock import Clock, SystemClock
from ._effects import DEFAULT_MAX_DOWNLOAD_BYTES, Context, Instant
from ._errors import APIStatusError, EvoLinkWarning, ValidationError
from ._estimate import Estimate, estimate_request
from ._extra_body import known_fields_set
from ._follow_up import FollowUp, plan_follow_up
from ._http import (
    DEFAULT_MAX_CONCURRENT_REQUESTS,
    auth_headers,
    build_api_client,
    keyed,
    resolve_api_key,
    resolve_base_url,
    resolve_files_base_url,
    user_agent,
)
from ._presets import ModelPreset, presets
from ._references import Images, contains_local, restored, with_placeholders
from ._requests import Submission
from ._task import Task
from ._upload_ledger import AsyncUploadLedger, UploadLedger
from ._validation import ValidatedRequest, resolve_model, unchecked_request, validate_request

if TYPE_CHECKING:
    from ._journal import Journal

__all__ = ["LEARN_FROM", "BaseClient", "absolute_path"]

# The most recent completed tasks of a model an estimate learns from.
LEARN_FROM = 500

_UNCHECKED_OVERRIDE = (
    "extra_body sets {field}, a field the model's schema knows: it is sent as given, unchecked, in place of any "
    "checked value (pass it as a parameter to have it checked, or use validate=False to skip the checks on purpose)"
)


def absolute_path(folder: str | Path | None) -> Path | None:
    """*folder* made absolute without touching the disk (the journal must not depend on the working folder)."""
    return None if folder is None else Path(os.path.abspath(folder))


def _require_whole(name: str, value: object, minimum: int) -> None:
    """A :class:`ValidationError` naming *name* unless *value* is a whole number, *minimum* or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValidationError(name, value, f"must be a whole number, {minimum} or more")


def _open_journal(journal: Journal | str | Path | bool | None) -> Journal | None:
    if journal is None or journal is False:
        return None
    from ._journal import Journal  # noqa: PLC0415 - sqlite3 is loaded only by those who journal

    if journal is True:
        return Journal()
    return journal if isinstance(journal, Journal) else Journal(journal)


class BaseClient:
    """Configuration common to :class:`EvoLink` and :class:`AsyncEvoLink`."""

    _asynchronous = False

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        clock: Clock | None = None,
        journal: Journal | str | Path | bool | None = None,
        max_concurrent_requests: int = DEFAULT_MAX_CONCURRENT_REQUESTS,
        files_base_url: str | None = None,
    ) -> None:
        _require_whole("max_retries", max_retries, 0)
        _require_whole("max_concurrent_requests", max_concurrent_requests, 1)
        _require_whole("max_download_bytes", max_download_bytes, 1)
        self.max_concurrent_requests = max_concurrent_requests
        self.base_url = resolve_base_url(base_url)
        self.files_base_url = resolve_files_base_url(files_base_url, self.base_url)
        self.max_retries = max_retries
        self.clock: Clock = clock or SystemClock()
        self._owns_http_client = http_client is None
        self._api = build_api_client(
            api_key=resolve_api_key(api_key),
            base_url=self.base_url,
            timeout=timeout,
            http_client=http_client,
            asynchronous=self._asynchronous,
            max_connections=max_concurrent_requests,
        )
        self._journal = _open_journal(journal)
        self._context = Context(
            base_url=self.base_url,
            max_retries=max_retries,
            max_download_bytes=max_download_bytes,
            journalled=self._journal is not None,
            process_id=os.getpid(),
            files_base_url=self.files_base_url,
        )
        ledger = AsyncUploadLedger if self._asynchronous else UploadLedger
        self._uploads = ledger(self._journal, self.files_base_url)

    @property
    def journal(self) -> Journal | None:
        """The journal this client records into, if any."""
        return self._journal

    def _now(self) -> Instant:
        """The answer to a ``Now`` effect: the client's clock, and the wall clock."""
        return Instant(self.clock.now(), time.time())

    def _headers(self, url: str) -> dict[str, str]:
        """The headers a request to *url* gets: the key only when it goes to the API or the files service."""
        if keyed(url, (self.base_url, self.files_base_url)):
            return auth_headers(self._api)
        return {"User-Agent": user_agent()}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"

    @staticmethod
    def _placeholders(model: object, params: Mapping[str, Any], *, validate: bool) -> tuple[dict[str, Any], Images]:
        """*params* with their local images read, checked and stood in for (blocking: files are read).

        The model decides which fields take an image: an unknown model is refused here as validation would refuse
        it (a local file needs a model the catalogue knows, even with ``validate=False``).
        """
        if not contains_local(params):
            return dict(params), {}
        known = presets.get(model) if isinstance(model, str) else None
        preset: ModelPreset | None = resolve_model(model) if validate is True else known
        return with_placeholders(preset, params)

    def __getstate__(self) -> Any:
        raise TypeError(f"{type(self).__name__} cannot be pickled: it holds an API key and open connections")

    @staticmethod
    def _validate(
        model: str,
        prompt: str | None,
        params: Mapping[str, Any],
        extra_body: Mapping[str, Any] | None,
        *,
        validate: bool,
        images: Images | None = None,
        stacklevel: int = 3,
    ) -> ValidatedRequest:
        """The request checked (its local images stood in for by placeholders); warnings raised at the caller's."""
        if not isinstance(validate, bool):
            raise ValidationError("validate", validate, "must be True (check before sending) or False (send unchecked)")
        try:
            request = validate_request(model, prompt, params) if validate else unchecked_request(model, prompt, params)
        except ValidationError as error:
            raise restored(error, images or {}) from None
        if extra_body is not None and not isinstance(extra_body, Mapping):
            raise ValidationError("extra_body", extra_body, "must be a dict of extra JSON fields")
        notices = list(request.warnings)
        if extra_body and request.checked:
            notices += [
                _UNCHECKED_OVERRIDE.format(field=field) for field in known_fields_set(extra_body, request.preset)
            ]
        for notice in notices:  # once, as a warning: logging.captureWarnings() sends it to the logs
            warnings.warn(notice, EvoLinkWarning, stacklevel=stacklevel)
        return request

    def _estimate_of(self, request: ValidatedRequest) -> Estimate:
        """The estimate of a validated request, learned from this client's journal when it holds charges (blocking).

        Only tasks sent to this client's API count: the simulator's charges teach nothing about EvoLink's.
        """
        preset = request.preset
        if preset is None:  # validated: never; a model the catalogue lacks has no figure
            return Estimate(model=request.model_id, credits=None, basis="unknown", detail="a model the catalogue lacks")
        charges = (
            self._journal.entries(
                states=("completed", "downloaded"), base_url=self.base_url, model=preset.id, limit=LEARN_FROM
            )
            if self._journal is not None
            else []
        )
        return estimate_request(preset, request.body, charges)

    def _with_request(self, parent: Task) -> Task:
        """*parent*, with the request that made it when the journal holds it (a task fetched by id carries none).

        How the parent was made (its speed) decides some follow-ups (D27 of the spec).
        """
        if parent.request is not None or self._journal is None:
            return parent
        entry = self._journal.by_task_id(parent.id)
        return parent if entry is None else attrs.evolve(parent, request=entry.body)

    @staticmethod
    def _plan_follow_up(
        parent: Task, operation: str, params: Mapping[str, Any]
    ) -> tuple[FollowUp, dict[str, Any], Images]:
        """A follow-up on *parent* planned, its local images read and stood in for (blocking: files are read)."""
        plan = plan_follow_up(parent, operation, params)
        flat, images = with_placeholders(plan.model, plan.params)
        return plan, flat, images

    @classmethod
    def _follow_up_submission(
        cls,
        plan: FollowUp,
        params: Mapping[str, Any],
        images: Images,
        extra_body: Mapping[str, Any] | None,
        *,
        idempotency_key: str | None,
        out_dir: str | Path | None,
    ) -> Submission:
        """The create of a planned follow-up, validated: nothing is sent (or uploaded) when it is refused."""
        request = cls._validate(
            plan.model.id, plan.prompt, params, extra_body, validate=True, images=images, stacklevel=4
        )
        return Submission(
            request,
            extra_body,
            idempotency_key,
            out_dir=absolute_path(out_dir),
            parent_task_id=plan.parent_id,
            images=images,
        )

    @staticmethod
    def _explain_refusal(plan: FollowUp, error: APIStatusError) -> None:
        """Add the docs' reason to an API refusal of a follow-up that the docs foresee (shown by the CLI)."""
        reason = plan.explain(error.status_code)
        if reason:
            error.add_note(reason)
