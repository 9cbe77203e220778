"""A batch run's results, kept on disk as they come rather than in a list: memory does not grow with the batch.

Each :class:`LineResult` is a row of a private temporary SQLite database (deleted when it is closed; SQLite holds
a bounded cache of it in memory), with the columns the summary, the money totals and the contact sheet ask for:
its line number, outcome, task, the task it follows up, and what it adds to the credits. Reading the results back
yields them in line order, one at a time.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import attrs

from ._batch_lines import BatchLine
from ._lineage import follow_up_of
from ._presets import presets
from ._spending import Spending, SpendingRow, charged_credits, spending_from_rows
from ._task import Task, TaskStatus
from ._validation import ValidatedRequest

__all__ = ["BatchResult", "LineOutcome", "LineResult", "Stored", "scratch_database"]

LineOutcome = Literal["done", "skipped", "failed", "ambiguous", "lost", "not_sent"]
_SCHEMA = """
CREATE TABLE results (
    seq            INTEGER PRIMARY KEY,
    number         INTEGER NOT NULL,
    key            TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    task_id        TEXT,
    parent_task_id TEXT,
    label          TEXT,
    images         INTEGER NOT NULL,
    not_resent     TEXT,
    spends         INTEGER NOT NULL,
    model          TEXT,
    created_at     REAL,
    reserved       REAL,
    charged        REAL,
    images_asked   INTEGER,
    images_made    INTEGER,
    item           BLOB NOT NULL
);
CREATE INDEX results_order ON results (number, seq);
CREATE INDEX results_task ON results (task_id, number, seq);
CREATE INDEX results_parent ON results (parent_task_id, number, seq);
"""


def scratch_database(schema: str) -> sqlite3.Connection:
    """A private temporary SQLite database with *schema*: on disk beyond a small cache, deleted when closed."""
    db = sqlite3.connect("", check_same_thread=False)  # "": SQLite's own temporary file, removed on close
    db.execute("PRAGMA cache_size=-256")  # KiB held in memory; the rest waits in the file
    db.executescript(schema)
    return db


@attrs.frozen
class LineResult:
    """What became of one line: its outcome, and its task, files and message when it has them.

    *outcome* is ``done``, ``skipped`` (already done), ``failed``, ``ambiguous``, ``lost`` (the API no longer knows
    its task) or ``not_sent``. *code* is a failed line's error code, when its task failed with one. A line that
    failed in an earlier run and was not sent again has *not_resent*: why, a key of
    :data:`~evolink_images._batch.NOT_RESENT` (``moderation``, ``input``: a new task would not help; ``not asked``:
    no retry was asked for).
    """

    line: BatchLine
    outcome: LineOutcome
    task: Task | None = None
    files: tuple[Path, ...] = ()
    message: str = ""
    code: str | None = None
    not_resent: str | None = None


@attrs.frozen
class Stored:
    """A result as the contact sheet walks them: its row, line number, key, task, and what it follows up.

    Results come in line order (``ORDER BY number, seq``): those of one line number in the order they came.
    """

    seq: int
    number: int
    key: str
    task_id: str | None
    parent_task_id: str | None
    label: str | None
    images: int


class BatchResult:
    """A batch run's results (kept on disk, read back in line order) and counts.

    Attributes:
        credits_reserved: What the API reserved for this run's creates (and the estimates of creates of unknown
            outcome).
        stopped_by_spend_cap: True when ``max_credits`` stopped the run.
    """

    def __init__(
        self, results: Iterable[LineResult] = (), credits_reserved: float = 0.0, stopped_by_spend_cap: bool = False
    ) -> None:
        self.credits_reserved = credits_reserved
        self.stopped_by_spend_cap = stopped_by_spend_cap
        self._db = scratch_database(_SCHEMA)
        for result in results:
            self.add(result)

    def add(self, result: LineResult) -> None:
        """Keep *result* (on disk)."""
        line, task = result.line, result.task
        follow_up = follow_up_of(line.request.model_id, line.request.body)
        row = _spending_row(task, line, result.outcome) if task is not None and result.outcome != "skipped" else None
        spending = (
            (row.model, row.created_at, row.reserved, row.charged, row.images_asked, row.images_made)
            if row is not None
            else (None,) * 6
        )
        self._db.execute(
            "INSERT INTO results (number, key, outcome, task_id, parent_task_id, label, images, not_resent, spends,"
            " model, created_at, reserved, charged, images_asked, images_made, item)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                line.number,
                line.key,
                result.outcome,
                task.id if task is not None else None,
                follow_up.parent_task_id if follow_up is not None else None,
                follow_up.label if follow_up is not None else None,
                len(result.files),
                result.not_resent,
                row is not None,
                *spending,
                _dumped(result),
            ),
        )

    @property
    def results(self) -> Iterator[LineResult]:
        """Every line's result, in line order, read back one at a time."""
        return self._items("SELECT item FROM results ORDER BY number, seq")

    def __len__(self) -> int:
        """How many lines have a result."""
        return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def count(self, outcome: LineOutcome) -> int:
        """How many lines ended with *outcome*."""
        return int(self._db.execute("SELECT COUNT(*) FROM results WHERE outcome = ?", (outcome,)).fetchone()[0])

    def unfinished(self) -> Iterator[LineResult]:
        """The results that are neither done nor skipped, in line order."""
        return self._items("SELECT item FROM results WHERE outcome NOT IN ('done', 'skipped') ORDER BY number, seq")

    def not_resent(self) -> Counter[str]:
        """How many failed lines were not sent again, by why (in the order each reason first comes)."""
        rows = self._db.execute("SELECT not_resent FROM results WHERE not_resent IS NOT NULL ORDER BY number, seq")
        return Counter(reason for (reason,) in rows)

    def spending(self) -> Spending:
        """What this run's tasks reserved, were charged and got back, by model and in all.

        A task counts when this run created it or saw it end: a line skipped as done before, or settled by the
        journal, does not. A task not settled (still running when its wait ended) counts as held.
        """
        rows = self._db.execute(
            "SELECT model, created_at, reserved, charged, images_asked, images_made FROM results"
            " WHERE spends ORDER BY number, seq"
        )
        return spending_from_rows(
            SpendingRow(
                model=model,
                created_at=created_at,
                reserved=reserved,
                charged=charged,
                images_asked=asked,
                images_made=made,
            )
            for model, created_at, reserved, charged, asked, made in rows
        )

    # ------------------------------------------------------------------------------------ for the contact sheet
    def stored(self) -> Iterator[Stored]:
        """Every result's row, in line order."""
        return self._stored(
            "SELECT seq, number, key, task_id, parent_task_id, label, images FROM results ORDER BY number, seq"
        )

    def first_with_task(self, task_id: str) -> Stored | None:
        """The first result (in line order) of task *task_id*."""
        query = (
            "SELECT seq, number, key, task_id, parent_task_id, label, images FROM results"
            " WHERE task_id = ? ORDER BY number, seq LIMIT 1"
        )
        return next(self._stored(query, task_id), None)

    def follow_ups(self, task_id: str) -> list[Stored]:
        """The results that follow up task *task_id*, in line order."""
        query = (
            "SELECT seq, number, key, task_id, parent_task_id, label, images FROM results"
            " WHERE parent_task_id = ? ORDER BY number, seq"
        )
        return list(self._stored(query, task_id))

    def item(self, seq: int) -> LineResult:
        """The result of row *seq*."""
        (blob,) = self._db.execute("SELECT item FROM results WHERE seq = ?", (seq,)).fetchone()
        return _loaded(blob)

    def close(self) -> None:
        """Delete the results from disk; the result is of no more use."""
        self._db.close()

    def _items(self, query: str) -> Iterator[LineResult]:
        for (blob,) in self._db.execute(query):
            yield _loaded(blob)

    def _stored(self, query: str, *args: object) -> Iterator[Stored]:
        for row in self._db.execute(query, args):
            yield Stored(*row)


