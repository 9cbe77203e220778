"""The simulator's files service (D40-D44): uploads of each kind, their rules, the per-key quota, expiry, faults,
stats, and results that show the references a create named."""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from evolink_images._catalogue import FILES
from evolink_images.simulator import (
    FAULT_KINDS,
    Fault,
    Simulator,
    SimulatorConfig,
    SimulatorServer,
    SimulatorTransport,
    _core,
    parse_fault,
)
from PIL import Image

KEY = "sim-files-key"
BASE = "http://127.0.0.1:8787"
STREAM, BASE64, URL, QUOTA = (
    f"/api/v1/files/{path}" for path in ("upload/stream", "upload/base64", "upload/url", "quota")
)
EDIT = "nano-banana-2-beta"  # takes image_urls
RED, BLUE = (255, 0, 0), (0, 0, 255)


class Clock:
    """The simulator's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def image(kind: str = "PNG", size: tuple[int, int] = (40, 20), colour: tuple[int, int, int] = RED) -> bytes:
    """An image file of *kind*, drawn by Pillow (not by the simulator)."""
    picture = Image.new("RGB", size, colour)
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


def split(size: tuple[int, int] = (60, 30)) -> bytes:
    """A PNG whose left half is red and right half blue."""
    picture = Image.new("RGB", size, RED)
    picture.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(clock: Clock, **config: Any) -> tuple[Simulator, httpx.Client]:
    simulator = Simulator(SimulatorConfig(duration=0.0, api_key=KEY, **config), clock=clock)
    client = httpx.Client(
        transport=SimulatorTransport(simulator), base_url=BASE, headers={"Authorization": f"Bearer {KEY}"}
    )
    return simulator, client


@pytest.fixture
def sim(clock: Clock) -> Iterator[tuple[Simulator, httpx.Client]]:
    simulator, client = make(clock)
    with client:
        yield simulator, client


def upload(client: httpx.Client, data: bytes, name: str = "photo.png", kind: str = "image/png") -> httpx.Response:
    return client.post(STREAM, files={"file": (name, data, kind)})


def result_image(client: httpx.Client, body: dict[str, Any]) -> Image.Image:
    created = client.post("/v1/images/generations", json=body)
    assert created.status_code == 200, created.text
    detail = client.get(f"/v1/tasks/{created.json()['id']}").json()
    assert detail["status"] == "completed", detail
    return Image.open(io.BytesIO(client.get(detail["results"][0]).content)).convert("RGB")


def pixels(picture: Image.Image, colour: tuple[int, int, int]) -> list[tuple[int, int]]:
    """Where *picture* has exactly *colour*, in its bottom-right quarter."""
    width, height = picture.size
    return [
        (x, y)
        for y in range(height // 2, height)
        for x in range(width // 2, width)
        if picture.getpixel((x, y)) == colour
    ]


# ---------------------------------------------------------------------------------------------------- uploading
def test_a_stream_upload_is_stored_and_served_at_its_urls(sim: tuple[Simulator, httpx.Client]) -> None:
    simulator, client = sim
    data = image()
    answer = upload(client, data, name="red.png")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["success"], body["code"]) == (True, 200)
    record = body["data"]
    assert record["file_id"].startswith("file_")
    assert (record["original_name"], record["mime_type"], record["file_size"]) == ("red.png", "image/png", len(data))
    assert record["file_url"].startswith(f"{BASE}/uploads/{record['file_id']}/")
    fetched = client.get(record["file_url"])
    assert (fetched.status_code, fetched.content, fetched.headers["content-type"]) == (200, data, "image/png")
    download = client.get(record["download_url"])
    assert download.content == data and "attachment" in download.headers["content-disposition"]
    stats = simulator.stats
    assert (stats.uploads, stats.files_stored, stats.upload_bytes, stats.file_fetches) == (1, 1, len(data), 2)


@pytest.mark.parametrize(("kind", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"),
                                            ("WEBP", "image/webp")])  # fmt: skip
def test_each_documented_type_is_taken_and_named_by_its_content(
    sim: tuple[Simulator, httpx.Client], kind: str, mime: str
) -> None:
    _, client = sim
    answer = upload(client, image(kind), name="misnamed.txt", kind="text/plain")  # the name and declared type lie
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["mime_type"] == mime
    assert set(FILES["mime_types"]) == {"image/jpeg", "image/png", "image/gif", "image/webp"}


@pytest.mark.parametrize("data", [b"just some text", image("BMP"), b""], ids=["text", "bmp", "empty"])
def test_anything_but_the_four_types_is_refused_whatever_it_is_called(
    sim: tuple[Simulator, httpx.Client], data: bytes
) -> None:
    simulator, client = sim
    answer = upload(client, data, name="photo.png", kind="image/png")
    assert answer.status_code == 400
    assert answer.json()["success"] is False and "(Rule mime-types)" in answer.json()["msg"]
    assert (simulator.stats.files_stored, simulator.stats.uploads_refused) == (0, 1)


def test_one_image_per_request(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    two = client.post(
        STREAM, files=[("file", ("a.png", image(), "image/png")), ("file", ("b.png", image(), "image/png"))]
    )
    none = client.post(STREAM, files={"upload_path": (None, b"photos")})
    for answer in (two, none):
        assert answer.status_code == 400 and "(Rule images-per-request)" in answer.json()["msg"]


def test_the_name_fields_are_taken_in_both_spellings(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    snake = client.post(STREAM, files={"file": ("a.png", image(), "image/png"), "file_name": (None, b"x.png")})
    camel = client.post(STREAM, files={"file": ("a.png", image(), "image/png"), "uploadPath": (None, b"logos")})
    assert snake.json()["data"]["file_name"] == "x.png"
    assert camel.json()["data"]["upload_path"] == "logos"
    stray = client.post(STREAM, files={"file": ("a.png", image(), "image/png"), "colour": (None, b"red")})
    assert stray.status_code == 400


def test_the_size_limit_is_the_configured_one(clock: Clock) -> None:
    _simulator, client = make(clock, upload_max_bytes=2000)
    data = image()
    padded = data + bytes(2000 - len(data))  # a PNG's first bytes, exactly at the limit
    assert upload(client, padded).status_code == 200
    over = upload(client, padded + b"\0")
    assert over.status_code == 413 and "(Rule max-bytes)" in over.json()["msg"]
    assert FILES["max_bytes"] == 100 * 1024 * 1024 and SimulatorConfig().upload_max_bytes == FILES["max_bytes"]


def test_base64_uploads_take_bare_base64_and_data_urls(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    gif = image("GIF")
    encoded = base64.b64encode(gif).decode()
    bare = client.post(BASE64, json={"base64_data": encoded, "file_name": "g.gif"})
    data_url = client.post(BASE64, json={"base64_data": f"data:image/png;base64,{encoded}"})  # declared png: ignored
    assert bare.json()["data"]["file_name"] == "g.gif"
    assert data_url.json()["data"]["mime_type"] == "image/gif"
    assert client.get(data_url.json()["data"]["file_url"]).content == gif
    for refused in ({"base64_data": "not base64!"}, {"base64_data": 5}, {"data": encoded}, {"base64_data": ""}):
        assert client.post(BASE64, json=refused).status_code == 400, refused


def test_url_uploads_fetch_the_simulator_s_own_files_and_nothing_else(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    first = upload(client, image()).json()["data"]
    copied = client.post(URL, json={"file_url": first["file_url"]})
    assert copied.status_code == 200
    assert copied.json()["data"]["file_id"] != first["file_id"]
    assert client.get(copied.json()["data"]["file_url"]).content == client.get(first["file_url"]).content
    task = client.post("/v1/images/generations", json={"model": EDIT, "prompt": "a cat"}).json()
    result = client.get(f"/v1/tasks/{task['id']}").json()["results"][0]
    assert client.post(URL, json={"file_url": result}).json()["data"]["mime_type"] == "image/png"
    for refused in ("https://example.com/cat.png", "ftp://127.0.0.1/x.png", f"{BASE}/uploads/file_{'0' * 24}/x.png"):
        assert client.post(URL, json={"file_url": refused}).status_code == 400, refused


def test_no_key_or_a_wrong_key_is_401_in_the_files_envelope(sim: tuple[Simulator, httpx.Client]) -> None:
    simulator, client = sim
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer wrong"}):
        for answer in (
            client.post(STREAM, files={"file": ("a.png", image(), "image/png")}, headers=headers),
            client.get(QUOTA, headers=headers),
        ):
            assert answer.status_code == 401
            assert answer.json()["success"] is False and answer.json()["code"] == 401
    assert (simulator.stats.uploads, simulator.stats.uploads_refused, simulator.stats.files_stored) == (2, 2, 0)


# ---------------------------------------------------------------------------------------------------- quota, expiry
def test_the_quota_counts_a_key_s_live_files_and_refuses_when_full(clock: Clock) -> None:
    simulator, client = make(clock, file_quota=2)
    assert [upload(client, image()).status_code for _ in range(2)] == [200, 200]
    full = upload(client, image())
    assert full.status_code == 403
    assert "quota" in full.json()["msg"] and "(Rule quota-files)" in full.json()["msg"]
    quota = client.get(QUOTA).json()["data"]
    assert (quota["used_files"], quota["max_files"], quota["remain_files"]) == (2, 2, 0)
    assert (simulator.stats.quota_refusals, simulator.stats.quota_reads) == (1, 1)
    assert simulator.uploaded_files(KEY) == 2


def test_each_key_has_its_own_quota(clock: Clock) -> None:
    simulator = Simulator(SimulatorConfig(duration=0.0, file_quota=1), clock=clock)
    with httpx.Client(transport=SimulatorTransport(simulator), base_url=BASE) as client:
        for key in ("key-a", "key-b"):
            auth = {"Authorization": f"Bearer {key}"}
            assert client.post(STREAM, files={"file": ("a.png", image(), "image/png")}, headers=auth).status_code == 200
            assert client.post(STREAM, files={"file": ("a.png", image(), "image/png")}, headers=auth).status_code == 403
    assert simulator.uploaded_files("key-a") == simulator.uploaded_files("key-b") == 1


def test_the_default_quota_and_lifetime_are_the_documented_ones(sim: tuple[Simulator, httpx.Client]) -> None:
    simulator, client = sim
    record = upload(client, image()).json()["data"]
    quota = client.get(QUOTA).json()["data"]
    assert (quota["max_files"], quota["user_group"], quota["is_custom"]) == (2000, "default", False)
    assert FILES["lifetime_seconds"] == 72 * 3600 == simulator.config.file_lifetime
    uploaded, expires = (record[key].replace("Z", "+00:00") for key in ("upload_time", "expires_at"))
    assert (datetime.fromisoformat(expires) - datetime.fromisoformat(uploaded)).total_seconds() == 72 * 3600


def test_an_expired_file_is_gone_and_frees_its_slot(clock: Clock) -> None:
    _simulator, client = make(clock, file_quota=1)
    record = upload(client, image()).json()["data"]
    assert upload(client, image()).status_code == 403
    clock.now += 72 * 3600 - 1
    assert client.get(record["file_url"]).status_code == 200
    clock.now += 1
    assert client.get(record["file_url"]).status_code == 410
    assert client.get(record["download_url"]).status_code == 410
    assert client.get(QUOTA).json()["data"]["used_files"] == 0
    assert upload(client, image()).status_code == 200


def test_a_create_naming_an_expired_file_makes_a_task_that_fails(clock: Clock) -> None:
    _simulator, client = make(clock)
    record = upload(client, image()).json()["data"]
    clock.now += 72 * 3600
    created = client.post(
        "/v1/images/generations", json={"model": EDIT, "prompt": "x", "image_urls": [record["file_url"]]}
    )
    assert created.status_code == 200
    detail = client.get(f"/v1/tasks/{created.json()['id']}").json()
    assert detail["status"] == "failed" and detail["error"]["code"] == "resource_not_found"
    assert record["file_id"] in detail["error"]["message"]


# ---------------------------------------------------------------------------------------------------- faults
def test_quota_full_is_a_fault_kind_for_uploads(sim: tuple[Simulator, httpx.Client]) -> None:
    simulator, client = sim
    assert "quota_full" in FAULT_KINDS
    simulator.faults.add(parse_fault("quota_full,route=upload"))
    refused = upload(client, image())
    assert refused.status_code == 403 and "quota" in refused.json()["msg"]
    assert upload(client, image()).status_code == 200
    assert simulator.stats.quota_refusals == 1


def test_status_faults_hit_the_files_routes_in_their_envelope(sim: tuple[Simulator, httpx.Client]) -> None:
    simulator, client = sim
    simulator.faults.add(
        Fault(kind="rate_limit", route="upload", retry_after=2), Fault(kind="server_error", route="quota", status=503)
    )
    limited = upload(client, image())
    assert (limited.status_code, limited.headers["retry-after"], limited.json()["code"]) == (429, "2", 429)
    unavailable = client.get(QUOTA)
    assert (unavailable.status_code, unavailable.json()["success"]) == (503, False)
    assert simulator.stats.files_stored == 0
    assert upload(client, image()).status_code == 200


def test_a_dropped_upload_answer_still_stores_the_file(sim: tuple[Simulator, httpx.Client]) -> None:
    """Like a create: the request was read and acted on, only the answer was lost (a retry costs a second slot)."""
    simulator, client = sim
    simulator.faults.add(Fault(kind="drop", route="upload"))
    with pytest.raises(httpx.RemoteProtocolError):
        upload(client, image())
    assert simulator.stats.files_stored == 1 and simulator.uploaded_files(KEY) == 1


def test_fault_routes_for_the_files_service_parse() -> None:
    assert parse_fault("rate_limit,route=upload").route == "upload"
    assert parse_fault("server_error,route=quota,status=502").route == "quota"
    with pytest.raises(ValueError, match="fault route must be one of"):
        parse_fault("rate_limit,route=uploads")


# ---------------------------------------------------------------------------------------------------- references
def test_a_result_shows_the_reference_it_was_made_from(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    url = upload(client, split()).json()["data"]["file_url"]
    picture = result_image(client, {"model": EDIT, "prompt": "make it night", "image_urls": [url]})
    reds, blues = pixels(picture, RED), pixels(picture, BLUE)
    assert len(reds) > 500 and len(blues) > 500  # a thumbnail of a 60x30 image, scaled up to its box
    assert max(x for x, _ in reds) < min(x for x, _ in blues)  # red on the left, blue on the right, as sent


def test_without_the_references_the_result_shows_no_thumbnail(
    sim: tuple[Simulator, httpx.Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, client = sim
    url = upload(client, split()).json()["data"]["file_url"]
    monkeypatch.setattr(_core, "referenced_ids", lambda _body: [])
    picture = result_image(client, {"model": EDIT, "prompt": "make it night", "image_urls": [url]})
    assert pixels(picture, RED) == [] and pixels(picture, BLUE) == []


def test_a_reference_that_cannot_be_decoded_is_a_swatch_of_its_hash(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    jpeg = image("JPEG")
    url = upload(client, jpeg, name="photo.jpg").json()["data"]["file_url"]
    picture = result_image(client, {"model": EDIT, "prompt": "a cat", "image_urls": [url]})
    assert len(pixels(picture, tuple(hashlib.sha256(jpeg).digest()[:3]))) > 1000


def test_every_reference_is_shown_wherever_the_request_names_it(sim: tuple[Simulator, httpx.Client]) -> None:
    _, client = sim
    red = upload(client, image(colour=RED)).json()["data"]["file_url"]
    blue = upload(client, image(colour=BLUE)).json()["data"]["download_url"]
    picture = result_image(client, {"model": EDIT, "prompt": "both", "image_urls": [red, blue]})
    assert pixels(picture, RED) and pixels(picture, BLUE)
    assert _core.referenced_ids({"model_params": {"mask": {"url": red}}, "prompt": f"{blue} a cat --v 7"}) == [
        red.split("/")[-2],
        blue.split("/")[-1],
    ]


def test_the_create_check_takes_the_simulator_s_own_file_urls(
    sim: tuple[Simulator, httpx.Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loopback URL is refused as unreachable (Rule image-reachable), except an upload of this simulator: the
    create check sees it as the public files URL it stands for."""
    _, client = sim
    url = upload(client, image()).json()["data"]["file_url"]
    body = {"model": EDIT, "prompt": "x", "image_urls": [url]}
    assert client.post("/v1/images/generations", json=body).status_code == 200
    other = {**body, "image_urls": [f"{BASE}/cat.png"]}
    assert "image-reachable" in client.post("/v1/images/generations", json=other).text
    monkeypatch.setattr(_core, "with_public_host", lambda value, _known: value)
    assert "image-reachable" in client.post("/v1/images/generations", json=body).text


