"""Polling: how soon `wait` sees a task finish, and with how many polls, whatever shape its progress takes.

Every scenario is a progress curve the simulator plays (linear, stuck, steps, front, none), a task duration (4 s and
12 s; 45 s too with --full) and an ``estimated_time`` exact, half or double the truth. A scenario runs eleven tasks whose
durations spread +-10 % around the nominal one, as real tasks do, each against its own in-process simulator (no
sockets: the lag measured is the schedule's, not the network's). The baseline, in the same run on the same tasks, is
plain fixed-interval polling every second.

Detection lag is the time the client sees ``completed`` minus the time the simulator completed the task, on the same
monotonic clock. The bounds, per scenario: median lag <= 0.3 s + 6 % of the duration, every task's lag <= 0.5 s +
12 % of its own duration, and at most 12 polls per task (median; 13 for silent progress, which pays for the early
look at a third of the estimate).

``measure_virtual`` runs the same scenarios in virtual time (instantly, deterministically): the test suite holds the
schedule to the bounds that way.

The sweep (``sweep``) runs the estimate/truth ratio through 0.3 to 3 in fine steps, for linear, steps, front and
silent ('none') progress, on 6 s tasks (45 s too with --full), in virtual time: the real client against the
in-process simulator on a ``VirtualClock``, eleven tasks per point as above. Its targets: with linear or steps
progress, median lag <= 0.25 s + 3 % of the duration and median polls <= 8 at every ratio; with silent progress,
every lag <= 0.5 s + 12 % of its task's duration for ratios 0.5 to 2 and <= 0.5 s + 50 % beyond; front-loaded
progress is reported. The baseline is the same fixed 1 s polling (it does not depend on the estimate), held to the
same targets.
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


def polls_bound(curve: str) -> int:
    """The most polls a scenario's median task may take: one more for silent progress (the early look's)."""
    return 13 if curve == "none" else 12


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
        "met": median_lag <= 0.3 + 0.06 * d and worst_share <= 1.0 and median_polls <= polls_bound(scenario.curve),
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
        "target": "every scenario: median lag <= 0.3 s + 6 %, each lag <= 0.5 s + 12 %, median polls <= 12 (none: 13)",
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


# ---------------------------------------------------------------------------------------------- the sweep
SWEEP_CURVES = ("linear", "steps", "front", "none")
SWEEP_DURATIONS = (6.0,)
FULL_SWEEP_DURATIONS = (6.0, 45.0)
SWEEP_STEP = 0.1
FULL_SWEEP_STEP = 0.05
AIMED = ("linear", "steps")  # the curves held to the lag and poll targets
LAG_TARGET_BASE, LAG_TARGET_SHARE, POLLS_TARGET = 0.25, 0.03, 8
SILENT_BOUND_BASE, SILENT_SHARE, SILENT_SHARE_BEYOND = 0.5, 0.12, 0.5


def sweep_ratios(step: float = SWEEP_STEP) -> tuple[float, ...]:
    """Estimate/truth ratios from 0.3 to 3 in steps of *step*."""
    return tuple(round(0.3 + step * index, 4) for index in range(round(2.7 / step) + 1))


@attrs.frozen
class SweepPoint:
    """One point of the sweep: a progress curve, a nominal duration, estimate/truth, and the strategy."""

    curve: str
    duration: float
    ratio: float
    strategy: str = "adaptive"

    def config(self, spread: float) -> SimulatorConfig:
        """The simulator for one of its tasks, whose duration is the nominal one times *spread*."""
        return SimulatorConfig(
            duration=self.duration * spread,
            estimate_factor=self.ratio,
            progress=self.curve,  # type: ignore[arg-type]
        )


def silent_share(ratio: float) -> float:
    """The share of its duration a task with silent progress may be seen late (plus 0.5 s), at this ratio."""
    return SILENT_SHARE if 0.5 <= ratio <= 2 else SILENT_SHARE_BEYOND


def judge(curve: str, duration: float, ratio: float | None, tasks: list[dict[str, float]]) -> dict[str, Any]:
    """The medians of one point's tasks, its targets (None for front-loaded progress) and whether they are met.

    *ratio* None is the fixed-interval baseline, which is judged at the ratios 0.5 to 2 for silent progress.
    """
    median_lag = statistics.median(task["lag_s"] for task in tasks)
    median_polls = statistics.median(task["polls"] for task in tasks)
    row: dict[str, Any] = {
        "tasks": len(tasks),
        "median_polls": median_polls,
        "max_polls": max(task["polls"] for task in tasks),
        "median_lag_s": round(median_lag, 3),
        "max_lag_s": round(max(task["lag_s"] for task in tasks), 3),
    }
    if curve in AIMED:
        lag_target = LAG_TARGET_BASE + LAG_TARGET_SHARE * duration
        row["lag_target_s"] = round(lag_target, 3)
        row["median_lag_share_of_target"] = round(median_lag / lag_target, 3)
        row["met"] = median_lag <= lag_target and median_polls <= POLLS_TARGET
    elif curve == "none":
        share = silent_share(1.0 if ratio is None else ratio)
        worst = max(task["lag_s"] / (SILENT_BOUND_BASE + share * task["duration_s"]) for task in tasks)
        row["max_lag_share_of_bound"] = round(worst, 3)
        row["met"] = worst <= 1.0
    else:
        row["met"] = None
    return row


def sweep(durations: tuple[float, ...] = SWEEP_DURATIONS, step: float = SWEEP_STEP) -> dict[str, Any]:
    """The sweep in virtual time, with the fixed 1 s baseline of each curve and duration, and the verdict."""
    rows = [
        {**attrs.asdict(point), **measure_point(point)}
        for duration in durations
        for curve in SWEEP_CURVES
        for ratio in sweep_ratios(step)
        for point in [SweepPoint(curve, duration, ratio)]
    ]
    baseline = []
    for duration in durations:
        for curve in SWEEP_CURVES:
            point = SweepPoint(curve, duration, 1.0, "fixed 1 s")
            tasks = [_measure_virtual(point, spread) for spread in SPREAD]  # type: ignore[arg-type]
            baseline.append({"curve": curve, "duration": duration, "strategy": point.strategy,
                             **judge(curve, duration, None, tasks)})  # fmt: skip
    return {"durations": list(durations), "ratio_step": step, "rows": rows, "baseline": baseline,
            "verdict": sweep_verdict(rows, baseline)}  # fmt: skip


def sweep_for(mode: str) -> dict[str, Any]:
    """The sweep at the size *mode* (smoke, quick or full) asks for."""
    if mode == "smoke":
        return sweep((0.4,), 0.9)
    return sweep(FULL_SWEEP_DURATIONS, FULL_SWEEP_STEP) if mode == "full" else sweep()


def measure_point(point: SweepPoint) -> dict[str, Any]:
    """One point of the sweep: its eleven tasks, in virtual time, judged against the point's targets."""
    tasks = [_measure_virtual(point, spread) for spread in SPREAD]  # type: ignore[arg-type]
    return judge(point.curve, point.duration, point.ratio, tasks)


