"""A layer decomposition: `result_data` becomes typed layers, and every file is saved with its own extension."""

from __future__ import annotations

from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images._task import task_from_json
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport

from tests.conftest import PNG, TASK_ID, completed_json

JPEG = b"\xff\xd8\xff\xe0" + bytes(60)
RESULTS = [f"https://files.example.com/{TASK_ID}/{index}" for index in range(3)]


def layered(result_data: object) -> dict:
    return {**completed_json(*RESULTS), "model": "doubao-seedream-5.0-pro-layerize", "result_data": result_data}


def test_result_data_becomes_typed_layers_in_the_order_of_the_results() -> None:
    task = task_from_json(
        layered(
            [
                {"z_index": 0, "name": "base"},
                {"z_index": 1, "name": "parrot", "description": "A red parrot",
                 "bounding_box": {"absolute": [330, 274, 641, 991], "normalized": [330, 274, 641, 991]}},
                {"z_index": 2, "name": "title", "url": "https://files.example.com/own.png",
                 "bounding_box": {"absolute": {"x1": 1, "y1": 2, "x2": 3, "y2": 4}, "normalized": "unknown"}},
            ]
        )
    )  # fmt: skip
    base, parrot, title = task.layers
    assert (base.z_index, base.url, base.bounding_box) == (0, RESULTS[0], None)
    assert (parrot.name, parrot.description, parrot.url) == ("parrot", "A red parrot", RESULTS[1])
    assert parrot.bounding_box == ei.BoundingBox(absolute=(330, 274, 641, 991), normalized=(330, 274, 641, 991))
    assert title.url == "https://files.example.com/own.png", "an item's own URL wins"
    assert title.bounding_box == ei.BoundingBox(absolute=(1, 2, 3, 4), normalized=None), "an unknown shape is None"
    assert title.raw["bounding_box"]["normalized"] == "unknown", "and stays in raw"


@pytest.mark.parametrize("result_data", [None, {"voice": "alto"}, "text", [1, 2], []])
def test_other_shapes_give_no_layers_and_never_raise(result_data: object) -> None:
    assert task_from_json(layered(result_data)).layers == ()


def test_unaligned_items_keep_their_data_without_guessing_urls() -> None:
    task = task_from_json(layered([{"z_index": 0}, {"z_index": 1}]))
    assert [layer.url for layer in task.layers] == [None, None]


def test_each_file_is_saved_with_the_extension_its_content_calls_for(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get(RESULTS[0]).respond(200, content=JPEG, headers={"content-type": "image/jpeg"})
    for url in RESULTS[1:]:
        api.get(url).respond(200, content=PNG, headers={"content-type": "application/octet-stream"})
    task = task_from_json(layered([{"z_index": index} for index in range(3)]))
    paths = client.download(task, tmp_path)
    assert [path.suffix for path in paths] == [".jpg", ".png", ".png"], "from the type, else from the first bytes"
    assert paths[0].read_bytes() == JPEG


def test_the_simulator_decomposes_into_a_base_and_layers(tmp_path: Path) -> None:
    simulator = Simulator(SimulatorConfig(duration=0.0))
    client = ei.EvoLink(api_key="k", http_client=httpx.Client(transport=SimulatorTransport(simulator)))
    task = client.generate("seedream-layerize", image_urls=["https://example.com/poster.png"], poll_interval=0.01)
    assert [layer.z_index for layer in task.layers] == [0, 1, 2]
    assert all(layer.bounding_box is not None for layer in task.layers[1:])
    assert [layer.url for layer in task.layers] == task.results
    billing = ei.presets["seedream-layerize"].billing
    assert billing is not None and billing.reserved_images == 17 and billing.credits is not None
    assert task.credits_reserved == pytest.approx(17 * billing.credits), "it reserves for up to 17 images"
    assert task.credits_used == pytest.approx(3 * billing.credits), "and settles on the 3 it made (D49)"
    files = client.download(task, tmp_path)
    assert len(files) == 3 and all(path.suffix == ".png" for path in files)


def test_the_simulator_bills_the_images_made_not_the_images_asked(tmp_path: Path) -> None:
    simulator = Simulator(SimulatorConfig(duration=0.0))
    client = ei.EvoLink(api_key="k", http_client=httpx.Client(transport=SimulatorTransport(simulator)))
    with pytest.warns(ei.EvoLinkWarning):
        task = client.generate("seedream-4.5", "a set", n=10, image_urls=["https://example.com/r.png"] * 8,
                               poll_interval=0.01)  # fmt: skip
    per_image = ei.presets["seedream-4.5"].credits_per_image
    assert len(task.results) == 7
    assert task.credits_reserved == pytest.approx(10 * per_image)
    assert task.credits_used == pytest.approx(7 * per_image)
