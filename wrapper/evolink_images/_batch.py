"""Batches: many requests from a JSONL file, run with a concurrency limit and a spend cap, resumably.

Every line is validated before anything is sent. The journal makes a rerun skip lines already done, finish the
unfinished ones, and never create a second task for a line whose task exists.

A line is a JSON object: ``{"model": ..., "prompt": ..., "params": {...}, "key": "name-of-the-output"}``; only
``model`` and ``prompt`` are required. Blank lines and lines starting with ``#`` are skipped.

Where a model takes an image (``image_urls``' items, a mask), a line may name a local file instead of a URL: any
string there that is not a URL (``logo.png``, ``./refs/a.jpg``, ``/abs/b.png``, ``~/c.webp``) is a file, relative to
the batch file's folder. It is checked when the batch is read (a missing file names its line) and uploaded when its
line is sent, each content once while its upload lives (lines that share a file share its upload).
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs

from ._async_client import AsyncEvoLink
from ._effects import WriteText
from ._errors import (
    APIConnectionError,
    APIStatusError,
    DownloadError,
    EvoLinkError,
    JournalError,
    TaskFailedError,
    ValidationError,
)
from ._files import file_stem
from ._follow_up import NESTED, PARENT_FIELD
from ._journal import Journal, JournalEntry
from ._local_images import LocalImage, path_refusal, read_local_image
from ._local_io import perform_local
from ._presets import ModelPreset, presets
from ._references import Images, map_images, restored, with_placeholders
from ._requests import Submission
from ._requests import submit as submit_steps
from ._resume import resend
from ._spend_cap import SpendCap
from ._spending import Spending, SpendingRow, SpendingTotals, charged_credits, spending_from_rows
from ._task import Task, TaskStatus, failure_kind, is_retryable
from ._validation import ValidatedRequest, resolve_model, validate_request

__all__ = [
    "LINE_KEYS",
    "NOT_RESENT",
    "BatchLine",
    "BatchResult",
    "FollowUpOf",
    "LineOutcome",
    "LineResult",
    "RetryFailed",
    "failure_code",
    "family_order",
    "follow_up_of",
    "lines_to_send",
    "not_worth_retrying",
    "read_batch",
    "run_batch",
    "write_contact_sheet",
]

log = logging.getLogger("evolink_images")

LineOutcome = Literal["done", "skipped", "failed", "ambiguous", "not_sent"]
# Which failed lines a rerun sends again: none (False), those worth a new task (True), or all of them ("all").
RetryFailed = bool | Literal["all"]

LINE_KEYS = frozenset({"model", "prompt", "params", "key"})
T = TypeVar("T")


@attrs.frozen
class BatchLine:
    """One validated line of a batch file; *images* are the local files its body holds placeholders for."""

    number: int
    key: str
    request: ValidatedRequest
    images: Images = attrs.field(factory=dict, repr=False)

    @property
    def fingerprint(self) -> str:
        """A hash of exactly what would be sent: a changed line is a new request.

        A local image counts by its content's hash (its placeholder), not by the URL it is uploaded to: a rerun
        after the upload expired is still the same line.
        """
        return hashlib.sha256(json.dumps(self.request.body, sort_keys=True).encode()).hexdigest()[:16]

    def batch_key(self, out_dir: Path) -> str:
        """The line's identity in the journal: its output folder (resolved), its name, and what it sends."""
        return f"{out_dir}|{self.key}|{self.fingerprint}"


@attrs.frozen
class LineResult:
    """What became of one line: ``done``, ``skipped`` (already done), ``failed``, ``ambiguous``, ``not_sent``.

    *code* is a failed line's error code, when its task failed with one. A line that failed in an earlier run and
    was not sent again has *not_resent*: why, a key of :data:`NOT_RESENT` (``moderation``, ``input``: a new task
    would not help; ``not asked``: no retry was asked for).
    """

    line: BatchLine
    outcome: LineOutcome
    task: Task | None = None
    files: tuple[Path, ...] = ()
    message: str = ""
    code: str | None = None
    not_resent: str | None = None


