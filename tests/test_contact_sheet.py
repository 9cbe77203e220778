"""The batch contact sheet: its images render in a real browser (headless Chromium); follow-ups join their parent."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
from evolink_images._batch import (
    BatchLine,
    BatchResult,
    LineOutcome,
    LineResult,
    read_batch,
    run_batch,
    write_contact_sheet,
)
from evolink_images._task import Task, TaskStatus
from evolink_images._validation import validate_request
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


# ---------------------------------------------------------------------------------------------- follow-ups
def result(
    out: Path,
    number: int,
    key: str,
    model: str,
    prompt: str | None = None,
    *,
    parent: str | None = None,
    image: int | None = None,
    outcome: LineOutcome = "done",
    message: str = "",
) -> LineResult:
    """Line *number*'s result: task ``task-<number>``, one file unless it failed; a follow-up of *parent*."""
    params: dict[str, Any] = {}
    if parent is not None:
        params["model_params"] = {"task_id": parent, **({"image_number": image} if image is not None else {})}
    line = BatchLine(number, key, validate_request(model, prompt, params))
    task = Task(id=f"task-{number}", model=model, status=TaskStatus.COMPLETED)
    files = (out / f"{key}-0.png",) if outcome == "done" else ()
    return LineResult(line, outcome, task, files, message)


TODAY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>evolink-images batch: 1 of 2 done</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; background: #f6f6f6; color: #222; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border-radius: 8px; padding: 8px; box-shadow: 0 1px 3px #0002; }
figure img { width: 100%; height: 200px; object-fit: contain; background: #eee; display: block; margin-bottom: 4px; }
figcaption strong { display: block; font-size: 12px; color: #555; }
figcaption span { display: block; margin-top: 4px; }
.failed, .ambiguous, .lost, .not_sent { outline: 2px solid #c33; }
.status { color: #c33; font-size: 12px; }
</style></head>
<body><h1>evolink-images batch: 1 of 2 done</h1>
<main>
""" + (
    '<figure class="done"><a href="fox-0.png"><img src="fox-0.png" alt="fox" loading="lazy"></a><figcaption>'
    # nano-banana is nano-banana-2-lite-beta since the docs of 2026-10 (D17).
    "<strong>fox \u00b7 nano-banana-2-lite-beta</strong>"
    "<span>a &lt;b&gt;bold&lt;/b&gt; fox</span></figcaption></figure>\n"
    '<figure class="failed"><p class="status">failed: service_error: &lt;boom&gt;</p><figcaption>'
    "<strong>lake \u00b7 nano-banana-2-lite-beta</strong><span>a lake &amp; dawn</span></figcaption></figure>\n"
    "</main></body></html>\n"
)


def test_without_follow_ups_the_sheet_is_as_before(tmp_path: Path) -> None:
    """Byte for byte the page the sheet wrote before it knew follow-ups (but for lost lines' outline, issue 25)."""
    sheet = BatchResult([
        result(tmp_path, 1, "fox", "nano-banana", "a <b>bold</b> fox"),
        result(tmp_path, 2, "lake", "nano-banana", "a lake & dawn", outcome="failed", message="service_error: <boom>"),
    ])  # fmt: skip
    page = write_contact_sheet(sheet, tmp_path).read_text(encoding="utf-8")
    assert without_costs(page) == TODAY, "the costs block (tests/test_batch_costs.py) is the only addition"
    assert '<table class="costs"><caption>Credits of this run</caption>' in page


def without_costs(page: str) -> str:
    """*page* without the run's costs block and its style, added after the sheet learned follow-ups."""
    lines = page.split("\n")
    return "\n".join(
        line for line in lines if not line.startswith((".costs", '<p class="costs">', '<table class="costs">'))
    )


def figures(page: str) -> list[str]:
    return [part.split("</figure>")[0] for part in page.split("<figure ")[1:]]


def test_follow_ups_are_grouped_after_their_parent_and_marked(tmp_path: Path) -> None:
    sheet = BatchResult([
        result(tmp_path, 1, "grid <1>", "mj-v7", "a lighthouse"),
        result(tmp_path, 2, "fox", "nano-banana", "a fox"),
        result(tmp_path, 3, "var", "mj-v7-variation", parent="task-1", image=1),
        result(tmp_path, 4, "other grid", "mj-v7", "a lake"),
        result(tmp_path, 5, "up", "mj-v7-upscale", parent="task-3", image=3),
        result(tmp_path, 6, "up0", "mj-v7-upscale", parent="task-1", outcome="failed", message="refused"),
    ])  # fmt: skip
    page = write_contact_sheet(sheet, tmp_path).read_text(encoding="utf-8")
    main = page.split("<main>\n")[1].split("\n</main>")[0]
    family, rest = main.split("\n</section>\n")
    assert family.startswith('<section class="family">\n<figure ')
    grid, var, up, up0 = figures(family)
    assert "grid &lt;1&gt; \u00b7 mj-v7<" in grid and 'class="lineage"' not in grid
    assert '<em class="lineage">variation #1 of grid &lt;1&gt;</em><strong>var \u00b7' in var
    assert '<em class="lineage">upscale #3 of var</em><strong>up \u00b7' in up, "a chain stays in the family"
    assert '<em class="lineage">upscale #0 of grid &lt;1&gt;</em>' in up0 and "failed: refused" in up0
    fox, other = figures(rest)
    assert "fox \u00b7" in fox and "other grid \u00b7" in other and "<section" not in rest
    assert page.count("<figure ") == 6 and ".family {" in page


def test_a_follow_up_of_a_task_outside_the_sheet_is_an_ordinary_card(tmp_path: Path) -> None:
    alone = result(tmp_path, 1, "up", "mj-v7-upscale", parent="task-from-yesterday", image=2)
    page = write_contact_sheet(BatchResult([alone]), tmp_path).read_text(encoding="utf-8")
    assert "<section" not in page and "lineage" not in page and "family" not in page
    assert '<figure class="done"><a href="up-0.png">' in page
