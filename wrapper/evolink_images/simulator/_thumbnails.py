"""Thumbnails of the references a request named, drawn into a simulated result so a test can see they arrived.

A PNG reference is decoded with the standard library (8-bit grey, RGB, palette, with or without alpha, not
interlaced, at most :data:`MAX_PIXELS`) and scaled down, nearest pixel, into a square box in the result's bottom-right
corner, centred on a white border; several references sit side by side, leftwards. Anything else (JPEG, GIF, WebP, a
large PNG) becomes a swatch in a colour taken from the SHA-256 of its bytes, so a test can still tell which file it
was.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence

__all__ = ["BORDER", "MAX_PIXELS", "Rows", "decode_png", "inset", "inset_boxes", "swatch_colour"]

MAX_PIXELS = 1024 * 1024  # larger PNGs are not decoded (pure Python is slow): they get a swatch
BORDER = 2
_WHITE = b"\xff\xff\xff"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

# A picture as its rows of RGB bytes, top first: what a thumbnail is drawn into.
Rows = list[bytearray]


def swatch_colour(data: bytes) -> bytes:
    """The RGB colour a reference that cannot be decoded is shown in: the first three bytes of its SHA-256."""
    return hashlib.sha256(data).digest()[:3]


def _paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    far_left, far_up, far_corner = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    if far_left <= far_up and far_left <= far_corner:
        return left
    return up if far_up <= far_corner else corner


def _unfilter(raw: bytes, width: int, height: int, step: int) -> list[bytes] | None:
    """The scanlines of a non-interlaced PNG's inflated data, filters undone; None when the data is short."""
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        if start + stride + 1 > len(raw):
            return None
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for x in range(step, stride):
                line[x] = (line[x] + line[x - step]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for x in range(stride):
                left = line[x - step] if x >= step else 0
                line[x] = (line[x] + ((left + previous[x]) >> 1)) & 0xFF
        elif kind == 4:
            for x in range(stride):
                left = line[x - step] if x >= step else 0
                corner = previous[x - step] if x >= step else 0
                line[x] = (line[x] + _paeth(left, previous[x], corner)) & 0xFF
        elif kind != 0:
            return None
        rows.append(bytes(line))
        previous = line
    return rows


def decode_png(data: bytes) -> tuple[int, int, list[bytes]] | None:
    """Width, height and RGB rows of a PNG this module reads; None for anything else."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    position, header, palette, compressed = 8, b"", b"", bytearray()
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunk = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = chunk
        elif kind == b"PLTE":
            palette = chunk
        elif kind == b"IDAT":
            compressed += chunk
        elif kind == b"IEND":
            break
    if len(header) != 13:
        return None
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or interlace or colour not in _CHANNELS or not 0 < width * height <= MAX_PIXELS:
        return None
    try:
        raw = zlib.decompress(bytes(compressed))
    except zlib.error:
        return None
    step = _CHANNELS[colour]
    lines = _unfilter(raw, width, height, step)
    if lines is None:
        return None
    return width, height, [_rgb(line, colour, palette) for line in lines]


def _rgb(line: bytes, colour: int, palette: bytes) -> bytes:
    """One scanline as RGB (alpha dropped, grey spread, palette looked up)."""
    if colour == 2:
        return line
    if colour == 6:
        return b"".join(line[x : x + 3] for x in range(0, len(line), 4))
    if colour == 0:
        return bytes(value for grey in line for value in (grey, grey, grey))
    if colour == 4:
        return bytes(value for grey in line[::2] for value in (grey, grey, grey))
    return b"".join(palette[3 * index : 3 * index + 3].ljust(3, b"\0") for index in line)


def _scaled(width: int, height: int, rows: list[bytes], box: int) -> Rows:
    """The image scaled (nearest pixel) to fit a *box* x *box* square, keeping its ratio."""
    scale = box / max(width, height)
    out_width, out_height = max(1, round(width * scale)), max(1, round(height * scale))
    columns = [min(width - 1, int(x / scale)) * 3 for x in range(out_width)]
    scaled: Rows = []
    for y in range(out_height):
        source = rows[min(height - 1, int(y / scale))]
        scaled.append(bytearray(b"".join(source[c : c + 3] for c in columns)))
    return scaled


def _thumbnail(reference: bytes, box: int) -> Rows:
    decoded = decode_png(reference)
    if decoded is None:
        return [bytearray(swatch_colour(reference) * box) for _ in range(box)]
    return _scaled(*decoded, box)


def inset_boxes(width: int, height: int, count: int) -> list[tuple[int, int, int]]:
    """Where *count* thumbnails go in a *width* x *height* image: (left, top, side) of each square, right to left."""
    side = max(4, min(width, height) // 4)
    boxes = []
    for index in range(count):
        left = width - (index + 1) * (side + 2 * BORDER)
        if left < 0:
            break
        boxes.append((left + BORDER, height - side - BORDER, side))
    return boxes


def inset(rows: Rows, references: Sequence[bytes]) -> None:
    """Draw a thumbnail of each of *references* into *rows* (RGB rows), bottom right, on a white border."""
    height, width = len(rows), len(rows[0]) // 3
    for (left, top, side), reference in zip(inset_boxes(width, height, len(references)), references, strict=False):
        for y in range(top - BORDER, min(height, top + side + BORDER)):
            start = 3 * (left - BORDER)
            rows[y][start : start + 3 * (side + 2 * BORDER)] = _WHITE * (side + 2 * BORDER)
        thumb = _thumbnail(reference, side)
        down, across = (side - len(thumb)) // 2, 3 * ((side - len(thumb[0]) // 3) // 2)  # centred in its box
        for offset, line in enumerate(thumb):
            start = 3 * left + across
            rows[top + down + offset][start : start + len(line)] = line
