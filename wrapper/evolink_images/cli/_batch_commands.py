"""The journal's commands: ``batch``, ``resume`` and ``history``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from .._async_client import AsyncEvoLink
from .._batch import (
    BatchLine,
    FollowUpOf,
    LineOutcome,
    LineResult,
    family_order,
    follow_up_of,
    read_batch,
    run_batch,
    write_contact_sheet,
)
from .._client import EvoLink
from .._journal import Journal, JournalEntry

__all__ = [
    "BatchProgress",
    "BatchUsageError",
    "HistoryRow",
    "cmd_batch",
    "cmd_history",
    "cmd_resume",
    "dry_run",
    "lineage",
    "load_lines",
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


def dry_run(lines: list[BatchLine]) -> None:
    """Print what would be sent, per model, and send nothing."""
    by_model: dict[str, list[BatchLine]] = {}
    for line in lines:
        by_model.setdefault(line.request.model_id, []).append(line)
    for model, group in by_model.items():
        print(f"{model}: {len(group)} request(s)")
        for line in group:
            print(f"  line {line.number} ({line.key}): {json.dumps(line.request.body, ensure_ascii=False)}")
    print(f"dry run: {len(lines)} valid line(s); nothing was sent")


def load_lines(args: argparse.Namespace) -> list[BatchLine]:
    """The batch file's lines, all valid; else every bad line reported, as one BatchUsageError."""
    path: Path = args.file
    if not path.is_file():
        raise BatchUsageError(f"{path}: no such file")
    if args.concurrency < 1:
        raise BatchUsageError("--concurrency must be at least 1")
    lines, errors = read_batch(path)
    if errors:
        report = "\n".join(f"  {error}" for error in errors)
        raise BatchUsageError(f"{path} has {len(errors)} bad line(s); nothing was sent:\n{report}")
    if not lines:
        raise BatchUsageError(f"{path}: no requests in the file")
    return lines


def cmd_batch(args: argparse.Namespace, lines: list[BatchLine], client: AsyncEvoLink) -> int:
    """Run validated *lines*; print the summary and the contact sheet's path."""
    progress = BatchProgress(len(lines))
    result = asyncio.run(
        run_batch(
            client,
            lines,
            args.out,
            concurrency=args.concurrency,
            max_credits=args.max_credits,
            timeout=args.timeout,
            retry_failed=args.retry_failed,
            resubmit_ambiguous=args.resubmit_ambiguous,
            metadata=args.metadata,
            on_change=progress,
        )
    )
    progress.finish()
    sheet = write_contact_sheet(result, args.out)
    for item in result.results:
        if item.outcome not in {"done", "skipped"}:
            print(f"line {item.line.number} ({item.line.key}): {item.outcome}: {item.message}", file=sys.stderr)
    outcomes: tuple[LineOutcome, ...] = ("done", "skipped", "failed", "ambiguous", "not_sent")
    summary = ", ".join(f"{result.count(o)} {o}" for o in outcomes if result.count(o))
    print(f"{len(lines)} line(s): {summary}; {result.credits_reserved:g} credits reserved by this run", file=sys.stderr)
    if result.stopped_by_spend_cap:
        print(f"stopped submitting: the next line would pass --max-credits {args.max_credits:g}", file=sys.stderr)
    print(sheet)
    return 0 if all(item.outcome in {"done", "skipped"} for item in result.results) else 1


def cmd_resume(args: argparse.Namespace, client: EvoLink) -> int:
    """Finish the journal's unfinished requests."""
    outcomes = client.resume(
        args.out, timeout=args.timeout, resubmit_ambiguous=args.resubmit_ambiguous, metadata=args.metadata
    )
    if not outcomes:
        print("nothing to resume: every journalled request is finished", file=sys.stderr)
        return 0
    for outcome in outcomes:
        entry = outcome.entry
        task_id = entry.task_id or "(no task id)"
        print(f"{task_id}  {outcome.outcome:<10} {entry.model}  {entry.prompt[:40]!r}: {outcome.message}")
        for path in outcome.files:
            print(f"  {path}")
    return 0 if all(o.outcome == "downloaded" for o in outcomes) else 1


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


def _history_line(row: HistoryRow) -> str:
    """One entry on one line; a follow-up indented below its parent (``└ upscale #2``), else naming it."""
    e = row.entry
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.created_at))
    credits = f"{e.credits_reserved:g}cr" if e.credits_reserved is not None else "-"
    files = f"{len(e.files)} file(s): {e.files[0]}" if e.files else (e.error or "")
    line = f"{when}  {e.state:<10} {e.model:<27} {credits:>6}  {e.prompt[:32]!r:<36} {files}"
    if row.follow_up is None:
        return line
    if row.depth:
        return f"{'  ' * row.depth}└ {row.follow_up.label}  {line}"
    return f"{line.rstrip()}  ({row.follow_up.label} of {row.follow_up.parent_task_id})"


def cmd_history(args: argparse.Namespace, journal: Journal) -> int:
    """List recent journalled requests, each follow-up below the request it worked on when that is listed too."""
    entries = journal.entries(limit=args.limit)
    if args.json:
        print(json.dumps([_history_json(entry) for entry in entries], indent=2))
        return 0
    if not entries:
        print(f"no requests in {journal.path}", file=sys.stderr)
        return 0
    for row in lineage(entries):
        print(_history_line(row))
    return 0
