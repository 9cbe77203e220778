"""A journal written before follow-ups existed gains the parent column, keeps its rows, and still takes new ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import evolink_images as ei
from evolink_images import _journal

# The table as the first release wrote it: no parent_task_id.
FIRST_RELEASE = _journal._SCHEMA.replace(",\n    parent_task_id   TEXT\n", "\n")


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
