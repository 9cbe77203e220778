"""The default wait follows the model's documented duration: 600 s, or 1.5 times the longest its docs give."""

from __future__ import annotations

import io

import evolink_images as ei
import pytest
import respx
from evolink_images.cli._progress import ProgressDisplay
from evolink_images.testing import VirtualClock

from tests.conftest import TASK_ID, task_json

TASK_PATH = f"/v1/tasks/{TASK_ID}"
DOCUMENTED = next(model for model in ei.presets.values() if model.max_seconds)
PLAIN = next(model for model in ei.presets.values() if not model.max_seconds)


def test_the_default_wait_is_the_models_own() -> None:
    assert DOCUMENTED.max_seconds == 1200  # Midjourney: "Timeout: approximately 20 minutes"
    assert DOCUMENTED.wait_timeout == 1800.0
    assert PLAIN.wait_timeout == ei.presets.wait_timeout(PLAIN.id) == 600.0
    assert ei.presets.wait_timeout("a-model-this-version-does-not-know") == 600.0


@pytest.mark.parametrize(("model", "expected"), [(DOCUMENTED, 1800.0), (PLAIN, 600.0)], ids=["documented", "plain"])
def test_wait_without_a_timeout_waits_as_long_as_the_model_needs(
    client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock, model: ei.ModelPreset, expected: float
) -> None:
    api.get(TASK_PATH).respond(200, json=task_json(model=model.id, status="processing", progress=10))
    start = clock.now()
    with pytest.raises(ei.TaskTimeoutError) as caught:
        client.wait(TASK_ID)  # a bare id: the model is learnt from the first answer
    assert caught.value.timeout == expected
    assert clock.now() - start == pytest.approx(expected)


def test_a_task_in_hand_gives_its_model_before_any_poll(
    client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock
) -> None:
    api.get(TASK_PATH).respond(200, json=task_json(model=DOCUMENTED.id, status="processing", progress=10))
    task = ei.Task(id=TASK_ID, model=DOCUMENTED.id, status=ei.TaskStatus.PENDING)
    with pytest.raises(ei.TaskTimeoutError) as caught:
        client.wait(task)
    assert caught.value.timeout == 1800.0


def test_an_explicit_timeout_wins(client: ei.EvoLink, api: respx.MockRouter, clock: VirtualClock) -> None:
    api.get(TASK_PATH).respond(200, json=task_json(model=DOCUMENTED.id, status="processing", progress=10))
    start = clock.now()
    with pytest.raises(ei.TaskTimeoutError):
        client.wait(TASK_ID, timeout=60)
    assert clock.now() - start == pytest.approx(60.0)


@pytest.mark.parametrize("timeout", [0, -5.0])
def test_a_timeout_that_is_not_positive_is_refused(client: ei.EvoLink, timeout: float) -> None:
    with pytest.raises(ei.ValidationError, match="timeout"):
        client.wait(TASK_ID, timeout=timeout)


def test_the_progress_display_shows_the_wait_it_uses() -> None:
    stream = io.StringIO()
    display = ProgressDisplay(stream, interactive=False)
    display(ei.Task(id=TASK_ID, model=DOCUMENTED.id, status=ei.TaskStatus.PROCESSING, progress=40))
    display(ei.Task(id=TASK_ID, model=PLAIN.id, status=ei.TaskStatus.PROCESSING, progress=50))
    first, second = stream.getvalue().splitlines()
    assert first.endswith("waits up to 30m)")
    assert second.endswith("waits up to 10m)")
    explicit = io.StringIO()
    ProgressDisplay(explicit, interactive=False, timeout=90)(
        ei.Task(id=TASK_ID, model=DOCUMENTED.id, status=ei.TaskStatus.PROCESSING, progress=40)
    )
    assert explicit.getvalue().rstrip().endswith("waits up to 90s)")
