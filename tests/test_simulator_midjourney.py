"""The simulator serves Midjourney as the docs describe it: grids of four, follow-ups that need a finished parent of
their series made with the same key, 403 for an upscale of an upscale, and images that say what made them."""

from __future__ import annotations

import io
import json
from typing import Any

import attrs
import evolink_images as ei
import httpx
import pytest
from evolink_images._png import read_text
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport, _core
from evolink_images.simulator._images import draw_png

from contract_tests.spec_contract import Spec

UPSCALE = ei.presets.follow_ups("mj-v7")["upscale"]
VARIATION = ei.presets.follow_ups("mj-v7")["variation"]
SPEC = Spec.load()


def documented(response: httpx.Response) -> dict[str, Any]:
    """The error of a refused create, once its status and body are checked against the spec's responses."""
    body: dict[str, Any] = response.json()
    drifts = SPEC.check_response("post", "/v1/images/generations", response.status_code, response.headers, body)
    assert drifts == [], [str(drift) for drift in drifts]
    error: dict[str, Any] = body["error"]
    return error


class Clock:
    """The simulator's clock, moved by hand: a task completes when the test says."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def simulator(clock: Clock) -> Simulator:
    return Simulator(SimulatorConfig(speed=1.0), clock=clock)


def client(simulator: Simulator, key: str = "key-one") -> ei.EvoLink:
    return ei.EvoLink(api_key=key, http_client=httpx.Client(transport=SimulatorTransport(simulator)))


def finished_grid(simulator: Simulator, clock: Clock, model: str = "mj-v7", key: str = "key-one") -> ei.Task:
    evolink = client(simulator, key)
    task = evolink.submit(model, "a lighthouse at dawn")
    clock.now += 10_000.0
    return evolink.get_task(task.id)


def create(simulator: Simulator, body: dict[str, Any], key: str = "key-one") -> httpx.Response:
    """A raw create, past the client's checks: what the server itself answers."""
    http = httpx.Client(transport=SimulatorTransport(simulator), base_url="https://api.evolink.ai")
    return http.post("/v1/images/generations", json=body, headers={"Authorization": f"Bearer {key}"})


def upscale_body(parent: str, number: float = 0) -> dict[str, Any]:
    return {"model": UPSCALE.id, "model_params": {"task_id": parent, "image_number": number}}


def test_a_grid_is_four_images(simulator: Simulator, clock: Clock) -> None:
    grid = finished_grid(simulator, clock)
    assert len(grid.results) == 4
    assert grid.credits_reserved == 4.0


def test_grid_then_upscale_then_variation_of_the_grid(simulator: Simulator, clock: Clock) -> None:
    grid = finished_grid(simulator, clock)
    evolink = client(simulator)
    upscale = evolink.follow_up(grid, "upscale", image_number=2)
    variation = evolink.follow_up(grid, "variation", image_number=0)
    clock.now += 10_000.0
    assert len(evolink.get_task(upscale.id).results) == 1
    assert len(evolink.get_task(variation.id).results) == 4


@pytest.mark.parametrize(
    ("case", "status"),
    [("unknown", 400), ("other key", 400), ("running", 400), ("other series", 400), ("no such image", 400)],
)
def test_a_parent_the_api_would_not_take_is_refused_and_creates_nothing(
    simulator: Simulator, clock: Clock, case: str, status: int
) -> None:
    grid = finished_grid(simulator, clock)
    body, key = upscale_body(grid.id), "key-one"
    if case == "unknown":
        body = upscale_body("task-unified-1-nosuchid")
    elif case == "other key":
        key = "key-two"
    elif case == "running":
        body = upscale_body(client(simulator).submit("mj-v7", "still drawing").id)
    elif case == "other series":
        body = upscale_body(finished_grid(simulator, clock, model="mj-v8.1").id)
    elif case == "no such image":
        parent = client(simulator).submit(UPSCALE.id, model_params={"task_id": grid.id, "image_number": 1})
        clock.now += 10_000.0
        body = {"model": VARIATION.id, "model_params": {"task_id": parent.id, "image_number": 3}}
    created, received = simulator.stats.tasks_created, simulator.stats.creates_received
    response = create(simulator, body, key)
    assert response.status_code == status, response.text
    error = documented(response)
    assert (error["code"], error["type"]) == ("invalid_request", "invalid_request_error")
    assert error["param"] == ("model_params.image_number" if case == "no such image" else "model_params.task_id")
    assert "(Rule mj-source-task)" in response.text or case == "no such image"
    assert simulator.stats.tasks_created == created, "no task, no charge"
    assert simulator.stats.creates_received == received + 1, "yet the request was received"


