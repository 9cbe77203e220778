"""Downloading a completed task's results into a folder. No I/O: effects only.

Each result is streamed to a hidden ``.part`` file (never sent the key, never following a redirect blindly, capped
in size) and renamed into place with the extension its content calls for. Unless told not to, how it was made goes
with it (``_provenance.py``): into a PNG's text chunks before the rename, else into a sidecar after it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from ._effects import (
    Context,
    EmbedText,
    Fetch,
    FetchResult,
    JournalCall,
    MakeDir,
    Remove,
    RemoveStale,
    Rename,
    Sleep,
    Steps,
    WriteText,
)
from ._errors import DownloadError, EvoLinkError
from ._files import extension_for, redact_url, result_path
from ._png import SIGNATURE
from ._provenance import png_entries, provenance_record, sidecar_path, sidecar_text
from ._retry import backoff_delay, parse_retry_after, read_error_is_transient, status_is_transient
from ._task import Task, TaskStatus

__all__ = ["GONE", "MAX_REDIRECTS", "REDIRECTS", "download"]

log = logging.getLogger("evolink_images")

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({403, 404, 410})


def download(
    ctx: Context,
    task: Task,
    dest_dir: Path,
    *,
    max_bytes: int | None = None,
    stem: str | None = None,
    metadata: bool = True,
) -> Steps[list[Path]]:
    """Save each result of a completed task as ``<dest_dir>/<stem or task id>-<index>.<ext>``.

    With *metadata*, each file records how it was made; the request comes from the task, else from the journal.
    """
    if task.status != TaskStatus.COMPLETED:
        raise EvoLinkError(f"task {task.id} is {task.status}: only a completed task has results to download")
    request = task.request
    if metadata and request is None and ctx.journalled:
        entry = yield JournalCall("by_task_id", {"task_id": task.id})
        request = entry.body if entry is not None else None
    yield MakeDir(dest_dir)
    limit = max_bytes or ctx.max_download_bytes
    paths = []
    try:
        for index, url in enumerate(task.results):
            target = result_path(dest_dir, stem or task.id, index, "part")
            record = provenance_record(task, request, index=index, url=url) if metadata else None
            path = yield from _download_one(ctx, url, target, limit, record)
            paths.append(path)
    except DownloadError as exc:
        if ctx.journalled:
            yield JournalCall("note_error", {"task_id": task.id, "error": str(exc)})
        raise
    if ctx.journalled:
        yield JournalCall("downloaded", {"task_id": task.id, "files": paths})
    return paths


def _refuse_unusable(result: FetchResult, url: str, limit: int) -> None:
    """Raise the DownloadError a final, non-redirect answer deserves: gone, failed, too large, or not an image."""
    status = result.status_code
    if status in GONE:
        raise DownloadError(
            f"HTTP {status}: the result URL has expired or is gone (result URLs last about 24 hours; "
            "download promptly after completion)",
            url=redact_url(url),
            status_code=status,
        )
    if status != 200:
        raise DownloadError(f"HTTP {status}", url=redact_url(url), status_code=status)
    if result.too_large:
        raise DownloadError(f"the file is larger than the {limit:,}-byte limit", url=redact_url(url))
    content_type = result.headers.get("content-type", "")
    if extension_for(content_type, result.head) == "bin" and content_type.startswith(("text/", "application/json")):
        raise DownloadError(f"expected an image, got {content_type}", url=redact_url(url))


def _download_one(ctx: Context, url: str, target: Path, limit: int, record: Mapping[str, Any] | None) -> Steps[Path]:
    """Fetch *url* into *target* (its extension replaced by the one the content calls for), with *record*."""
    yield RemoveStale(target.parent, f".{target.stem}.*.part")  # left by a download that was killed
    part = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part")
    try:
        result = yield from _fetch(ctx, url, part, limit)
        _refuse_unusable(result, url, limit)
        final = target.with_suffix(f".{extension_for(result.headers.get('content-type', ''), result.head)}")
        embedded = False
        if record is not None and result.head.startswith(SIGNATURE):
            embedded = yield EmbedText(part, tuple(png_entries(record)))
        yield Rename(part, final)
        if record is not None and not embedded:
            yield WriteText(sidecar_path(final), sidecar_text(record))
    except GeneratorExit:
        raise  # closed by its client: no effect can be carried out any more
    except BaseException:
        yield Remove(part)
        raise
    log.info("saved %s (%d bytes)", final, result.size)
    return final


def _fetch(ctx: Context, url: str, part: Path, limit: int) -> Steps[FetchResult]:
    """The final answer for *url*: redirects followed (each checked), transient failures retried."""
    current, redirects, attempt = url, 0, 0
    while True:
        if urlsplit(current).scheme.lower() not in {"http", "https"}:
            raise DownloadError("refusing a result URL that is not http(s)", url=redact_url(current))
        try:
            result: FetchResult = yield Fetch(current, part, limit)
        except httpx.TransportError as exc:
            if attempt < ctx.max_retries and read_error_is_transient(exc):
                attempt += 1
                yield Sleep(backoff_delay(attempt))
                continue
            raise DownloadError(f"download failed: {type(exc).__name__}: {exc}", url=redact_url(current)) from exc
        status = result.status_code
        if status in REDIRECTS:
            redirects += 1
            location = result.headers.get("location")
            if not location or redirects > MAX_REDIRECTS:
                raise DownloadError(
                    f"too many or broken redirects ({redirects})", url=redact_url(url), status_code=status
                )
            current = urljoin(current, location)
            continue
        if status_is_transient(status) and attempt < ctx.max_retries:
            attempt += 1
            yield Sleep(backoff_delay(attempt, parse_retry_after(result.headers)))
            continue
        return result
