"""Finishing what the journal says is unfinished: poll, download, and report the rest. No I/O: effects only.

A request that never got an answer is *ambiguous*: its task may or may not exist, so it is reported, and sent again
(with its original Idempotency-Key) only when the user asks. A task the API answers 404 for is *lost*: its row is
marked so (``_lost``) and reported this once; later resumes do not ask the API about it again.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from ._downloads import GONE, download
from ._effects import Context, FilesPresent, JournalCall, Steps
from ._errors import DownloadError, EvoLinkError, TaskFailedError, TaskNotFoundError, TaskTimeoutError
from ._generated import create_request
from ._records import record_or_warn
from ._requests import absolute, send_create
from ._task import Task, TaskStatus
from ._waiting import wait

if TYPE_CHECKING:
    from ._journal import JournalEntry

__all__ = ["Outcome", "ResumeOutcome", "resend", "resume"]

Outcome = Literal["downloaded", "failed", "ambiguous", "lost", "expired", "running", "error"]


@attrs.frozen
class ResumeOutcome:
    """What resuming one journalled request came to.

    Attributes:
        entry: The journal row.
        outcome: ``downloaded``, ``failed``, ``ambiguous`` (never answered; not resubmitted), ``lost`` (the API no
            longer knows the task: its row is now ``lost``, not asked about again), ``expired`` (results could not be
            downloaded), ``running`` (still not done when the wait ran out) or ``error``.
        files: The files saved, for ``downloaded``.
        message: What happened, in words.
    """

    entry: JournalEntry
    outcome: Outcome
    files: tuple[Path, ...] = ()
    message: str = ""


def resume(
    ctx: Context,
    dest_dir: Path | None,
    *,
    timeout: float | None,
    resubmit_ambiguous: bool = False,
    metadata: bool = True,
) -> Steps[list[ResumeOutcome]]:
    """Finish every unfinished journalled request of this API: poll, download, and report the rest."""
    if not ctx.journalled:
        raise EvoLinkError("resume needs a journal: pass journal=True (or a path) to the client")
    entries: list[JournalEntry] = yield JournalCall("unfinished", {"base_url": ctx.base_url})
    outcomes = []
    for entry in entries:
        outcome = yield from _saved_before(entry)
        if outcome is None:
            outcome = yield from _resume_one(
                ctx, entry, dest_dir, timeout=timeout, resubmit=resubmit_ambiguous, metadata=metadata
            )
        outcomes.append(outcome)
    return outcomes


def _resume_one(
    ctx: Context, entry: JournalEntry, dest_dir: Path | None, *, timeout: float | None, resubmit: bool, metadata: bool
) -> Steps[ResumeOutcome]:
    task_id = entry.task_id
    if entry.ambiguous and not resubmit:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.created_at))
        message = (
            f"sent {when} with no answer ({entry.error or 'interrupted'}): the task may or may not exist, so it was "
            "not sent again; check your EvoLink task list"
        )
        return ResumeOutcome(entry, "ambiguous", message=message)
    out = dest_dir or Path(entry.out_dir or ".")
    try:
        if entry.ambiguous:
            task_id = (yield from resend(ctx, entry)).id
        if entry.state == "completed" and task_id:
            task = Task(id=task_id, model=entry.model, status=TaskStatus.COMPLETED, progress=100, results=entry.results)
        else:
            task = yield from wait(ctx, task_id or "", timeout=timeout, poll_interval=None, on_progress=None)
        files = yield from download(ctx, attrs.evolve(task, request=entry.body), out, metadata=metadata)
    except EvoLinkError as exc:  # APIStatusError and APIConnectionError among them
        outcome, message = _failure(exc)
        return ResumeOutcome(entry, outcome, message=message)
    return ResumeOutcome(entry, "downloaded", tuple(files), f"{len(files)} file(s) in {out}")


def _failure(exc: EvoLinkError) -> tuple[Outcome, str]:
    """What an error while resuming a request makes of it, and why."""
    if isinstance(exc, TaskFailedError):
        return "failed", str(exc)
    if isinstance(exc, TaskTimeoutError):
        return "running", str(exc)
    if isinstance(exc, TaskNotFoundError):  # its row is lost now: a later resume does not ask about it
        return "lost", f"{exc}; it may have run and been charged before the API forgot it, so it was not sent again"
    if isinstance(exc, DownloadError):
        return "expired" if exc.status_code in GONE else "error", str(exc)
    return "error", str(exc)


def _saved_before(entry: JournalEntry) -> Steps[ResumeOutcome | None]:
    """The outcome of a completed row whose files are all on disk: downloaded (and recorded so); else None.

    Such a row was saved, then moved back by a version whose journal let rows go backwards: nothing is fetched.
    """
    if entry.state != "completed" or not entry.task_id or not entry.files:
        return None
    files = tuple(Path(name) for name in entry.files)
    if not (yield FilesPresent(files)):
        return None
    yield from record_or_warn(JournalCall("downloaded", {"task_id": entry.task_id, "files": files}), entry.task_id)
    return ResumeOutcome(entry, "downloaded", files, f"saved before: {len(files)} file(s) already on disk")


def resend(ctx: Context, entry: JournalEntry) -> Steps[Task]:
    """Send an ambiguous create again with its original Idempotency-Key, only when the user asks.

    An API that honours the key answers with the first task; one that does not would create, and charge, a second.
    The body is the one journalled, exactly: not re-typed by today's catalogue, whatever has changed since.
    """
    kwargs = create_request(entry.body, request_class=None, idempotency_key=entry.idempotency_key)
    return (yield from send_create(ctx, absolute(ctx, kwargs), entry.idempotency_key))
