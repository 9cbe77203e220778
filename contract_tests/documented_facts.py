"""The documented request fields of the five models, transcribed from the seed pages independently of the spec.

``test_spec_facts.py`` holds the spec to this table, so that a field, an enum value, a limit or a default that
goes missing from (or slips into) the spec fails a test, even when no recording happens to exercise it.
Sources: ``../shared/seeds/000-004`` and ``../shared/evolink-api-facts.md`` section 3.
"""

from dataclasses import dataclass
from typing import Any

PROMPT = {"type": "string", "maxLength": 2000, "required": True}
CALLBACK_URL = {"type": "string", "format": "uri", "maxLength": 2048, "pattern": "^https://"}
GEMINI_3_PRO_SIZES = ["auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]
GEMINI_25_FLASH_SIZES = ["auto", "1:1", "2:3", "3:2", "4:3", "3:4", "16:9", "9:16"]

# field -> the facts about it: type, enum, default, limits, required. Only what the seeds state.
MODELS: dict[str, dict[str, dict[str, Any]]] = {
    "gemini-3-pro-image-preview": {
        "prompt": PROMPT,
        "size": {"type": "string", "enum": GEMINI_3_PRO_SIZES, "default": "auto"},
        "quality": {"type": "string", "enum": ["1K", "2K", "4K"]},
        "image_urls": {"type": "array", "maxItems": 10},
        "callback_url": CALLBACK_URL,
    },
    "wan2.5-text-to-image": {
        "prompt": PROMPT,
        "size": {
            "type": "string",
            "pattern": "^[1-9][0-9]*x[1-9][0-9]*$",
            "rules": ["wan-total-pixels", "wan-aspect-ratio"],
        },
        "n": {"type": "integer", "enum": [1, 2, 4]},
        "prompt_extend": {"type": "boolean", "default": True},
        "callback_url": CALLBACK_URL,
    },
    "qwen-image-edit": {
        "prompt": PROMPT,
        "image_urls": {
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "required": True,
            "rules": ["qwen-image-sides"],
        },
        "callback_url": CALLBACK_URL,
    },
    "doubao-seedream-4.5": {
        "prompt": PROMPT,
        "n": {"type": "integer", "minimum": 1, "maximum": 15, "rules": ["seedream-image-budget"]},
        "size": {
            "type": "string",
            "default": "2048x2048",
            "pattern": "^(2K|4K|[1-9][0-9]*x[1-9][0-9]*)$",
            "rules": ["seedream-total-pixels", "seedream-aspect-ratio"],
        },
        "prompt_priority": {"type": "string", "enum": ["standard"], "default": "standard"},
        "image_urls": {"type": "array", "maxItems": 14},
        "callback_url": CALLBACK_URL,
    },
    "gemini-2.5-flash-image": {
        "prompt": PROMPT,
        "size": {"type": "string", "enum": GEMINI_25_FLASH_SIZES, "default": "auto"},
        "image_urls": {"type": "array", "maxItems": 5},
        "callback_url": CALLBACK_URL,
    },
}

# Sizes the seed pages give as valid examples, and a few the rules exclude. Seed page 003's 2K and 4K shorthands
# moved to `quality`, and ratios became sizes (openapi/CHANGES.md), so they are no longer here.
VALID_SIZES = {
    "wan2.5-text-to-image": ["768x768", "1280x1280", "1440x1440"],
    "doubao-seedream-4.5": ["2560x1440", "2048x2048", "4096x4096"],
}
INVALID_SIZE_SPELLINGS = {
    "wan2.5-text-to-image": ["1:1", "2K", "1280*1280", "1280X1280", "0x768", "x768"],
    "doubao-seedream-4.5": ["8K", "2048*2048", "2k", "1:7"],
}

TASK_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"]
TASK_TYPES = ["text", "image", "audio", "video"]
BILLING_RULES = ["per_call", "per_token", "per_second"]
ERROR_STATUSES = [400, 401, 402, 403, 404, 429, 500, 502, 503]
RETRY_AFTER_STATUSES = [429, 503]


@dataclass(frozen=True)
class Difference:
    """One way the spec differs from what a seed page documents."""

    model: str
    field: str
    what: str  # a JSON Schema keyword, "field" (present or not), "id", or "rules"
    seed: Any
    spec: Any

    def __str__(self) -> str:
        if self.what == "rules":
            lacking = ", ".join(f"'Rule {rule}:'" for rule in self.spec)
            return f"{self.model}.{self.field}.rules: the description lacks {lacking}"
        if self.what == "field":
            where = "in the spec but not documented" if self.spec else "documented by the seed page but missing"
            return f"{self.model}.{self.field}: {where}"
        return f"{self.model}.{self.field}.{self.what}: spec has {self.spec!r}, the seed page {self.seed!r}"


def _field_differences(
    spec: Any, model: str, name: str, prop: dict[str, Any], facts: dict[str, Any]
) -> list[Difference]:
    found: list[Difference] = []
    prop = spec.resolve(prop)
    for key, value in facts.items():
        if key == "rules":
            missing = [rule for rule in value if f"Rule {rule}:" not in prop.get("description", "")]
            if missing:
                found.append(Difference(model, name, "rules", value, missing))
        elif key != "required" and prop.get(key) != value:
            found.append(Difference(model, name, key, value, prop.get(key)))
    for key in ("enum", "default", "minimum", "maximum", "minItems", "maxItems", "maxLength", "pattern"):
        if key in prop and key not in facts:
            found.append(Difference(model, name, key, None, prop[key]))
    return found


def _model_differences(spec: Any, model: str, schema: dict[str, Any]) -> list[Difference]:
    fields = MODELS[model]
    properties = schema.get("properties", {})
    found: list[Difference] = []
    if schema.get("additionalProperties") is not False:
        found.append(Difference(model, "*", "additionalProperties", False, schema.get("additionalProperties")))
    model_field = properties.get("model", {})
    if model_field.get("const") != model:
        found.append(
            Difference(model, "model", "id", model, model_field.get("const") or model_field.get("enum", [None])[0])
        )
    documented = {"model", *fields}
    found += [Difference(model, extra, "field", False, True) for extra in sorted(set(properties) - documented)]
    found += [Difference(model, missing, "field", True, False) for missing in sorted(documented - set(properties))]
    required = set(schema.get("required", []))
    for name, facts in fields.items():
        if name not in properties:
            continue
        if bool(facts.get("required")) != (name in required):
            found.append(Difference(model, name, "required", bool(facts.get("required")), name in required))
        found += _field_differences(spec, model, name, properties[name], facts)
    return found


def differences(spec: Any) -> list[Difference]:
    """Every way the spec's request schemas differ from :data:`MODELS` (expected ones included)."""
    mapping = spec.at("/components/schemas/ImageGenerationRequest")["discriminator"]["mapping"]
    found: list[Difference] = []
    # Models beyond the seeds (from EvoLink's newer docs) are welcome; a seeded one that goes missing is an id the spec
    # no longer takes (none), which CHANGES.md must record (gemini-2.5-flash-image since the docs of 2026-10, D17).
    found += [Difference(model, "model", "id", model, None) for model in sorted(set(MODELS) - set(mapping))]
    for model in MODELS:
        if model in mapping:
            found += _model_differences(spec, model, spec.at(mapping[model].removeprefix("#")))
    return found


def mismatches(spec: Any) -> list[str]:
    """The differences openapi/CHANGES.md does not record, and its rows no difference explains, one line each."""
    from contract_tests.changes import recorded_changes, unexplained  # noqa: PLC0415

    return unexplained(differences(spec), recorded_changes())