@attrs.define
class BatchResult:
    """A batch run's results and counts."""

    results: list[LineResult] = attrs.field(factory=list)
    credits_reserved: float = 0.0
    stopped_by_spend_cap: bool = False

    def count(self, outcome: LineOutcome) -> int:
        """How many lines ended with *outcome*."""
        return sum(1 for result in self.results if result.outcome == outcome)

    def spending(self) -> Spending:
        """What this run's tasks reserved, were charged and got back, by model and in all.

        A task counts when this run created it or saw it end: a line skipped as done before, or settled by the
        journal, does not. A task not settled (still running when its wait ended) counts as held.
        """
        rows = [
            _spending_row(result.task, result.line)
            for result in self.results
            if result.task is not None and result.outcome != "skipped"
        ]
        return spending_from_rows(rows)


def read_batch(path: Path) -> tuple[list[BatchLine], list[str]]:
    """The valid lines of a batch file, and one error per bad line (``line 3: ...``)."""
    lines: list[BatchLine] = []
    errors: list[str] = []
    by_stem: dict[str, BatchLine] = {}
    files = _LocalFiles(path.absolute().parent)
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            line = _parse_line(number, text, files)
        except (ValueError, ValidationError) as exc:
            errors.append(f"line {number}: {exc}")
            continue
        earlier = by_stem.setdefault(file_stem(line.key).casefold(), line)
        if earlier is not line:
            errors.append(f"line {number}: {_key_clash(line, earlier)}")
            continue
        lines.append(line)
    return lines, errors


def _key_clash(line: BatchLine, earlier: BatchLine) -> str:
    """Why *line*'s key cannot be used: it is *earlier*'s, or it names the same files."""
    if line.key == earlier.key:
        return f"key {line.key!r} is already used by line {earlier.number}"
    stem, earlier_stem = file_stem(line.key), file_stem(earlier.key)
    same = (
        f"both save as {stem}-<n>.<ext>"
        if stem == earlier_stem
        else f"{stem}-<n> and {earlier_stem}-<n> are one file where case is ignored, as on macOS and Windows"
    )
    return (
        f"key {line.key!r} names the same files as line {earlier.number}'s key {earlier.key!r} ({same}): "
        "file names keep only letters, digits, '-' and '_', so keys must differ in those, and not only in case"
    )


