"""EvoLink's files service, simulated: uploads (multipart, base64, a URL), the per-key quota, expiry, the files' bytes.

The rules are the spec's (``components.x-evolink-files``, compiled into the catalogue's ``FILES``, D40-D44): one image
per request, JPEG, PNG, GIF or WebP recognised by its first bytes, at most ``max_bytes``, ``quota_files`` files per key
until they expire ``lifetime_seconds`` after the upload. Answers are the service's envelope, ``{success, code, msg,
data}``; a refusal names the fact it breaks (``(Rule mime-types)``). The store returns plain ``(status, payload)``
pairs; the simulator wraps them into responses.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import secrets
import string
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import attrs

from .._catalogue import FILES

__all__ = [
    "DOWNLOAD_PREFIX",
    "QUOTA_PATH",
    "UPLOADS_PREFIX",
    "UPLOAD_KINDS",
    "UPLOAD_PREFIX",
    "Answer",
    "FileStore",
    "StoredFile",
    "image_type",
    "referenced_ids",
    "refusal",
    "with_public_host",
]

UPLOAD_PREFIX = "/api/v1/files/upload/"
UPLOAD_KINDS = ("stream", "base64", "url")
QUOTA_PATH = "/api/v1/files/quota"
UPLOADS_PREFIX = "/uploads/"  # file_url: /uploads/<file id>/<file name>
DOWNLOAD_PREFIX = "/api/v1/files/download/"  # download_url: /api/v1/files/download/<file id>
_ID_ALPHABET = string.ascii_lowercase + string.digits
_REFERENCE = re.compile(r"/(?:uploads|api/v1/files/download)/(file_[0-9a-z]{24})(?![0-9a-z])")
_OWN_URL = re.compile(r"https?://[^/\s\"']+(?=/(?:uploads|api/v1/files/download)/(file_[0-9a-z]{24})(?![0-9a-z]))")
# Where EvoLink serves uploaded files (the docs' FileData example): what a request check sees instead of the
# simulator's own loopback address, which the API's reachability rules rightly refuse.
_PUBLIC_FILES_HOST = "https://files.evolink.ai"
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
_FIELDS = {"upload_path": "upload_path", "uploadPath": "upload_path", "file_name": "file_name", "fileName": "file_name"}
_DATA_URL = re.compile(r"^data:[^,;]*(?:;[^,;]*)*;base64,", re.IGNORECASE)

# What the store answers: the HTTP status, and the body in the service's envelope.
Answer = tuple[int, dict[str, Any]]


def image_type(data: bytes) -> str | None:
    """The type of an image by its first bytes (D43): ``image/jpeg``, ``png``, ``gif`` or ``webp``; else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def referenced_ids(value: Any) -> list[str]:
    """The ids of the uploaded files a request names anywhere (``image_urls``, a mask's URL, a prompt), in order."""
    if isinstance(value, str):
        return _REFERENCE.findall(value)
    if isinstance(value, Mapping):
        return [found for item in value.values() for found in referenced_ids(item)]
    if isinstance(value, list):
        return [found for item in value for found in referenced_ids(item)]
    return []


def with_public_host(value: Any, known: Callable[[str], bool]) -> Any:
    """*value* with every URL of a *known* uploaded file moved to EvoLink's public files host (for request checks)."""
    if isinstance(value, str):
        return _OWN_URL.sub(lambda match: _PUBLIC_FILES_HOST if known(match.group(1)) else match.group(0), value)
    if isinstance(value, Mapping):
        return {key: with_public_host(item, known) for key, item in value.items()}
    if isinstance(value, list):
        return [with_public_host(item, known) for item in value]
    return value


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def refusal(status: int, message: str) -> Answer:
    """A refusal in the files service's envelope (D41)."""
    return status, {"success": False, "code": status, "msg": message}


@attrs.define(kw_only=True)
class StoredFile:
    """One uploaded file: its bytes, whose it is and until when (on the simulator's clock)."""

    id: str
    owner: str
    name: str
    original_name: str
    upload_path: str
    mime_type: str
    data: bytes = attrs.field(repr=False)
    expires: float
    upload_time: str
    expires_at: str

    def expired(self, now: float) -> bool:
        """Whether it has expired at simulator time *now*."""
        return now >= self.expires

    def record(self, base_url: str) -> dict[str, Any]:
        """Its ``FileData``, with URLs on *base_url* (the simulator the client called)."""
        return {
            "file_id": self.id,
            "file_name": self.name,
            "original_name": self.original_name,
            "file_size": len(self.data),
            "mime_type": self.mime_type,
            "upload_path": self.upload_path,
            "file_url": f"{base_url}{UPLOADS_PREFIX}{self.id}/{quote(self.name)}",
            "download_url": f"{base_url}{DOWNLOAD_PREFIX}{self.id}",
            "upload_time": self.upload_time,
            "expires_at": self.expires_at,
        }


