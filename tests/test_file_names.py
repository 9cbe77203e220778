"""No paid image is lost to a name: batch keys that share files are refused, a download never replaces a file that is
not its own (whatever runs beside it), and the sweep of killed downloads never pulls a live one from under its writer.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _batch, _batch_lines, _local_io
from evolink_images._batch import read_batch
from evolink_images._effects import RemoveStale
from evolink_images._files import file_stem, part_owner, part_path
from evolink_images._local_io import perform_local
from evolink_images._task import task_from_json
from evolink_images.cli import _main as cli_main
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer

from tests.conftest import API_KEY, PNG, completed_json

FILES = "https://files.example.com"
CLASHING_KEYS = ("fox cub", "fox/cub", "fox_cub", "Fox_Cub")


def completed(task_id: str, *urls: str) -> ei.Task:
    return task_from_json({**completed_json(*urls), "id": task_id})


def write_lines(path: Path, keys: tuple[str, ...]) -> Path:
    lines = [json.dumps({"model": "nano-banana", "prompt": f"study {n}", "key": key}) for n, key in enumerate(keys)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- batch keys
def test_keys_that_name_the_same_files_are_refused_naming_both_lines(tmp_path: Path) -> None:
    lines, errors = read_batch(write_lines(tmp_path / "b.jsonl", CLASHING_KEYS))
    assert [line.key for line in lines] == ["fox cub"]
    assert len(errors) == 3
    for number, key in ((2, "fox/cub"), (3, "fox_cub")):
        assert f"line {number}: key {key!r} names the same files as line 1's key 'fox cub'" in errors[number - 2]
        assert "both save as fox_cub-<n>.<ext>" in errors[number - 2]
    assert "line 4: key 'Fox_Cub'" in errors[2] and "where case is ignored" in errors[2]


def test_stems_are_unique_exactly_when_the_reduced_keys_are() -> None:
    """A file is <stem>-<index>.<ext>: different stems never meet, whatever the index (the dash before it is last)."""
    names = {f"{file_stem(key)}-{index}" for key in ("a", "a-1", "a-1-0", "a_1") for index in range(12)}
    assert len(names) == 4 * 12
    assert file_stem("x" * 200) == "x" * 120 and file_stem("???") == "task"


def test_from_the_cli_with_the_simulator_clashing_keys_are_refused_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(cli_main, "_shared_simulator", lambda: started.append("shared") or "http://127.0.0.1:9")
    code = main(["batch", str(write_lines(tmp_path / "b.jsonl", CLASHING_KEYS)), "--simulator", "--out", "out"])
    err = capsys.readouterr().err
    assert code == 2 and "3 bad line(s); nothing was sent" in err and "Traceback" not in err
    assert started == [], "the simulator never started: nothing could be created"


def test_without_the_key_check_three_paid_tasks_share_one_name(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard matters: unchecked, the three keys run as three paid tasks; only the downloads' own claims (below)
    keep three files, and without those too, one file is left of three paid images: the reported loss."""
    monkeypatch.setattr(_batch_lines, "file_stem", lambda key: key)
    lines, errors = read_batch(write_lines(tmp_path / "b.jsonl", CLASHING_KEYS[:3]))
    assert errors == [] and len(lines) == 3

    def run(out: Path) -> list[Path]:
        async def go() -> list[Path]:
            async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=tmp_path / f"{out.name}.db") as c:
                result = await _batch.run_batch(c, lines, out, concurrency=3)
            assert result.count("done") == 3
            return sorted(out.glob("*.png"))

        return asyncio.run(go())

    assert [p.name for p in run(tmp_path / "claimed")] == ["fox_cub-0.png", "fox_cub-0~2.png", "fox_cub-0~3.png"]
    monkeypatch.setattr(_local_io, "_claim", lambda effect: "created")
    assert [p.name for p in run(tmp_path / "unclaimed")] == ["fox_cub-0.png"], "two paid images overwritten"
    assert server.simulator.stats.tasks_created == 6


