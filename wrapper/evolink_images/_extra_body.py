"""``extra_body``: JSON sent beside the checked fields, merged into the body as deeply as both nest.

It is the way past a field this version does not know yet (``model_params={"new_option": ...}`` beside a checked
``model_params``). A key the model's schema does know is sent as given, unchecked: that is allowed, and named in a
warning, since it replaces what validation approved.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ._presets import ModelPreset

__all__ = ["known_fields_set", "merged"]


def merged(body: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """*body* with *extra* laid over it: objects on both sides are merged key by key, anything else is replaced."""
    result = dict(body)
    for key, value in extra.items():
        current = result.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            result[key] = merged(current, value)
        else:
            result[key] = value
    return result


def known_fields_set(extra: Mapping[str, Any], preset: ModelPreset | None) -> list[str]:
    """The fields of *preset*'s schema that *extra* sets, as dotted paths (``n``, ``model_params.web_search``)."""
    top: dict[str, Mapping[str, Any]] = {"model": {}}
    top |= {name: spec.schema for name, spec in (preset.fields.items() if preset else ())}
    return list(_known(extra, top, ""))


def _known(extra: Mapping[str, Any], properties: Mapping[str, Any], prefix: str) -> Iterator[str]:
    for key, value in extra.items():
        if key not in properties:
            continue
        schema = properties[key]
        nested = schema.get("properties") if isinstance(schema, Mapping) else None
        if isinstance(value, Mapping) and isinstance(nested, Mapping):
            yield from _known(value, nested, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"
