"""Local images wherever a model takes an image: checked with the request, uploaded first, each content once."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _references
from evolink_images._upload_ledger import AsyncUploadLedger, MemoryUploads, UploadLedger

from tests.conftest import API_KEY, CREATE, CREATED, PNG, TASK_ID, completed_json, task_json
from tests.examples import grid_of
from tests.files_service import UPLOAD, envelope, serve_uploads

SHA = hashlib.sha256(PNG).hexdigest()
OTHER_PNG = PNG[:-12] + bytes(12)  # another content (a broken IEND is still a PNG by its first bytes)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(PNG)
    return path


def body_of(route: respx.Route, index: int = -1) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(route.calls[index].request.content)
    return body


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.write(PNG)
        file.truncate(size)
    return path


# ---------------------------------------------------------------------------------------------------- where
def test_the_catalogue_knows_every_field_that_takes_an_image() -> None:
    """The image rule marks image_urls' items and every mask URL, and nothing else (callback_url is not one)."""
    found = {path for model in ei.presets.values() for path in _references.image_fields(model)}
    assert found == {"image_urls[]", "mask_url", "model_params.mask.url"}
    assert len([m for m in ei.presets.values() if "image_urls[]" in _references.image_fields(m)]) == 35
    assert _references.image_fields(ei.presets["gpt-image-2"]) == ["image_urls[]", "mask_url"]
    assert _references.image_fields(ei.presets["mj-v7-inpaint"]) == ["model_params.mask.url"]


@pytest.mark.parametrize("kind", ["path", "bytes", "file object"])
def test_a_local_image_is_uploaded_first_and_its_url_sent(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path, kind: str
) -> None:
    uploads, upload = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=CREATED)
    source: Any = {"path": photo, "bytes": PNG, "file object": io.BytesIO(PNG)}[kind]
    task = client.submit("nano-banana", "make it night", image_urls=[source, "https://example.com/b.png"])
    assert body_of(create)["image_urls"] == [uploads.urls[0], "https://example.com/b.png"]
    assert task.request is not None and task.request["image_urls"][0] == uploads.urls[0]
    assert api.calls[0].request.url == UPLOAD and api.calls[1].request.url.path == CREATE, "the upload first"
    assert upload.call_count == 1 and create.call_count == 1


def test_a_mask_is_uploaded_too(client: ei.EvoLink, api: respx.MockRouter, photo: Path, tmp_path: Path) -> None:
    uploads, _ = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=task_json(model="gpt-image-2"))
    mask = tmp_path / "mask.png"
    mask.write_bytes(OTHER_PNG)
    client.submit("gpt-image-2", "a cat on the sofa", image_urls=[photo], mask_url=mask)
    body = body_of(create)
    assert (body["image_urls"], body["mask_url"]) == ([uploads.urls[0]], uploads.urls[1])
    assert [name for name, _ in uploads.received] == ["photo.png", "mask.png"]


def test_a_midjourney_follow_up_takes_a_local_mask(client: ei.EvoLink, api: respx.MockRouter, photo: Path) -> None:
    uploads, _ = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=task_json(model="mj-v7-inpaint"))
    parent = ei.Task(id="task-unified-1-parent", model=grid_of("mj-v7").id, status=ei.TaskStatus.COMPLETED,
                     progress=100)  # fmt: skip
    client.follow_up(parent, "inpaint", image_number=1, mask={"url": photo})
    assert body_of(create)["model_params"] == {
        "task_id": parent.id,
        "image_number": 1,
        "mask": {"url": uploads.urls[0]},
    }


def test_the_same_content_twice_in_one_request_is_one_upload(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    uploads, upload = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=task_json(model="seedream-4.5"))
    client.submit("seedream-4.5", "two of them", image_urls=[photo, PNG])
    assert upload.call_count == 1 and body_of(create)["image_urls"] == [uploads.urls[0]] * 2


