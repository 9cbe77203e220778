"""A task that completes with fewer images than it asked for warns once, with both numbers; the journal records them."""

from __future__ import annotations

import asyncio
import warnings
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _waiting
from evolink_images.simulator import Fault, SimulatorServer
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, CREATE, CREATED, TASK_ID, completed_json, task_json

TASK_PATH = f"/v1/tasks/{TASK_ID}"
URLS = ("https://files.example.com/r/0.png", "https://files.example.com/r/1.png")


@pytest.fixture
def journal(tmp_path: Path) -> ei.Journal:
    return ei.Journal(tmp_path / "journal.sqlite3")


@pytest.fixture
def journalled(api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal)


def two_of_them(api: respx.MockRouter, model: str) -> None:
    """A create, two polls while it runs, then a completed task with two results."""
    api.post(CREATE).respond(200, json={**CREATED, "model": model})
    running = httpx.Response(200, json=task_json(model=model, status="processing", progress=40))
    done = httpx.Response(200, json={**completed_json(*URLS), "model": model})
    api.get(TASK_PATH).mock(side_effect=[running, running, done])


def fewer(caught: list[warnings.WarningMessage]) -> list[ei.FewerImagesWarning]:
    return [w.message for w in caught if isinstance(w.message, ei.FewerImagesWarning)]


def test_four_asked_two_made_warns_once_with_both_numbers(
    journalled: ei.EvoLink, api: respx.MockRouter, journal: ei.Journal
) -> None:
    two_of_them(api, "gpt-image-2")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        task = journalled.generate("gpt-image-2", "four cats", n=4)
    (warning,) = fewer(caught)
    assert (warning.task_id, warning.asked, warning.made) == (TASK_ID, 4, 2)
    assert str(warning) == f"task {TASK_ID} made 2 of the 4 images asked for"
    assert isinstance(warning, ei.EvoLinkWarning)
    assert task.results == list(URLS) and task.images_asked == 4
    (entry,) = journal.entries()
    assert (entry.images_asked, entry.images_made) == (4, 2)


def test_a_midjourney_grid_with_an_image_withheld_warns(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    """A grid asks for the model's four images (no n): moderation may withhold some (D20 of the spec)."""
    api.post(CREATE).respond(200, json={**CREATED, "model": "mj-v7"})
    three = completed_json(*URLS, "https://files.example.com/r/2.png")
    api.get(TASK_PATH).respond(200, json={**three, "model": "mj-v7"})
    with pytest.warns(ei.FewerImagesWarning, match="made 3 of the 4 images"):
        journalled.generate("mj-v7", "a lighthouse")


def test_all_the_images_asked_for_warn_nothing(journalled: ei.EvoLink, api: respx.MockRouter) -> None:
    two_of_them(api, "gpt-image-2")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ei.FewerImagesWarning)
        journalled.generate("gpt-image-2", "two cats", n=2)


def test_without_the_check_nothing_would_say_so(
    journalled: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_waiting, "_warn_if_fewer", lambda task: None)
    two_of_them(api, "gpt-image-2")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journalled.generate("gpt-image-2", "four cats", n=4)
    assert fewer(caught) == []


def test_a_bare_task_id_says_nothing_it_cannot_know(client: ei.EvoLink, api: respx.MockRouter) -> None:
    """Waited for by id, the request is unknown, so is the count asked: no warning is better than a wrong one."""
    api.get(TASK_PATH).respond(200, json={**completed_json(URLS[0]), "model": "gpt-image-2"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ei.FewerImagesWarning)
        task = client.wait(TASK_ID)
    assert task.images_asked is None


def test_the_async_client_warns_too(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    two_of_them(api, "gpt-image-2")

    async def go() -> None:
        async with async_client:
            await async_client.generate("gpt-image-2", "four cats", n=4)

    with pytest.warns(ei.FewerImagesWarning, match="made 2 of the 4"):
        asyncio.run(go())


def test_the_simulators_fewer_images_fault(server: SimulatorServer, tmp_path: Path) -> None:
    server.simulator.faults.add(Fault(kind="fewer_images", route="create", count=1))
    with ei.EvoLink(api_key="sk-sim-fewer", base_url=server.url, journal=tmp_path / "j.db") as client:
        with pytest.warns(ei.FewerImagesWarning) as caught:
            task = client.generate("doubao-seedream-4.0", "four boats", n=4)
        journal = client.journal
        assert journal is not None
        (entry,) = journal.entries()
    (warning,) = [w.message for w in caught if isinstance(w.message, ei.FewerImagesWarning)]
    assert warning.asked == 4 and warning.made == len(task.results) < 4
    assert (entry.images_asked, entry.images_made) == (4, len(task.results))
