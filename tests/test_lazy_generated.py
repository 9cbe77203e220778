"""Start-up loads a fixed set of the generated client's modules, however many models the spec has.

Two guards keep the per-model modules (a request class for each model, with its enums and nested objects) out of
``import evolink_images``: the generated ``evolink_images_api/models/__init__.py`` resolves each name on first use
(``openapi/templates/models_init.py.jinja``, which ``make generate`` passes to the generator), and
``evolink_images._generated`` imports the create operation, whose body type names every request class, only when a
create is built. Each is checked in a fresh interpreter, and each is removed in turn to show what it holds back.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
from evolink_images_api import models

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "generated" / "evolink_images_api" / "models"
MODEL_MODULES = sorted(path.stem for path in MODELS_DIR.glob("*.py") if path.stem != "__init__")
# The module of each catalogue model's request class: what start-up must not load.
REQUEST_MODULES = {model.id: getattr(models, model.request_class).__module__ for model in ei.presets.values()}
# What import may load: the response models of the operations imported at the top of _generated (a fixed set).
AT_MOST = 12

# Prints the generated model modules loaded after each step, in a fresh interpreter.
PROBE = """
import json, sys
PREPARE
loaded = lambda: sorted(name for name in sys.modules if name.startswith("evolink_images_api.models."))
import evolink_images as ei
steps = {"import": loaded()}
import httpx
from evolink_images.simulator import Simulator, SimulatorTransport
client = ei.EvoLink(api_key="sk-probe", http_client=httpx.Client(transport=SimulatorTransport(Simulator())))
client.credits()
try:
    client.get_task("task-unknown")
except ei.NotFoundError:
    pass
steps["reads"] = loaded()
client.submit("MODEL", "a lighthouse")
steps["submit"] = loaded()
import evolink_images_api
print(json.dumps({"steps": steps, "client": evolink_images_api.__file__}))
"""
MODEL = "nano-banana"


def probe(*, prepare: str = "", pythonpath: Path | None = None) -> dict[str, Any]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("EVOLINK_")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    code = PROBE.replace("PREPARE", prepare).replace("MODEL", MODEL)
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found: dict[str, Any] = json.loads(run.stdout)
    return found


def short(names: list[str]) -> set[str]:
    return {name.rpartition(".")[2] for name in names}


def per_model(loaded: set[str]) -> set[str]:
    """The loaded modules that belong to one model: its request class's module and those named after it."""
    stems = {module.rpartition(".")[2] for module in REQUEST_MODULES.values()}
    return {name for name in loaded if any(name == stem or name.startswith(stem + "_") for stem in stems)}


@pytest.fixture(scope="module")
def lazy() -> dict[str, Any]:
    return probe()


def test_import_loads_a_fixed_few_model_modules_and_no_models(lazy: dict[str, Any]) -> None:
    assert Path(lazy["client"]).is_relative_to(ROOT / "generated"), "the committed client is what was imported"
    imported = short(lazy["steps"]["import"])
    assert 0 < len(imported) <= AT_MOST, sorted(imported)
    assert per_model(imported) == set(), "a model's request class, enum or nested object loaded at import"


def test_reading_a_task_and_the_credits_loads_no_model(lazy: dict[str, Any]) -> None:
    read = short(lazy["steps"]["reads"])
    assert per_model(read) == set()
    assert len(read) <= AT_MOST + 8, sorted(read - short(lazy["steps"]["import"]))


def test_a_first_submit_loads_the_request_class_it_sends(lazy: dict[str, Any]) -> None:
    needed = REQUEST_MODULES[ei.presets[MODEL].id].rpartition(".")[2]
    assert needed not in short(lazy["steps"]["reads"])
    assert needed in short(lazy["steps"]["submit"])


# ------------------------------------------------------------------------------------------ each guard removed
@pytest.fixture(scope="module")
def eager_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client generated from the same spec by the pinned generator with its own templates only: a folder to put
    first on ``PYTHONPATH``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import generate  # noqa: PLC0415 - scripts/generate.py, as make generate runs it
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    folder = tmp_path_factory.mktemp("eager")
    generate.generate_into(folder, templates=None)
    return folder


def test_with_the_generators_own_models_init_import_loads_every_model_module(eager_client: Path) -> None:
    eager = probe(pythonpath=eager_client)
    assert Path(eager["client"]).is_relative_to(eager_client), "the client generated without the template"
    assert short(eager["steps"]["import"]) == set(MODEL_MODULES)


def test_with_the_create_operation_imported_at_the_top_import_loads_every_request_class() -> None:
    eager = probe(prepare="import evolink_images_api.api.images.create_image_generation")
    imported = short(eager["steps"]["import"])
    assert {module.rpartition(".")[2] for module in REQUEST_MODULES.values()} <= imported
    assert len(imported) > 3 * AT_MOST


# ------------------------------------------------------------------------------------------ the lazy package
def test_every_exported_name_resolves_to_the_class_of_that_name() -> None:
    assert len(models.__all__) == len(MODEL_MODULES), "one class per module, each exported"
    for name in models.__all__:
        namespace: dict[str, Any] = {}
        exec(f"from evolink_images_api.models import {name}", namespace)  # noqa: S102 - the statement users write
        assert namespace[name] is getattr(models, name)
        assert namespace[name].__name__ == name
    assert set(models.__all__) <= set(dir(models))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchModel"):
        _ = models.NoSuchModel
    with pytest.raises(ImportError):
        exec("from evolink_images_api.models import NoSuchModel", {})  # noqa: S102


def test_type_checkers_see_every_name_the_package_exports() -> None:
    tree = ast.parse((MODELS_DIR / "__init__.py").read_text(encoding="utf-8"))
    (guarded,) = [node for node in tree.body if isinstance(node, ast.If)]
    assert ast.unparse(guarded.test) == "TYPE_CHECKING"
    imported = {alias.name for node in guarded.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert imported == set(models.__all__)