# ---------------------------------------------------------------------------------------------------- refusals
def test_the_request_is_validated_before_anything_is_uploaded(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    serve_uploads(api)
    with pytest.raises(ei.ValidationError, match="at most 2000 characters"):
        client.submit("nano-banana", "x" * 2001, image_urls=[photo])
    assert api.calls.call_count == 0


def test_without_validation_the_same_request_is_uploaded_and_sent(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    """Companion: validation, not the upload, is what stopped it."""
    _, upload = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=CREATED)
    with pytest.warns(ei.EvoLinkWarning):
        client.submit("nano-banana", "x" * 2001, image_urls=[photo], validate=False)
    assert upload.call_count == 1 and create.call_count == 1


def test_a_refusal_shows_the_local_image_not_its_placeholder(client: ei.EvoLink, photo: Path) -> None:
    with pytest.raises(ei.ValidationError) as caught:
        client.submit("nano-banana", "x", image_urls=[photo] * 15)
    assert caught.value.field == "image_urls" and _references.PLACEHOLDER_PREFIX not in str(caught.value)
    assert caught.value.value == [photo] * 15


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"image_urls": "PATH"}, "must be a list; wrap a single image in a list"),
        ({"size": "PATH"}, "takes no file"),
        ({"image_urls": ["MISSING"]}, "no such file"),
        ({"image_urls": ["TEXT"]}, "is a text file"),
        ({"image_urls": ["FOLDER"]}, "is a folder"),
        ({"image_urls": ["HUGE"]}, "larger than 100 MB"),
    ],
)
def test_what_cannot_be_uploaded_is_refused_before_any_request(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path, tmp_path: Path, params: dict[str, Any], words: str
) -> None:
    (tmp_path / "notes.txt").write_text("not an image\n")
    files = {"PATH": photo, "MISSING": tmp_path / "nope.png", "TEXT": tmp_path / "notes.txt", "FOLDER": tmp_path,
             "HUGE": sparse(tmp_path / "huge.png", 100 * 1024 * 1024 + 1)}  # fmt: skip
    given = {
        name: [files[v] for v in value] if isinstance(value, list) else files[value] for name, value in params.items()
    }
    with pytest.raises(ei.ValidationError, match=words):
        client.submit("seedream-4.5", "x", **given)
    assert api.calls.call_count == 0


