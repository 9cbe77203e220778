"""Start-up does not grow with the catalogue: import reads an index, and a model is built the first time it is used.

The import time itself is measured by `make bench` (benchmarks/startup.py: a catalogue of ten times today's models
against today's, as a ratio). Here the property behind it is checked without a clock: importing evolink_images with
ten times the models decodes and builds none of them, in a fresh interpreter that counts the calls; building every
model counts each once, so a count of zero is not a count that sees nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
from evolink_images import _catalogue, _catalogue_data, _presets
from evolink_images._presets import ModelPreset, Presets

from benchmarks.scaled_catalogue import write_package

FACTOR = 10
MODELS = len(_catalogue.MODEL_INDEX)

# Counts the calls of the two functions that turn a model's data into a preset: the JSON decoding (model_data) and
# the building (preset_from_data), from before `import evolink_images` to the end of STEP.
PROBE = """
import json, sys
counts = {"model_data": 0, "preset_from_data": 0}

def count(frame, event, arg):
    code = frame.f_code
    if event == "call" and code.co_name in counts and code.co_filename.endswith("_presets.py"):
        counts[code.co_name] += 1

sys.setprofile(count)
import evolink_images as ei
STEP
sys.setprofile(None)
data_read = "evolink_images._catalogue_data" in sys.modules
print(json.dumps({**counts, "models": len(ei.presets), "file": ei.__file__, "data_read": data_read}))
"""
STEPS = {
    "import": "",
    "every model, twice": "list(ei.presets.values()); list(ei.presets.values())",
    "one model by its alias": "ei.presets['nano-banana']",
    "a command without models": (
        "from evolink_images.cli._main import build_parser; build_parser().parse_args(['status', 'task-1'])"
    ),
    "generate": "from evolink_images.cli._main import build_parser; build_parser().parse_args(['generate', 'm', 'p'])",
    # The guard removed: the model options added when the parser is built, not when their command is used.
    "a command without models, options not deferred": (
        "from evolink_images.cli._deferred import DeferredParser; DeferredParser.defer = lambda self, add: add(self)\n"
        "from evolink_images.cli._main import build_parser; build_parser().parse_args(['status', 'task-1'])"
    ),
}


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of evolink_images whose catalogue holds ten times today's models."""
    return write_package(tmp_path_factory.mktemp("scaled"), FACTOR)


def probe(package: Path, step: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(package)}
    code = PROBE.replace("STEP", STEPS[step])
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found: dict[str, Any] = json.loads(run.stdout)
    return found


@pytest.mark.parametrize(
    ("step", "built"),
    [
        ("import", 0),
        ("every model, twice", FACTOR * MODELS),
        ("one model by its alias", 1),
        ("a command without models", 0),
        ("generate", FACTOR * MODELS),
        ("a command without models, options not deferred", FACTOR * MODELS),
    ],
)
def test_with_ten_times_the_models_only_what_is_used_is_built(scaled: Path, step: str, built: int) -> None:
    found = probe(scaled, step)
    assert Path(found["file"]).is_relative_to(scaled), "the scaled copy is what was imported"
    assert found["models"] == FACTOR * MODELS
    assert (found["model_data"], found["preset_from_data"]) == (built, built), step
    assert found["data_read"] is (built > 0), "the models' data module is imported with the first model, not before"


# ------------------------------------------------------------------------------------------------- the generated form
def test_the_catalogue_holds_each_model_as_text_and_indexes_its_names() -> None:
    assert [entry["id"] for entry in _catalogue.MODEL_INDEX] == list(_catalogue_data.MODEL_DATA)
    for entry in _catalogue.MODEL_INDEX:
        assert isinstance(_catalogue_data.MODEL_DATA[entry["id"]], str), "decoded on first use, not at import"
        data = _presets.model_data(entry["id"])
        assert entry == {key: data[key] for key in ("id", "former_ids", "aliases", "family")}


def test_model_data_is_a_fresh_copy_each_time() -> None:
    first = _presets.model_data("nano-banana-2-lite-beta")
    first["fields"].clear()
    assert _presets.model_data("nano-banana-2-lite-beta")["fields"]


# ------------------------------------------------------------------------------------------------------ lazy presets
@pytest.fixture
def loads() -> list[str]:
    return []


@pytest.fixture
def lazy(loads: list[str]) -> Presets:
    """The catalogue's presets, built afresh, recording each model built."""

    def build(model_id: str) -> ModelPreset:
        loads.append(model_id)
        return _presets.preset_from_data(_presets.model_data(model_id))

    return Presets.lazy(_catalogue.MODEL_INDEX, build)


def test_names_length_order_and_membership_build_nothing(lazy: Presets, loads: list[str]) -> None:
    assert list(lazy) == list(ei.presets) and len(lazy) == MODELS
    assert lazy.names() == ei.presets.names()
    assert "nano-banana" in lazy and "nano-banana-beta" in lazy and "no-such-model" not in lazy
    assert lazy.closest("nano-banan") == "nano-banana"
    assert repr(lazy) == repr(ei.presets)
    assert loads == []


def test_a_model_is_built_once_on_first_use_by_any_of_its_names(lazy: Presets, loads: list[str]) -> None:
    by_alias = lazy["nano-banana"]
    assert lazy["nano-banana-beta"] is by_alias is lazy["nano-banana-2-lite-beta"]
    assert lazy.by_id("nano-banana-beta") is by_alias, "a former id is the API's name for it"
    assert loads == ["nano-banana-2-lite-beta"]


def test_by_id_takes_the_apis_names_only(lazy: Presets, loads: list[str]) -> None:
    assert lazy.by_id("nano-banana") is None, "an alias is the client's own"
    assert lazy.by_id("no-such-model") is None
    assert lazy.wait_timeout("no-such-model") == _presets.DEFAULT_WAIT_TIMEOUT
    assert loads == []
    with pytest.raises(KeyError):
        lazy["no-such-model"]


def test_the_lazy_presets_are_the_eager_ones(lazy: Presets, loads: list[str]) -> None:
    eager = Presets(_presets.preset_from_data(data) for data in _presets.catalogue_data())
    assert lazy == eager == ei.presets
    assert loads == list(eager), "each model built once, in the catalogue's order"
    assert lazy.families() == eager.families() and lazy.field_names() == eager.field_names()
    assert lazy.follow_ups("mj-v8.2") == eager.follow_ups("mj-v8.2") != {}


def test_eager_presets_need_no_catalogue() -> None:
    one = ei.presets["nano-banana"]
    alone: Mapping[str, ModelPreset] = Presets((one,))
    assert list(alone) == [one.id] and alone["nano-banana"] is one and alone.by_id(one.former_ids[0]) is one
