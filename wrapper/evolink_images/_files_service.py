"""EvoLink's files service as the library sees it: where it is, what it takes, and the two things it answers with.

Its facts (the host, the types it takes, the largest file, how long a file lives) come from the spec
(``components.x-evolink-files``, compiled into the catalogue's ``FILES``); nothing here states a limit.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from ._catalogue import FILES

__all__ = [
    "DEFAULT_FILES_BASE_URL",
    "FILE_LIFETIME",
    "MAX_UPLOAD_BYTES",
    "UPLOAD_TYPES",
    "FilesQuota",
    "UploadedFile",
]

DEFAULT_FILES_BASE_URL: str = FILES["base_url"]
# The types the service takes (``image/png``, ...), the largest file in bytes, and seconds a file lives.
UPLOAD_TYPES: tuple[str, ...] = tuple(FILES["mime_types"])
MAX_UPLOAD_BYTES: int = FILES["max_bytes"]
FILE_LIFETIME: float = float(FILES["lifetime_seconds"])


@attrs.frozen(kw_only=True)
class UploadedFile:
    """An image on EvoLink's files service: its public URL, which any model's image field takes until it expires.

    Attributes:
        url: The file's public URL (the service's ``file_url``).
        file_id: The service's id for it, when it gave one.
        expires_at: When the service deletes it (timezone-aware; 72 hours after the upload).
        size: Its size in bytes.
        mime_type: Its type, ``image/png`` and so on.
        original_name: The name of the local file it was read from (None for bytes without a name).
        sha256: The SHA-256 of its content, in hex: the same content is uploaded once while its URL lives.
    """

    url: str
    file_id: str | None
    expires_at: datetime
    size: int
    mime_type: str
    original_name: str | None
    sha256: str

    def seconds_left(self, now: float | None = None) -> float:
        """Seconds until it expires, from *now* (unix seconds; the wall clock by default)."""
        moment = datetime.now(UTC).timestamp() if now is None else now
        return self.expires_at.timestamp() - moment


@attrs.frozen(kw_only=True)
class FilesQuota:
    """How many files the key's account may keep on the files service, and how many it keeps now.

    Each upload takes one slot until it expires. Any figure the service leaves out is None.

    Attributes:
        used_files: Files stored now.
        max_files: Files the account may store.
        remaining_files: Uploads left (the service's ``remain_files``: the figure to trust for what is left).
        user_group: The account's tier (``default``).
        is_custom: Whether an administrator set this quota by hand.
        reason: Why, when it is custom.
    """

    used_files: int | None = None
    max_files: int | None = None
    remaining_files: int | None = None
    user_group: str | None = None
    is_custom: bool | None = None
    reason: str | None = None
