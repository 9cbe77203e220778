"""A durable record of every paid request: written before the request leaves, updated as the task progresses.

One SQLite row per create, and one per upload of a local image (table ``uploads``: its content's hash, URL and
expiry, so that the same content is not uploaded again while its URL lives; a journal written before uploads gains
the table when it is opened). ``submitting`` is written before the request is sent; ``submitted`` once the API answers
with a task id; then the task's final status, its result URLs, the files downloaded, the credits reserved and
charged, and the images asked for and made (:meth:`Journal.spending` totals them). A crash
at any point leaves a row that says what is known. A ``submitting`` row with no task id is ambiguous (the API may or
may not have accepted it) and is never resubmitted automatically. A ``submitted`` row whose task the API answers 404
for is ``lost`` (:meth:`Journal.lost`): never polled again, and resubmitted only when asked. The API key is never
stored.

Several processes may share a journal: WAL mode, short transactions, a busy timeout. A row's state only moves
forward (a downloaded row stays downloaded, whatever is polled later). The journal holds prompts, bodies (with any
``callback_url`` token) and signed result URLs, so a journal created here is readable by its owner only: the file and
its ``-wal`` and ``-shm`` companions 0600, in a folder 0700 when the folder is created too. Every SQLite failure (a
lock held too long, a full disk) is a :class:`JournalError`.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

import attrs

from ._errors import JournalError
from ._files_service import UploadedFile
from ._journal_migration import migrate
from ._presets import presets
from ._spending import Spending, SpendingRow, charged_credits, spending_from_rows
from ._task import Task
from ._user_dirs import user_folder

__all__ = ["UNFINISHED", "Journal", "JournalEntry", "State", "default_journal_path"]

State = Literal["submitting", "submitted", "rejected", "completed", "failed", "cancelled", "lost", "downloaded"]
UNFINISHED: tuple[State, ...] = ("submitting", "submitted", "completed")
# How far along each state is: an update never moves a row to a lower rank. A rejected create may be sent again with
# the same Idempotency-Key (``begin`` starts the row over), since the API certainly made no task of it. A lost task
# that is seen again after all (``wait`` on its id) moves on to its final state; only a running row becomes lost.
_RANK: dict[str, int] = {
    "submitting": 0,
    "rejected": 1,
    "submitted": 1,
    "completed": 2,
    "failed": 2,
    "cancelled": 2,
    "lost": 2,
    "downloaded": 3,
}
_RANK_OF_ROW = "CASE state " + " ".join(f"WHEN '{state}' THEN {rank}" for state, rank in _RANK.items()) + " ELSE 0 END"
_PRIVATE_FILE, _PRIVATE_FOLDER = 0o600, 0o700
_CACHE_KIB = 256  # each connection's page cache
_P = ParamSpec("_P")
_R = TypeVar("_R")
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
    parent_task_id   TEXT,
    credits_charged  REAL,
    images_asked     INTEGER,
    images_made      INTEGER,
    error_code       TEXT
);
CREATE INDEX IF NOT EXISTS requests_batch ON requests (batch_key);
CREATE INDEX IF NOT EXISTS requests_state ON requests (state);
CREATE INDEX IF NOT EXISTS requests_task ON requests (task_id);
CREATE TABLE IF NOT EXISTS uploads (
    row_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256           TEXT NOT NULL,
    files_base_url   TEXT NOT NULL,
    url              TEXT NOT NULL,
    file_id          TEXT,
    expires_at       REAL NOT NULL,
    size             INTEGER NOT NULL,
    mime_type        TEXT NOT NULL,
    original_name    TEXT,
    uploaded_at      REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_content ON uploads (sha256, files_base_url);
CREATE INDEX IF NOT EXISTS uploads_url ON uploads (url);
"""


