"""Concurrency: many generations (one create, then polls until final) of 2 s tasks on the simulator, on loopback and
behind a simulated network latency, at in-flight bounds B in ``BOUNDS``.

- ``evolink_images``: ``AsyncEvoLink(max_concurrent_requests=B)`` with its own httpx client and defaults, and
  ``asyncio.gather`` of ``generate("nano-banana", ...)``.
- ``plain_httpx``, the fair baseline: the same requests, written plainly on one ``httpx.AsyncClient`` with
  B connections and an ``asyncio.Semaphore(B)`` around each request. It polls on the same schedule
  (``evolink_images._polling.PollSchedule``, pure arithmetic) fed what ``wait`` feeds it (the task's age from its
  create answer, the latest estimate and progress), so the difference is the wrapper's own work: validation, the
  generated client, typed parsing, retries and its error handling. Given the same answers at the same moments, both
  make the same polls; but progress is read when each answer arrives, which on loopback the client's CPU decides, so
  the counts can differ. Both are reported.
- ``evolink_images, no sniffio`` (loopback, default bound): ours with ``sniffio`` made to look uninstalled (each
  import searches the path and fails); httpcore then tries that import on every request (why it is a dependency).
- ``naive`` (loopback, once, for reference only): everything gathered at once on a default httpx client (no bound,
  its pool of 100), polling every 1 s: what a first attempt looks like.

Each run gets a fresh simulator process and a fresh client process, so the client's CPU time and peak RSS are its own.
"""

from __future__ import annotations

import asyncio
import cProfile
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import json
import resource
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import simulator_process

TASK_SECONDS = 2.0
BOUNDS = (4, 8, 16, 32)
# The network round trip the second sweep simulates (each answer delayed by it).
LATENCY_SECONDS = 0.1
# The API's former id of the model the wrapper's "nano-banana" alias names (nano-banana-2-lite-beta); the API accepts
# it (gemini-2.5-flash-image, used before, is no longer mapped: D17).
PLAIN_MODEL = "nano-banana-beta"
TARGET = "within 3 s beyond the task duration, <= 150 MB, and no slower than 1.25x plain httpx at the same bound"
NO_SNIFFIO = "evolink_images, no sniffio"
# The statuses after which a task no longer changes (the client's ``TaskStatus.is_final``).
FINAL = frozenset({"completed", "failed", "cancelled"})

Counts = dict[str, int]


def _counting_hook(counts: Counts) -> Callable[[httpx.Request], Awaitable[None]]:
    """An httpx request hook that counts creates and polls by their path."""

    async def hook(request: httpx.Request) -> None:
        path = request.url.path
        if request.method == "POST" and path.endswith("/images/generations"):
            counts["creates"] += 1
        elif request.method == "GET" and "/tasks/" in path:
            counts["polls"] += 1

    return hook


def _pool_size(http: httpx.AsyncClient) -> int | None:
    """The connection limit of the client's pool (httpcore internals; None if they moved)."""
    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    size = getattr(pool, "_max_connections", None)
    return size if isinstance(size, int) else None


async def _with_evolink(url: str, count: int, bound: int | None, counts: Counts, info: dict[str, Any]) -> None:
    """Ours, with its own defaults. The counting hook is added to the httpx client AsyncEvoLink built for itself,
    after construction, so no setting of that client (limits, timeout, headers, transport) differs from the default.
    """
    import evolink_images as ei  # noqa: PLC0415 - loaded only in this mode's process (by client_main, untimed)

    assert bound is not None
    async with ei.AsyncEvoLink(api_key="bench", base_url=url, max_concurrent_requests=bound) as client:
        http = client._api.get_async_httpx_client()
        hooks = http.event_hooks
        http.event_hooks = {"request": [*hooks["request"], _counting_hook(counts)], "response": hooks["response"]}
        info["pool"] = _pool_size(http)
        await asyncio.gather(*(client.generate("nano-banana", f"study {n}") for n in range(count)))


