"""The public API as a user types against it: checked by ``mypy --strict`` (``make lint``), never run.

Each ``assert_type`` pins what a user's type checker infers; a change that loosens a public type to ``Any`` or
changes a signature fails ``make lint`` here before it reaches anyone's code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, assert_type

import evolink_images as ei
from evolink_images.simulator import Fault, Simulator, SimulatorConfig, SimulatorServer, SimulatorTransport
from evolink_images.testing import VirtualClock
from evolink_images.webhooks import CallbackEvent, ClaimedCallback, parse_callback


def blocking(out: Path) -> None:
    with ei.EvoLink(api_key="sk-example", timeout=30.0, max_retries=2) as client:
        task = client.submit("nano-banana", "a lighthouse", size="16:9")
        assert_type(task, ei.Task)
        assert_type(task.id, str)
        assert_type(task.status, ei.TaskStatus)
        assert_type(task.status.is_final, bool)
        assert_type(task.results, list[str])
        assert_type(task.credits_reserved, float | None)
        assert_type(task.request, Mapping[str, Any] | None)
        assert_type(task.layers, tuple[ei.Layer, ...])
        done = client.wait(task, timeout=120.0, on_progress=lambda seen: print(seen.progress))
        assert_type(client.generate("nano-banana", "a cat", validate=False, extra_body={"new": 1}), ei.Task)
        files = client.download(done, out, stem="lighthouse", metadata=False)
        assert_type(files, list[Path])
        assert_type(client.get_task(task.id), ei.Task)
        assert_type(client.resume(out), list[ei.ResumeOutcome])
        grid = client.generate("mj-v7", "a lighthouse --ar 16:9")
        assert_type(client.follow_up(grid, "upscale", image_number=2, type="creative"), ei.Task)
        assert_type(client.follow_up(grid.id, "variation"), ei.Task)


def local_images(photo: Path) -> None:
    client = ei.EvoLink(api_key="sk-example", files_base_url="https://files-api.evolink.ai")
    uploaded = client.upload(photo)
    assert_type(uploaded, ei.UploadedFile)
    assert_type(uploaded.url, str)
    assert_type(uploaded.expires_at, datetime)
    assert_type(uploaded.sha256, str)
    assert_type(client.upload(str(photo)).size, int)
    assert_type(client.upload(photo.read_bytes()).original_name, str | None)
    with photo.open("rb") as file:
        assert_type(client.upload(file).file_id, str | None)
    quota = client.files_quota()
    assert_type(quota, ei.FilesQuota)
    assert_type(quota.remaining_files, int | None)
    assert_type(client.submit("nano-banana", "at night", image_urls=[photo, photo.read_bytes()]), ei.Task)
    try:
        client.upload(photo)
    except ei.FilesQuotaError as exc:
        assert_type(exc.quota, ei.FilesQuota | None)


async def local_images_async(photo: Path) -> ei.UploadedFile:
    async with ei.AsyncEvoLink(api_key="sk-example") as client:
        assert_type(await client.files_quota(), ei.FilesQuota)
        return await client.upload(photo)


async def non_blocking(out: Path) -> list[Path]:
    async with ei.AsyncEvoLink(api_key="sk-example", max_concurrent_requests=8) as client:

        async def report(task: ei.Task) -> None:
            await asyncio.sleep(0)

        assert_type(await client.follow_up("task-unified-1", "pan", direction="left"), ei.Task)
        task = await client.generate("seedream-4.5", "a harbour", on_progress=report)
        assert_type(task, ei.Task)
        return await client.download(task, out)


def money(journal: ei.Journal) -> None:
    client = ei.EvoLink(api_key="sk-example", journal=journal)
    credits = client.credits()
    assert_type(credits, ei.Credits)
    assert_type(credits.user_remaining, float | None)
    assert_type(credits.key_unlimited, bool | None)
    assert_type(credits.available, float | None)
    estimate = client.estimate("gpt-image-2", "a lighthouse", n=2)
    assert_type(estimate, ei.Estimate)
    assert_type(estimate.credits, float | None)
    assert_type(estimate.basis, str)
    assert_type(estimate.samples, int)
    assert_type(estimate.reserved, float | None)
    spending = journal.spending(since=0.0)
    assert_type(spending, ei.Spending)
    assert_type(spending.total, ei.SpendingTotals)
    assert_type(spending.by_model["gpt-image-2"].charged, float)
    assert_type(spending.by_day, Mapping[str, ei.SpendingTotals])
    entry = journal.entries()[0]
    assert_type(entry.credits_charged, float | None)
    assert_type(entry.images_made, int | None)
    task = client.generate("gpt-image-2", "a lighthouse", n=2)
    assert_type(task.images_asked, int | None)
    try:
        client.generate("mj-v7", "a lighthouse")
    except ei.ContentPolicyRefusalError as exc:
        assert_type(exc.status_code, int)
    except ei.ContentPolicyError as exc:
        assert_type(exc.charged, float | None)
        assert_type(exc.code, str | None)
    except ei.InsufficientCreditsError as exc:
        assert_type(exc.limit, str | None)
        assert_type(exc.figures, Mapping[str, float])
    warning: type[ei.EvoLinkWarning] = ei.FewerImagesWarning
    assert warning


async def money_async() -> None:
    async with ei.AsyncEvoLink(api_key="sk-example") as client:
        assert_type(await client.credits(), ei.Credits)
        assert_type(await client.estimate("mj-v7", "a lighthouse"), ei.Estimate)


def errors() -> None:
    client = ei.EvoLink(api_key="sk-example")
    try:
        client.generate("nano-banana", "a cat", n=5)
    except ei.ValidationError as exc:
        assert_type(exc.field, str)
        assert_type(exc.rule, str)
        assert_type(exc.model, str | None)
    except ei.RateLimitError as exc:
        assert_type(exc.retry_after, float | None)
    except ei.APIStatusError as exc:
        assert_type(exc.status_code, int)
        assert_type(exc.code, str | int | None)
    except ei.APIConnectionError as exc:
        assert_type(exc.outcome_unknown, bool)
    except ei.TaskFailedError as exc:
        assert_type(exc.task, ei.Task)
        assert_type(exc.retryable, bool | None)
    except ei.TaskTimeoutError as exc:
        assert_type(exc.task_id, str)
    except ei.EvoLinkError:
        pass
    timeout_is_builtin: type[TimeoutError] = ei.TaskTimeoutError
    assert timeout_is_builtin


def presets_and_metadata(path: Path) -> None:
    preset = ei.presets["nano-banana"]
    assert_type(preset, ei.ModelPreset)
    assert_type(preset.id, str)
    size = preset.fields["size"]
    assert_type(size, ei.FieldSpec)
    assert_type(ei.presets.names(), list[str])
    assert_type(ei.presets.families(), dict[str, list[ei.ModelPreset]])
    assert_type(ei.presets.follow_ups("mj-v7"), dict[str, ei.ModelPreset])
    assert_type(ei.presets.wait_timeout("mj-v7"), float)
    assert_type(preset.series, str | None)
    metadata = ei.read_metadata(path)
    assert_type(metadata, ei.ImageMetadata | None)
    if metadata is not None:
        assert_type(metadata.prompt, str | None)
        assert_type(metadata.parameters, Mapping[str, Any])
        assert_type(metadata.references, tuple[Mapping[str, Any], ...])
    assert_type(ei.__version__, str)


def simulator_and_testing() -> None:
    simulator = Simulator(SimulatorConfig(speed=15.0))
    simulator.faults.add(Fault(kind="rate_limit", route="create", count=2))
    assert_type(simulator.stats.creates_received, int)
    with SimulatorServer(simulator) as server:
        assert_type(server.url, str)
    clock = VirtualClock()
    assert_type(clock, VirtualClock)
    assert_type(SimulatorTransport(simulator), SimulatorTransport)
    claimed = parse_callback(b'{"id": "task-1", "status": "completed"}')
    assert_type(claimed, ClaimedCallback)
    event: CallbackEvent | None = None
    assert event is None
