"""AsyncEvoLink: the asyncio client. It carries out the engine's effects with httpx.AsyncClient and awaits."""

from __future__ import annotations

import asyncio
import inspect
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
from ._references import Images, contains_local
from ._requests import Submission
from ._requests import submit as submit_steps
from ._resume import ResumeOutcome
from ._resume import resume as resume_steps
from ._task import Task
from ._upload_ledger import UPLOAD_EFFECTS, AsyncUploadLedger
from ._uploads import files_quota as files_quota_steps
from ._uploads import upload as upload_steps
from ._waiting import wait as wait_steps

__all__ = ["AsyncEvoLink"]

T = TypeVar("T")


class AsyncEvoLink(BaseClient):
    """The asyncio twin of :class:`~evolink_images.EvoLink`: the same arguments, the same methods, awaitable.

    ``http_client`` must be an :class:`httpx.AsyncClient`; ``on_progress`` may be a plain or an async function.
    At most ``max_concurrent_requests`` requests (default 16) are in flight at once; the rest wait their turn here,
    not in httpx's connection pool, whose cost grows with the square of its queue. Journal rows and file operations
    (reading local images too) run in worker threads, never on the event loop.
    """

    _asynchronous = True
    _in_flight: asyncio.Semaphore | None = None
    _uploads: AsyncUploadLedger

    def _semaphore(self) -> asyncio.Semaphore:
        if self._in_flight is None:
            self._in_flight = asyncio.Semaphore(self.max_concurrent_requests)
        return self._in_flight

    async def _run(self, steps: Steps[T]) -> T:
        """Drive an engine operation: carry out each effect it yields and send the result (or the error) back."""
        http = self._api.get_async_httpx_client()
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                effect = steps.throw(error) if error is not None else steps.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value, error = None, None
            try:
                value = await self._perform(effect, http)
            except BaseException as exc:
                error = exc

    async def _perform(self, effect: Effect, http: httpx.AsyncClient) -> Any:
        if isinstance(effect, Send):
            headers = {**effect.request.get("headers", {}), **self._headers(effect.request["url"])}
            async with self._semaphore():
                if effect.journal is not None:
                    await asyncio.to_thread(perform_local, effect.journal, self._journal)
                return await http.request(**{**effect.request, "headers": headers})
        if isinstance(effect, Sleep):
            return await self.clock.asleep(effect.seconds)
        if isinstance(effect, Now):
            return self._now()
        if isinstance(effect, Notify):
            result = effect.callback(effect.task)
            return await result if inspect.isawaitable(result) else result
        if isinstance(effect, Fetch):
            async with self._semaphore():
                return await self._fetch(effect, http)
        if isinstance(effect, UPLOAD_EFFECTS):
            work = self._uploads.aperform(effect)
        else:
            work = asyncio.to_thread(perform_local, effect, self._journal)
        return await work

    @staticmethod
    async def _fetch(effect: Fetch, http: httpx.AsyncClient) -> FetchResult:
        async with http.stream("GET", effect.url, follow_redirects=False) as response:
            refused = FileSink.refusal(effect, response.status_code, response.headers)
            if refused is not None:
                return refused
            sink = FileSink(effect, response.headers)
            await asyncio.to_thread(sink.open)
            try:
                async for chunk in response.aiter_bytes():
                    if not await asyncio.to_thread(sink.take, chunk):
                        break
            finally:
                await asyncio.to_thread(sink.close)
            return sink.result()

    async def submit(
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
        """Validate, then create a task (local images uploaded first); see :meth:`EvoLink.submit`."""
        params, images = await self._aplaceholders(model, params, validate=validate)
        request = self._validate(model, prompt, params, extra_body, validate=validate, images=images)
        submission = Submission(request, extra_body, idempotency_key, out_dir=absolute_path(out_dir), images=images)
        return await self._run(submit_steps(self._context, submission))

    async def _aplaceholders(
        self, model: object, params: Mapping[str, Any], *, validate: bool
    ) -> tuple[dict[str, Any], Images]:
        """:meth:`_placeholders`, with any file read in a worker thread."""
        if not contains_local(params):
            return dict(params), {}
        return await asyncio.to_thread(self._placeholders, model, params, validate=validate)

    async def follow_up(
        self,
        parent: Task | str,
        operation: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        out_dir: str | Path | None = None,
        **params: Any,
    ) -> Task:
        """Create a task on one image of a finished task; see :meth:`EvoLink.follow_up`."""
        parent_task = parent if isinstance(parent, Task) else await self.get_task(parent)
        parent_task = await asyncio.to_thread(self._with_request, parent_task)
        if contains_local(params):
            plan, flat, images = await asyncio.to_thread(self._plan_follow_up, parent_task, operation, params)
        else:
            plan, flat, images = self._plan_follow_up(parent_task, operation, params)
        submission = self._follow_up_submission(
            plan, flat, images, extra_body, idempotency_key=idempotency_key, out_dir=out_dir
        )
        try:
            return await self._run(submit_steps(self._context, submission))
        except APIStatusError as error:
            self._explain_refusal(plan, error)
            raise

    async def get_task(self, task_id: str) -> Task:
        """The task's current state.

        Raises:
            TaskNotFoundError: when the API does not know the id; a running task in the journal is then marked
                ``lost`` (its ``.lost`` says so) and never polled again.
        """
        return await self._run(read_task_steps(self._context, task_id))

    async def credits(self) -> Credits:
        """The credits the account and this API key have left and have used; see :meth:`EvoLink.credits`."""
        return await self._run(credits_steps(self._context))

    async def estimate(self, model: str, prompt: str | None = None, **params: Any) -> Estimate:
        """What :meth:`submit` of the same arguments is expected to cost, nothing sent; see :meth:`EvoLink.estimate`.

        Local images are read and the journal is read in worker threads.
        """
        params, images = await self._aplaceholders(model, params, validate=True)
        request = self._validate(model, prompt, params, None, validate=True, images=images)
        if self._journal is None:
            return self._estimate_of(request)
        return await asyncio.to_thread(self._estimate_of, request)

    async def upload(self, source: str | os.PathLike[str] | bytes | BinaryIO) -> UploadedFile:
        """Upload one local image to the files service (read in a worker thread); see :meth:`EvoLink.upload`."""
        image = await asyncio.to_thread(read_local_image, source, "source")
        return await self._run(upload_steps(self._context, image))

    async def files_quota(self) -> FilesQuota:
        """The key's file quota on the files service; see :meth:`EvoLink.files_quota`."""
        return await self._run(files_quota_steps(self._context))

    async def wait(
        self,
        task_or_id: Task | str,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_progress: Callable[[Task], object] | None = None,
    ) -> Task:
        """Poll until the task ends; see :meth:`EvoLink.wait`."""
        steps = wait_steps(
            self._context, task_or_id, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress
        )
        return await self._run(steps)

    async def generate(
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
        """Submit, then wait; see :meth:`EvoLink.generate`."""
        task = await self.submit(
            model, prompt, validate=validate, extra_body=extra_body, idempotency_key=idempotency_key, **params
        )
        return await self.wait(task, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress)

    async def download(
        self,
        task: Task,
        dest_dir: str | Path,
        *,
        max_bytes: int | None = None,
        stem: str | None = None,
        metadata: bool = True,
    ) -> list[Path]:
        """Save a completed task's results, with how they were made unless *metadata* is False.

        See :meth:`EvoLink.download`.
        """
        steps = download_steps(self._context, task, Path(dest_dir), max_bytes=max_bytes, stem=stem, metadata=metadata)
        return await self._run(steps)

    async def resume(
        self,
        dest_dir: str | Path | None = None,
        *,
        timeout: float | None = None,
        resubmit_ambiguous: bool = False,
        metadata: bool = True,
    ) -> list[ResumeOutcome]:
        """Finish every unfinished request in the journal; see :meth:`EvoLink.resume`."""
        target = Path(dest_dir) if dest_dir is not None else None
        return await self._run(
            resume_steps(
                self._context, target, timeout=timeout, resubmit_ambiguous=resubmit_ambiguous, metadata=metadata
            )
        )

    async def close(self) -> None:
        """Close the HTTP connections (not those of an http_client you passed in)."""
        if self._owns_http_client:
            await self._api.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()
