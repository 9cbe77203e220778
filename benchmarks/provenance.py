"""What recording provenance costs: the same downloads with and without it, and the PNG rewrite on large files.

Two measurements, each beside its baseline in the same run:

- downloads: the same completed tasks downloaded from the in-process simulator with ``metadata=True`` (the default)
  and with ``metadata=False`` (the file as served), alternating, medians of many;
- the PNG rewrite at sizes a real result reaches (4 and 32 MB): adding the text chunks (read, write a new file,
  rename) against copying the same file plainly (``shutil.copyfile``), and the Python heap's peak during each,
  which shows the rewrite streams rather than holding the file.
"""

from __future__ import annotations

import shutil
import statistics
import struct
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
from evolink_images._effects import EmbedText
from evolink_images._local_io import perform_local
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport

SIZES_MB = (4, 32)
ENTRIES = (("evolink", '{"format": "evolink-images/provenance/1", "prompt": "a lighthouse"}'), ("parameters", "x"))


def _png_of(size: int) -> bytes:
    """A PNG of about *size* bytes: a header, IDAT chunks of incompressible bytes, and the end."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 4096, 4096, 8, 2, 0, 0, 0))
    block = bytes(range(256)) * 256  # 64 KiB: the pixel data is copied, never decoded, so its content is moot
    body = b"".join(chunk(b"IDAT", block) for _ in range(max(1, size // len(block))))
    return b"\x89PNG\r\n\x1a\n" + header + body + chunk(b"IEND", b"")


def _timed(action: Callable[[], object]) -> tuple[float, int]:
    """Seconds *action* took, and the Python heap's peak during it, in bytes."""
    tracemalloc.start()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def rewrite(sizes_mb: tuple[int, ...] = SIZES_MB, repeats: int = 5) -> list[dict[str, Any]]:
    """The chunk rewrite against a plain copy, per file size: median seconds and the heap's peak."""
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for size_mb in sizes_mb:
            source = folder / "served.png"
            source.write_bytes(_png_of(size_mb * 1024 * 1024))
            embed, copy, embed_peak, copy_peak = [], [], 0, 0
            for _ in range(repeats):
                target = folder / "saved.png"
                shutil.copyfile(source, target)
                seconds, peak = _timed(lambda target=target: perform_local(EmbedText(target, ENTRIES), None))
                embed.append(seconds)
                embed_peak = max(embed_peak, peak)
                seconds, peak = _timed(lambda source=source: shutil.copyfile(source, folder / "copy.png"))
                copy.append(seconds)
                copy_peak = max(copy_peak, peak)
            rows.append(
                {
                    "size_mb": size_mb,
                    "embed_median_ms": round(statistics.median(embed) * 1000, 1),
                    "copy_median_ms": round(statistics.median(copy) * 1000, 1),
                    "ratio": round(statistics.median(embed) / statistics.median(copy), 2),
                    "embed_peak_heap_kb": round(embed_peak / 1024),
                    "copy_peak_heap_kb": round(copy_peak / 1024),
                }
            )
    return rows


def downloads(count: int = 60) -> dict[str, Any]:
    """The same task downloaded *count* times each way, alternating: median milliseconds and their ratio."""
    simulator = Simulator(SimulatorConfig(duration=0.0))
    http = httpx.Client(transport=SimulatorTransport(simulator))
    with ei.EvoLink(api_key="bench", http_client=http) as client, tempfile.TemporaryDirectory() as scratch:
        task = client.generate("nano-banana", "a lighthouse at dawn", size="16:9", poll_interval=0.01)
        timings: dict[bool, list[float]] = {True: [], False: []}
        for index in range(count):
            for metadata in (True, False):
                start = time.perf_counter()
                client.download(task, Path(scratch) / f"{metadata}-{index}", metadata=metadata)
                timings[metadata].append(time.perf_counter() - start)
    with_record, plain = statistics.median(timings[True]), statistics.median(timings[False])
    return {
        "downloads": count,
        "with_metadata_median_ms": round(with_record * 1000, 2),
        "without_median_ms": round(plain * 1000, 2),
        "ratio": round(with_record / plain, 2),
    }


def run(smoke: bool = False) -> dict[str, Any]:
    """Both measurements (tiny under *smoke*)."""
    return {
        "downloads": downloads(4 if smoke else 60),
        "rewrite": rewrite((1,), 1) if smoke else rewrite(),
    }


def table(results: dict[str, Any]) -> list[str]:
    """The printed lines."""
    d = results["downloads"]
    lines = [
        f"   download of a simulator PNG, medians of {d['downloads']}: with metadata {d['with_metadata_median_ms']} ms"
        f"   without {d['without_median_ms']} ms   ratio {d['ratio']}"
    ]
    for row in results["rewrite"]:
        lines.append(
            f"   {row['size_mb']:>3} MB PNG: chunks added {row['embed_median_ms']} ms   plain copy"
            f" {row['copy_median_ms']} ms   ratio {row['ratio']}   heap peak {row['embed_peak_heap_kb']} KB"
            f" (copy {row['copy_peak_heap_kb']} KB)"
        )
    return lines
