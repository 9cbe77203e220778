"""A journal row never moves backwards (issue 20): a downloaded row stays downloaded, whatever is written later.

Two guards keep ``resume`` from fetching again what was saved: ``Journal._write`` never lowers a row's rank
(``_RANK_OF_ROW``), and ``resume`` reports a completed row whose recorded files are all on disk as saved before
(``_resume._saved_before``), for journals an earlier version moved back. Each test that removes a guard shows what
it keeps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _journal, _resume
from evolink_images.cli import main
from evolink_images.simulator import Fault, SimulatorServer
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, PNG

TASK = "task-unified-states-0001"
KEY = "evolink-images-states-0000000000000001"
URLS = ("https://files.example.com/r/0.png", "https://files.example.com/r/1.png")


def _completed(task_id: str = TASK, status: ei.TaskStatus = ei.TaskStatus.COMPLETED) -> ei.Task:
    return ei.Task(id=task_id, model="nano-banana-beta", status=status, progress=100, results=list(URLS))


def _without_rank(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row is rank 0: any update applies, as before the fix."""
    monkeypatch.setattr(_journal, "_RANK_OF_ROW", "0")


def _without_saved_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """``resume`` no longer looks for a completed row's files on disk."""

    def never_saved(entry: ei.JournalEntry) -> Iterator[object]:
        return None
        yield  # a generator, as the engine's steps are

    monkeypatch.setattr(_resume, "_saved_before", never_saved)


# ---------------------------------------------------------------------------------------------- the unit
@pytest.fixture
def journal(tmp_path: Path) -> ei.Journal:
    return ei.Journal(tmp_path / "journal.sqlite3")


def _downloaded_row(journal: ei.Journal, files: list[Path]) -> None:
    journal.begin(idempotency_key=KEY, base_url="http://x", body={"model": "nano-banana-beta", "prompt": "a cat"})
    journal.submitted(KEY, ei.Task(id=TASK, model="nano-banana-beta", status=ei.TaskStatus.PENDING))
    journal.finished(_completed())
    journal.downloaded(TASK, files)


def _late_completed(journal: ei.Journal) -> None:
    journal.finished(_completed())


def _late_failed(journal: ei.Journal) -> None:
    journal.finished(_completed(status=ei.TaskStatus.FAILED))


def _late_running(journal: ei.Journal) -> None:
    journal.finished(_completed(status=ei.TaskStatus.PROCESSING))  # recorded as "submitted"


def _late_submitted(journal: ei.Journal) -> None:
    journal.submitted(KEY, ei.Task(id=TASK, model="nano-banana-beta", status=ei.TaskStatus.PENDING))


LATE_WRITES = [_late_completed, _late_failed, _late_running, _late_submitted]


@pytest.mark.parametrize("late_write", LATE_WRITES, ids=lambda f: f.__name__.removeprefix("_late_"))
def test_a_downloaded_row_stays_downloaded(journal: ei.Journal, tmp_path: Path, late_write) -> None:
    files = [tmp_path / f"{TASK}-0.png", tmp_path / f"{TASK}-1.png"]
    _downloaded_row(journal, files)
    late_write(journal)
    entry = journal.by_task_id(TASK)
    assert entry is not None
    assert (entry.state, entry.files) == ("downloaded", [str(path) for path in files])


def test_the_walk_forward_still_goes_through_every_state(journal: ei.Journal) -> None:
    """The guard blocks only backward moves: each forward step lands."""
    journal.begin(idempotency_key=KEY, base_url="http://x", body={"model": "nano-banana-beta", "prompt": "a cat"})
    seen = [journal.entries()[0].state]
    journal.submitted(KEY, ei.Task(id=TASK, model="nano-banana-beta", status=ei.TaskStatus.PENDING))
    seen.append(journal.entries()[0].state)
    journal.finished(_completed())
    seen.append(journal.entries()[0].state)
    journal.downloaded(TASK, [Path("a.png")])
    seen.append(journal.entries()[0].state)
    assert seen == ["submitting", "submitted", "completed", "downloaded"]


