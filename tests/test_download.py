"""Downloads: named from the content type, size-capped, redirect-limited, never outside dest_dir, never with the key."""

from __future__ import annotations

from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images._task import task_from_json

from tests.conftest import MALFORMED_LENGTHS, PNG, TASK_ID, completed_json

FILES = "https://files.example.com"


def completed(*urls: str, task_id: str = TASK_ID) -> ei.Task:
    return task_from_json({**completed_json(*urls), "id": task_id})


def test_results_are_saved_by_task_id_and_index(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    api.get(f"{FILES}/b.png?sig=1").respond(
        200, content=b"\xff\xd8\xff" + bytes(20), headers={"content-type": "image/jpeg"}
    )
    paths = client.download(completed(f"{FILES}/a", f"{FILES}/b.png?sig=1"), tmp_path / "out", metadata=False)
    assert [p.name for p in paths] == [f"{TASK_ID}-0.png", f"{TASK_ID}-1.jpg"]
    assert paths[0].read_bytes() == PNG
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{TASK_ID}-0.png", f"{TASK_ID}-1.jpg"]


def test_extension_comes_from_the_bytes_when_the_type_is_vague(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get(f"{FILES}/x.exe").respond(200, content=PNG, headers={"content-type": "application/octet-stream"})
    (path,) = client.download(completed(f"{FILES}/x.exe"), tmp_path)
    assert path.suffix == ".png", "never the URL's extension"


def test_a_hostile_task_id_cannot_escape_the_folder(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    dest = tmp_path / "dest"
    (path,) = client.download(completed(f"{FILES}/a", task_id="../../etc/passwd"), dest)
    assert path.parent == dest.resolve()
    assert path.name == "etc_passwd-0.png"
    assert [p.name for p in tmp_path.iterdir()] == ["dest"]


def test_the_key_is_never_sent_to_the_file_host(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    route = api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    client.download(completed(f"{FILES}/a"), tmp_path)
    assert "authorization" not in route.calls.last.request.headers


def test_redirects_are_followed_without_the_key_up_to_a_limit(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get(f"{FILES}/a").respond(302, headers={"location": "https://cdn.example.net/final"})
    final = api.get("https://cdn.example.net/final").respond(200, content=PNG, headers={"content-type": "image/png"})
    (path,) = client.download(completed(f"{FILES}/a"), tmp_path, metadata=False)
    assert path.read_bytes() == PNG
    assert "authorization" not in final.calls.last.request.headers

    api.get(f"{FILES}/loop").respond(302, headers={"location": f"{FILES}/loop"})
    with pytest.raises(ei.DownloadError, match="redirects"):
        client.download(completed(f"{FILES}/loop"), tmp_path)


def test_a_redirect_to_another_scheme_is_refused(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    api.get(f"{FILES}/a").respond(302, headers={"location": "file:///etc/passwd"})
    with pytest.raises(ei.DownloadError, match="not http"):
        client.download(completed(f"{FILES}/a"), tmp_path)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_oversized_files_are_refused_and_leave_nothing(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, declared: bool
) -> None:
    body = PNG + bytes(2000)
    headers = {"content-type": "image/png"}
    if declared:
        api.get(f"{FILES}/big").respond(200, content=body, headers=headers)
    else:
        api.get(f"{FILES}/big").respond(200, stream=httpx.ByteStream(body), headers=headers)
    with pytest.raises(ei.DownloadError, match="limit"):
        client.download(completed(f"{FILES}/big"), tmp_path, max_bytes=1000)
    assert list(tmp_path.iterdir()) == [], "no partial file is left behind"


@pytest.mark.parametrize("status", [403, 404, 410])
def test_an_expired_url_says_so(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, status: int) -> None:
    api.get(f"{FILES}/old").respond(status, text="AccessDenied")
    with pytest.raises(ei.DownloadError, match="expired") as caught:
        client.download(completed(f"{FILES}/old?X-Signature=secret"), tmp_path)
    assert caught.value.status_code == status
    assert "secret" not in str(caught.value), "signed query strings are not repeated in errors"


def test_transient_download_failures_are_retried(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    ok = httpx.Response(200, content=PNG, headers={"content-type": "image/png"})
    route = api.get(f"{FILES}/a").mock(side_effect=[httpx.Response(503), httpx.ReadError("reset"), ok])
    (path,) = client.download(completed(f"{FILES}/a"), tmp_path)
    assert path.exists() and route.call_count == 3


def test_a_page_instead_of_an_image_is_refused(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    api.get(f"{FILES}/a").respond(200, text="<html>login</html>", headers={"content-type": "text/html"})
    with pytest.raises(ei.DownloadError, match="expected an image"):
        client.download(completed(f"{FILES}/a"), tmp_path)


def test_only_completed_tasks_can_be_downloaded(client: ei.EvoLink, tmp_path: Path) -> None:
    pending = ei.Task(id=TASK_ID, model="m", status=ei.TaskStatus.PROCESSING)
    with pytest.raises(ei.EvoLinkError, match="only a completed task"):
        client.download(pending, tmp_path)


@pytest.mark.parametrize("content_length", MALFORMED_LENGTHS)
def test_a_malformed_content_length_is_ignored(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path, content_length: bytes
) -> None:
    """An unreadable Content-Length neither raises nor refuses: the body is read, and the cap still holds."""
    headers = [(b"content-type", b"image/png"), (b"content-length", content_length)]
    small = api.get(f"{FILES}/a").mock(return_value=httpx.Response(200, content=PNG, headers=headers))
    large = api.get(f"{FILES}/big").mock(return_value=httpx.Response(200, content=PNG + bytes(2000), headers=headers))

    (path,) = client.download(completed(f"{FILES}/a"), tmp_path, max_bytes=500, metadata=False)
    assert path.read_bytes() == PNG
    with pytest.raises(ei.DownloadError, match="limit"):
        client.download(completed(f"{FILES}/big"), tmp_path, max_bytes=500)
    assert list(tmp_path.iterdir()) == [path], "only the small file: nothing of the large one is left"
    for route in (small, large):
        seen = route.calls.last.response.headers.get_list("content-length")
        assert seen == [content_length.decode("latin-1")], "the client saw the header as sent"


def test_duplicated_content_length_headers_are_ignored_too(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    """Two Content-Length lines (read back as "72, 72") are no length at all, not an error."""
    headers = [(b"content-type", b"image/png"), (b"content-length", b"72"), (b"content-length", b"72")]
    route = api.get(f"{FILES}/a").mock(return_value=httpx.Response(200, content=PNG, headers=headers))
    (path,) = client.download(completed(f"{FILES}/a"), tmp_path, max_bytes=500, metadata=False)
    assert path.read_bytes() == PNG
    assert route.calls.last.response.headers["content-length"] == "72, 72"
