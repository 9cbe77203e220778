"""What the engine asks its client to do: the effects, and what a client answers to them.

Every client operation is a generator (``Steps``) that yields effects and receives their results: send this request,
sleep this long, what time is it, call the user's callback, stream this URL to a file, rename this file, write this
journal row. The engine decides; ``_client.py`` and ``_async_client.py`` only carry effects out, with blocking or
awaitable I/O. No effect is ever carried out by the engine itself, so it is tested by driving the generators by hand
(``tests/test_engine.py``): send a result in, throw an error in, look at the next effect.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from ._files_service import DEFAULT_FILES_BASE_URL
from ._task import Task

if TYPE_CHECKING:
    from ._files_service import UploadedFile
    from ._local_images import LocalImage

__all__ = [
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "HEAD_BYTES",
    "ClaimName",
    "ClaimUpload",
    "Context",
    "Effect",
    "EmbedText",
    "Fetch",
    "FetchResult",
    "FilesPresent",
    "Instant",
    "JournalCall",
    "JournalMethod",
    "KnownUploads",
    "MakeDir",
    "Notify",
    "Now",
    "ReadImage",
    "ReleaseUpload",
    "Remove",
    "RemoveStale",
    "Rename",
    "Send",
    "Sleep",
    "Steps",
    "WriteText",
]

T = TypeVar("T")
DEFAULT_MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
# The first bytes of a download kept in its FetchResult: enough for the magic number and the text chunks a PNG
# carries before its pixels (the simulator marks its images there, _provenance.drawn_by_simulator).
HEAD_BYTES = 512

JournalMethod = Literal[
    "begin",
    "submitted",
    "rejected",
    "unknown_outcome",
    "finished",
    "downloaded",
    "note_error",
    "lost",
    "unfinished",
    "by_task_id",
]


@attrs.frozen
class JournalCall:
    """Call ``Journal.<method>(**arguments)`` and answer with what it returns."""

    method: JournalMethod
    arguments: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Send:
    """Send one request to the API or the files service, with the key, and answer with the :class:`httpx.Response`.

    The client adds the key only when the URL is on the API's or the files service's base URL; the body is read.

    *request* holds ``httpx.request``'s keyword arguments (absolute URL, no credentials). *journal*, when given, is
    carried out at the last moment before the request leaves (after any wait for a free slot), so that a row that
    says "sent" was not merely queued.
    """

    request: Mapping[str, Any] = attrs.field(repr=False)
    journal: JournalCall | None = attrs.field(default=None, repr=False)


@attrs.frozen
class Sleep:
    """Wait *seconds* (on the client's clock)."""

    seconds: float


@attrs.frozen
class Now:
    """Answer with an :class:`Instant`: the client's monotonic reading and the wall clock."""


@attrs.frozen
class Instant:
    """A moment: *monotonic* seconds on the client's clock, and *unix* seconds on the wall clock."""

    monotonic: float
    unix: float


@attrs.frozen
class Notify:
    """Call the user's ``on_progress`` with the task (awaiting it in the async client when it is a coroutine)."""

    callback: Callable[[Task], object]
    task: Task


@attrs.frozen
class Fetch:
    """GET *url* without credentials or redirects, streaming a 200 body into *path*; stop past *max_bytes*.

    *path* is a new file, readable by its owner only when *private* (it is to hold a prompt).

    Answer with a :class:`FetchResult`.
    """

    url: str
    path: Path
    max_bytes: int
    private: bool = True


@attrs.frozen
class FetchResult:
    """What a :class:`Fetch` found: the status and headers, and for a 200 the bytes written and the first ones.

    *head* holds the first :data:`HEAD_BYTES` of the body (fewer when it is shorter).
    """

    status_code: int
    headers: Mapping[str, str]
    size: int = 0
    too_large: bool = False
    head: bytes = b""


@attrs.frozen
class MakeDir:
    """Create the folder *path* and its parents (no error when it exists)."""

    path: Path


@attrs.frozen
class Rename:
    """Move *source* to *target*, replacing it (atomically, on one file system)."""

    source: Path
    target: Path


@attrs.frozen
class Remove:
    """Delete the file *path* (no error when it is gone)."""

    path: Path


@attrs.frozen
class RemoveStale:
    """Delete the files in *folder* whose names match the glob *pattern* (leftovers of a killed download).

    Only those of processes that have ended (their names say which), and any untouched for *older_than* seconds: a
    download in progress, in this process or another, is never pulled from under its writer.
    """

    folder: Path
    pattern: str
    older_than: float = 3600.0


@attrs.frozen
class FilesPresent:
    """Answer True when every one of *paths* is a file on disk (and there is at least one)."""

    paths: tuple[Path, ...]


@attrs.frozen
class ClaimName:
    """Take the file name *path* for result *index* of task *task_id*, so that no other download writes there.

    Answer ``created`` when the name was free (a small claim file now holds it, to be replaced by the result),
    ``ours`` when the file there is already this result (its claim, its record, or a file in *known*, the ones the
    journal lists for the task), and ``taken`` when it belongs to anything else: that file is never overwritten.
    """

    path: Path
    task_id: str
    index: int
    known: frozenset[str] = frozenset()


@attrs.frozen
class EmbedText:
    """Add *entries* (keyword, text) to the PNG at *path* as text chunks, leaving its pixels as they are.

    Answer True when done, False when the file is not a PNG that can take them (it is then left untouched).
    """

    path: Path
    entries: tuple[tuple[str, str], ...] = attrs.field(repr=False)


@attrs.frozen
class WriteText:
    """Write *text* (UTF-8) to *path*, replacing it atomically."""

    path: Path
    text: str = attrs.field(repr=False)


@attrs.frozen
class ClaimUpload:
    """Answer with an upload of the content *sha256* that lives until *valid_until* (unix seconds), else None.

    On None, the client holds the content's claim until a :class:`ReleaseUpload` of it: no other operation of the
    client uploads the same content meanwhile (it waits, then finds this one's upload). With *valid_until* None,
    no earlier upload is looked for: the claim is taken at once (an explicit upload).
    """

    sha256: str
    valid_until: float | None


@attrs.frozen
class ReleaseUpload:
    """Remember *uploaded* (when given) as the upload of the content *sha256*, then release its claim."""

    sha256: str
    uploaded: UploadedFile | None = None


@attrs.frozen
class ReadImage:
    """Answer with the bytes of a local image given by its path, checked against the hash it was checked with."""

    image: LocalImage


@attrs.frozen
class KnownUploads:
    """Answer with the uploads the client remembers whose URL is one of *urls* (a tuple of :class:`UploadedFile`)."""

    urls: tuple[str, ...]


Effect = (
    Send
    | Sleep
    | Now
    | Notify
    | Fetch
    | MakeDir
    | Rename
    | Remove
    | RemoveStale
    | FilesPresent
    | ClaimName
    | EmbedText
    | WriteText
    | JournalCall
    | ClaimUpload
    | ReleaseUpload
    | ReadImage
    | KnownUploads
)
Steps = Generator[Effect, Any, T]


@attrs.frozen
class Context:
    """What operations need to know of their client.

    Attributes:
        base_url: The API's base URL, without a trailing slash.
        files_base_url: The files service's base URL, without a trailing slash.
        max_retries: Retries of a failed read, or of a create that certainly never reached the server.
        max_download_bytes: The largest result file a download accepts.
        journalled: Whether the client keeps a journal (and so carries out :class:`JournalCall` effects).
        process_id: The client's process, named in its partial downloads so that no other process removes them.
    """

    base_url: str
    max_retries: int
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES
    journalled: bool = False
    process_id: int = 0
    files_base_url: str = DEFAULT_FILES_BASE_URL
