"""Start-up cost in fresh interpreters, against openai's and against the catalogue's size; and `make` wall times.

Two comparisons, each the median of fresh processes minus a bare interpreter start:
- ``import``: ``import evolink_images`` against ``import openai``.
- ``first request``: import, build a client, and send one image-generation request to a closed loopback port (it
  fails at once with each library's connection error, retries off). This counts what each library imports lazily on
  first use (openai loads its resources, types and pydantic models then; evolink_images its validation and request
  code), so neither can look cheap by deferring work.

And one against the catalogue's size (``catalogue_scale``): ``import evolink_images`` timed inside fresh processes,
with today's catalogue and with ten times its models (benchmarks/scaled_catalogue.py), alternating, as a ratio of
medians; beside it the same import followed by building every model, which is what import cost before models were
built on first use.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import ROOT, free_port, median
from benchmarks.scaled_catalogue import write_package

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


# `import evolink_images` timed inside the process: its wall and CPU seconds, then the CPU seconds of the import and of
# building every model of its catalogue after it.
_TIMED_IMPORT = """
import time
start, cpu = time.perf_counter(), time.process_time()
import evolink_images
wall, imported = time.perf_counter() - start, time.process_time() - cpu
built = len(list(evolink_images.presets.values()))
print(wall, imported, time.process_time() - cpu, built)
"""
# The import with ten times the models may take at most this much longer than today's ("within a few per cent").
SCALE_TARGET = 1.05


def _timed_import(package: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([PYTHON, "-c", _TIMED_IMPORT], env=env, check=True, capture_output=True, text=True).stdout
    return [float(value) for value in out.split()]


def catalogue_scale(runs: int = 15, factor: int = 10) -> dict[str, Any]:
    """Import time with *factor* times the catalogue's models against today's: medians of *runs* fresh processes each.

    Each catalogue is a copy of the package (byte-compiled first, as an install is); the runs alternate between them.
    The ratio is of CPU time, which other processes on the machine disturb less than wall time (an import waits for
    nothing: on an idle machine the two agree; the wall medians are recorded too). ``eager`` is the import plus
    building every model: what import cost when it built the catalogue.
    """
    with tempfile.TemporaryDirectory() as tmp:
        packages = {f"{scale}x": write_package(Path(tmp) / f"x{scale}", scale) for scale in (1, factor)}
        for package in packages.values():
            subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True, capture_output=True)
        samples: dict[str, list[list[float]]] = {scale: [] for scale in packages}
        for _ in range(runs):
            for scale, package in packages.items():
                samples[scale].append(_timed_import(package))

    def ms(scale: str, column: int) -> float:
        return round(median([run[column] for run in samples[scale]]) * 1000, 1)

    one, many = packages
    import_ms = {scale: ms(scale, 1) for scale in packages}
    eager_ms = {scale: ms(scale, 2) for scale in packages}
    ratio = import_ms[many] / import_ms[one]
    return {
        "runs": runs,
        "models": {scale: int(samples[scale][0][3]) for scale in packages},
        "import_ms": import_ms,
        "import_wall_ms": {scale: ms(scale, 0) for scale in packages},
        "import_ratio": round(ratio, 3),
        "eager_ms": eager_ms,
        "eager_ratio": round(eager_ms[many] / eager_ms[one], 3),
        "environment": "clean venv: runtime dependencies + openai" if sys.executable != PYTHON else "the dev venv",
        "target": f"import ratio <= {SCALE_TARGET}",
        "met": ratio <= SCALE_TARGET,
    }


def scale_table(result: dict[str, Any]) -> list[str]:
    """The catalogue-scale comparison as printed lines."""
    models, imported, eager = result["models"], result["import_ms"], result["eager_ms"]
    one, many = list(models)
    return [
        f"   catalogue of {models[one]} models against {models[many]}: CPU ms, medians of {result['runs']} fresh"
        " processes each",
        f"   import:                    {imported[one]} ms   {imported[many]} ms   ratio {result['import_ratio']}"
        f"   target <= {SCALE_TARGET}: {'met' if result['met'] else 'MISSED'}",
        f"   import, then every model:  {eager[one]} ms   {eager[many]} ms   ratio {result['eager_ratio']}"
        "   (what import cost when it built them all)",
    ]


def make_wall_times() -> dict[str, float]:
    """Seconds of `make generate` and `make contract`, as a maintainer runs them."""
    results = {}
    for target in ("generate", "contract"):
        start = time.perf_counter()
        subprocess.run(["make", "-s", target], cwd=ROOT, check=True, capture_output=True)
        results[f"make_{target}_s"] = round(time.perf_counter() - start, 1)
    return results
