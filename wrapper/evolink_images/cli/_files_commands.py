"""The files service's commands: ``upload FILE...`` and ``files quota``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC
from typing import Any

import attrs

from .._client import EvoLink
from .._errors import ValidationError
from .._files_service import FILE_LIFETIME, FilesQuota, UploadedFile
from .._local_images import read_local_image

__all__ = ["UploadError", "check_uploads", "cmd_files_quota", "cmd_upload", "quota_text", "uploaded_json"]


class UploadError(Exception):
    """A file ``upload`` cannot send (missing, not an image, too large): one line, exit code 2, nothing sent."""


def check_uploads(files: list[str]) -> None:
    """Refuse the first of *files* the files service would not take, before anything is uploaded."""
    for path in files:
        try:
            read_local_image(path, path)
        except ValidationError as exc:
            raise UploadError(f"{path}: {exc.rule}; nothing was uploaded") from None


def _when(uploaded: UploadedFile) -> str:
    return uploaded.expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def uploaded_json(path: str, uploaded: UploadedFile) -> dict[str, Any]:
    """One upload as JSON-ready data: the local file, and what the service answered."""
    return {
        "file": path,
        "url": uploaded.url,
        "expires_at": uploaded.expires_at.astimezone(UTC).isoformat(),
        "file_id": uploaded.file_id,
        "size": uploaded.size,
        "mime_type": uploaded.mime_type,
        "sha256": uploaded.sha256,
    }


def cmd_upload(args: argparse.Namespace, client: EvoLink) -> int:
    """Upload each checked file; print its URL and expiry as it goes (with --json, one JSON object a line)."""
    for path in args.files:
        uploaded = client.upload(path)
        # Each as it is uploaded: what was uploaded is said even when a later file fails.
        if args.json:
            print(json.dumps(uploaded_json(path, uploaded)), flush=True)
        else:
            print(f"{path}: {uploaded.url} (expires {_when(uploaded)})", flush=True)
    return 0


def quota_text(quota: FilesQuota) -> str:
    """The quota in one line; a full one says so, and when a slot frees."""
    used = "?" if quota.used_files is None else str(quota.used_files)
    most = "?" if quota.max_files is None else str(quota.max_files)
    left = "" if quota.remaining_files is None else f", {quota.remaining_files} left"
    group = f" (user group {quota.user_group}{', set by hand' if quota.is_custom else ''})" if quota.user_group else ""
    text = f"files quota: {used} of {most} files stored{left}{group}"
    if quota.remaining_files == 0:
        text += (
            f"; it is full: uploads are refused until a file expires, {FILE_LIFETIME / 3600:g} hours after its upload"
        )
    return text


def cmd_files_quota(args: argparse.Namespace, client: EvoLink) -> int:
    """Print the key's file quota."""
    quota = client.files_quota()
    print(json.dumps(attrs.asdict(quota), indent=2) if args.json else quota_text(quota))
    return 0