def _spending_row(task: Task, line: BatchLine, outcome: LineOutcome) -> SpendingRow:
    """What one of this run's tasks adds to its totals (images asked as its line asked them; a lost task apart)."""
    preset = presets.by_id(line.request.model_id)
    completed = task.status == TaskStatus.COMPLETED
    return SpendingRow(
        model=line.request.model_id,
        created_at=float(task.created or 0),
        reserved=task.credits_reserved,
        charged=charged_credits(task) if task.is_final else None,
        images_asked=preset.images_requested(line.request.body) if preset is not None else None,
        images_made=len(task.results) if completed else None,
        lost=outcome == "lost",
    )


def _dumped(result: LineResult) -> bytes:
    """*result* as bytes for the process's own temporary database (its line's local images left out)."""
    request = result.line.request
    preset_id = request.preset.id if request.preset is not None else None
    line = (result.line.number, result.line.key, request.body, request.warnings, request.checked, preset_id)
    fields = (result.outcome, result.task, result.files, result.message, result.code, result.not_resent)
    return pickle.dumps((line, fields), protocol=pickle.HIGHEST_PROTOCOL)


def _loaded(blob: bytes) -> LineResult:
    """What :func:`_dumped` wrote (read only from the temporary database this process wrote it to)."""
    (number, key, body, warnings, checked, preset_id), fields = pickle.loads(blob)  # noqa: S301 - our own bytes
    preset = presets.by_id(preset_id) if preset_id is not None else None
    return LineResult(BatchLine(number, key, ValidatedRequest(preset, body, warnings, checked)), *fields)
