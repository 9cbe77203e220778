"""Check a request against its model's schema before anything is sent, and build the JSON body the API takes.

Each field is checked against the JSON Schema the spec gives it (type, const, enum, bounds, lengths, pattern,
format, items, nested properties), then against the rules the spec names for it. Python values are turned into
JSON on the way (tuples into lists, ``2.0`` into ``2`` where an integer is expected). A keyword this module does not
know is left to the API: a validating client must never refuse a request the API accepts.
"""

from __future__ import annotations

import difflib
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

import attrs

from ._errors import ValidationError
from ._former import for_model_id, for_unknown_field, for_value
from ._local_images import path_refusal
from ._presets import HINT_KEY, ModelPreset, json_types, presets, rules_of, takes_image
from ._rules import ADVISORIES, CHECKS, HINT_OF_REFUSAL, is_uri

__all__ = ["ValidatedRequest", "is_blank", "resolve_model", "unchecked_request", "validate_request"]


@attrs.frozen
class ValidatedRequest:
    """A request ready to send: checked against every documented rule, or deliberately not (``checked`` False).

    Attributes:
        preset: The model it is for; None for a model id the catalogue does not know (sent unchecked).
        body: The JSON body to send (only the fields given; the API applies its own defaults).
        warnings: Notices about valid requests that will not do quite what they say.
        checked: False when the client-side checks were skipped (``validate=False``).
    """

    preset: ModelPreset | None
    body: dict[str, Any]
    warnings: tuple[str, ...] = ()
    checked: bool = True

    @property
    def model_id(self) -> str:
        """The model id the body names."""
        return str(self.body["model"])

    @property
    def request_class(self) -> str | None:
        """The generated client's class for the body, when the body is known to fit it (a checked request)."""
        return self.preset.request_class if self.checked and self.preset is not None else None


@attrs.define
class _Scope:
    """What every rule of one request sees, and where advisories collect their notices.

    Rules name other fields by their path from the top of the request (``model_params.speed``).
    """

    request: Mapping[str, Any]
    notices: list[str] = attrs.field(factory=list)


class _Problem(Exception):  # noqa: N818 - internal signal, turned into a ValidationError
    """A value that breaks its schema: where (a path like ``image_urls[1]``), what, the rule in words, and its hint."""

    def __init__(self, path: str, value: object, rule: str, hint: str | None = None) -> None:
        self.path, self.value, self.rule, self.hint = path, value, rule, hint
        super().__init__(rule)


def resolve_model(name: object) -> ModelPreset:
    """The preset for a model id or alias; a :class:`ValidationError` that suggests the nearest name otherwise."""
    if isinstance(name, str) and name in presets:
        return presets[name]
    known = ", ".join(presets)
    forward = for_model_id(name)
    if forward is not None:
        rule = f"unknown model: {forward.words}. Known models: {known} (or their aliases)"
        raise ValidationError("model", name, rule, instead=forward.instead)
    hint = presets.closest(name) if isinstance(name, str) else None
    suggestion = f"did you mean {hint!r}? " if hint else ""
    raise ValidationError("model", name, f"unknown model; {suggestion}known models: {known} (or their aliases)")


def validate_request(model: object, prompt: object, params: Mapping[str, Any]) -> ValidatedRequest:
    """Validate a create request and return the body to send.

    ``None`` values count as not given. Raises :class:`ValidationError` naming the field, the value and the rule.
    """
    preset = resolve_model(model)
    given = {name: value for name, value in {"prompt": prompt, **params}.items() if value is not None}
    for name, value in given.items():
        if name not in preset.fields:
            raise _unknown_field(preset, name, value)
    body: dict[str, Any] = {"model": preset.id}
    scope = _Scope(given)
    for name, spec in preset.fields.items():
        if name not in given:
            if spec.required:
                what = spec.summary or "see `evolink-images models`"
                raise ValidationError(name, None, f"is required ({what})", model=preset.id)
            continue
        if spec.required and is_blank(given[name]):
            rule = f"must not be empty or blank: {preset.id} requires it ({spec.summary or 'see its docs'})"
            raise ValidationError(name, given[name], rule, model=preset.id)
        try:
            body[name] = _checked(given[name], spec.schema, name, scope)
            _apply_rules(spec.schema, body[name], name, scope)
        except _Problem as problem:
            raise _refusal(preset, problem) from None
    return ValidatedRequest(preset, body, tuple(f"{preset.id}: {notice}" for notice in scope.notices))


