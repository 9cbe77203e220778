"""Real PNG images drawn from a prompt, with the standard library only (zlib, struct, hashlib).

A simulated image is a pattern, not a picture: diagonal bands in colours derived from the prompt's hash, with the
requested aspect ratio. It says twice that it came from the simulator: ``SIMULATED`` in large letters across its
middle, and its ``Software`` text chunk (the mark ``download`` records as ``simulated``, ``_provenance``). An optional
label (what made the image: a model and an image number) is drawn in its top-left corner with a tiny bitmap font, and
kept in a ``Comment`` text chunk; thumbnails of the references the request named (uploaded files) in its bottom-right
corner (``_thumbnails``).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence
from fractions import Fraction

from .._provenance import SIMULATOR_SOFTWARE
from ._thumbnails import inset

__all__ = ["FONT", "MAX_SIDE", "SOFTWARE", "STAMP", "aspect_ratio", "draw_png", "image_size", "label_rows", "stamp_box"]

MAX_SIDE = 512
SOFTWARE = SIMULATOR_SOFTWARE.encode("latin-1")
STAMP = "SIMULATED"
_WHITE = b"\xff\xff\xff"
_DARK = b"\x10\x10\x10"
# 3x5 glyphs, one string per row: "#" is ink. A character without a glyph is drawn as a space.
FONT: dict[str, tuple[str, ...]] = {
    "A": ("###", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": ("###", "#..", "#..", "#..", "###"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": ("###", "#..", "#.#", "#.#", "###"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", "###"),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": ("###", "#.#", "#.#", "#.#", "###"),
    "P": ("###", "#.#", "###", "#..", "#.."),
    "Q": ("###", "#.#", "#.#", "###", "..#"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": ("###", "#..", "###", "..#", "###"),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "###", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    " ": ("...", "...", "...", "...", "..."),
    "#": ("#.#", "###", "#.#", "###", "#.#"),
    "-": ("...", "...", "###", "...", "..."),
    ".": ("...", "...", "...", "...", ".#."),
    ":": ("...", ".#.", "...", ".#.", "..."),
}


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


def _pattern(prompt: str, index: int, width: int, height: int) -> list[bytearray]:
    """The RGB rows of the banded pattern of *prompt* and *index*."""
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
        rows.append(pixels)
    return rows


def label_rows(label: str, scale: int) -> list[bytes]:
    """*label* in white capitals on a dark box, as RGB rows; each font unit is *scale* pixels, one unit of margin."""
    glyphs = [FONT.get(char, FONT[" "]) for char in label.upper()]
    width = (1 + 4 * len(glyphs)) * scale
    blank = _DARK * width
    rows = [blank] * scale
    for line in range(5):
        units = "." + "".join(glyph[line] + "." for glyph in glyphs)
        row = b"".join((_WHITE if unit == "#" else _DARK) * scale for unit in units)
        rows += [row] * scale
    return rows + [blank] * scale


def _stamp(rows: list[bytearray], label: str) -> None:
    """Draw *label* into the top-left corner of *rows*, clipped to the image."""
    scale = max(1, min(len(rows[0]) // 3, len(rows)) // 128)
    for row, box in zip(rows, label_rows(label, scale), strict=False):
        reach = min(len(box), len(row))
        row[:reach] = box[:reach]


def stamp_box(width: int, height: int) -> tuple[int, int, int]:
    """Where :data:`STAMP` goes in a *width* x *height* image: (left, top, scale), centred.

    As large as fits in three fifths of the width and a quarter of the height (one font unit at least).
    """
    units_wide, units_high = 1 + 4 * len(STAMP), 7
    scale = max(1, min(width * 3 // 5 // units_wide, height // 4 // units_high))
    return max(0, (width - units_wide * scale) // 2), max(0, (height - units_high * scale) // 2), scale


def _stamp_simulated(rows: list[bytearray]) -> None:
    """Draw :data:`STAMP` across the middle of *rows*, clipped to the image."""
    width = len(rows[0]) // 3
    left, top, scale = stamp_box(width, len(rows))
    for row, box in zip(rows[top:], label_rows(STAMP, scale), strict=False):
        reach = min(len(box), 3 * width - 3 * left)
        row[3 * left : 3 * left + reach] = box[:reach]


def draw_png(
    prompt: str, index: int, width: int, height: int, *, label: str | None = None, references: Sequence[bytes] = ()
) -> bytes:
    """A *width* x *height* RGB PNG whose pattern depends on *prompt* and *index*.

    ``SIMULATED`` is drawn across it, *label* in its top-left corner, and a thumbnail of each of *references* (the
    bytes of the images the request named).
    """
    rows = _pattern(prompt, index, width, height)
    _stamp_simulated(rows)
    if label:
        _stamp(rows, label)
    if references:
        inset(rows, references)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    comment = [_chunk(b"tEXt", b"Comment\x00" + label.encode("latin-1", "replace"))] if label else []
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"tEXt", b"Software\x00" + SOFTWARE),
            _chunk(b"tEXt", b"Description\x00" + prompt.encode("latin-1", "replace")[:500]),
            *comment,
            _chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + row for row in rows), 6)),
            _chunk(b"IEND", b""),
        )
    )
