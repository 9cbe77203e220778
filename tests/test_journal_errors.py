"""Journal failures are EvoLinkErrors (issue 20): ``JournalError``, raised before a create is sent; once a task
exists, a failed journal write only warns, naming the task, and the operation goes on.

Guards shown by removing them: ``Journal._retry`` (an Idempotency-Key the journal holds retries its row, or is
refused in words), ``_reported`` (every SQLite failure becomes a ``JournalError``) and ``_records.record_or_warn`` (a
write after the create warns instead of losing the task).
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _downloads, _journal, _requests
from evolink_images._effects import JournalCall
from evolink_images.cli import main
from evolink_images.simulator import Fault, SimulatorServer
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, CREATE, CREATED, PNG, TASK_ID, completed_json

KEY = "evolink-images-reused-key-0000000001"
GARBAGE = b"this is not an SQLite database, whatever its name says\n" * 100


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def sim_client(server: SimulatorServer, journal_path: Path) -> Iterator[ei.EvoLink]:
    with ei.EvoLink(api_key="sk-journal-errors", base_url=server.url, journal=journal_path) as client:
        yield client


@pytest.fixture
def mock_client(api: respx.MockRouter, clock: VirtualClock, journal_path: Path) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal_path)


def _old_begin_insert(self: ei.Journal, db: sqlite3.Connection, earlier: Any, body: dict[str, Any], now: float) -> int:
    """What ``begin`` did before the retry path: insert the row again, whatever the journal holds (UNIQUE fails)."""
    db.execute(
        "INSERT INTO requests (idempotency_key, base_url, model, prompt, body, state, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, 'submitting', ?, ?)",
        (earlier.idempotency_key, earlier.base_url, earlier.model, earlier.prompt, json.dumps(body), now, now),
    )
    raise AssertionError("unreachable: the key is UNIQUE")


# ---------------------------------------------------------------------------------------------- one key, twice
def test_an_ambiguous_create_is_retried_on_its_own_row(
    sim_client: ei.EvoLink, server: SimulatorServer, journal_path: Path
) -> None:
    server.simulator.faults.add(Fault(kind="drop", route="create"))
    with pytest.raises(ei.APIConnectionError) as first:
        sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    assert first.value.outcome_unknown
    (before,) = ei.Journal(journal_path).entries()
    assert (before.state, before.task_id) == ("submitting", None)

    task = sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    (after,) = ei.Journal(journal_path).entries()
    assert after.row_id == before.row_id
    assert (after.state, after.task_id, after.error) == ("submitted", task.id, None)
    assert server.simulator.stats.create_keys == {KEY: 2}, "sent twice, as asked, with the same key"


def test_a_key_that_created_a_task_is_refused_and_nothing_is_sent(
    sim_client: ei.EvoLink, server: SimulatorServer, journal_path: Path
) -> None:
    task = sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    with pytest.raises(ei.JournalError, match=f"already created task {task.id}") as refused:
        sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    assert refused.value.path == str(journal_path)
    assert server.simulator.stats.creates_received == 1, "no second create"
    (entry,) = ei.Journal(journal_path).entries()
    assert (entry.state, entry.task_id) == ("submitted", task.id)


@pytest.mark.parametrize("first", ["accepted", "dropped"])
def test_a_key_reused_for_another_request_is_refused_and_nothing_is_sent(
    sim_client: ei.EvoLink, server: SimulatorServer, journal_path: Path, first: str
) -> None:
    if first == "dropped":
        server.simulator.faults.add(Fault(kind="drop", route="create"))
        with pytest.raises(ei.APIConnectionError):
            sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    else:
        sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    with pytest.raises(ei.JournalError, match="different request"):
        sim_client.submit("nano-banana", "a dog", idempotency_key=KEY)
    assert server.simulator.stats.creates_received == 1
    (entry,) = ei.Journal(journal_path).entries()
    assert entry.prompt == "a cat"


def test_a_rejected_create_may_be_sent_again_with_its_key(
    mock_client: ei.EvoLink, api: respx.MockRouter, journal_path: Path
) -> None:
    refusal = httpx.Response(402, json={"error": {"code": "insufficient_quota", "message": "no credits"}})
    route = api.post(CREATE).mock(side_effect=[refusal, httpx.Response(200, json=CREATED)])
    with pytest.raises(ei.InsufficientCreditsError):
        mock_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    (before,) = ei.Journal(journal_path).entries()
    assert before.state == "rejected"
    task = mock_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    (after,) = ei.Journal(journal_path).entries()
    assert (after.row_id, after.state, after.task_id, after.error) == (before.row_id, "submitted", task.id, None)
    assert [call.request.headers["idempotency-key"] for call in route.calls] == [KEY, KEY]


def test_without_the_retry_path_an_ambiguous_create_cannot_be_retried(
    sim_client: ei.EvoLink, server: SimulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ei.Journal, "_retry", _old_begin_insert)
    server.simulator.faults.add(Fault(kind="drop", route="create"))
    with pytest.raises(ei.APIConnectionError):
        sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    with pytest.raises(ei.JournalError, match="UNIQUE constraint failed"):
        sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    assert server.simulator.stats.create_keys == {KEY: 1}, "the retry the user asked for was not sent"


def test_without_either_guard_the_issue_s_raw_sqlite_error_escapes(
    sim_client: ei.EvoLink, server: SimulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's report: the same key twice raised sqlite3.IntegrityError, which no EvoLinkError handler catches."""
    monkeypatch.setattr(ei.Journal, "_retry", _old_begin_insert)
    monkeypatch.setattr(ei.Journal, "begin", ei.Journal.begin.__wrapped__)
    sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    with pytest.raises(sqlite3.IntegrityError) as escaped:
        sim_client.submit("nano-banana", "a cat", idempotency_key=KEY)
    assert not isinstance(escaped.value, ei.EvoLinkError)