class _LocalFiles:
    """The local files a batch names, relative to its folder; each read and hashed once however many lines name it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._read: MutableMapping[Path, LocalImage] = {}

    def resolved(self, preset: ModelPreset, params: Mapping[str, Any]) -> dict[str, Any]:
        """*params* with each string that names a file where the model takes an image made a path of that file."""

        def visit(_: str, value: Any, __: object, ___: object) -> Any:
            if not isinstance(value, str) or path_refusal(value) is None:
                return value
            text = value.strip().removeprefix("file://")
            return self.folder / os.path.expanduser(text)

        return map_images(preset, params, visit)

    def read(self, source: object, field: str) -> LocalImage:
        """:func:`read_local_image`, once per file."""
        if not isinstance(source, Path):
            return read_local_image(source, field)
        if source not in self._read:
            self._read[source] = read_local_image(source, field)
        return attrs.evolve(self._read[source], field=field, shown=source)


def _parse_line(number: int, text: str, files: _LocalFiles) -> BatchLine:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise ValueError("must be a JSON object with model and prompt")
    unknown = sorted(set(item) - LINE_KEYS)
    if unknown:
        raise ValueError(
            f"unknown key {unknown[0]!r}; a line has model, prompt, params and key (model parameters go in params)"
        )
    params = item.get("params", {})
    if not isinstance(params, dict):
        raise ValueError("params must be a JSON object")
    key = item.get("key", f"line-{number}")
    if not isinstance(key, str) or not key.strip():
        raise ValueError("key must be a non-empty string")
    preset = resolve_model(item.get("model"))
    params, images = with_placeholders(preset, files.resolved(preset, params), read=files.read)
    try:
        request = validate_request(item.get("model"), item.get("prompt"), params)
    except ValidationError as error:
        raise restored(error, images) from None
    return BatchLine(number, key, request, images)


# ---------------------------------------------------------------------------------------------------- running
async def run_batch(
    client: AsyncEvoLink,
    lines: list[BatchLine],
    out_dir: Path,
    *,
    concurrency: int,
    max_credits: float | None = None,
    timeout: float | None = None,
    retry_failed: RetryFailed = False,
    resubmit_ambiguous: bool = False,
    metadata: bool = True,
    on_change: Callable[[LineResult | None, BatchLine], None] | None = None,
) -> BatchResult:
    """Run *lines* with at most *concurrency* in flight; lines already done (by the journal) are skipped.

    *timeout* is each task's wait (None: its model's own). *retry_failed* sends lines whose earlier task failed
    again: True those a new task may help (see :func:`not_worth_retrying`), ``"all"`` every one; False none.
    *metadata* is :meth:`AsyncEvoLink.download`'s. *on_change* is called with ``(None, line)`` when a line starts
    and ``(result, line)`` when it ends.
    """
    if client.journal is None:
        raise EvoLinkError("a batch needs a journal to be resumable: create the client with journal=True")
    out_dir = await asyncio.to_thread(_prepared, out_dir)
    cap = SpendCap(max_credits)
    options = _Options(timeout, retry_failed, resubmit_ambiguous, metadata)
    semaphore = asyncio.Semaphore(concurrency)
    batch = BatchResult()

    async def one(line: BatchLine) -> None:
        async with semaphore:
            if on_change:
                on_change(None, line)
            try:
                result = await _run_line(client, line, out_dir, cap, options)
            except Exception as exc:  # one line's surprise is that line's result, not the end of the batch
                log.debug("batch line %d (%s) failed unexpectedly", line.number, line.key, exc_info=True)
                result = LineResult(line, "failed", message=f"unexpected error: {type(exc).__name__}: {exc}")
            batch.results.append(result)
            if on_change:
                on_change(result, line)

    await asyncio.gather(*(one(line) for line in lines))
    batch.results.sort(key=lambda result: result.line.number)
    batch.credits_reserved = cap.reserved
    batch.stopped_by_spend_cap = cap.tripped
    return batch


def lines_to_send(
    journal: Journal | None,
    lines: Sequence[BatchLine],
    out_dir: Path,
    *,
    retry_failed: RetryFailed = False,
    resubmit_ambiguous: bool = False,
) -> list[BatchLine]:
    """The lines a run with these options would send a create for (blocking: reads the journal).

    Not those the journal settles (done, failed and not to be retried, ambiguous and not to be resent), nor those
    whose task exists already (a run waits for it or downloads it). Without a journal, every line.
    """
    if journal is None:
        return list(lines)
    options = _Options(None, retry_failed, resubmit_ambiguous, metadata=True)
    folder = out_dir.absolute().resolve()  # as run_batch names it, without creating it
    sending = []
    for line in lines:
        latest, settled = _journalled_state(journal, line, folder, options)
        if settled is None and not _has_task(latest):
            sending.append(line)
    return sending


def _has_task(latest: JournalEntry | None) -> bool:
    """True when the line's row has a task that a run waits for or downloads, rather than creating another."""
    return latest is not None and bool(latest.task_id) and latest.state in {"submitted", "completed", "downloaded"}


def _spending_row(task: Task, line: BatchLine) -> SpendingRow:
    """What one of this run's tasks adds to its totals (images asked as its line asked them)."""
    preset = presets.by_id(line.request.model_id)
    completed = task.status == TaskStatus.COMPLETED
    return SpendingRow(
        model=line.request.model_id,
        created_at=float(task.created or 0),
        reserved=task.credits_reserved,
        charged=charged_credits(task) if task.is_final else None,
        images_asked=preset.images_requested(line.request.body) if preset is not None else None,
        images_made=len(task.results) if completed else None,
    )


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


def _journalled_state(
    journal: Journal, line: BatchLine, out_dir: Path, options: _Options
) -> tuple[JournalEntry | None, LineResult | None]:
    """The line's latest journal row, and its result when that row settles it (blocking: SQLite and the disk)."""
    latest = next(iter(journal.by_batch_key(line.batch_key(out_dir))), None)
    return latest, _settled(line, latest, options)


def _settled(line: BatchLine, latest: JournalEntry | None, options: _Options) -> LineResult | None:
    """The line's result when the journal already settles it: done, ambiguous, or failed (unless retried)."""
    if latest is None:
        return None
    if latest.state == "downloaded" and all(Path(f).exists() for f in latest.files):
        files = tuple(Path(f) for f in latest.files)
        return LineResult(line, "skipped", _journalled_task(latest), files, message="done before")
    if latest.ambiguous and not options.resubmit_ambiguous:
        return LineResult(line, "ambiguous", message=_ambiguous_message(latest))
    if latest.state in {"failed", "cancelled"}:
        return _failed_before(line, latest, options.retry_failed)
    return None