def test_an_image_larger_than_the_model_takes_is_refused_before_its_upload(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    model = next(m for m in ei.presets.values() if m.fields.get("image_urls") and _size_rule(m) == 10)
    with pytest.raises(ei.ValidationError, match=r"is 10\.1 MB; .* at most 10 MB \(Rule image-size\)"):
        client.submit(model.id, "x", image_urls=[sparse(tmp_path / "big.png", 10 * 1024 * 1024 + 100_000)])
    assert api.calls.call_count == 0


def _size_rule(model: ei.ModelPreset) -> float | None:
    spec = model.fields["image_urls"]
    limits = [rule.params.get("max-mb") for rule in spec.rules if "max-mb" in rule.params]
    return limits[0] if limits else None


PATHS = ["./photo.png", "/data/photo.png", "~/photo.png", "C:\\photos\\photo.png", "file:///tmp/photo.png",
         "photo.png"]  # fmt: skip


@pytest.mark.parametrize("text", PATHS)
def test_a_string_that_is_a_path_says_how_to_pass_a_file(
    client: ei.EvoLink, api: respx.MockRouter, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "photo.png").write_bytes(PNG)  # "photo.png" names an existing file: it is not read
    with pytest.raises(ei.ValidationError) as caught:
        client.submit("nano-banana", "x", image_urls=[text])
    message = str(caught.value)
    assert "pathlib.Path(" in message and "--image" in message and "\n" not in message
    assert api.calls.call_count == 0
    if text == "photo.png":
        assert "names a local file" in message


def test_a_string_that_names_a_file_only_said_it_was_no_url_before(
    client: ei.EvoLink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: without the path check, the old message, which is wrong about the cause and shows no way out."""
    monkeypatch.setattr("evolink_images._validation.path_refusal", lambda value: None)
    with pytest.raises(ei.ValidationError) as caught:
        client.submit("nano-banana", "x", image_urls=["./photo.png"])
    assert "must be a valid URL" in str(caught.value) and "Path" not in str(caught.value)


def test_a_url_keeps_its_own_rules(client: ei.EvoLink, api: respx.MockRouter) -> None:
    with pytest.raises(ei.ValidationError, match="internal address"):
        client.submit("nano-banana", "x", image_urls=["http://127.0.0.1/a.png"])
    create = api.post(CREATE).respond(200, json=CREATED)
    client.submit("nano-banana", "x", image_urls=["https://example.com/a.png"])
    assert body_of(create)["image_urls"] == ["https://example.com/a.png"]


@pytest.mark.parametrize("url", ["data:image/png;base64,iVBORw0KGgo=", "DATA:image/png;base64,iVBORw0KGgo="])
def test_a_data_url_where_only_urls_go_says_to_pass_the_bytes(
    client: ei.EvoLink, api: respx.MockRouter, url: str
) -> None:
    with pytest.raises(ei.ValidationError) as caught:
        client.submit("nano-banana", "x", image_urls=[url])
    message = str(caught.value)
    assert "is a data: URL" in message and "pass its bytes" in message and "image-reachable" in message
    assert api.calls.call_count == 0


def test_a_field_whose_page_takes_data_urls_still_takes_them(client: ei.EvoLink, api: respx.MockRouter) -> None:
    """V8.2's mask ``url`` may be a data URI (its pages, D25): the hint for other fields must not refuse it."""
    create = api.post(CREATE).respond(200, json=CREATED)
    mask = {"url": "data:image/png;base64,iVBORw0KGgo="}
    params = {"task_id": TASK_ID, "canvas": {"width": 1024, "height": 1024}, "mask": mask,
              "img_pos": {"width": 1024, "height": 1024, "x": 0, "y": 0}}  # fmt: skip
    client.submit("mj-v8.2-edit", "a red door", model_params=params)
    assert body_of(create)["model_params"]["mask"] == mask


def test_a_failed_upload_sends_no_create_and_writes_no_row(api: respx.MockRouter, photo: Path, tmp_path: Path) -> None:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    client = ei.EvoLink(api_key=API_KEY, http_client=http, journal=tmp_path / "j.sqlite3")
    api.post(UPLOAD).respond(400, json=envelope(None, code=400, success=False, msg="no"))
    create = api.post(CREATE).respond(200, json=CREATED)
    with pytest.raises(ei.BadRequestError):
        client.submit("nano-banana", "x", image_urls=[photo])
    assert create.call_count == 0
    assert client.journal is not None and client.journal.entries() == []


# ---------------------------------------------------------------------------------------------------- once
def test_one_client_uploads_a_content_once(client: ei.EvoLink, api: respx.MockRouter, photo: Path) -> None:
    _, upload = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=CREATED)
    for source in (photo, PNG, io.BytesIO(PNG)):
        client.submit("nano-banana", "x", image_urls=[source])
    assert upload.call_count == 1 and create.call_count == 3
    assert len({body_of(create, i)["image_urls"][0] for i in range(3)}) == 1


def test_without_the_memory_each_request_uploads_again(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: the client's memory of its uploads is what spares the second one."""
    monkeypatch.setattr(MemoryUploads, "find_upload", lambda self, *args: None)
    _, upload = serve_uploads(api)
    api.post(CREATE).respond(200, json=CREATED)
    client.submit("nano-banana", "x", image_urls=[photo])
    client.submit("nano-banana", "x", image_urls=[photo])
    assert upload.call_count == 2


def _async_burst(api: respx.MockRouter, count: int, concurrency: int) -> int:
    """*count* submits of one content at once on an async client; how many uploads went out."""
    uploads, upload = serve_uploads(api)

    async def slow_upload(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # others get to run while the upload is out
        return uploads(request)

    upload.mock(side_effect=slow_upload)
    api.post(CREATE).respond(200, json=CREATED)
    http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))

    async def run() -> None:
        client = ei.AsyncEvoLink(api_key=API_KEY, http_client=http, max_concurrent_requests=concurrency)
        await asyncio.gather(*(client.submit("nano-banana", f"x{i}", image_urls=[PNG]) for i in range(count)))

    asyncio.run(run())
    return upload.call_count


def test_an_async_client_at_concurrency_8_uploads_a_content_once(api: respx.MockRouter) -> None:
    assert _async_burst(api, 24, 8) == 1


def test_without_the_claim_concurrent_requests_upload_it_several_times(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: the per-content claim is what serializes them."""

    class NoClaim:
        async def acquire(self) -> None:
            await asyncio.sleep(0)

        def release(self) -> None:
            pass

    monkeypatch.setattr(AsyncUploadLedger, "_async_lock", lambda self, sha256: NoClaim())
    assert _async_burst(api, 24, 8) > 1


def _threads_burst(client: ei.EvoLink, api: respx.MockRouter) -> int:
    """8 threads submitting one content at once on a blocking client; how many uploads went out."""
    uploads, upload = serve_uploads(api)
    started = threading.Barrier(8, timeout=60)

    def slow_upload(request: httpx.Request) -> httpx.Response:
        time.sleep(0.01)  # the others reach their claim meanwhile
        return uploads(request)

    upload.mock(side_effect=slow_upload)
    api.post(CREATE).respond(200, json=CREATED)

    def one(n: int) -> ei.Task:
        started.wait()
        return client.submit("nano-banana", f"x{n}", image_urls=[PNG])

    with ThreadPoolExecutor(8) as pool:
        assert len(list(pool.map(one, range(8)))) == 8
    return upload.call_count


def test_threads_sharing_a_blocking_client_upload_a_content_once(client: ei.EvoLink, api: respx.MockRouter) -> None:
    assert _threads_burst(client, api) == 1


def test_without_the_claim_threads_upload_it_several_times(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: the per-content thread lock is what serializes them."""

    class NoClaim:
        def acquire(self) -> None:
            pass

        def release(self) -> None:
            pass

    monkeypatch.setattr(UploadLedger, "_lock", lambda self, sha256: NoClaim())
    assert _threads_burst(client, api) > 1


def test_a_failed_upload_releases_its_claim(api: respx.MockRouter, photo: Path) -> None:
    api.post(CREATE).respond(200, json=CREATED)
    http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))

    async def run() -> None:
        client = ei.AsyncEvoLink(api_key=API_KEY, http_client=http)
        api.post(UPLOAD).respond(400, json=envelope(None, code=400, success=False, msg="no"))
        with pytest.raises(ei.BadRequestError):
            await client.submit("nano-banana", "x", image_urls=[photo])
        serve_uploads(api)
        await asyncio.wait_for(client.submit("nano-banana", "x", image_urls=[photo]), timeout=60)  # no deadlock

    asyncio.run(run())


