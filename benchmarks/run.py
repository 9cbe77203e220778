"""`make bench`: every figure beside its baseline from the same run, as tables and in benchmarks/results.json.

python -m benchmarks.run            # polling on 4 s and 12 s tasks, 2,000 overhead calls, 1,000 generations
python -m benchmarks.run --full     # adds 45 s tasks to polling, 5,000 overhead calls
python -m benchmarks.run --smoke --results /tmp/r.json   # every benchmark at a tiny size: proves they run
python -m benchmarks.run --full --only batch_scale       # measure one section again, in place in results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import batch_scale, concurrency, overhead, polling, provenance, startup

RESULTS = Path(__file__).resolve().parent / "results.json"


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
    }


def measure(mode: str, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every benchmark at the size *mode* (smoke, quick or full) asks for; with *only*, just those sections."""
    smoke, full = mode == "smoke", mode == "full"
    durations = (0.4,) if smoke else polling.FULL_DURATIONS if full else polling.DURATIONS

    def polling_rows() -> dict[str, Any]:
        rows = polling.run(durations)
        return {"rows": rows, "verdict": polling.verdict(rows)}

    def concurrency_pair() -> dict[str, Any]:
        loopback = concurrency.run(20, (4,)) if smoke else concurrency.run(1000)
        behind_latency = (
            concurrency.run(10, (4,), latency=0.01)
            if smoke
            else concurrency.run(250, latency=concurrency.LATENCY_SECONDS)
        )
        return {
            "concurrency": loopback,
            "concurrency_latency": behind_latency,
            "bound_choice": concurrency.compare_bounds(loopback, behind_latency),
        }

    sections: dict[str, Callable[[], dict[str, Any]]] = {
        "overhead": lambda: {"overhead": overhead.run(20 if smoke else 5000 if full else 2000)},
        "polling": lambda: {"polling": polling_rows(), "polling_sweep": polling.sweep_for(mode)},
        "concurrency": concurrency_pair,
        "imports": lambda: {
            "imports": startup.imports(1 if smoke else 10),
            "catalogue_scale": startup.catalogue_scale(1 if smoke else 15),
        },
        "provenance": lambda: {"provenance": provenance.run(smoke)},
        "batch_scale": lambda: {
            "batch_scale": batch_scale.run(
                batch_scale.SMOKE_SIZES if smoke else batch_scale.FULL_SIZES if full else batch_scale.SIZES
            )
        },
        # Smoke runs leave out `make contract`: it would run the suite inside itself.
        "make": lambda: {"make": {} if smoke else startup.make_wall_times()},
    }
    unknown = set(only) - set(sections)
    if unknown:
        raise SystemExit(f"unknown section(s) {sorted(unknown)}; the sections are {', '.join(sections)}")
    results: dict[str, Any] = {"machine": machine(), "mode": mode}
    for name, run in sections.items():
        if not only or name in only:
            results.update(run())
    return results


SECTIONS = ("overhead", "polling", "concurrency", "imports", "provenance", "batch_scale", "make")


def show(results: dict[str, Any], written_to: Path) -> None:
    m = results["machine"]
    print(f"\nmachine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}; {results['mode']} run")
    _show_overhead(results["overhead"])
    _show_polling(results["polling"])
    _show_polling_sweep(results["polling_sweep"])
    print("\n3. concurrency: the in-flight bound swept, against plain httpx with the same bound and poll schedule")
    for line in [*concurrency.table(results["concurrency"]), *concurrency.table(results["concurrency_latency"])]:
        print(line)
    print(concurrency.bound_line(results["bound_choice"]))
    _show_imports(results["imports"])
    for line in startup.scale_table(results["catalogue_scale"]):
        print(line)
    print("\n5. provenance: downloads with and without the record; the PNG rewrite against a plain copy")
    for line in provenance.table(results["provenance"]):
        print(line)
    print("\n6. batch scale: one batch at growing sizes, lines streamed and results on disk, against all held in lists")
    for line in batch_scale.table(results["batch_scale"]):
        print(line)
    if results["make"]:
        w = results["make"]
        print(f"\n7. make generate {w['make_generate_s']} s   make contract {w['make_contract_s']} s")
    print(f"\nwritten to {written_to}")


