"""Concurrency: 1,000 concurrent `generate` calls on one AsyncEvoLink against the loopback simulator (2 s tasks),
against a naive client that lets every request queue in httpx's pool at once. Each client runs in its own process, so
its peak RSS is its own.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from typing import Any

import httpx

from benchmarks._common import simulator_process

TASK_SECONDS = 2.0


async def _with_evolink(url: str, count: int, counts: dict[str, int]) -> None:
    import evolink_images as ei  # noqa: PLC0415

    async def hook(request: httpx.Request) -> None:
        counts["creates" if request.method == "POST" else "polls"] += 1

    http = httpx.AsyncClient(event_hooks={"request": [hook]}, limits=httpx.Limits(max_connections=16))
    async with ei.AsyncEvoLink(api_key="bench", base_url=url, http_client=http) as client:
        await asyncio.gather(*(client.generate("nano-banana", f"study {n}") for n in range(count)))


async def _naive(url: str, count: int, counts: dict[str, int]) -> None:
    """What a first attempt looks like: gather everything on a default httpx client, poll every second."""
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": "Bearer bench"}, timeout=120) as http:

        async def one(n: int) -> None:
            counts["creates"] += 1
            task = (
                await http.post(
                    "/v1/images/generations", json={"model": "gemini-2.5-flash-image", "prompt": f"study {n}"}
                )
            ).json()
            while task["status"] not in {"completed", "failed"}:
                await asyncio.sleep(1.0)
                counts["polls"] += 1
                task = (await http.get(f"/v1/tasks/{task['id']}")).json()

        await asyncio.gather(*(one(n) for n in range(count)))


def client_main(url: str, count: int, mode: str) -> None:
    """Run in a fresh process: one batch of *count* generations, printed as JSON."""
    counts = {"creates": 0, "polls": 0}
    start = time.perf_counter()
    asyncio.run((_with_evolink if mode == "evolink" else _naive)(url, count, counts))
    wall = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_s": wall, "peak_rss_mb": rss_mb, **counts}))


def _client(url: str, count: int, mode: str) -> dict[str, Any]:
    code = f"from benchmarks.concurrency import client_main; client_main({url!r}, {count}, {mode!r})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600)
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def run(count: int) -> dict[str, Any]:
    results = {}
    for mode in ("evolink", "naive"):
        with simulator_process(duration=TASK_SECONDS) as url:
            data = _client(url, count, mode)
        data["beyond_task_s"] = round(data["wall_s"] - TASK_SECONDS, 2)
        data["creates_per_s"] = round(data["creates"] / data["wall_s"], 1)
        data["polls_per_s"] = round(data["polls"] / data["wall_s"], 1)
        data["wall_s"] = round(data["wall_s"], 2)
        data["peak_rss_mb"] = round(data["peak_rss_mb"], 1)
        results[mode] = data
    ours = results["evolink"]
    return {
        "generations": count,
        "task_s": TASK_SECONDS,
        "evolink": ours,
        "naive_baseline": results["naive"],
        "wall_ratio_vs_baseline": round(ours["wall_s"] / results["naive"]["wall_s"], 3),
        "target": "within 3 s beyond the task duration, peak RSS <= 150 MB",
        "met": ours["beyond_task_s"] <= 3.0 and ours["peak_rss_mb"] <= 150,
    }
