"""Polling: how soon `wait` sees a task finish, and with how many polls, whatever shape its progress takes.

Every scenario is a progress curve the simulator plays (linear, stuck, steps, front, none), a task duration (4 s and
12 s; 45 s too with --full) and an ``estimated_time`` exact, half or double the truth. A scenario runs eleven tasks whose
durations spread +-10 % around the nominal one, as real tasks do, each against its own in-process simulator (no
sockets: the lag measured is the schedule's, not the network's). The baseline, in the same run on the same tasks, is
plain fixed-interval polling every second.

Detection lag is the time the client sees ``completed`` minus the time the simulator completed the task, on the same
monotonic clock. The bounds, per scenario: median lag <= 0.3 s + 6 % of the duration, every task's lag <= 0.5 s +
12 % of its own duration, and at most 12 polls per task (median).

``measure_virtual`` runs the same scenarios in virtual time (instantly, deterministically): the test suite holds the
schedule to the bounds that way.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import attrs
import evolink_images as ei
import httpx
from evolink_images.simulator import (
    PROGRESS_CURVES,
    AsyncSimulatorTransport,
    Simulator,
    SimulatorConfig,
    SimulatorTransport,
)
from evolink_images.testing import VirtualClock

CURVES: tuple[str, ...] = tuple(PROGRESS_CURVES)
DURATIONS = (4.0, 12.0)
FULL_DURATIONS = (4.0, 12.0, 45.0)
ESTIMATES = {"exact": 1.0, "half": 0.5, "double": 2.0}
SPREAD = tuple(0.9 + 0.02 * step for step in range(11))  # 0.90, 0.92, ... 1.10
STRATEGIES: dict[str, float | None] = {"adaptive": None, "fixed 1 s": 1.0}
MODEL = "nano-banana"


@attrs.frozen
class Scenario:
    """One cell of the table: a progress curve, a nominal duration, how wrong the estimate is, and the strategy."""

    curve: str
    duration: float
    estimate: str
    strategy: str

    def config(self, spread: float) -> SimulatorConfig:
        """The simulator for one of its tasks, whose duration is the nominal one times *spread*."""
        return SimulatorConfig(
            duration=self.duration * spread,
            estimate_factor=ESTIMATES[self.estimate],
            progress=self.curve,  # type: ignore[arg-type]
        )


def scenarios(durations: tuple[float, ...], curves: tuple[str, ...] = CURVES) -> list[Scenario]:
    return [
        Scenario(curve, duration, estimate, strategy)
        for curve in curves
        for duration in durations
        for estimate in ESTIMATES
        for strategy in STRATEGIES
    ]


def _result(simulator: Simulator, task_id: str, seen: float, duration: float) -> dict[str, float]:
    sim_task = simulator.task(task_id)
    assert sim_task is not None
    return {"duration_s": duration, "polls": sim_task.polls, "lag_s": seen - sim_task.finishes_at}


async def _measure_real(scenario: Scenario, spread: float) -> dict[str, float]:
    config = scenario.config(spread)
    simulator = Simulator(config)
    http = httpx.AsyncClient(transport=AsyncSimulatorTransport(simulator))
    async with ei.AsyncEvoLink(api_key="bench", base_url="http://simulator.bench", http_client=http) as client:
        task = await client.submit(MODEL, "a lighthouse")
        await client.wait(task, poll_interval=STRATEGIES[scenario.strategy], timeout=scenario.duration * 8 + 30)
        seen = time.monotonic()
    return _result(simulator, task.id, seen, config.duration or 0.0)


def _measure_virtual(scenario: Scenario, spread: float) -> dict[str, float]:
    config = scenario.config(spread)
    clock = VirtualClock(start=1000.0)
    simulator = Simulator(config, clock=clock.now)
    http = httpx.Client(transport=SimulatorTransport(simulator))
    with ei.EvoLink(api_key="bench", base_url="http://simulator.bench", http_client=http, clock=clock) as client:
        task = client.submit(MODEL, "a lighthouse")
        client.wait(task, poll_interval=STRATEGIES[scenario.strategy], timeout=scenario.duration * 8 + 30)
    return _result(simulator, task.id, clock.now(), config.duration or 0.0)


def summarize(scenario: Scenario, tasks: list[dict[str, float]]) -> dict[str, Any]:
    """One scenario's row: medians and worst case over its tasks, and whether it keeps the bounds."""
    d = scenario.duration
    median_lag = statistics.median(task["lag_s"] for task in tasks)
    median_polls = statistics.median(task["polls"] for task in tasks)
    worst_share = max(task["lag_s"] / (0.5 + 0.12 * task["duration_s"]) for task in tasks)
    return {
        **attrs.asdict(scenario),
        "tasks": len(tasks),
        "median_polls": median_polls,
        "max_polls": max(task["polls"] for task in tasks),
        "median_lag_s": round(median_lag, 3),
        "max_lag_s": round(max(task["lag_s"] for task in tasks), 3),
        "max_lag_share_of_bound": round(worst_share, 3),
        "met": median_lag <= 0.3 + 0.06 * d and worst_share <= 1.0 and median_polls <= 12,
    }


