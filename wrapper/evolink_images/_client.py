"""EvoLink: the blocking client. It carries out the engine's effects with httpx.Client and the clock's sleep."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self, TypeVar

import httpx

from ._base import BaseClient, absolute_path
from ._credits import Credits
from ._credits import credits as credits_steps
from ._downloads import download as download_steps
from ._effects import Effect, Fetch, FetchResult, Notify, Now, Send, Sleep, Steps
from ._errors import APIStatusError
from ._estimate import Estimate
from ._files_service import FilesQuota, UploadedFile
from ._local_images import read_local_image
from ._local_io import FileSink, perform_local
from ._lost import read_task as read_task_steps
from ._presets import DEFAULT_WAIT_TIMEOUT
from ._requests import Submission
from ._requests import submit as submit_steps
from ._resume import ResumeOutcome
from ._resume import resume as resume_steps
from ._task import Task
from ._upload_ledger import UPLOAD_EFFECTS
from ._uploads import files_quota as files_quota_steps
from ._uploads import upload as upload_steps
from ._waiting import wait as wait_steps

__all__ = ["DEFAULT_WAIT_TIMEOUT", "EvoLink"]

T = TypeVar("T")


class EvoLink(BaseClient):
    """A client of EvoLink's image-generation API.

    Args:
        api_key: Your EvoLink API key; defaults to ``$EVOLINK_API_KEY``.
        base_url: Defaults to ``$EVOLINK_BASE_URL``, else ``https://api.evolink.ai``.
        timeout: Seconds (or an :class:`httpx.Timeout`) for each HTTP request; 60 s, connect 10 s by default.
        max_retries: Retries of a failed read (poll or download) or of a create that certainly never reached the
            server. A create that may have reached it is never sent again.
        http_client: Your own :class:`httpx.Client` (proxies, transports); it is not closed by :meth:`close`.
        max_download_bytes: The largest result file :meth:`download` accepts.
        clock: A :class:`~evolink_images.testing.VirtualClock` makes waits instant in tests.
        journal: Record every create in a durable journal so that :meth:`resume` can finish it after a crash:
            ``True`` for the default file (``$EVOLINK_JOURNAL`` or the user data directory), a path, or a
            :class:`~evolink_images.Journal`. Off by default in the library; on by default in the CLI. It also
            remembers uploads of local images, so a rerun within their 72 hours uploads nothing again.
        max_concurrent_requests: Requests in flight at once (the async client's limit; the connection pool's size).
        files_base_url: EvoLink's files service, where local images are uploaded: ``$EVOLINK_FILES_BASE_URL``, else
            ``https://files-api.evolink.ai``, except that with a *base_url* on this machine (the simulator) and
            neither set, the same URL as *base_url*. The key is sent to this host and the API's, never elsewhere.

    Raises:
        EvoLinkError: when no API key is given or set in ``EVOLINK_API_KEY``.
    """

    def _run(self, steps: Steps[T]) -> T:
        """Drive an engine operation: carry out each effect it yields and send the result (or the error) back."""
        http = self._api.get_httpx_client()
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                effect = steps.throw(error) if error is not None else steps.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value, error = None, None
            try:
                value = self._perform(effect, http)
            except BaseException as exc:
                error = exc

    def _perform(self, effect: Effect, http: httpx.Client) -> Any:
        if isinstance(effect, Send):
            headers = {**effect.request.get("headers", {}), **self._headers(effect.request["url"])}
            if effect.journal is not None:
                perform_local(effect.journal, self._journal)
            return http.request(**{**effect.request, "headers": headers})
        if isinstance(effect, Sleep):
            return self.clock.sleep(effect.seconds)
        if isinstance(effect, Now):
            return self._now()
        if isinstance(effect, Notify):
            return effect.callback(effect.task)
        if isinstance(effect, Fetch):
            return self._fetch(effect, http)
        return (
            self._uploads.perform(effect)
            if isinstance(effect, UPLOAD_EFFECTS)
            else perform_local(effect, self._journal)
        )

    @staticmethod
    def _fetch(effect: Fetch, http: httpx.Client) -> FetchResult:
        with http.stream("GET", effect.url, follow_redirects=False) as response:
            refused = FileSink.refusal(effect, response.status_code, response.headers)
            if refused is not None:
                return refused
            sink = FileSink(effect, response.headers)
            sink.open()
            try:
                for chunk in response.iter_bytes():
                    if not sink.take(chunk):
                        break
            finally:
                sink.close()
            return sink.result()

    def submit(
        self,
        model: str,
        prompt: str | None = None,
        *,
        validate: bool = True,
        extra_body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        out_dir: str | Path | None = None,
        **params: Any,
    ) -> Task:
        """Validate the parameters, then create a task; returns at once with the pending task.

        Args:
            model: A model id or alias: ``evolink_images.presets`` (or ``evolink-images models``) lists them.
            prompt: What to generate, within the model's length limit (optional only where the model says so).
            validate: False sends the request without the client-side checks, and lets a model id the catalogue
                does not know through: for when the API has moved before this version. It warns
                (``EvoLinkWarning``); the API alone then judges the request, and a mistake may be charged.
            extra_body: Extra JSON sent unvalidated, for fields the presets do not know yet: merged into the body
                (``{"model_params": {"new_option": True}}`` keeps the checked ``model_params`` beside it). A field the
                schema knows is sent as given too, with a warning (``EvoLinkWarning``) naming it.
            idempotency_key: Sent as the ``Idempotency-Key`` header; one is generated when omitted. With a journal,
                a key it holds retries that request: sent again only when it was never answered (or refused), never
                for another request or a task it already created (:class:`JournalError`, before anything is sent).
            out_dir: Where the results are to be saved: recorded in the journal before the request leaves, so that
                :meth:`resume` saves them there after a crash.
            **params: The model's fields, by the API's names (``size=...``, ``image_urls=[...]``,
                ``model_params={...}``); each model's are in ``evolink_images.presets[model].fields``. Where a field
                takes an image (``image_urls``' items, ``mask_url``, Midjourney's masks), a local image may stand
                for a URL: a :class:`~pathlib.Path`, bytes or a file opened in binary mode. It is checked with the
                rest, then uploaded (see :meth:`upload`) before the create is sent, and its URL is sent; the same
                content is uploaded once while its URL lives long enough for the model's longest run. A string is
                always a URL: one that names a file is refused, saying so.

        Raises:
            ValidationError: before any request, when a parameter breaks a documented rule (or a local image is
                missing, a folder, not a JPEG, PNG, GIF or WebP image, or too large).
            APIStatusError: when the API refuses the request (a subclass per status), or the files service refuses
                an upload (:class:`FilesQuotaError` for a full quota): then no create was sent.
            APIConnectionError: when the API cannot be reached; ``outcome_unknown`` says whether the task may exist.
        """
        params, images = self._placeholders(model, params, validate=validate)
        request = self._validate(model, prompt, params, extra_body, validate=validate, images=images)
        submission = Submission(request, extra_body, idempotency_key, out_dir=absolute_path(out_dir), images=images)
        return self._run(submit_steps(self._context, submission))

    def follow_up(
        self,
        parent: Task | str,
        operation: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        out_dir: str | Path | None = None,
        **params: Any,
    ) -> Task:
        """Create a task that works on one image of a finished task (Midjourney's upscale, variation, ...).

        The operation's model is the one of the parent's series (a Midjourney V7 grid is upscaled by V7's upscale
        model), ``model_params.task_id`` is the parent's id, and the operation's parameters are given flat by their
        API names, whether they go at the top level or in ``model_params``::

            grid = client.generate(grid_model, "a lighthouse at dawn --ar 16:9")
            big = client.wait(client.follow_up(grid, "upscale", image_number=2, type="creative"))

        Args:
            parent: The finished task, or its id (then fetched once).
            operation: The short name: ``upscale``, ``variation``, ``enhance``, ``inpaint``, ``outpaint``, ``pan``,
                ``remix`` or ``edit``, as the parent's series offers (``presets.follow_ups(series)``).
            extra_body: Extra JSON merged into the body, unvalidated (see :meth:`submit`). For an operation this
                version does not know, ``submit(model, validate=False, model_params={"task_id": ...})`` is the way past.
            idempotency_key: Sent as the ``Idempotency-Key`` header; one is generated when omitted.
            out_dir: Where the results are to be saved, recorded in the journal (see :meth:`submit`).
            **params: ``image_number`` (0-3; 0-23 of a V8.2 draft), ``prompt``, ``type``, ``mode``, ... (its fields).

        Returns:
            The new task, pending, as :meth:`submit` returns it; :meth:`wait` finishes it. The journal records its
            parent.

        Raises:
            ValidationError: before any request, for a parent that is not a completed task of a series with
                follow-ups, an operation its series does not offer, or a parameter the operation refuses.
            APIStatusError: when the API refuses it (upscaling an upscale: 403, :class:`PermissionDeniedError`).
        """
        parent_task = self._with_request(parent if isinstance(parent, Task) else self.get_task(parent))
        plan, flat, images = self._plan_follow_up(parent_task, operation, params)
        submission = self._follow_up_submission(
            plan, flat, images, extra_body, idempotency_key=idempotency_key, out_dir=out_dir
        )
        try:
            return self._run(submit_steps(self._context, submission))
        except APIStatusError as error:
            self._explain_refusal(plan, error)
            raise

    def get_task(self, task_id: str) -> Task:
        """The task's current state.

        Raises:
            TaskNotFoundError: when the API does not know the id; a running task in the journal is then marked
                ``lost`` (its ``.lost`` says so) and never polled again.
        """
        return self._run(read_task_steps(self._context, task_id))

    def credits(self) -> Credits:
        """The credits the account and this API key have left and have used (``GET /v1/credits``; costs nothing).

        :attr:`Credits.available` is what can be spent now. A running task's reservation counts as used until it
        settles. Retried like a read.

        Raises:
            APIStatusError: when the API refuses it (a subclass per status: :class:`AuthenticationError` for a bad key).
            APIConnectionError: when the API cannot be reached.
        """
        return self._run(credits_steps(self._context))

    def estimate(self, model: str, prompt: str | None = None, **params: Any) -> Estimate:
        """What :meth:`submit` of the same arguments is expected to cost; nothing is sent (or uploaded).

        The request is validated exactly as :meth:`submit` validates it (a local image is read and checked, not
        uploaded). The figure is learned from this client's journal when it holds completed tasks of the model
        with the same billing-relevant values (the median of their charges, ``basis="journal"``, with their
        number and spread); else EvoLink's documented figure for the request (``basis="docs"``); else none
        (``basis="unknown"``, ``credits`` None, ``detail`` naming what the docs do not price). ``reserved`` is what
        the create is expected to hold until the task settles.

        Raises:
            ValidationError: when a parameter breaks a documented rule, as :meth:`submit` would.
            JournalError: when the journal cannot be read.
        """
        params, images = self._placeholders(model, params, validate=True)
        request = self._validate(model, prompt, params, None, validate=True, images=images)
        return self._estimate_of(request)

    def upload(self, source: str | os.PathLike[str] | bytes | BinaryIO) -> UploadedFile:
        """Upload one local image to EvoLink's files service; returns its public URL, which any image field takes.

        The image is checked first: a file that exists (not a folder), not empty, no larger than the service takes
        (100 MB), and by its first bytes a JPEG, PNG, GIF or WebP image. It then lives 72 hours (``expires_at``) and
        takes one slot of the key's file quota until then (:meth:`files_quota`). An upload costs no credits; it is
        retried like a read. Every call uploads; the upload is remembered (in the journal, if any), so that a
        request that gives the same content as a file reuses it.

        Args:
            source: A path (a :class:`~pathlib.Path` or a string), the image's bytes, or a file opened in binary
                mode (read from where it stands).

        Raises:
            ValidationError: before any request, when *source* is no such image.
            FilesQuotaError: when the key's file quota is full.
            APIStatusError: when the files service refuses it otherwise.
        """
        return self._run(upload_steps(self._context, read_local_image(source, "source")))

    def files_quota(self) -> FilesQuota:
        """The key's file quota on the files service: files stored, the most it may store, uploads left."""
        return self._run(files_quota_steps(self._context))

    def wait(
        self,
        task_or_id: Task | str,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: Callable[[Task], object] | None = None,
    ) -> Task:
        """Poll until the task ends, and return it completed.

        Args:
            task_or_id: A task (from :meth:`submit`) or its id.
            timeout: Seconds to wait in all; the task itself goes on after that. None (the default) waits as long
                as the model may need: 600 s (``DEFAULT_WAIT_TIMEOUT``), or half as much again as the longest its
                docs give (Midjourney, "about 20 minutes": 1800 s); ``presets.wait_timeout(model)`` says.
            poll_interval: Seconds between polls; None adapts to the task's estimate and reported progress.
            on_progress: Called with the task whenever its status or progress changes.

        Raises:
            TaskFailedError: when the task ends failed or cancelled (``.code``, ``.retryable``).
            TaskTimeoutError: when *timeout* passes first; it names the task id.
        """
        steps = wait_steps(
            self._context, task_or_id, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress
        )
        return self._run(steps)

    def generate(
        self,
        model: str,
        prompt: str | None = None,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: Callable[[Task], object] | None = None,
        validate: bool = True,
        extra_body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        **params: Any,
    ) -> Task:
        """:meth:`submit`, then :meth:`wait`: returns the completed task, with its result URLs."""
        task = self.submit(
            model, prompt, validate=validate, extra_body=extra_body, idempotency_key=idempotency_key, **params
        )
        return self.wait(task, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress)

    def download(
        self,
        task: Task,
        dest_dir: str | Path,
        *,
        max_bytes: int | None = None,
        stem: str | None = None,
        metadata: bool = True,
    ) -> list[Path]:
        """Save a completed task's results into *dest_dir* as ``<task id>-<index>.<ext>``; returns their paths.

        Result URLs expire about 24 hours after completion, so download soon. Files are streamed, size-capped,
        written to a temporary name and renamed into place; the API key is never sent to the file host. *stem*
        replaces the task id in the names (it is reduced to safe characters).

        With *metadata* (the default), each file records how it was made: model, prompt, the parameters sent, task
        id, created time, credits and this library's version. A PNG gets it as text chunks, its pixels untouched;
        any other format gets a sidecar ``<file name>.json``. :func:`evolink_images.read_metadata` reads it back.
        On by default because it cannot be added later (the request is gone once the result URLs expire), while a
        file that should not carry its prompt can be saved with ``metadata=False``, byte for byte as served: do so
        before publishing images whose prompts are private.
        """
        steps = download_steps(self._context, task, Path(dest_dir), max_bytes=max_bytes, stem=stem, metadata=metadata)
        return self._run(steps)

    def resume(
        self,
        dest_dir: str | Path | None = None,
        *,
        timeout: float | None = None,
        resubmit_ambiguous: bool = False,
        metadata: bool = True,
    ) -> list[ResumeOutcome]:
        """Finish every unfinished request in the journal: wait for each task, download its results, report the rest.

        Args:
            dest_dir: Where to save results; by default where each request asked for them (or here).
            timeout: Seconds to wait for each task still running; None: each model's own (see :meth:`wait`).
            resubmit_ambiguous: Send requests that never got an answer again, with their original Idempotency-Key.
                Off by default: only an API that honours the key answers with the first task instead of a new one.
            metadata: Record how each image was made, in the file or beside it (see :meth:`download`).

        Returns:
            One :class:`ResumeOutcome` per request: ``downloaded``, ``failed``, ``ambiguous``, ``lost`` (the API
            answered 404: the row is now ``lost`` and later resumes leave it alone), ``expired``, ``running`` or
            ``error``.
        """
        target = Path(dest_dir) if dest_dir is not None else None
        steps = resume_steps(
            self._context, target, timeout=timeout, resubmit_ambiguous=resubmit_ambiguous, metadata=metadata
        )
        return self._run(steps)

    def close(self) -> None:
        """Close the HTTP connections (not those of an http_client you passed in)."""
        if self._owns_http_client:
            self._api.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