# ---------------------------------------------------------------------------------------------- claims
def test_a_download_never_replaces_another_tasks_file(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    api.get(f"{FILES}/b").respond(200, content=PNG, headers={"content-type": "image/png"})
    (first,) = client.download(completed("task-a", f"{FILES}/a"), tmp_path, stem="fox")
    (second,) = client.download(completed("task-b", f"{FILES}/b"), tmp_path, stem="fox")
    assert (first.name, second.name) == ("fox-0.png", "fox-0~2.png")
    assert ei.read_metadata(first).task_id == "task-a" and ei.read_metadata(second).task_id == "task-b"
    # Each result's own name is its own again: a second download of either replaces only itself.
    assert client.download(completed("task-a", f"{FILES}/a"), tmp_path, stem="fox") == [first]
    assert client.download(completed("task-b", f"{FILES}/b"), tmp_path, stem="fox") == [second]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fox-0.png", "fox-0~2.png"]


def test_a_file_of_the_users_own_is_never_replaced(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    mine = tmp_path / "fox-0.png"
    mine.write_bytes(b"my own drawing")
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    (saved,) = client.download(completed("task-a", f"{FILES}/a"), tmp_path, stem="fox", metadata=False)
    assert saved.name == "fox-0~2.png" and mine.read_bytes() == b"my own drawing"


def test_without_metadata_the_journal_tells_a_results_own_file(api: respx.MockRouter, tmp_path: Path) -> None:
    api.get(f"{FILES}/a").respond(200, content=PNG, headers={"content-type": "image/png"})
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    with ei.EvoLink(api_key=API_KEY, http_client=http, journal=tmp_path / "j.db") as client:
        task = completed("task-a", f"{FILES}/a")
        client.journal.begin(idempotency_key="k" * 20, base_url=client.base_url, body={"model": "m"})  # type: ignore[union-attr]
        client.journal.submitted("k" * 20, task)  # type: ignore[union-attr]
        first = client.download(task, tmp_path / "out", stem="fox", metadata=False)
        assert client.download(task, tmp_path / "out", stem="fox", metadata=False) == first


def _different_tasks_at_once(api: respx.MockRouter, out: Path, count: int) -> list[Path]:
    """*count* tasks downloaded at once under one stem, each answer held until all have started."""
    started = asyncio.Event()
    waiting = 0

    async def serve(request: httpx.Request) -> httpx.Response:
        nonlocal waiting
        waiting += 1
        if waiting == count:
            started.set()
        await started.wait()
        return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})

    api.route(method="GET", host="files.example.com").mock(side_effect=serve)

    async def run() -> list[Path]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
        async with ei.AsyncEvoLink(api_key=API_KEY, http_client=http) as client:
            lists = await asyncio.gather(
                *(client.download(completed(f"task-{n}", f"{FILES}/{n + 1}"), out, stem="fox") for n in range(count))
            )
        return [path for paths in lists for path in paths]

    return asyncio.run(run())


def test_downloads_at_once_under_one_name_keep_every_image(api: respx.MockRouter, tmp_path: Path) -> None:
    paths = _different_tasks_at_once(api, tmp_path, 8)
    assert len(set(paths)) == 8 and len(list(tmp_path.glob("*.png"))) == 8
    assert {ei.read_metadata(path).task_id for path in paths} == {f"task-{n}" for n in range(8)}


def test_without_claims_downloads_at_once_overwrite_each_other(
    api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_local_io, "_claim", lambda effect: "created")
    _different_tasks_at_once(api, tmp_path, 8)
    assert len(list(tmp_path.glob("*.png"))) == 1, "seven paid images lost"


# ---------------------------------------------------------------------------------------------- partial downloads
def test_part_names_say_whose_they_are(tmp_path: Path) -> None:
    part = part_path(tmp_path / "fox-0.part", 4242)
    assert part.name.startswith(".fox-0.4242-") and part.suffix == ".part"
    assert part_owner(part.name) == 4242
    assert part_owner(".fox-0.abcdef12.part") is None, "a name of an older version: only its age tells"