def _failed_before(line: BatchLine, latest: JournalEntry, retry_failed: RetryFailed) -> LineResult | None:
    """A line whose last task failed: None to send it again, else why not (a rerun's summary counts it)."""
    code = failure_code(latest.error)
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
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


def failure_code(error: str | None) -> str | None:
    """The error code a journal row's error starts with (``"content_policy_violation: ..."``), else None."""
    if not error:
        return None
    code, sep, _ = error.partition(": ")
    return code if sep and code != "None" and _CODE.fullmatch(code) else None


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


# ---------------------------------------------------------------------------------------------------- lineage
@attrs.frozen
class FollowUpOf:
    """What a follow-up did: its operation (None for a model the catalogue lacks), on which image of which task."""

    parent_task_id: str
    operation: str | None
    image_number: int

    @property
    def label(self) -> str:
        """``upscale #2``."""
        return f"{self.operation or 'follow-up'} #{self.image_number}"


def follow_up_of(model_id: str, body: Mapping[str, Any], parent_task_id: str | None = None) -> FollowUpOf | None:
    """What a request did, when it is a follow-up; None for any other request.

    Its parent is *parent_task_id* (the journal's) or, for a model the catalogue lists as a follow-up, its body's
    ``model_params.task_id``. The image number is ``model_params.image_number``, 0 when not given.
    """
    model = presets.by_id(model_id)
    operation = model.follow_up if model is not None else None
    nested = body.get(NESTED)
    nested = nested if isinstance(nested, Mapping) else {}
    parent = parent_task_id or (nested.get(PARENT_FIELD) if operation else None)
    if not isinstance(parent, str) or not parent:
        return None
    number = nested.get("image_number", 0)
    return FollowUpOf(parent, operation, number if type(number) is int else 0)


def family_order(
    items: Sequence[T],
    id_of: Callable[[T], str | None],
    parent_of: Callable[[T], str | None],
    *,
    reverse_siblings: bool = False,
) -> list[tuple[T, int]]:
    """*items*, each with its depth, an item whose parent is among them right after it (and after earlier siblings).

    Items without a parent among them keep their order, at depth 0; siblings keep theirs (reversed when
    *reverse_siblings*). An item in a loop of parents (bad data) is shown at depth 0 rather than lost.
    """
    index: dict[str, int] = {}
    for i, item in enumerate(items):
        key = id_of(item)
        if key is not None:
            index.setdefault(key, i)
    parents = [index.get(parent) if (parent := parent_of(item)) is not None else None for item in items]
    children: list[list[int]] = [[] for _ in items]
    for i, parent_index in enumerate(parents):
        if parent_index is not None and parent_index != i:
            children[parent_index].append(i)
    ordered: list[tuple[T, int]] = []
    seen: set[int] = set()

    def visit(root: int) -> None:
        stack = [(root, 0)]  # not recursive: a chain of variations of variations may be long
        while stack:
            i, depth = stack.pop()
            if i not in seen:
                seen.add(i)
                ordered.append((items[i], depth))
                stacked = children[i] if reverse_siblings else reversed(children[i])
                stack.extend((child, depth + 1) for child in stacked)

    for i, parent_index in enumerate(parents):
        if parent_index is None or parent_index == i:
            visit(i)
    for i in range(len(items)):  # a loop of parents: no root reaches it
        visit(i)
    return ordered


# ---------------------------------------------------------------------------------------------------- contact sheet
def write_contact_sheet(result: BatchResult, out_dir: Path) -> Path:
    """``index.html`` in *out_dir*: every image with its prompt and model, failures with their reason.

    A follow-up of another result of the sheet comes right after it, in one group, marked ``upscale #2 of <key>``.
    """
    blocks = []
    for family in _families(result.results):
        cards = [_card(item, out_dir, lineage) for item, lineage in family]
        blocks.append(cards[0] if len(cards) == 1 else '<section class="family">\n' + "\n".join(cards) + "\n</section>")
    page = _PAGE.format(
        count=len(result.results),
        done=result.count("done") + result.count("skipped"),
        costs=_costs_table(result.spending()),
        cards="\n".join(blocks),
        family_style=_FAMILY_STYLE if any(block.startswith("<section") for block in blocks) else "",
    )
    path = out_dir / "index.html"
    perform_local(WriteText(path, page), None)  # private, as it holds every prompt; replaced at once
    return path


