"""The README's examples stay true: every literal ``generate``/``submit`` call in its Python blocks is a valid request
(or, marked ``validate=False``, a deliberately unchecked one), and every CLI line parses."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from evolink_images._validation import unchecked_request, validate_request
from evolink_images.cli._main import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
SHELL = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)


def literal_calls() -> list[tuple[str, dict[str, Any], bool]]:
    """(model, arguments, checked) of every call whose arguments are all literals."""
    calls = []
    for block in BLOCKS:
        if "ValidationError:" in block:
            continue  # an example of a refusal: test_readme_error_example_is_what_the_client_says
        for node in ast.walk(ast.parse(block)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in {"generate", "submit"}:
                continue
            try:
                positional = [ast.literal_eval(arg) for arg in node.args]
                keywords = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
            except ValueError:
                continue  # a call with variables (prompts, tasks): not a literal example
            if positional:
                checked = keywords.pop("validate", True)
                keywords.pop("timeout", None), keywords.pop("poll_interval", None)
                calls.append((positional[0], {"prompt": positional[1] if len(positional) > 1 else None, **keywords},
                              checked))  # fmt: skip
    return calls


CALLS = literal_calls()


def test_the_readme_has_an_example_for_every_family() -> None:
    import evolink_images as ei  # noqa: PLC0415

    shown = {ei.presets[model].family for model, _, checked in CALLS if checked and model in ei.presets}
    assert shown == set(ei.presets.families())


@pytest.mark.parametrize(("model", "arguments", "checked"), CALLS, ids=[call[0] for call in CALLS])
def test_each_example_call_is_valid(model: str, arguments: dict[str, Any], checked: bool) -> None:
    arguments = dict(arguments)
    prompt = arguments.pop("prompt")
    if checked:
        validate_request(model, prompt, arguments)
    else:
        assert unchecked_request(model, prompt, arguments).checked is False


def test_readme_error_example_is_what_the_client_says() -> None:
    """The validation error the README quotes is the one the client gives, word for word."""
    with pytest.raises(ValueError, match=r"512x512 is 262,144 \(Rule wan-total-pixels\)") as caught:
        validate_request("wan-2.5", "a cat", {"size": "512x512"})
    quoted = " ".join(re.search(r"# (evolink_images\.ValidationError: size='512x512'.*?)```", README, re.S)[1].split())
    assert " ".join(f"evolink_images.ValidationError: {caught.value}".split()) in quoted.replace("# ", "")


COMMANDS = [
    line.split("#")[0].strip()
    for block in SHELL
    for line in block.splitlines()
    if line.strip().startswith(("evolink-images ", ".venv/bin/evolink-images "))
]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_cli_line_parses(command: str) -> None:
    arguments = shlex.split(command)[1:]
    arguments = [argument.replace("task-unified-...", "task-unified-1-abcdefgh") for argument in arguments]
    build_parser().parse_args(arguments)
