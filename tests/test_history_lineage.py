"""`history` shows lineage: a follow-up below the task it worked on, or naming it when that task is not listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from evolink_images._journal import Journal, JournalEntry
from evolink_images._task import Task, TaskStatus
from evolink_images.cli import main
from evolink_images.cli._batch_commands import HistoryRow, lineage

GRID, UPSCALE, VARIATION, OTHER = "mj-v7", "mj-v7-upscale", "mj-v7-variation", "nano-banana-beta"


def entry(
    row_id: int,
    model: str,
    *,
    parent: str | None = None,
    body_parent: str | None = None,
    image: int | None = None,
) -> JournalEntry:
    """A journal row for task ``t<row_id>``; *parent* as ``follow_up`` records it, *body_parent* only in the body."""
    nested: dict[str, Any] = {}
    if parent or body_parent:
        nested["task_id"] = parent or body_parent
    if image is not None:
        nested["image_number"] = image
    body: dict[str, Any] = {"model": model, "prompt": f"p{row_id}", **({"model_params": nested} if nested else {})}
    return JournalEntry(
        row_id=row_id, idempotency_key=f"k{row_id}", batch_key=None, base_url="https://api.example", model=model,
        prompt=f"p{row_id}", body=body, out_dir=None, state="downloaded", task_id=f"t{row_id}", results=[],
        files=[], credits_reserved=None, error=None, created_at=1_700_000_000.0 + row_id,
        updated_at=1_700_000_000.0 + row_id, parent_task_id=parent,
    )  # fmt: skip


def shape(rows: list[HistoryRow]) -> list[tuple[str | None, int, str | None]]:
    """(task id, depth, label) per row, in order."""
    return [(r.entry.task_id, r.depth, r.follow_up.label if r.follow_up else None) for r in rows]


def newest_first(*entries: JournalEntry) -> list[JournalEntry]:
    return sorted(entries, key=lambda e: e.row_id, reverse=True)


# ---------------------------------------------------------------------------------------------- lineage()
def test_entries_without_parents_keep_their_order() -> None:
    entries = newest_first(entry(1, GRID), entry(2, OTHER), entry(3, GRID))
    assert shape(lineage(entries)) == [("t3", 0, None), ("t2", 0, None), ("t1", 0, None)]


def test_a_follow_up_comes_right_below_its_listed_parent_after_its_older_siblings() -> None:
    entries = newest_first(
        entry(1, GRID),
        entry(2, GRID),
        entry(3, UPSCALE, parent="t1", image=2),
        entry(4, OTHER),
        entry(5, VARIATION, parent="t1", image=0),
    )
    assert shape(lineage(entries)) == [
        ("t4", 0, None),
        ("t2", 0, None),
        ("t1", 0, None),
        ("t3", 1, "upscale #2"),
        ("t5", 1, "variation #0"),
    ], "roots newest first; t1's follow-ups below it, oldest first"


def test_a_follow_up_whose_parent_is_not_listed_stays_in_place_and_names_it() -> None:
    (row,) = lineage([entry(7, UPSCALE, parent="task-older", image=3)])
    assert row.depth == 0 and row.follow_up is not None
    assert (row.follow_up.parent_task_id, row.follow_up.label) == ("task-older", "upscale #3")


def test_a_chain_nests_grid_variation_upscale() -> None:
    entries = newest_first(
        entry(1, GRID), entry(2, VARIATION, parent="t1", image=1), entry(3, UPSCALE, parent="t2", image=3)
    )
    assert shape(lineage(entries)) == [("t1", 0, None), ("t2", 1, "variation #1"), ("t3", 2, "upscale #3")]


def test_a_parent_only_in_the_body_counts_for_a_follow_up_model_and_the_image_defaults_to_0() -> None:
    entries = newest_first(entry(1, GRID), entry(2, UPSCALE, body_parent="t1"))
    assert shape(lineage(entries)) == [("t1", 0, None), ("t2", 1, "upscale #0")]


def test_a_body_task_id_of_a_model_that_is_no_follow_up_is_not_a_parent() -> None:
    """The guard: only a follow-up model's model_params.task_id names a parent."""
    entries = newest_first(entry(1, GRID), entry(2, OTHER, body_parent="t1"))
    assert shape(lineage(entries)) == [("t2", 0, None), ("t1", 0, None)]