@attrs.frozen
class _Upload:
    """What an upload request carries: the bytes and the names it gives them."""

    data: bytes
    original_name: str | None = None
    upload_path: str | None = None
    file_name: str | None = None


class FileStore:
    """The files service's state: every upload, by id; thread-safe.

    Attributes:
        quota: Files a key may hold at once (unexpired ones count).
        lifetime: Seconds a file lives after its upload.
        max_bytes: The largest file taken.
    """

    def __init__(self, *, quota: int, lifetime: float, max_bytes: int, clock: Callable[[], float]) -> None:
        self.quota = quota
        self.lifetime = lifetime
        self.max_bytes = max_bytes
        self._clock = clock
        self._lock = threading.Lock()
        self._files: dict[str, StoredFile] = {}

    # ------------------------------------------------------------------------------------------- reading
    def get(self, file_id: str) -> StoredFile | None:
        """The file with *file_id*, expired or not; None when there never was one."""
        with self._lock:
            return self._files.get(file_id)

    def live(self, file_id: str) -> StoredFile | None:
        """The file with *file_id* while it has not expired; None otherwise."""
        stored = self.get(file_id)
        return stored if stored is not None and not stored.expired(self._clock()) else None

    def in_use(self, owner: str) -> int:
        """How many unexpired files *owner* holds: what the quota counts."""
        now = self._clock()
        with self._lock:
            return sum(1 for stored in self._files.values() if stored.owner == owner and not stored.expired(now))

    def quota_answer(self, owner: str) -> Answer:
        """The answer to ``GET /api/v1/files/quota``."""
        used = self.in_use(owner)
        data = {
            "user_group": "default",
            "used_files": used,
            "max_files": self.quota,
            "remain_files": max(0, self.quota - used),
            "is_custom": self.quota != FILES["quota_files"],
            "quota_reason": "" if self.quota == FILES["quota_files"] else "simulator configuration",
        }
        return 200, {"success": True, "code": 200, "msg": "success", "data": data}

    # ------------------------------------------------------------------------------------------- uploading
    def upload(
        self,
        kind: str,
        *,
        content_type: str,
        body: bytes,
        owner: str,
        base_url: str,
        fetch: Callable[[str], bytes | None],
    ) -> Answer:
        """Store the image an upload request of *kind* (``stream``, ``base64``, ``url``) carries, or refuse it."""
        parsed = _parse(kind, content_type, body, fetch)
        if not isinstance(parsed, _Upload):
            return parsed
        data = parsed.data
        if len(data) > self.max_bytes:
            return refusal(413, f"file is {len(data)} bytes; at most {self.max_bytes} are taken (Rule max-bytes)")
        mime = image_type(data)
        if mime is None:
            kinds = ", ".join(FILES["mime_types"])
            return refusal(400, f"not an image of a supported type ({kinds}), by its content (Rule mime-types)")
        now = self._clock()
        wall = datetime.datetime.now(datetime.UTC)
        file_id = "file_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(24))
        name = parsed.file_name or f"{file_id}{_EXTENSIONS[mime]}"
        stored = StoredFile(
            id=file_id,
            owner=owner,
            name=name,
            original_name=parsed.original_name or name,
            upload_path=parsed.upload_path or "images",
            mime_type=mime,
            data=data,
            expires=now + self.lifetime,
            upload_time=_iso(wall),
            expires_at=_iso(wall + datetime.timedelta(seconds=self.lifetime)),
        )
        with self._lock:
            used = sum(1 for held in self._files.values() if held.owner == owner and not held.expired(now))
            if used >= self.quota:
                return self.full(used)
            self._files[file_id] = stored
            self._forget_expired(now)
        answer = {"success": True, "code": 200, "msg": "File uploaded successfully", "data": stored.record(base_url)}
        return 200, answer

    def full(self, used: int | None = None) -> Answer:
        """The refusal of an upload when the quota is full (D42: 403, naming the quota)."""
        held = self.quota if used is None else used
        message = (
            f"File quota exceeded: {held} of {self.quota} files in use; files free their slot when they expire,"
            f" {self.lifetime / 3600:g} hours after upload (Rule quota-files)"
        )
        return refusal(403, message)

    def _forget_expired(self, now: float) -> None:
        """Drop the bytes of expired files (their records stay, so that their URLs answer as gone)."""
        for stored in self._files.values():
            if stored.data and stored.expired(now):
                stored.data = b""