def run(durations: tuple[float, ...] = DURATIONS, curves: tuple[str, ...] = CURVES) -> list[dict[str, Any]]:
    """Every scenario in real time, all at once (they mostly sleep)."""
    cases = [(scenario, spread) for scenario in scenarios(durations, curves) for spread in SPREAD]

    async def everything() -> list[dict[str, float]]:
        return await asyncio.gather(*(_measure_real(scenario, spread) for scenario, spread in cases))

    measured = asyncio.run(everything())
    return _rows(cases, measured)


def measure_virtual(
    durations: tuple[float, ...] = FULL_DURATIONS, curves: tuple[str, ...] = CURVES
) -> list[dict[str, Any]]:
    """Every scenario in virtual time: deterministic and instant."""
    cases = [(scenario, spread) for scenario in scenarios(durations, curves) for spread in SPREAD]
    return _rows(cases, [_measure_virtual(scenario, spread) for scenario, spread in cases])


def _rows(cases: list[tuple[Scenario, float]], measured: list[dict[str, float]]) -> list[dict[str, Any]]:
    by_scenario: dict[Scenario, list[dict[str, float]]] = {}
    for (scenario, _), result in zip(cases, measured, strict=True):
        by_scenario.setdefault(scenario, []).append(result)
    return [summarize(scenario, tasks) for scenario, tasks in by_scenario.items()]


def verdict(rows: list[dict[str, Any]]) -> dict[str, Any]:
    adaptive = [row for row in rows if row["strategy"] == "adaptive"]
    fixed = [row for row in rows if row["strategy"] == "fixed 1 s"]
    return {
        "scenarios": len(adaptive),
        "adaptive_worst_median_polls": max(row["median_polls"] for row in adaptive),
        "adaptive_worst_max_lag_share": max(row["max_lag_share_of_bound"] for row in adaptive),
        "adaptive_scenarios_met": sum(row["met"] for row in adaptive),
        "fixed_1s_mean_polls": round(statistics.mean(row["median_polls"] for row in fixed), 1),
        "adaptive_mean_polls": round(statistics.mean(row["median_polls"] for row in adaptive), 1),
        "target": "every scenario: median lag <= 0.3 s + 6 %, each lag <= 0.5 s + 12 %, median polls <= 12",
        "met": all(row["met"] for row in adaptive),
    }


def table(rows: list[dict[str, Any]]) -> list[str]:
    """The printable table: one block per curve, one line per duration and estimate."""
    lines = []
    for curve in dict.fromkeys(row["curve"] for row in rows):
        lines.append(f"   progress '{curve}'")
        lines.append(
            f"   {'duration':>8} {'estimate':>8}   {'adaptive: polls  lag median / max':>34} {'bound':>13}"
            f"   {'fixed 1 s: polls  lag':>22}"
        )
        for row in rows:
            if row["curve"] != curve or row["strategy"] != "adaptive":
                continue
            fixed = next(
                other
                for other in rows
                if other["strategy"] == "fixed 1 s"
                and (other["curve"], other["duration"], other["estimate"]) == (curve, row["duration"], row["estimate"])
            )
            d = row["duration"]
            lines.append(
                f"   {d:>7g}s {row['estimate']:>8}   {row['median_polls']:>14g}  {row['median_lag_s']:>6.2f} s / "
                f"{row['max_lag_s']:>5.2f} s {0.3 + 0.06 * d:>5.2f} / {0.5 + 0.12 * d:>4.2f} s"
                f"   {fixed['median_polls']:>10g}  {fixed['median_lag_s']:>6.2f} s   {'' if row['met'] else 'MISSED'}"
            )
    return lines
