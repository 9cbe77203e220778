"""A journal written by an earlier release gains the columns added since (a follow-up's parent, the credits charged
and the images asked and made), keeps its rows, and still takes new ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import evolink_images as ei
from evolink_images import _journal

# The table before error codes had a column of their own (tests/test_lost_tasks.py migrates that one).
ERROR_CODE = ",\n    error_code       TEXT\n"
BEFORE_ERROR_CODE = _journal._SCHEMA.replace(ERROR_CODE, "\n")
# The table before charges were recorded: no credits_charged, images_asked, images_made.
CHARGED = ",\n    credits_charged  REAL,\n    images_asked     INTEGER,\n    images_made      INTEGER\n"
BEFORE_CHARGES = BEFORE_ERROR_CODE.replace(CHARGED, "\n")
# The table as the first release wrote it: no parent_task_id either.
FIRST_RELEASE = BEFORE_CHARGES.replace(",\n    parent_task_id   TEXT\n", "\n")


def test_an_old_journal_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    assert "parent_task_id" not in FIRST_RELEASE
    with sqlite3.connect(path) as db:
        db.executescript(FIRST_RELEASE)
        db.execute(
            "INSERT INTO requests (idempotency_key, base_url, model, prompt, body, state, created_at, updated_at)"
            " VALUES ('k-old-0123456789abcdef', 'https://api.evolink.ai', 'm', 'p', '{}', 'submitted', 1, 1)"
        )
    journal = ei.Journal(path)
    (old,) = journal.entries()
    assert old.parent_task_id is None and old.idempotency_key == "k-old-0123456789abcdef"
    journal.begin(
        idempotency_key="k-new-0123456789abcdef", base_url="https://api.evolink.ai", body={}, parent_task_id="t-1"
    )
    assert journal.entries()[0].parent_task_id == "t-1"
    ei.Journal(path)  # opening it again (another process, say) changes nothing
    assert [entry.parent_task_id for entry in ei.Journal(path).entries()] == ["t-1", None]


def test_a_journal_from_before_charges_gains_their_columns_and_records_them(tmp_path: Path) -> None:
    path = tmp_path / "before-charges.sqlite3"
    assert CHARGED in BEFORE_ERROR_CODE and "credits_charged" not in BEFORE_CHARGES
    with sqlite3.connect(path) as db:
        db.executescript(BEFORE_CHARGES)
        db.execute(
            "INSERT INTO requests (idempotency_key, base_url, model, prompt, body, state, task_id, credits_reserved,"
            " created_at, updated_at) VALUES ('k-old-0123456789abcdef', 'https://api.evolink.ai', 'gpt-image-2',"
            " 'p', '{\"model\": \"gpt-image-2\", \"n\": 2}', 'submitted', 'task-old', 5.0, 1, 1)"
        )
    journal = ei.Journal(path)
    (old,) = journal.entries()
    assert (old.credits_charged, old.images_asked, old.images_made) == (None, None, None)
    journal.finished(
        ei.Task(id="task-old", model="gpt-image-2", status=ei.TaskStatus.COMPLETED, results=["u"], credits_used=2.5)
    )
    (done,) = ei.Journal(path).entries()
    assert (done.credits_charged, done.images_asked, done.images_made) == (2.5, 2, 1)
    assert ei.Journal(path).spending().total.charged == 2.5
