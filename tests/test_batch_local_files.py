"""Batches whose lines name local files, and the journal's table of uploads."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _journal
from evolink_images._batch import read_batch, run_batch

from tests.conftest import API_KEY, CREATE, PNG, completed_json, task_json
from tests.files_service import serve_uploads

RESULT = "https://files.example.com/r/0.png"


def write_lines(path: Path, lines: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def logo_batch(folder: Path, count: int) -> Path:
    (folder / "refs").mkdir(parents=True, exist_ok=True)
    (folder / "refs" / "logo.png").write_bytes(PNG)
    lines = [{"model": "nano-banana", "prompt": f"poster {n}", "params": {"image_urls": ["refs/logo.png"]},
              "key": f"poster-{n:03d}"} for n in range(count)]  # fmt: skip
    return write_lines(folder / "batch.jsonl", lines)


def test_a_line_names_local_files_relative_to_the_batch_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = logo_batch(tmp_path / "job", 1)
    monkeypatch.chdir(tmp_path)  # elsewhere: the batch's folder, not the working one, anchors the names
    (line,), errors = read_batch(batch)
    assert errors == []
    (image,) = line.images.values()
    assert image.path == tmp_path / "job" / "refs" / "logo.png" and image.name == "logo.png"
    assert line.request.body["image_urls"] == list(line.images)


def test_a_missing_or_unfit_file_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    batch = write_lines(tmp_path / "b.jsonl", [
        {"model": "nano-banana", "prompt": "a", "params": {"image_urls": ["gone.png"]}},
        {"model": "nano-banana", "prompt": "b", "params": {"image_urls": ["./notes.txt"]}},
        {"model": "nano-banana", "prompt": "c", "params": {"image_urls": ["https://example.com/ok.png"]}},
        {"model": "nano-banana", "prompt": "refs/logo.png"},
    ])  # fmt: skip
    lines, errors = read_batch(batch)
    assert [line.number for line in lines] == [3, 4], "a string where no image goes is no file"
    assert errors[0].startswith("line 1: image_urls[0]=") and f"no such file ({tmp_path / 'gone.png'})" in errors[0]
    assert errors[1].startswith("line 2: ") and "is a text file" in errors[1]


def test_a_lines_identity_is_its_files_content_not_its_upload(tmp_path: Path) -> None:
    """A rerun after the upload expired is the same line; a changed file is a new one."""
    batch = logo_batch(tmp_path, 1)
    (before,), _ = read_batch(batch)
    (again,), _ = read_batch(batch)
    (tmp_path / "refs" / "logo.png").write_bytes(PNG + b"changed")
    (changed,), _ = read_batch(batch)
    assert before.fingerprint == again.fingerprint != changed.fingerprint


def _serve_tasks(api: respx.MockRouter) -> respx.Route:
    create = api.post(CREATE).respond(200, json={**completed_json(RESULT), "model": "nano-banana-2-lite-beta"})
    api.get(RESULT).respond(200, content=PNG, headers={"content-type": "image/png"})
    return create


def _run(api: respx.MockRouter, batch: Path, out: Path, journal: Path, concurrency: int = 8) -> ei.Journal:
    lines, errors = read_batch(batch)
    assert errors == []
    http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))

    async def run() -> None:
        client = ei.AsyncEvoLink(api_key=API_KEY, http_client=http, journal=journal)
        result = await run_batch(client, lines, out, concurrency=concurrency)
        assert result.count("done") + result.count("skipped") == len(lines), [r.message for r in result.results]

    asyncio.run(run())
    return ei.Journal(journal)


def test_500_lines_that_share_one_logo_upload_it_once_and_a_rerun_uploads_nothing(
    api: respx.MockRouter, tmp_path: Path
) -> None:
    uploads, upload = serve_uploads(api)

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        return uploads(request)

    upload.mock(side_effect=slow)
    create = _serve_tasks(api)
    batch = logo_batch(tmp_path, 500)
    _run(api, batch, tmp_path / "out", tmp_path / "j.sqlite3")
    assert upload.call_count == 1 and create.call_count == 500
    assert {json.loads(call.request.content)["image_urls"][0] for call in create.calls} == {uploads.urls[0]}
    _run(api, batch, tmp_path / "out", tmp_path / "j.sqlite3")
    assert (upload.call_count, create.call_count) == (1, 500), "the rerun finds every line done"


def test_lines_sent_again_within_the_window_upload_nothing(api: respx.MockRouter, tmp_path: Path) -> None:
    _, upload = serve_uploads(api)
    _serve_tasks(api)
    batch = logo_batch(tmp_path, 3)
    _run(api, batch, tmp_path / "a", tmp_path / "j.sqlite3")
    _run(api, batch, tmp_path / "b", tmp_path / "j.sqlite3")  # another output folder: new lines, same logo
    assert upload.call_count == 1


# ---------------------------------------------------------------------------------------------------- the journal
# The journal as it was before uploads: the requests table only.
BEFORE_UPLOADS = _journal._SCHEMA.partition("CREATE TABLE IF NOT EXISTS uploads")[0]


def test_an_older_journal_gains_the_uploads_table_and_keeps_its_rows(api: respx.MockRouter, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(BEFORE_UPLOADS)
        db.execute(
            "INSERT INTO requests (idempotency_key, base_url, model, prompt, body, state, created_at, updated_at)"
            " VALUES ('k-old-0123456789abcdef', 'https://api.evolink.ai', 'm', 'p', '{}', 'submitted', 1, 1)"
        )
    os.chmod(path, 0o600)
    serve_uploads(api)
    client = ei.EvoLink(api_key=API_KEY, http_client=httpx.Client(transport=httpx.MockTransport(api.handler)),
                        journal=path)  # fmt: skip
    uploaded = client.upload(PNG)
    journal = ei.Journal(path)
    assert [entry.idempotency_key for entry in journal.entries()] == ["k-old-0123456789abcdef"]
    assert journal.uploads_for([uploaded.url]) == [uploaded]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600, "the uploads live in the private journal file"


def test_without_the_table_a_local_image_cannot_be_sent(
    api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: opening a journal is what adds the table; without it, a request with a local image cannot be
    sent (the journal fails before anything leaves, as it does for a create)."""
    monkeypatch.setattr(_journal, "_SCHEMA", BEFORE_UPLOADS)
    _, upload = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=task_json())
    client = ei.EvoLink(api_key=API_KEY, http_client=httpx.Client(transport=httpx.MockTransport(api.handler)),
                        journal=tmp_path / "j.sqlite3")  # fmt: skip
    with pytest.raises(ei.JournalError, match="no such table: uploads"):
        client.submit("nano-banana", "x", image_urls=[PNG])
    assert (upload.call_count, create.call_count) == (0, 0)
