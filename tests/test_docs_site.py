"""The documentation site stays whole without building it (``make docs`` builds it, with --strict, in CI).

- every public name (``__all__`` of evolink_images, its simulator, testing and webhooks modules) has a
  ``::: module.name`` reference entry, and every entry names something that exists;
- every page under docs/ is in mkdocs.yml's nav, and every nav entry is a page;
- the models page is what the spec produces (``make check-generated`` fails naming it otherwise);
- the guides' examples stay true: each literal ``generate``/``submit`` call is a valid request, each CLI line parses;
- the README's Documentation section links to pages that exist.
"""

from __future__ import annotations

import ast
import importlib
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from evolink_images import ValidationError
from evolink_images._validation import validate_request
from evolink_images.cli._main import build_parser

from tests import examples

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS = ROOT / "mkdocs.yml"
MODELS_PAGE = DOCS / "guides" / "models.md"
SCRIPTS = ROOT / "scripts"
PUBLIC_MODULES = ["evolink_images", "evolink_images.simulator", "evolink_images.testing", "evolink_images.webhooks"]
ENTRY = re.compile(r"^::: ([\w.]+)\s*$", re.MULTILINE)


def pages() -> dict[str, str]:
    """Every Markdown page of the site, by its path under docs/."""
    return {path.relative_to(DOCS).as_posix(): path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}


def reference_entries(texts: dict[str, str]) -> dict[str, str]:
    """Every ``::: identifier`` entry, with the page it is on."""
    return {identifier: page for page, text in texts.items() for identifier in ENTRY.findall(text)}


def public_names() -> list[str]:
    """``module.name`` for every name of every public module's ``__all__``."""
    return [f"{module}.{name}" for module in PUBLIC_MODULES for name in importlib.import_module(module).__all__]


def missing_entries(texts: dict[str, str]) -> list[str]:
    entries = reference_entries(texts)
    return [name for name in public_names() if name not in entries]


# ---------------------------------------------------------------------------------------------- the reference
def test_every_public_name_has_a_reference_entry() -> None:
    assert missing_entries(pages()) == []


def test_a_public_name_without_an_entry_is_caught() -> None:
    """The check bites: the reference with one entry taken out is reported, by name."""
    texts = pages()
    page = reference_entries(texts)["evolink_images.webhooks.callback_url"]
    texts[page] = texts[page].replace("::: evolink_images.webhooks.callback_url\n", "")
    assert missing_entries(texts) == ["evolink_images.webhooks.callback_url"]


def resolve(identifier: str) -> Any:
    """The object an entry names: the longest importable module prefix, then attributes."""
    parts = identifier.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            value = getattr(value, part)
        return value
    raise ModuleNotFoundError(identifier)


@pytest.mark.parametrize("identifier", sorted(reference_entries(pages())))
def test_each_reference_entry_names_something_that_exists(identifier: str) -> None:
    resolve(identifier)


def test_the_reference_renders_from_the_wrapper_and_the_generated_client() -> None:
    config = yaml.safe_load(MKDOCS.read_text(encoding="utf-8"))
    plugins = {next(iter(item)) if isinstance(item, dict) else item: item for item in config["plugins"]}
    python = plugins["mkdocstrings"]["mkdocstrings"]["handlers"]["python"]
    assert python["paths"] == ["wrapper", "generated"]
    assert python["options"]["docstring_style"] == "google"
    assert config["strict"] is True
    assert "repo_url" not in config