# ---------------------------------------------------------------------------------------------------- over sockets
@pytest.mark.parametrize("backend", ["stdlib", "uvicorn"])
def test_an_upload_larger_than_a_create_body_is_served_over_loopback(backend: str) -> None:
    pytest.importorskip("uvicorn") if backend == "uvicorn" else None
    data = image() + bytes(3 * 1024 * 1024)  # 3 MiB: over the 1 MiB a create body may have
    with SimulatorServer(Simulator(SimulatorConfig(duration=0.0)), backend=backend) as server:  # type: ignore[arg-type]
        auth = {"Authorization": "Bearer any"}
        stored = httpx.post(server.url + STREAM, files={"file": ("big.png", data, "image/png")}, headers=auth)
        assert stored.status_code == 200, stored.text
        assert httpx.get(stored.json()["data"]["file_url"]).content == data
        encoded = httpx.post(server.url + BASE64, json={"base64_data": base64.b64encode(data).decode()}, headers=auth)
        assert encoded.status_code == 200
        create = httpx.post(server.url + "/v1/images/generations", content=bytes(2 * 1024 * 1024), headers=auth)
        assert create.status_code == 413


def test_the_generated_client_uploads_to_the_simulator(sim: tuple[Simulator, httpx.Client]) -> None:
    from evolink_images_api import AuthenticatedClient  # noqa: PLC0415
    from evolink_images_api.api.files import get_files_quota, upload_file_base_64, upload_file_stream  # noqa: PLC0415
    from evolink_images_api.models import Base64UploadRequest, StreamUploadRequest  # noqa: PLC0415
    from evolink_images_api.types import File  # noqa: PLC0415

    simulator, _ = sim
    generated = AuthenticatedClient(base_url=BASE, token=KEY)
    generated.set_httpx_client(
        httpx.Client(base_url=BASE, transport=SimulatorTransport(simulator), headers={"Authorization": f"Bearer {KEY}"})
    )
    data = image()
    streamed = upload_file_stream.sync(
        client=generated, body=StreamUploadRequest(file=File(payload=io.BytesIO(data), file_name="a.png"))
    )
    encoded = upload_file_base_64.sync(
        client=generated, body=Base64UploadRequest(base64_data=base64.b64encode(data).decode())
    )
    quota = get_files_quota.sync(client=generated)
    assert streamed is not None and streamed.data.file_size == len(data)  # type: ignore[union-attr]
    assert encoded is not None and encoded.success is True
    assert quota is not None and quota.data.used_files == 2  # type: ignore[union-attr]


def test_without_the_upload_body_limit_a_large_upload_is_refused_by_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from evolink_images.simulator import _stdlib_server  # noqa: PLC0415

    monkeypatch.setattr(_stdlib_server, "body_limit", lambda _path: 1024 * 1024)
    data = image() + bytes(3 * 1024 * 1024)
    with SimulatorServer(Simulator(SimulatorConfig(duration=0.0)), backend="stdlib") as server:
        refused = httpx.post(
            server.url + STREAM, files={"file": ("big.png", data, "image/png")}, headers={"Authorization": "Bearer a"}
        )
    assert refused.status_code == 413 and server.simulator.stats.uploads == 0
