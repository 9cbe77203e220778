"""A durable record of every paid request: written before the request leaves, updated as the task progresses.

One SQLite row per create. ``submitting`` is written before the request is sent; ``submitted`` once the API answers
with a task id; then the task's final status, its result URLs, the files downloaded and the credits reserved. A crash
at any point leaves a row that says what is known. A ``submitting`` row with no task id is ambiguous (the API may or
may not have accepted it) and is never resubmitted automatically. The API key is never stored.

Several processes may share a journal: WAL mode, short transactions, a busy timeout.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import attrs

from ._task import Task

__all__ = ["UNFINISHED", "Journal", "JournalEntry", "State", "default_journal_path"]

State = Literal["submitting", "submitted", "rejected", "completed", "failed", "cancelled", "downloaded"]
UNFINISHED: tuple[State, ...] = ("submitting", "submitted", "completed")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    row_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT NOT NULL UNIQUE,
    batch_key        TEXT,
    base_url         TEXT NOT NULL,
    model            TEXT NOT NULL,
    prompt           TEXT NOT NULL,
    body             TEXT NOT NULL,
    out_dir          TEXT,
    state            TEXT NOT NULL,
    task_id          TEXT,
    results          TEXT NOT NULL DEFAULT '[]',
    files            TEXT NOT NULL DEFAULT '[]',
    credits_reserved REAL,
    error            TEXT,
    created_at       REAL NOT NULL,
    updated_at       REAL NOT NULL,
    parent_task_id   TEXT
);
CREATE INDEX IF NOT EXISTS requests_batch ON requests (batch_key);
CREATE INDEX IF NOT EXISTS requests_state ON requests (state);
"""
# Columns added since the first release, for journals written before them: (name, declaration).
_ADDED_COLUMNS = (("parent_task_id", "TEXT"),)


def default_journal_path() -> Path:
    """``$EVOLINK_JOURNAL``, else ``journal.sqlite3`` in the user's data directory for evolink-images."""
    configured = os.environ.get("EVOLINK_JOURNAL")
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "evolink-images" / "journal.sqlite3"


@attrs.frozen(kw_only=True)
class JournalEntry:
    """One journalled create request.

    Attributes:
        row_id: The journal's own id for the row.
        idempotency_key: The Idempotency-Key the create carried.
        batch_key: Which batch line it was, for batches.
        base_url: The API it went to.
        model: The model id.
        prompt: The prompt.
        body: The JSON body sent (it never holds the key).
        out_dir: Where its results go, when known.
        state: ``submitting``, ``submitted``, ``rejected``, ``completed``, ``failed``, ``cancelled`` or ``downloaded``.
        task_id: The task id, once the API answered.
        results: Result URLs, once completed.
        files: Downloaded files.
        credits_reserved: Credits the API reserved.
        error: The last error, in words.
        created_at: When the row was written (unix seconds).
        updated_at: When it last changed.
        parent_task_id: For a follow-up, the task whose image it worked on.
    """

    row_id: int
    idempotency_key: str
    batch_key: str | None
    base_url: str
    model: str
    prompt: str
    body: dict[str, Any]
    out_dir: str | None
    state: State
    task_id: str | None
    results: list[str]
    files: list[str]
    credits_reserved: float | None
    error: str | None
    created_at: float
    updated_at: float
    parent_task_id: str | None = None

    @property
    def ambiguous(self) -> bool:
        """True when the create may or may not have been accepted: no task id was ever seen."""
        return self.state == "submitting"


