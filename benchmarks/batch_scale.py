"""Batch scale: the same batch at growing sizes against a simulator server; peak RSS and time per line.

Every line is one generation: its create, its polls, the download of its image (with the provenance record), its
journal rows; then the contact sheet and the summary. Two ways, each size in a fresh client process (so each peak is
its own) against a fresh simulator process:

- ``streamed``: what ``evolink-images batch`` does: the file checked in one streaming pass, its lines read again one
  at a time as slots free up (``check_batch``), the results kept on disk (``BatchResult``).
- ``held``, the baseline: the same work with the same limits, but every line read into a list first
  (``read_batch``) and every result kept in a list, as batches ran before issue 24 (about 13 KB a line).

The verdict: the streamed peak RSS at 4,000 lines within 25 % of 1,000's, and its time per line flat (the largest
size within 25 % of the smallest). ``creates_per_s`` and ``polls_per_s`` are what one process sustained at
``--concurrency`` lines in flight and the client's default bound of requests in flight, on loopback, where the
client's CPU is the limit.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import simulator_process
from benchmarks.concurrency import _counting_hook, _cpu_seconds, _peak_rss_mb

SIZES = (1000, 4000)
FULL_SIZES = (1000, 4000, 16000)
SMOKE_SIZES = (20, 80)
CONCURRENCY = 64  # lines in flight (batch --concurrency); requests in flight are the client's default bound
TASK_SECONDS = 0.5
MODES = ("streamed", "held")
TARGET = "streamed: peak RSS at 4,000 lines within 25 % of 1,000's; time per line within 25 % from smallest to largest"


def write_batch(path: Path, count: int) -> None:
    """*count* lines, as a batch file of prompts would hold them."""
    with path.open("w", encoding="utf-8") as stream:
        for n in range(count):
            line = {"model": "nano-banana", "prompt": f"a lighthouse at dusk, study {n}", "key": f"shot-{n:05d}"}
            stream.write(json.dumps(line) + "\n")


def client_main(url: str, batch: str, folder: str, mode: str, concurrency: int) -> None:
    """Run in a fresh process: the batch at *batch*, printed as one JSON line of its figures."""
    import evolink_images as ei  # noqa: PLC0415 - loaded only in the client's process, before the clock starts
    from evolink_images._batch import (  # noqa: PLC0415
        BatchResult,
        LineResult,
        check_batch,
        read_batch,
        run_batch,
        write_contact_sheet,
    )
    from evolink_images.cli._batch_commands import summary  # noqa: PLC0415

    counts = {"creates": 0, "polls": 0}
    out, journal = Path(folder) / "out", Path(folder) / "journal.sqlite3"
    kept: list[LineResult] = []

    def keep(result: LineResult | None, _: object) -> None:
        if result is not None:
            kept.append(result)

    async def run() -> tuple[BatchResult, int]:
        async with ei.AsyncEvoLink(api_key="bench", base_url=url, journal=journal) as client:
            http = client._api.get_async_httpx_client()
            hooks = http.event_hooks
            http.event_hooks = {"request": [*hooks["request"], _counting_hook(counts)], "response": hooks["response"]}
            if mode == "streamed":
                lines = check_batch(Path(batch))
                return await run_batch(client, lines, out, concurrency=concurrency), lines.lines
            held, _ = read_batch(Path(batch))
            result = await run_batch(client, held, out, concurrency=concurrency, on_change=keep)
            return result, len(held)

    cpu_start, start = _cpu_seconds(), time.perf_counter()
    result, count = asyncio.run(run())
    write_contact_sheet(result, out)
    summary(result, count, None)
    wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    done = result.count("done")
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": _peak_rss_mb(), "done": done, **counts}))


def measure(count: int, mode: str, concurrency: int = CONCURRENCY) -> dict[str, Any]:
    """One row: *count* lines the *mode* way, from a fresh client process against a fresh simulator process."""
    folder = Path(tempfile.mkdtemp(prefix="evolink-batch-scale-"))
    try:
        batch = folder / "batch.jsonl"
        write_batch(batch, count)
        code = (
            "from benchmarks.batch_scale import client_main; "
            f"client_main({{url!r}}, {str(batch)!r}, {str(folder)!r}, {mode!r}, {concurrency})"
        )
        with simulator_process(duration=TASK_SECONDS) as url:
            run = subprocess.run(
                [sys.executable, "-c", code.format(url=url)], capture_output=True, text=True, check=True, timeout=3600
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    data = json.loads(run.stdout.strip().splitlines()[-1])
    wall = data["wall_s"]
    return {
        "mode": mode,
        "lines": count,
        "done": data["done"],
        "wall_s": round(wall, 2),
        "ms_per_line": round(wall * 1000 / count, 2),
        "cpu_ms_per_line": round(data["cpu_s"] * 1000 / count, 2),
        "peak_rss_mb": round(data["peak_rss_mb"], 1),
        "creates": data["creates"],
        "polls": data["polls"],
        "creates_per_s": round(data["creates"] / wall, 1),
        "polls_per_s": round(data["polls"] / wall, 1),
    }


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    """Each size the streamed way and the held way (interleaved, so drift hits both alike), and the verdict."""
    rows = [measure(count, mode) for count in sizes for mode in MODES]
    by = {(row["mode"], row["lines"]): row for row in rows}
    small, large = sizes[0], sizes[-1]
    compared = 4000 if {1000, 4000} <= set(sizes) else sizes[1]  # the pair, else the two smallest

    def growth(mode: str, field: str, to: int) -> float:
        return round(by[(mode, to)][field] / by[(mode, small)][field], 3)

    def kb_per_line(mode: str) -> float:
        grown = by[(mode, large)]["peak_rss_mb"] - by[(mode, small)]["peak_rss_mb"]
        return round(grown * 1024 / (large - small), 2)

    verdict = {
        mode: {
            "rss_growth": growth(mode, "peak_rss_mb", compared),
            "ms_per_line_growth": growth(mode, "ms_per_line", large),
            "kb_per_line": kb_per_line(mode),
        }
        for mode in MODES
    }
    streamed = verdict["streamed"]
    at_largest = by[("streamed", large)]
    return {
        "concurrency": CONCURRENCY,
        "task_s": TASK_SECONDS,
        "sizes": list(sizes),
        "rss_compared": [small, compared],
        "rows": rows,
        "verdict": verdict,
        "sustained": {
            "lines": large,
            "creates_per_s": at_largest["creates_per_s"],
            "polls_per_s": at_largest["polls_per_s"],
            "cpu_ms_per_line": at_largest["cpu_ms_per_line"],
        },
        "target": TARGET,
        "met": streamed["rss_growth"] <= 1.25 and streamed["ms_per_line_growth"] <= 1.25,
    }


def table(result: dict[str, Any]) -> list[str]:
    """The result as printable lines: one per run, then the growth of each way and the verdict."""
    lines = [
        f"   {result['task_s']:g} s tasks on loopback, --concurrency {result['concurrency']}; fresh simulator and"
        " client processes for each run",
        f"   {'mode':<9} {'lines':>6} {'done':>6} {'wall s':>7} {'ms/line':>8} {'CPU ms/line':>11} {'RSS MB':>7}"
        f" {'creates/s':>9} {'polls/s':>8}",
    ]
    for row in result["rows"]:
        lines.append(
            f"   {row['mode']:<9} {row['lines']:>6} {row['done']:>6} {row['wall_s']:>7.2f} {row['ms_per_line']:>8.2f}"
            f" {row['cpu_ms_per_line']:>11.2f} {row['peak_rss_mb']:>7.1f} {row['creates_per_s']:>9.1f}"
            f" {row['polls_per_s']:>8.1f}"
        )
    small, compared = result["rss_compared"]
    for mode, figures in result["verdict"].items():
        lines.append(
            f"   {mode}: peak RSS at {compared} lines / at {small} = {figures['rss_growth']}; time per line, largest /"
            f" smallest = {figures['ms_per_line_growth']}; {figures['kb_per_line']} KB more a line"
        )
    lines.append(f"   target ({result['target']}): {'met' if result['met'] else 'MISSED'}")
    return lines


if __name__ == "__main__":
    sizes = tuple(int(size) for size in sys.argv[1:]) or SIZES
    for text in table(run(sizes)):
        print(text)