def _show_overhead(o: dict[str, Any]) -> None:
    print(f"\n1. per-request overhead: {o['compares']}; medians of {o['calls']} calls each")
    print(
        f"   wrapper {o['wrapper_median_ms']} ms   bare {o['baseline_median_ms']} ms   ratio {o['ratio']}"
        f"   target <= 1.25: {_ok(o)}"
    )


def _show_polling(p: dict[str, Any]) -> None:
    v = p["verdict"]
    print("\n2. polling: polls per task and detection lag, median of 11 tasks per scenario (durations +-10 %)")
    for line in polling.table(p["rows"]):
        print(line)
    print(
        f"   adaptive: {v['adaptive_scenarios_met']} of {v['scenarios']} scenarios within the bounds; worst median"
        f" {v['adaptive_worst_median_polls']} polls; worst lag {v['adaptive_worst_max_lag_share']:.0%} of its bound;"
        f" {v['adaptive_mean_polls']} polls on average against {v['fixed_1s_mean_polls']} for fixed 1 s"
        f"   target: {_ok(v)}"
    )


def _show_polling_sweep(sweep: dict[str, Any]) -> None:
    v = sweep["verdict"]
    print(f"\n2b. polling sweep: estimate/truth 0.3-3 in steps of {sweep['ratio_step']}, virtual time, 11 tasks each")
    for line in polling.sweep_table(sweep):
        print(line)
    print(f"   {v['judged_met']} of {v['judged']} points within their targets ({v['target']})   target: {_ok(v)}")


def _show_imports(i: dict[str, Any]) -> None:
    print(f"\n4. start-up beyond a bare interpreter ({i['interpreter_ms']} ms), medians of {i['runs']} fresh processes")
    ours, theirs = i["evolink_images"], i["openai"]
    if theirs["import_ms"] is None:
        print(f"   evolink_images: import {ours['import_ms']} ms, first request {ours['first_request_ms']} ms; openai"
              " not installed")  # fmt: skip
        return
    print(
        f"   import:        evolink_images {ours['import_ms']} ms   openai {theirs['import_ms']} ms"
        f"   ratio {i['import_ratio']}   target <= 1/3: {_ok(i)}"
    )
    print(
        f"   first request: evolink_images {ours['first_request_ms']} ms   openai {theirs['first_request_ms']} ms"
        f"   ratio {i['first_request_ratio']}   (lazy imports included)"
    )


def _ok(section: dict[str, Any]) -> str:
    return "met" if section.get("met") else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--full", action="store_true", help="45 s polling tasks too, and more overhead calls")
    size.add_argument("--smoke", action="store_true", help="every benchmark at a tiny size (figures meaningless)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON (default: %(default)s)")
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        default=[],
        help="measure only this section (repeatable) and replace its figures in the results file; the file records "
        "which sections were measured again, when",
    )
    args = parser.parse_args()
    mode = "smoke" if args.smoke else "full" if args.full else "quick"
    results = measure(mode, tuple(args.only))
    if args.only:
        results = _merged(json.loads(args.results.read_text(encoding="utf-8")), results, mode, args.only)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.only:
        show(results, args.results)
    else:
        print(json.dumps({key: results[key] for key in results if key not in {"machine", "mode"}}, indent=1)[:4000])


def _merged(earlier: dict[str, Any], fresh: dict[str, Any], mode: str, only: list[str]) -> dict[str, Any]:
    """*earlier* results with *fresh* sections in place of theirs, and a note of what was measured again, when."""
    if earlier.get("mode") != mode:
        raise SystemExit(f"the results file holds a {earlier.get('mode')} run; --only must measure at the same size")
    merged = {**earlier, **{key: value for key, value in fresh.items() if key not in {"machine", "mode"}}}
    again = dict(earlier.get("measured_again", {}))
    again.update(dict.fromkeys(only, fresh["machine"]["date"]))
    merged["measured_again"] = again
    return merged


if __name__ == "__main__":
    main()