def is_blank(value: object) -> bool:
    """Whether *value* is text with nothing in it but spaces (``""``, ``"   "``): no value for a required field."""
    return isinstance(value, str) and not value.strip()


def unchecked_request(model: object, prompt: object, params: Mapping[str, Any]) -> ValidatedRequest:
    """The body to send with the client-side checks skipped: for when the API has moved before the spec.

    A known alias still becomes its id; any other model id is sent as it is. The values must still be JSON.
    """
    if not isinstance(model, str) or not model.strip():
        raise ValidationError("model", model, "must be a model id string (even unchecked)")
    preset = presets.get(model)
    body: dict[str, Any] = {"model": preset.id if preset else model}
    for name, value in {"prompt": prompt, **params}.items():
        if value is not None:
            body[name] = _as_json(value, name)
    notice = (
        f"{body['model']}: sent without client-side validation; only the API judges this request, "
        "and a mistake in it may still be charged"
    )
    return ValidatedRequest(preset, body, (notice,), checked=False)


def _as_json(value: Any, path: str) -> Any:
    """*value* as JSON data (tuples as lists); a ValidationError for what JSON cannot carry."""
    if isinstance(value, str | bool | int) or value is None:
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            _fail_now(path, value, "must be a finite number")
        return value
    if isinstance(value, list | tuple):
        return [_as_json(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return {key: _as_json(item, f"{path}.{key}") for key, item in value.items()}
    return _fail_now(
        path, value, f"must be JSON data (str, int, float, bool, list or dict), not {type(value).__name__}"
    )


def _fail_now(path: str, value: object, rule: str) -> NoReturn:
    raise ValidationError(path, value, rule)


def _refusal(preset: ModelPreset, problem: _Problem) -> ValidationError:
    """The ValidationError for a refused value; what the changelog says it became, when it was once taken."""
    forward = for_value(preset.id, problem.path, problem.value)
    if forward is None:
        return ValidationError(problem.path, problem.value, problem.rule, model=preset.id, hint=problem.hint)
    rule = f"{problem.rule}; {forward.words}"
    return ValidationError(
        problem.path, problem.value, rule, model=preset.id, instead=forward.instead, hint=problem.hint
    )


def _unknown_field(preset: ModelPreset, name: str, value: object) -> ValidationError:
    forward = for_unknown_field(preset.id, name, value)
    if forward is not None:
        rule = f"is not a parameter of {preset.id}: {forward.words}"
        return ValidationError(name, value, rule, model=preset.id, instead=forward.instead)
    close = difflib.get_close_matches(name, list(preset.fields), n=1, cutoff=0.6)
    elsewhere = [other.id for other in presets.taking(name)]
    rule = f"is not a parameter of {preset.id}"
    if close:
        rule += f"; did you mean {close[0]!r}?"
    elif len(elsewhere) > 3:
        rule += f" ({len(elsewhere)} other models take it, such as {', '.join(elsewhere[:3])})."
    elif elsewhere:
        rule += f" (only {', '.join(elsewhere)} takes it)."
    else:
        rule += "."
    rule += f" Its parameters: {', '.join(preset.fields)}."
    return ValidationError(name, value, rule, model=preset.id, hint="undocumented-field")


# ---------------------------------------------------------------------------------------------------- schema
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "True or False",
    "array": "a list",
    "object": "a dict",
    "null": "None",
}


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "array": (list, tuple),
    "object": (Mapping,),
    "null": (type(None),),
}


