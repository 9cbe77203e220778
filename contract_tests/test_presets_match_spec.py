"""The wrapper's presets say what the spec says: the same fields, enums, limits, defaults, patterns and rules.

The presets are hand-written data (read by validation, the CLI and the simulator); this holds them to the spec, so a
spec change that is not carried into the presets fails here, naming the model and field.
"""

import copy
import re

import pytest
from evolink_images import presets

from contract_tests.spec_contract import Spec

KEYWORDS = {  # FieldSpec attribute -> JSON Schema keyword
    "default": "default",
    "minimum": "minimum",
    "maximum": "maximum",
    "min_items": "minItems",
    "max_items": "maxItems",
    "max_length": "maxLength",
    "pattern": "pattern",
}
KINDS = {"string": "string", "url": "string", "integer": "integer", "boolean": "boolean", "url_list": "array"}


def _field_mismatches(spec: Spec, model_id: str, schema: dict, name: str, prop: dict) -> list[str]:
    field = presets[model_id].fields[name]
    where = f"{model_id}.{name}"
    found: list[str] = []
    if KINDS[field.kind] != prop.get("type"):
        found.append(f"{where}: type {prop.get('type')} in the spec, {field.kind} in the presets")
    if (field.choices and list(field.choices)) != prop.get("enum"):
        found.append(f"{where}: enum {prop.get('enum')} in the spec, {field.choices} in the presets")
    for attribute, keyword in KEYWORDS.items():
        ours, theirs = getattr(field, attribute), prop.get(keyword)
        if ours != theirs:
            found.append(f"{where}: {keyword} {theirs!r} in the spec, {ours!r} in the presets")
    if field.required != (name in schema.get("required", [])):
        found.append(f"{where}: required differs")
    described = set(re.findall(r"Rule ([a-z0-9-]+):", prop.get("description", "")))
    if "items" in prop:
        described |= set(re.findall(r"Rule ([a-z0-9-]+):", spec.resolve(prop["items"]).get("description", "")))
    enforceable = described - {"image-size", "image-format"}  # about the image files; only the API can check
    if enforceable != set(field.rules):
        found.append(f"{where}: rules {sorted(enforceable)} in the spec, {sorted(field.rules)} in the presets")
    return found


def preset_mismatches(spec: Spec) -> list[str]:
    found: list[str] = []
    mapping = spec.at("/components/schemas/ImageGenerationRequest")["discriminator"]["mapping"]
    if sorted(mapping) != sorted(presets):
        found.append(f"models: spec {sorted(mapping)} != presets {sorted(presets)}")
    for model_id, ref in mapping.items():
        if model_id not in presets:
            continue
        schema = spec.at(ref.removeprefix("#"))
        properties = {name: spec.resolve(prop) for name, prop in schema["properties"].items()}
        fields = presets[model_id].fields
        if set(properties) - {"model"} != set(fields):
            found.append(f"{model_id}: spec fields {sorted(set(properties) - {'model'})} != presets {sorted(fields)}")
        for name in sorted(set(fields) & set(properties)):
            found += _field_mismatches(spec, model_id, schema, name, properties[name])
    return found


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def test_presets_match_the_spec(spec: Spec) -> None:
    assert preset_mismatches(spec) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda s: s["Gemini25FlashImageRequest"]["properties"]["size"]["enum"].append("21:9"),
            "gemini-2.5-flash-image.size: enum",
        ),
        (
            lambda s: s["DoubaoSeedream45Request"]["properties"]["n"].update(maximum=20),
            "doubao-seedream-4.5.n: maximum",
        ),
        (
            lambda s: s["Wan25TextToImageRequest"]["properties"].update(seed={"type": "integer"}),
            "wan2.5-text-to-image: spec fields",
        ),
        (lambda s: s["CallbackUrl"].update(maxLength=4096), "callback_url: maxLength"),
        (
            lambda s: s["QwenImageEditRequest"]["properties"]["image_urls"].update(description="any"),
            "qwen-image-edit.image_urls: rules",
        ),
    ],
)
def test_a_spec_change_not_carried_into_the_presets_is_caught(spec: Spec, mutate, expected: str) -> None:
    document = copy.deepcopy(dict(spec.document))
    mutate(document["components"]["schemas"])
    found = preset_mismatches(Spec(document))
    assert any(expected in line for line in found), found
