"""The simulator's own check of a create body, as a server would make it: the model's JSON Schema, then its rules.

It reads the catalogue (the spec's schemas) and never the client's validation: a fake server that leaned on the
client it tests could not catch the client's mistakes. It checks decoded JSON, as it arrived: no aliases, no
"None means not given", no conversions. The named rules are the spec's, run by the same rule checks the spec names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from .._presets import ModelPreset, presets, rules_of
from .._rules import CHECKS

__all__ = ["Rejection", "check_create_body"]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


@attrs.frozen
class Rejection:
    """Why the server refuses a body: the parameter at fault and the message of its 400."""

    param: str
    message: str


def check_create_body(body: Any) -> tuple[ModelPreset, Rejection | None] | Rejection:
    """The model a create body is for and why it is refused (None when accepted); a Rejection for an unknown model."""
    if not isinstance(body, dict) or not isinstance(body.get("model"), str):
        return Rejection("model", "the body must be a JSON object with a string 'model'")
    model = presets.by_id(body["model"])
    if model is None:
        return Rejection("model", f"model {body['model']!r} is not supported; use one of {', '.join(presets)}")
    return model, _problem(model, body)


def _problem(model: ModelPreset, body: Mapping[str, Any]) -> Rejection | None:
    for name, field in model.fields.items():
        if field.required and name not in body:
            return Rejection(name, f"{name} is required")
    for name, value in body.items():
        spec = model.fields.get(name)
        if name == "model" or (spec is None and not model.closed):
            continue
        if spec is None:
            return Rejection(name, f"{name} is not a parameter of {model.id}")
        message = _violation(value, spec.schema, body)
        if message is not None:
            return Rejection(name, f"{name}: {message}")
    return None


def _is(value: object, kind: str) -> bool:
    if isinstance(value, bool) and kind in {"integer", "number"}:
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _JSON_TYPES.get(kind, (object,)))


def _violation(value: Any, schema: Mapping[str, Any], body: Mapping[str, Any]) -> str | None:
    """The first way *value* breaks *schema* (then its rules), in words; None when it holds."""
    checks = (
        _type_violation,
        _number_violation,
        _string_violation,
        _array_violation,
        _object_violation,
        _combination_violation,
    )
    for check in checks:
        problem = check(value, schema, body)
        if problem is not None:
            return problem
    return _broken_rule(value, schema, body)


def _type_violation(value: Any, schema: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    if kinds and not any(_is(value, kind) for kind in kinds):
        return f"{value!r} is not of type {' or '.join(kinds)}"
    if "const" in schema and not _equal(value, schema["const"]):
        return f"{value!r} is not {schema['const']!r}"
    if "enum" in schema and not any(_equal(value, choice) for choice in schema["enum"]):
        return f"{value!r} is not one of {schema['enum']}"
    return None


def _equal(value: object, expected: object) -> bool:
    """JSON equality: true is not 1, and 2.0 is 2."""
    if isinstance(value, bool) != isinstance(expected, bool):
        return False
    return value == expected


def _number_violation(value: Any, schema: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    if "minimum" in schema and value < schema["minimum"]:
        return f"{value} is less than the minimum of {schema['minimum']}"
    if "maximum" in schema and value > schema["maximum"]:
        return f"{value} is greater than the maximum of {schema['maximum']}"
    return None


def _string_violation(value: Any, schema: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    if not isinstance(value, str):
        return None
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return f"is longer than {schema['maxLength']} characters"
    if "minLength" in schema and len(value) < schema["minLength"]:
        return f"is shorter than {schema['minLength']} characters"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return f"{value!r} does not match {schema['pattern']!r}"
    if schema.get("format") == "uri" and not _URI.match(value):
        return f"{value!r} is not a URI"
    return None


def _array_violation(value: Any, schema: Mapping[str, Any], body: Mapping[str, Any]) -> str | None:
    if not isinstance(value, list):
        return None
    if "minItems" in schema and len(value) < schema["minItems"]:
        return f"has fewer than {schema['minItems']} items"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        return f"has more than {schema['maxItems']} items"
    items = schema.get("items")
    if not isinstance(items, Mapping):
        return None
    for index, item in enumerate(value):
        problem = _violation(item, items, body)
        if problem is not None:
            return f"[{index}] {problem}"
    return None


def _object_violation(value: Any, schema: Mapping[str, Any], body: Mapping[str, Any]) -> str | None:
    if not isinstance(value, dict):
        return None
    properties = schema.get("properties") or {}
    missing = [name for name in schema.get("required") or () if name not in value]
    if missing:
        return f"{missing[0]!r} is required"
    for key, item in value.items():
        if key in properties:
            problem = _violation(item, properties[key], body)
            if problem is not None:
                return f".{key} {problem}"
        elif schema.get("additionalProperties") is False:
            return f"{key!r} is not allowed"
    return None


def _combination_violation(value: Any, schema: Mapping[str, Any], body: Mapping[str, Any]) -> str | None:
    """allOf: the first branch broken; anyOf and oneOf: the first branch's problem when none holds."""
    for branch in schema.get("allOf") or ():
        problem = _violation(value, branch, body)
        if problem is not None:
            return problem
    for keyword in ("anyOf", "oneOf"):
        branches = list(schema.get(keyword) or ())
        problems = [_violation(value, branch, body) for branch in branches]
        if problems and all(problem is not None for problem in problems):
            return f"matches none of its forms: {problems[_nearest(value, branches)]}"
    return None


def _nearest(value: Any, branches: list[Mapping[str, Any]]) -> int:
    """The branch the value meant, for the message: the first whose required keys it has (else the first)."""
    keys = set(value) if isinstance(value, dict) else set()
    return next((i for i, branch in enumerate(branches) if set(branch.get("required") or ()) <= keys), 0)


def _broken_rule(value: Any, schema: Mapping[str, Any], body: Mapping[str, Any]) -> str | None:
    for rule in rules_of(schema):
        check = CHECKS.get(rule.check)
        problem = check(value, rule.params, body) if check is not None else None
        if problem:
            return f"{problem} (Rule {rule.name})"
    return None
