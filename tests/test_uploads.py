"""client.upload and client.files_quota: checked before sending, typed answers, errors, retries, the key's hosts."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import io
import logging
from pathlib import Path
from typing import Any

import attrs
import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _generated, _uploads
from evolink_images._files_service import MAX_UPLOAD_BYTES

from tests.conftest import API_KEY, PNG
from tests.files_service import FILES_URL, QUOTA, QUOTA_FULL, UPLOAD, envelope, file_part, serve_uploads

SHA = hashlib.sha256(PNG).hexdigest()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(PNG)
    return path


def sparse(path: Path, size: int) -> Path:
    """A PNG header followed by nothing but a hole: *size* bytes on paper, none on disk."""
    with path.open("wb") as file:
        file.write(PNG)
        file.truncate(size)
    return path


# ---------------------------------------------------------------------------------------------------- upload
def test_an_upload_returns_a_typed_frozen_file_with_its_url_expiry_and_hash(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    uploads, route = serve_uploads(api)
    uploaded = client.upload(photo)
    assert isinstance(uploaded, ei.UploadedFile)
    assert (uploaded.url, uploaded.file_id) == (uploads.urls[0], "file_" + "1".zfill(24))
    assert (uploaded.size, uploaded.mime_type, uploaded.original_name) == (len(PNG), "image/png", "photo.png")
    assert uploaded.sha256 == SHA
    assert uploaded.expires_at.tzinfo is not None, "an aware datetime"
    assert 71 * 3600 < uploaded.seconds_left() <= 72 * 3600
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        uploaded.url = "x"  # type: ignore[misc]
    assert uploads.received == [("photo.png", PNG)], "the file's bytes, under its own name"
    assert route.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "bytearray", "file object"])
def test_an_upload_takes_a_path_a_string_bytes_or_a_binary_file(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path, kind: str
) -> None:
    uploads, _ = serve_uploads(api)
    source: Any = {"path": photo, "str": str(photo), "bytes": PNG, "bytearray": bytearray(PNG)}.get(kind)
    if source is None:
        source = photo.open("rb")
    with source if kind == "file object" else io.BytesIO() as _:
        uploaded = client.upload(source)
    assert uploaded.sha256 == SHA and uploads.received[0][1] == PNG
    named = kind in {"path", "str", "file object"}
    assert uploaded.original_name == ("photo.png" if named else None)
    assert uploads.received[0][0] == ("photo.png" if named else f"image-{SHA[:16]}.png"), "bytes get a made-up name"


def test_the_async_upload_is_the_same(async_client: ei.AsyncEvoLink, api: respx.MockRouter, photo: Path) -> None:
    uploads, _ = serve_uploads(api)
    uploaded = asyncio.run(async_client.upload(photo))
    assert uploaded.url == uploads.urls[0] and uploaded.sha256 == SHA


REFUSED = {
    "a text file": (lambda d: _write(d / "notes.txt", b"hello, world\n"), "is a text file"),
    "an oversized file": (lambda d: sparse(d / "huge.png", MAX_UPLOAD_BYTES + 1), "larger than 100 MB"),
    "a missing path": (lambda d: d / "missing.png", "no such file"),
    "a folder": (lambda d: d, "is a folder"),
    "an empty file": (lambda d: _write(d / "empty.png", b""), "is empty"),
    "a BMP image": (lambda d: _write(d / "old.bmp", b"BM" + bytes(60)), "is a BMP image"),
    "a URL": (lambda d: "https://example.com/a.png", "is a URL"),
    "text-mode file": (lambda d: _write(d / "t.png", PNG).open(encoding="latin-1"), "binary mode"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", REFUSED)
def test_what_is_no_image_the_service_takes_is_refused_before_any_request(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, case: str
) -> None:
    make, words = REFUSED[case]
    serve_uploads(api)
    with pytest.raises(ei.ValidationError) as caught:
        client.upload(make(tmp_path))
    assert caught.value.field == "source" and words in caught.value.rule
    assert "\n" not in str(caught.value), "one line"
    assert api.calls.call_count == 0, "nothing sent"


def test_the_check_by_content_is_what_stops_a_text_file(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: without the check of the first bytes, a text file goes out as an image."""
    monkeypatch.setattr("evolink_images._local_images.sniff_image_type", lambda head: "image/png")
    _, route = serve_uploads(api)
    client.upload(_write(tmp_path / "notes.txt", b"hello, world\n"))
    assert route.call_count == 1