def test_a_loop_of_parents_loses_no_entry() -> None:
    """Bad data (each naming the other) still lists both, once each, and ends."""
    entries = newest_first(entry(1, UPSCALE, parent="t2"), entry(2, UPSCALE, parent="t1"))
    assert sorted(r.entry.task_id or "" for r in lineage(entries)) == ["t1", "t2"]


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    entries = newest_first(entry(0, GRID), *(entry(n, VARIATION, parent=f"t{n - 1}") for n in range(1, 3000)))
    rows = lineage(entries)
    assert [r.depth for r in rows] == list(range(3000))


# ---------------------------------------------------------------------------------------------- the command
def journalled(journal: Journal, task_id: str, body: dict[str, Any], parent: str | None = None) -> None:
    key = f"key-{task_id}"
    journal.begin(idempotency_key=key, base_url="https://api.example", body=body, parent_task_id=parent)
    journal.submitted(key, Task(id=task_id, model=str(body["model"]), status=TaskStatus.PENDING, credits_reserved=2))


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journalled(journal, "task-grid", {"model": GRID, "prompt": "a lighthouse"})
    journalled(
        journal, "task-up", {"model": UPSCALE, "model_params": {"task_id": "task-grid", "image_number": 2}}, "task-grid"
    )
    journalled(journal, "task-fox", {"model": OTHER, "prompt": "a fox"})
    journalled(  # sent as a batch line: its parent is only in the body
        journal, "task-var", {"model": VARIATION, "prompt": "bluer", "model_params": {"task_id": "task-grid"}}
    )
    journalled(
        journal,
        "task-orphan",
        {"model": UPSCALE, "model_params": {"task_id": "task-gone", "image_number": 1}},
        "task-gone",
    )
    journal.close()
    return path


def history(capsys: pytest.CaptureFixture[str], journal: Path, *options: str) -> str:
    assert main(["history", "--journal", str(journal), *options]) == 0
    return capsys.readouterr().out


def test_history_prints_follow_ups_below_their_parent(capsys: pytest.CaptureFixture[str], journal_path: Path) -> None:
    lines = history(capsys, journal_path).splitlines()
    assert len(lines) == 5, lines
    orphan, fox, grid, upscale, variation = lines
    assert orphan.endswith("''  (upscale #1 of task-gone)") and orphan.split()[2:5] == ["submitted", UPSCALE, "2cr"]
    assert fox.split()[2:7] == ["submitted", OTHER, "2cr", "'a", "fox'"]
    assert grid.split()[2:5] == ["submitted", GRID, "2cr"] and "'a lighthouse'" in grid
    for line, marker, model in ((upscale, "  └ upscale #2  ", UPSCALE), (variation, "  └ variation #0  ", VARIATION)):
        assert line.startswith(marker), line
        rest = line.removeprefix(marker)
        assert rest.split()[2:5] == ["submitted", model, "2cr"], "the usual line after the marker"
        assert rest.index(model) == grid.index(GRID), "in the usual columns"


def test_history_json_names_parent_operation_and_image(capsys: pytest.CaptureFixture[str], journal_path: Path) -> None:
    rows = [json.loads(line) for line in history(capsys, journal_path, "--json").splitlines()]  # JSON Lines
    lineage_of = {row["task_id"]: (row["parent_task_id"], row["operation"], row["image_number"]) for row in rows}
    assert [row["task_id"] for row in rows] == ["task-orphan", "task-var", "task-fox", "task-up", "task-grid"]
    assert lineage_of == {
        "task-orphan": ("task-gone", "upscale", 1),
        "task-var": ("task-grid", "variation", 0),
        "task-fox": (None, None, None),
        "task-up": ("task-grid", "upscale", 2),
        "task-grid": (None, None, None),
    }
    assert rows[2]["prompt"] == "a fox" and rows[2]["credits_reserved"] == 2
