"""How the clients carry out the engine's local effects: files on disk and journal rows.

All of it is blocking; the sync client calls it directly, the async client from a worker thread, so that SQLite and
the disk never hold up the event loop. Files that hold a prompt or a URL (a result with its record, a sidecar) are
created readable by their owner only (0600).
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from ._effects import (
    HEAD_BYTES,
    ClaimName,
    EmbedText,
    Fetch,
    FetchResult,
    FilesPresent,
    JournalCall,
    MakeDir,
    Remove,
    RemoveStale,
    Rename,
    WriteText,
)
from ._files import part_owner
from ._png import NotAPngError, embed_text

if TYPE_CHECKING:
    from ._journal import Journal

__all__ = [
    "CLAIM_MARK",
    "HIDDEN_RELIST_SECONDS",
    "LOCAL_EFFECTS",
    "PRIVATE_MODE",
    "FileSink",
    "LocalEffect",
    "perform_local",
]

LocalEffect = MakeDir | Rename | Remove | RemoveStale | FilesPresent | ClaimName | EmbedText | WriteText | JournalCall
LOCAL_EFFECTS = (MakeDir, Rename, Remove, RemoveStale, FilesPresent, ClaimName, EmbedText, WriteText, JournalCall)
PRIVATE_MODE = 0o600
# What a claim file holds: this mark, then the task id and the result's index.
CLAIM_MARK = b"evolink-images claim\n"
_PUBLIC_MODE = 0o666  # less the umask, as open() would


def perform_local(effect: LocalEffect, journal: Journal | None) -> Any:
    """Carry out a file or journal effect; returns what the engine is to receive."""
    if isinstance(effect, JournalCall):
        if journal is None:
            raise RuntimeError(f"the engine asked for journal.{effect.method} of a client that keeps no journal")
        return getattr(journal, effect.method)(**effect.arguments)
    if isinstance(effect, EmbedText):
        return _embed(effect)
    if isinstance(effect, ClaimName):
        return _claim(effect)
    if isinstance(effect, FilesPresent):
        return bool(effect.paths) and all(path.is_file() for path in effect.paths)
    if isinstance(effect, WriteText):
        _replace_with(effect.path, effect.text.encode("utf-8"))
    elif isinstance(effect, MakeDir):
        effect.path.mkdir(parents=True, exist_ok=True)
    elif isinstance(effect, Rename):
        os.replace(effect.source, effect.target)
    elif isinstance(effect, Remove):
        effect.path.unlink(missing_ok=True)
    else:
        _remove_stale(effect)
    return None


def _create(path: Path, mode: int = PRIVATE_MODE, *, exclusive: bool = True) -> BinaryIO:
    """*path* open for writing, created with *mode* (less the umask): a new file, or, unless *exclusive*, emptied."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, mode), "wb")


def _remove_stale(effect: RemoveStale) -> None:
    """Delete the leftovers of ended processes, and any nothing has written to for a while (a vanished one is fine)."""
    cutoff = time.time() - effect.older_than
    for stale in _matching(effect.folder, effect.pattern):
        owner = part_owner(stale.name)
        try:
            if (owner is not None and not _running(owner)) or stale.stat().st_mtime < cutoff:
                stale.unlink()
        except FileNotFoundError:
            continue


def _matching(folder: Path, pattern: str) -> list[Path]:
    """``folder.glob(pattern)`` for a pattern of one name, names first sifted by the pattern's fixed start.

    Every download sweeps its folder, which a batch fills with thousands of files. A pattern of hidden names (a
    download's leftovers) is matched against the folder's hidden names as listed at most ``HIDDEN_RELIST_SECONDS``
    ago, so that a sweep's cost does not grow with the folder; any other pattern lists the folder.
    """
    prefix = os.path.normcase(re.split(r"[*?\[]", pattern, maxsplit=1)[0])
    names = _hidden_names(folder) if prefix.startswith(".") else _names(folder)
    if os.name == "nt":  # names match whatever their case there, as pathlib's glob matches them
        return [folder / name for name in names if name.lower().startswith(prefix) and fnmatch(name, pattern)]
    return [folder / name for name in names if name.startswith(prefix) and fnmatch(name, pattern)]


