"""Polling efficiency: the adaptive schedule against fixed 1 s and 10 s polling, on tasks of 3, 10 and 30 s whose
estimated_time is accurate, 50 % low or 100 % high: polls per task and detection lag (client sees `completed` minus
the server's completion time, both on the same monotonic clock).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import evolink_images as ei
import httpx
from evolink_images.simulator import AsyncSimulatorTransport, Simulator, SimulatorConfig

DURATIONS = (3.0, 10.0, 30.0)
ESTIMATES = {"accurate": 1.0, "50% low": 0.5, "100% high": 2.0}
STRATEGIES: dict[str, float | None] = {"adaptive": None, "fixed 1 s": 1.0, "fixed 10 s": 10.0}


async def _measure(duration: float, factor: float, interval: float | None) -> dict[str, Any]:
    simulator = Simulator(SimulatorConfig(duration=duration, estimate_factor=factor))
    http = httpx.AsyncClient(transport=AsyncSimulatorTransport(simulator))
    async with ei.AsyncEvoLink(api_key="bench", base_url="http://simulator.bench", http_client=http) as client:
        task = await client.submit("nano-banana", "a lighthouse")
        await client.wait(task, poll_interval=interval, timeout=duration * 4 + 60)
        seen = time.monotonic()
    sim_task = simulator.task(task.id)
    assert sim_task is not None
    return {
        "polls": sim_task.polls,
        "lag_s": round(seen - sim_task.finishes_at, 3),
        "estimate_s": sim_task.estimated_time,
    }


def run(scale: float) -> list[dict[str, Any]]:
    """Every case at once (they mostly sleep); durations and fixed intervals multiplied by *scale*."""
    cases = [(d, e, s) for d in DURATIONS for e in ESTIMATES for s in STRATEGIES]

    async def everything() -> list[dict[str, Any]]:
        return await asyncio.gather(
            *(
                _measure(d * scale, ESTIMATES[e], None if STRATEGIES[s] is None else STRATEGIES[s] * scale)  # type: ignore[operator]
                for d, e, s in cases
            )
        )

    results = asyncio.run(everything())
    return [
        {"duration_s": round(d * scale, 2), "estimate": e, "strategy": s, **result}
        for (d, e, s), result in zip(cases, results, strict=True)
    ]


def verdict(rows: list[dict[str, Any]]) -> dict[str, Any]:
    adaptive = [row for row in rows if row["strategy"] == "adaptive"]
    worst_polls = max(row["polls"] for row in adaptive)
    lags = sorted(row["lag_s"] for row in adaptive)
    median_lag = lags[len(lags) // 2]
    baseline = [row for row in rows if row["strategy"] == "fixed 10 s"]
    return {
        "adaptive_max_polls": worst_polls,
        "adaptive_median_lag_s": median_lag,
        "adaptive_max_lag_s": lags[-1],
        "fixed_1s_mean_polls": round(sum(r["polls"] for r in rows if r["strategy"] == "fixed 1 s") / len(adaptive), 1),
        "fixed_10s_median_lag_s": sorted(r["lag_s"] for r in baseline)[len(baseline) // 2],
        "target": "median lag <= 0.5 s and <= 8 polls per task in every case",
        "met": median_lag <= 0.5 and worst_polls <= 8,
    }
