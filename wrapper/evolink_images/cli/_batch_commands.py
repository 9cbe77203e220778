"""The journal's commands: ``batch``, ``resume`` and ``history``."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import attrs

from .._async_client import AsyncEvoLink
from .._batch import (
    NOT_RESENT,
    BatchFile,
    BatchLine,
    BatchResult,
    FollowUpOf,
    LineOutcome,
    LineResult,
    RetryFailed,
    Shard,
    check_batch,
    family_order,
    follow_up_of,
    lines_to_send,
    run_batch,
    write_contact_sheet,
)
from .._batch_results import scratch_database
from .._client import EvoLink
from .._errors import AuthenticationError, EvoLinkError
from .._journal import Journal, JournalEntry
from .._spending import Spending, SpendingTotals
from ._costs import figure
from ._lost import resubmit_command
from ._messages import batch_line_error

if TYPE_CHECKING:
    from .._credits import Credits
    from .._estimate import Estimate

T = TypeVar("T")

__all__ = [
    "BalanceError",
    "BalanceVerdict",
    "BatchProgress",
    "BatchUsageError",
    "EstimateTotal",
    "HistoryRow",
    "balance_verdict",
    "check_balance",
    "cmd_batch",
    "cmd_history",
    "cmd_resume",
    "dry_run",
    "estimate_line",
    "lineage",
    "load_lines",
    "retry_choice",
    "shard_line",
    "spending_json",
    "spending_text",
    "summary",
]


class BatchUsageError(Exception):
    """Raised for a batch file or option that cannot run; the CLI prints it and exits 2."""


class BatchProgress:
    """One overall bar with counts of done, failed and running lines (plain lines when not on a terminal)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.counts: Counter[str] = Counter()
        self.running = 0
        self.started = time.monotonic()

    def __call__(self, result: LineResult | None, line: BatchLine) -> None:
        """Record a line starting (*result* None) or ending."""
        if result is None:
            self.running += 1
        else:
            self.running -= 1
            self.counts[result.outcome] += 1
        finished = sum(self.counts.values())
        done = self.counts["done"] + self.counts["skipped"]
        bad = finished - done
        if self.interactive:
            filled = 30 * finished // max(1, self.total)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(
                f"\r[{bar}] {finished}/{self.total}  done {done}  failed {bad}  running {self.running}  "
                f"{time.monotonic() - self.started:5.1f}s "
            )
        elif result is not None:
            self.stream.write(f"line {line.number} ({line.key}): {result.outcome} [{finished}/{self.total}]\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self.interactive:
            self.stream.write("\n")


def estimate_line(estimator: Callable[..., T], line: BatchLine) -> T:
    """*estimator* (a client's ``estimate``) called for exactly what *line* sends."""
    body = dict(line.request.body)
    model, prompt = body.pop("model", line.request.model_id), body.pop("prompt", None)
    return estimator(model, prompt, **body)


def _line_estimate(estimate: Estimate) -> str:
    """One line's estimate, short: ``1.2 credits (docs)``, ``unknown cost``."""
    if estimate.credits is None:
        return "unknown cost"
    basis = f"journal, {estimate.samples} charge(s)" if estimate.basis == "journal" else estimate.basis
    if estimate.low is not None and estimate.high is not None and estimate.low != estimate.high:
        basis += f", {figure(estimate.low)} to {figure(estimate.high)}"
    if estimate.reserved is not None and estimate.reserved != estimate.credits:
        basis += f"; reserves {figure(estimate.reserved)}"
    return f"{figure(estimate.credits)} credits ({basis})"


def dry_run(
    rows: Iterable[tuple[BatchLine, Estimate, bool]],
    balance: Credits | str,
    max_credits: float | None = None,
) -> None:
    """Print what would be sent per model, each line's estimate, the totals and the balance; send nothing.

    *rows* are the lines (in order), each with its estimate and whether a run would send it now (the journal settles
    the others); *balance* the balance, or why it is unknown. The lines' text waits on disk until it is printed by
    model, so memory does not grow with the batch.
    """
    by_model: dict[str, EstimateTotal] = {}
    total = to_send = EstimateTotal()
    shown = scratch_database(_SHOWN)
    try:
        for line, estimate, send in rows:
            model = line.request.model_id
            by_model[model] = by_model.get(model, EstimateTotal()).plus(estimate)
            total = total.plus(estimate)
            to_send = to_send.plus(estimate) if send else to_send
            body = json.dumps(line.request.body, ensure_ascii=False)
            text = f"  line {line.number} ({line.key}): {_line_estimate(estimate)}: {body}"
            shown.execute("INSERT INTO shown (model, text) VALUES (?, ?)", (model, text))
        for model, group in by_model.items():
            print(f"{model}: {group.lines} request(s), {group.text()}")
            for (text,) in shown.execute("SELECT text FROM shown WHERE model = ? ORDER BY seq", (model,)):
                print(text)
    finally:
        shown.close()
    print(f"estimated total for {total.lines} line(s): {total.text()}")
    if not to_send.lines:
        print(
            "a run now would send none of them: the journal settles every one (done, running, or failed, lost or "
            "ambiguous and not to be sent again)"
        )
    else:
        if to_send.lines != total.lines:
            print(f"a run now would send {to_send.lines} of them (the journal settles the others): {to_send.text()}")
        print(balance_verdict(to_send, balance, max_credits).text)
    print(f"dry run: {total.lines} valid line(s); nothing was sent")


_SHOWN = """
CREATE TABLE shown (seq INTEGER PRIMARY KEY, model TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX shown_model ON shown (model, seq);
"""


@attrs.frozen
class EstimateTotal:
    """The sum of some lines' estimates.

    Attributes:
        credits: The credits they are expected to cost.
        reserved: The credits their creates are expected to hold until they settle.
        lines: The lines summed.
        unknown: The lines with no estimate, counted in neither: their cost is unknown, not 0.
    """

    credits: float = 0.0
    reserved: float = 0.0
    lines: int = 0
    unknown: int = 0

    @classmethod
    def of(cls, estimates: Iterable[Estimate]) -> EstimateTotal:
        """The total of *estimates* (summed as they come: none is kept)."""
        total = cls()
        for estimate in estimates:
            total = total.plus(estimate)
        return total

    def plus(self, estimate: Estimate) -> EstimateTotal:
        """The total with one more line's *estimate* added."""
        if estimate.credits is None:
            return attrs.evolve(self, lines=self.lines + 1, unknown=self.unknown + 1)
        reserved = estimate.reserved if estimate.reserved is not None else estimate.credits
        return attrs.evolve(
            self,
            credits=self.credits + estimate.credits,
            reserved=self.reserved + reserved,
            lines=self.lines + 1,
        )

    def text(self) -> str:
        """``3.6 credits (reserved while running: 4.8); 1 line(s) of unknown cost, not counted``."""
        if self.unknown == self.lines:
            return "unknown cost" if self.lines == 1 else f"unknown cost ({self.lines} lines)"
        text = f"{figure(self.credits)} credits"
        if self.reserved != self.credits:
            text += f" (reserved while running: {figure(self.reserved)})"
        if self.unknown:
            text += f"; {self.unknown} line(s) of unknown cost, not counted"
        return text


@attrs.frozen
class BalanceVerdict:
    """Whether the balance covers the lines to send: *covered* False only when it certainly does not."""

    covered: bool
    text: str


def balance_verdict(total: EstimateTotal, balance: Credits | str, max_credits: float | None) -> BalanceVerdict:
    """Whether *balance* covers what *total* reserves (no more than *max_credits*, which stops the run there)."""
    if isinstance(balance, str):
        return BalanceVerdict(True, f"balance: unknown ({balance})")
    available = balance.available
    if available is None:
        return BalanceVerdict(True, "balance: what can be spent now is unknown (evolink-images credits shows it)")
    needed = total.reserved if max_credits is None else min(total.reserved, max_credits)
    capped = " (--max-credits stops the run there)" if max_credits is not None and max_credits < total.reserved else ""
    unknown = f", and {total.unknown} line(s) of unknown cost" if total.unknown else ""
    if needed <= available:
        return BalanceVerdict(
            True, f"balance: {figure(available)} credits available; it covers {figure(needed)}{capped}{unknown}"
        )
    return BalanceVerdict(
        False,
        f"balance: {figure(available)} credits available; it does not cover the {figure(needed)} credits the lines "
        f"to send are estimated to reserve{capped}{unknown}",
    )


def load_lines(args: argparse.Namespace) -> BatchFile:
    """The batch file checked in full (its lines are read again as they are sent); a BatchUsageError for any bad line.

    With ``--shard K/N``, only the lines in that shard are sent; every line of the file is checked all the same, so
    every shard of one file accepts or refuses it alike.
    """
    path: Path = args.file
    if not path.is_file():
        raise BatchUsageError(f"{path}: no such file")
    if args.concurrency < 1:
        raise BatchUsageError("--concurrency must be at least 1")
    try:
        shard = Shard.parse(args.shard) if args.shard else None
    except ValueError as exc:
        raise BatchUsageError(f"--shard: {exc}") from None
    checked = check_batch(path, shard, describe=batch_line_error)
    if checked.errors:
        report = "\n".join(f"  {error}" for error in checked.errors)
        raise BatchUsageError(f"{path} has {len(checked.errors)} bad line(s); nothing was sent:\n{report}")
    if not checked.total:
        raise BatchUsageError(f"{path}: no requests in the file")
    return checked


def shard_line(checked: BatchFile) -> str | None:
    """``shard 2/3: 34 of the file's 100 line(s)``; None without a shard."""
    if checked.shard is None:
        return None
    return f"shard {checked.shard}: {checked.lines} of the file's {checked.total} line(s)"


def retry_choice(args: argparse.Namespace) -> RetryFailed:
    """Which failed lines a run sends again: ``--retry-all-failed`` every one, ``--retry-failed`` those worth it."""
    return "all" if args.retry_all_failed else bool(args.retry_failed)


class BalanceError(Exception):
    """The lines to send are estimated to reserve more than the balance available: nothing was sent (exit 1)."""


async def check_balance(args: argparse.Namespace, lines: Iterable[BatchLine], client: AsyncEvoLink) -> None:
    """Raise :class:`BalanceError` when the lines a run would send are estimated to reserve more than the balance.

    The lines are read and looked up in the journal a few hundred at a time, in a worker thread, and summed as they
    come. A balance that cannot be read (any error but a refused key) is said in a warning, and the run goes on.
    """
    chosen = lines_to_send(
        client.journal,
        lines,
        args.out,
        retry_failed=retry_choice(args),
        resubmit_ambiguous=args.resubmit_ambiguous,
        retry_lost=getattr(args, "retry_lost", False),
        base_url=client.base_url,
    )
    total = EstimateTotal()
    while chunk := await asyncio.to_thread(_next_chunk, chosen):
        for line in chunk:
            total = total.plus(await estimate_line(client.estimate, line))
    if not total.lines:
        return
    try:
        balance = await client.credits()
    except AuthenticationError:
        raise
    except EvoLinkError as exc:
        print(f"warning: the balance could not be read, so it was not checked: {exc}", file=sys.stderr)
        return
    verdict = balance_verdict(total, balance, args.max_credits)
    if not verdict.covered:
        raise BalanceError(f"{verdict.text}; nothing was sent (--ignore-balance starts all the same)")


def _next_chunk(lines: Iterator[BatchLine], size: int = 256) -> list[BatchLine]:
    """Up to *size* more of *lines* (blocking: reads the file and the journal)."""
    return list(itertools.islice(lines, size))


def cmd_batch(args: argparse.Namespace, lines: BatchFile, client: AsyncEvoLink) -> int:
    """Check the balance (unless --ignore-balance), run the checked *lines*; print the summary and the sheet's path."""
    progress = BatchProgress(lines.lines)

    async def run() -> BatchResult:
        if not args.ignore_balance:
            await check_balance(args, lines, client)
        return await run_batch(
            client,
            lines,
            args.out,
            concurrency=args.concurrency,
            max_credits=args.max_credits,
            timeout=args.timeout,
            retry_failed=retry_choice(args),
            resubmit_ambiguous=args.resubmit_ambiguous,
            metadata=args.metadata,
            on_change=progress,
            retry_lost=getattr(args, "retry_lost", False),
        )

    try:
        result = asyncio.run(run())
    except BalanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    progress.finish()
    try:
        sheet = write_contact_sheet(result, args.out)
        for item in result.unfinished():
            print(f"line {item.line.number} ({item.line.key}): {item.outcome}: {item.message}", file=sys.stderr)
        for text in summary(result, lines.lines, args.max_credits):
            print(text, file=sys.stderr)
        print(sheet)
        return 0 if result.count("done") + result.count("skipped") == len(result) else 1
    finally:
        result.close()


def summary(result: BatchResult, count: int, max_credits: float | None) -> list[str]:
    """The run's summary: the lines by outcome, the credits in all and by model, the lines not sent again and why."""
    outcomes: tuple[LineOutcome, ...] = ("done", "skipped", "failed", "ambiguous", "lost", "not_sent")
    counts = ", ".join(f"{result.count(o)} {o}" for o in outcomes if result.count(o))
    spending = result.spending()
    total = spending.total
    lines = [
        f"{count} line(s): {counts}; {result.credits_reserved:g} credits reserved by this run, "
        f"{figure(total.charged)} charged, {figure(total.refunded)} refunded"
        + (f", {figure(total.held)} still held" if total.held else "")
        + _lost_credits(total)
    ]
    for model, totals in spending.by_model.items():
        held = f", {figure(totals.held)} still held" if totals.held else ""
        lines.append(
            f"  {model}: {totals.tasks} task(s), {figure(totals.reserved)} reserved, {figure(totals.charged)} charged, "
            f"{figure(totals.refunded)} refunded{held}"
        )
    kept = result.not_resent()
    if kept:
        reasons = "; ".join(f"{number} {NOT_RESENT[reason]}" for reason, number in kept.items())
        lines.append(
            f"{sum(kept.values())} failed line(s) not sent again: {reasons} (--retry-failed sends those worth "
            "retrying, --retry-all-failed every one)"
        )
    lost = result.count("lost")
    if lost:
        lines.append(
            f"{lost} lost line(s): the API no longer knows their tasks (expired on its side, or a simulator that was "
            "restarted); each may have been charged, so none is sent again without --retry-lost"
        )
    if result.stopped_by_spend_cap:
        lines.append(f"stopped submitting: the next line would pass --max-credits {max_credits:g}")
    return lines


def _lost_credits(totals: SpendingTotals) -> str:
    """``, 1.6 reserved by 1 lost task(s) (charge unknown)``; empty without lost tasks."""
    if not totals.lost_tasks:
        return ""
    return f", {figure(totals.lost)} reserved by {totals.lost_tasks} lost task(s) (charge unknown)"


def cmd_resume(args: argparse.Namespace, client: EvoLink) -> int:
    """Finish the journal's unfinished requests; a lost one is reported this once, with how to send it again."""
    outcomes = client.resume(
        args.out, timeout=args.timeout, resubmit_ambiguous=args.resubmit_ambiguous, metadata=args.metadata
    )
    if not outcomes:
        where = "the shared simulator" if getattr(args, "simulator", False) else client.base_url
        print(f"nothing to resume: every request journalled for {where} is finished", file=sys.stderr)
        return 0
    for outcome in outcomes:
        entry = outcome.entry
        task_id = entry.task_id or "(no task id)"
        message = outcome.message
        if outcome.outcome == "lost":
            message += f"; to send it again: {resubmit_command(entry, simulator=getattr(args, 'simulator', False))}"
        print(f"{task_id}  {outcome.outcome:<10} {entry.model}  {entry.prompt[:40]!r}: {message}")
        for path in outcome.files:
            print(f"  {path}")
    return 0 if all(o.outcome == "downloaded" for o in outcomes) else 1


_TOTALS_HEAD = f"{'tasks':>6} {'reserved':>10} {'charged':>10} {'refunded':>10} {'held':>8}  images made/asked"


def _totals_cells(totals: SpendingTotals) -> str:
    credits = (totals.reserved, totals.charged, totals.refunded)
    cells = f"{totals.tasks:>6} " + " ".join(f"{figure(value):>10}" for value in credits)
    return f"{cells} {figure(totals.held):>8}  {totals.images_made}/{totals.images_asked}"


def spending_text(spending: Spending, base_url: str) -> str:
    """The totals as a person reads them: in all, then a table per model and one per day (UTC)."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(spending.since)) if spending.since is not None else "ever"
    total = spending.total
    unsettled = total.tasks - total.settled - total.lost_tasks
    held = f", {figure(total.held)} still held by {unsettled} unsettled task(s)" if total.held else ""
    lines = [
        f"since {when}, at {base_url}: {total.tasks} task(s), {figure(total.reserved)} credits reserved, "
        f"{figure(total.charged)} charged, {figure(total.refunded)} refunded{held}{_lost_credits(total)}"
    ]
    if not total.tasks:
        return lines[0]
    width = max(len(name) for name in [*spending.by_model, "by day (UTC)"])
    for title, groups in (("by model", spending.by_model), ("by day (UTC)", spending.by_day)):
        lines += ["", f"{title:<{width}} {_TOTALS_HEAD}"]
        lines += [f"{name:<{width}} {_totals_cells(totals)}" for name, totals in groups.items()]
    return "\n".join(lines)


def spending_json(spending: Spending, base_url: str) -> dict[str, Any]:
    """The totals as JSON-ready data: since when, at which API, in all, by model and by day (UTC)."""
    return {
        "since": spending.since,
        "base_url": base_url,
        "total": attrs.asdict(spending.total),
        "by_model": {name: attrs.asdict(totals) for name, totals in spending.by_model.items()},
        "by_day": {day: attrs.asdict(totals) for day, totals in spending.by_day.items()},
    }


@attrs.frozen
class HistoryRow:
    """A journal entry as ``history`` lists it: how deep under the entry it follows up, and what it did to it."""

    entry: JournalEntry
    depth: int
    follow_up: FollowUpOf | None


def _follow_up(entry: JournalEntry) -> FollowUpOf | None:
    return follow_up_of(entry.model, entry.body, entry.parent_task_id)


def lineage(entries: Sequence[JournalEntry]) -> list[HistoryRow]:
    """*entries* (newest first) as a tree, each with its depth and what it followed up.

    A follow-up whose parent is listed comes right below it, after its older siblings; the others keep their order.
    """
    pairs = [(entry, _follow_up(entry)) for entry in entries]
    ordered = family_order(
        pairs,
        lambda pair: pair[0].task_id,
        lambda pair: pair[1].parent_task_id if pair[1] else None,
        reverse_siblings=True,
    )
    return [HistoryRow(entry, depth, follow_up) for (entry, follow_up), depth in ordered]


def _history_json(entry: JournalEntry) -> dict[str, Any]:
    follow_up = _follow_up(entry)
    return {
        "task_id": entry.task_id,
        "state": entry.state,
        "model": entry.model,
        "prompt": entry.prompt,
        "credits_reserved": entry.credits_reserved,
        "files": entry.files,
        "error": entry.error,
        "created_at": entry.created_at,
        "base_url": entry.base_url,
        "parent_task_id": follow_up.parent_task_id if follow_up else None,
        "operation": follow_up.operation if follow_up else None,
        "image_number": follow_up.image_number if follow_up else None,
    }


def _history_line(row: HistoryRow, simulated: str | None = None) -> str:
    """One entry on one line; a follow-up indented below its parent (``└ upscale #2``), else naming it.

    A request sent to the shared simulator (at *simulated*) ends with ``[simulated]``.
    """
    e = row.entry
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.created_at))
    credits = f"{e.credits_reserved:g}cr" if e.credits_reserved is not None else "-"
    files = f"{len(e.files)} file(s): {e.files[0]}" if e.files else (e.error or "")
    line = f"{when}  {e.state:<10} {e.model:<27} {credits:>6}  {e.prompt[:32]!r:<36} {files}"
    if row.follow_up is not None and row.depth:
        line = f"{'  ' * row.depth}└ {row.follow_up.label}  {line}"
    elif row.follow_up is not None:
        line = f"{line.rstrip()}  ({row.follow_up.label} of {row.follow_up.parent_task_id})"
    return f"{line.rstrip()}  [simulated]" if simulated is not None and e.base_url == simulated else line


def cmd_history(
    args: argparse.Namespace,
    journal: Journal,
    since: float | None = None,
    base_url: str = "",
    *,
    simulated: str | None = None,
) -> int:
    """List recent journalled requests, each follow-up below the request it worked on when that is listed too.

    With *since* (``--since``): what the tasks sent to *base_url* since then reserved, were charged and got back,
    per model and per day, instead. *simulated* is the shared simulator's URL: its requests are marked, and with
    ``--simulator`` only they are listed.
    """
    if since is not None:
        spending = journal.spending(since, base_url=base_url)
        if args.json:
            print(json.dumps(spending_json(spending, base_url), indent=2))
        else:
            print(spending_text(spending, base_url))
        return 0
    only_simulated = getattr(args, "simulator", False)
    entries = (
        journal.entries(limit=args.limit, base_url=simulated)
        if only_simulated and simulated is not None
        else []
        if only_simulated
        else journal.entries(limit=args.limit)
    )
    if args.json:  # JSON Lines: one request a line, for `head`, `grep` and `jq -c`
        for entry in entries:
            print(json.dumps(_history_json(entry)))
        return 0
    if not entries:
        print(f"no {'simulated ' if only_simulated else ''}requests in {journal.path}", file=sys.stderr)
        return 0
    for row in lineage(entries):
        print(_history_line(row, simulated))
    return 0