def _is_type(value: object, kind: str) -> bool:
    """Whether a Python value is of a JSON type (True is no number; an unknown type name accepts anything)."""
    if kind not in _PYTHON_TYPES:
        return True
    if isinstance(value, bool) and kind in {"integer", "number"}:
        return False
    if kind == "object" and isinstance(value, Mapping):
        return all(isinstance(key, str) for key in value)
    return isinstance(value, _PYTHON_TYPES[kind])


def _fail(path: str, value: object, rule: str, hint: str | None = None) -> NoReturn:
    raise _Problem(path, value, rule, hint)


def _checked(value: Any, schema: Mapping[str, Any], path: str, scope: _Scope) -> Any:
    """*value* as JSON, once it meets *schema*; a _Problem naming the path and the rule otherwise."""
    _refuse_local_path(value, schema, path)
    types = json_types(schema)
    if "integer" in types and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema counts 2.0 as an integer; the API gets a plain 2
    if types and not any(_is_type(value, kind) for kind in types):
        _type_problem(value, schema, types, path)
    if isinstance(value, float) and not math.isfinite(value):
        _fail(path, value, "must be a finite number")
    if "const" in schema and not _same(value, schema["const"]):
        _fail(path, value, f"must be {schema['const']!r}")
    if "enum" in schema and not any(_same(value, choice) for choice in schema["enum"]):
        _fail(path, value, f"must be one of {', '.join(str(choice) for choice in schema['enum'])}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, schema, path)
    if isinstance(value, str):
        _check_string(value, schema, path)
    if isinstance(value, list | tuple):
        value = _check_array(list(value), schema, path, scope)
    elif isinstance(value, Mapping):
        value = _check_object(value, schema, path, scope)
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in schema:
            value = _check_combination(value, keyword, schema[keyword], path, scope)
    return value


def _refuse_local_path(value: Any, schema: Mapping[str, Any], path: str) -> None:
    """A string where an image goes that names a local file: refused, saying how to pass a file."""
    if isinstance(value, str) and takes_image(schema):
        local = path_refusal(value)
        if local:
            _fail(path, value, local)


def _type_problem(value: object, schema: Mapping[str, Any], types: Sequence[str], path: str) -> NoReturn:
    if isinstance(value, str) and "array" in types:
        items = schema.get("items")
        local = path_refusal(value) if isinstance(items, Mapping) and takes_image(items) else None
        if local:
            _fail(path, value, f"must be a list, and {local}")
        what = "URL" if isinstance(items, Mapping) and items.get("format") == "uri" else "value"
        _fail(path, value, f"must be a list; wrap a single {what} in a list: [{what.lower()}]")
    words = " or ".join(_TYPE_WORDS.get(kind, kind) for kind in types)
    _fail(path, value, f"must be {words}, not {type(value).__name__}")


def _same(value: object, expected: object) -> bool:
    """JSON equality: True is not 1, and 2.0 is 2."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value is expected
    return value == expected


_BOUNDS: tuple[tuple[str, Callable[[float, float], bool], str], ...] = (
    ("minimum", operator.ge, "at least"),
    ("maximum", operator.le, "at most"),
    ("exclusiveMinimum", operator.gt, "greater than"),
    ("exclusiveMaximum", operator.lt, "less than"),
)


def _check_number(value: float, schema: Mapping[str, Any], path: str) -> None:
    for keyword, holds, words in _BOUNDS:
        limit = schema.get(keyword)
        if isinstance(limit, int | float) and not isinstance(limit, bool) and not holds(value, limit):
            _fail(path, value, f"must be {words} {limit}")
    step = schema.get("multipleOf")
    if isinstance(step, int | float) and step > 0 and not float(value / step).is_integer():
        _fail(path, value, f"must be a multiple of {step}")


def _check_string(value: str, schema: Mapping[str, Any], path: str) -> None:
    if "minLength" in schema and len(value) < schema["minLength"]:
        _fail(path, value, f"must be at least {schema['minLength']} characters (it has {len(value)})")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        _fail(path, value, f"must be at most {schema['maxLength']} characters (it has {len(value)})")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        _fail(path, value, f"must be {schema.get(HINT_KEY) or 'in the format ' + repr(schema['pattern'])}")
    if schema.get("format") == "uri" and not is_uri(value):
        _fail(path, value, "must be a valid URL (encode spaces and other special characters as %XX)")


def _check_array(items: list[Any], schema: Mapping[str, Any], path: str, scope: _Scope) -> list[Any]:
    if "minItems" in schema and len(items) < schema["minItems"]:
        _fail(path, items, f"needs at least {schema['minItems']} item(s)")
    if "maxItems" in schema and len(items) > schema["maxItems"]:
        _fail(path, items, f"takes at most {schema['maxItems']} items (got {len(items)})")
    item_schema = schema.get("items")
    if isinstance(item_schema, Mapping):
        items = [_checked(item, item_schema, f"{path}[{index}]", scope) for index, item in enumerate(items)]
    if schema.get("uniqueItems") and len({repr(item) for item in items}) < len(items):
        _fail(path, items, "must not repeat an item")
    return items


def _check_object(value: Mapping[str, Any], schema: Mapping[str, Any], path: str, scope: _Scope) -> dict[str, Any]:
    properties: Mapping[str, Any] = schema.get("properties") or {}
    for name in schema.get("required") or ():
        if name not in value:
            _fail(f"{path}.{name}", None, "is required")
    result: dict[str, Any] = {}
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        where = f"{path}.{name}"
        if name in properties:
            result[name] = _checked(item, properties[name], where, scope)
            _apply_rules(properties[name], result[name], where, scope)
        elif extra is False:
            known = ", ".join(properties) or "none"
            _fail(where, item, f"is not a documented key of {path} (its keys: {known})")
        else:
            result[name] = _checked(item, extra, where, scope) if isinstance(extra, Mapping) else item
    return result


def _check_combination(
    value: Any, keyword: str, branches: Sequence[Mapping[str, Any]], path: str, scope: _Scope
) -> Any:
    """allOf: every branch holds. anyOf and oneOf: some branch holds (oneOf's "only one" is the API's to judge).

    Only the branch that holds adds its notices.
    """
    problems: list[_Problem] = []
    for branch in branches:
        trial = _Scope(scope.request)
        try:
            checked = _checked(value, branch, path, trial)
        except _Problem as problem:
            if keyword == "allOf":
                raise
            problems.append(problem)
            continue
        scope.notices.extend(trial.notices)
        if keyword != "allOf":
            return checked
        value = checked
    if problems:
        keys = set(value) if isinstance(value, Mapping) else set()
        meant = [p for p, b in zip(problems, branches, strict=True) if set(b.get("required") or ()) <= keys]
        raise (meant or problems)[0]  # the problem of the form the value meant (its keys), else the first
    return value


# ---------------------------------------------------------------------------------------------------- rules
def _apply_rules(schema: Mapping[str, Any], value: Any, path: str, scope: _Scope) -> None:
    """The field's rules, then its items' rules; refusals raise, advisories are collected in the scope's notices.

    A notice names its field by its path (``model_params.speed``).
    """
    for rule in rules_of(schema):
        if rule.check in ADVISORIES:
            notice = ADVISORIES[rule.check](value, rule.params, scope.request)
            if notice:
                scope.notices.append(f"{path}: {notice} (Rule {rule.name})")
            continue
        check = CHECKS.get(rule.check)
        problem = check(value, rule.params, scope.request) if check is not None else None
        if problem:
            _fail(path, value, f"{problem} (Rule {rule.name})", HINT_OF_REFUSAL.get(problem))
    items = schema.get("items")
    if isinstance(items, Mapping) and isinstance(value, list):
        for index, item in enumerate(value):
            _apply_rules(items, item, f"{path}[{index}]", scope)
