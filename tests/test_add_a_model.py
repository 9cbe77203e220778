"""A model is one spec edit: added to a copy of the repository with standard JSON Schema only, then `make generate`.

Nothing else is edited, and then: ``ei.presets`` lists it with sensible defaults; ``submit`` enforces each keyword
of its schema before anything is sent; the simulator serves it and draws its images; ``evolink-images models`` lists
it; ``evolink-images generate <id> ... --simulator`` saves its images; and the contract suite passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import evolink_images as ei
import pytest
import yaml
from evolink_images.simulator._shared import stop_shared

ROOT = Path(__file__).resolve().parent.parent
MODEL_ID = "acme-pixel-1"
OTHER_MODELS = list(ei.presets)  # this repository's models: in the copy, the others
# Only standard JSON Schema keywords; no description, no vendor extension.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["model", "prompt"],
    "properties": {
        "model": {"type": "string", "const": MODEL_ID},
        "prompt": {"type": "string", "maxLength": 500},
        "size": {"type": "string", "enum": ["1:1", "16:9", "9:16"], "default": "1:1"},
        "n": {"type": "integer", "minimum": 1, "maximum": 3, "default": 1},
        "image_urls": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string", "format": "uri"}},
        "style": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 12},
    },
}


def repository_files() -> list[Path]:
    """What a clean clone holds (tracked files, plus new ones not ignored), relative to the root."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [Path(line) for line in listed.stdout.splitlines() if (ROOT / line).is_file()]


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with the new model added to its spec, and `make generate` run there."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files a clean clone holds")
    copy = tmp_path_factory.mktemp("repository")
    for relative in repository_files():
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, copy / relative)
    spec_path = copy / "openapi" / "evolink-images.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    schemas["AcmePixel1Request"] = SCHEMA
    schemas["ImageGenerationRequest"]["oneOf"].append({"$ref": "#/components/schemas/AcmePixel1Request"})
    schemas["ImageGenerationRequest"]["discriminator"]["mapping"][MODEL_ID] = "#/components/schemas/AcmePixel1Request"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    generated = run(copy, "scripts/generate.py", "generate")
    assert generated.returncode == 0, generated.stderr
    return copy


def environment(copy: Path) -> dict[str, str]:
    """The copy's packages first on the path (before the editable install of this repository)."""
    paths = [str(copy / "wrapper"), str(copy / "generated"), str(copy)]
    env = {key: value for key, value in os.environ.items() if not key.startswith("EVOLINK_")}
    # The copy's own shared simulator (it knows the new model) and journal, never the user's.
    private = {"EVOLINK_SIMULATOR_HOME": str(copy / ".simulator"), "EVOLINK_JOURNAL": str(copy / "journal.sqlite3")}
    return env | private | {"PYTHONPATH": os.pathsep.join(paths), "EVOLINK_SIMULATOR_SPEED": "1000"}