def default_journal_path() -> Path:
    """``$EVOLINK_JOURNAL``, else ``journal.sqlite3`` in the user's data directory for evolink-images."""
    return user_folder("EVOLINK_JOURNAL", "XDG_DATA_HOME", (".local", "share"), "journal.sqlite3")


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
        state: ``submitting``, ``submitted``, ``rejected``, ``completed``, ``failed``, ``cancelled``, ``lost`` (the
            API no longer knows the task) or ``downloaded``.
        task_id: The task id, once the API answered.
        results: Result URLs, once completed.
        files: Downloaded files.
        credits_reserved: Credits the API reserved.
        error: The last error, in words (for a lost task: the API's code and message, and when it answered).
        created_at: When the row was written (unix seconds).
        updated_at: When it last changed.
        parent_task_id: For a follow-up, the task whose image it worked on.
        credits_charged: Credits the task cost, once it ended and that is known: what a completed task used, 0 for
            a refunded failure (see :func:`~evolink_images.Journal.spending`).
        images_asked: Images the request asked for, once the task ended (None for a model the catalogue lacks).
        images_made: Images its results held, once it ended (0 for a failure).
        error_code: The error code of a failed or cancelled task (``content_policy_violation``, ...) or of the 404
            that made it lost (``task_not_found``); None otherwise.
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
    credits_charged: float | None = None
    images_asked: int | None = None
    images_made: int | None = None
    error_code: str | None = None

    @property
    def ambiguous(self) -> bool:
        """True when the create may or may not have been accepted: no task id was ever seen."""
        return self.state == "submitting"


def _reported(method: Callable[Concatenate[Journal, _P], _R]) -> Callable[Concatenate[Journal, _P], _R]:
    """*method*, with any SQLite failure raised as a :class:`JournalError` that names the journal."""

    @functools.wraps(method)
    def reporting(journal: Journal, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(journal, *args, **kwargs)
        except sqlite3.Error as exc:
            advice = _ADVICE.get(getattr(exc, "sqlite_errorname", ""), "")
            raise JournalError(f"journal {journal.path}: {exc}{advice}", path=str(journal.path)) from exc

    return reporting


_ADVICE = {
    "SQLITE_BUSY": " (another process held it too long; try again)",
    "SQLITE_FULL": " (the disk is full: free some space)",
    "SQLITE_READONLY": " (it cannot be written: check its permissions)",
    "SQLITE_CANTOPEN": " (check the path and its permissions)",
    "SQLITE_CORRUPT": " (the file is damaged: move it aside to start a new journal)",
    "SQLITE_NOTADB": " (this is not a journal: pass another path)",
}


def _create_privately(path: Path) -> None:
    """Create the journal file (and its folder) readable by their owner only; nothing changes when it exists.

    SQLite gives the ``-wal`` and ``-shm`` files it creates the database file's permissions.
    """
    if not path.parent.exists():
        path.parent.parent.mkdir(parents=True, exist_ok=True)
        path.parent.mkdir(mode=_PRIVATE_FOLDER, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE_FILE))


class Journal:
    """The journal file; safe to share between threads and processes.

    Raises:
        JournalError: when the file cannot be created or opened as a journal.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_journal_path()
        self._local = threading.local()
        try:
            _create_privately(self.path)
        except OSError as exc:
            raise JournalError(f"journal {self.path}: {exc.strerror or exc}", path=str(self.path)) from exc
        self._prepare()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    @_reported
    def _prepare(self) -> None:
        self._connection().executescript(_SCHEMA)  # idempotent; executescript manages its own transaction
        migrate(self._connection())  # a journal written by an earlier version, brought up to date in place

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            # Each thread has its own connection (a batch's worker threads one each), so each keeps a small page
            # cache: the journal's memory stays flat however long it grows, and the OS caches the file anyway.
            connection.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
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
    @_reported
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

        *parent_task_id* names the task a follow-up works on. An Idempotency-Key already in the journal is the
        documented way to retry: the same request, never answered (or refused), is sent again on its row.

        Raises:
            JournalError: for a key the journal holds for a different request, or for a task it already created.
        """
        now = time.time()
        with self._transaction() as db:
            earlier = db.execute("SELECT * FROM requests WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
            if earlier is not None:
                return self._retry(db, _entry(earlier), body, now)
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

    def _retry(self, db: sqlite3.Connection, earlier: JournalEntry, body: dict[str, Any], now: float) -> int:
        """Start *earlier*'s row over for a retry with its key, or say why the key cannot be used again."""
        key = earlier.idempotency_key
        if _canonical(earlier.body) != _canonical(body):
            raise JournalError(
                f"idempotency_key {key!r} was used before for a different request ({earlier.model}, "
                f"{earlier.prompt[:40]!r}): a key names one request, so nothing was sent; use a new key for a new "
                "request",
                path=str(self.path),
            )
        if earlier.task_id is not None or earlier.state not in {"submitting", "rejected"}:
            raise JournalError(
                f"idempotency_key {key!r} already created task {earlier.task_id} ({earlier.state}), so nothing was "
                f"sent again: wait for that task (wait({earlier.task_id!r})) instead of creating it twice",
                path=str(self.path),
            )
        db.execute(
            "UPDATE requests SET state = 'submitting', error = NULL, updated_at = ? WHERE row_id = ?",
            (now, earlier.row_id),
        )
        return earlier.row_id

    @_reported
    def submitted(self, idempotency_key: str, task: Task) -> None:
        """The API accepted the create: record the task id and the credits reserved."""
        self._update(
            idempotency_key,
            state="submitted",
            task_id=task.id,
            credits_reserved=task.credits_reserved,
            error=None,
            error_code=None,
        )

    @_reported
    def rejected(self, idempotency_key: str, error: str) -> None:
        """The API certainly did not create a task (it answered 4xx)."""
        self._update(idempotency_key, state="rejected", error=error)

    @_reported
    def unknown_outcome(self, idempotency_key: str, error: str) -> None:
        """The create may have been accepted: the row stays ``submitting``, with the error noted."""
        self._update(idempotency_key, error=error)

    @_reported
    def finished(self, task: Task) -> None:
        """A task reached a final status: its results, and what it cost and made (see :meth:`spending`)."""
        state = str(task.status) if task.status in {"completed", "failed", "cancelled"} else "submitted"
        error = f"{task.error.code}: {task.error.message}" if task.error else None
        fields: dict[str, Any] = {"state": state, "results": json.dumps(task.results), "error": error}
        fields["error_code"] = task.error.code if task.error else None
        if state != "submitted":
            row = (
                self._connection()
                .execute("SELECT model, body, credits_reserved FROM requests WHERE task_id = ?", (task.id,))
                .fetchone()
            )
            model = presets.by_id(row["model"]) if row is not None else None
            fields["credits_charged"] = charged_credits(task, row["credits_reserved"] if row is not None else None)
            fields["images_asked"] = model.images_requested(json.loads(row["body"])) if model is not None else None
            fields["images_made"] = len(task.results)
        self._update_task(task.id, **fields)

    @_reported
    def downloaded(self, task_id: str, files: Sequence[Path]) -> None:
        """A completed task's results are on disk."""
        files_text = json.dumps([str(path) for path in files])
        self._update_task(task_id, state="downloaded", files=files_text, error=None, error_code=None)

    @_reported
    def lost(self, task_id: str, base_url: str, reason: str, error_code: str | None = None) -> bool:
        """The API at *base_url* answered 404 for a running task: mark its row ``lost``; True when one was.

        Only a ``submitted`` row of that API becomes lost (a finished row keeps what it knows; a row with no task id
        never reached the API as far as the journal knows). *reason* is the API's answer and when it came.
        """
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE requests SET state = 'lost', error = ?, error_code = ?, updated_at = ?"
                " WHERE task_id = ? AND base_url = ? AND state = 'submitted'",
                (reason, error_code, time.time(), task_id, base_url),
            )
            return cursor.rowcount > 0

    @_reported
    def note_error(self, task_id: str, error: str) -> None:
        """Record an error (an expired URL, a timeout) without changing the state."""
        self._update_task(task_id, error=error)

    @_reported
    def set_out_dir(self, task_id: str, out_dir: str | Path) -> None:
        """Where a task's results are to be saved."""
        self._update_task(task_id, out_dir=str(out_dir))

    def _update(self, idempotency_key: str, **fields: Any) -> None:
        self._write("idempotency_key", idempotency_key, fields)

    def _update_task(self, task_id: str, **fields: Any) -> None:
        self._write("task_id", task_id, fields)

    def _write(self, column: str, value: str, fields: dict[str, Any]) -> None:
        """Update the row; one that is further along than a new ``state`` is left as it is."""
        assignments = ", ".join(f"{name} = ?" for name in fields)
        forward, rank = "", list[int]()
        if "state" in fields:
            forward, rank = f" AND {_RANK_OF_ROW} <= ?", [_RANK[fields["state"]]]
        with self._transaction() as db:
            db.execute(
                f"UPDATE requests SET {assignments}, updated_at = ? WHERE {column} = ?{forward}",  # noqa: S608 - ours
                (*fields.values(), time.time(), value, *rank),
            )

    # ------------------------------------------------------------------------------------------- reads
    @_reported
    def entries(
        self,
        *,
        states: Sequence[str] | None = None,
        base_url: str | None = None,
        limit: int | None = None,
        model: str | None = None,
    ) -> list[JournalEntry]:
        """Rows, newest first, optionally only in *states*, for *base_url* and of *model* (its id)."""
        query, args = "SELECT * FROM requests WHERE 1 = 1", list[object]()
        if states:
            query += f" AND state IN ({', '.join('?' for _ in states)})"
            args += list(states)
        if base_url is not None:
            query += " AND base_url = ?"
            args.append(base_url)
        if model is not None:
            query += " AND model = ?"
            args.append(model)
        query += " ORDER BY row_id DESC"
        if limit is not None:
            query += " LIMIT ?"
            args.append(limit)
        return [_entry(row) for row in self._connection().execute(query, args)]

    @_reported
    def unfinished(self, base_url: str | None = None) -> list[JournalEntry]:
        """Rows whose work is not done: ambiguous, running, or completed but not downloaded; oldest first."""
        return list(reversed(self.entries(states=UNFINISHED, base_url=base_url)))

    @_reported
    def by_batch_key(self, batch_key: str, base_url: str | None = None) -> list[JournalEntry]:
        """Every row of one batch line, newest first; only those sent to *base_url* when it is given."""
        query, args = "SELECT * FROM requests WHERE batch_key = ?", [batch_key]
        if base_url is not None:
            query, args = query + " AND base_url = ?", [*args, base_url]
        return [_entry(row) for row in self._connection().execute(query + " ORDER BY row_id DESC", args)]

    @_reported
    def by_task_id(self, task_id: str) -> JournalEntry | None:
        """The row of a task."""
        row = self._connection().execute("SELECT * FROM requests WHERE task_id = ?", (task_id,)).fetchone()
        return _entry(row) if row else None

    @_reported
    def spending(self, since: float | None = None, *, base_url: str | None = None) -> Spending:
        """What the journal's tasks reserved, were charged and got back, in all, by model and by day (UTC).

        Counts every row with a task id created at *since* (unix seconds) or later, optionally only those sent to
        *base_url*. A task not settled yet (running, or ended before the journal recorded charges) counts as held; a
        lost one (the API no longer knows it, so whether it was charged is unknown) counts as lost.
        """
        query = (
            "SELECT model, created_at, credits_reserved, credits_charged, images_asked, images_made, state"
            " FROM requests WHERE task_id IS NOT NULL"
        )
        args: list[object] = []
        if since is not None:
            query += " AND created_at >= ?"
            args.append(since)
        if base_url is not None:
            query += " AND base_url = ?"
            args.append(base_url)
        rows = self._connection().execute(query + " ORDER BY row_id", args)
        return spending_from_rows(
            (
                SpendingRow(
                    model=row["model"],
                    created_at=row["created_at"],
                    reserved=row["credits_reserved"],
                    charged=row["credits_charged"],
                    images_asked=row["images_asked"],
                    images_made=row["images_made"],
                    lost=row["state"] == "lost",
                )
                for row in rows
            ),
            since,
        )

    # ------------------------------------------------------------------------------------------- uploads
    @_reported
    def record_upload(self, uploaded: UploadedFile, files_base_url: str) -> None:
        """Remember an upload of a local image to the files service at *files_base_url*."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO uploads (sha256, files_base_url, url, file_id, expires_at, size, mime_type,"
                " original_name, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uploaded.sha256,
                    files_base_url,
                    uploaded.url,
                    uploaded.file_id,
                    uploaded.expires_at.timestamp(),
                    uploaded.size,
                    uploaded.mime_type,
                    uploaded.original_name,
                    time.time(),
                ),
            )

    @_reported
    def find_upload(self, sha256: str, files_base_url: str, valid_until: float) -> UploadedFile | None:
        """The upload of *sha256* to *files_base_url* that lives longest, if it lives until *valid_until* (unix s)."""
        row = (
            self._connection()
            .execute(
                "SELECT * FROM uploads WHERE sha256 = ? AND files_base_url = ? AND expires_at >= ?"
                " ORDER BY expires_at DESC LIMIT 1",
                (sha256, files_base_url, valid_until),
            )
            .fetchone()
        )
        return _upload(row) if row else None

    @_reported
    def uploads_for(self, urls: Sequence[str]) -> list[UploadedFile]:
        """The uploads whose URL is one of *urls* (the latest of each), in the order of *urls*."""
        found: dict[str, UploadedFile] = {}
        db = self._connection()
        for url in dict.fromkeys(urls):
            row = db.execute("SELECT * FROM uploads WHERE url = ? ORDER BY row_id DESC LIMIT 1", (url,)).fetchone()
            if row:
                found[url] = _upload(row)
        return list(found.values())


def _upload(row: sqlite3.Row) -> UploadedFile:
    return UploadedFile(
        url=row["url"],
        file_id=row["file_id"],
        expires_at=datetime.fromtimestamp(row["expires_at"], UTC),
        size=row["size"],
        mime_type=row["mime_type"],
        original_name=row["original_name"],
        sha256=row["sha256"],
    )


def _canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True)


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
        credits_charged=row["credits_charged"],
        images_asked=row["images_asked"],
        images_made=row["images_made"],
        error_code=row["error_code"],
    )
