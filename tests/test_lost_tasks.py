"""Tasks the API no longer knows: a 404 for a journalled task marks its row lost, once, and nothing else does.

Against the simulator, a task is forgotten the way a restarted simulator forgets it: the server is given a fresh
simulator. Against respx, the answers that must never make a row lost (a 5xx, a timeout, a proxy's 404, a result
URL's 404, a 404 just after this client's own create) are played one by one. Each guard has a companion test that
removes it and shows the row lost, a task asked about again or a line sent twice.
"""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import attrs
import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _batch, _journal, _journal_migration, _requests, _waiting
from evolink_images.cli import main
from evolink_images.cli._lost import resubmit_command
from evolink_images.simulator import Simulator, SimulatorServer
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, BASE_URL, CREATE, TASK_ID, completed_json, task_json
from tests.simulated import FAST

KEY = "sk-lost-tasks"
TASK_PATH = f"/v1/tasks/{TASK_ID}"
NOT_FOUND = {"error": {"code": "task_not_found", "message": "Task not found", "type": "invalid_request_error"}}
OLD_SCHEMA = _journal._SCHEMA.replace(",\n    error_code       TEXT\n", "\n")  # before the error_code column


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def use(shared_server: SimulatorServer, **config: object) -> Simulator:
    """A fresh simulator behind the server: every task the last one knew is forgotten, as by a restart."""
    return shared_server.use(Simulator(attrs.evolve(FAST, **config)))


