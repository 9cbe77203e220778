"""The journal: written before a create leaves, updated as the task goes, shared safely, never holding the key."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, CREATED, PNG, TASK_ID, completed_json, task_json

CREATE = "/v1/images/generations"
TASK_PATH = f"/v1/tasks/{TASK_ID}"


@pytest.fixture
def journal(tmp_path: Path) -> ei.Journal:
    return ei.Journal(tmp_path / "journal.sqlite3")


@pytest.fixture
def client(api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal)


def test_a_row_is_written_before_the_request_leaves(
    client: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal
) -> None:
    seen_states: list[str] = []

    def respond(request: httpx.Request) -> httpx.Response:
        (entry,) = journal.entries()
        seen_states.append(entry.state)
        assert entry.idempotency_key == request.headers["idempotency-key"]
        return httpx.Response(200, json=CREATED)

    api.post(CREATE).mock(side_effect=respond)
    task = client.submit("nano-banana", "a cat", size="16:9")
    assert seen_states == ["submitting"]
    (entry,) = journal.entries()
    assert (entry.state, entry.task_id, entry.credits_reserved) == ("submitted", task.id, 1.6)
    # nano-banana is sent as nano-banana-2-lite-beta since the docs of 2026-10 (D17).
    assert entry.body == {"model": "nano-banana-2-lite-beta", "prompt": "a cat", "size": "16:9"}


def test_the_row_follows_the_task_to_its_files(
    client: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal, tmp_path: Path
) -> None:
    api.post(CREATE).respond(200, json=CREATED)
    api.get(TASK_PATH).mock(side_effect=[httpx.Response(200, json=completed_json("https://files.example.com/a"))])
    api.get("https://files.example.com/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    task = client.generate("nano-banana", "a cat")
    assert journal.entries()[0].state == "completed"
    (path,) = client.download(task, tmp_path / "out")
    entry = journal.entries()[0]
    assert (entry.state, entry.results, entry.files) == ("downloaded", task.results, [str(path)])


def test_a_refused_create_is_marked_rejected_and_an_ambiguous_one_stays_submitting(
    client: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal
) -> None:
    api.post(CREATE).mock(
        side_effect=[httpx.Response(402, json={"error": {"code": "insufficient_quota", "message": "no credits"}}),
                     httpx.ReadTimeout("no answer")]
    )  # fmt: skip
    with pytest.raises(ei.InsufficientCreditsError):
        client.submit("nano-banana", "first")
    with pytest.raises(ei.APITimeoutError):
        client.submit("nano-banana", "second")
    second, first = journal.entries()
    assert first.state == "rejected" and "no credits" in (first.error or "")
    assert second.state == "submitting" and second.ambiguous and "timed out" in (second.error or "")


def test_a_failed_task_is_recorded_with_its_code(
    client: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal
) -> None:
    api.post(CREATE).respond(200, json=CREATED)
    api.get(TASK_PATH).respond(
        200, json=task_json(status="failed", error={"code": "content_policy_violation", "message": "no"})
    )
    with pytest.raises(ei.TaskFailedError):
        client.generate("nano-banana", "a cat")
    entry = journal.entries()[0]
    assert entry.state == "failed" and entry.error == "content_policy_violation: no"


def test_the_key_is_never_stored(client: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal) -> None:
    api.post(CREATE).respond(200, json=CREATED)
    client.submit("nano-banana", "a cat")
    journal.close()
    stored = b"".join(path.read_bytes() for path in journal.path.parent.glob("journal.sqlite3*"))
    assert stored, "the journal has content"
    assert API_KEY.encode() not in stored


def test_wal_mode(journal: ei.Journal) -> None:
    with sqlite3.connect(journal.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _write_rows(path: str, worker: int) -> None:
    journal = ei.Journal(path)
    for index in range(40):
        key = f"worker-{worker}-{index:03d}-padding"
        journal.begin(idempotency_key=key, base_url="http://x", body={"model": "m", "prompt": f"{worker}/{index}"})
        journal.submitted(key, ei.Task(id=f"task-{worker}-{index}", model="m", status=ei.TaskStatus.PENDING))


def test_several_processes_can_share_a_journal(journal: ei.Journal) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_rows, args=(str(journal.path), n)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    entries = journal.entries()
    assert len(entries) == 160
    assert {entry.state for entry in entries} == {"submitted"}


# ---------------------------------------------------------------------------------------------- resume
def test_resume_finishes_running_and_completed_tasks(
    api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal, tmp_path: Path
) -> None:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    client = ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal)
    api.post(CREATE).mock(
        side_effect=[httpx.Response(200, json=CREATED), httpx.Response(200, json=task_json(id="task-2"))]
    )
    api.get(TASK_PATH).mock(side_effect=[httpx.Response(200, json=completed_json("https://files.example.com/a"))])
    api.get("/v1/tasks/task-2").respond(200, json=completed_json("https://files.example.com/b") | {"id": "task-2"})
    api.get("https://files.example.com/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    api.get("https://files.example.com/b").respond(200, content=PNG, headers={"content-type": "image/png"})
    client.submit("nano-banana", "one")
    client.submit("nano-banana", "two")  # "crash": neither was waited for
    outcomes = client.resume(tmp_path / "out")
    assert [(o.entry.task_id, o.outcome) for o in outcomes] == [(TASK_ID, "downloaded"), ("task-2", "downloaded")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{TASK_ID}-0.png", "task-2-0.png"])
    assert client.resume(tmp_path / "out") == [], "nothing left to do"


def test_resume_reports_an_ambiguous_create_and_never_resends_it(
    client: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal, tmp_path: Path
) -> None:
    route = api.post(CREATE).mock(side_effect=[httpx.RemoteProtocolError("dropped"), httpx.Response(200, json=CREATED)])
    with pytest.raises(ei.APIConnectionError):
        client.submit("nano-banana", "a cat in the rain")
    (outcome,) = client.resume(tmp_path)
    assert outcome.outcome == "ambiguous"
    assert outcome.entry.prompt == "a cat in the rain"
    assert "not sent again" in outcome.message
    assert route.call_count == 1


def test_resume_needs_a_journal(api: respx.MockRouter) -> None:
    client = ei.EvoLink(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(api.handler)))
    with pytest.raises(ei.EvoLinkError, match="journal"):
        client.resume()


def test_the_journal_path_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "custom.sqlite3"))
    client = ei.EvoLink(api_key="k", journal=True)
    assert client.journal is not None and client.journal.path == tmp_path / "custom.sqlite3"
    assert (tmp_path / "custom.sqlite3").exists()
