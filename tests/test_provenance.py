"""Provenance travels with the file: PNG text chunks (pixels untouched), a sidecar otherwise, read back as it was."""

from __future__ import annotations

import asyncio
import io
import json
import struct
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _provenance
from evolink_images._png import embed_text, read_text
from evolink_images._provenance import parameters_text, provenance_record
from evolink_images._task import task_from_json
from evolink_images.simulator import AsyncSimulatorTransport, Simulator, SimulatorConfig, SimulatorTransport
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from tests.conftest import API_KEY, PNG, TASK_ID, completed_json

OURS = ("evolink", "parameters")
JPEG = b"\xff\xd8\xff\xe0" + bytes(60)
FILE_URL = "https://files.example.com/r/0"


@pytest.fixture
def simulator() -> Simulator:
    return Simulator(SimulatorConfig(duration=0.0))


@pytest.fixture
def sim_client(simulator: Simulator) -> ei.EvoLink:
    return ei.EvoLink(api_key=API_KEY, http_client=httpx.Client(transport=SimulatorTransport(simulator)))


def served(simulator: Simulator, url: str) -> bytes:
    """The bytes the simulator serves for *url*, fetched plainly."""
    with httpx.Client(transport=SimulatorTransport(simulator)) as http:
        return http.get(url).content


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks as (type, whole chunk bytes), parsed independently of the library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        found.append((data[offset + 4 : offset + 8], data[offset : offset + 12 + length]))
        offset += 12 + length
    return found


def itxt_keyword(whole_chunk: bytes) -> str:
    return whole_chunk[8:].split(b"\0", 1)[0].decode("latin-1")


def generate(client: ei.EvoLink, **params: Any) -> ei.Task:
    return client.generate("nano-banana", "a lighthouse at dawn", poll_interval=0.01, size="16:9", **params)


# --------------------------------------------------------------------------------------------------------- PNG
def test_a_saved_png_shows_its_provenance_in_pillow_and_keeps_the_served_pixels(
    sim_client: ei.EvoLink, simulator: Simulator, tmp_path: Path
) -> None:
    task = generate(sim_client)
    (path,) = sim_client.download(task, tmp_path)
    original, saved = served(simulator, task.results[0]), path.read_bytes()

    with Image.open(path) as image:
        record = json.loads(image.text["evolink"])
        assert image.text["parameters"].splitlines()[0] == "a lighthouse at dawn"
        assert image.text["Software"].startswith("evolink-images simulator"), "the served file's own chunks stay"
        pixels = image.tobytes()
    assert record["prompt"] == "a lighthouse at dawn" and record["task_id"] == task.id
    with Image.open(io.BytesIO(original)) as image:
        assert pixels == image.tobytes(), "the decoded image is what was served"

    ours, rest = chunks(saved)[1:3], chunks(saved)[:1] + chunks(saved)[3:]
    assert [(kind, itxt_keyword(whole)) for kind, whole in ours] == [(b"iTXt", keyword) for keyword in OURS]
    assert saved[:8] + b"".join(whole for _, whole in rest) == original, "every other byte is as served"
    assert not (tmp_path / f"{path.name}.json").exists(), "a PNG needs no sidecar"


def test_read_metadata_gives_back_what_was_sent_and_what_the_task_said(sim_client: ei.EvoLink, tmp_path: Path) -> None:
    task = generate(sim_client, idempotency_key="key-provenance-0001")
    (path,) = sim_client.download(task, tmp_path)
    metadata = ei.read_metadata(path)
    assert metadata is not None
    assert (metadata.task_id, metadata.model, metadata.prompt) == (task.id, task.model, "a lighthouse at dawn")
    sent = dict(task.request or {})
    assert sent.pop("prompt") == metadata.prompt and sent.pop("model")
    assert metadata.parameters == sent and metadata.parameters["size"] == "16:9", "the rest of the body, as sent"
    assert (metadata.created, metadata.credits_used, metadata.credits_reserved) == (
        task.created,
        task.credits_used,
        task.credits_reserved,
    )
    assert metadata.image_index == 0 and metadata.stored_in == "png"
    assert metadata.generator == f"evolink-images {ei.__version__}"
    assert metadata.source_url == task.results[0]


def test_the_opt_out_leaves_the_file_byte_identical_to_what_was_served(
    sim_client: ei.EvoLink, simulator: Simulator, tmp_path: Path
) -> None:
    task = generate(sim_client)
    (path,) = sim_client.download(task, tmp_path, metadata=False)
    assert path.read_bytes() == served(simulator, task.results[0])
    assert list(tmp_path.iterdir()) == [path], "and no sidecar"
    assert ei.read_metadata(path) is None


