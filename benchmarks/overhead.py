"""Per-request overhead of the wrapper: ``EvoLink.get_task`` against the same GET written with bare httpx.

Both read the same task from the simulator, served on loopback by its own process, over one kept-alive connection
each, with calls interleaved (wrapper, bare, wrapper, ...) so that drift hits both alike; after 50 warm-up calls each.
- wrapper: ``client.get_task(task_id)``: the task id checked, the request built by the generated client with the
  key and user agent, sent through httpx, the JSON parsed and turned into a typed ``Task``.
- bare: ``json.loads(http.get(f"/v1/tasks/{task_id}").content)``: the same request and JSON, nothing checked.
The figure is the ratio of the medians: what the wrapper's checks and typing cost per request.
"""

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
        task_id = bare.post("/v1/images/generations", json={"model": "nano-banana-beta", "prompt": "x"}).json()["id"]
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
        "compares": "EvoLink.get_task vs bare httpx GET + json.loads, same task, loopback, interleaved",
        "target": "ratio <= 1.25",
        "met": wrapper_ms / bare_ms <= 1.25,
    }
