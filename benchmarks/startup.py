"""Import time in fresh interpreters, against openai's; and the wall time of `make contract` and `make generate`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from benchmarks._common import ROOT, median

# A clean environment (the project's runtime dependencies and openai, nothing from the dev extra) when make bench
# provides one: dev tools such as rich and click make httpx itself import slower, for both sides.
PYTHON = os.environ.get("BENCH_IMPORT_PYTHON") or sys.executable


def _import_seconds(module: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - start)
    return median(times)


def imports(runs: int = 10) -> dict[str, Any]:
    bare = _import_seconds("sys", runs)
    ours = _import_seconds("evolink_images", runs)
    try:
        theirs = _import_seconds("openai", runs)
    except subprocess.CalledProcessError:
        return {"evolink_images_ms": round(ours * 1000, 1), "openai_ms": None, "note": "openai not installed"}
    ratio = (ours - bare) / (theirs - bare)
    return {
        "interpreter_ms": round(bare * 1000, 1),
        "evolink_images_ms": round(ours * 1000, 1),
        "openai_ms": round(theirs * 1000, 1),
        "ratio": round(ratio, 3),
        "note": "ratio of import cost beyond a bare interpreter start (medians of 10 fresh processes)",
        "environment": "clean venv: runtime dependencies + openai" if sys.executable != PYTHON else "the dev venv",
        "target": "ratio <= 0.333",
        "met": ratio <= 1 / 3,
    }


def make_wall_times() -> dict[str, float]:
    results = {}
    for target in ("generate", "contract"):
        start = time.perf_counter()
        subprocess.run(["make", "-s", target], cwd=ROOT, check=True, capture_output=True)
        results[f"make_{target}_s"] = round(time.perf_counter() - start, 1)
    return results
