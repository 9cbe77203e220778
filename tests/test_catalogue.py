"""The catalogue is the only place model knowledge lives, and it is consistent with the spec it comes from.

- no model id, alias or model-specific limit appears in hand-written wrapper code;
- every rule the spec names has a check, with limits that check can read;
- a rule's name and the "Rule <name>:" line that explains it always come together;
- a model the spec describes without any extension still gets sensible presets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
import yaml
from evolink_images import _catalogue, _presets
from evolink_images._rules import ADVISORIES, API_ONLY, CHECKS, LIMITS, pixels

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = ROOT / "wrapper" / "evolink_images"
SPEC = yaml.safe_load((ROOT / "openapi" / "evolink-images.yaml").read_text(encoding="utf-8"))
GENERATED = WRAPPER / "_catalogue.py"


def model_knowledge() -> set[str]:
    """What only the catalogue may name: ids, aliases, pixel sizes of rules, and length limits of 100 or more."""
    names: set[str] = set()
    for model in ei.presets.values():
        names |= {model.id, *model.aliases}
        for spec in model.fields.values():
            names |= {str(value) for rule in spec.rules for value in rule.params.values() if pixels(value)}
            limits = (spec.max_length, spec.maximum)
            names |= {str(limit) for limit in limits if isinstance(limit, int) and limit >= 100 and not _round(limit)}
    return names


def _round(number: int) -> bool:
    """A power of two: code uses them as buffer and chunk sizes (1024) as often as a model uses them as a limit."""
    return number & (number - 1) == 0


def mentions(text: str, names: set[str]) -> list[str]:
    """The names that *text* mentions as whole words."""
    return sorted(name for name in names if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text))


def test_no_hand_written_module_names_a_model_or_a_model_limit() -> None:
    names = model_knowledge()
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(WRAPPER.rglob("*.py"))
        if path != GENERATED and (hits := mentions(path.read_text(encoding="utf-8"), names))
    }
    assert found == {}


def test_the_scan_finds_a_model_named_in_code() -> None:
    """The scan above bites: a line that names a model, an alias or a limit is found."""
    names = model_knowledge()
    model = next(iter(ei.presets.values()))
    assert mentions(f'REQUEST_MODELS = {{"{model.id}": ...}}', names) == [model.id]
    if model.aliases:
        assert mentions(f"client.generate({model.aliases[0]!r}, 'x')", names) == [model.aliases[0]]
    assert "2000" in mentions("prompt: at most 2000 characters", names)
    assert mentions("a model-free sentence about 2 images", names) == []


def all_rules() -> Iterator[tuple[str, str, _presets.RuleSpec]]:
    """Every rule of every field, nested fields (``model_params.speed``) and list items included."""
    for model in ei.presets.values():
        for name, spec in model.fields.items():
            yield from ((model.id, path, rule) for path, rule in _nested_rules(name, spec.schema))


def _nested_rules(path: str, schema: Mapping[str, Any]) -> Iterator[tuple[str, _presets.RuleSpec]]:
    yield from ((path, rule) for rule in _presets.rules_of(schema))
    if isinstance(schema.get("items"), Mapping):
        yield from _nested_rules(path, schema["items"])
    for name, sub in (schema.get("properties") or {}).items():
        yield from _nested_rules(f"{path}.{name}", sub)
    for branch in [*schema.get("oneOf", ()), *schema.get("anyOf", ()), *schema.get("allOf", ())]:
        yield from _nested_rules(path, branch)


def _field_at(model: str, path: str) -> Mapping[str, Any] | None:
    """The schema of the field at a dotted *path* of *model*'s request, or None."""
    head, *rest = path.split(".")
    spec = ei.presets[model].fields.get(head)
    node: Any = spec.schema if spec else None
    for name in rest:
        node = (node.get("properties") or {}).get(name) if isinstance(node, Mapping) else None
    return node


@pytest.mark.parametrize(("model", "field", "rule"), list(all_rules()), ids=lambda v: getattr(v, "name", v))
def test_every_rule_the_spec_names_has_a_check_that_reads_its_limits(
    model: str, field: str, rule: _presets.RuleSpec
) -> None:
    assert rule.check in CHECKS or rule.check in ADVISORIES, f"{model}.{field}: no check named {rule.check!r}"
    if rule.check == API_ONLY:
        return  # its limits are for people: only the API can check them
    required, optional = LIMITS[rule.check]
    assert required <= set(rule.params) <= required | optional, f"{rule.check} takes {sorted(required | optional)}"
    params = rule.params
    if rule.check == "pixel-area":
        assert all(pixels(params[key]) or isinstance(params[key], int) for key in ("min", "max")), params
    if rule.check == "aspect-ratio":
        assert all(re.fullmatch(r"[1-9][0-9]*:[1-9][0-9]*", params[key]) for key in ("min", "max")), params
    for key in ("total", "length", "of", "count"):
        assert key not in params or isinstance(params[key], int), params
    if "field" in params:
        where = params["field"]
        assert _field_at(model, where) is not None, f"{rule.name} names {where}, not a field of {model}"


def resolved(node: Any) -> Any:
    while isinstance(node, Mapping) and "$ref" in node:
        node = {**resolved(_at(node["$ref"])), **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _at(ref: str) -> Any:
    node: Any = SPEC
    for token in ref.removeprefix("#/").split("/"):
        node = node[token]
    return node


def field_schemas() -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every property schema of every model's request, and its items' schema, resolved."""
    mapping = SPEC["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"]
    for model_id, ref in mapping.items():
        for name, prop in resolved(_at(ref))["properties"].items():
            schema = resolved(prop)
            yield f"{model_id}.{name}", schema
            if isinstance(schema.get("items"), Mapping):
                yield f"{model_id}.{name}[]", resolved(schema["items"])


@pytest.mark.parametrize(("where", "schema"), list(field_schemas()), ids=lambda v: v if isinstance(v, str) else "")
def test_each_named_rule_is_explained_in_the_description_and_each_explained_rule_is_named(
    where: str, schema: Mapping[str, Any]
) -> None:
    named = {rule["name"] if isinstance(rule, Mapping) else rule for rule in schema.get("x-evolink-rules", [])}
    explained = set(re.findall(r"Rule ([a-z0-9-]+):", schema.get("description", "")))
    assert named == explained, where


def test_a_model_without_extensions_gets_sensible_presets() -> None:
    """A schema with only standard keywords: nickname = id, no aliases or modes, defaults and limits as given."""
    data = {
        "id": "acme-pixel-1",
        "request_class": "AcmePixel1Request",
        "summary": "",
        "fields": {
            "prompt": {"required": True, "summary": "", "schema": {"type": "string", "maxLength": 300}},
            "n": {"required": False, "summary": "", "schema": {"type": "integer", "minimum": 1, "maximum": 3}},
        },
    }
    preset = _presets.preset_from_data(data)
    assert (preset.nickname, preset.aliases, preset.modes) == ("acme-pixel-1", (), ())
    assert (preset.typical_seconds, preset.credits_per_image, preset.closed) == (None, None, True)
    assert preset.max_images == 3
    assert preset.fields["n"].allowed() == "1-3"


def test_the_presets_are_the_catalogue() -> None:
    """Every model and field of the generated catalogue, and nothing else, is in ei.presets."""
    assert [model["id"] for model in _catalogue.MODELS] == list(ei.presets)
    for data in _catalogue.MODELS:
        preset = ei.presets[data["id"]]
        assert list(preset.fields) == list(data["fields"])
        for name, field in data["fields"].items():
            assert preset.fields[name].schema == field["schema"]
            assert preset.fields[name].required == field["required"]
