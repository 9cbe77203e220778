"""The upload steps by hand, as test_engine drives the others: claims taken and always released, no I/O."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import evolink_images as ei
import httpx
import pytest
from evolink_images._effects import ClaimUpload, Context, Instant, Now, ReleaseUpload, Send, Sleep
from evolink_images._files_service import UploadedFile
from evolink_images._local_images import read_local_image
from evolink_images._uploads import reference_lifetime, upload_images

from tests.conftest import PNG
from tests.files_service import QUOTA, QUOTA_FULL, UPLOAD, envelope

CTX = Context(base_url="https://api.evolink.ai", max_retries=2)
SHA = hashlib.sha256(PNG).hexdigest()
NOW = Instant(monotonic=5.0, unix=2_000_000_000.0)
IMAGE = read_local_image(PNG, "image_urls[0]")
LIFETIME = reference_lifetime("nano-banana-2-lite-beta")
FOUND = UploadedFile(url="https://files.evolink.ai/u/1.png", file_id="f1", expires_at=datetime(2100, 1, 1, tzinfo=UTC),
                     size=len(PNG), mime_type="image/png", original_name=None, sha256=SHA)  # fmt: skip


def answer(status: int, body: Any, url: str = UPLOAD) -> httpx.Response:
    return httpx.Response(status, json=body, request=httpx.Request("POST", url))


def started() -> Any:
    steps = upload_images(CTX, {"placeholder": IMAGE}, LIFETIME)
    assert next(steps) == Now()
    assert steps.send(NOW) == ClaimUpload(SHA, NOW.unix + LIFETIME), "an upload that outlives the longest run"
    return steps


def test_a_remembered_upload_is_used_without_a_request() -> None:
    steps = started()
    with pytest.raises(StopIteration) as done:
        steps.send(FOUND)
    assert done.value.value == {"placeholder": FOUND.url}


def test_a_new_upload_is_sent_then_remembered_as_the_claim_is_released() -> None:
    steps = started()
    send = steps.send(None)
    assert isinstance(send, Send) and send.request["url"] == UPLOAD and "Authorization" not in send.request["headers"]
    assert steps.send(answer(200, envelope({"file_url": "https://files.evolink.ai/u/2.png"}))) == Now()
    release = steps.send(NOW)
    assert isinstance(release, ReleaseUpload) and release.sha256 == SHA
    assert release.uploaded is not None and release.uploaded.url == "https://files.evolink.ai/u/2.png"
    with pytest.raises(StopIteration) as done:
        steps.send(None)
    assert done.value.value == {"placeholder": "https://files.evolink.ai/u/2.png"}


def test_a_failed_upload_releases_its_claim_before_raising() -> None:
    steps = started()
    steps.send(None)
    for _ in range(CTX.max_retries):
        assert isinstance(steps.throw(httpx.ConnectError("refused")), Sleep)
        assert isinstance(steps.send(None), Send)
    assert steps.throw(httpx.ConnectError("refused")) == ReleaseUpload(SHA, None)
    with pytest.raises(ei.APIConnectionError):
        steps.send(None)


def test_a_full_quota_reads_the_quota_then_releases_and_raises() -> None:
    steps = started()
    steps.send(None)
    read = steps.send(answer(403, envelope(None, code=403, success=False, msg="quota exceeded")))
    assert isinstance(read, Send) and read.request["url"] == QUOTA and read.request["method"] == "get"
    assert steps.send(answer(200, QUOTA_FULL, QUOTA)) == ReleaseUpload(SHA, None)
    with pytest.raises(ei.FilesQuotaError) as caught:
        steps.send(None)
    assert caught.value.quota is not None and caught.value.quota.remaining_files == 0


def test_a_journal_that_cannot_remember_an_upload_warns_and_the_upload_is_used() -> None:
    steps = started()
    steps.send(None)
    steps.send(answer(200, envelope({"file_url": "https://files.evolink.ai/u/3.png"})))
    steps.send(NOW)
    with pytest.warns(ei.EvoLinkWarning, match="not remembered in the journal"), pytest.raises(StopIteration) as done:
        steps.throw(ei.JournalError("disk full", path="j"))
    assert done.value.value == {"placeholder": "https://files.evolink.ai/u/3.png"}
