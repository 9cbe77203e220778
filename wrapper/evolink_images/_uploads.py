"""Uploading local images to EvoLink's files service, and reading its quota. No I/O: effects only.

An upload is one multipart request to the files service (its own host, the key added by the client). It is retried
like a read (timeouts, dropped connections, 429 and 5xx, with backoff), and that is safe: an upload makes no task and
costs no credits, and an answer lost after the service stored the file leaves at worst one more file in the quota,
which frees its slot when it expires. A refusal is never retried; a full quota is a :class:`FilesQuotaError` that
names the quota, read just after the refusal.

The same content is uploaded once per expiry window: before uploading, the engine asks its client for an upload of
the same content (by SHA-256) that lives long enough for the model's longest run, from the journal or from the
client's memory; the claim it takes meanwhile keeps two operations of one client from uploading one content twice.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from typing import Any

from ._effects import ClaimUpload, Context, Instant, Now, ReadImage, ReleaseUpload, Steps
from ._errors import EvoLinkError, EvoLinkWarning, JournalError
from ._files import redact_url
from ._files_responses import QUOTA_STATUS, answer_status, files_error, quota_from_response, uploaded_from_response
from ._files_service import FilesQuota, UploadedFile
from ._generated import files_quota_request, upload_request
from ._local_images import LocalImage, upload_name
from ._presets import presets
from ._references import Images
from ._sending import send_read

__all__ = ["CLOCK_MARGIN", "absolute_files", "files_quota", "reference_lifetime", "upload", "upload_images"]

log = logging.getLogger("evolink_images")

# Seconds an upload must outlive the model's longest run by before it is reused: for the clocks of this machine and
# of the service to disagree, and for the create to be sent.
CLOCK_MARGIN = 600.0


def absolute_files(ctx: Context, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Generated kwargs with the files service's absolute URL."""
    return {**kwargs, "url": ctx.files_base_url + kwargs["url"], "follow_redirects": False}


def reference_lifetime(model_id: str | None) -> float:
    """Seconds an uploaded reference must still live to be reused for *model_id*: its longest run, and a margin.

    The longest run is the default wait (``presets.wait_timeout``: half as much again as the longest the model's
    docs give, 600 s at least): the server fetches the image when the task runs, which may be that late.
    """
    return presets.wait_timeout(model_id) + CLOCK_MARGIN


def upload(ctx: Context, image: LocalImage) -> Steps[UploadedFile]:
    """Upload *image* (always: no earlier upload is reused), and remember it for the requests that follow."""
    return (yield from _claimed(ctx, image, None))


def upload_images(ctx: Context, images: Images, valid_for: float) -> Steps[dict[str, str]]:
    """Each image's URL by its placeholder: an earlier upload that lives *valid_for* seconds more, else a new one.

    One at a time, each claim released before the next is taken, so that two operations never wait on each other.
    """
    urls: dict[str, str] = {}
    for placeholder, image in images.items():
        now: Instant = yield Now()
        uploaded = yield from _claimed(ctx, image, now.unix + valid_for)
        urls[placeholder] = uploaded.url
    return urls


def _claimed(ctx: Context, image: LocalImage, valid_until: float | None) -> Steps[UploadedFile]:
    """The remembered upload of *image* that lives until *valid_until*, else a new upload, remembered."""
    found: UploadedFile | None = yield ClaimUpload(image.sha256, valid_until)
    if found is not None:
        log.info("%s: reusing its upload %s (until %s)", image.field, redact_url(found.url), found.expires_at)
        return found
    try:
        uploaded = yield from _send(ctx, image)
    except GeneratorExit:  # abandoned: no effect can be asked for any more
        raise
    except BaseException:
        yield ReleaseUpload(image.sha256)
        raise
    try:
        yield ReleaseUpload(image.sha256, uploaded)
    except JournalError as exc:
        warnings.warn(
            f"the upload of {image.field} is not remembered in the journal ({exc}); it goes on, and the same "
            "content may be uploaded again",
            EvoLinkWarning,
            stacklevel=2,
        )
    return uploaded


def _send(ctx: Context, image: LocalImage) -> Steps[UploadedFile]:
    content: bytes = image.content if image.content is not None else (yield ReadImage(image))
    request = upload_request(content, file_name=upload_name(image), mime_type=image.mime_type)
    response = yield from send_read(ctx, absolute_files(ctx, request))
    status = answer_status(response)
    if not 200 <= status < 300:
        quota = (yield from _quota_or_none(ctx)) if status == QUOTA_STATUS else None
        raise files_error(response, quota=quota)
    now: Instant = yield Now()
    uploaded = uploaded_from_response(response, image, now.unix)
    url = redact_url(uploaded.url)
    log.info("%s: uploaded %d bytes as %s (until %s)", image.field, uploaded.size, url, uploaded.expires_at)
    return uploaded


def files_quota(ctx: Context) -> Steps[FilesQuota]:
    """The key's file quota, as the files service reports it now."""
    response = yield from send_read(ctx, absolute_files(ctx, files_quota_request()))
    if not 200 <= answer_status(response) < 300:
        raise files_error(response)
    return quota_from_response(response)


def _quota_or_none(ctx: Context) -> Steps[FilesQuota | None]:
    """The quota, to name in a quota refusal; None when it cannot be read (the refusal is raised anyway)."""
    try:
        return (yield from files_quota(ctx))
    except EvoLinkError as exc:
        log.info("the files quota could not be read after a quota refusal: %s", exc)
        return None
