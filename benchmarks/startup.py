"""Start-up cost in fresh interpreters, against openai's; and the wall time of `make generate` and `make contract`.

Two comparisons, each the median of fresh processes minus a bare interpreter start:
- ``import``: ``import evolink_images`` against ``import openai``.
- ``first request``: import, build a client, and send one image-generation request to a closed loopback port (it
  fails at once with each library's connection error, retries off). This counts what each library imports lazily on
  first use (openai loads its resources, types and pydantic models then; evolink_images its validation and request
  code), so neither can look cheap by deferring work.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from benchmarks._common import ROOT, free_port, median

# A clean environment (the project's runtime dependencies and openai, nothing from the dev extra) when make bench
# provides one: dev tools such as rich and click make httpx itself import slower, for both sides.
PYTHON = os.environ.get("BENCH_IMPORT_PYTHON") or sys.executable

_FIRST_REQUEST = {
    "evolink_images": """
import evolink_images as ei
client = ei.EvoLink(api_key="sk-bench", base_url="http://127.0.0.1:{port}", max_retries=0)
try:
    client.submit("nano-banana", "a lighthouse")
except ei.APIConnectionError:
    pass
""",
    "openai": """
import openai
client = openai.OpenAI(api_key="sk-bench", base_url="http://127.0.0.1:{port}/v1", max_retries=0)
try:
    client.images.generate(model="gpt-image-1", prompt="a lighthouse")
except openai.APIConnectionError:
    pass
""",
}


def _seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return median(times)


def _has(module: str) -> bool:
    return subprocess.run([PYTHON, "-c", f"import {module}"], check=False, capture_output=True).returncode == 0


def imports(runs: int = 10) -> dict[str, Any]:
    """Import and first-request costs beyond a bare interpreter start, ours against openai's."""
    bare = _seconds("import sys", runs)
    closed_port = free_port()  # bound and released: nothing listens there
    costs: dict[str, dict[str, float | None]] = {}
    for library, first_request in _FIRST_REQUEST.items():
        if not _has(library):
            costs[library] = {"import_ms": None, "first_request_ms": None}
            continue
        costs[library] = {
            "import_ms": round((_seconds(f"import {library}", runs) - bare) * 1000, 1),
            "first_request_ms": round((_seconds(first_request.format(port=closed_port), runs) - bare) * 1000, 1),
        }
    ours, theirs = costs["evolink_images"], costs["openai"]
    result: dict[str, Any] = {
        "runs": runs,
        "interpreter_ms": round(bare * 1000, 1),
        "evolink_images": ours,
        "openai": theirs,
        "environment": "clean venv: runtime dependencies + openai" if sys.executable != PYTHON else "the dev venv",
        "target": "import ratio <= 0.333",
    }
    if theirs["import_ms"] is None:
        return {**result, "note": "openai not installed", "met": None}
    import_ratio = ours["import_ms"] / theirs["import_ms"]  # type: ignore[operator]
    first_ratio = ours["first_request_ms"] / theirs["first_request_ms"]  # type: ignore[operator]
    return {
        **result,
        "import_ratio": round(import_ratio, 3),
        "first_request_ratio": round(first_ratio, 3),
        "met": import_ratio <= 1 / 3,
    }


def make_wall_times() -> dict[str, float]:
    """Seconds of `make generate` and `make contract`, as a maintainer runs them."""
    results = {}
    for target in ("generate", "contract"):
        start = time.perf_counter()
        subprocess.run(["make", "-s", target], cwd=ROOT, check=True, capture_output=True)
        results[f"make_{target}_s"] = round(time.perf_counter() - start, 1)
    return results
