"""follow_up: one call sends exactly the documented body of each operation, and every refusal sends nothing."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import attrs
import evolink_images as ei
import pytest
import respx
from evolink_images import _follow_up
from evolink_images._task import Task, TaskStatus

from tests.conftest import API_KEY, CREATE, completed_json, task_json
from tests.examples import grid_of, spec_examples

FOLLOW_UPS = [model for model in ei.presets.values() if model.follow_up]
PARENT_ID = "task-unified-1757165031-parent01"
POSITION = {"width": 512, "height": 512, "x": 0, "y": 0}


def parent(series: str, status: TaskStatus = TaskStatus.COMPLETED, task_id: str = PARENT_ID) -> Task:
    done = status == TaskStatus.COMPLETED
    return Task(id=task_id, model=grid_of(series).id, status=status, progress=100 if done else 40)


EXAMPLES = [
    (model, example)
    for model in ei.presets.values()
    if model.follow_up
    for example in spec_examples().get(model.id, [])
]


def flat(example: dict[str, Any]) -> dict[str, Any]:
    """The example as follow_up's flat parameters: model_params' keys beside the top-level ones, no task_id."""
    nested = {k: v for k, v in example.get("model_params", {}).items() if k != "task_id"}
    top = {k: v for k, v in example.items() if k not in {"model", "model_params"}}
    return {**top, **copy.deepcopy(nested)}


def test_every_follow_up_operation_has_a_documented_example() -> None:
    assert {model.id for model, _ in EXAMPLES} == {model.id for model in FOLLOW_UPS}
    assert len(FOLLOW_UPS) == 14  # mj-v7: 8 operations, mj-v8.1: 3, mj-v8.2: 3


@pytest.mark.parametrize(("model", "example"), EXAMPLES, ids=lambda v: v.id if isinstance(v, ei.ModelPreset) else "")
def test_follow_up_sends_exactly_the_documented_body(
    client: ei.EvoLink, api: respx.MockRouter, model: ei.ModelPreset, example: dict[str, Any]
) -> None:
    route = api.post(CREATE).respond(200, json=task_json(model=model.id))
    source = parent(str(model.series), task_id=example["model_params"]["task_id"])
    task = client.follow_up(source, str(model.follow_up), **flat(example))
    assert json.loads(route.calls.last.request.content) == example
    assert route.call_count == 1
    assert task.request == example


def test_the_async_twin_sends_the_same_body(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    model, example = EXAMPLES[0]
    route = api.post(CREATE).respond(200, json=task_json(model=model.id))
    source = parent(str(model.series), task_id=example["model_params"]["task_id"])
    asyncio.run(async_client.follow_up(source, str(model.follow_up), **flat(example)))
    assert json.loads(route.calls.last.request.content) == example


def test_a_parent_id_is_fetched_once_and_becomes_model_params_task_id(
    client: ei.EvoLink, api: respx.MockRouter
) -> None:
    grid = grid_of("mj-v7").id
    four = [f"https://files.example.com/r/{index}.png" for index in range(4)]
    fetch = api.get(f"/v1/tasks/{PARENT_ID}").respond(
        200, json=completed_json(*four) | {"id": PARENT_ID, "model": grid}
    )
    route = api.post(CREATE).respond(200, json=task_json())
    client.follow_up(PARENT_ID, "upscale", image_number=2, type="creative")
    assert fetch.call_count == 1
    body = json.loads(route.calls.last.request.content)
    assert body["model_params"] == {"task_id": PARENT_ID, "image_number": 2, "type": "creative"}
    assert body["model"] == ei.presets.follow_ups("mj-v7")["upscale"].id


# ---------------------------------------------------------------------------------------------------- refusals
def _refused(client: ei.EvoLink, api: respx.MockRouter, source: Task | str, operation: str, **params: Any) -> str:
    """The ValidationError's field for a follow-up that must be refused, having checked nothing was created."""
    route = api.post(CREATE).respond(200, json=task_json())
    with pytest.raises(ei.ValidationError) as caught:
        client.follow_up(source, operation, **params)
    assert route.call_count == 0, "a refused follow-up sends nothing"
    return caught.value.field


def test_a_parent_that_is_not_completed_is_refused(client: ei.EvoLink, api: respx.MockRouter) -> None:
    pending = parent("mj-v7", TaskStatus.PROCESSING)
    assert _refused(client, api, pending, "upscale", image_number=1) == "parent"


