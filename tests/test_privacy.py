"""What a run leaves on disk and in memory is its owner's: private journal and result files, no tokens, no key in reprs.

Each guard has a companion that takes it away and shows the promise break: the modes turn world-readable, the
callback token lands in the PNG, the key shows in ``repr(vars(client))``.
"""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _http, _journal, _local_io, _provenance
from evolink_images._batch import BatchLine, BatchResult, LineResult, write_contact_sheet
from evolink_images._files import redact_url
from evolink_images._task import Task, TaskStatus
from evolink_images._validation import validate_request
from evolink_images.cli import main

from tests.conftest import API_KEY, CREATE, CREATED, PNG, TASK_ID, completed_json

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
JPEG = b"\xff\xd8\xff\xe0" + bytes(60)
FILES = "https://files.example.com"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common umask, whatever the test process was started with; restored afterwards."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


# ================================================================================================ the journal
def journal_modes(path: Path) -> dict[str, int]:
    """Open a journal at *path*, write a row, and read the modes of the folder, file, -wal and -shm (still open)."""
    journal = ei.Journal(path)
    try:
        journal.begin(idempotency_key="key-0123456789abcdef", base_url="https://x", body={"model": "m", "prompt": "p"})
        wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
        assert wal.exists() and shm.exists(), "a WAL journal has both while a connection is open"
        return {"folder": mode(path.parent), "file": mode(path), "wal": mode(wal), "shm": mode(shm)}
    finally:
        journal.close()


PRIVATE_JOURNAL = {"folder": 0o700, "file": 0o600, "wal": 0o600, "shm": 0o600}
ORDINARY_JOURNAL = {"folder": 0o755, "file": 0o644, "wal": 0o644, "shm": 0o644}


@POSIX_ONLY
def test_a_new_journal_in_a_new_folder_is_readable_by_its_owner_only(umask_022: None, tmp_path: Path) -> None:
    assert journal_modes(tmp_path / "new" / "journal.sqlite3") == PRIVATE_JOURNAL


@POSIX_ONLY
def test_without_private_creation_the_journal_is_world_readable(
    umask_022: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard taken away: the folder made the ordinary way, the file left to SQLite."""
    monkeypatch.setattr(_journal, "_create_privately", lambda path: path.parent.mkdir(parents=True, exist_ok=True))
    assert journal_modes(tmp_path / "new" / "journal.sqlite3") == ORDINARY_JOURNAL


@POSIX_ONLY
def test_only_the_journals_own_new_folder_is_made_private(umask_022: None, tmp_path: Path) -> None:
    """Folders above it that had to be made too are ordinary; existing folders are left as they are."""
    (tmp_path / "existing").mkdir(mode=0o755)
    journal_modes(tmp_path / "existing" / "journal.sqlite3")
    assert mode(tmp_path / "existing") == 0o755, "an existing folder is not changed"

    journal_modes(tmp_path / "above" / "own" / "journal.sqlite3")
    assert mode(tmp_path / "above") == 0o755
    assert mode(tmp_path / "above" / "own") == 0o700


@POSIX_ONLY
def test_an_existing_journal_keeps_its_mode(umask_022: None, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    ei.Journal(path).close()
    path.chmod(0o640)
    modes = journal_modes(path)
    assert modes["file"] == 0o640, "the owner's choice for an existing file stands"


@POSIX_ONLY
def test_the_cli_journal_is_private(
    umask_022: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's 'done when': a journal the CLI creates is 0600."""
    monkeypatch.setenv("EVOLINK_SIMULATOR_SPEED", "100")
    journal, out = tmp_path / "state" / "journal.sqlite3", tmp_path / "out"
    argv = ["generate", "nano-banana", "a cat", "--simulator", "--journal", str(journal), "--out", str(out)]
    code = main([*argv, "--poll-interval", "0.05"])
    assert code == 0, capsys.readouterr().err
    assert mode(journal) == 0o600
    assert mode(journal.parent) == 0o700
    reader = ei.Journal(journal)
    try:
        assert [entry.prompt for entry in reader.entries()] == ["a cat"], "it is the journal the run wrote"
    finally:
        reader.close()


# ======================================================================================== files with a prompt
def download_one(client: ei.EvoLink, api: respx.MockRouter, dest: Path, content: bytes, **options: Any) -> list[Path]:
    """Submit, wait and download one result of *content*: the task carries its request, as in real use."""
    api.post(CREATE).respond(200, json=CREATED)
    api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json(f"{FILES}/r/0"))
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    api.get(f"{FILES}/r/0").respond(200, content=content, headers={"content-type": kind})
    task = client.wait(client.submit("nano-banana", "a secret cat"))
    return client.download(task, dest, **options)