# ---------------------------------------------------------------------------------------------- locked, damaged
@pytest.fixture
def impatient_sqlite(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The journal's connections give up on a lock after 50 ms instead of 30 s; returns the real connect."""
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real_connect(*args, **{**kwargs, "timeout": 0.05})

    monkeypatch.setattr(_journal.sqlite3, "connect", connect)
    return real_connect


@pytest.fixture
def locked(journal_path: Path, impatient_sqlite: Any) -> Iterator[None]:
    """Another connection holds the journal's write lock for the test's duration."""
    ei.Journal(journal_path).close()
    holder = impatient_sqlite(journal_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


def test_a_locked_journal_stops_the_create_before_it_is_sent(
    server: SimulatorServer, journal_path: Path, impatient_sqlite: Any, locked: None
) -> None:
    client = ei.EvoLink(api_key="sk-journal-errors", base_url=server.url, journal=journal_path)  # while locked
    with client, pytest.raises(ei.JournalError) as caught:
        client.submit("nano-banana", "a cat")
    assert str(journal_path) in str(caught.value) and caught.value.path == str(journal_path)
    assert "locked" in str(caught.value)
    assert server.simulator.stats.requests == 0, "nothing sent, nothing charged"


def test_without_reporting_a_locked_journal_raises_a_raw_sqlite_error(
    server: SimulatorServer, journal_path: Path, impatient_sqlite: Any, locked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ei.Journal, "begin", ei.Journal.begin.__wrapped__)
    client = ei.EvoLink(api_key="sk-journal-errors", base_url=server.url, journal=journal_path)  # while locked
    with client, pytest.raises(sqlite3.OperationalError) as escaped:
        client.submit("nano-banana", "a cat")
    assert not isinstance(escaped.value, ei.EvoLinkError)


def test_a_damaged_journal_is_a_journal_error(journal_path: Path) -> None:
    journal_path.write_bytes(GARBAGE)
    with pytest.raises(ei.JournalError) as caught:
        ei.Journal(journal_path)
    assert str(journal_path) in str(caught.value)
    with pytest.raises(ei.JournalError):
        ei.EvoLink(api_key="k", journal=journal_path)


def test_without_reporting_a_damaged_journal_raises_a_raw_sqlite_error(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal_path.write_bytes(GARBAGE)
    monkeypatch.setattr(ei.Journal, "_prepare", ei.Journal._prepare.__wrapped__)
    with pytest.raises(sqlite3.DatabaseError) as escaped:
        ei.Journal(journal_path)
    assert not isinstance(escaped.value, ei.EvoLinkError)


def test_the_cli_reports_a_damaged_journal_in_one_line(journal_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal_path.write_bytes(GARBAGE)
    code = main(["history", "--journal", str(journal_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: journal ") and str(journal_path) in line
    assert "Traceback" not in err


# ---------------------------------------------------------------------------------------------- once a task exists
def _failing(method: str) -> Any:
    def fail(self: ei.Journal, *args: Any, **kwargs: Any) -> None:
        raise ei.JournalError(f"journal {self.path}: disk I/O error", path=str(self.path))

    fail.__name__ = method
    return fail


def _strict(call: JournalCall, task_id: str | None) -> Any:
    """``record_or_warn`` without its guard: the journal's error goes on up."""
    return (yield call)


def test_a_failed_write_after_the_create_warns_and_returns_the_task(
    mock_client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.post(CREATE).respond(200, json=CREATED)
    monkeypatch.setattr(ei.Journal, "submitted", _failing("submitted"))
    with pytest.warns(ei.EvoLinkWarning) as caught:
        task = mock_client.submit("nano-banana", "a cat")
    assert task.id == TASK_ID
    (warning,) = caught
    assert f"task {TASK_ID}" in str(warning.message) and "disk I/O error" in str(warning.message)


def test_without_the_warning_guard_the_created_task_is_lost(
    mock_client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = api.post(CREATE).respond(200, json=CREATED)
    monkeypatch.setattr(ei.Journal, "submitted", _failing("submitted"))
    monkeypatch.setattr(_requests, "record_or_warn", _strict)
    with pytest.raises(ei.JournalError) as caught:
        mock_client.submit("nano-banana", "a cat")
    assert route.call_count == 1, "the task was created (and charged)"
    assert TASK_ID not in str(caught.value), "but the caller never learns its id"


@pytest.fixture
def completed_task(mock_client: ei.EvoLink, api: respx.MockRouter) -> ei.Task:
    api.post(CREATE).respond(200, json=CREATED)
    api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json("https://files.example.com/a"))
    api.get("https://files.example.com/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    return mock_client.generate("nano-banana", "a cat")


def test_a_failed_write_after_a_download_warns_and_returns_the_files(
    mock_client: ei.EvoLink, completed_task: ei.Task, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ei.Journal, "downloaded", _failing("downloaded"))
    with pytest.warns(ei.EvoLinkWarning) as caught:
        files = mock_client.download(completed_task, tmp_path / "out")
    assert [path.name for path in files] == [f"{TASK_ID}-0.png"] and files[0].read_bytes()[:8] == PNG[:8]
    (warning,) = caught
    assert f"task {TASK_ID}" in str(warning.message)


def test_without_the_warning_guard_the_saved_files_are_not_returned(
    mock_client: ei.EvoLink, completed_task: ei.Task, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ei.Journal, "downloaded", _failing("downloaded"))
    monkeypatch.setattr(_downloads, "record_or_warn", _strict)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ei.EvoLinkWarning)
        with pytest.raises(ei.JournalError):
            mock_client.download(completed_task, tmp_path / "out")
    assert (tmp_path / "out" / f"{TASK_ID}-0.png").exists(), "saved, yet the caller got an error instead of it"