def test_a_parent_fetched_by_id_and_still_running_is_refused(client: ei.EvoLink, api: respx.MockRouter) -> None:
    running = task_json(id=PARENT_ID, model=grid_of("mj-v7").id, status="processing", progress=50)
    fetch = api.get(f"/v1/tasks/{PARENT_ID}").respond(200, json=running)
    assert _refused(client, api, PARENT_ID, "upscale") == "parent"
    assert fetch.call_count == 1


def test_a_parent_of_a_model_without_follow_ups_is_refused(client: ei.EvoLink, api: respx.MockRouter) -> None:
    other = Task(id=PARENT_ID, model="nano-banana-beta", status=TaskStatus.COMPLETED, progress=100)
    route = api.post(CREATE).respond(200, json=task_json())
    with pytest.raises(ei.ValidationError, match=r"follow-ups work on tasks of mj-v7, mj-v8\.1"):
        client.follow_up(other, "upscale")
    assert route.call_count == 0


def test_an_operation_the_series_does_not_offer_is_refused_with_those_it_does(
    client: ei.EvoLink, api: respx.MockRouter
) -> None:
    route = api.post(CREATE).respond(200, json=task_json())
    with pytest.raises(ei.ValidationError) as caught:
        client.follow_up(parent("mj-v8.1"), "upscale", image_number=0)
    assert caught.value.field == "operation"
    assert "it offers: variation, remix, edit" in str(caught.value)
    assert route.call_count == 0


@pytest.mark.parametrize("number", [4, -1, 1.5, True, "2"])
def test_an_image_number_outside_0_to_3_is_refused(client: ei.EvoLink, api: respx.MockRouter, number: object) -> None:
    assert _refused(client, api, parent("mj-v7"), "variation", image_number=number) == "model_params.image_number"


@pytest.mark.parametrize(
    ("series", "operation", "params", "field"),
    [
        ("mj-v7", "upscale", {"speed": "fast"}, "speed"),  # not a field of upscale
        ("mj-v7", "upscale", {"type": "huge"}, "model_params.type"),
        ("mj-v7", "pan", {"scale": 3.5}, "model_params.scale"),
        ("mj-v7", "pan", {"direction": "diagonal"}, "model_params.direction"),
        ("mj-v7", "remix", {"image_number": 1}, "prompt"),  # remix needs a prompt
        ("mj-v7", "inpaint", {"mask": {"points": [1, 2]}}, "model_params.mask.areas"),
        (
            "mj-v7",
            "edit",
            {"prompt": "sky", "canvas": {"width": 1024}, "img_pos": POSITION},
            "model_params.canvas.height",
        ),
        ("mj-v7", "upscale", {"task_id": "task-unified-other"}, "task_id"),
        ("mj-v7", "upscale", {"model_params": {"task_id": "x"}}, "model_params.task_id"),
    ],
)
def test_fields_the_operation_refuses_are_refused_before_sending(
    client: ei.EvoLink, api: respx.MockRouter, series: str, operation: str, params: dict[str, Any], field: str
) -> None:
    assert _refused(client, api, parent(series), operation, **params) == field


