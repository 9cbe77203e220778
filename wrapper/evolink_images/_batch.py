"""Batches: many requests from a JSONL file, run with a concurrency limit and a spend cap, resumably.

Every line is validated before anything is sent (:func:`~evolink_images._batch_lines.check_batch`). The journal makes a
rerun skip lines already done, finish the unfinished ones, and never create a second task for a line whose task
exists. A line whose task the API no longer knows (a 404: its journal row is ``lost``) is sent again only when asked
(``retry_lost``): the task may have run, and been charged, before the API forgot it.

Memory does not grow with the batch: :func:`run_batch` takes the lines as they come (from a file read one line at a
time, or any iterable), pulls the next only when a line in flight ends, and keeps each result on disk
(:class:`~evolink_images._batch_results.BatchResult`), not in a list.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from ._async_client import AsyncEvoLink
from ._batch_lines import LINE_KEYS, BatchFile, BatchFileChangedError, BatchLine, Shard, check_batch, read_batch
from ._batch_results import BatchResult, LineOutcome, LineResult
from ._contact_sheet import write_contact_sheet
from ._errors import (
    APIConnectionError,
    APIStatusError,
    DownloadError,
    EvoLinkError,
    JournalError,
    TaskFailedError,
    TaskNotFoundError,
)
from ._journal import Journal, JournalEntry
from ._journal_migration import failure_code
from ._lineage import FollowUpOf, family_order, follow_up_of
from ._requests import Submission
from ._requests import submit as submit_steps
from ._resume import resend
from ._spend_cap import SpendCap
from ._spending import charged_credits
from ._task import Task, TaskStatus, failure_kind, is_retryable

__all__ = [
    "LINE_KEYS",
    "NOT_RESENT",
    "BatchFile",
    "BatchFileChangedError",
    "BatchLine",
    "BatchResult",
    "FollowUpOf",
    "LineOutcome",
    "LineResult",
    "RetryFailed",
    "Shard",
    "check_batch",
    "failure_code",
    "family_order",
    "follow_up_of",
    "lines_to_send",
    "not_worth_retrying",
    "read_batch",
    "run_batch",
    "sending",
    "write_contact_sheet",
]

log = logging.getLogger("evolink_images")

# Which failed lines a rerun sends again: none (False), those worth a new task (True), or all of them ("all").
RetryFailed = bool | Literal["all"]


# ---------------------------------------------------------------------------------------------------- running
async def run_batch(
    client: AsyncEvoLink,
    lines: Iterable[BatchLine],
    out_dir: Path,
    *,
    concurrency: int,
    max_credits: float | None = None,
    timeout: float | None = None,
    retry_failed: RetryFailed = False,
    resubmit_ambiguous: bool = False,
    metadata: bool = True,
    on_change: Callable[[LineResult | None, BatchLine], None] | None = None,
    retry_lost: bool = False,
) -> BatchResult:
    """Run *lines* with at most *concurrency* in flight; lines already done (by the journal) are skipped.

    *lines* are taken one at a time (in a worker thread: a :class:`BatchFile` reads its file as it goes), the next
    only once a line in flight has ended, so no more than *concurrency* lines are held at once; each result is kept
    on disk as it comes. *timeout* is each task's wait (None: its model's own). *retry_failed* sends lines whose
    earlier task failed again: True those a new task may help (see :func:`not_worth_retrying`), ``"all"`` every
    one; False none. *retry_lost* sends lines whose task the API no longer knows again (each once: the new task
    is the line's from then on). *metadata* is :meth:`AsyncEvoLink.download`'s. *on_change* is called with
    ``(None, line)`` when a line starts and ``(result, line)`` when it ends.
    """
    if client.journal is None:
        raise EvoLinkError("a batch needs a journal to be resumable: create the client with journal=True")
    out_dir = await asyncio.to_thread(_prepared, out_dir)
    cap = SpendCap(max_credits)
    options = _Options(timeout, retry_failed, resubmit_ambiguous, metadata, retry_lost, client.base_url)
    slots = asyncio.Semaphore(concurrency)
    batch = BatchResult()
    running: set[asyncio.Task[None]] = set()

    async def one(line: BatchLine) -> None:
        try:
            if on_change:
                on_change(None, line)
            try:
                result = await _run_line(client, line, out_dir, cap, options)
            except Exception as exc:  # one line's surprise is that line's result, not the end of the batch
                log.debug("batch line %d (%s) failed unexpectedly", line.number, line.key, exc_info=True)
                result = LineResult(line, "failed", message=f"unexpected error: {type(exc).__name__}: {exc}")
            batch.add(result)
            if on_change:
                on_change(result, line)
        finally:
            slots.release()

    broken: list[BaseException] = []  # what escaped a line (nothing does, unless the guard above is gone)

    def ended(task: asyncio.Task[None]) -> None:
        running.discard(task)
        error = None if task.cancelled() else task.exception()
        if error is not None:
            broken.append(error)

    source = iter(lines)
    try:
        while not broken:
            await slots.acquire()  # a slot first, then the line: never more lines read than can run
            line = await asyncio.to_thread(_next_line, source)
            if line is None:
                slots.release()
                break
            started = asyncio.create_task(one(line))
            running.add(started)
            started.add_done_callback(ended)
    finally:
        await asyncio.gather(*running, return_exceptions=True)  # what is in flight ends, whatever stopped the reading
    if broken:
        raise broken[0]
    batch.credits_reserved = cap.reserved
    batch.stopped_by_spend_cap = cap.tripped
    return batch


def _next_line(source: Iterator[BatchLine]) -> BatchLine | None:
    """The next line, or None at the end (blocking: a file's next line is read, its local files checked)."""
    return next(source, None)


def sending(
    journal: Journal | None,
    lines: Iterable[BatchLine],
    out_dir: Path,
    *,
    retry_failed: RetryFailed = False,
    resubmit_ambiguous: bool = False,
    retry_lost: bool = False,
    base_url: str | None = None,
) -> Iterator[tuple[BatchLine, bool]]:
    """Each line, and whether a run with these options would send a create for it (blocking: reads the journal).

    Not for those the journal settles (done, failed and not to be retried, ambiguous and not to be resent, lost and
    not to be retried), nor those whose task exists already (a run waits for it or downloads it). Without a journal,
    for every line. *base_url*: only rows sent to that API count (a simulated run's rows are not a real run's).
    """
    options = _Options(None, retry_failed, resubmit_ambiguous, metadata=True, retry_lost=retry_lost, base_url=base_url)
    folder = out_dir.absolute().resolve()  # as run_batch names it, without creating it
    for line in lines:
        if journal is None:
            yield line, True
            continue
        latest, settled = _journalled_state(journal, line, folder, options)
        yield line, settled is None and not _has_task(latest)


def lines_to_send(
    journal: Journal | None,
    lines: Iterable[BatchLine],
    out_dir: Path,
    *,
    retry_failed: RetryFailed = False,
    resubmit_ambiguous: bool = False,
    retry_lost: bool = False,
    base_url: str | None = None,
) -> Iterator[BatchLine]:
    """The lines a run with these options would send a create for, one at a time (see :func:`sending`)."""
    chosen = sending(
        journal,
        lines,
        out_dir,
        retry_failed=retry_failed,
        resubmit_ambiguous=resubmit_ambiguous,
        retry_lost=retry_lost,
        base_url=base_url,
    )
    return (line for line, send in chosen if send)


def _has_task(latest: JournalEntry | None) -> bool:
    """True when the line's row has a task that a run waits for or downloads, rather than creating another."""
    return latest is not None and bool(latest.task_id) and latest.state in {"submitted", "completed", "downloaded"}


def _prepared(out_dir: Path) -> Path:
    """The output folder, created, as an absolute path with links resolved (blocking)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir.resolve()


@attrs.frozen
class _Options:
    timeout: float | None
    retry_failed: RetryFailed
    resubmit_ambiguous: bool
    metadata: bool
    retry_lost: bool = False
    base_url: str | None = None  # the API the run sends to: only its rows are the line's


def _journalled_state(
    journal: Journal, line: BatchLine, out_dir: Path, options: _Options
) -> tuple[JournalEntry | None, LineResult | None]:
    """The line's latest journal row, and its result when that row settles it (blocking: SQLite and the disk)."""
    latest = next(iter(journal.by_batch_key(line.batch_key(out_dir), options.base_url)), None)
    return latest, _settled(line, latest, options)


def _settled(line: BatchLine, latest: JournalEntry | None, options: _Options) -> LineResult | None:
    """The line's result when the journal already settles it: done, ambiguous, or failed or lost (unless retried)."""
    if latest is None:
        return None
    if latest.state == "downloaded" and all(Path(f).exists() for f in latest.files):
        files = tuple(Path(f) for f in latest.files)
        return LineResult(line, "skipped", _journalled_task(latest), files, message="done before")
    if latest.ambiguous and not options.resubmit_ambiguous:
        return LineResult(line, "ambiguous", message=_ambiguous_message(latest))
    if latest.state in {"failed", "cancelled"}:
        return _failed_before(line, latest, options.retry_failed)
    if latest.state == "lost" and not options.retry_lost:
        return LineResult(line, "lost", message=f"lost before: {_LOST} ({latest.error}); {_LOST_HINT}")
    return None


def _failed_before(line: BatchLine, latest: JournalEntry, retry_failed: RetryFailed) -> LineResult | None:
    """A line whose last task failed: None to send it again, else why not (a rerun's summary counts it)."""
    code = latest.error_code
    reason = not_worth_retrying(code)
    if retry_failed == "all" or (retry_failed and reason is None):
        return None
    if reason is None:
        reason, hint = "not asked", "rerun with --retry-failed to send it again"
    else:
        hint = "--retry-all-failed sends it all the same"
    why = NOT_RESENT[reason]
    return LineResult(
        line,
        "failed",
        message=f"failed before: {latest.error or latest.state}; not sent again: {why} ({hint})",
        code=code,
        not_resent=reason,
    )


# Why a failed line was not sent again, by the reason's name (LineResult.not_resent).
NOT_RESENT: Mapping[str, str] = {
    "moderation": "refused by moderation, which the same input meets again (and may be charged for again)",
    "input": "the docs say a new task with the same input fails the same way",
    "not asked": "no retry was asked for",
}
_LOST = "the API no longer knows its task"
_LOST_HINT = "it may have run and been charged before, so it was not sent again (--retry-lost sends it again)"


def not_worth_retrying(code: str | None) -> str | None:
    """Why a new task would not help after a failure with *code* (``moderation``, ``input``); None when it may.

    It may help after a transient failure, and after one whose code the docs dispute or the catalogue does not know
    (a failed task is refunded, so trying again costs nothing unless it succeeds). It will not after a moderation
    refusal, which the same input meets again and which some models do not refund, nor after a code the docs say
    needs another input.
    """
    if failure_kind(code) == "moderation":
        return "moderation"
    return "input" if is_retryable(code) is False else None


async def _run_line(
    client: AsyncEvoLink, line: BatchLine, out_dir: Path, cap: SpendCap, options: _Options
) -> LineResult:
    journal = client.journal
    assert journal is not None  # noqa: S101 - checked by run_batch
    # The journal's rows and the files on disk are read in a worker thread, never on the event loop.
    latest, settled = await asyncio.to_thread(_journalled_state, journal, line, out_dir, options)
    if settled is not None:
        return settled
    task: Task | None = None  # kept when a later step fails: what it reserved and was charged counts all the same
    try:
        task = await _task_for(client, line, latest, out_dir, cap)
        if task is None:
            return LineResult(line, "not_sent", message="not sent: the spend cap was reached")
        task = await _waited(client, cap, task, options.timeout)
        files = await client.download(task, out_dir, stem=line.key, metadata=options.metadata)
    except TaskFailedError as exc:
        return LineResult(line, "failed", exc.task, message=str(exc), code=exc.code)
    except TaskNotFoundError as exc:  # a read of the line's task: the API forgot it (its row is lost)
        return LineResult(line, "lost", task, message=f"{exc}; {_LOST_HINT}", code=str(exc.code))
    except (APIStatusError, APIConnectionError, DownloadError, EvoLinkError) as exc:
        outcome: LineOutcome = "ambiguous" if getattr(exc, "outcome_unknown", False) else "failed"
        return LineResult(line, outcome, task, message=str(exc))
    return LineResult(line, "done", task, tuple(files))


async def _waited(client: AsyncEvoLink, cap: SpendCap, task: Task, timeout: float | None) -> Task:
    """*task* completed (waited for unless it is already), and the cap told what it cost.

    Its reservation counts in full when that stays unknown; a task this run did not create is none of the cap's.
    """
    charged: float | None = None
    try:
        done = task if task.status == "completed" and task.results else await client.wait(task, timeout=timeout)
        charged = charged_credits(done, task.credits_reserved)
    except TaskFailedError as exc:
        charged = charged_credits(exc.task, task.credits_reserved)
        raise
    finally:
        await cap.charge(task.id, charged)
    return done


async def _task_for(
    client: AsyncEvoLink, line: BatchLine, latest: JournalEntry | None, out_dir: Path, cap: SpendCap
) -> Task | None:
    """The line's existing task (to wait for or download), a re-sent ambiguous one, or a new one (None: capped)."""
    if latest is not None and latest.task_id and _has_task(latest):
        if latest.state == "submitted":
            return await client.get_task(latest.task_id)
        return _journalled_task(latest)
    if latest is not None and latest.ambiguous:
        entry = latest
        return await _capped(cap, entry.model, entry.body, lambda: client._run(resend(client._context, entry)))
    submission = Submission(line.request, batch_key=line.batch_key(out_dir), out_dir=out_dir, images=line.images)
    request = line.request
    return await _capped(
        cap, request.model_id, request.body, lambda: client._run(submit_steps(client._context, submission))
    )


async def _capped(
    cap: SpendCap, model_id: str, body: Mapping[str, Any], create: Callable[[], Awaitable[Task]]
) -> Task | None:
    """Run *create* once the cap admits it, and settle what it reserved; None (nothing sent) when capped."""
    admission = await cap.admit(model_id, body)
    if admission is None:
        return None
    reserved: float | None = None
    task_id: str | None = None  # the task made: its reservation is held until it settles (SpendCap.charge)
    maybe_charged = True  # unless the create is known to have made no task, or answered with one
    try:
        task = await create()
        reserved, maybe_charged, task_id = task.credits_reserved, False, task.id
    except (APIStatusError, APIConnectionError) as exc:
        maybe_charged = bool(getattr(exc, "outcome_unknown", False))
        raise
    except JournalError:  # the journal refused before the request left
        maybe_charged = False
        raise
    finally:
        await cap.settle(admission, reserved, maybe_charged=maybe_charged, task_id=task_id)
    return task


def _journalled_task(entry: JournalEntry) -> Task | None:
    """The completed task a journal row records (None when it has no task id)."""
    if entry.task_id is None:
        return None
    return Task(id=entry.task_id, model=entry.model, status=TaskStatus.COMPLETED, progress=100, results=entry.results)


def _ambiguous_message(entry: JournalEntry) -> str:
    return (
        f"sent before with no answer ({entry.error or 'interrupted'}): its task may exist, so it was not sent again. "
        "Check your EvoLink task list, or rerun with --resubmit-ambiguous to resend it with its original "
        "Idempotency-Key (safe only where the API honours it)"
    )
