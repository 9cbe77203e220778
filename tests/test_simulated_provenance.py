"""Simulated images say so: in their pixels, in the record ``download`` writes, and in ``read_metadata`` and ``info``.

The reading that cannot lie is the file's own mark: the simulator writes a ``Software`` text chunk right after the
header of every image it draws, and ``download`` records ``simulated`` from the bytes it was served, however the client
reached the simulator (a base URL here, ``--simulator`` in the CLI).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import evolink_images as ei
import pytest
import respx
from evolink_images import _downloads, _local_io, _metadata
from evolink_images._effects import Fetch
from evolink_images._png import embed_text, read_text
from evolink_images._provenance import SIMULATOR_SOFTWARE, drawn_by_simulator
from evolink_images._task import task_from_json
from evolink_images.cli import main
from evolink_images.cli._render import SIMULATED
from evolink_images.simulator import SimulatorServer
from evolink_images.simulator._images import STAMP, draw_png, label_rows, stamp_box
from PIL import Image

from tests.conftest import API_KEY, PNG, completed_json


def simulated_image(server: SimulatorServer, folder: Path) -> Path:
    """An image the simulator drew, downloaded by a client that knows only the server's base URL."""
    with ei.EvoLink(api_key=API_KEY, base_url=server.url) as client:
        task = client.generate("nano-banana", "a lighthouse at dawn", size="16:9", poll_interval=0.05)
        (path,) = client.download(task, folder)
    return path


# ---------------------------------------------------------------------------------------------- the pixels
def test_the_simulator_stamps_simulated_across_its_images() -> None:
    width, height = 512, 288
    left, top, scale = stamp_box(width, height)
    with Image.open(io.BytesIO(draw_png("a lighthouse", 0, width, height))) as image:
        box = image.convert("RGB").crop((left, top, left + (1 + 4 * len(STAMP)) * scale, top + 7 * scale))
        assert box.tobytes() == b"".join(label_rows(STAMP, scale)), "SIMULATED, in the font, in the box"
    assert scale >= 5, "large enough to read at a glance"


@pytest.mark.parametrize(("width", "height"), [(1, 1), (8, 512), (512, 8), (64, 64), (512, 512)])
def test_the_stamp_fits_any_shape(width: int, height: int) -> None:
    with Image.open(io.BytesIO(draw_png("x", 0, width, height))) as image:
        image.load()
        assert image.size == (width, height)


def test_the_served_file_carries_the_mark_within_the_first_bytes_a_download_keeps() -> None:
    served = draw_png("a" * 2000, 0, 64, 64, label="MJ-V7 #2")
    assert read_text(io.BytesIO(served))["Software"] == SIMULATOR_SOFTWARE
    assert drawn_by_simulator(served[: _local_io.HEAD_BYTES])
    assert not drawn_by_simulator(PNG) and not drawn_by_simulator(b"\xff\xd8\xff") and not drawn_by_simulator(b"")


# ---------------------------------------------------------------------------------------------- the record
def test_a_simulated_image_records_that_it_is_simulated(server: SimulatorServer, tmp_path: Path) -> None:
    path = simulated_image(server, tmp_path)
    metadata = ei.read_metadata(path)
    assert metadata is not None and metadata.simulated is True and metadata.raw["simulated"] is True
    with Image.open(path) as image:
        assert "Simulated: yes" in image.text["parameters"], "what image viewers show"
        assert json.loads(image.text["evolink"])["simulated"] is True


def test_a_real_image_records_that_it_is_not(client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path) -> None:
    url = "https://files.example.com/r/0.png"
    api.get(url).respond(200, content=PNG, headers={"content-type": "image/png"})
    (path,) = client.download(task_from_json(completed_json(url)), tmp_path)
    metadata = ei.read_metadata(path)
    assert metadata is not None and metadata.simulated is False and metadata.raw["simulated"] is False


def test_without_reading_the_mark_the_record_would_say_real(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard bites: a download that kept only 16 bytes (as it once did) cannot see the mark."""
    monkeypatch.setattr(_local_io, "HEAD_BYTES", 16)
    path = simulated_image(server, tmp_path)
    with Image.open(path) as image:
        assert json.loads(image.text["evolink"])["simulated"] is False


def test_read_metadata_trusts_the_files_mark_for_a_record_without_the_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file saved before the record said it: the mark in the file is enough; without the mark, not simulated."""
    record = json.dumps({"format": "evolink-images/provenance/1", "task_id": "t", "model": "m"})
    for name, served in (("old-simulated.png", draw_png("x", 0, 8, 8)), ("old-real.png", PNG)):
        with (tmp_path / name).open("wb") as target:
            embed_text(io.BytesIO(served), target, [("evolink", record)])
    simulated, real = ei.read_metadata(tmp_path / "old-simulated.png"), ei.read_metadata(tmp_path / "old-real.png")
    assert simulated is not None and simulated.simulated is True
    assert real is not None and real.simulated is False
    monkeypatch.setattr(_metadata, "SIMULATOR_SOFTWARE", "another mark")
    again = ei.read_metadata(tmp_path / "old-simulated.png")
    assert again is not None and again.simulated is False, "the fallback is the mark, nothing else"


def test_the_record_comes_from_the_served_bytes_not_the_base_url(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_downloads, "drawn_by_simulator", lambda head: False)
    path = simulated_image(server, tmp_path)
    with Image.open(path) as image:
        assert json.loads(image.text["evolink"])["simulated"] is False, "the record follows the reading"


# ---------------------------------------------------------------------------------------------- info
def test_info_says_plainly_that_a_simulated_image_is_simulated(
    server: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = simulated_image(server, tmp_path)
    assert main(["info", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"simulated   {SIMULATED}", "straight after the file's name"
    assert "not an EvoLink result" in SIMULATED
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["simulated"] is True


def test_info_says_nothing_of_the_kind_for_a_real_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = json.dumps({"format": "evolink-images/provenance/1", "task_id": "t", "model": "m", "simulated": False})
    path = tmp_path / "real.png"
    with path.open("wb") as target:
        embed_text(io.BytesIO(PNG), target, [("evolink", record)])
    assert main(["info", str(path)]) == 0
    assert "simulated" not in capsys.readouterr().out
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["simulated"] is False


def test_the_json_says_simulated_for_an_old_record_of_a_simulated_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.dumps({"format": "evolink-images/provenance/1", "task_id": "t", "model": "m", "simulated": False})
    path = tmp_path / "marked.png"
    with path.open("wb") as target:
        embed_text(io.BytesIO(draw_png("x", 0, 8, 8)), target, [("evolink", record)])
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["simulated"] is True, "the file's mark wins over a record's false"


def test_the_fetch_keeps_the_first_bytes_whatever_the_chunking(tmp_path: Path) -> None:
    """The sink gathers the head across chunks (a first chunk of a few bytes must not end it)."""
    served = draw_png("x", 0, 64, 64)
    sink = _local_io.FileSink(Fetch("https://x/0.png", tmp_path / "p", 10**6), {})
    sink.open()
    for start in range(0, len(served), 7):
        assert sink.take(served[start : start + 7])
    sink.close()
    assert sink.result().head == served[: _local_io.HEAD_BYTES]
