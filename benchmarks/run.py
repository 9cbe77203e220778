"""`make bench`: every figure with its baseline and ratio, as a table and in benchmarks/results.json.

python -m benchmarks.run          # the quick run: polling durations scaled by 1/4, 2,000 overhead calls
python -m benchmarks.run --full   # the real 3/10/30 s durations, 5,000 overhead calls
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from benchmarks import concurrency, overhead, polling, startup

RESULTS = Path(__file__).resolve().parent / "results.json"


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
    }


def show(results: dict[str, Any]) -> None:
    o, c, i, p = results["overhead"], results["concurrency"], results["imports"], results["polling"]
    print(
        f"\nmachine: {results['machine']['platform']}, {results['machine']['cpus']} CPUs, Python {results['machine']['python']}"
    )
    print("\n1. per-request overhead (get_task vs bare httpx GET + json.loads, medians of interleaved calls)")
    print(
        f"   wrapper {o['wrapper_median_ms']} ms   baseline {o['baseline_median_ms']} ms   ratio {o['ratio']}   target <= 1.25: {_ok(o)}"
    )
    print(f"\n2. polling (durations x{results['polling_scale']}): polls per task and detection lag")
    print(
        f"   {'duration':>8} {'estimate':>10} {'reported':>8}  {'adaptive':>16}  {'fixed 1 s':>16}  {'fixed 10 s':>16}"
    )
    for duration in sorted({row["duration_s"] for row in p["rows"]}):
        for estimate in polling.ESTIMATES:
            cells = {
                row["strategy"]: row
                for row in p["rows"]
                if row["duration_s"] == duration and row["estimate"] == estimate
            }
            reported = cells["adaptive"]["estimate_s"]
            line = "  ".join(f"{cells[s]['polls']:>3} polls {cells[s]['lag_s']:>5.2f} s" for s in polling.STRATEGIES)
            print(f"   {duration:>7}s {estimate:>10} {reported:>7}s  {line}")
    v = p["verdict"]
    print(
        f"   adaptive: at most {v['adaptive_max_polls']} polls, median lag {v['adaptive_median_lag_s']} s (max {v['adaptive_max_lag_s']} s);"
        f" fixed 1 s averages {v['fixed_1s_mean_polls']} polls   target: {_ok(v)}"
    )
    e, n = c["evolink"], c["naive_baseline"]
    print(f"\n3. concurrency: {c['generations']} generate calls, {c['task_s']} s tasks")
    print(
        f"   evolink_images  wall {e['wall_s']} s ({e['beyond_task_s']} s beyond the task)  {e['creates_per_s']} creates/s  {e['polls_per_s']} polls/s  peak RSS {e['peak_rss_mb']} MB"
    )
    print(
        f"   naive httpx     wall {n['wall_s']} s ({n['beyond_task_s']} s beyond the task)  {n['creates_per_s']} creates/s  {n['polls_per_s']} polls/s  peak RSS {n['peak_rss_mb']} MB"
    )
    print(f"   ratio {c['wall_ratio_vs_baseline']}   target <= 3 s beyond, <= 150 MB: {_ok(c)}")
    print("\n4. import time (fresh interpreters, median of 10)")
    if i.get("openai_ms") is None:
        print(f"   evolink_images {i['evolink_images_ms']} ms; openai not installed")
    else:
        print(
            f"   interpreter {i['interpreter_ms']} ms   evolink_images {i['evolink_images_ms']} ms   openai {i['openai_ms']} ms   ratio {i['ratio']}   target <= 1/3: {_ok(i)}"
        )
    w = results["make"]
    print(f"\n5. make generate {w['make_generate_s']} s   make contract {w['make_contract_s']} s")
    print(f"\nwritten to {RESULTS}")


def _ok(section: dict[str, Any]) -> str:
    return "met" if section.get("met") else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="real durations and more calls")
    args = parser.parse_args()
    scale = 1.0 if args.full else 0.25
    rows = polling.run(scale)
    results = {
        "machine": machine(),
        "mode": "full" if args.full else "quick",
        "overhead": overhead.run(5000 if args.full else 2000),
        "polling_scale": scale,
        "polling": {"rows": rows, "verdict": polling.verdict(rows)},
        "concurrency": concurrency.run(1000),
        "imports": startup.imports(),
        "make": startup.make_wall_times(),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    show(results)


if __name__ == "__main__":
    main()