# ---------------------------------------------------------------------------------------------------- bodies
def _parse(kind: str, content_type: str, body: bytes, fetch: Callable[[str], bytes | None]) -> _Upload | Answer:
    return _multipart(content_type, body) if kind == "stream" else _json_upload(kind, body, fetch)


def _json_upload(kind: str, body: bytes, fetch: Callable[[str], bytes | None]) -> _Upload | Answer:
    """A base64 or URL upload's JSON body: the image it carries (or names), and the names it gives it."""
    main = "base64_data" if kind == "base64" else "file_url"
    fields = _json_fields(body, main)
    if not isinstance(fields, _Fields):
        return fields
    value, names = fields.value, fields.names
    if kind == "base64":
        data = _base64(value)
        if data is None:
            return refusal(400, "base64_data is not base64 (bare, or a data URL) (Rule mime-types)")
        return _Upload(data, **names)
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return refusal(400, "file_url must be an http or https URL")
    fetched = fetch(value)
    if fetched is None:
        return refusal(400, "file_url could not be fetched (the simulator fetches only its own files and results)")
    return _Upload(fetched, original_name=parts.path.rsplit("/", 1)[-1] or None, **names)


@attrs.frozen
class _Fields:
    value: str
    names: dict[str, str]


def _json_fields(body: bytes, main: str) -> _Fields | Answer:
    """The *main* field of a JSON body (a non-empty string) and its name fields; no other field is taken (D5)."""
    try:
        fields = json.loads(body or b"null")
    except ValueError:
        return refusal(400, "the body is not JSON")
    if not isinstance(fields, dict):
        return refusal(400, "the body is not a JSON object")
    unknown = sorted(set(fields) - {main, *_FIELDS})
    if unknown:
        return refusal(400, f"unknown field(s): {', '.join(unknown)}")
    names = _names(fields)
    if not isinstance(names, dict):
        return names
    value = fields.get(main)
    if not isinstance(value, str):
        return refusal(400, f"{main} is required: a string")
    return _Fields(value, names)


def _names(fields: Mapping[str, Any]) -> dict[str, str] | Answer:
    names: dict[str, str] = {}
    for field, name in _FIELDS.items():
        if field in fields:
            value = fields[field]
            if not isinstance(value, str):
                return refusal(400, f"{field} must be a string")
            names[name] = value
    return names


def _base64(value: str) -> bytes | None:
    payload = _DATA_URL.sub("", value.strip(), count=1)
    try:
        return base64.b64decode("".join(payload.split()), validate=True) or None
    except (binascii.Error, ValueError):
        return None


def _multipart(content_type: str, body: bytes) -> _Upload | Answer:
    """The ``file`` part and the name fields of a multipart body: exactly one file (Rule images-per-request)."""
    kind, _, params = content_type.partition(";")
    boundary = _param(params, "boundary")
    if kind.strip().lower() != "multipart/form-data" or not boundary:
        return refusal(400, "send multipart/form-data with a boundary, the image in a part named `file`")
    files: list[tuple[str | None, bytes]] = []
    names: dict[str, str] = {}
    for headers, data in _parts(body, boundary.encode("latin-1")):
        disposition = headers.get("content-disposition", "")
        field = _param(disposition, "name")
        if field == "file":
            files.append((_param(disposition, "filename"), data))
        elif field in _FIELDS:
            names[_FIELDS[field]] = data.decode("utf-8", "replace")
        else:
            return refusal(400, f"unknown form field {field!r}")
    if len(files) != 1:
        return refusal(400, f"{len(files)} files sent: exactly one image per request (Rule images-per-request)")
    filename, data = files[0]
    if not data:
        return refusal(400, "the file is empty (Rule mime-types)")
    return _Upload(data, original_name=filename, **names)


def _parts(body: bytes, boundary: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Each part of a multipart body: its headers (lower-case names) and its bytes."""
    delimiter = b"\r\n--" + boundary
    chunks = (b"\r\n" + body).split(delimiter)
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.split(b"\r\n"):
            name, colon, value = line.decode("latin-1").partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        parts.append((headers, data))
    return parts


def _param(header: str, name: str) -> str | None:
    """A parameter of a header value (``name="file"``), quoted or not."""
    match = re.search(rf'(?:^|;)\s*{re.escape(name)}\s*=\s*(?:"([^"]*)"|([^;\s]*))', header, re.IGNORECASE)
    if match is None:
        return None
    return match.group(1) if match.group(1) is not None else match.group(2)