@pytest.fixture
def env(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The CLI pointed at the simulator, with a journal of the test's own; answers the journal's path."""
    monkeypatch.setenv("EVOLINK_API_KEY", KEY)
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    journal = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("EVOLINK_JOURNAL", str(journal))
    return journal


def submitted_then_forgotten(server: SimulatorServer, journal: Path, out: Path) -> tuple[ei.Task, Simulator]:
    """A journalled task the API (the simulator) accepted, then forgot; the simulator that does not know it."""
    with ei.EvoLink(api_key=KEY, base_url=server.url, journal=journal) as client:
        task = client.submit("nano-banana", "a fox in snow", out_dir=out)
    return task, use(server)


def state(journal: Path, task_id: str) -> ei.JournalEntry:
    entry = ei.Journal(journal).by_task_id(task_id)
    assert entry is not None
    return entry


# ------------------------------------------------------------------------------------------------ resume
def test_a_404_makes_the_row_lost_after_one_resume_and_the_next_sends_nothing(
    server: SimulatorServer, tmp_path: Path
) -> None:
    journal = tmp_path / "j.sqlite3"
    task, forgetful = submitted_then_forgotten(server, journal, tmp_path / "out")
    with ei.EvoLink(api_key=KEY, base_url=server.url, journal=journal) as client:
        (outcome,) = client.resume()
        assert outcome.outcome == "lost" and outcome.entry.task_id == task.id
        assert f"the API does not know task {task.id}" in outcome.message and "marked lost" in outcome.message
        lost = state(journal, task.id)
        assert (lost.state, lost.error_code) == ("lost", "task_not_found")
        assert lost.error is not None and lost.error.startswith(
            f"task_not_found: Task {task.id} not found (HTTP 404 at "
        )
        assert lost.error.endswith(" UTC)"), "the reason says when the API answered"
        asked = forgetful.stats.requests
        assert client.resume() == [], "a lost row is not unfinished: the next resume has nothing to do"
    assert forgetful.stats.requests == asked, "nothing was sent for the lost row"


def test_companion_a_lost_row_counted_unfinished_is_asked_about_at_every_resume(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "j.sqlite3"
    _, forgetful = submitted_then_forgotten(server, journal, tmp_path / "out")
    monkeypatch.setattr(_journal, "UNFINISHED", (*_journal.UNFINISHED, "lost"))
    with ei.EvoLink(api_key=KEY, base_url=server.url, journal=journal) as client:
        client.resume()
        polls = forgetful.stats.polls
        assert [outcome.outcome for outcome in client.resume()] == ["lost"]
    assert forgetful.stats.polls == polls + 1, "without the guard, the forgotten task is asked about again"


def test_resume_on_the_command_line_reports_a_lost_row_once_with_how_to_send_it_again(
    env: Path, server: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    task, forgetful = submitted_then_forgotten(server, env, tmp_path / "out")
    code, out, err = run(capsys, "resume")
    assert code == 1 and "Traceback" not in err
    (line,) = out.splitlines()
    assert line.startswith(f"{task.id}  lost ")
    assert f"the API does not know task {task.id} (HTTP 404 task_not_found: Task {task.id} not found, request" in line
    command = line.partition("; to send it again: ")[2]
    assert command.startswith("evolink-images generate nano-banana-2-lite-beta 'a fox in snow'")
    polls = forgetful.stats.polls
    code, out, err = run(capsys, "resume")
    assert (code, out) == (0, "") and "nothing to resume" in err
    assert forgetful.stats.polls == polls
    code, out, _ = run(capsys, "history")
    assert code == 0 and "  lost  " in out and "task_not_found: Task" in out
    # The command given sends the journalled request again as it was: checked here with --estimate (nothing sent).
    code, out, err = run(capsys, *shlex.split(command)[1:], "--estimate")
    assert code == 0, err
    assert forgetful.stats.create_requests == 0


# ------------------------------------------------------------------------------------------------ status, wait
def test_status_of_a_task_the_api_does_not_know_is_one_line(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "status", "task-unified-0-nothere")
    assert (code, out) == (1, "")
    assert re.fullmatch(
        r"error: the API does not know task task-unified-0-nothere \(HTTP 404 task_not_found: Task "
        r"task-unified-0-nothere not found, request id sim-\w+\): the id is wrong, or the task expired on the API's "
        r"side\n",
        err,
    ), err


@pytest.mark.parametrize("command", ["status", "wait"])
def test_status_and_wait_of_a_forgotten_journalled_task_mark_it_lost(
    env: Path, server: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    task, _ = submitted_then_forgotten(server, env, tmp_path / "out")
    extra = ["--out", str(tmp_path / "waited")] if command == "wait" else []
    code, out, err = run(capsys, command, task.id, *extra)
    assert (code, out) == (1, "") and len(err.splitlines()) == 1
    assert err.startswith(f"error: the API does not know task {task.id} (HTTP 404 task_not_found")
    assert err.rstrip().endswith("its journal row is now marked lost, and resume no longer asks about it")
    assert state(env, task.id).state == "lost"


# ------------------------------------------------------------------------------------------------ never lost
@pytest.fixture
def journalled(api: respx.MockRouter, clock: VirtualClock, tmp_path: Path) -> Iterator[ei.EvoLink]:
    """A respx client with a journal; its creates make task TASK_ID."""
    api.post(CREATE).respond(200, json=task_json())
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    with ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=tmp_path / "j.sqlite3") as client:
        yield client


def row(client: ei.EvoLink) -> ei.JournalEntry:
    assert client.journal is not None
    entry = client.journal.by_task_id(TASK_ID)
    assert entry is not None
    return entry


def busy(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"error": {"code": "service_unavailable", "message": "busy"}})


def proxy_page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(404, text="<html>Not Found</html>", headers={"content-type": "text/html"})


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        pytest.param(busy, "running", id="5xx"),
        pytest.param(httpx.ReadTimeout("slow"), "running", id="timeout"),
        pytest.param(httpx.ConnectError("refused"), "running", id="network"),
        pytest.param(proxy_page, "error", id="a-proxy-404"),
    ],
)
def test_nothing_but_the_apis_404_makes_a_row_lost(
    journalled: ei.EvoLink, api: respx.MockRouter, answer: object, outcome: str
) -> None:
    journalled.submit("nano-banana", "a fox")
    api.get(TASK_PATH).mock(side_effect=answer)
    (result,) = journalled.resume(timeout=30)
    assert result.outcome == outcome
    assert row(journalled).state == "submitted", "a task that may still exist is never taken as gone"


def test_companion_a_5xx_taken_for_the_apis_404_would_make_the_row_lost(
    journalled: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def any_error(error: ei.APIStatusError, task_id: str) -> ei.APIStatusError:
        return ei.TaskNotFoundError(error.message, task_id=task_id, status_code=error.status_code, code="x")

    monkeypatch.setattr(_requests, "_unknown_task", any_error)
    journalled.submit("nano-banana", "a fox")
    api.get(TASK_PATH).mock(side_effect=busy)
    (result,) = journalled.resume(timeout=30)
    assert (result.outcome, row(journalled).state) == ("lost", "lost")


def test_a_result_urls_404_is_an_expired_download_not_a_lost_task(
    journalled: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    journalled.submit("nano-banana", "a fox")
    api.get(TASK_PATH).respond(200, json=completed_json("https://files.example.com/r/0.png"))
    api.get("https://files.example.com/r/0.png").respond(404)
    (result,) = journalled.resume(tmp_path / "out", timeout=30)
    assert result.outcome == "expired"
    assert row(journalled).state == "completed"


def test_a_404_just_after_this_clients_create_is_polled_again(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.get(TASK_PATH).mock(
        side_effect=[httpx.Response(404, json=NOT_FOUND), httpx.Response(200, json=completed_json())]
    )
    task = journalled.submit("nano-banana", "a fox")
    assert journalled.wait(task, poll_interval=1).status == "completed"
    assert route.call_count == 2 and row(journalled).state == "completed"


def test_companion_without_the_grace_a_404_just_after_the_create_makes_it_lost(
    journalled: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_waiting, "NOT_FOUND_GRACE", 0.0)
    api.get(TASK_PATH).mock(
        side_effect=[httpx.Response(404, json=NOT_FOUND), httpx.Response(200, json=completed_json())]
    )
    task = journalled.submit("nano-banana", "a fox")
    with pytest.raises(ei.TaskNotFoundError) as caught:
        journalled.wait(task, poll_interval=1)
    assert caught.value.lost and row(journalled).state == "lost"


def test_a_404_for_a_task_created_elsewhere_is_final_at_once(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.get(TASK_PATH).mock(
        side_effect=[httpx.Response(404, json=NOT_FOUND), httpx.Response(200, json=completed_json())]
    )
    journalled.submit("nano-banana", "a fox")
    with pytest.raises(ei.TaskNotFoundError) as caught:
        journalled.wait(TASK_ID, poll_interval=1)
    assert (caught.value.task_id, caught.value.lost, route.call_count) == (TASK_ID, True, 1)


def test_only_a_running_row_of_the_same_api_becomes_lost(tmp_path: Path) -> None:
    journal = ei.Journal(tmp_path / "j.sqlite3")
    for n, (base_url, final) in enumerate(
        [(BASE_URL, None), (BASE_URL, ei.TaskStatus.COMPLETED), (BASE_URL, ei.TaskStatus.FAILED),
         ("http://127.0.0.1:8787", None)]
    ):  # fmt: skip
        key = f"k-{n}-0123456789abcdef"
        journal.begin(idempotency_key=key, base_url=base_url, body={"model": "m", "prompt": "p"})
        journal.submitted(key, ei.Task(id=f"task-{n}", model="m", status=ei.TaskStatus.PENDING))
        if final is not None:
            journal.finished(ei.Task(id=f"task-{n}", model="m", status=final))
    journal.begin(idempotency_key="k-ambiguous-0123456789", base_url=BASE_URL, body={"model": "m", "prompt": "q"})
    marked = [journal.lost(f"task-{n}", BASE_URL, "task_not_found: gone") for n in range(4)]
    assert marked == [True, False, False, False]
    assert [entry.state for entry in journal.entries()] == ["submitting", "submitted", "failed", "completed", "lost"]
    journal.finished(ei.Task(id="task-0", model="m", status=ei.TaskStatus.COMPLETED, results=["u"]))
    assert state(journal.path, "task-0").state == "completed", "a lost task seen again moves on"


# ------------------------------------------------------------------------------------------------ batch
LINE_A = {"model": "nano-banana", "prompt": "a fox", "key": "a"}
LINE_B = {"model": "nano-banana", "prompt": "a hare", "key": "b"}


def write(path: Path, *lines: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def lost_and_running(
    env: Path, shared_server: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Simulator]:
    """Line a's task forgotten (its row lost after one rerun), line b's running: the batch file, the simulator."""
    out = str(tmp_path / "out")
    use(shared_server, duration=60)
    code, _, _ = run(capsys, "batch", str(write(tmp_path / "one.jsonl", LINE_A)), "--out", out, "--timeout", "0.3")
    assert code == 1, "line a still running when its wait ended"
    forgetful = use(shared_server, duration=60)
    both = write(tmp_path / "both.jsonl", LINE_A, LINE_B)
    code, _, err = run(capsys, "batch", str(both), "--out", out, "--timeout", "0.3")
    assert code == 1 and "line 1 (a): lost: the API does not know task" in err
    assert "2 line(s): 1 failed, 1 lost;" in err
    assert "1 lost line(s): the API no longer knows their tasks" in err
    assert forgetful.stats.tasks_created == 1, "line b's task, and no other"
    return both, forgetful


def test_retry_lost_sends_a_lost_line_again_once_and_never_one_that_may_still_exist(
    env: Path, shared_server: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both, forgetful = lost_and_running(env, shared_server, tmp_path, capsys)
    out = str(tmp_path / "out")
    _, _, err = run(capsys, "batch", str(both), "--out", out, "--timeout", "0.3", "--retry-failed")
    assert forgetful.stats.tasks_created == 1, "--retry-failed does not send a lost line"
    assert "line 1 (a): lost: lost before: the API no longer knows its task (task_not_found: " in err
    for _ in range(2):
        run(capsys, "batch", str(both), "--out", out, "--timeout", "0.3", "--retry-lost")
        assert forgetful.stats.tasks_created == 2, "line a sent again once; line b, still running, never"
    rows = [(entry.batch_key or "").split("|")[1] + ":" + entry.state for entry in ei.Journal(env).entries()]
    assert sorted(rows) == ["a:lost", "a:submitted", "b:submitted"]


def test_companion_a_running_line_taken_for_a_settled_one_is_sent_twice(
    env: Path,
    shared_server: SimulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    both, forgetful = lost_and_running(env, shared_server, tmp_path, capsys)
    monkeypatch.setattr(_batch, "_has_task", lambda latest: False)
    run(capsys, "batch", str(both), "--out", str(tmp_path / "out"), "--timeout", "0.3", "--retry-lost")
    assert forgetful.stats.tasks_created == 3, "without the guard, line b's running task is created again"


# ------------------------------------------------------------------------------------------------ money
def test_spending_counts_a_lost_tasks_reservation_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "j.sqlite3"
    journal = ei.Journal(path)
    for n in range(2):
        key = f"k-{n}-0123456789abcdef"
        journal.begin(idempotency_key=key, base_url=BASE_URL, body={"model": "nano-banana-2-lite-beta", "prompt": "p"})
        task = ei.Task(
            id=f"task-{n}", model="nano-banana-2-lite-beta", status=ei.TaskStatus.PENDING, credits_reserved=1.6
        )
        journal.submitted(key, task)
    journal.lost("task-0", BASE_URL, "task_not_found: gone", "task_not_found")
    total = journal.spending().total
    assert (total.tasks, total.lost_tasks, total.lost, total.held, total.settled) == (2, 1, 1.6, 1.6, 0)
    monkeypatch.setenv("EVOLINK_JOURNAL", str(path))
    monkeypatch.delenv("EVOLINK_BASE_URL", raising=False)
    code, out, _ = run(capsys, "history", "--since", "1d")
    assert code == 0
    assert "1.6 still held by 1 unsettled task(s), 1.6 reserved by 1 lost task(s) (charge unknown)" in out


# ------------------------------------------------------------------------------------------------ error_code
def old_journal(path: Path, rows: list[tuple[str, str | None]], batch_key: str | None = None) -> Path:
    """A journal as the version before error_code wrote it, one row per (state, error)."""
    assert "error_code" not in OLD_SCHEMA and "error_code" in _journal._SCHEMA
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        body = json.dumps({"model": "nano-banana-2-lite-beta", "prompt": "a fox"})
        for n, (row_state, error) in enumerate(rows):
            db.execute(
                "INSERT INTO requests (idempotency_key, batch_key, base_url, model, prompt, body, state, task_id,"
                " error, created_at, updated_at)"
                " VALUES (?, ?, ?, 'nano-banana-2-lite-beta', 'a fox', ?, ?, ?, ?, ?, ?)",
                (f"k-{n}-0123456789abcdef", batch_key, BASE_URL, body, row_state, f"task-{n}", error, n, n),
            )
    return path


def test_an_old_journal_gains_error_code_read_once_from_its_error_text(tmp_path: Path) -> None:
    rows = [
        ("failed", "content_policy_violation: refused"),
        ("cancelled", "None: no code"),
        ("failed", "service_error: try later"),
        ("downloaded", "timeout: a note, not a task's code"),
        ("submitted", None),
    ]
    path = old_journal(tmp_path / "old.sqlite3", rows)
    journal = ei.Journal(path)
    codes = [entry.error_code for entry in reversed(journal.entries())]
    assert codes == ["content_policy_violation", None, "service_error", None, None]
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE requests SET error = 'image_processing_error: x', error_code = NULL WHERE task_id = 'task-2'"
        )
    assert state(path, "task-2").error_code is None, "read once, when the column was added"
    assert journal.lost("task-4", BASE_URL, "task_not_found: gone", "task_not_found"), "an old journal takes lost rows"
    assert state(path, "task-4").state == "lost"


def batch_line(tmp_path: Path) -> tuple[_batch.BatchLine, str]:
    """One batch line, and its key in the journal for the output folder ``out``."""
    checked = _batch.check_batch(write(tmp_path / "b.jsonl", LINE_A))
    (line,) = list(checked)
    return line, line.batch_key((tmp_path / "out").absolute().resolve())


def resent(journal: ei.Journal, line: _batch.BatchLine, tmp_path: Path) -> bool:
    """Whether a rerun with --retry-failed would send *line* again."""
    ((_, send),) = _batch.sending(journal, [line], tmp_path / "out", retry_failed=True)
    return send


def test_retry_failed_reads_a_failed_lines_code_from_its_column(tmp_path: Path) -> None:
    line, batch_key = batch_line(tmp_path)
    path = old_journal(tmp_path / "old.sqlite3", [("failed", "content_policy_violation: refused")], batch_key)
    journal = ei.Journal(path)
    assert not resent(journal, line, tmp_path), "a moderation refusal is not sent again"
    with sqlite3.connect(path) as db:
        db.execute("UPDATE requests SET error = 'service_error: try later'")
    assert not resent(journal, line, tmp_path), "the column decides, not the text"


def test_companion_without_the_codes_read_at_migration_a_moderation_refusal_is_resent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_journal_migration, "_fill_error_codes", lambda db: None)
    line, batch_key = batch_line(tmp_path)
    path = old_journal(tmp_path / "old.sqlite3", [("failed", "content_policy_violation: refused")], batch_key)
    assert resent(ei.Journal(path), line, tmp_path)


def test_retry_lost_is_a_choice_of_its_own(tmp_path: Path) -> None:
    line, batch_key = batch_line(tmp_path)
    journal = ei.Journal(old_journal(tmp_path / "old.sqlite3", [("lost", "task_not_found: gone")], batch_key))
    flags = [
        send
        for options in ({}, {"retry_failed": "all"}, {"resubmit_ambiguous": True}, {"retry_lost": True})
        for _, send in _batch.sending(journal, [line], tmp_path / "out", **options)
    ]
    assert flags == [False, False, False, True]


def entry(**changes: object) -> ei.JournalEntry:
    fields: dict[str, object] = {
        "row_id": 1,
        "idempotency_key": "k-0123456789abcdef",
        "batch_key": None,
        "base_url": BASE_URL,
        "model": "gpt-image-2",
        "prompt": "a logo",
        "body": {"model": "gpt-image-2", "prompt": "a logo", "size": "1024x1024", "n": 2},
        "out_dir": "/home/me/its folder",
        "state": "lost",
        "task_id": TASK_ID,
        "results": [],
        "files": [],
        "credits_reserved": 1.0,
        "error": "task_not_found: gone",
        "created_at": 1.0,
        "updated_at": 1.0,
    }
    return ei.JournalEntry(**{**fields, **changes})  # type: ignore[arg-type]


def test_the_way_to_send_a_lost_request_again_goes_where_it_went() -> None:
    generate = resubmit_command(entry())
    assert shlex.split(generate) == [
        "evolink-images", "generate", "gpt-image-2", "a logo", "--param", 'size="1024x1024"', "--param", "n=2",
        "--out", "/home/me/its folder",
    ]  # fmt: skip
    assert resubmit_command(entry(), simulator=True) == generate + " --simulator", "never the paid API"
    batch = entry(batch_key="/home/me/shots|fox|0123456789abcdef")
    assert resubmit_command(batch) == "rerun its batch file with --out /home/me/shots --retry-lost"
    assert resubmit_command(batch, simulator=True).endswith("--retry-lost --simulator")
