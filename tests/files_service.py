"""EvoLink's files service as a respx route, for the upload tests: each upload gets its own URL and expiry."""

from __future__ import annotations

import datetime
import time
from typing import Any

import httpx
import respx

FILES_URL = "https://files-api.evolink.ai"
UPLOAD = f"{FILES_URL}/api/v1/files/upload/stream"
QUOTA = f"{FILES_URL}/api/v1/files/quota"
LIFETIME = 72 * 3600


def file_part(request: httpx.Request) -> tuple[str, bytes]:
    """The file name and the bytes of a multipart upload's ``file`` part."""
    boundary = request.headers["content-type"].partition("boundary=")[2].encode()
    for part in request.content.split(b"--" + boundary):
        head, _, body = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            name = head.partition(b'filename="')[2].partition(b'"')[0].decode()
            return name, body.removesuffix(b"\r\n")
    raise AssertionError("no file part in the upload")


def envelope(data: dict[str, Any] | None, *, code: int = 200, success: bool = True, msg: str = "ok") -> dict[str, Any]:
    return {"success": success, "code": code, "msg": msg, "data": data}


class Uploads:
    """Answers uploads like the service: a new file id and URL each time, expiring *expires_in* seconds from now."""

    def __init__(self, *, expires_in: float = LIFETIME, query: str = "") -> None:
        self.expires_in = expires_in
        self.query = query
        self.received: list[tuple[str, bytes]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name, content = file_part(request)
        self.received.append((name, content))
        number = len(self.received)
        expires = datetime.datetime.fromtimestamp(time.time() + self.expires_in, datetime.UTC)
        data = {
            "file_id": f"file_{number:024d}",
            "file_name": f"{number}.png",
            "original_name": name,
            "file_size": len(content),
            "mime_type": "image/png",
            "file_url": f"https://files.evolink.ai/uploads/file_{number:024d}/{name}{self.query}",
            "expires_at": expires.isoformat(),
        }
        return httpx.Response(200, json=envelope(data))

    @property
    def urls(self) -> list[str]:
        return [f"https://files.evolink.ai/uploads/file_{n:024d}/{name}{self.query}"
                for n, (name, _) in enumerate(self.received, start=1)]  # fmt: skip


def serve_uploads(api: respx.MockRouter, **options: Any) -> tuple[Uploads, respx.Route]:
    """The upload route on *api*, answered by a new :class:`Uploads`."""
    uploads = Uploads(**options)
    return uploads, api.post(UPLOAD).mock(side_effect=uploads)


QUOTA_FULL = envelope({"user_group": "default", "used_files": 2000, "max_files": 2000, "remain_files": 0,
                       "is_custom": False, "quota_reason": ""})  # fmt: skip
