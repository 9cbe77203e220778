"""The simulator's own PNG reading for thumbnails: every colour type and filter, as Pillow reads them."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from evolink_images.simulator._thumbnails import MAX_PIXELS, decode_png, inset, inset_boxes, swatch_colour
from PIL import Image


def gradient(mode: str, size: tuple[int, int] = (67, 41), **save: object) -> bytes:
    """A picture with varied rows, so that the encoder picks every filter type, saved as a PNG of *mode*."""
    picture = Image.new("RGB", size)
    picture.putdata([((x * 7) % 256, (y * 11) % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    converted = picture.convert(mode) if mode != "P" else picture.quantize(64)
    out = io.BytesIO()
    converted.save(out, "PNG", **save)
    return out.getvalue()


def interlaced(data: bytes) -> bytes:
    """*data* with its header marked Adam7-interlaced (Pillow does not write interlaced PNGs)."""
    header = bytearray(data[16:29])
    header[12] = 1
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(header)) & 0xFFFFFFFF)
    return data[:16] + bytes(header) + crc + data[33:]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA", "P"])
def test_each_colour_type_decodes_as_pillow_reads_it(mode: str) -> None:
    data = gradient(mode)
    decoded = decode_png(data)
    assert decoded is not None
    width, height, rows = decoded
    expected = Image.open(io.BytesIO(data)).convert("RGB")
    assert (width, height) == expected.size
    assert b"".join(rows) == expected.tobytes()


@pytest.mark.parametrize(
    "data",
    [
        interlaced(gradient("RGB")),
        gradient("I;16"),
        gradient("RGB", size=(1025, 1024)),
        b"GIF89a not a png",
        b"\x89PNG\r\n\x1a\n truncated",
    ],
    ids=["interlaced", "16-bit", f"over {MAX_PIXELS} pixels", "not a png", "truncated"],
)
def test_what_it_does_not_read_is_left_to_a_swatch(data: bytes) -> None:
    assert decode_png(data) is None


def test_thumbnails_sit_bottom_right_inside_the_image_and_each_has_its_box() -> None:
    boxes = inset_boxes(512, 288, 3)
    assert len(boxes) == 3 and len({left for left, _, _ in boxes}) == 3
    for left, top, side in boxes:
        assert left >= 0 and top + side <= 288 and left + side <= 512
    rows = [bytearray(b"\x00" * 3 * 100) for _ in range(60)]
    inset(rows, [b"not an image"])
    colour = swatch_colour(b"not an image")
    assert any(bytes(row[i : i + 3]) == colour for row in rows for i in range(0, 300, 3))
