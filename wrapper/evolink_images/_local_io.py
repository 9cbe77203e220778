"""How the clients carry out the engine's local effects: files on disk and journal rows.

All of it is blocking; the sync client calls it directly, the async client from a worker thread, so that SQLite and
the disk never hold up the event loop.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ._effects import EmbedText, Fetch, FetchResult, JournalCall, MakeDir, Remove, RemoveStale, Rename, WriteText
from ._png import NotAPngError, embed_text

if TYPE_CHECKING:
    from ._journal import Journal

__all__ = ["LOCAL_EFFECTS", "FileSink", "LocalEffect", "perform_local"]

LocalEffect = MakeDir | Rename | Remove | RemoveStale | EmbedText | WriteText | JournalCall
LOCAL_EFFECTS = (MakeDir, Rename, Remove, RemoveStale, EmbedText, WriteText, JournalCall)


def perform_local(effect: LocalEffect, journal: Journal | None) -> Any:
    """Carry out a file or journal effect; returns what the engine is to receive."""
    if isinstance(effect, JournalCall):
        if journal is None:
            raise RuntimeError(f"the engine asked for journal.{effect.method} of a client that keeps no journal")
        return getattr(journal, effect.method)(**effect.arguments)
    if isinstance(effect, EmbedText):
        return _embed(effect)
    if isinstance(effect, WriteText):
        _replace_with(effect.path, effect.text.encode("utf-8"))
    elif isinstance(effect, MakeDir):
        effect.path.mkdir(parents=True, exist_ok=True)
    elif isinstance(effect, Rename):
        os.replace(effect.source, effect.target)
    elif isinstance(effect, Remove):
        effect.path.unlink(missing_ok=True)
    else:
        for stale in effect.folder.glob(effect.pattern):
            stale.unlink(missing_ok=True)
    return None


def _embed(effect: EmbedText) -> bool:
    """Rewrite the PNG with the text chunks into a sibling file, then put it in the original's place."""
    path = effect.path
    rewritten = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
    try:
        with path.open("rb") as source, rewritten.open("wb") as target:
            embed_text(source, target, effect.entries)
    except NotAPngError:
        rewritten.unlink(missing_ok=True)
        return False
    except BaseException:
        rewritten.unlink(missing_ok=True)
        raise
    os.replace(rewritten, path)
    return True


def _replace_with(path: Path, data: bytes) -> None:
    """Write *data* to a sibling file and rename it over *path*: a reader never sees half of it."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class FileSink:
    """Where a :class:`Fetch` streams a 200 body: the size cap and the first bytes are decided here.

    Both clients only move bytes: :meth:`open`, then :meth:`take` each chunk until it returns False, then
    :meth:`close` and :meth:`result`. Each method is blocking (the async client runs them in a thread).
    """

    def __init__(self, effect: Fetch, headers: Mapping[str, str]) -> None:
        self._path = effect.path
        self._limit = effect.max_bytes
        self._headers = headers
        self._file: BinaryIO | None = None
        self._size = 0
        self._head = b""

    @staticmethod
    def refusal(effect: Fetch, status_code: int, headers: Mapping[str, str]) -> FetchResult | None:
        """The result without reading the body: not a 200, or a declared length past the cap."""
        declared_text = headers.get("content-length", "")
        # Only ASCII digits: str.isdigit() also takes "²", which int() refuses. Anything else is no declaration.
        declared = int(declared_text) if declared_text.isascii() and declared_text.isdigit() else 0
        if status_code != 200 or declared > effect.max_bytes:
            return FetchResult(status_code, headers, too_large=declared > effect.max_bytes)
        return None

    def open(self) -> None:
        """Create the file."""
        self._file = Path(self._path).open("wb")  # noqa: SIM115 - closed by close()

    def take(self, chunk: bytes) -> bool:
        """Write *chunk*; False once the body passes the cap (stop reading)."""
        self._size += len(chunk)
        if self._size > self._limit or self._file is None:
            return False
        self._head = self._head or chunk[:16]
        self._file.write(chunk)
        return True

    def close(self) -> None:
        """Close the file."""
        if self._file is not None:
            self._file.close()

    def result(self) -> FetchResult:
        """What was fetched."""
        return FetchResult(200, self._headers, self._size, too_large=self._size > self._limit, head=self._head)