# ---------------------------------------------------------------------------------------------------- journal
def journalled(api: respx.MockRouter, path: Path) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, journal=path)


def test_a_rerun_within_the_window_uploads_nothing(api: respx.MockRouter, photo: Path, tmp_path: Path) -> None:
    uploads, upload = serve_uploads(api)
    create = api.post(CREATE).respond(200, json=CREATED)
    journalled(api, tmp_path / "j.sqlite3").submit("nano-banana", "x", image_urls=[photo])
    journalled(api, tmp_path / "j.sqlite3").submit("nano-banana", "y", image_urls=[photo])  # another process
    assert upload.call_count == 1 and body_of(create)["image_urls"] == [uploads.urls[0]]


@pytest.mark.parametrize(
    ("model", "minutes_left", "uploads_again"),
    [
        ("nano-banana", 60, False),  # its longest run, 10 minutes (and a margin), fits in an hour
        ("nano-banana", 15, True),
        ("mj-v7-retexture", 30, True),  # Midjourney's 30 minutes (and a margin) do not fit in 30
        ("mj-v7-retexture", 45, False),
    ],
)
def test_an_upload_is_reused_only_while_it_outlives_the_models_longest_run(
    api: respx.MockRouter, tmp_path: Path, model: str, minutes_left: int, uploads_again: bool
) -> None:
    _, upload = serve_uploads(api, expires_in=minutes_left * 60)
    create = api.post(CREATE).respond(200, json=task_json(model=model))
    journalled(api, tmp_path / "j.sqlite3").upload(PNG)
    journalled(api, tmp_path / "j.sqlite3").submit(model, "cyberpunk neon", image_urls=[PNG])
    assert upload.call_count == (2 if uploads_again else 1)
    assert body_of(create)["image_urls"] == [f"https://files.evolink.ai/uploads/file_{upload.call_count:024d}/"
                                             f"image-{SHA[:16]}.png"]  # fmt: skip