def sweep_verdict(rows: list[dict[str, Any]], baseline: list[dict[str, Any]]) -> dict[str, Any]:
    """Per curve: points within the targets, the worst median polls and lag; the baseline's; and the overall word."""
    curves: dict[str, Any] = {}
    for curve in SWEEP_CURVES:
        mine = [row for row in rows if row["curve"] == curve]
        theirs = [row for row in baseline if row["curve"] == curve]
        summary: dict[str, Any] = {
            "points": len(mine),
            "worst_median_polls": max(row["median_polls"] for row in mine),
            "worst_median_lag_s": max(row["median_lag_s"] for row in mine),
            "fixed_1s_median_polls": max(row["median_polls"] for row in theirs),
            "fixed_1s_median_lag_s": max(row["median_lag_s"] for row in theirs),
        }
        if curve in AIMED:
            summary["worst_median_lag_share_of_target"] = max(row["median_lag_share_of_target"] for row in mine)
        if curve == "none":
            summary["worst_max_lag_share_of_bound"] = max(row["max_lag_share_of_bound"] for row in mine)
        if curve != "front":
            summary["points_met"] = sum(bool(row["met"]) for row in mine)
            summary["fixed_1s_met"] = all(row["met"] for row in theirs)
        curves[curve] = summary
    judged = [row for row in rows if row["met"] is not None]
    return {
        "points": len(rows),
        "judged": len(judged),
        "judged_met": sum(bool(row["met"]) for row in judged),
        "curves": curves,
        "targets": {
            "lag_base_s": LAG_TARGET_BASE,
            "lag_share": LAG_TARGET_SHARE,
            "median_polls": POLLS_TARGET,
            "silent_base_s": SILENT_BOUND_BASE,
            "silent_share": SILENT_SHARE,
            "silent_share_beyond": SILENT_SHARE_BEYOND,
        },
        "target": (
            "linear, steps: median lag <= 0.25 s + 3 %, median polls <= 8 at every ratio 0.3-3; none: each lag <="
            " 0.5 s + 12 % (ratios 0.5-2), + 50 % beyond; front: reported"
        ),
        "met": all(row["met"] for row in judged),
    }


def sweep_table(result: dict[str, Any]) -> list[str]:
    """The printable sweep: one block per duration, one line per ratio, a cell per curve ('!' marks a miss)."""
    lines = []
    for duration in result["durations"]:
        lag_target = LAG_TARGET_BASE + LAG_TARGET_SHARE * duration
        lines.append(
            f"   {duration:g} s tasks, median polls / median lag; targets: linear, steps <= {POLLS_TARGET} polls,"
            f" <= {lag_target:.2f} s; none: each lag <= {SILENT_BOUND_BASE} s + 12 % (0.5-2), + 50 % beyond"
        )
        lines.append("   " + f"{'ratio':>6}" + "".join(f"{curve:>16}" for curve in SWEEP_CURVES))
        for ratio in sweep_ratios(result["ratio_step"]):
            cells = [
                _cell(row)
                for curve in SWEEP_CURVES
                for row in result["rows"]
                if (row["curve"], row["duration"], row["ratio"]) == (curve, duration, ratio)
            ]
            lines.append("   " + f"{ratio:>6.2f}" + "".join(cells))
        fixed = [_cell(row) for curve in SWEEP_CURVES for row in result["baseline"]
                 if (row["curve"], row["duration"]) == (curve, duration)]  # fmt: skip
        lines.append("   " + f"{'fixed':>6}" + "".join(fixed) + "   (fixed 1 s, any ratio)")
    return lines


def _cell(row: dict[str, Any]) -> str:
    mark = "!" if row["met"] is False else " "
    return f"{row['median_polls']:>6g} {row['median_lag_s']:>6.2f} s{mark}"