def test_the_async_client_records_it_too(simulator: Simulator, tmp_path: Path) -> None:
    async def run() -> tuple[ei.Task, list[Path]]:
        http = httpx.AsyncClient(transport=AsyncSimulatorTransport(simulator))
        async with ei.AsyncEvoLink(api_key=API_KEY, http_client=http) as client:
            task = await client.generate("nano-banana", "a red kite", poll_interval=0.01)
            return task, await client.download(task, tmp_path)

    task, (path,) = asyncio.run(run())
    metadata = ei.read_metadata(path)
    assert metadata is not None and (metadata.task_id, metadata.prompt) == (task.id, "a red kite")


@pytest.mark.parametrize(
    "prompt", ["猫が月を見ている", "a cat 🐈 — «quoted»", "line one\nline two", "ünïcödé, with: marks"]
)
def test_any_prompt_round_trips_through_the_png(sim_client: ei.EvoLink, tmp_path: Path, prompt: str) -> None:
    task = sim_client.generate("nano-banana", prompt, poll_interval=0.01)
    (path,) = sim_client.download(task, tmp_path)
    metadata = ei.read_metadata(path)
    assert metadata is not None and metadata.prompt == prompt
    with Image.open(path) as image:
        assert json.loads(image.text["evolink"])["prompt"] == prompt, "Pillow reads the UTF-8 text as well"


# ------------------------------------------------------------------------------------------- other formats
def test_any_other_format_gets_a_sidecar_and_keeps_its_bytes(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get(FILE_URL).respond(200, content=JPEG, headers={"content-type": "image/jpeg"})
    (path,) = client.download(task_from_json(completed_json(FILE_URL)), tmp_path)
    assert path.name == f"{TASK_ID}-0.jpg" and path.read_bytes() == JPEG
    sidecar = tmp_path / f"{TASK_ID}-0.jpg.json"
    assert json.loads(sidecar.read_text(encoding="utf-8"))["task_id"] == TASK_ID
    metadata = ei.read_metadata(path)
    assert metadata is not None and metadata.stored_in == "sidecar" and metadata.task_id == TASK_ID
    assert metadata.prompt is None, "a task known only by its id, with no journal: the request is not known"

    (again,) = client.download(task_from_json(completed_json(FILE_URL)), tmp_path / "plain", metadata=False)
    assert list((tmp_path / "plain").iterdir()) == [again], "no sidecar when opted out"


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\n" + bytes(64), b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + bytes(5)],
    ids=["signature-only", "no-header-chunk", "cut-header"],
)
def test_a_png_that_cannot_take_chunks_is_left_as_served_with_a_sidecar(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, content: bytes
) -> None:
    api.get(FILE_URL).respond(200, content=content, headers={"content-type": "image/png"})
    (path,) = client.download(task_from_json(completed_json(FILE_URL)), tmp_path)
    assert path.read_bytes() == content, "never rewritten"
    metadata = ei.read_metadata(path)
    assert metadata is not None and metadata.stored_in == "sidecar"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, f"{path.name}.json"], "no temporary file left"


# ---------------------------------------------------------------------------------------------- what it says
def test_urls_lose_their_tokens_and_the_key_is_nowhere(sim_client: ei.EvoLink, tmp_path: Path) -> None:
    task = sim_client.generate(
        "nano-banana",
        "edit this",
        image_urls=["https://bucket.example.com/ref.png?X-Amz-Signature=sig-secret"],
        callback_url="https://hooks.example.com/done?token=hook-secret",
        poll_interval=0.01,
    )
    (path,) = sim_client.download(task, tmp_path)
    metadata = ei.read_metadata(path)
    assert metadata is not None
    assert metadata.parameters["image_urls"] == ["https://bucket.example.com/ref.png"]
    assert metadata.parameters["callback_url"] == "https://hooks.example.com/done"
    saved = path.read_bytes()
    assert all(secret not in saved for secret in (b"sig-secret", b"hook-secret", API_KEY.encode()))