def test_the_size_check_is_what_stops_an_oversized_file(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: with a larger limit the same file is read and sent."""
    monkeypatch.setattr("evolink_images._local_images.MAX_UPLOAD_BYTES", 2 * MAX_UPLOAD_BYTES)
    uploads, _ = serve_uploads(api)
    client.upload(sparse(tmp_path / "huge.png", 4096))
    monkeypatch.setattr("evolink_images._local_images.MAX_UPLOAD_BYTES", 4095)
    with pytest.raises(ei.ValidationError, match="larger than"):
        client.upload(tmp_path / "huge.png")
    assert len(uploads.received) == 1


def test_a_file_changed_between_its_check_and_its_upload_is_not_uploaded(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    from evolink_images._local_images import read_local_image, read_path_content  # noqa: PLC0415

    image = read_local_image(photo, "source")
    photo.write_bytes(PNG + b"more")
    with pytest.raises(ei.ValidationError, match="changed on disk"):
        read_path_content(image)


# ---------------------------------------------------------------------------------------------------- answers
def test_the_quota_is_read_typed(client: ei.EvoLink, api: respx.MockRouter) -> None:
    data = {"user_group": "default", "used_files": 35, "max_files": 2000, "remain_files": 1965, "is_custom": False,
            "quota_reason": ""}  # fmt: skip
    route = api.get(QUOTA).respond(200, json=envelope(data))
    quota = client.files_quota()
    assert quota == ei.FilesQuota(used_files=35, max_files=2000, remaining_files=1965, user_group="default",
                                  is_custom=False, reason=None)  # fmt: skip
    assert route.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"
    assert asyncio.run(ei.AsyncEvoLink(api_key=API_KEY, http_client=_async_http(api)).files_quota()) == quota


def _async_http(api: respx.MockRouter) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))


@pytest.mark.parametrize("answer", ["403", "200 with success false"])
def test_a_full_quota_is_its_own_error_naming_the_quota(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path, answer: str
) -> None:
    refusal = envelope(None, code=403, success=False, msg="file quota exceeded")
    route = api.post(UPLOAD).respond(403 if answer == "403" else 200, json=refusal)
    api.get(QUOTA).respond(200, json=QUOTA_FULL)
    with pytest.raises(ei.FilesQuotaError) as caught:
        client.upload(photo)
    error = caught.value
    assert isinstance(error, ei.APIStatusError) and isinstance(error, ei.EvoLinkError)
    assert error.status_code == 403 and error.quota is not None and error.quota.max_files == 2000
    assert "2000 of 2000 files stored, 0 left" in str(error) and "file quota exceeded" in str(error)
    assert route.call_count == 1, "a full quota is not retried"


def test_a_full_quota_whose_figures_cannot_be_read_is_still_a_quota_error(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    api.post(UPLOAD).respond(403, json=envelope(None, code=403, success=False, msg="quota exhausted"))
    api.get(QUOTA).respond(401, json=envelope(None, code=401, success=False, msg="no"))
    with pytest.raises(ei.FilesQuotaError, match="quota exhausted") as caught:
        client.upload(photo)
    assert caught.value.quota is None


def test_a_refusal_is_not_retried(client: ei.EvoLink, api: respx.MockRouter, photo: Path) -> None:
    route = api.post(UPLOAD).respond(400, json=envelope(None, code=400, success=False, msg="unsupported type"))
    with pytest.raises(ei.BadRequestError, match="unsupported type"):
        client.upload(photo)
    assert route.call_count == 1


def test_an_answer_without_a_url_is_malformed(client: ei.EvoLink, api: respx.MockRouter, photo: Path) -> None:
    api.post(UPLOAD).respond(200, json=envelope({"file_id": "f"}))
    with pytest.raises(ei.MalformedResponseError):
        client.upload(photo)


def test_a_missing_expiry_is_72_hours_after_the_upload(client: ei.EvoLink, api: respx.MockRouter, photo: Path) -> None:
    api.post(UPLOAD).respond(200, json=envelope({"file_url": "https://files.evolink.ai/a.png",
                                                  "upload_time": "2030-01-01T00:00:00+08:00"}))  # fmt: skip
    assert client.upload(photo).expires_at.isoformat() == "2030-01-03T16:00:00+00:00"


# ---------------------------------------------------------------------------------------------------- retries
def test_transient_failures_are_retried_each_attempt_sending_the_whole_file(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    uploads, _ = serve_uploads(api)
    route = api.post(UPLOAD).mock(side_effect=[httpx.ReadTimeout("slow"), httpx.Response(503), uploads])
    uploaded = client.upload(photo)
    assert route.call_count == 3 and uploaded.url == uploads.urls[0]
    assert all(file_part(call.request)[1] == PNG for call in route.calls), "every attempt carries the file"


CUT_BY_PLUSES = PNG + b"\r\n--+++\r\n"  # what the generated builder's fixed boundary, +++, would end the part at


def test_the_upload_carries_a_random_multipart_boundary(client: ei.EvoLink, api: respx.MockRouter) -> None:
    _, route = serve_uploads(api)
    client.upload(CUT_BY_PLUSES)
    assert not route.calls.last.request.headers["content-type"].endswith("boundary=+++")
    assert file_part(route.calls.last.request)[1] == CUT_BY_PLUSES


def test_with_the_generated_boundary_such_a_file_arrives_cut(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: the generated builder's header, kept, fixes the boundary to +++ and the service reads less."""

    def generated_as_is(content: bytes, *, file_name: str, mime_type: str) -> dict[str, Any]:
        file = _generated.File(payload=io.BytesIO(content), file_name=file_name, mime_type=mime_type)
        kwargs: dict[str, Any] = _generated.upload_file_stream._get_kwargs(
            body=_generated.models.StreamUploadRequest(file=file)
        )
        return kwargs

    monkeypatch.setattr(_uploads, "upload_request", generated_as_is)
    _, route = serve_uploads(api)
    client.upload(CUT_BY_PLUSES)
    assert route.calls.last.request.headers["content-type"].endswith("boundary=+++")
    assert file_part(route.calls.last.request)[1] == PNG, "the part ends where the image's bytes hold --+++"


def test_an_upload_that_keeps_failing_ends_with_the_last_error(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path
) -> None:
    route = api.post(UPLOAD).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(ei.APIConnectionError):
        client.upload(photo)
    assert route.call_count == 1 + client.max_retries


# ---------------------------------------------------------------------------------------------------- the key
def test_the_key_is_never_logged_nor_shown(
    client: ei.EvoLink, api: respx.MockRouter, photo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    uploads, _ = serve_uploads(api)
    api.post(UPLOAD).mock(side_effect=[httpx.Response(503), uploads])
    uploaded = client.upload(photo)
    api.post(UPLOAD).respond(403, json=envelope(None, code=403, success=False, msg="full"))
    api.get(QUOTA).respond(200, json=QUOTA_FULL)
    with pytest.raises(ei.FilesQuotaError) as caught:
        client.upload(photo)
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {vars(r)!r}" for r in caplog.records)
    assert "retry" in logged, "the scenario logs its retry"
    shown = [logged, repr(uploaded), str(caught.value), repr(vars(caught.value)), repr(client)]
    assert all(API_KEY not in text for text in shown)


@pytest.mark.parametrize(
    ("url", "keyed"),
    [
        ("https://api.evolink.ai/v1/tasks/x", True),
        (UPLOAD, True),
        ("https://files.evolink.ai/uploads/file_1/a.png", False),  # where uploads are served: no key
        ("https://api.evolink.ai.example.com/v1", False),
        ("http://files-api.evolink.ai/api/v1/files/quota", False),  # another scheme is another origin
    ],
)
def test_the_key_goes_only_to_the_api_and_the_files_service(client: ei.EvoLink, url: str, keyed: bool) -> None:
    assert ("Authorization" in client._headers(url)) is keyed


def test_without_the_host_check_the_key_would_go_anywhere(client: ei.EvoLink, monkeypatch: pytest.MonkeyPatch) -> None:
    """Companion: the host check is what keeps the key from a URL of another host."""
    monkeypatch.setattr("evolink_images._base.keyed", lambda url, bases: True)
    assert "Authorization" in client._headers("https://files.evolink.ai/uploads/file_1/a.png")


# ---------------------------------------------------------------------------------------------------- configuration
@dataclasses.dataclass
class Setting:
    argument: str | None
    environment: str | None
    base_url: str | None
    expected: str


SETTINGS = {
    "the default": Setting(None, None, None, FILES_URL),
    "the environment": Setting(None, "https://files.example.com/", None, "https://files.example.com"),
    "the argument wins": Setting("https://mine.example.com", "https://files.example.com", None,
                                 "https://mine.example.com"),
    "a local API serves its files": Setting(None, None, "http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    "localhost too": Setting(None, None, "http://localhost:8765/", "http://localhost:8765"),
    "a remote API does not": Setting(None, None, "https://proxy.example.com", FILES_URL),
    "the environment wins over a local API": Setting(None, "https://files.example.com", "http://127.0.0.1:1",
                                                     "https://files.example.com"),
}  # fmt: skip


@pytest.mark.parametrize("case", SETTINGS)
def test_the_files_base_url(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    setting = SETTINGS[case]
    if setting.environment is None:
        monkeypatch.delenv("EVOLINK_FILES_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("EVOLINK_FILES_BASE_URL", setting.environment)
    monkeypatch.delenv("EVOLINK_BASE_URL", raising=False)
    client = ei.EvoLink(api_key=API_KEY, base_url=setting.base_url, files_base_url=setting.argument)
    assert client.files_base_url == setting.expected
    assert ei.AsyncEvoLink(api_key=API_KEY, base_url=setting.base_url, files_base_url=setting.argument).files_base_url \
        == setting.expected  # fmt: skip


def test_a_files_base_url_that_is_no_http_url_is_refused() -> None:
    with pytest.raises(ei.EvoLinkError, match="files_base_url"):
        ei.EvoLink(api_key=API_KEY, files_base_url="files-api.evolink.ai")


def test_uploads_go_to_the_configured_files_service(api: respx.MockRouter, photo: Path) -> None:
    route = api.post("https://files.example.com/base/api/v1/files/upload/stream").respond(
        200, json=envelope({"file_url": "https://files.example.com/u/a.png"})
    )
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    client = ei.EvoLink(api_key=API_KEY, http_client=http, files_base_url="https://files.example.com/base/")
    assert client.upload(photo).url == "https://files.example.com/u/a.png"
    assert route.calls.last.request.headers["authorization"] == f"Bearer {API_KEY}"
