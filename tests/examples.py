"""Example requests for tests: the literal ``generate``/``submit`` calls of documentation examples, held to the
validator, and the docs' example bodies the spec keeps for each model."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import Any

import evolink_images as ei
import yaml
from evolink_images._validation import unchecked_request, validate_request

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "evolink-images.yaml"


@cache
def spec_examples() -> dict[str, list[dict[str, Any]]]:
    """Each model's example request bodies, as the spec keeps them (the docs' own), by model id."""
    schemas = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["components"]["schemas"]
    found: dict[str, list[dict[str, Any]]] = {}
    for schema in schemas.values():
        for example in schema.get("examples", []):
            if isinstance(example, dict) and "model" in example:  # a request's (D10's value lists are strings)
                found.setdefault(example["model"], []).append(example)
    return found


def grid_of(series: str) -> ei.ModelPreset:
    """A series' grid model: the one that starts from a prompt alone (text-to-image)."""
    return next(m for m in ei.presets.values() if m.series == series and "text-to-image" in m.modes)


# Arguments of the call that are not fields of the request.
NOT_FIELDS = ("timeout", "poll_interval", "extra_body")


def literal_calls(code: str) -> list[tuple[str, dict[str, Any], bool]]:
    """(model, arguments with ``prompt``, checked) of each call in *code* whose arguments are all literals.

    ``checked`` is False for a call marked ``validate=False``. A call with variables is not an example of a request
    and is left out.
    """
    calls = []
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in {"generate", "submit"}:
            continue
        try:
            positional = [ast.literal_eval(arg) for arg in node.args]
            keywords = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
        except ValueError:
            continue
        if positional:
            checked = keywords.pop("validate", True)
            for option in NOT_FIELDS:
                keywords.pop(option, None)
            prompt = positional[1] if len(positional) > 1 else None
            calls.append((positional[0], {"prompt": prompt, **keywords}, checked))
    return calls


def check_call(model: str, arguments: dict[str, Any], checked: bool) -> None:
    """An example is a valid request; one marked ``validate=False`` is sent unchecked (and says so)."""
    arguments = dict(arguments)
    prompt = arguments.pop("prompt")
    if checked:
        validate_request(model, prompt, arguments)
    else:
        assert unchecked_request(model, prompt, arguments).checked is False