def test_a_completed_row_is_not_moved_back_to_submitted(journal: ei.Journal) -> None:
    journal.begin(idempotency_key=KEY, base_url="http://x", body={"model": "nano-banana-beta", "prompt": "a cat"})
    journal.submitted(KEY, ei.Task(id=TASK, model="nano-banana-beta", status=ei.TaskStatus.PENDING))
    journal.finished(_completed())
    _late_submitted(journal)
    _late_running(journal)
    assert journal.entries()[0].state == "completed"


@pytest.mark.parametrize("late_write", LATE_WRITES, ids=lambda f: f.__name__.removeprefix("_late_"))
def test_without_the_rank_guard_the_row_moves_back(
    journal: ei.Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late_write
) -> None:
    _without_rank(monkeypatch)
    _downloaded_row(journal, [tmp_path / f"{TASK}-0.png"])
    late_write(journal)
    entry = journal.by_task_id(TASK)
    assert entry is not None and entry.state != "downloaded", "the late write moved it back"
    assert entry.state in {"completed", "failed", "submitted"}


# ---------------------------------------------------------------------------------------------- the bug, end to end
def _generate_download_and_wait_again(server: SimulatorServer, journal_path: Path, out: Path) -> ei.Task:
    """The reported sequence: generate and download with a journal, then wait for the same task again."""
    with ei.EvoLink(api_key="sk-states", base_url=server.url, journal=journal_path) as client:
        task = client.generate("nano-banana", "a lighthouse", poll_interval=0.05)
        client.download(task, out)
        client.wait(task.id, poll_interval=0.05)  # journals "finished": completed
    return task


def _resume_expired(server: SimulatorServer, journal_path: Path) -> list[ei.ResumeOutcome]:
    server.simulator.faults.add(Fault(kind="expire_results", count=0))  # every result URL answers 403 now
    with ei.EvoLink(api_key="sk-states", base_url=server.url, journal=journal_path) as client:
        return client.resume()


def test_waiting_again_for_a_saved_task_leaves_nothing_to_resume(server: SimulatorServer, tmp_path: Path) -> None:
    task = _generate_download_and_wait_again(server, tmp_path / "journal.sqlite3", tmp_path / "out")
    entry = ei.Journal(tmp_path / "journal.sqlite3").by_task_id(task.id)
    assert entry is not None and entry.state == "downloaded"
    downloads = server.simulator.stats.downloads
    assert _resume_expired(server, tmp_path / "journal.sqlite3") == []
    assert server.simulator.stats.downloads == downloads, "nothing was fetched"