@POSIX_ONLY
def test_a_png_saved_with_its_record_is_private(
    umask_022: None, client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    (path,) = download_one(client, api, tmp_path, PNG)
    assert b"a secret cat" in path.read_bytes(), "it holds the prompt"
    assert mode(path) == 0o600


@POSIX_ONLY
def test_a_non_png_and_its_sidecar_are_private(
    umask_022: None, client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    (path,) = download_one(client, api, tmp_path, JPEG)
    sidecar = path.with_name(path.name + ".json")
    assert "a secret cat" in sidecar.read_text(encoding="utf-8")
    assert (mode(path), mode(sidecar)) == (0o600, 0o600)


@POSIX_ONLY
@pytest.mark.parametrize("content", [PNG, JPEG], ids=["png", "jpeg"])
def test_a_result_saved_without_its_record_has_the_ordinary_mode(
    umask_022: None, client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, content: bytes
) -> None:
    (path,) = download_one(client, api, tmp_path, content, metadata=False)
    assert mode(path) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no sidecar"


@POSIX_ONLY
@pytest.mark.parametrize("content", [PNG, JPEG], ids=["png", "jpeg"])
def test_without_the_private_mode_files_with_a_prompt_are_world_readable(
    umask_022: None,
    client: ei.EvoLink,
    api: respx.MockRouter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
) -> None:
    """The guard taken away: every file created with the ordinary mode, whatever mode was asked for."""
    create: Callable[..., Any] = _local_io._create
    monkeypatch.setattr(
        _local_io, "_create", lambda path, mode=0, *, exclusive=True: create(path, 0o666, exclusive=exclusive)
    )
    (path,) = download_one(client, api, tmp_path, content)
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == dict.fromkeys(
        [path.name] + ([] if content == PNG else [path.name + ".json"]), 0o644
    )


@POSIX_ONLY
def test_the_contact_sheet_holds_prompts_and_is_private(umask_022: None, tmp_path: Path) -> None:
    line = BatchLine(1, "fox", validate_request("nano-banana", "a secret fox", {}))
    task = Task(id="task-1", model="nano-banana", status=TaskStatus.COMPLETED)
    sheet = write_contact_sheet(BatchResult([LineResult(line, "done", task, (tmp_path / "fox-0.png",), "")]), tmp_path)
    assert "a secret fox" in sheet.read_text(encoding="utf-8")
    assert mode(sheet) == 0o600, f"index.html holds every prompt of the batch, yet is {mode(sheet):#o}"


# ================================================================================== no tokens in provenance
CALLBACK = "HTTPS://hooks.example.com/x?token=SECRET"
REFERENCES = [
    "https://user:PASSWORDpw@example.com/a.png?sig=SECRET",
    "HTTPS://user:PASSWORDpw@Example.com/b.png?sig=SECRET",
]
SIGNED = "https://user:PASSWORDpw@files.example.com/r/{}.{}?sig=SECRET"


def save_with_secrets(client: ei.EvoLink, api: respx.MockRouter, dest: Path) -> list[Path]:
    """A request whose callback and reference URLs carry tokens and credentials, and results at signed URLs."""
    api.post(CREATE).respond(200, json=CREATED)
    api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json(SIGNED.format(0, "png"), SIGNED.format(1, "jpg")))
    api.get(host="files.example.com", path="/r/0.png").respond(200, content=PNG, headers={"content-type": "image/png"})
    api.get(host="files.example.com", path="/r/1.jpg").respond(
        200, content=JPEG, headers={"content-type": "image/jpeg"}
    )
    task = client.wait(client.submit("nano-banana", "a cat", callback_url=CALLBACK, image_urls=REFERENCES))
    assert task.request is not None and task.request["callback_url"] == CALLBACK, "sent as given"
    return client.download(task, dest)


def leaks(dest: Path, paths: list[Path]) -> list[str]:
    """Where a token or password shows: in any file's bytes, or in what read_metadata returns."""
    found = [
        f"bytes of {p.name}"
        for p in sorted(dest.iterdir())
        if b"SECRET" in p.read_bytes() or b"PASSWORD" in p.read_bytes()
    ]
    for path in paths:
        record = ei.read_metadata(path)
        assert record is not None
        text = f"{record!r} {record.raw!r}"
        found += [f"read_metadata({path.name})"] if "SECRET" in text or "PASSWORD" in text else []
    return found


def test_provenance_keeps_no_token_or_credential_in_any_case(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    paths = save_with_secrets(client, api, tmp_path)
    assert leaks(tmp_path, paths) == []
    record = ei.read_metadata(paths[0])
    assert record is not None
    # The URL stays, less its query and credentials (urlsplit spells the scheme in lower case).
    assert record.parameters["callback_url"] == "https://hooks.example.com/x"
    assert record.parameters["image_urls"] == ["https://example.com/a.png", "https://Example.com/b.png"]
    assert record.source_url == "https://files.example.com/r/0.png"


def _lower_case_only(value: Any) -> Any:
    """The redaction before the fix: only URLs spelt with a lower-case ``http://`` or ``https://``."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return redact_url(value)
    if isinstance(value, dict):
        return {key: _lower_case_only(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower_case_only(item) for item in value]
    return value


def test_without_case_blind_redaction_the_callback_token_lands_in_the_file(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_provenance, "_redacted", _lower_case_only)
    paths = save_with_secrets(client, api, tmp_path)
    assert b"token=SECRET" in paths[0].read_bytes()
    assert b"PASSWORDpw@Example.com" in paths[0].read_bytes()
    assert {"bytes of " + paths[0].name, f"read_metadata({paths[1].name})"} <= set(leaks(tmp_path, paths))


# ============================================================================================ no key in a repr
def key_shows(client: ei.EvoLink | ei.AsyncEvoLink) -> list[str]:
    """Which of the client's reprs show the key."""
    shown = {
        "repr(vars(client))": repr(vars(client)),
        "repr(client._api)": repr(client._api),
        "repr(client)": repr(client),
    }
    return [name for name, text in shown.items() if API_KEY in text]


def test_no_repr_of_either_client_shows_the_key(client: ei.EvoLink, async_client: ei.AsyncEvoLink) -> None:
    assert key_shows(client) == []
    assert key_shows(async_client) == []
    assert isinstance(client._api.token, _http.HiddenKey)
    assert isinstance(async_client._api.token, _http.HiddenKey)


def test_the_hidden_key_is_still_sent_as_the_key(
    client: ei.EvoLink, async_client: ei.AsyncEvoLink, api: respx.MockRouter
) -> None:
    route = api.post(CREATE).respond(200, json=CREATED)
    client.submit("nano-banana", "a cat")
    assert route.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"
    asyncio.run(async_client.submit("nano-banana", "a cat"))
    assert route.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"
    assert route.call_count == 2


@pytest.mark.parametrize("client_class", [ei.EvoLink, ei.AsyncEvoLink])
def test_without_the_hidden_key_the_key_shows_in_the_clients_vars(
    monkeypatch: pytest.MonkeyPatch, api: respx.MockRouter, client_class: type[ei.EvoLink] | type[ei.AsyncEvoLink]
) -> None:
    monkeypatch.setattr(_http, "HiddenKey", str)
    http: httpx.Client | httpx.AsyncClient = (
        httpx.Client(transport=httpx.MockTransport(api.handler))
        if client_class is ei.EvoLink
        else httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
    )
    evolink = client_class(api_key=API_KEY, http_client=http)  # type: ignore[arg-type]
    assert {"repr(vars(client))", "repr(client._api)"} <= set(key_shows(evolink))
    with pytest.raises(AssertionError):
        assert key_shows(evolink) == []
