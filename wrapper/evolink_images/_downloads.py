"""Downloading a completed task's results into a folder. No I/O: effects only.

Each result is streamed to a hidden ``.part`` file (never sent the key, never following a redirect blindly, capped
in size) and renamed into place with the extension its content calls for. Unless told not to, how it was made goes
with it (``_provenance.py``): into a PNG's text chunks before the rename, else into a sidecar after it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import attrs
import httpx

from ._addresses import internal_host_reason
from ._effects import (
    ClaimName,
    Context,
    EmbedText,
    Fetch,
    FetchResult,
    JournalCall,
    KnownUploads,
    MakeDir,
    Remove,
    RemoveStale,
    Rename,
    Sleep,
    Steps,
    WriteText,
)
from ._errors import DownloadError, EvoLinkError, ValidationError
from ._files import extension_for, part_path, redact_url, result_path
from ._png import SIGNATURE
from ._provenance import (
    drawn_by_simulator,
    png_entries,
    provenance_record,
    request_urls,
    sidecar_path,
    sidecar_text,
)
from ._records import record_or_warn
from ._retry import backoff_delay, parse_retry_after, read_error_is_transient, status_is_transient
from ._task import Task, TaskStatus

__all__ = ["GONE", "MAX_NAME_TRIES", "MAX_REDIRECTS", "REDIRECTS", "STALE_PART_SECONDS", "download"]

log = logging.getLogger("evolink_images")

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({403, 404, 410})
MAX_NAME_TRIES = 1000
# A partial download of a process that is alive is left alone, unless nothing has written to it for this long.
STALE_PART_SECONDS = 3600.0


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

    With *metadata*, each file records how it was made; the request comes from the task, else from the journal, and
    the local files its image URLs were uploaded from (name and hash) from the client's uploads.
    Named by *stem*, a result never replaces a file that is not its own: it takes the next free name instead
    (``<stem>-<index>~2.<ext>``).
    """
    if task.status != TaskStatus.COMPLETED:
        raise EvoLinkError(f"task {task.id} is {task.status}: only a completed task has results to download")
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1):
        raise ValidationError("max_bytes", max_bytes, "must be a whole number of bytes, 1 or more (None: the default)")
    request = task.request
    entry = None
    if ctx.journalled and (stem is not None or (metadata and request is None)):
        entry = yield from record_or_warn(JournalCall("by_task_id", {"task_id": task.id}), task.id)
    if metadata and request is None and entry is not None:
        request = entry.body
    known = frozenset(entry.files) if entry is not None else frozenset[str]()
    uploads = (yield KnownUploads(urls)) if metadata and (urls := request_urls(request)) else ()
    yield MakeDir(dest_dir)
    limit = max_bytes or ctx.max_download_bytes
    paths = []
    try:
        for index, url in enumerate(task.results):
            target = result_path(dest_dir, stem or task.id, index, "part")
            record = provenance_record(task, request, index=index, url=url, uploads=uploads) if metadata else None
            claim = ClaimName(target, task.id, index, known) if stem is not None else None
            path = yield from _download_one(ctx, url, target, limit, record=record, claim=claim)
            paths.append(path)
    except DownloadError as exc:
        if ctx.journalled:
            yield from record_or_warn(JournalCall("note_error", {"task_id": task.id, "error": str(exc)}), task.id)
        raise
    if ctx.journalled:
        yield from record_or_warn(JournalCall("downloaded", {"task_id": task.id, "files": paths}), task.id)
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


def _download_one(
    ctx: Context, url: str, target: Path, limit: int, *, record: Mapping[str, Any] | None, claim: ClaimName | None
) -> Steps[Path]:
    """Fetch *url* into *target* (its extension replaced by the one the content calls for), with *record*.

    With a *claim*, the file goes to the first name that is free or already this result's own.
    """
    yield RemoveStale(target.parent, f".{target.stem}.*.part", older_than=STALE_PART_SECONDS)  # a killed download's
    part = part_path(target, ctx.process_id)
    claimed: Path | None = None
    try:
        result = yield from _fetch(ctx, url, part, limit, private=record is not None)
        _refuse_unusable(result, url, limit)
        final = target.with_suffix(f".{extension_for(result.headers.get('content-type', ''), result.head)}")
        if record is not None:
            record = {**record, "simulated": drawn_by_simulator(result.head)}  # the served file's own mark
        embedded = False
        if record is not None and result.head.startswith(SIGNATURE):
            embedded = yield EmbedText(part, tuple(png_entries(record)))
        if claim is not None:
            final, created = yield from _claim_name(final, claim, url)
            claimed = final if created else None
        yield Rename(part, final)
        claimed = None
        if record is not None and not embedded:
            yield WriteText(sidecar_path(final), sidecar_text(record))
    except GeneratorExit:
        raise  # closed by its client: no effect can be carried out any more
    except BaseException as exc:
        yield Remove(part)
        if claimed is not None:
            yield Remove(claimed)
        if isinstance(exc, OSError):
            where = exc.filename or target.parent
            raise DownloadError(
                f"could not save the result: {exc.strerror or exc} ({where})", url=redact_url(url)
            ) from exc
        raise
    log.info("saved %s (%d bytes)", final, result.size)
    return final


def _claim_name(final: Path, claim: ClaimName, url: str) -> Steps[tuple[Path, bool]]:
    """The first of ``final``, ``<stem>~2``, ``~3``, ... that is free or this result's, and whether it was free."""
    for number in range(1, MAX_NAME_TRIES + 1):
        path = final if number == 1 else final.with_name(f"{final.stem}~{number}{final.suffix}")
        answer = yield attrs.evolve(claim, path=path)
        if answer != "taken":
            return path, answer == "created"
    message = f"{final.name} and the next {MAX_NAME_TRIES - 1} names are other files: nothing was replaced"
    raise DownloadError(message, url=redact_url(url))


def _fetch(ctx: Context, url: str, part: Path, limit: int, *, private: bool) -> Steps[FetchResult]:
    """The final answer for *url*: redirects followed (each checked), transient failures retried."""
    current, redirects, attempt = url, 0, 0
    while True:
        if urlsplit(current).scheme.lower() not in {"http", "https"}:
            raise DownloadError("refusing a result URL that is not http(s)", url=redact_url(current))
        if redirects:
            _refuse_internal_redirect(ctx, current)
        try:
            result: FetchResult = yield Fetch(current, part, limit, private=private)
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


def _refuse_internal_redirect(ctx: Context, location: str) -> None:
    """A redirect may not lead to an internal address (loopback, private, ...), unless the API itself is local."""
    reason = internal_host_reason(urlsplit(location).hostname or "")
    if reason and not internal_host_reason(urlsplit(ctx.base_url).hostname or ""):
        raise DownloadError(f"refusing a redirect to an internal host ({reason})", url=redact_url(location))
