"""The simulator serves Midjourney as the docs describe it: grids of four (24 sketches at V8's draft speed), follow-ups
that need a finished parent of their series made with the same key and an image it has, the lineage rules (403 for an
upscale of an upscale, 405 for a V8.2 variation of an upload's result, 400 where the docs give no status), result
links that last as long as the model's docs say, and images that say what made them."""

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


def test_a_grid_is_four_images_billed_per_task(simulator: Simulator, clock: Clock) -> None:
    grid = finished_grid(simulator, clock)
    assert len(grid.results) == 4
    assert grid.credits_reserved == 1.8, "the pages' 1.8 credits are per task (D21)"


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


# ---------------------------------------------------------------------------------------------------- D20: drafts
def draft(simulator: Simulator, clock: Clock, model: str, key: str = "key-one") -> ei.Task:
    evolink = client(simulator, key)
    task = evolink.submit(model, "a lighthouse at dawn", model_params={"speed": "draft"})
    clock.now += 10_000.0
    return evolink.get_task(task.id)


@pytest.mark.parametrize("model", ["mj-v8.1", "mj-v8.2"])
def test_a_v8_draft_is_24_sketches_at_the_price_of_a_grid(simulator: Simulator, clock: Clock, model: str) -> None:
    sketches = draft(simulator, clock, model)
    assert len(sketches.results) == 24
    assert sketches.credits_reserved == 1.8
    assert len(draft(simulator, clock, "mj-v7").results) == 4, "V7's draft is a grid of four"


def test_a_drafts_24th_sketch_can_be_varied_and_a_grids_fifth_image_cannot(simulator: Simulator, clock: Clock) -> None:
    sketches = draft(simulator, clock, "mj-v8.2")
    variation = ei.presets.follow_ups("mj-v8.2")["variation"].id
    body = {"model": variation, "model_params": {"task_id": sketches.id, "image_number": 23}}
    assert create(simulator, body).status_code == 200
    grid = finished_grid(simulator, clock, model="mj-v8.2")
    response = create(simulator, {**body, "model_params": {"task_id": grid.id, "image_number": 4}})
    assert response.status_code == 400 and documented(response)["param"] == "model_params.image_number"


def test_the_draft_image_count_comes_from_the_spec(
    simulator: Simulator, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the spec's `when`, a draft would be four images again, as before."""
    model = ei.presets["mj-v8.2"]
    monkeypatch.setitem(ei.presets._by_id, model.id, attrs.evolve(model, images_when=()))
    assert len(draft(simulator, clock, "mj-v8.2").results) == 4


# ---------------------------------------------------------------------------------------------------- D27: lineage
def retexture(simulator: Simulator, clock: Clock, model: str) -> ei.Task:
    evolink = client(simulator)
    task = evolink.submit(model, "neon", image_urls=["https://example.com/photo.jpg"])
    clock.now += 10_000.0
    return evolink.get_task(task.id)


def test_a_v7_retextures_result_takes_an_upscale_and_nothing_else(simulator: Simulator, clock: Clock) -> None:
    parent = retexture(simulator, clock, "mj-v7-retexture")
    response = create(simulator, {"model": VARIATION.id, "model_params": {"task_id": parent.id}})
    assert response.status_code == 400
    assert "(Rule mj-retexture-upscale-only)" in documented(response)["message"]
    assert create(simulator, upscale_body(parent.id)).status_code == 200


def test_a_v8_2_retextures_result_is_refused_with_405(simulator: Simulator, clock: Clock) -> None:
    parent = retexture(simulator, clock, "mj-v8.2-retexture")
    remix = ei.presets.follow_ups("mj-v8.2")["remix"].id
    response = create(simulator, {"model": remix, "prompt": "oil", "model_params": {"task_id": parent.id}})
    assert response.status_code == 405
    error = documented(response)
    assert error["code"] == "operation_not_allowed" and "(Rule mj-v8-2-derived-source)" in error["message"]


def test_the_simulators_lineage_guard_matters(
    simulator: Simulator, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = retexture(simulator, clock, "mj-v7-retexture")
    model = ei.presets["mj-v7-retexture"]
    monkeypatch.setitem(ei.presets._by_id, model.id, attrs.evolve(model, result_follow_ups=None))
    assert create(simulator, {"model": VARIATION.id, "model_params": {"task_id": parent.id}}).status_code == 200


def test_an_outpaint_of_a_draft_and_an_enhance_of_a_grid_are_refused(simulator: Simulator, clock: Clock) -> None:
    sketches, grid = draft(simulator, clock, "mj-v7"), finished_grid(simulator, clock)
    outpaint, enhance = (ei.presets.follow_ups("mj-v7")[name].id for name in ("outpaint", "enhance"))
    for model, parent, rule in [
        (outpaint, sketches, "mj-outpaint-not-draft"),
        (enhance, grid, "mj-enhance-draft-parent"),
    ]:
        response = create(simulator, {"model": model, "model_params": {"task_id": parent.id}})
        assert response.status_code == 400 and f"(Rule {rule})" in documented(response)["message"]
    assert create(simulator, {"model": outpaint, "model_params": {"task_id": grid.id}}).status_code == 200
    assert create(simulator, {"model": enhance, "model_params": {"task_id": sketches.id}}).status_code == 200


def test_the_parent_request_guard_matters(simulator: Simulator, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    sketches = draft(simulator, clock, "mj-v7")
    monkeypatch.setattr(_core, "PARENT_CHECKS", {})
    outpaint = ei.presets.follow_ups("mj-v7")["outpaint"].id
    assert create(simulator, {"model": outpaint, "model_params": {"task_id": sketches.id}}).status_code == 200


# ---------------------------------------------------------------------------------------------------- D22: links
def test_result_links_last_as_long_as_the_models_docs_say(simulator: Simulator, clock: Clock) -> None:
    v7, v81 = finished_grid(simulator, clock), finished_grid(simulator, clock, model="mj-v8.1")
    clock.now += 2 * 86400.0
    http = httpx.Client(transport=SimulatorTransport(simulator))
    assert http.get(v7.results[0]).status_code == 403, "a day for V7"
    assert http.get(v81.results[0]).status_code == 200, "30 days for V8.1"
    clock.now += 30 * 86400.0
    assert http.get(v81.results[0]).status_code == 403


def test_a_configured_lifetime_overrides_the_models(clock: Clock) -> None:
    simulator = Simulator(SimulatorConfig(result_ttl=86400.0), clock=clock)
    grid = finished_grid(simulator, clock, model="mj-v8.1")
    clock.now += 2 * 86400.0
    assert httpx.Client(transport=SimulatorTransport(simulator)).get(grid.results[0]).status_code == 403
