"""Check a request against its model's preset before anything is sent, and build the JSON body the API takes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._errors import ValidationError
from ._presets import FieldSpec, ModelPreset, presets
from ._rules import RULES, seedream_budget_warning

__all__ = ["ValidatedRequest", "resolve_model", "validate_request"]


@attrs.frozen
class ValidatedRequest:
    """A request that passed every documented rule.

    Attributes:
        preset: The model it is for.
        body: The JSON body to send (only the fields given; the API applies its own defaults).
        warnings: Notices about valid requests that will not do quite what they say.
    """

    preset: ModelPreset
    body: dict[str, Any]
    warnings: tuple[str, ...] = ()


def resolve_model(name: object) -> ModelPreset:
    """The preset for a model id or alias; a :class:`ValidationError` that suggests the nearest name otherwise."""
    if isinstance(name, str) and name in presets:
        return presets[name]
    hint = presets.closest(name) if isinstance(name, str) else None
    known = ", ".join(presets)
    suggestion = f"did you mean {hint!r}? " if hint else ""
    raise ValidationError("model", name, f"unknown model; {suggestion}known models: {known} (or their aliases)")


def validate_request(model: object, prompt: object, params: Mapping[str, Any]) -> ValidatedRequest:
    """Validate a create request and return the body to send.

    ``None`` values count as not given. Raises :class:`ValidationError` naming the field, the value and the rule.
    """
    preset = resolve_model(model)
    given = {"prompt": prompt, **{name: value for name, value in params.items() if value is not None}}
    for name, value in given.items():
        if name not in preset.fields:
            raise _unknown_field(preset, name, value)
    body: dict[str, Any] = {"model": preset.id}
    for name, spec in preset.fields.items():
        if name not in given or given[name] is None:
            if spec.required:
                raise ValidationError(name, given.get(name), f"is required ({spec.summary})", model=preset.id)
            continue
        body[name] = _check_field(preset, spec, given[name], body | given)
    notice = seedream_budget_warning(body) if preset.id == "doubao-seedream-4.5" else None
    return ValidatedRequest(preset, body, (notice,) if notice else ())


def _unknown_field(preset: ModelPreset, name: str, value: object) -> ValidationError:
    close = difflib.get_close_matches(name, list(preset.fields), n=1, cutoff=0.6)
    elsewhere = [other.id for other in presets.values() if name in other.fields]
    rule = f"is not a parameter of {preset.id}"
    if close:
        rule += f"; did you mean {close[0]!r}?"
    elif elsewhere:
        rule += f" (only {', '.join(elsewhere)} takes it)."
    else:
        rule += "."
    rule += f" Its parameters: {', '.join(preset.fields)}. Send undocumented fields with extra_body={{...}}."
    return ValidationError(name, value, rule, model=preset.id)


def _check_field(preset: ModelPreset, spec: FieldSpec, value: object, request: Mapping[str, Any]) -> Any:
    def fail(rule: str, field: str = spec.name, shown: object = value) -> ValidationError:
        return ValidationError(field, shown, rule, model=preset.id)

    if spec.kind == "url_list":
        return _check_url_list(spec, value, request, fail)
    if spec.kind == "integer" and isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema counts 2.0 as an integer; the API gets a plain 2
    _check_type(spec, value, fail)
    if spec.choices is not None and value not in spec.choices:
        choices = ", ".join(str(c) for c in spec.choices)
        raise fail(f"must be one of {choices}")
    if isinstance(value, int) and spec.minimum is not None and value < spec.minimum:
        raise fail(f"must be at least {spec.minimum}")
    if isinstance(value, int) and spec.maximum is not None and value > spec.maximum:
        raise fail(f"must be at most {spec.maximum}")
    if isinstance(value, str):
        if spec.max_length is not None and len(value) > spec.max_length:
            raise fail(f"must be at most {spec.max_length} characters (it has {len(value)})")
        if spec.pattern is not None and not re.search(spec.pattern, value):
            raise fail(f"must be {spec.pattern_hint or 'in the documented format'}")
    for rule in spec.rules:
        problem = RULES[rule](value, request)
        if problem:
            raise fail(f"{problem} (Rule {rule})")
    return value


def _check_type(spec: FieldSpec, value: object, fail: Any) -> None:
    expected: dict[str, tuple[type, ...]] = {"string": (str,), "url": (str,), "integer": (int,), "boolean": (bool,)}
    wrong_bool = isinstance(value, bool) and spec.kind == "integer"
    if wrong_bool or not isinstance(value, expected[spec.kind]):
        words = {"string": "a string", "url": "a URL string", "integer": "an integer", "boolean": "True or False"}
        raise fail(f"must be {words[spec.kind]}, not {type(value).__name__}")


def _check_url_list(spec: FieldSpec, value: object, request: Mapping[str, Any], fail: Any) -> list[str]:
    if isinstance(value, str):
        raise fail("must be a list of URLs; wrap a single URL in a list: [url]")
    if not isinstance(value, Sequence) or not all(isinstance(url, str) for url in value):
        raise fail("must be a list of URL strings")
    urls = list(value)
    if spec.min_items is not None and len(urls) < spec.min_items:
        raise fail(f"needs at least {spec.min_items} URL(s)")
    if spec.max_items is not None and len(urls) > spec.max_items:
        raise fail(f"takes at most {spec.max_items} URLs (got {len(urls)})")
    for index, url in enumerate(urls):
        for rule in spec.rules:
            problem = RULES[rule](url, request)
            if problem:
                raise fail(f"{problem} (Rule {rule})", f"{spec.name}[{index}]", url)
    return urls