def test_the_token_check_bites(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the redaction the record would carry the token: the check above can fail."""
    task = task_from_json(completed_json(FILE_URL))
    request = {"prompt": "p", "callback_url": "https://hooks.example.com/done?token=hook-secret"}
    monkeypatch.setattr(_provenance, "_redacted", lambda value: value)
    assert "hook-secret" in json.dumps(provenance_record(task, request, index=0, url=FILE_URL))


def test_the_parameters_text_is_the_front_ends_form() -> None:
    task = task_from_json(completed_json(FILE_URL))
    request = {"model": "m", "prompt": "a cat\non a mat", "negative_prompt": "dogs", "size": "16:9", "n": 2}
    text = parameters_text(provenance_record(task, request, index=1, url=FILE_URL))
    prompt_1, prompt_2, negative, pairs = text.split("\n")
    assert (prompt_1, prompt_2, negative) == ("a cat", "on a mat", "Negative prompt: dogs")
    assert pairs.startswith(f'Model: {task.model}, size: "16:9", n: 2, Task: {TASK_ID}, Image: 1, Created: "')
    assert pairs.endswith(f"Generator: evolink-images {ei.__version__}")


# --------------------------------------------------------------------------------------- where it comes from
def test_a_task_known_by_id_gets_its_request_from_the_journal(simulator: Simulator, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"

    def client() -> ei.EvoLink:
        transport = SimulatorTransport(simulator)
        return ei.EvoLink(api_key=API_KEY, http_client=httpx.Client(transport=transport), journal=journal)

    with client() as first:
        task_id = first.submit("nano-banana", "from the journal", size="3:2").id
    with client() as second:  # another process, say: the task is known only by its id
        task = second.wait(task_id, poll_interval=0.01)
        assert task.request is None
        (path,) = second.download(task, tmp_path / "out")
    metadata = ei.read_metadata(path)
    assert metadata is not None and (metadata.prompt, metadata.parameters["size"]) == ("from the journal", "3:2")


def test_resume_records_the_journalled_request(simulator: Simulator, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    http = httpx.Client(transport=SimulatorTransport(simulator))
    with ei.EvoLink(api_key=API_KEY, http_client=http, journal=journal) as client:
        client.submit("nano-banana", "resumed later")
        (outcome,) = client.resume(tmp_path / "out", timeout=5)
    metadata = ei.read_metadata(outcome.files[0])
    assert metadata is not None and metadata.prompt == "resumed later"


def test_wait_keeps_the_request_the_task_was_created_with(sim_client: ei.EvoLink) -> None:
    task = generate(sim_client)
    assert task.request is not None and task.request["prompt"] == "a lighthouse at dawn"
    assert "request" not in repr(task), "a prompt may be private: not in a repr"


# ------------------------------------------------------------------------------------------------ the reader
def test_read_metadata_names_the_file_of_a_record_it_did_not_write(tmp_path: Path) -> None:
    foreign, broken = tmp_path / "foreign.png", tmp_path / "broken.png"
    for path, text in ((foreign, '{"prompt": "x"}'), (broken, "{not json")):
        with path.open("wb") as target:
            embed_text(io.BytesIO(PNG), target, [("evolink", text)])
    with pytest.raises(ValueError, match=r"foreign\.png: not a provenance record"):
        ei.read_metadata(foreign)
    with pytest.raises(ValueError, match=r"broken\.png: the provenance record is not JSON"):
        ei.read_metadata(broken)
    plain = tmp_path / "plain.png"
    plain.write_bytes(PNG)
    assert ei.read_metadata(plain) is None
    with pytest.raises(FileNotFoundError):
        ei.read_metadata(tmp_path / "missing.png")


@pytest.mark.parametrize("cut", [0, 5, 8, 20, 33, 40, len(PNG) - 1])
def test_reading_a_truncated_png_finds_nothing_and_never_raises(cut: int) -> None:
    assert read_text(io.BytesIO(PNG[:cut])) == {}


@given(
    entries=st.lists(
        st.tuples(
            st.text(st.characters(min_codepoint=32, max_codepoint=255), min_size=1, max_size=79),
            st.text(st.characters(blacklist_categories=("Cs",))),
        ),
        max_size=4,
        unique_by=lambda entry: entry[0],
    )
)
def test_any_text_round_trips_and_the_image_chunks_are_copied_as_they_are(entries: list[tuple[str, str]]) -> None:
    target = io.BytesIO()
    embed_text(io.BytesIO(PNG), target, entries)
    written = target.getvalue()
    assert read_text(io.BytesIO(written)) == dict(entries)
    kept = [whole for kind, whole in chunks(written) if kind != b"iTXt"]
    assert written[:8] + b"".join(kept) == PNG
