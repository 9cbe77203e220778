"""How a client answers the engine's upload effects: where uploads are remembered, and who may upload what now.

Uploads are remembered in the journal when the client keeps one (they outlive the process: a rerun within the
window uploads nothing), else in the client's memory. A claim is a lock per content hash: while one operation
uploads a content, any other operation of the same client that needs it waits, then finds the upload and reuses it
(500 batch lines that share one logo, at any concurrency, upload it once). The sync client's claims are thread
locks, the async client's asyncio locks; both release on every path.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._effects import ClaimUpload, KnownUploads, ReadImage, ReleaseUpload
from ._files_service import UploadedFile
from ._local_images import read_path_content

if TYPE_CHECKING:
    from ._journal import Journal

__all__ = ["UPLOAD_EFFECTS", "AsyncUploadLedger", "MemoryUploads", "UploadEffect", "UploadLedger", "UploadStore"]

UploadEffect = ClaimUpload | ReleaseUpload | ReadImage | KnownUploads
UPLOAD_EFFECTS = (ClaimUpload, ReleaseUpload, ReadImage, KnownUploads)


class UploadStore(Protocol):
    """Where uploads are remembered: the journal, or :class:`MemoryUploads`."""

    def find_upload(self, sha256: str, files_base_url: str, valid_until: float) -> UploadedFile | None: ...

    def record_upload(self, uploaded: UploadedFile, files_base_url: str) -> None: ...

    def uploads_for(self, urls: Sequence[str]) -> list[UploadedFile]: ...


class MemoryUploads:
    """Uploads remembered for the life of one client (when it keeps no journal)."""

    def __init__(self) -> None:
        self._uploads: list[tuple[str, UploadedFile]] = []
        self._lock = threading.Lock()

    def find_upload(self, sha256: str, files_base_url: str, valid_until: float) -> UploadedFile | None:
        """The upload of *sha256* there that lives longest, if it lives until *valid_until* (unix seconds)."""
        with self._lock:
            living = [
                uploaded
                for base, uploaded in self._uploads
                if base == files_base_url
                and uploaded.sha256 == sha256
                and uploaded.expires_at.timestamp() >= valid_until
            ]
        return max(living, key=lambda uploaded: uploaded.expires_at, default=None)

    def record_upload(self, uploaded: UploadedFile, files_base_url: str) -> None:
        """Remember *uploaded*."""
        with self._lock:
            self._uploads.append((files_base_url, uploaded))

    def uploads_for(self, urls: Sequence[str]) -> list[UploadedFile]:
        """The uploads whose URL is one of *urls* (the latest of each)."""
        with self._lock:
            latest = {uploaded.url: uploaded for _, uploaded in self._uploads}
        return [latest[url] for url in dict.fromkeys(urls) if url in latest]


class UploadLedger:
    """The blocking client's answers to the upload effects."""

    def __init__(self, journal: Journal | None, files_base_url: str) -> None:
        self.store: UploadStore = journal if journal is not None else MemoryUploads()
        self.files_base_url = files_base_url
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def perform(self, effect: UploadEffect) -> Any:
        """Carry out an upload effect; returns what the engine is to receive."""
        if isinstance(effect, ClaimUpload):
            return self.claim(effect)
        if isinstance(effect, ReleaseUpload):
            return self.release(effect)
        if isinstance(effect, ReadImage):
            return self.read(effect)
        return self.known(effect)

    def _lock(self, sha256: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sha256, threading.Lock())

    def claim(self, effect: ClaimUpload) -> UploadedFile | None:
        """A remembered upload, or None with the content's claim held (see :class:`ClaimUpload`)."""
        lock = self._lock(effect.sha256)
        lock.acquire()
        try:
            found = self._find(effect)
        except BaseException:
            lock.release()
            raise
        if found is not None:
            lock.release()
        return found

    def _find(self, effect: ClaimUpload) -> UploadedFile | None:
        if effect.valid_until is None:
            return None
        return self.store.find_upload(effect.sha256, self.files_base_url, effect.valid_until)

    def release(self, effect: ReleaseUpload) -> None:
        """Remember the upload (when there is one), then release the claim, whatever happens."""
        try:
            if effect.uploaded is not None:
                self.store.record_upload(effect.uploaded, self.files_base_url)
        finally:
            self._lock(effect.sha256).release()

    def known(self, effect: KnownUploads) -> tuple[UploadedFile, ...]:
        """The remembered uploads of *effect.urls*."""
        return tuple(self.store.uploads_for(effect.urls))

    @staticmethod
    def read(effect: ReadImage) -> bytes:
        """The bytes of a path image, as checked."""
        return read_path_content(effect.image)


class AsyncUploadLedger(UploadLedger):
    """The async client's answers: asyncio locks, and the journal and the disk in worker threads."""

    def __init__(self, journal: Journal | None, files_base_url: str) -> None:
        super().__init__(journal, files_base_url)
        self._async_locks: dict[str, asyncio.Lock] = {}

    async def aperform(self, effect: UploadEffect) -> Any:
        """Carry out an upload effect, awaiting claims and running files and the journal in worker threads."""
        if isinstance(effect, ClaimUpload):
            return await self.aclaim(effect)
        if isinstance(effect, ReleaseUpload):
            return await self.arelease(effect)
        if isinstance(effect, ReadImage):
            return await asyncio.to_thread(self.read, effect)
        return await asyncio.to_thread(self.known, effect)

    def _async_lock(self, sha256: str) -> asyncio.Lock:
        return self._async_locks.setdefault(sha256, asyncio.Lock())  # only the event loop's thread gets here

    async def aclaim(self, effect: ClaimUpload) -> UploadedFile | None:
        """:meth:`UploadLedger.claim`, awaiting the claim."""
        lock = self._async_lock(effect.sha256)
        await lock.acquire()
        try:
            found = await asyncio.to_thread(self._find, effect)
        except BaseException:
            lock.release()
            raise
        if found is not None:
            lock.release()
        return found

    async def arelease(self, effect: ReleaseUpload) -> None:
        """:meth:`UploadLedger.release`, the journal written in a worker thread."""
        try:
            if effect.uploaded is not None:
                await asyncio.to_thread(self.store.record_upload, effect.uploaded, self.files_base_url)
        finally:
            self._async_lock(effect.sha256).release()
