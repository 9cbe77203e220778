"""Images on the caller's side: a path, bytes or an open binary file, checked before anything is uploaded.

Only what the caller names is read: a :class:`~pathlib.Path` (or, for ``upload``, a string path), bytes, or a file
object. Each is checked here, before any request: it exists and is a file, it is not empty, it is no larger than the
files service takes, and its first bytes are an image of a type the service takes (JPEG, PNG, GIF or WebP, as the
spec lists them). A path is read in full only to hash it: its content is not kept, and is read again when it is
uploaded (then checked against the hash, so what is uploaded is what was checked).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

import attrs

from ._errors import ValidationError
from ._files_service import MAX_UPLOAD_BYTES, UPLOAD_TYPES

__all__ = [
    "LocalImage",
    "is_local_source",
    "megabytes",
    "path_refusal",
    "read_local_image",
    "read_path_content",
    "sniff_image_type",
    "upload_name",
]

_CHUNK = 1024 * 1024
# The first bytes of each image format: how a type is recognised (the service takes the ones the spec lists).
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),  # after RIFF and the length
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"ftypavif", 4, "image/avif"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heif"),
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_PATH_STARTS = ("/", "~", "./", "../", ".\\", "..\\", "\\")
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


@attrs.frozen
class LocalImage:
    """An image checked on the caller's side, ready to upload.

    Attributes:
        field: Where it was given (``source``, ``image_urls[0]``), for messages.
        shown: The value as the caller gave it, for messages (a path, or a short description of bytes).
        sha256: The SHA-256 of its content, in hex.
        size: Its size in bytes.
        mime_type: Its type, from its first bytes.
        name: The file's name (no folder), when it has one.
        path: The file it is read from when uploaded; None when *content* holds it.
        content: The bytes, for bytes and file objects (None for a path).
    """

    field: str
    shown: object = attrs.field(repr=False)
    sha256: str
    size: int
    mime_type: str
    name: str | None = None
    path: Path | None = None
    content: bytes | None = attrs.field(default=None, repr=False)


def is_local_source(value: object) -> bool:
    """Whether *value* is a local image to upload: a path object, bytes, or a file object opened for reading."""
    if isinstance(value, os.PathLike | bytes | bytearray | memoryview):
        return True
    return callable(getattr(value, "read", None)) and not isinstance(value, str)


def path_refusal(value: str) -> str | None:
    r"""Why the string *value*, given where a URL of an image goes, reads as a local file instead (None: it does not).

    A string names a local file when one exists at that path, or looks like one: a ``file:`` URL, a path starting
    ``/``, ``~``, ``./``, ``../`` or ``\\``, a Windows drive (``C:\\``), or anything without a URL scheme. The reason
    ends with how to pass a file: a string there is always taken as a URL, and a file is never read unless it is
    passed as one.
    """
    text = value.strip()
    scheme = _SCHEME.match(text)
    if not text:
        return None
    if scheme and len(scheme[1]) > 1 and scheme[1].lower() != "file":
        return None  # a URL: its own rules judge it
    try:
        exists = os.path.isfile(os.path.expanduser(text))
    except (OSError, ValueError):  # a name too long, or with a NUL in it
        exists = False
    if exists:
        reason = "names a local file, but a string here is taken as a URL"
    elif scheme and scheme[1].lower() == "file":
        reason = "is a file: URL, which EvoLink's servers cannot fetch"
    elif scheme or text.startswith(_PATH_STARTS) or "\\" in text:
        reason = "looks like a file path, but a string here is taken as a URL"
    else:
        reason = "is not a URL (it has no scheme such as https://)"
    shown = text.removeprefix("file://") if scheme and scheme[1].lower() == "file" else text
    return (
        f"{reason}; to send a local file, pass pathlib.Path({shown!r}) in Python (or its bytes, or the file opened "
        f"in binary mode), or --image {shown} on the command line"
    )


def sniff_image_type(head: bytes) -> str | None:
    """The image type its first bytes show (``image/png``, ...), or None when they show none this module knows."""
    for signature, offset, mime_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature and (offset != 8 or head[:4] == b"RIFF"):
            return mime_type
    return None


def upload_name(image: LocalImage) -> str:
    """The file name the upload carries: the caller's, else one made from the content's hash (``<hash>.png``)."""
    return image.name or f"image-{image.sha256[:16]}.{_EXTENSIONS.get(image.mime_type, 'bin')}"


def read_local_image(source: object, field: str) -> LocalImage:
    """*source* checked and hashed; a :class:`ValidationError` naming *field* when it is no image the service takes.

    *source* is a path (a :class:`~pathlib.Path`, or a string: only ``upload`` passes one), bytes, or a binary file
    object (read from where it stands).
    """
    limit = MAX_UPLOAD_BYTES
    if isinstance(source, str) and source.strip()[:8].lower().startswith(("http://", "https://")):
        raise ValidationError(field, source, "is a URL: upload takes a local image; a model takes a URL as it is")
    if isinstance(source, str | os.PathLike):
        return _from_path(Path(os.path.expanduser(os.fsdecode(source))), source, field, limit)
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        _check_size(len(data), source, field, limit)
        return _image(field, source, data, None, None)
    if not is_local_source(source):
        raise ValidationError(
            field, source, "must be a file path (pathlib.Path), bytes or a file opened for reading in binary mode"
        )
    return _from_file(source, field, limit)


def read_path_content(image: LocalImage) -> bytes:
    """The bytes of a path image, read again for its upload; refused when the file changed since it was checked."""
    if image.path is None:
        raise ValueError("the image holds its content")
    data = _read_capped(image.path, image.shown, image.field, image.size)
    if hashlib.sha256(data).hexdigest() != image.sha256:
        raise ValidationError(
            image.field, image.shown, "changed on disk after it was checked, so it was not uploaded; run again"
        )
    return data


def _from_path(path: Path, shown: object, field: str, limit: int) -> LocalImage:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ValidationError(field, shown, f"no such file ({path.absolute()})") from None
    except OSError as exc:
        raise ValidationError(field, shown, f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ValidationError(field, shown, "is a folder, not an image file: name one image file")
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(field, shown, "is not a regular file: name an image file on disk")
    _check_size(info.st_size, shown, field, limit)
    digest = hashlib.sha256()
    head = b""
    size = 0
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                head = head or chunk[:512]
                size += len(chunk)
                _check_size(size, shown, field, limit)  # a file that grew since stat()
                digest.update(chunk)
    except OSError as exc:
        raise ValidationError(field, shown, f"cannot be read: {exc.strerror or exc}") from None
    return _checked(field, shown, head, size, digest.hexdigest(), path.name, path.absolute(), None)


def _from_file(source: Any, field: str, limit: int) -> LocalImage:
    try:
        data = source.read(limit + 1)
    except OSError as exc:
        raise ValidationError(field, source, f"cannot be read: {exc.strerror or exc}") from None
    if not isinstance(data, bytes | bytearray):
        raise ValidationError(field, source, "must be opened in binary mode: open(path, 'rb')")
    _check_size(len(data), source, field, limit)
    name = getattr(source, "name", None)
    return _image(field, source, bytes(data), os.path.basename(name) if isinstance(name, str) else None, None)


def _read_capped(path: Path, shown: object, field: str, limit: int) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise ValidationError(field, shown, f"no such file ({path}): it was removed after it was checked") from None
    except OSError as exc:
        raise ValidationError(field, shown, f"cannot be read: {exc.strerror or exc}") from None
    return data


def _image(field: str, shown: object, data: bytes, name: str | None, path: Path | None) -> LocalImage:
    return _checked(field, shown, data[:512], len(data), hashlib.sha256(data).hexdigest(), name, path, data)


def _checked(  # noqa: PLR0917 - one private call site each, all of it the image
    field: str, shown: object, head: bytes, size: int, sha256: str, name: str | None, path: Path | None, data: Any
) -> LocalImage:
    if size == 0:
        raise ValidationError(field, shown, "is empty: an image file has content")
    mime_type = sniff_image_type(head)
    takes = _types_in_words()
    if mime_type is None:
        what = "a text file" if _is_text(head) else "not an image the files service recognises"
        raise ValidationError(field, shown, f"is {what}: the files service takes {takes} images")
    if mime_type not in UPLOAD_TYPES:
        kind = mime_type.removeprefix("image/").upper()
        raise ValidationError(field, shown, f"is a {kind} image: the files service takes {takes} (convert it first)")
    return LocalImage(field, shown, sha256, size, mime_type, name, path if data is None else None, data)


def _check_size(size: int, shown: object, field: str, limit: int) -> None:
    if size > limit:
        raise ValidationError(field, shown, f"is larger than {megabytes(limit)}, the most the files service takes")


def megabytes(count: float) -> str:
    """A byte count in MB (of 1,048,576 bytes), as the docs write limits: ``100 MB``, ``11.8 MB``."""
    return f"{count / 1048576:.1f}".rstrip("0").rstrip(".") + " MB"


def _types_in_words() -> str:
    names = [mime.removeprefix("image/").upper().replace("WEBP", "WebP") for mime in UPLOAD_TYPES]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def _is_text(head: bytes) -> bool:
    """Whether the first bytes read as text: UTF-8 (a character cut at the end is fine) without control bytes."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)