def _credits(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _costs_table(spending: Spending) -> str:
    """The run's credits by model and in all: reserved, charged, refunded (and held, while any task is unsettled)."""
    if not spending.by_model:
        return '<p class="costs">No task was created or finished by this run: nothing was reserved or charged.</p>'
    held = spending.total.held > 0
    head = "<th>model</th><th>tasks</th><th>reserved</th><th>charged</th><th>refunded</th>"
    head += "<th>still held</th>" if held else ""

    def row(name: str, totals: SpendingTotals, tag: str = "td") -> str:
        cells = [str(totals.tasks), *(_credits(v) for v in (totals.reserved, totals.charged, totals.refunded))]
        cells += [_credits(totals.held)] if held else []
        return f"<tr><{tag}>{html.escape(name)}</{tag}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"

    rows = [row(model, totals) for model, totals in spending.by_model.items()]
    rows.append(row("in all", spending.total, "th"))
    return (
        '<table class="costs"><caption>Credits of this run</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _follow_up(item: LineResult) -> FollowUpOf | None:
    return follow_up_of(item.line.request.model_id, item.line.request.body)


def _families(results: Sequence[LineResult]) -> list[list[tuple[LineResult, str | None]]]:
    """The results in groups: one with its follow-ups in the sheet, each marked with what it did to which result."""
    keys: dict[str, str] = {}
    for item in results:
        if item.task is not None:
            keys.setdefault(item.task.id, item.line.key)

    def parent_of(item: LineResult) -> str | None:
        follow_up = _follow_up(item)
        return follow_up.parent_task_id if follow_up is not None else None

    families: list[list[tuple[LineResult, str | None]]] = []
    for item, depth in family_order(results, lambda item: item.task.id if item.task else None, parent_of):
        follow_up = _follow_up(item)
        if depth == 0 or follow_up is None:
            families.append([(item, None)])
        else:
            families[-1].append((item, f"{follow_up.label} of {keys[follow_up.parent_task_id]}"))
    return families


def _card(item: LineResult, out_dir: Path, lineage: str | None) -> str:
    """One result's figure: its images (or why it has none), its key, model and prompt, and what it follows up."""
    request = item.line.request
    title = f"{html.escape(item.line.key)} · {html.escape(request.model_id)}"
    links = [html.escape(os.path.relpath(path, out_dir)) for path in item.files]
    alt = html.escape(item.line.key)
    images = "".join(f'<a href="{link}"><img src="{link}" alt="{alt}" loading="lazy"></a>' for link in links)
    status = "" if item.files else f'<p class="status">{html.escape(item.outcome)}: {html.escape(item.message)}</p>'
    marker = f'<em class="lineage">{html.escape(lineage)}</em>' if lineage else ""
    return (
        f'<figure class="{html.escape(item.outcome)}">{images}{status}<figcaption>{marker}<strong>{title}</strong>'
        f"<span>{html.escape(str(request.body.get('prompt', '')))}</span></figcaption></figure>"
    )


_FAMILY_STYLE = """.family { grid-column: 1 / -1; display: grid; gap: 16px; padding: 12px; border: 2px dashed #bbb;
  border-radius: 12px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
.lineage { display: block; font-size: 12px; font-style: normal; color: #36c; margin-bottom: 2px; }
"""
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>evolink-images batch: {done} of {count} done</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 24px; background: #f6f6f6; color: #222; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 16px; }}
figure {{ margin: 0; background: #fff; border-radius: 8px; padding: 8px; box-shadow: 0 1px 3px #0002; }}
figure img {{ width: 100%; height: 200px; object-fit: contain; background: #eee; display: block; margin-bottom: 4px; }}
figcaption strong {{ display: block; font-size: 12px; color: #555; }}
figcaption span {{ display: block; margin-top: 4px; }}
.failed, .ambiguous, .not_sent {{ outline: 2px solid #c33; }}
.status {{ color: #c33; font-size: 12px; }}
.costs {{ margin: 0 0 16px; border-collapse: collapse; background: #fff; }}
.costs th, .costs td {{ padding: 4px 10px; border: 1px solid #ddd; text-align: right; }}
.costs caption {{ text-align: left; font-weight: bold; padding-bottom: 4px; }}
{family_style}</style></head>
<body><h1>evolink-images batch: {done} of {count} done</h1>
{costs}
<main>
{cards}
</main></body></html>
"""
