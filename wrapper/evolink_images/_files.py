"""Naming and placing downloaded result files: never from the URL's path, never outside the destination folder."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = ["extension_for", "file_stem", "part_owner", "part_path", "redact_url", "result_path"]

_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tiff",
    "image/avif": "avif",
}
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def extension_for(content_type: str | None, head: bytes) -> str:
    """The file extension for a result: from its Content-Type, else from its first bytes, else ``bin``."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in _EXTENSIONS:
        return _EXTENSIONS[media]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for magic, extension in _MAGIC:
        if head.startswith(magic):
            return extension
    return "bin"


def file_stem(name: str) -> str:
    """*name* as the start of a file name: runs of anything but ``[A-Za-z0-9_-]`` become ``_``; 120 at most.

    Different names can share a stem (``fox cub`` and ``fox/cub``), and so can stems that differ only in case on a
    file system that ignores it: compare ``file_stem(name).casefold()`` to tell whether two names share files.
    """
    return (_UNSAFE.sub("_", name).strip("_") or "task")[:120]


def result_path(dest_dir: Path, task_id: str, index: int, extension: str) -> Path:
    """``<dest_dir>/<task id>-<index>.<ext>``, with the id reduced to safe characters so nothing can escape."""
    path = (dest_dir / f"{file_stem(task_id)}-{index}.{extension}").resolve()
    if path.parent != dest_dir.resolve():
        raise ValueError(f"refusing to write outside {dest_dir}: {path}")
    return path


def part_path(target: Path, pid: int) -> Path:
    """A new hidden file beside *target* for process *pid* to download into: ``.<name>.<pid>-<random>.part``."""
    return target.with_name(f".{target.stem}.{pid}-{secrets.token_hex(4)}.part")


def part_owner(name: str) -> int | None:
    """The process a :func:`part_path` name was made for, or None for a name it did not make."""
    middle = name.removesuffix(".part").rpartition(".")[2]
    pid, dash, _ = middle.partition("-")
    return int(pid) if dash and pid.isascii() and pid.isdigit() else None


def redact_url(url: str) -> str:
    """The URL without its query string and fragment, which may hold a signature or token."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