@pytest.fixture
def live_process() -> subprocess.Popen[bytes]:
    process = subprocess.Popen(["sleep", "60"])  # noqa: S607 - a test's own child
    yield process
    process.kill()
    process.wait()


def _parts(folder: Path, live_pid: int) -> dict[str, Path]:
    ended = subprocess.Popen(["true"])  # noqa: S607
    ended.wait()
    parts = {
        "ended": part_path(folder / "fox-0.part", ended.pid),
        "live": part_path(folder / "fox-0.part", live_pid),
        "this": part_path(folder / "fox-0.part", os.getpid()),
        "old": folder / ".fox-0.abcdef12.part",
        "fresh": folder / ".fox-0.12345678.part",
    }
    for path in parts.values():
        path.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(parts["old"], (hours_ago, hours_ago))
    return parts


def test_the_sweep_removes_only_the_parts_of_ended_processes_and_forgotten_ones(
    tmp_path: Path, live_process: subprocess.Popen[bytes]
) -> None:
    parts = _parts(tmp_path, live_process.pid)
    perform_local(RemoveStale(tmp_path, ".fox-0.*.part"), None)
    assert {name for name, path in parts.items() if path.exists()} == {"live", "this", "fresh"}


def test_without_the_liveness_check_the_sweep_pulls_live_downloads(
    tmp_path: Path, live_process: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_local_io, "_running", lambda pid: False)
    parts = _parts(tmp_path, live_process.pid)
    perform_local(RemoveStale(tmp_path, ".fox-0.*.part"), None)
    assert not parts["live"].exists() and not parts["this"].exists()


def test_a_part_that_vanishes_during_the_sweep_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = part_path(tmp_path / "fox-0.part", 1)
    monkeypatch.setattr(_local_io, "_matching", lambda folder, pattern: [gone])
    perform_local(RemoveStale(tmp_path, ".fox-0.*.part"), None)  # raises FileNotFoundError if not caught


def _count_listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    listed: list[str] = []
    real = os.listdir

    def counting(folder: Any) -> list[str]:
        listed.append(str(folder))
        return real(folder)

    monkeypatch.setattr(_local_io.os, "listdir", counting)
    return listed


def test_sweeps_of_one_folder_list_it_once_however_many_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 24: a batch's downloads each sweep their name's leftovers; the folder's hidden names are listed once a
    minute, not at every download (which made time per line grow with the folder)."""
    listed = _count_listings(monkeypatch)
    for n in range(200):
        (tmp_path / f"shot-{n}.png").write_bytes(b"x")
        perform_local(RemoveStale(tmp_path, f".shot-{n}.*.part"), None)
    assert listed == [str(tmp_path)]


def test_without_the_remembered_listing_every_sweep_lists_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The companion: with no time between listings, each of 50 sweeps lists the folder again."""
    monkeypatch.setattr(_local_io, "HIDDEN_RELIST_SECONDS", 0.0)
    listed = _count_listings(monkeypatch)
    for n in range(50):
        perform_local(RemoveStale(tmp_path, f".shot-{n}.*.part"), None)
    assert len(listed) == 50


def test_a_leftover_that_appears_after_the_listing_is_swept_after_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    perform_local(RemoveStale(tmp_path, ".fox-0.*.part"), None)  # lists the folder: nothing left over yet
    dead = tmp_path / ".fox-0.12345678.part"
    dead.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(dead, (hours_ago, hours_ago))
    perform_local(RemoveStale(tmp_path, ".fox-0.*.part"), None)
    assert dead.exists(), "within the minute, the earlier listing is used"
    later = time.monotonic() + _local_io.HIDDEN_RELIST_SECONDS + 1
    monkeypatch.setattr(_local_io.time, "monotonic", lambda: later)
    perform_local(RemoveStale(tmp_path, ".fox-0.*.part"), None)
    assert not dead.exists()