def test_the_journal_keeps_its_uploads_in_a_private_table(api: respx.MockRouter, tmp_path: Path) -> None:
    uploads, _ = serve_uploads(api)
    path = tmp_path / "j.sqlite3"
    uploaded = journalled(api, path).upload(PNG)
    assert ei.Journal(path).find_upload(SHA, "https://files-api.evolink.ai", 0) == uploaded
    assert ei.Journal(path).uploads_for([uploads.urls[0], "https://other"]) == [uploaded]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_resume_needs_no_local_file_while_its_url_lives(api: respx.MockRouter, tmp_path: Path) -> None:
    uploads, _ = serve_uploads(api)
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    api.post(CREATE).mock(side_effect=httpx.ReadTimeout("no answer"))
    with pytest.raises(ei.APITimeoutError):
        journalled(api, tmp_path / "j.sqlite3").submit("nano-banana", "x", image_urls=[photo])
    photo.unlink()
    create = api.post(CREATE).respond(200, json=CREATED)
    api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json("https://files.example.com/r/0.png"))
    api.get("https://files.example.com/r/0.png").respond(200, content=PNG, headers={"content-type": "image/png"})
    outcomes = journalled(api, tmp_path / "j.sqlite3").resume(tmp_path / "out", resubmit_ambiguous=True)
    assert [outcome.outcome for outcome in outcomes] == ["downloaded"]
    assert body_of(create)["image_urls"] == [uploads.urls[0]], "the journalled body holds the uploaded URL"


# ---------------------------------------------------------------------------------------------------- provenance
def test_the_saved_image_records_each_local_reference_by_name_and_hash(
    api: respx.MockRouter, photo: Path, tmp_path: Path
) -> None:
    uploads, _ = serve_uploads(api, query="?Signature=secret")
    api.post(CREATE).respond(200, json=CREATED)
    api.get(f"/v1/tasks/{TASK_ID}").respond(200, json=completed_json("https://files.example.com/r/0.png"))
    api.get("https://files.example.com/r/0.png").respond(200, content=PNG, headers={"content-type": "image/png"})
    for journal in (None, tmp_path / "j.sqlite3"):
        http = httpx.Client(transport=httpx.MockTransport(api.handler))
        client = ei.EvoLink(api_key=API_KEY, http_client=http, journal=journal)
        task = client.generate("nano-banana", "x", image_urls=[photo, "https://example.com/b.png"], poll_interval=0.01)
        (saved,) = client.download(task, tmp_path / str(bool(journal)))
        record = ei.read_metadata(saved)
        assert record is not None
        url = uploads.urls[-1].partition("?")[0]
        assert record.references == ({"url": url, "name": "photo.png", "sha256": SHA},)
        assert "secret" not in json.dumps(record.raw), "the reference's URL is redacted like the others"