def test_an_upscale_of_an_upscale_is_403(simulator: Simulator, clock: Clock) -> None:
    grid = finished_grid(simulator, clock)
    upscale = client(simulator).submit(UPSCALE.id, model_params={"task_id": grid.id, "image_number": 2})
    clock.now += 10_000.0
    created = simulator.stats.tasks_created
    response = create(simulator, upscale_body(upscale.id))
    assert response.status_code == 403
    error = documented(response)
    assert (error["code"], error["param"]) == ("operation_not_allowed", "model_params.task_id")
    assert "(Rule mj-upscale-once)" in error["message"]
    assert simulator.stats.tasks_created == created
    assert create(simulator, {**upscale_body(grid.id, 1)}).status_code == 200, "the grid itself can be upscaled"


def test_an_image_number_written_as_a_float_is_that_image(simulator: Simulator, clock: Clock) -> None:
    """2.0 is an integer to JSON Schema, so the API takes it: it is image 2, and 3.0 is beyond a single upscale."""
    grid = finished_grid(simulator, clock)
    upscale = create(simulator, upscale_body(grid.id, 2.0))
    assert upscale.status_code == 200
    served = simulator.task(upscale.json()["id"])
    assert served is not None and served.image_number == 2 and served.label(0) == f"{UPSCALE.id} of #2"
    clock.now += 10_000.0
    beyond = {"model": VARIATION.id, "model_params": {"task_id": served.id, "image_number": 3.0}}
    response = create(simulator, beyond)
    assert response.status_code == 400 and documented(response)["param"] == "model_params.image_number"


def test_the_key_guard_matters(simulator: Simulator, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the owner check, another key's grid would be upscaled."""
    monkeypatch.setattr(_core, "_owner", lambda _: "everyone")
    grid = finished_grid(simulator, clock)
    assert create(simulator, upscale_body(grid.id), "key-two").status_code == 200


def test_the_403_guard_matters(simulator: Simulator, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the spec's refused-after, the upscale of an upscale would be made."""
    grid = finished_grid(simulator, clock)
    upscale = client(simulator).submit(UPSCALE.id, model_params={"task_id": grid.id, "image_number": 2})
    clock.now += 10_000.0
    monkeypatch.setitem(ei.presets._by_id, UPSCALE.id, attrs.evolve(UPSCALE, refused_after=None))
    assert create(simulator, upscale_body(upscale.id)).status_code == 200


def _comment(png: bytes) -> str:
    return read_text(io.BytesIO(png)).get("Comment", "")


def test_images_say_which_operation_and_image_made_them(simulator: Simulator, clock: Clock) -> None:
    grid = finished_grid(simulator, clock)
    evolink = client(simulator)
    upscale = evolink.follow_up(grid, "upscale", image_number=2)
    clock.now += 10_000.0
    http = httpx.Client(transport=SimulatorTransport(simulator))
    grid_png = http.get(grid.results[3]).content
    upscale_png = http.get(evolink.get_task(upscale.id).results[0]).content
    assert _comment(grid_png) == "mj-v7 #3"
    assert _comment(upscale_png) == f"{UPSCALE.id} of #2"
    other = finished_grid(simulator, clock, model="nano-banana-beta")
    assert _comment(http.get(other.results[0]).content) == "", "models outside a series are drawn as before"


def test_the_label_is_drawn_into_the_pixels() -> None:
    plain = draw_png("a lighthouse", 0, 64, 64)
    labelled = draw_png("a lighthouse", 0, 64, 64, label="MJ-V7 #2")
    assert plain != labelled
    assert json.dumps(_comment(labelled)) == json.dumps("MJ-V7 #2")
    from PIL import Image  # noqa: PLC0415

    with Image.open(io.BytesIO(plain)) as before, Image.open(io.BytesIO(labelled)) as after:
        assert before.getpixel((2, 2)) != after.getpixel((2, 2)), "the corner holds the label's box"
        assert before.getpixel((60, 60)) == after.getpixel((60, 60)), "the rest of the image is untouched"