class Journal:
    """The journal file; safe to share between threads and processes."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_journal_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connection().executescript(_SCHEMA)  # idempotent; executescript manages its own transaction
        self._add_columns()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def _add_columns(self) -> None:
        """Bring a journal written by an earlier version up to date (another process may be doing the same)."""
        db = self._connection()
        present = {row["name"] for row in db.execute("PRAGMA table_info(requests)")}
        for name, declaration in _ADDED_COLUMNS:
            if name not in present:
                try:
                    db.execute(f"ALTER TABLE requests ADD COLUMN {name} {declaration}")
                except sqlite3.OperationalError as exc:  # added meanwhile by another process
                    if "duplicate column" not in str(exc):
                        raise

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # ------------------------------------------------------------------------------------------- writes
    def begin(
        self,
        *,
        idempotency_key: str,
        base_url: str,
        body: dict[str, Any],
        batch_key: str | None = None,
        out_dir: str | Path | None = None,
        parent_task_id: str | None = None,
    ) -> int:
        """Record a create about to be sent (state ``submitting``); returns the row id.

        *parent_task_id* names the task a follow-up works on.
        """
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO requests (idempotency_key, batch_key, base_url, model, prompt, body, out_dir, state,"
                " created_at, updated_at, parent_task_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'submitting', ?, ?, ?)",
                (
                    idempotency_key,
                    batch_key,
                    base_url,
                    str(body.get("model", "")),
                    str(body.get("prompt", "")),
                    json.dumps(body),
                    str(out_dir) if out_dir is not None else None,
                    now,
                    now,
                    parent_task_id,
                ),
            )
            return int(cursor.lastrowid or 0)

    def submitted(self, idempotency_key: str, task: Task) -> None:
        """The API accepted the create: record the task id and the credits reserved."""
        self._update(
            idempotency_key, state="submitted", task_id=task.id, credits_reserved=task.credits_reserved, error=None
        )

    def rejected(self, idempotency_key: str, error: str) -> None:
        """The API certainly did not create a task (it answered 4xx)."""
        self._update(idempotency_key, state="rejected", error=error)

    def unknown_outcome(self, idempotency_key: str, error: str) -> None:
        """The create may have been accepted: the row stays ``submitting``, with the error noted."""
        self._update(idempotency_key, error=error)

    def finished(self, task: Task) -> None:
        """A task reached a final status."""
        state = str(task.status) if task.status in {"completed", "failed", "cancelled"} else "submitted"
        error = f"{task.error.code}: {task.error.message}" if task.error else None
        self._update_task(task.id, state=state, results=json.dumps(task.results), error=error)

    def downloaded(self, task_id: str, files: Sequence[Path]) -> None:
        """A completed task's results are on disk."""
        self._update_task(task_id, state="downloaded", files=json.dumps([str(path) for path in files]), error=None)

    def note_error(self, task_id: str, error: str) -> None:
        """Record an error (an expired URL, a timeout) without changing the state."""
        self._update_task(task_id, error=error)

    def set_out_dir(self, task_id: str, out_dir: str | Path) -> None:
        """Where a task's results are to be saved."""
        self._update_task(task_id, out_dir=str(out_dir))

    def _update(self, idempotency_key: str, **fields: Any) -> None:
        self._write("idempotency_key", idempotency_key, fields)

    def _update_task(self, task_id: str, **fields: Any) -> None:
        self._write("task_id", task_id, fields)

    def _write(self, column: str, value: str, fields: dict[str, Any]) -> None:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._transaction() as db:
            db.execute(
                f"UPDATE requests SET {assignments}, updated_at = ? WHERE {column} = ?",  # noqa: S608 - names are ours
                (*fields.values(), time.time(), value),
            )

    # ------------------------------------------------------------------------------------------- reads
    def entries(
        self, *, states: Sequence[str] | None = None, base_url: str | None = None, limit: int | None = None
    ) -> list[JournalEntry]:
        """Rows, newest first, optionally only in *states* and for *base_url*."""
        query, args = "SELECT * FROM requests WHERE 1 = 1", list[object]()
        if states:
            query += f" AND state IN ({', '.join('?' for _ in states)})"
            args += list(states)
        if base_url is not None:
            query += " AND base_url = ?"
            args.append(base_url)
        query += " ORDER BY row_id DESC"
        if limit is not None:
            query += " LIMIT ?"
            args.append(limit)
        return [_entry(row) for row in self._connection().execute(query, args)]

    def unfinished(self, base_url: str | None = None) -> list[JournalEntry]:
        """Rows whose work is not done: ambiguous, running, or completed but not downloaded; oldest first."""
        return list(reversed(self.entries(states=UNFINISHED, base_url=base_url)))

    def by_batch_key(self, batch_key: str) -> list[JournalEntry]:
        """Every row of one batch line, newest first."""
        rows = self._connection().execute(
            "SELECT * FROM requests WHERE batch_key = ? ORDER BY row_id DESC", (batch_key,)
        )
        return [_entry(row) for row in rows]

    def by_task_id(self, task_id: str) -> JournalEntry | None:
        """The row of a task."""
        row = self._connection().execute("SELECT * FROM requests WHERE task_id = ?", (task_id,)).fetchone()
        return _entry(row) if row else None


def _entry(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        row_id=row["row_id"],
        idempotency_key=row["idempotency_key"],
        batch_key=row["batch_key"],
        base_url=row["base_url"],
        model=row["model"],
        prompt=row["prompt"],
        body=json.loads(row["body"]),
        out_dir=row["out_dir"],
        state=row["state"],
        task_id=row["task_id"],
        results=json.loads(row["results"]),
        files=json.loads(row["files"]),
        credits_reserved=row["credits_reserved"],
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        parent_task_id=row["parent_task_id"],
    )