async def _plain(url: str, count: int, bound: int | None, counts: Counts, info: dict[str, Any]) -> None:
    """The same work written plainly, with the same in-flight bound (a semaphore around each request) and the same
    polls (:func:`_plain_generation`).
    """
    assert bound is not None
    limits = httpx.Limits(max_connections=bound, max_keepalive_connections=bound)
    gate = asyncio.Semaphore(bound)
    async with httpx.AsyncClient(
        base_url=url,
        headers={"Authorization": "Bearer bench"},
        limits=limits,
        timeout=60,
        event_hooks={"request": [_counting_hook(counts)]},
    ) as http:
        info["pool"] = _pool_size(http)
        await asyncio.gather(*(_plain_generation(http, gate, n) for n in range(count)))


async def _plain_generation(http: httpx.AsyncClient, gate: asyncio.Semaphore, n: int) -> None:
    """One generation: create, then poll until final on the client's schedule, fed what the client's ``wait`` feeds
    it: the task's age since its create answer arrived (not since the create was queued), the latest
    ``estimated_time`` and the latest progress. Given the same answers at the same moments, the same polls.
    """
    from evolink_images._polling import PollSchedule  # noqa: PLC0415 - the schedule only, imported untimed

    async with gate:
        response = await http.post("/v1/images/generations", json={"model": PLAIN_MODEL, "prompt": f"study {n}"})
    response.raise_for_status()
    task = response.json()
    started = time.monotonic()
    schedule = PollSchedule()
    estimate: int | None = None
    while True:
        estimate = task["task_info"].get("estimated_time") or estimate
        if task["status"] in FINAL:
            return
        await asyncio.sleep(schedule.next_delay(time.monotonic() - started, estimate, task["progress"]))
        async with gate:
            response = await http.get(f"/v1/tasks/{task['id']}")
        response.raise_for_status()
        task = response.json()


async def _naive(url: str, count: int, bound: int | None, counts: Counts, info: dict[str, Any]) -> None:
    """What a first attempt looks like: gather everything on a default httpx client, poll every second."""
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": "Bearer bench"}, timeout=120) as http:
        info["pool"] = _pool_size(http)

        async def one(n: int) -> None:
            counts["creates"] += 1
            task = (
                await http.post("/v1/images/generations", json={"model": PLAIN_MODEL, "prompt": f"study {n}"})
            ).json()
            while task["status"] not in {"completed", "failed"}:
                await asyncio.sleep(1.0)
                counts["polls"] += 1
                task = (await http.get(f"/v1/tasks/{task['id']}")).json()

        await asyncio.gather(*(one(n) for n in range(count)))


