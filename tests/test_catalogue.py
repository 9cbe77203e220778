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
from evolink_images import _presets
from evolink_images._rules import ADVISORIES, API_ONLY, CHECKS, LIMITS, PARENT_CHECKS, pixels

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = ROOT / "wrapper" / "evolink_images"
SPEC = yaml.safe_load((ROOT / "openapi" / "evolink-images.yaml").read_text(encoding="utf-8"))
GENERATED = {WRAPPER / "_catalogue.py", WRAPPER / "_catalogue_data.py"}


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
        if path not in GENERATED and (hits := mentions(path.read_text(encoding="utf-8"), names))
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
    known = rule.check in CHECKS or rule.check in ADVISORIES or rule.check in PARENT_CHECKS
    assert known, f"{model}.{field}: no check named {rule.check!r}"
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
    assert [model["id"] for model in _presets.catalogue_data()] == list(ei.presets)
    for data in _presets.catalogue_data():
        preset = ei.presets[data["id"]]
        assert list(preset.fields) == list(data["fields"])
        for name, field in data["fields"].items():
            assert preset.fields[name].schema == field["schema"]
            assert preset.fields[name].required == field["required"]


# ---------------------------------------------------------------------------------------------------- facts that vary
SPEED = {"type": "object", "properties": {"model_params": {"properties": {"speed": {"default": "fast"}}}}}


def test_images_per_task_compile_from_a_count_or_a_count_that_varies(catalogue_script: Any) -> None:
    varies = {"default": 4, "when": [{"field": "model_params.speed", "equals": "draft", "images": 24}]}
    assert catalogue_script._images(4, SPEED, "m") == (4, [])
    assert catalogue_script._images(varies, SPEED, "m") == (4, varies["when"])
    model = {"images_per_task": 4, "images_when": varies["when"]}
    assert catalogue_script.images_per_task(model) == "4 (24 with model_params.speed=draft)"


@pytest.mark.parametrize(
    "raw",
    [
        0,
        True,
        {"when": []},
        {"default": 4, "when": [{"field": "model_params.speed", "equals": "draft"}]},
        {"default": 4, "when": [{"field": "model_params.tempo", "equals": "draft", "images": 24}]},
        {"default": 4, "unless": []},
    ],
)
def test_a_malformed_images_per_task_is_refused(catalogue_script: Any, raw: Any) -> None:
    with pytest.raises(catalogue_script.CatalogueError, match="x-evolink-images"):
        catalogue_script._images(raw, SPEED, "m")


@pytest.mark.parametrize(
    ("model", "body", "images"),
    [
        ("mj-v8.2", {}, 4),  # the speed's default, fast
        ("mj-v8.2", {"model_params": {"speed": "fast"}}, 4),
        ("mj-v8.2", {"model_params": {"speed": "draft"}}, 24),
        ("mj-v8.1", {"model_params": {"speed": "draft"}}, 24),
        ("mj-v7", {"model_params": {"speed": "draft"}}, 4),
        ("mj-v8.2-remove-bg", {}, 1),
    ],
)
def test_a_presets_images_depend_on_the_body_where_the_spec_says(model: str, body: dict[str, Any], images: int) -> None:
    preset = ei.presets[model]
    assert preset.images_for(body) == preset.images_requested(body) == images
    assert preset.documented_credits(body) == pytest.approx(1.8), "per task, whatever the images (D21)"
    assert preset.max_images == max(images, preset.max_images)


def test_without_the_when_a_draft_is_four_images_again() -> None:
    import attrs  # noqa: PLC0415

    preset = attrs.evolve(ei.presets["mj-v8.2"], images_when=())
    assert preset.images_for({"model_params": {"speed": "draft"}}) == 4 and preset.max_images == 4


def test_result_lifetimes_and_refunds_are_the_models_own() -> None:
    assert ei.presets["mj-v8.1"].result_lifetime == 30 * 86400.0
    assert ei.presets["mj-v8.2-remix"].result_lifetime == 30 * 86400.0
    assert ei.presets["mj-v7"].result_lifetime == ei.presets["mj-v8.1-remix"].result_lifetime == 86400.0
    assert ei.presets["mj-v7-pan"].refunds == {"failed": "full", "moderated": "none"}
    entries = _presets.catalogue_data()
    silent = [data["id"] for data in entries if data["result_lifetime"] is None and data["refunds"] is None]
    assert silent, "models whose docs say nothing of either get the API's defaults"
    assert all(ei.presets[model].refunds == {"failed": "full"} for model in silent)
    assert all(ei.presets[model].result_lifetime == _presets.DEFAULT_RESULT_LIFETIME for model in silent)