def test_the_completed_guard_matters(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the status check, a follow-up on a running parent would be sent (and maybe paid for)."""
    route = api.post(CREATE).respond(200, json=task_json())
    monkeypatch.setattr(_follow_up, "TaskStatus", type("AnyStatus", (), {"COMPLETED": TaskStatus.PROCESSING}))
    client.follow_up(parent("mj-v7", TaskStatus.PROCESSING), "upscale")
    assert route.call_count == 1


def test_the_series_guard_matters(client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the series check, a grid of V8.1 would be sent to V7's upscale."""
    route = api.post(CREATE).respond(200, json=task_json())
    monkeypatch.setattr(_follow_up, "_series_of", lambda _: "mj-v7")
    client.follow_up(parent("mj-v8.1"), "upscale")
    assert route.call_count == 1


# ---------------------------------------------------------------------------------------------------- journal, 403
def test_the_journal_records_the_parent(api: respx.MockRouter, tmp_path: Path) -> None:
    import httpx  # noqa: PLC0415

    api.post(CREATE).respond(200, json=task_json())
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    with ei.EvoLink(api_key=API_KEY, http_client=http, journal=tmp_path / "j.sqlite3") as client:
        task = client.follow_up(parent("mj-v7"), "upscale", image_number=2)
        assert client.journal is not None
        entry = client.journal.by_task_id(task.id)
    assert entry is not None and entry.parent_task_id == PARENT_ID
    assert entry.body["model_params"]["image_number"] == 2


def test_an_upscale_of_an_upscale_is_left_to_the_api_and_its_403_explained(
    client: ei.EvoLink, api: respx.MockRouter
) -> None:
    upscale = ei.presets.follow_ups("mj-v7")["upscale"]
    refusal = {"error": {"code": "operation_not_allowed", "message": "Access denied", "type": "invalid_request_error"}}
    route = api.post(CREATE).respond(403, json=refusal)
    upscaled = Task(id=PARENT_ID, model=upscale.id, status=TaskStatus.COMPLETED, progress=100)
    with pytest.raises(ei.PermissionDeniedError) as caught:
        client.follow_up(upscaled, "upscale")
    assert route.call_count == 1, "the API judges; the client does not refuse what the docs leave to it"
    assert any("already the result of upscale" in note for note in caught.value.__notes__)


def test_a_403_without_the_documented_cause_gets_no_note(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.post(CREATE).respond(403, json={"error": {"code": "model_access_denied", "message": "no access"}})
    with pytest.raises(ei.PermissionDeniedError) as caught:
        client.follow_up(parent("mj-v7"), "upscale")
    assert getattr(caught.value, "__notes__", []) == []


# ---------------------------------------------------------------------------------------------------- image_number
def made(model: str, results: int = 0, request: dict[str, Any] | None = None, task_id: str = PARENT_ID) -> Task:
    """A completed task of *model* with *results* images, made with *request* (None: not known)."""
    urls = [f"https://files.example.com/{task_id}/{index}.png" for index in range(results)]
    done = Task(id=task_id, model=model, status=TaskStatus.COMPLETED, progress=100, results=urls)
    return attrs.evolve(done, request=request)


def test_a_v8_2_follow_up_takes_any_of_a_drafts_24_sketches(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.post(CREATE).respond(200, json=task_json())
    client.follow_up(made("mj-v8.2", 24), "variation", image_number=23)
    client.follow_up(made("mj-v8.2"), "remix", prompt="at dusk", image_number=17)  # results unknown: the schema's 0-23
    assert [json.loads(call.request.content)["model_params"]["image_number"] for call in route.calls] == [23, 17]


@pytest.mark.parametrize(("results", "number"), [(4, 4), (4, 23), (1, 4), (20, 24)])
def test_an_image_number_beyond_the_parents_images_is_refused(
    client: ei.EvoLink, api: respx.MockRouter, results: int, number: int
) -> None:
    canvas = {"width": 1, "height": 1}
    parent = made("mj-v8.2", results)
    field = _refused(client, api, parent, "edit", image_number=number, prompt="sky", canvas=canvas, img_pos=POSITION)
    assert field == "model_params.image_number"


def test_a_grid_that_returned_fewer_images_still_takes_the_numbers_it_made(
    client: ei.EvoLink, api: respx.MockRouter
) -> None:
    """Moderation may withhold images from the results; whether numbers then skip them the docs do not say, so a
    grid of four that returned three (or a draft that returned 20) is not refused a number its task made."""
    route = api.post(CREATE).respond(200, json=task_json())
    client.follow_up(made("mj-v8.2", 3), "variation", image_number=3)
    client.follow_up(made("mj-v8.2", 20), "variation", image_number=23)
    assert route.call_count == 2


def test_the_parents_image_count_guard_matters(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without it, image 4 of a grid of four would be sent (and the API would refuse it)."""
    route = api.post(CREATE).respond(200, json=task_json())
    monkeypatch.setattr(_follow_up, "_check_image_number", lambda parent, nested: None)
    client.follow_up(made("mj-v8.2", 4), "variation", image_number=4)
    assert route.call_count == 1


# ---------------------------------------------------------------------------------------------------- lineage (D27)
def test_a_v7_retextures_results_take_only_an_upscale(client: ei.EvoLink, api: respx.MockRouter) -> None:
    retextured = made("mj-v7-retexture", 4)
    route = api.post(CREATE).respond(200, json=task_json())
    with pytest.raises(ei.ValidationError, match=r"take only these follow-ups: upscale \(Rule mj-retexture-upscale"):
        client.follow_up(retextured, "variation", image_number=1)
    assert route.call_count == 0
    client.follow_up(retextured, "upscale", image_number=1)
    assert route.call_count == 1


def test_the_result_follow_ups_guard_matters(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = api.post(CREATE).respond(200, json=task_json())
    retexture = ei.presets["mj-v7-retexture"]
    monkeypatch.setitem(ei.presets._by_id, retexture.id, attrs.evolve(retexture, result_follow_ups=None))
    client.follow_up(made("mj-v7-retexture", 4), "variation")
    assert route.call_count == 1


def test_a_v8_2_uploads_results_are_left_to_the_apis_405_and_explained(
    client: ei.EvoLink, api: respx.MockRouter
) -> None:
    refusal = {
        "error": {"code": "operation_not_allowed", "message": "Method Not Allowed", "type": "invalid_request_error"}
    }
    route = api.post(CREATE).respond(405, json=refusal)
    with pytest.raises(ei.APIStatusError) as caught:
        client.follow_up(made("mj-v8.2-retexture", 4), "remix", prompt="at dusk")
    assert route.call_count == 1, "the docs give the API's answer: the API judges"
    assert any("Rule mj-v8-2-derived-source" in note for note in caught.value.__notes__)


@pytest.mark.parametrize(
    ("operation", "parent_speed", "refused"),
    [
        ("outpaint", "draft", True),
        ("outpaint", "fast", False),
        ("outpaint", None, False),  # no speed in the request: the schema's default, fast
        ("enhance", "fast", True),
        ("enhance", None, True),
        ("enhance", "draft", False),
    ],
)
def test_what_the_parents_request_shows_decides_outpaint_and_enhance(
    client: ei.EvoLink, api: respx.MockRouter, operation: str, parent_speed: str | None, refused: bool
) -> None:
    request: dict[str, Any] = {"model": "mj-v7", "prompt": "a lighthouse"}
    if parent_speed:
        request["model_params"] = {"speed": parent_speed}
    route = api.post(CREATE).respond(200, json=task_json())
    if refused:
        with pytest.raises(ei.ValidationError, match=r"\(Rule mj-(outpaint-not-draft|enhance-draft-parent)\)"):
            client.follow_up(made("mj-v7", 4, request), operation)
    else:
        client.follow_up(made("mj-v7", 4, request), operation)
    assert route.call_count == (0 if refused else 1)


def test_a_parent_whose_request_is_unknown_is_left_to_the_api(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.post(CREATE).respond(200, json=task_json())
    client.follow_up(made("mj-v7", 4), "outpaint")
    client.follow_up(made("mj-v7", 4), "enhance")
    assert route.call_count == 2


def test_the_parent_rule_guard_matters(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = api.post(CREATE).respond(200, json=task_json())
    monkeypatch.setattr(_follow_up, "PARENT_CHECKS", {})
    draft = {"model": "mj-v7", "prompt": "a lighthouse", "model_params": {"speed": "draft"}}
    client.follow_up(made("mj-v7", 4, draft), "outpaint")
    assert route.call_count == 1


def test_the_journal_says_how_a_parent_fetched_by_id_was_made(api: respx.MockRouter, tmp_path: Path) -> None:
    """A parent fetched by id carries no request; the journal's row does, so a draft's outpaint is refused."""
    import httpx  # noqa: PLC0415

    four = [f"https://files.example.com/r/{index}.png" for index in range(4)]
    api.post(CREATE).respond(200, json=task_json(id=PARENT_ID, model="mj-v7"))
    api.get(f"/v1/tasks/{PARENT_ID}").respond(200, json=completed_json(*four) | {"id": PARENT_ID, "model": "mj-v7"})
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    with ei.EvoLink(api_key=API_KEY, http_client=http, journal=tmp_path / "j.sqlite3") as client:
        client.submit("mj-v7", "a lighthouse", model_params={"speed": "draft"})
        with pytest.raises(ei.ValidationError, match=r"Rule mj-outpaint-not-draft"):
            client.follow_up(PARENT_ID, "outpaint")
    with ei.EvoLink(api_key=API_KEY, http_client=http) as client:  # no journal: the API judges
        api.post(CREATE).respond(200, json=task_json())
        client.follow_up(PARENT_ID, "outpaint")
