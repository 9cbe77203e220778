"""End to end against the loopback simulator: a local PNG edited by a model that takes references."""

from __future__ import annotations

import asyncio
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images.simulator import Fault, SimulatorServer

from tests.conftest import PNG


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(PNG)
    return path


def test_a_local_png_is_uploaded_and_the_task_takes_its_url(
    server: SimulatorServer, photo: Path, tmp_path: Path
) -> None:
    client = ei.EvoLink(api_key="sk-e2e", base_url=server.url, journal=tmp_path / "j.sqlite3")
    assert client.files_base_url == server.url, "a local API serves its own files"
    task = client.generate("nano-banana", "make it night", image_urls=[photo], poll_interval=0.05)
    made = server.simulator.task(task.id)
    assert made is not None
    (url,) = made.request["image_urls"]
    assert url.startswith(f"{server.url}/uploads/"), "the created task's body holds the uploaded URL"
    assert made.references == (PNG,), "the bytes arrived, and the task used them"
    assert server.simulator.stats.files_stored == 1
    (saved,) = client.download(task, tmp_path / "out")
    record = ei.read_metadata(saved)
    assert record is not None and [ref["name"] for ref in record.references] == ["photo.png"]

    again = ei.EvoLink(api_key="sk-e2e", base_url=server.url, journal=tmp_path / "j.sqlite3")
    second = again.generate("nano-banana", "make it dawn", image_urls=[photo], poll_interval=0.05)
    assert server.simulator.stats.files_stored == 1, "a rerun within the window uploads nothing"
    second_made = server.simulator.task(second.id)
    assert second_made is not None and second_made.request["image_urls"] == [url]


def test_the_simulators_quota_and_faults_reach_the_library(server: SimulatorServer, photo: Path) -> None:
    client = ei.EvoLink(api_key="sk-e2e", base_url=server.url)
    server.simulator.faults.add(Fault(kind="server_error", route="upload", count=1, status=503))
    uploaded = client.upload(photo)
    assert server.simulator.stats.uploads == 2 and uploaded.url.startswith(server.url), "a 503 is retried"
    assert client.files_quota().used_files == 1
    server.simulator.faults.add(Fault(kind="quota_full", route="upload", count=1))
    with pytest.raises(ei.FilesQuotaError):
        client.upload(photo)


def test_the_async_client_uploads_once_for_many_requests(server: SimulatorServer, photo: Path) -> None:
    async def run() -> list[ei.Task]:
        async with ei.AsyncEvoLink(api_key="sk-e2e", base_url=server.url, max_concurrent_requests=8) as client:
            return await asyncio.gather(
                *(client.submit("nano-banana", f"variation {n}", image_urls=[photo]) for n in range(12))
            )

    tasks = asyncio.run(run())
    assert len(tasks) == 12 and server.simulator.stats.files_stored == 1
