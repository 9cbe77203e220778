"""Bringing a journal written by an earlier version up to date, in place: the columns added since, filled once.

Every column added since the first release is declared here with how its old rows are filled when it is added:
``error_code`` (the error code of a failed, cancelled or lost task) is read once from the error text earlier
versions wrote (``"content_policy_violation: ..."``); the others stay empty for old rows. Several processes may open
an old journal at once: one adds each column (and fills it, in the same transaction), the others find it there.
"""

from __future__ import annotations

import re
import sqlite3

__all__ = ["ADDED_COLUMNS", "failure_code", "migrate"]

# Columns added since the first release, for journals written before them: (name, declaration).
ADDED_COLUMNS = (
    ("parent_task_id", "TEXT"),
    ("credits_charged", "REAL"),
    ("images_asked", "INTEGER"),
    ("images_made", "INTEGER"),
    ("error_code", "TEXT"),
)
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
# The states whose error text a journal wrote as "<task error code>: <message>".
_CODED_STATES = ("failed", "cancelled")


def failure_code(error: str | None) -> str | None:
    """The error code a failed row's error text starts with (``"content_policy_violation: ..."``), else None."""
    if not error:
        return None
    code, sep, _ = error.partition(": ")
    return code if sep and code != "None" and _CODE.fullmatch(code) else None


def migrate(db: sqlite3.Connection) -> None:
    """Add each missing column to ``requests`` and fill it for the rows already there (autocommit *db*)."""
    present = {row[1] for row in db.execute("PRAGMA table_info(requests)")}
    for name, declaration in ADDED_COLUMNS:
        if name not in present:
            _add(db, name, declaration)


def _add(db: sqlite3.Connection, name: str, declaration: str) -> None:
    """Add one column, and fill it for old rows, in one transaction; nothing when another process just did."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if name not in {row[1] for row in db.execute("PRAGMA table_info(requests)")}:
            db.execute(f"ALTER TABLE requests ADD COLUMN {name} {declaration}")
            if name == "error_code":
                _fill_error_codes(db)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _fill_error_codes(db: sqlite3.Connection) -> None:
    """Each failed or cancelled row's error code, read from its error text (once: when the column is added)."""
    marks = ", ".join("?" for _ in _CODED_STATES)
    rows = db.execute(
        f"SELECT row_id, error FROM requests WHERE state IN ({marks}) AND error IS NOT NULL",  # noqa: S608 - ours
        _CODED_STATES,
    ).fetchall()
    db.executemany(
        "UPDATE requests SET error_code = ? WHERE row_id = ?",
        [(code, row_id) for row_id, error in rows if (code := failure_code(error)) is not None],
    )
