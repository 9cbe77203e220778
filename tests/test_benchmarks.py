"""Every benchmark runs: `make bench` at a tiny size. Its figures mean nothing at that size and none is checked; what
is checked is that each section ran, measured what it says, and was printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # about 45 s, half of it CPU: `make test-all` runs it
def test_every_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    written = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--results", str(written)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(written.read_text(encoding="utf-8"))
    assert results["mode"] == "smoke"
    assert results["overhead"]["calls"] == 20 and results["overhead"]["ratio"] > 0
    polling = results["polling"]
    assert {row["curve"] for row in polling["rows"]} == {"linear", "stuck", "steps", "front", "none"}
    assert {row["strategy"] for row in polling["rows"]} == {"adaptive", "fixed 1 s"}
    assert all(row["tasks"] == 11 for row in polling["rows"])
    sweep = results["polling_sweep"]
    assert {row["curve"] for row in sweep["rows"]} == {"linear", "steps", "front", "none"}
    assert {row["ratio"] for row in sweep["rows"]} >= {0.3, 3.0}, "the sweep spans 0.3 to 3 times the truth"
    assert all(row["tasks"] == 11 for row in sweep["rows"] + sweep["baseline"])
    for section, modes in (
        ("concurrency", {"evolink_images", "plain_httpx", "evolink_images, no sniffio", "naive"}),
        ("concurrency_latency", {"evolink_images", "plain_httpx"}),
    ):
        rows = results[section]["rows"]
        assert {row["mode"] for row in rows} == modes
        assert all(row["creates"] == results[section]["generations"] for row in rows), "every generation created"
        # Ours opens as many connections as it lets requests through, as the plain baseline does.
        assert all(row["pool"] == row["bound"] for row in rows if row["mode"] != "naive"), rows
    assert set(results["bound_choice"]["slowdown_vs_fastest"]) == {"4", "16"}, "the default bound is always swept"
    assert results["imports"]["evolink_images"]["first_request_ms"] > 0
    scale = results["catalogue_scale"]
    assert scale["models"]["10x"] == 10 * scale["models"]["1x"] and scale["import_ratio"] > 0
    record = results["provenance"]
    assert record["downloads"]["downloads"] == 4 and record["downloads"]["ratio"] > 0
    assert [row["size_mb"] for row in record["rewrite"]] == [1] and record["rewrite"][0]["ratio"] > 0
    scale = results["batch_scale"]
    assert {(row["mode"], row["lines"]) for row in scale["rows"]} == {
        (mode, lines) for mode in ("streamed", "held") for lines in scale["sizes"]
    }
    assert all(row["done"] == row["lines"] == row["creates"] for row in scale["rows"]), "every line of every batch ran"
    assert all(row["peak_rss_mb"] > 0 for row in scale["rows"])
    for heading in (
        "1. per-request",
        "2. polling",
        "2b. polling sweep",
        "progress 'none'",
        "3. concurrency",
        "best worst case",
        "4. start",
        "import, then every model",
        "5. provenance",
        "6. batch scale",
    ):
        assert heading in run.stdout, heading
    assert str(written) in run.stdout and not (ROOT / "benchmarks" / "results.json").samefile(written)


def test_a_section_measured_again_replaces_only_its_figures_and_says_when() -> None:
    from benchmarks.run import SECTIONS, _merged, measure  # noqa: PLC0415

    earlier = {"machine": {"date": "2026-12-01"}, "mode": "full", "batch_scale": {"old": 1}, "overhead": {"kept": 2}}
    fresh = {"machine": {"date": "2026-12-02"}, "mode": "full", "batch_scale": {"new": 3}}
    merged = _merged(earlier, fresh, "full", ["batch_scale"])
    assert merged["batch_scale"] == {"new": 3} and merged["overhead"] == {"kept": 2}
    assert merged["machine"] == {"date": "2026-12-01"}, "the run's own machine line stays the full run's"
    assert merged["measured_again"] == {"batch_scale": "2026-12-02"}
    with pytest.raises(SystemExit, match="same size"):
        _merged(earlier, fresh, "quick", ["batch_scale"])
    with pytest.raises(SystemExit, match="unknown section"):
        measure("smoke", ("no_such_section",))
    assert "batch_scale" in SECTIONS
