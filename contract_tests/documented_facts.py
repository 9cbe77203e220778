"""The documented request fields of the five models, transcribed from the seed pages independently of the spec.

``test_spec_facts.py`` holds the spec to this table, so that a field, an enum value, a limit or a default that
goes missing from (or slips into) the spec fails a test, even when no recording happens to exercise it.
Sources: ``../shared/seeds/000-004`` and ``../shared/evolink-api-facts.md`` section 3.
"""

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
        "size": {"type": "string", "rules": ["wan-total-pixels", "wan-aspect-ratio"]},
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

# Sizes the seed pages give as valid examples, and a few the rules exclude (pixel formats only).
VALID_SIZES = {
    "wan2.5-text-to-image": ["768x768", "1280x1280", "1440x1440"],
    "doubao-seedream-4.5": ["2K", "4K", "2560x1440", "2048x2048", "4096x4096"],
}
INVALID_SIZE_SPELLINGS = {
    "wan2.5-text-to-image": ["1:1", "2K", "1280*1280", "1280X1280", "0x768", "x768"],
    "doubao-seedream-4.5": ["1:1", "8K", "2048*2048", "2k"],
}

TASK_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"]
TASK_TYPES = ["text", "image", "audio", "video"]
BILLING_RULES = ["per_call", "per_token", "per_second"]
ERROR_STATUSES = [400, 401, 402, 403, 404, 429, 500, 502, 503]
RETRY_AFTER_STATUSES = [429, 503]


def _field_mismatches(spec: Any, model: str, name: str, prop: dict[str, Any], facts: dict[str, Any]) -> list[str]:
    found: list[str] = []
    prop = spec.resolve(prop)
    for key, value in facts.items():
        if key == "rules":
            found += [
                f"{model}.{name}: description lacks 'Rule {rule}:'"
                for rule in value
                if f"Rule {rule}:" not in prop.get("description", "")
            ]
        elif key != "required" and prop.get(key) != value:
            found.append(f"{model}.{name}.{key}: spec has {prop.get(key)!r}, documented {value!r}")
    for key in ("enum", "default", "minimum", "maximum", "minItems", "maxItems", "maxLength"):
        if key in prop and key not in facts:
            found.append(f"{model}.{name}.{key}: spec has {prop[key]!r}, the seed page states none")
    return found


def _model_mismatches(spec: Any, model: str, schema: dict[str, Any]) -> list[str]:
    fields = MODELS[model]
    properties = schema.get("properties", {})
    found: list[str] = []
    if schema.get("additionalProperties") is not False:
        found.append(f"{model}: request schema must be closed (additionalProperties: false)")
    if properties.get("model", {}).get("const") != model:
        found.append(f"{model}: `model` must be const {model!r}")
    documented = {"model", *fields}
    found += [
        f"{model}.{extra}: in the spec but not documented by the seed page"
        for extra in sorted(set(properties) - documented)
    ]
    found += [
        f"{model}.{missing}: documented by the seed page but missing from the spec"
        for missing in sorted(documented - set(properties))
    ]
    required = set(schema.get("required", []))
    for name, facts in fields.items():
        if name not in properties:
            continue
        if bool(facts.get("required")) != (name in required):
            found.append(f"{model}.{name}: required should be {bool(facts.get('required'))}")
        found += _field_mismatches(spec, model, name, properties[name], facts)
    return found


def mismatches(spec: Any) -> list[str]:
    """Every way the spec's request schemas differ from :data:`MODELS`, one readable line each."""
    mapping = spec.at("/components/schemas/ImageGenerationRequest")["discriminator"]["mapping"]
    found: list[str] = []
    missing = sorted(set(MODELS) - set(mapping))
    if missing:
        # Models beyond the seeds (from EvoLink's newer docs) are welcome; a seeded one may not go missing.
        found.append(f"models: the seeds document {missing}, which the spec lacks")
    for model in MODELS:
        if model in mapping:
            found += _model_mismatches(spec, model, spec.at(mapping[model].removeprefix("#")))
    return found