# ---------------------------------------------------------------------------------------------- the nav
def nav_pages(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from nav_pages(value)


def test_every_page_is_in_the_nav_and_every_nav_entry_is_a_page() -> None:
    nav = list(nav_pages(yaml.safe_load(MKDOCS.read_text(encoding="utf-8"))["nav"]))
    assert len(nav) == len(set(nav)), "a page is in the nav twice"
    assert sorted(set(nav) - set(pages())) == [], "nav entries without a page"
    assert sorted(set(pages()) - set(nav)) == [], "pages missing from the nav"


# ---------------------------------------------------------------------------------------------- the models page
@pytest.fixture(scope="module")
def generation() -> Any:
    """scripts/generate.py and scripts/docs_models.py, imported as make generate runs them."""
    saved = list(sys.path)
    sys.path.insert(0, str(SCRIPTS))
    try:
        yield importlib.import_module("generate"), importlib.import_module("docs_models")
    finally:
        sys.path[:] = saved


def test_the_models_page_is_what_the_spec_produces(generation: Any) -> None:
    """What `make generate` would write, rendered from the spec and the committed client (check-generated holds the
    client itself to the spec)."""
    generate, docs_models = generation
    document = yaml.safe_load(generate.SPEC.read_text(encoding="utf-8"))
    models = generate.compile_catalogue(document, generate.TARGET)
    assert MODELS_PAGE.read_text(encoding="utf-8") == docs_models.models_page(models, document), (
        "docs/guides/models.md is stale or hand-edited: run `make generate`"
    )


def test_the_models_page_has_a_section_for_every_family_and_model() -> None:
    import evolink_images as ei  # noqa: PLC0415

    text = MODELS_PAGE.read_text(encoding="utf-8")
    headings = re.findall(r"^(#{2,3}) (.+)$", text, re.MULTILINE)
    assert [title for level, title in headings if level == "##"] == list(ei.presets.families())
    assert len([title for level, title in headings if level == "###"]) == len(ei.presets)
    for model in ei.presets.values():
        assert f"| model id | `{model.id}` |" in text
        for name in (*model.aliases, *model.former_ids, *(f"`{field}`" for field in model.fields)):
            assert name in text, (model.id, name)


def test_a_hand_edit_of_the_models_page_fails_check_generated_naming_it(tmp_path: Path) -> None:
    page = tmp_path / "models.md"
    shutil.copy(MODELS_PAGE, page)
    page.write_text(page.read_text(encoding="utf-8").replace("| 1 to 10 |", "| 1 to 12 |", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "generate.py"), "check", "--models-page", str(page)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert any(line.startswith("changed: ") and "models.md (hand-edited, or stale" in line for line in lines), lines
    assert "make generate" in result.stderr


# ---------------------------------------------------------------------------------------------- examples
def blocks(language: str) -> list[tuple[str, str]]:
    """(page, code) of every fenced block in *language* in the hand-written pages."""
    return [
        (page, code)
        for page, text in pages().items()
        if page != "guides/models.md"
        for code in re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)
    ]


@pytest.mark.parametrize(("page", "code"), blocks("python"), ids=lambda value: value if ".md" in value else "")
def test_each_python_example_parses(page: str, code: str) -> None:
    ast.parse(code, filename=page)


def literal_calls(*, refused: bool = False) -> list[tuple[str, str, dict[str, Any], bool]]:
    """(page, model, arguments, checked) of every generate/submit call whose arguments are all literals.

    Only the examples of a refusal (a block that names ``ValidationError``) with *refused*, only the others without.
    """
    return [
        (page, *call)
        for page, code in blocks("python")
        if ("ValidationError" in code) == refused
        for call in examples.literal_calls(code)
    ]


CALLS = literal_calls()


def test_the_guides_have_literal_examples() -> None:
    assert len(CALLS) >= 10


@pytest.mark.parametrize(("page", "model", "arguments", "checked"), CALLS, ids=[f"{c[0]}-{c[1]}" for c in CALLS])
def test_each_example_call_is_a_valid_request(page: str, model: str, arguments: dict[str, Any], checked: bool) -> None:
    examples.check_call(model, arguments, checked)


REFUSED = literal_calls(refused=True)


def test_the_guides_have_an_example_of_a_refusal() -> None:
    assert REFUSED


@pytest.mark.parametrize(("page", "model", "arguments", "checked"), REFUSED, ids=[f"{c[0]}-{c[1]}" for c in REFUSED])
def test_each_example_of_a_refusal_is_refused(page: str, model: str, arguments: dict[str, Any], checked: bool) -> None:
    arguments = dict(arguments)
    prompt = arguments.pop("prompt")
    with pytest.raises(ValidationError):
        validate_request(model, prompt, arguments)


COMMANDS = [
    (page, line.split("#")[0].split("|")[0].strip())  # a pipe's reader is the shell's
    for page, code in blocks("sh")
    for line in code.splitlines()
    if line.strip().startswith("evolink-images ")
]


@pytest.mark.parametrize(("page", "command"), COMMANDS, ids=[command for _, command in COMMANDS])
def test_each_cli_example_parses(page: str, command: str) -> None:
    arguments = [argument.replace("task-unified-...", "task-unified-1-abcdefgh") for argument in shlex.split(command)]
    build_parser().parse_args(arguments[1:])


# ---------------------------------------------------------------------------------------------- the README
def test_the_readme_links_to_the_guides() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Documentation\n", 1)[1].split("\n## ", 1)[0]
    links = re.findall(r"\]\((docs/[^)#]+)(?:#[^)]*)?\)", section)
    assert "make docs" in section
    assert "make docs-serve" in section
    assert {link for link in links if link.startswith("docs/guides/")} >= {f"docs/{page}" for page in pages() if
                                                                          page.startswith("guides/")}  # fmt: skip
    assert [link for link in links if not (ROOT / link).is_file()] == []
