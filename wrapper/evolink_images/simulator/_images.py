"""Real PNG images drawn from a prompt, with the standard library only (zlib, struct, hashlib).

A simulated image is a pattern, not a picture: diagonal bands in colours derived from the prompt's hash, with the
requested aspect ratio. Its ``Software`` text chunk says it came from the simulator.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from fractions import Fraction

__all__ = ["MAX_SIDE", "SOFTWARE", "aspect_ratio", "draw_png", "image_size"]

MAX_SIDE = 512
SOFTWARE = b"evolink-images simulator (not a real EvoLink result)"


def aspect_ratio(size: str | None) -> Fraction:
    """The width/height ratio a ``size`` asks for: ``16:9``, ``640x480``; 1:1 for ``auto``, ``2K``, ``4K`` or none."""
    if size:
        for separator in (":", "x"):
            left, sep, right = size.partition(separator)
            if sep and left.isdigit() and right.isdigit() and int(left) and int(right):
                return Fraction(int(left), int(right))
    return Fraction(1, 1)


def image_size(ratio: Fraction, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """Width and height with *ratio*, the longer side *max_side* (at least 1 px each)."""
    if ratio >= 1:
        return max_side, max(1, round(max_side / ratio))
    return max(1, round(max_side * ratio)), max_side


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _palette(seed: bytes) -> list[tuple[int, int, int]]:
    return [(seed[i], seed[i + 1], seed[i + 2]) for i in range(0, 24, 3)]


def draw_png(prompt: str, index: int, width: int, height: int) -> bytes:
    """A *width* x *height* RGB PNG whose pattern depends on *prompt* and *index*."""
    seed = hashlib.sha256(f"{index}:{prompt}".encode()).digest()
    colours = [bytes(c) for c in _palette(seed)]
    band = 8 + seed[24] % 40
    rows = []
    for y in range(height):
        shift = (y * (1 + seed[25] % 3)) // 2
        pixels = bytearray()
        x = 0
        while x < width:
            run = min(band - (x + shift) % band, width - x)
            pixels += colours[((x + shift) // band + y // (band * 2)) % len(colours)] * run
            x += run
        rows.append(b"\x00" + bytes(pixels))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"tEXt", b"Software\x00" + SOFTWARE),
            _chunk(b"tEXt", b"Description\x00" + prompt.encode("latin-1", "replace")[:500]),
            _chunk(b"IDAT", zlib.compress(b"".join(rows), 6)),
            _chunk(b"IEND", b""),
        )
    )
