"""Per-request overhead: get_task through the wrapper against a bare httpx GET plus json.loads, interleaved."""

from __future__ import annotations

import json
import time
from typing import Any

import evolink_images as ei
import httpx

from benchmarks._common import median, simulator_process

AUTH = {"Authorization": "Bearer bench"}


def run(calls: int) -> dict[str, Any]:
    with simulator_process(duration=3600) as url:
        bare = httpx.Client(base_url=url, headers=AUTH)
        task_id = bare.post("/v1/images/generations", json={"model": "gemini-2.5-flash-image", "prompt": "x"}).json()[
            "id"
        ]
        client = ei.EvoLink(api_key="bench", base_url=url)
        for _ in range(50):  # warm both connections and caches
            client.get_task(task_id)
            json.loads(bare.get(f"/v1/tasks/{task_id}").content)
        wrapper_times, bare_times = [], []
        for _ in range(calls):
            start = time.perf_counter()
            client.get_task(task_id)
            wrapper_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            json.loads(bare.get(f"/v1/tasks/{task_id}").content)
            bare_times.append(time.perf_counter() - start)
        client.close()
        bare.close()
    wrapper_ms, bare_ms = median(wrapper_times) * 1000, median(bare_times) * 1000
    return {
        "calls": calls,
        "wrapper_median_ms": round(wrapper_ms, 3),
        "baseline_median_ms": round(bare_ms, 3),
        "ratio": round(wrapper_ms / bare_ms, 3),
        "target": "ratio <= 1.25",
        "met": wrapper_ms / bare_ms <= 1.25,
    }
