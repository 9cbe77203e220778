"""Shared helpers: a simulator server in its own process, medians, and the result record."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "evolink-images"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


BENCH_BALANCE = 10**9


@contextmanager
def simulator_process(*, duration: float, latency: float = 0.0) -> Iterator[str]:
    """The simulator served by the CLI in its own process (so it does not share the client's GIL or memory)."""
    port = free_port()
    process = subprocess.Popen(
        # A balance no benchmark can spend: the default (10,000 credits) ran out after 8,333 images of a 16,000-line
        # batch, and every line after that was a 402 counted as a line done in its time per line.
        [
            str(CLI),
            "simulator",
            "--port",
            str(port),
            "--duration",
            str(duration),
            "--latency",
            str(latency),
            "--balance",
            str(BENCH_BALANCE),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the simulator did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def median(values: list[float]) -> float:
    return statistics.median(values)
