"""The batch contact sheet renders its images in a real browser (headless Chromium)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images._batch import read_batch, run_batch, write_contact_sheet
from evolink_images.simulator import SimulatorServer
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.convert("RGB").tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def dominant_colours(path: Path, count: int = 4) -> list[tuple[int, int, int]]:
    with Image.open(path) as image:
        return [colour for colour, _ in Counter(pixels(image)).most_common(count)]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium); .ci/run installs it")
def test_the_contact_sheet_shows_its_images_in_a_browser(server: SimulatorServer, tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    prompts = ["a lighthouse", "a red fox", "a lake at dawn", "city lights"]
    batch.write_text(
        "\n".join(json.dumps({"model": "nano-banana", "prompt": p, "key": f"k{i}"}) for i, p in enumerate(prompts))
    )
    lines, _ = read_batch(batch)
    out = tmp_path / "out"

    async def run() -> Path:
        async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=tmp_path / "j.sqlite3") as client:
            return write_contact_sheet(await run_batch(client, lines, out, concurrency=4), out)

    sheet = asyncio.run(run())
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,700", "--hide-scrollbars",
         f"--screenshot={shot}", sheet.as_uri()],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    seen = set(pixels(Image.open(shot)))
    for path in sorted(out.glob("*.png")):
        missing = [colour for colour in dominant_colours(path) if colour not in seen]
        assert not missing, f"{path.name} is not rendered: colours {missing} are absent from the screenshot"


def test_without_the_images_the_check_would_fail(tmp_path: Path) -> None:
    """The colour check bites: a page whose images are missing lacks their colours."""
    from evolink_images.simulator._images import draw_png  # noqa: PLC0415

    image = tmp_path / "a.png"
    image.write_bytes(draw_png("a lighthouse", 0, 64, 64))
    blank = Image.new("RGB", (200, 200), (238, 238, 238))
    assert any(colour not in set(pixels(blank)) for colour in dominant_colours(image))