# A batch of 16,000 lines listed its folder of 32,000 files at every download: 23 ms a line against 17 ms at 1,000
# lines (issue 24). Leftovers of a process that ends after a listing wait for the next one: they are housekeeping.
HIDDEN_RELIST_SECONDS = 60.0
_MAX_LISTED_FOLDERS = 64
_hidden_listings: dict[Path, tuple[float, list[str]]] = {}
_hidden_lock = threading.Lock()


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except (FileNotFoundError, PermissionError):  # as a glob finds nothing there
        return []


def _hidden_names(folder: Path) -> list[str]:
    """The names in *folder* that start with a dot, as listed at most ``HIDDEN_RELIST_SECONDS`` ago."""
    now = time.monotonic()
    with _hidden_lock:
        listed = _hidden_listings.get(folder)
    if listed is not None and now - listed[0] < HIDDEN_RELIST_SECONDS:
        return listed[1]
    names = [name for name in _names(folder) if name.startswith(".")]
    with _hidden_lock:
        if len(_hidden_listings) >= _MAX_LISTED_FOLDERS:
            _hidden_listings.clear()
        _hidden_listings[folder] = (now, names)
    return names


def _running(pid: int) -> bool:
    """Whether process *pid* may still be running (always True where that cannot be asked safely)."""
    if pid == os.getpid() or os.name != "posix":
        return True  # on Windows, os.kill would end the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but another user's
        return True
    return True


def _claim(effect: ClaimName) -> Literal["created", "ours", "taken"]:
    """Hold *effect.path* for one result with a claim file, unless a file is there already (then: whose is it?)."""
    owner = f"{effect.task_id}\n{effect.index}".encode()
    try:
        with _create(effect.path) as claim:
            claim.write(CLAIM_MARK + owner)
    except FileExistsError:
        return "ours" if _owned(effect, owner) else "taken"
    return "created"


def _owned(effect: ClaimName, owner: bytes) -> bool:
    """Whether the file at *effect.path* is the result the effect names: its claim, its record, or the journal's."""
    path = effect.path
    if str(path) in effect.known:
        return True
    try:
        with path.open("rb") as file:
            head = file.read(len(CLAIM_MARK) + len(owner) + 1)
    except OSError:
        return False
    if head.startswith(CLAIM_MARK):
        return head == CLAIM_MARK + owner
    from ._metadata import read_metadata  # noqa: PLC0415 - read only when a name is already taken

    try:
        record = read_metadata(path)
    except (OSError, ValueError):
        return False
    return record is not None and record.task_id == effect.task_id and record.image_index == effect.index


def _embed(effect: EmbedText) -> bool:
    """Rewrite the PNG with the text chunks into a sibling file, then put it in the original's place."""
    path = effect.path
    rewritten = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
    try:
        with path.open("rb") as source, _create(rewritten) as target:
            embed_text(source, target, effect.entries)
        os.replace(rewritten, path)
    except NotAPngError:
        return False
    finally:
        rewritten.unlink(missing_ok=True)
    return True


def _replace_with(path: Path, data: bytes) -> None:
    """Write *data* to a sibling file and rename it over *path*: a reader never sees half of it."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with _create(partial) as file:
            file.write(data)
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
        self._mode = PRIVATE_MODE if effect.private else _PUBLIC_MODE
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
        """Create the file: private when it is to hold how the image was made."""
        self._file = _create(Path(self._path), self._mode, exclusive=False)  # a retry starts the file again

    def take(self, chunk: bytes) -> bool:
        """Write *chunk*; False once the body passes the cap (stop reading)."""
        self._size += len(chunk)
        if self._size > self._limit or self._file is None:
            return False
        if len(self._head) < HEAD_BYTES:
            self._head += chunk[: HEAD_BYTES - len(self._head)]
        self._file.write(chunk)
        return True

    def close(self) -> None:
        """Close the file."""
        if self._file is not None:
            self._file.close()

    def result(self) -> FetchResult:
        """What was fetched."""
        return FetchResult(200, self._headers, self._size, too_large=self._size > self._limit, head=self._head)
