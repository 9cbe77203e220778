"""PNG text chunks: added to a file without touching its pixels, and read back.

A PNG is a signature and a list of chunks (length, type, data, CRC). Text chunks may sit anywhere between the
header (``IHDR``) and the end (``IEND``); ours go straight after the header, before the image data, where readers
such as Pillow find them without decoding anything. The image data chunks are copied byte for byte.
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO

__all__ = ["SIGNATURE", "NotAPngError", "chunk", "embed_text", "itxt_chunk", "read_text", "texts_in"]

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEADER = struct.Struct(">I4s")
_IHDR_LENGTH = 13
_HEAD_LENGTH = len(SIGNATURE) + _HEADER.size + _IHDR_LENGTH + 4  # the signature and the whole IHDR chunk
_MAX_CHUNK = 2**31 - 1  # the PNG specification's limit on a chunk's length
_TEXT_TYPES = (b"tEXt", b"iTXt", b"zTXt")


class NotAPngError(ValueError):
    """The bytes are not a PNG this module can add text to (no signature, or no header chunk first)."""


def chunk(kind: bytes, data: bytes) -> bytes:
    """One chunk: length, type, data and the CRC of type and data."""
    return _HEADER.pack(len(data), kind) + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt_chunk(keyword: str, text: str) -> bytes:
    """An uncompressed international text chunk: a Latin-1 *keyword* (1-79 characters) and UTF-8 *text*."""
    name = keyword.encode("latin-1")
    if not 1 <= len(name) <= 79 or b"\0" in name:
        raise ValueError(f"a PNG text keyword has 1 to 79 characters and no NUL: {keyword!r}")
    # keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, text
    return chunk(b"iTXt", name + b"\0\0\0\0\0" + text.encode("utf-8"))


def embed_text(source: BinaryIO, target: BinaryIO, entries: Sequence[tuple[str, str]]) -> None:
    """Copy the PNG *source* to *target* with *entries* as iTXt chunks right after its header.

    Raises:
        NotAPngError: when *source* does not start with the PNG signature and a well-formed ``IHDR`` chunk; nothing
            useful has been written to *target* then.
    """
    head = source.read(_HEAD_LENGTH)
    if not head.startswith(SIGNATURE):
        raise NotAPngError("no PNG signature")
    if len(head) < _HEAD_LENGTH or _HEADER.unpack_from(head, len(SIGNATURE)) != (_IHDR_LENGTH, b"IHDR"):
        raise NotAPngError("the first chunk is not a complete IHDR")
    target.write(head)
    for keyword, text in entries:
        target.write(itxt_chunk(keyword, text))
    shutil.copyfileobj(source, target, 1024 * 1024)


def read_text(source: BinaryIO) -> dict[str, str]:
    """The text chunks of a PNG, by keyword (the first of each keyword wins); empty when it is not a PNG.

    Only chunk headers are read past the text: the image data is skipped, never decoded. Compressed and
    malformed text chunks are passed over.
    """
    if source.read(len(SIGNATURE)) != SIGNATURE:
        return {}
    found: dict[str, str] = {}
    for kind, data in _text_chunks(source):
        entry = _decode(kind, data)
        if entry is not None:
            found.setdefault(*entry)
    return found


def texts_in(data: bytes) -> dict[str, str]:
    """The text chunks of the PNG whose first bytes are *data*: those it holds whole (:func:`read_text`)."""
    return read_text(io.BytesIO(data))


def _text_chunks(source: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """(type, data) of each text chunk until ``IEND`` or the end of the bytes."""
    while len(header := source.read(_HEADER.size)) == _HEADER.size:
        length, kind = _HEADER.unpack(header)
        if kind == b"IEND" or length > _MAX_CHUNK:
            return
        if kind in _TEXT_TYPES:
            data = source.read(length)
            if len(data) < length:
                return
            yield kind, data
            source.seek(4, 1)  # the CRC
        else:
            source.seek(length + 4, 1)


def _decode(kind: bytes, data: bytes) -> tuple[str, str] | None:
    """``(keyword, text)`` of a tEXt or uncompressed iTXt chunk; None for anything else."""
    keyword, separator, rest = data.partition(b"\0")
    if not separator or not keyword:
        return None
    name = keyword.decode("latin-1")
    if kind == b"tEXt":
        return name, rest.decode("latin-1")
    if kind != b"iTXt" or len(rest) < 2 or rest[0] != 0:
        return None  # zTXt, or compressed iTXt: not what this library writes
    parts = rest[2:].split(b"\0", 2)
    if len(parts) != 3:
        return None
    try:
        return name, parts[2].decode("utf-8")
    except UnicodeDecodeError:
        return None