def run(copy: Path, *arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=copy,
        env=environment(copy),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def test_generate_carried_the_model_into_every_generated_file(repository: Path) -> None:
    assert (repository / "generated/evolink_images_api/models/acme_pixel_1_request.py").is_file()
    assert f'"id": "{MODEL_ID}"' in (repository / "wrapper/evolink_images/_catalogue.py").read_text(encoding="utf-8")
    assert f"| `{MODEL_ID}` | {MODEL_ID} |" in (repository / "README.md").read_text(encoding="utf-8")
    check = run(repository, "scripts/generate.py", "check")
    assert check.returncode == 0, check.stderr


LIBRARY_CHECKS = textwrap.dedent(
    """
    import evolink_images as ei, httpx, sys
    from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport

    assert ei.__file__.startswith(sys.argv[1]), ei.__file__   # the copy's code, not this repository's
    preset = ei.presets["MODEL"]
    assert (preset.nickname, preset.aliases, preset.modes) == ("MODEL", (), ()), preset
    assert preset.fields["size"].default == "1:1" and preset.max_images == 3

    sent = []
    def refuse(request):
        sent.append(request)
        return httpx.Response(500)
    client = ei.EvoLink(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(refuse)))
    URL = "https://example.com/a.png"
    cases = [  # (the keyword, the call's arguments, the field the error must name)
        ("const", dict(model="acme-pixel-2"), "model"),
        ("required", dict(prompt=None), "prompt"),
        ("maxLength", dict(prompt="x" * 501), "prompt"),
        ("enum", dict(size="4:3"), "size"),
        ("minimum", dict(n=0), "n"),
        ("maximum", dict(n=4), "n"),
        ("type", dict(n="2"), "n"),
        ("minItems", dict(image_urls=[]), "image_urls"),
        ("maxItems", dict(image_urls=[URL] * 3), "image_urls"),
        ("format", dict(image_urls=["not a url"]), "image_urls[0]"),
        ("pattern", dict(style="Bold1"), "style"),
        ("maxLength", dict(style="a" * 13), "style"),
        ("additionalProperties", dict(quality="2K"), "quality"),
    ]
    for keyword, arguments, field in cases:
        arguments = {"model": "MODEL", "prompt": "a cat", **arguments}
        try:
            client.submit(arguments.pop("model"), arguments.pop("prompt"), **arguments)
        except ei.ValidationError as error:
            assert error.field == field, (keyword, error)
            assert f"{field}=" in str(error), (keyword, error)
        else:
            raise AssertionError(f"{keyword}: {arguments} was not refused")
    assert sent == [], "nothing may be sent for an invalid request"

    simulator = Simulator(SimulatorConfig(speed=1000.0))
    client = ei.EvoLink(api_key="k", http_client=httpx.Client(transport=SimulatorTransport(simulator)))
    task = client.generate("MODEL", "a cat", size="16:9", n=2, image_urls=[URL], style="bold")
    assert task.status == "completed" and len(task.results) == 2, task
    served = simulator.task(task.id)
    assert (served.model, served.size, served.images) == ("MODEL", "16:9", 2), served
    assert served.duration == 30.0 / 1000 and task.credits_reserved == 2.0, "the default duration and credits"
    print("ok", task.id)
    """
).replace("MODEL", MODEL_ID)


def test_the_library_lists_enforces_and_simulates_the_new_model(repository: Path) -> None:
    result = run(repository, "-c", LIBRARY_CHECKS, str(repository))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok task-unified-")


def test_the_cli_lists_the_model_and_generates_its_images(repository: Path, tmp_path: Path) -> None:
    listed = run(repository, "-m", "evolink_images", "models")
    assert listed.returncode == 0, listed.stderr
    assert f"{MODEL_ID}  ({MODEL_ID})" in listed.stdout
    assert "style (" in listed.stdout
    helped = run(repository, "-m", "evolink_images", "generate", "--help")
    assert f"style ({MODEL_ID})" in " ".join(helped.stdout.split()), "a field only it takes is listed under --param"
    out = tmp_path / "images"
    arguments = ["generate", MODEL_ID, "a cat", "--size", "16:9", "--n", "2", "--param", "style=bold"]
    try:
        generated = run(repository, "-m", "evolink_images", *arguments, "--simulator", "--out", str(out))
    finally:
        stop_shared(repository / ".simulator")
    assert generated.returncode == 0, generated.stderr
    files = sorted(out.glob("*.png"))
    assert len(files) == 2
    assert [line for line in generated.stdout.splitlines() if line] == [str(path) for path in files]
    from tests.simulated import png_size  # noqa: PLC0415

    assert {png_size(path) for path in files} == {(512, 288)}


@pytest.mark.slow  # about 90 s on 2 cores: the whole contract suite again, in the copy
def test_the_contract_suite_passes_with_the_new_model(repository: Path) -> None:
    """What `make contract` runs: check-generated, then the contract tests, in the copy.

    The cases parametrized by one of the other models are left out: they are the same tests on the same schemas as
    in this repository's own run. Every other test runs, the new model's cases and the model-agnostic ones (the
    simulator against the whole spec, recordings, mutations, check-generated) among them.
    """
    check = run(repository, "scripts/generate.py", "check")
    assert check.returncode == 0, check.stderr
    others = " or ".join(f"[{model}" for model in OTHER_MODELS)
    pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "contract_tests"]
    suite = run(repository, *pytest, "-k", f"not ({others})", timeout=900)
    assert suite.returncode == 0, suite.stdout[-4000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout
