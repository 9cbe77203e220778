"""The engine by hand: no HTTP, no files, no SQLite, no clock. Send an effect's result in, throw an error in, and
look at the next effect, the way h11 tests its protocol.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import attrs
import evolink_images as ei
import httpx
import pytest
from evolink_images._downloads import download
from evolink_images._effects import (
    Context,
    EmbedText,
    Fetch,
    FetchResult,
    Instant,
    JournalCall,
    MakeDir,
    Notify,
    Now,
    Remove,
    RemoveStale,
    Rename,
    Send,
    Sleep,
    WriteText,
)
from evolink_images._requests import Submission, get_task, submit
from evolink_images._resume import resume
from evolink_images._task import Task, TaskStatus
from evolink_images._validation import validate_request
from evolink_images._waiting import wait

from tests.conftest import CREATED, TASK_ID, completed_json, task_json

BASE = "https://api.evolink.ai"
PLAIN = Context(base_url=BASE, max_retries=2)
JOURNALLED = Context(base_url=BASE, max_retries=2, journalled=True)
ENGINE = Path(__file__).resolve().parent.parent / "wrapper" / "evolink_images"


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers, request=httpx.Request("GET", BASE))


def finish(steps: Any, value: Any = None) -> Any:
    """Send *value* in and return what the operation returns; fail if it yields another effect."""
    try:
        effect = steps.send(value)
    except StopIteration as stop:
        return stop.value
    pytest.fail(f"expected the operation to end, it asked for {effect!r}")


def submission() -> Submission:
    return Submission(validate_request("nano-banana", "a lighthouse", {}), idempotency_key="key-0123456789abcdef")


# ---------------------------------------------------------------------------------------------------- create
def test_a_journalled_create_writes_its_row_as_it_leaves_then_records_the_task() -> None:
    steps = submit(JOURNALLED, submission())
    send = next(steps)
    assert isinstance(send, Send)
    assert send.request["url"] == f"{BASE}/v1/images/generations"
    # nano-banana is sent as nano-banana-2-lite-beta since the docs of 2026-10 (D17).
    assert send.request["json"] == {"model": "nano-banana-2-lite-beta", "prompt": "a lighthouse"}
    assert send.journal == JournalCall(
        "begin",
        {"idempotency_key": "key-0123456789abcdef", "base_url": BASE, "body": send.request["json"],
         "batch_key": None, "out_dir": None},
    )  # fmt: skip
    assert steps.send(answer(200, CREATED)) == Now()
    recorded = steps.send(Instant(monotonic=50.0, unix=1757165031.0))
    assert recorded.method == "submitted" and recorded.arguments["task"].id == TASK_ID
    task = finish(steps)
    assert (task.id, task.started_at) == (TASK_ID, 50.0)


def test_a_create_that_never_connected_is_sent_again_without_a_second_row() -> None:
    steps = submit(JOURNALLED, submission())
    first = next(steps)
    assert first.journal is not None
    pause = steps.throw(httpx.ConnectError("refused"))
    assert isinstance(pause, Sleep) and pause.seconds > 0
    again = steps.send(None)
    assert isinstance(again, Send) and again.journal is None
    assert again.request == first.request


def test_a_create_whose_fate_is_unknown_is_never_resent_and_the_row_says_so() -> None:
    steps = submit(JOURNALLED, submission())
    next(steps)
    noted = steps.throw(httpx.ReadTimeout("no answer"))
    assert noted.method == "unknown_outcome"
    assert noted.arguments["idempotency_key"] == "key-0123456789abcdef"
    with pytest.raises(ei.APITimeoutError) as caught:
        steps.send(None)
    assert caught.value.outcome_unknown and caught.value.idempotency_key == "key-0123456789abcdef"


def test_without_a_journal_no_journal_effect_is_asked_for() -> None:
    steps = submit(PLAIN, submission())
    assert next(steps).journal is None
    with pytest.raises(ei.APIConnectionError):
        steps.throw(httpx.RemoteProtocolError("dropped"))


def test_a_429_on_create_waits_as_asked_then_sends_again() -> None:
    steps = submit(PLAIN, submission())
    next(steps)
    pause = steps.send(answer(429, {"error": {"code": "rate_limit_exceeded", "message": "m"}}, {"retry-after": "3"}))
    assert pause == Sleep(3.0)
    assert isinstance(steps.send(None), Send)


def test_a_rejected_create_is_journalled_as_rejected_and_raised() -> None:
    steps = submit(JOURNALLED, submission())
    next(steps)
    noted = steps.send(answer(400, {"error": {"code": "invalid_request", "message": "bad size"}}))
    assert noted.method == "rejected"
    with pytest.raises(ei.BadRequestError, match="bad size"):
        steps.send(None)


# ---------------------------------------------------------------------------------------------------- reads
def test_a_read_retries_a_dropped_connection_and_a_503() -> None:
    steps = get_task(PLAIN, TASK_ID)
    assert next(steps).request == {"method": "get", "url": f"{BASE}/v1/tasks/{TASK_ID}", "follow_redirects": False}
    assert isinstance(steps.throw(httpx.ReadError("reset")), Sleep)
    assert isinstance(steps.send(None), Send)
    assert isinstance(steps.send(answer(503, {"error": {"code": "busy", "message": "m"}}, {"retry-after": "1"})), Sleep)
    assert isinstance(steps.send(None), Send)
    assert finish(steps, answer(200, task_json(status="processing", progress=40))).progress == 40


# ---------------------------------------------------------------------------------------------------- wait
def test_wait_polls_on_its_schedule_reports_progress_and_journals_the_end() -> None:
    seen: list[Task] = []
    steps = wait(JOURNALLED, TASK_ID, timeout=100.0, poll_interval=None, on_progress=seen.append)
    assert next(steps) == Now()  # the deadline
    assert steps.send(Instant(0.0, 1757165031.0)) == Now()
    first_poll = steps.send(Instant(0.0, 1757165031.0))
    assert isinstance(first_poll, Send), "a bare id is fetched at once"
    assert steps.send(answer(200, task_json(status="processing", progress=50))) == Now()  # when it started
    notify = steps.send(Instant(5.0, 1757165036.0))
    assert isinstance(notify, Notify) and notify.task.progress == 50
    assert steps.send(None) == Now()
    pause = steps.send(Instant(5.0, 1757165036.0))
    assert isinstance(pause, Sleep) and 0 < pause.seconds <= 20
    assert isinstance(steps.send(None), Send)
    assert isinstance(steps.send(answer(200, completed_json())), Notify)
    finished = steps.send(None)
    assert finished.method == "finished" and finished.arguments["task"].status == "completed"
    assert finish(steps).status == "completed"


def test_wait_gives_up_at_its_deadline_naming_the_task() -> None:
    steps = wait(PLAIN, ei.Task(id=TASK_ID, model="m", status=TaskStatus.PROCESSING), timeout=10.0,
                 poll_interval=2.0, on_progress=None)  # fmt: skip
    assert next(steps) == Now()  # the deadline: 10 s from now
    assert steps.send(Instant(0.0, 1.0)) == Now()  # the loop's reading
    with pytest.raises(ei.TaskTimeoutError) as caught:
        steps.send(Instant(10.5, 11.5))
    assert caught.value.task_id == TASK_ID


def test_a_transient_failure_while_waiting_is_waited_through() -> None:
    steps = wait(PLAIN, TASK_ID, timeout=100.0, poll_interval=1.0, on_progress=None)
    next(steps)
    steps.send(Instant(0.0, 0.0))
    steps.send(Instant(0.0, 0.0))  # the first poll
    for _ in range(PLAIN.max_retries):  # the read's own retries
        assert isinstance(steps.throw(httpx.ConnectError("down")), Sleep)
        assert isinstance(steps.send(None), Send)
    after = steps.throw(httpx.ConnectError("still down"))
    assert after == Now(), "the poll failed; wait goes on rather than raising"


# ---------------------------------------------------------------------------------------------------- download
def completed(*urls: str) -> Task:
    return Task(id=TASK_ID, model="m", status=TaskStatus.COMPLETED, progress=100, results=list(urls))


def test_a_download_is_a_folder_a_fetch_and_a_rename(tmp_path: Path) -> None:
    steps = download(JOURNALLED, completed("https://files.example.com/a.png?sig=1"), tmp_path, metadata=False)
    assert next(steps) == MakeDir(tmp_path)
    sweep = steps.send(None)
    assert sweep == RemoveStale(tmp_path.resolve(), f".{TASK_ID}-0.*.part")
    fetch = steps.send(None)
    assert isinstance(fetch, Fetch) and fetch.url == "https://files.example.com/a.png?sig=1"
    assert fetch.path.parent == tmp_path.resolve() and fetch.path.name.endswith(".part")
    rename = steps.send(FetchResult(200, {"content-type": "image/png"}, size=70, head=b"\x89PNG"))
    assert rename == Rename(fetch.path, tmp_path.resolve() / f"{TASK_ID}-0.png")
    recorded = steps.send(None)
    assert recorded.method == "downloaded" and recorded.arguments["files"] == [rename.target]
    assert finish(steps) == [rename.target]
    assert list(tmp_path.iterdir()) == [], "the engine touched nothing on disk"


def test_a_png_gets_its_record_before_the_rename_and_another_format_after(tmp_path: Path) -> None:
    known = attrs.evolve(
        completed("https://files.example.com/a", "https://files.example.com/b"), request={"prompt": "p"}
    )
    steps = download(PLAIN, known, tmp_path)
    next(steps), steps.send(None)
    fetch = steps.send(None)
    embed = steps.send(FetchResult(200, {"content-type": "image/png"}, size=70, head=b"\x89PNG\r\n\x1a\n"))
    assert isinstance(embed, EmbedText) and embed.path == fetch.path, "into the part file, before it is in place"
    assert '"prompt": "p"' in dict(embed.entries)["evolink"]
    assert steps.send(True) == Rename(fetch.path, tmp_path.resolve() / f"{TASK_ID}-0.png")
    steps.send(None)  # the next result's sweep
    fetch = steps.send(None)
    rename = steps.send(FetchResult(200, {"content-type": "image/jpeg"}, size=70, head=b"\xff\xd8\xff"))
    assert rename == Rename(fetch.path, tmp_path.resolve() / f"{TASK_ID}-1.jpg")
    sidecar = steps.send(None)
    assert isinstance(sidecar, WriteText) and sidecar.path == tmp_path.resolve() / f"{TASK_ID}-1.jpg.json"
    assert len(finish(steps)) == 2


def test_a_png_that_refuses_the_chunks_gets_a_sidecar(tmp_path: Path) -> None:
    steps = download(PLAIN, completed("https://files.example.com/a"), tmp_path)
    next(steps), steps.send(None)
    steps.send(None)
    assert isinstance(steps.send(FetchResult(200, {}, size=8, head=b"\x89PNG\r\n\x1a\n")), EmbedText)
    assert isinstance(steps.send(False), Rename)
    assert isinstance(steps.send(None), WriteText)


def test_a_task_without_its_request_asks_the_journal_once(tmp_path: Path) -> None:
    steps = download(JOURNALLED, completed("https://files.example.com/a"), tmp_path)
    assert next(steps) == JournalCall("by_task_id", {"task_id": TASK_ID})
    assert steps.send(None) == MakeDir(tmp_path), "no journal row: saved with what the task says"
    known = attrs.evolve(completed("https://files.example.com/a"), request={"prompt": "p"})
    assert next(download(JOURNALLED, known, tmp_path)) == MakeDir(tmp_path), "a known request needs no lookup"


def test_an_expired_result_removes_the_part_file_and_notes_the_error(tmp_path: Path) -> None:
    steps = download(JOURNALLED, completed("https://files.example.com/a.png"), tmp_path, metadata=False)
    next(steps), steps.send(None)
    fetch = steps.send(None)
    cleanup = steps.send(FetchResult(403, {"content-type": "text/plain"}))
    assert cleanup == Remove(fetch.path)
    noted = steps.send(None)
    assert noted.method == "note_error" and "expired" in noted.arguments["error"]
    with pytest.raises(ei.DownloadError):
        steps.send(None)


def test_an_interrupted_download_still_removes_its_part_file(tmp_path: Path) -> None:
    steps = download(PLAIN, completed("https://files.example.com/a.png"), tmp_path)
    next(steps), steps.send(None)
    fetch = steps.send(None)
    assert steps.throw(KeyboardInterrupt()) == Remove(fetch.path)
    with pytest.raises(KeyboardInterrupt):
        steps.send(None)


def test_a_redirect_is_followed_only_to_http() -> None:
    steps = download(PLAIN, completed("https://files.example.com/a.png"), Path("out"))
    next(steps), steps.send(None)
    steps.send(None)
    second = steps.send(FetchResult(302, {"location": "https://cdn.example.com/b.png"}))
    assert isinstance(second, Fetch) and second.url == "https://cdn.example.com/b.png"
    assert isinstance(steps.send(FetchResult(302, {"location": "file:///etc/passwd"})), Remove)
    with pytest.raises(ei.DownloadError, match="not http"):
        steps.send(None)


# ---------------------------------------------------------------------------------------------------- resume
def test_resume_reads_the_journal_through_an_effect() -> None:
    steps = resume(JOURNALLED, None, timeout=1.0)
    assert next(steps) == JournalCall("unfinished", {"base_url": BASE})
    assert finish(steps, []) == []


def test_resume_without_a_journal_says_so() -> None:
    with pytest.raises(ei.EvoLinkError, match="needs a journal"):
        next(resume(PLAIN, None, timeout=1.0))


# ---------------------------------------------------------------------------------------------------- no I/O
ENGINE_MODULES = ("_effects.py", "_requests.py", "_waiting.py", "_downloads.py", "_resume.py", "_provenance.py",
                  "_uploads.py", "_sending.py", "_files_responses.py", "_lost.py")  # fmt: skip
IO_MODULES = {"os", "sqlite3", "shutil", "socket", "asyncio", "threading", "subprocess", "io", "tempfile"}
IO_CALLS = {"open", "mkdir", "unlink", "glob", "rename", "replace", "write_text", "write_bytes", "read_text",
            "read_bytes", "time", "monotonic", "sleep", "request", "stream", "execute", "clock",
            # the journal's methods: the engine asks for them with JournalCall, never calls them
            "begin", "submitted", "rejected", "unknown_outcome", "finished", "downloaded", "note_error", "lost",
            "unfinished", "entries", "by_batch_key", "by_task_id", "set_out_dir",
            # the uploads' store: asked for with ClaimUpload, ReleaseUpload and KnownUploads
            "find_upload", "record_upload", "uploads_for"}  # fmt: skip


def io_in(source: str) -> set[str]:
    """The I/O modules a module imports and the I/O-like calls it makes."""
    tree = ast.parse(source)
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    calls = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    return (imported & IO_MODULES) | (calls & IO_CALLS)


@pytest.mark.parametrize("name", ENGINE_MODULES)
def test_the_engine_modules_do_no_io(name: str) -> None:
    assert io_in((ENGINE / name).read_text(encoding="utf-8")) == set()


def test_the_io_scan_finds_io() -> None:
    """The scan bites: what the engine did before it was I/O-free is found."""
    before = """
import os
def wait(ctx, task):
    deadline = ctx.clock() + 10
    ctx.journal.finished(task)
    os.replace(part, final)
    dest_dir.mkdir(parents=True)
    return time.time()
"""
    assert io_in(before) == {"os", "clock", "finished", "replace", "mkdir", "time"}
