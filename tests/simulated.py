"""Helpers for tests that run against the simulator on a real loopback socket."""

from __future__ import annotations

import io
from pathlib import Path

from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorServer
from PIL import Image

FAST = SimulatorConfig(duration=0.15, estimate_factor=1.0, callback_retry_delays=(0.1, 0.2, 0.4))


def start(config: SimulatorConfig = FAST) -> SimulatorServer:
    return SimulatorServer(Simulator(config)).start()


def png_size(data: bytes | Path) -> tuple[int, int]:
    """Decode a PNG fully (not just its header) and return its size."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    with Image.open(io.BytesIO(raw)) as image:
        assert image.format == "PNG"
        image.load()
        return image.size