def test_with_the_rank_guard_gone_resume_still_fetches_nothing(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second guard alone: the row went back to completed, but its files are on disk, so it is saved before."""
    _without_rank(monkeypatch)
    task = _generate_download_and_wait_again(server, tmp_path / "journal.sqlite3", tmp_path / "out")
    entry = ei.Journal(tmp_path / "journal.sqlite3").by_task_id(task.id)
    assert entry is not None and entry.state == "completed", "the row moved back"
    downloads = server.simulator.stats.downloads
    (outcome,) = _resume_expired(server, tmp_path / "journal.sqlite3")
    assert outcome.outcome == "downloaded" and outcome.message.startswith("saved before")
    assert server.simulator.stats.downloads == downloads


def test_without_both_guards_resume_reports_the_saved_task_expired(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's report, reproduced: a task saved long ago comes back as "expired"."""
    _without_rank(monkeypatch)
    _without_saved_before(monkeypatch)
    task = _generate_download_and_wait_again(server, tmp_path / "journal.sqlite3", tmp_path / "out")
    (outcome,) = _resume_expired(server, tmp_path / "journal.sqlite3")
    assert (outcome.entry.task_id, outcome.outcome) == (task.id, "expired")


def _cli_generate_then_wait_again(
    capsys: pytest.CaptureFixture[str], server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """``generate``, then ``wait --no-download`` for the same task; returns the journal path and the task id.

    (A ``wait`` that downloads ends with the row downloaded again; one that does not is what moved it back.)
    """
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-states-cli")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    journal, out = str(tmp_path / "journal.sqlite3"), str(tmp_path / "out")
    fast = ["--poll-interval", "0.05"]
    code = main(["generate", "nano-banana", "a lighthouse", "--out", out, "--journal", journal, *fast])
    _, err = capsys.readouterr()
    assert code == 0, err
    (entry,) = ei.Journal(journal).entries()
    assert entry.task_id is not None
    code = main(["wait", entry.task_id, "--journal", journal, "--out", out, "--no-download", *fast])
    _, err = capsys.readouterr()
    assert code == 0, err
    server.simulator.faults.add(Fault(kind="expire_results", count=0))
    return journal, entry.task_id


def test_the_cli_resume_after_a_second_wait_has_nothing_to_do(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    journal, _ = _cli_generate_then_wait_again(capsys, server, tmp_path, monkeypatch)
    code = main(["resume", "--journal", journal])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "nothing to resume" in err and "expired" not in out + err


def test_the_cli_resume_reports_expired_without_both_guards(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_rank(monkeypatch)
    _without_saved_before(monkeypatch)
    journal, task_id = _cli_generate_then_wait_again(capsys, server, tmp_path, monkeypatch)
    code = main(["resume", "--journal", journal])
    out, _ = capsys.readouterr()
    assert code == 1
    assert f"{task_id}  expired" in out


# ---------------------------------------------------------------------------------------------- old journals
@pytest.fixture
def old_row(journal: ei.Journal, tmp_path: Path) -> list[Path]:
    """A row an earlier version moved back: downloaded (both files on disk), then set to completed again."""
    out = tmp_path / "out"
    out.mkdir()
    files = [out / f"{TASK}-0.png", out / f"{TASK}-1.png"]
    for path in files:
        path.write_bytes(PNG)
    journal.begin(
        idempotency_key=KEY,
        base_url="https://api.evolink.ai",
        body={"model": "nano-banana-beta", "prompt": "a cat"},
        out_dir=out,
    )
    journal.submitted(KEY, ei.Task(id=TASK, model="nano-banana-beta", status=ei.TaskStatus.PENDING))
    journal.finished(_completed())
    journal.downloaded(TASK, files)
    with sqlite3.connect(journal.path) as db:  # what the earlier version's late "finished" did
        db.execute("UPDATE requests SET state = 'completed' WHERE task_id = ?", (TASK,))
    entry = journal.by_task_id(TASK)
    assert entry is not None and entry.state == "completed"
    return files


@pytest.fixture
def old_client(api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal)


@pytest.fixture
def file_routes(api: respx.MockRouter) -> list[respx.Route]:
    return [api.get(url).respond(200, content=PNG, headers={"content-type": "image/png"}) for url in URLS]


def test_a_moved_back_row_whose_files_exist_is_reported_saved_and_fetches_nothing(
    old_row: list[Path], old_client: ei.EvoLink, api: respx.MockRouter, file_routes, journal: ei.Journal
) -> None:
    mtimes = [path.stat().st_mtime_ns for path in old_row]
    (outcome,) = old_client.resume()
    assert outcome.outcome == "downloaded"
    assert outcome.message.startswith("saved before")
    assert list(outcome.files) == old_row
    assert api.calls.call_count == 0, "nothing was fetched"
    assert [path.stat().st_mtime_ns for path in old_row] == mtimes, "nothing was rewritten"
    entry = journal.by_task_id(TASK)
    assert entry is not None and entry.state == "downloaded"
    assert old_client.resume() == [], "and it is finished now"


@pytest.mark.parametrize("missing", [[0, 1], [1]], ids=["both-missing", "one-missing"])
def test_a_moved_back_row_with_a_file_missing_is_downloaded_again(
    old_row: list[Path],
    old_client: ei.EvoLink,
    file_routes: list[respx.Route],
    journal: ei.Journal,
    missing: list[int],
) -> None:
    for index in missing:
        old_row[index].unlink()
    (outcome,) = old_client.resume()
    assert outcome.outcome == "downloaded"
    assert not outcome.message.startswith("saved before")
    assert [route.call_count for route in file_routes] == [1, 1], "both results fetched"
    assert all(path.exists() for path in outcome.files) and len(outcome.files) == 2
    entry = journal.by_task_id(TASK)
    assert entry is not None and entry.state == "downloaded"


def test_without_the_saved_before_guard_a_moved_back_row_is_fetched_again(
    old_row: list[Path],
    old_client: ei.EvoLink,
    file_routes: list[respx.Route],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without_saved_before(monkeypatch)
    (outcome,) = old_client.resume()
    assert not outcome.message.startswith("saved before")
    assert [route.call_count for route in file_routes] == [1, 1], "fetched although on disk"
