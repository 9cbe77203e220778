"""The spec holds every documented field and limit of the five models, and nothing the seeds do not document."""

import copy

import pytest

from contract_tests import documented_facts
from contract_tests.spec_contract import Spec

CREATE = ("post", "/v1/images/generations")


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def test_spec_matches_the_seed_pages(spec: Spec) -> None:
    assert documented_facts.mismatches(spec) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda s: s["Gemini3ProImagePreviewRequest"]["properties"]["size"]["enum"].remove("21:9"),
            "gemini-3-pro-image-preview.size.enum",
            id="enum-value-removed",
        ),
        pytest.param(
            lambda s: s["Wan25TextToImageRequest"]["properties"].pop("prompt_extend"),
            "wan2.5-text-to-image.prompt_extend: documented by the seed page but missing",
            id="field-removed",
        ),
        pytest.param(
            # gemini-2.5-flash-image (seed 004) left the spec with the docs of 2026-10 (D17): another seed model.
            lambda s: s["Wan25TextToImageRequest"]["properties"].update(quality={"type": "string"}),
            "wan2.5-text-to-image.quality: in the spec but not documented",
            id="undocumented-field-added",
        ),
        pytest.param(
            lambda s: s["DoubaoSeedream45Request"]["properties"]["image_urls"].update(maxItems=15),
            "doubao-seedream-4.5.image_urls.maxItems",
            id="limit-changed",
        ),
        pytest.param(
            lambda s: s["QwenImageEditRequest"]["required"].remove("image_urls"),
            "qwen-image-edit.image_urls.required",
            id="required-dropped",
        ),
        pytest.param(
            lambda s: s["Prompt"].pop("maxLength"),
            ".prompt.maxLength",
            id="shared-limit-removed",
        ),
        pytest.param(
            lambda s: s["DoubaoSeedream45Request"]["properties"]["size"].update(description="any size"),
            "doubao-seedream-4.5.size.rules: the description lacks 'Rule seedream-total-pixels:'",
            id="rule-dropped-from-description",
        ),
        pytest.param(
            lambda s: s["Wan25TextToImageRequest"]["properties"]["n"].update(default=1),
            "wan2.5-text-to-image.n.default",
            id="undocumented-default-added",
        ),
    ],
)
def test_a_spec_that_drifts_from_the_seeds_is_caught(spec: Spec, mutate, expected: str) -> None:
    document = copy.deepcopy(dict(spec.document))
    mutate(document["components"]["schemas"])
    found = documented_facts.mismatches(Spec(document))
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("model", "size"),
    [(model, size) for model, sizes in documented_facts.VALID_SIZES.items() for size in sizes],
)
def test_documented_example_sizes_are_accepted(spec: Spec, model: str, size: str) -> None:
    assert spec.check_request(*CREATE, {}, {"model": model, "prompt": "p", "size": size}) == []


@pytest.mark.parametrize(
    ("model", "size"),
    [(model, size) for model, sizes in documented_facts.INVALID_SIZE_SPELLINGS.items() for size in sizes],
)
def test_sizes_in_other_formats_are_rejected(spec: Spec, model: str, size: str) -> None:
    drifts = spec.check_request(*CREATE, {}, {"model": model, "prompt": "p", "size": size})
    assert [(d.json_path, d.rule.split(":")[0]) for d in drifts] == [("$.size", "pattern")]


@pytest.mark.parametrize(
    ("body", "path", "rule"),
    [
        ({"model": "wan2.5-text-to-image", "prompt": "p", "n": 5}, "$.n", "maximum"),
        ({"model": "doubao-seedream-4.5", "prompt": "p", "n": 16}, "$.n", "maximum"),
        ({"model": "doubao-seedream-4.5", "prompt": "p", "n": 0}, "$.n", "minimum"),
        # Seed 004's gemini-2.5-flash-image is no longer taken (D17); nano-banana-beta, the id it was taken as, is.
        ({"model": "nano-banana-beta", "prompt": "x" * 2001}, "$.prompt", "maxLength"),
        ({"model": "nano-banana-beta"}, "$", "required"),
        ({"model": "qwen-image-edit", "prompt": "p"}, "$", "required"),
        ({"model": "qwen-image-edit", "prompt": "p", "image_urls": []}, "$.image_urls", "minItems"),
        (
            {"model": "nano-banana-beta", "prompt": "p", "image_urls": ["https://e.x/a.png"] * 15},
            "$.image_urls",
            "maxItems",
        ),
        ({"model": "gemini-3-pro-image-preview", "prompt": "p", "quality": "high"}, "$.quality", "enum"),
        (
            {"model": "gemini-3-pro-image-preview", "prompt": "p", "callback_url": "http://example.com/cb"},
            "$.callback_url",
            "pattern",
        ),
        (
            {
                "model": "gemini-3-pro-image-preview",
                "prompt": "p",
                "callback_url": "https://example.com/" + "a" * 2048,
            },
            "$.callback_url",
            "maxLength",
        ),
        (
            {"model": "doubao-seedream-4.5", "prompt": "p", "prompt_priority": "fast"},
            "$.prompt_priority",
            "enum",
        ),
        ({"model": "wan2.5-text-to-image", "prompt": "p", "prompt_extend": "yes"}, "$.prompt_extend", "type"),
        (
            {"model": "nano-banana-beta", "prompt": "p", "image_urls": ["not a url"]},
            "$.image_urls[0]",
            "format",
        ),
    ],
)
def test_documented_limits_reject_bad_bodies(spec: Spec, body: dict, path: str, rule: str) -> None:
    drifts = spec.check_request(*CREATE, {}, body)
    assert (path, rule) in [(d.json_path, d.rule.split(":")[0]) for d in drifts], [str(d) for d in drifts]


@pytest.mark.parametrize("model", ["dall-e-3", "gemini-2.5-flash-image"])  # the second, no longer mapped (D17)
def test_an_unknown_model_is_rejected(spec: Spec, model: str) -> None:
    drifts = spec.check_request(*CREATE, {}, {"model": model, "prompt": "p"})
    assert drifts, "the oneOf must not accept a model the spec does not know"