class _Uninstalled(importlib.abc.MetaPathFinder):
    """Makes a module look uninstalled: every import of it searches the path (minus the folder that holds it) and
    fails, as it does where the module is missing. Failed imports are not cached, so each one pays the search.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        spec = importlib.util.find_spec(name)
        holder = str(Path(spec.origin).parent.parent) if spec and spec.origin else ""
        self.path = [entry for entry in sys.path if entry != holder]

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == self.name:
            importlib.machinery.PathFinder.find_spec(fullname, self.path)
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)


_RUNNERS = {"evolink_images": _with_evolink, NO_SNIFFIO: _with_evolink, "plain_httpx": _plain, "naive": _naive}


def _peak_rss_mb() -> float:
    """Peak resident memory of the running process. Linux's ``ru_maxrss`` keeps the parent's peak across fork and exec (so a
    client started by a big benchmark runner would report the runner's), so the kernel's VmHWM is read first.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def client_main(url: str, count: int, mode: str, bound: int | None = None, profile: str | None = None) -> None:
    """Run in a fresh process: one batch of *count* generations, printed as one JSON line.

    Wall and CPU time cover the whole batch (client construction included); the import of evolink_images is not
    timed (import time is measured by the startup benchmark) but its memory counts in the peak RSS. With *profile*, a
    cProfile of the batch is written to that path.
    """
    if mode == NO_SNIFFIO:
        sys.modules.pop("sniffio", None)
        sys.meta_path.insert(0, _Uninstalled("sniffio"))
    if mode != "naive":
        import evolink_images  # noqa: F401, PLC0415
    counts: Counts = {"creates": 0, "polls": 0}
    info: dict[str, Any] = {}
    profiler = cProfile.Profile() if profile else None
    cpu_start, start = _cpu_seconds(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    asyncio.run(_RUNNERS[mode](url, count, bound, counts, info))
    if profiler is not None:
        profiler.disable()
    wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    if profiler is not None and profile:
        profiler.dump_stats(profile)
    rss_mb = _peak_rss_mb()
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": rss_mb, **counts, **info}))


def _client(url: str, count: int, mode: str, bound: int | None, profile: str | None = None) -> dict[str, Any]:
    code = (
        "from benchmarks.concurrency import client_main; "
        f"client_main({url!r}, {count}, {mode!r}, {bound!r}, {profile!r})"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=900)
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def measure(
    count: int, mode: str, bound: int | None, *, latency: float = 0.0, profile: str | None = None
) -> dict[str, Any]:
    """One row: *mode* at *bound*, against a fresh simulator process, from a fresh client process."""
    with simulator_process(duration=TASK_SECONDS, latency=latency) as url:
        data = _client(url, count, mode, bound, profile)
    wall = data["wall_s"]
    return {
        "mode": mode,
        "bound": bound,
        "pool": data.get("pool"),
        "wall_s": round(wall, 2),
        "beyond_task_s": round(wall - TASK_SECONDS, 2),
        "creates": data["creates"],
        "polls": data["polls"],
        "creates_per_s": round(data["creates"] / wall, 1),
        "polls_per_s": round(data["polls"] / wall, 1),
        "cpu_ms_per_task": round(data["cpu_s"] * 1000 / count, 2),
        "peak_rss_mb": round(data["peak_rss_mb"], 1),
    }


def default_bound() -> int:
    """AsyncEvoLink's default ``max_concurrent_requests``, read from its signature."""
    import evolink_images as ei  # noqa: PLC0415

    default = inspect.signature(ei.AsyncEvoLink.__init__).parameters["max_concurrent_requests"].default
    assert isinstance(default, int)
    return default


def run(count: int = 1000, bounds: tuple[int, ...] = BOUNDS, *, latency: float = 0.0) -> dict[str, Any]:
    """Sweep the bound for ours and plain httpx (interleaved, so drift hits both alike); on loopback, then the
    no-sniffio and naive runs once each.
    """
    default = default_bound()
    rows = []
    for bound in sorted({*bounds, default}):
        rows.append(measure(count, "evolink_images", bound, latency=latency))
        rows.append(measure(count, "plain_httpx", bound, latency=latency))
    if not latency:
        rows.append(measure(count, NO_SNIFFIO, default))
        rows.append(measure(count, "naive", None))
    ours = {row["bound"]: row for row in rows if row["mode"] == "evolink_images"}
    plain = {row["bound"]: row for row in rows if row["mode"] == "plain_httpx"}
    at_default, plain_at_default = ours[default], plain[default]
    ratio = round(at_default["wall_s"] / plain_at_default["wall_s"], 3)
    result = {
        "generations": count,
        "task_s": TASK_SECONDS,
        "latency_s": latency,
        "rows": rows,
        "default_bound": default,
        "fastest_bound": min(ours, key=lambda bound: ours[bound]["wall_s"]),
        "fastest_plain_bound": min(plain, key=lambda bound: plain[bound]["wall_s"]),
        "at_default": at_default,
        "plain_at_same_bound": plain_at_default,
        "ratio_vs_plain": ratio,
        # One schedule, fed alike: the counts differ only by when the answers arrive (on loopback, the CPU decides).
        "polls_ratio_vs_plain": round(at_default["polls"] / plain_at_default["polls"], 3),
    }
    if latency:
        return result
    return {
        **result,
        "target": TARGET,
        "met": at_default["beyond_task_s"] <= 3.0 and at_default["peak_rss_mb"] <= 150 and ratio <= 1.25,
    }


def table(result: dict[str, Any]) -> list[str]:
    """The result as printable lines: one per run, then the fastest bound and the ratio at the default bound."""
    latency = result["latency_s"]
    where = f"{latency * 1000:g} ms added to every answer" if latency else "loopback"
    lines = [
        f"   {result['generations']} generations of {result['task_s']:g} s tasks, {where}; fresh simulator and"
        " client processes for each run",
        f"   {'mode':<29} {'bound':>5} {'pool':>4} {'wall s':>7} {'beyond s':>8} {'creates':>7} {'polls':>6}"
        f" {'creates/s':>9} {'polls/s':>8} {'CPU ms/task':>11} {'RSS MB':>7}",
    ]
    for row in result["rows"]:
        mode = "naive: no bound, default pool" if row["mode"] == "naive" else row["mode"]
        bound = "-" if row["bound"] is None else str(row["bound"])
        pool = "?" if row["pool"] is None else str(row["pool"])
        lines.append(
            f"   {mode:<29} {bound:>5} {pool:>4} {row['wall_s']:>7.2f} {row['beyond_task_s']:>8.2f}"
            f" {row['creates']:>7} {row['polls']:>6} {row['creates_per_s']:>9.1f} {row['polls_per_s']:>8.1f}"
            f" {row['cpu_ms_per_task']:>11.2f} {row['peak_rss_mb']:>7.1f}"
        )
    verdict = f"   target ({result['target']}): {'met' if result['met'] else 'MISSED'}" if "met" in result else ""
    lines.append(
        f"   fastest bound: evolink_images {result['fastest_bound']}, plain httpx {result['fastest_plain_bound']};"
        f" at the default bound {result['default_bound']}, evolink_images / plain httpx wall ="
        f" {result['ratio_vs_plain']}, polls {result['at_default']['polls']} / {result['plain_at_same_bound']['polls']}"
        f" = {result['polls_ratio_vs_plain']}{verdict}"
    )
    return lines


def compare_bounds(loopback: dict[str, Any], latency: dict[str, Any]) -> dict[str, Any]:
    """Each bound's wall time over the fastest bound's, on loopback and behind latency; the bound whose worse case
    is best (what the default should be), and whether the default is it.
    """
    slowdowns: dict[int, dict[str, float]] = {}
    for name, result in (("loopback", loopback), ("latency", latency)):
        ours = {row["bound"]: row["wall_s"] for row in result["rows"] if row["mode"] == "evolink_images"}
        fastest = min(ours.values())
        for bound, wall in ours.items():
            slowdowns.setdefault(bound, {})[name] = round(wall / fastest, 2)
    swept = {bound: ratios for bound, ratios in slowdowns.items() if len(ratios) == 2}
    best = min(swept, key=lambda bound: max(swept[bound].values()))
    return {
        "slowdown_vs_fastest": {str(bound): ratios for bound, ratios in sorted(swept.items())},
        "best_worst_case_bound": best,
        "default_bound": loopback["default_bound"],
        "met": best == loopback["default_bound"],
    }


def bound_line(choice: dict[str, Any]) -> str:
    """One line: each bound's slowdown on loopback / behind latency, and the verdict on the default."""
    cells = "   ".join(
        f"{bound}: {ratios['loopback']:.2f}x / {ratios['latency']:.2f}x"
        for bound, ratios in choice["slowdown_vs_fastest"].items()
    )
    verdict = "is" if choice["met"] else "is NOT"
    return (
        f"   slowdown against the fastest bound, loopback / latency:   {cells}\n"
        f"   best worst case: {choice['best_worst_case_bound']}; the default ({choice['default_bound']}) {verdict} it"
    )
