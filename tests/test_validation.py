"""Validation before any credit is spent: valid calls send exactly the documented body; bad ones send nothing."""

from __future__ import annotations

import warnings
from typing import Any

import evolink_images as ei
import pytest
import respx

from tests.conftest import REF, sent_body

VALID_CALLS = [
    ("gemini-3-pro-image-preview", {}, {}),
    (
        "nano-banana-pro",
        {"size": "21:9", "quality": "4K", "image_urls": [REF] * 10, "callback_url": "https://hooks.example.com/cb"},
        {"size": "21:9", "quality": "4K", "image_urls": [REF] * 10, "callback_url": "https://hooks.example.com/cb"},
    ),
    ("wan2.5-text-to-image", {}, {}),
    (
        "wan-2.5",
        {"size": "1280x1280", "n": 4, "prompt_extend": False},
        {"size": "1280x1280", "n": 4, "prompt_extend": False},
    ),
    ("wan-2.5", {"size": "768x768", "n": 2}, {"size": "768x768", "n": 2}),
    ("wan-2.5", {"size": "720x2880"}, {"size": "720x2880"}),
    ("qwen-image-edit", {"image_urls": [REF]}, {"image_urls": [REF]}),
    (
        "qwen-edit",
        {"image_urls": [REF, "http://example.com/b.jpg", REF]},
        {"image_urls": [REF, "http://example.com/b.jpg", REF]},
    ),
    ("doubao-seedream-4.5", {}, {}),
    (
        "seedream-4.5",
        {"quality": "4K", "n": 15, "prompt_priority": "standard"},
        {"quality": "4K", "n": 15, "prompt_priority": "standard"},
    ),
    ("seedream-4.5", {"size": "21:9", "quality": "2K"}, {"size": "21:9", "quality": "2K"}),
    ("wan-2.5", {"size": "1280x720", "n": 3}, {"size": "1280x720", "n": 3}),
    ("nano-banana-pro", {"image_urls": [REF] * 12}, {"image_urls": [REF] * 12}),
    # The former id nano-banana-beta (seed 004's gemini-2.5-flash-image is no longer taken, D17).
    ("nano-banana-beta", {"size": "1:1"}, {"size": "1:1"}),
    (
        "seedream-4.5",
        {"size": "2560x1440", "image_urls": [REF] * 14, "n": 1},
        {"size": "2560x1440", "image_urls": [REF] * 14, "n": 1},
    ),
    ("seedream-4.5", {"size": "4096x4096"}, {"size": "4096x4096"}),
    ("nano-banana-beta", {}, {}),
    ("nano-banana", {"size": "9:16", "image_urls": [REF] * 5}, {"size": "9:16", "image_urls": [REF] * 5}),
    # nano-banana is Nano Banana 2 Lite Beta since the docs of 2026-10 (D17): 15 ratios, quality 1K, 14 references.
    (
        "nano-banana",
        {"size": "21:9", "quality": "1K", "image_urls": [REF] * 14},
        {"size": "21:9", "quality": "1K", "image_urls": [REF] * 14},
    ),
]


@pytest.mark.parametrize(("model", "params", "expected"), VALID_CALLS)
def test_valid_call_sends_exactly_the_documented_body(
    client: ei.EvoLink, create_route: respx.Route, model: str, params: dict[str, Any], expected: dict[str, Any]
) -> None:
    client.submit(model, "A cat playing in the grass", **params)
    model_id = ei.presets[model].id
    assert sent_body(create_route) == {"model": model_id, "prompt": "A cat playing in the grass", **expected}


def test_none_means_not_given(client: ei.EvoLink, create_route: respx.Route) -> None:
    client.submit("wan-2.5", "p", size=None, n=None, prompt_extend=None)
    assert sent_body(create_route) == {"model": "wan2.5-text-to-image", "prompt": "p"}


def test_extra_body_is_sent_unvalidated(client: ei.EvoLink, create_route: respx.Route) -> None:
    with pytest.warns(ei.EvoLinkWarning, match="extra_body sets model_params.web_search"):  # a field it knows
        client.submit("nano-banana-pro", "p", quality="2K", extra_body={"model_params": {"web_search": True}})
    body = sent_body(create_route)
    assert body["model_params"] == {"web_search": True}
    assert body["quality"] == "2K"


def test_create_sends_an_idempotency_key(client: ei.EvoLink, create_route: respx.Route) -> None:
    client.submit("nano-banana", "p")
    key = create_route.calls.last.request.headers["idempotency-key"]
    assert 16 <= len(key) <= 96
    client.submit("nano-banana", "p", idempotency_key="my-own-key-0123456789")
    assert create_route.calls.last.request.headers["idempotency-key"] == "my-own-key-0123456789"
    assert key != "my-own-key-0123456789"


LONG = "x" * 2001
INVALID = [
    # (model, params, field, words in the rule)
    ("dall-e-3", {}, "model", "unknown model"),
    ("nano-banan", {}, "model", "did you mean 'nano-banana'"),
    ("nano-banana", {"prompt": LONG}, "prompt", "at most 2000 characters"),
    ("nano-banana", {"prompt": 42}, "prompt", "must be a string"),
    ("nano-banana", {"size": "7:5"}, "size", "must be one of auto, 1:1"),
    # nano-banana names Nano Banana 2 Lite Beta since the docs of 2026-10 (D17): 21:9 and quality are taken now.
    ("nano-banana", {"size": "2:1"}, "size", "must be one of"),
    ("nano-banana", {"quality": "2K"}, "quality", "must be one of 1K"),
    ("nano-banana", {"model_params": {"thinking_level": "high"}}, "model_params", "other models take it, such as"),
    ("seedream-5.0-pro", {"image_urls": [REF] * 11}, "image_urls", "at most 10"),
    ("nano-banana", {"image_urls": [REF] * 15}, "image_urls", "at most 14"),
    ("nano-banana", {"image_urls": REF}, "image_urls", "wrap a single URL in a list"),
    ("nano-banana", {"image_urls": ["ftp://example.com/a.png"]}, "image_urls[0]", "http:// or https://"),
    ("nano-banana", {"image_urls": [REF, "https://10.0.0.8/a.png"]}, "image_urls[1]", "private address 10.0.0.8"),
    ("nano-banana", {"image_urls": ["https://example.com/a b.png"]}, "image_urls[0]", "valid URL"),
    ("nano-banana", {"negative_prompt": "dogs"}, "negative_prompt", "is not a parameter"),
    ("nano-banana-pro", {"quality": "high"}, "quality", "must be one of 1K, 2K, 4K"),
    ("nano-banana-pro", {"size": "2:1"}, "size", "must be one of"),
    ("nano-banana-pro", {"image_urls": [REF] * 15}, "image_urls", "at most 14"),
    ("nano-banana-pro", {"sise": "1:1"}, "sise", "did you mean 'size'"),
    ("nano-banana-pro", {"callback_url": "http://hooks.example.com/cb"}, "callback_url", "https://"),
    ("nano-banana-pro", {"callback_url": "https://127.0.0.1/cb"}, "callback_url", "loopback"),
    ("nano-banana-pro", {"callback_url": "https://[::1]/cb"}, "callback_url", "loopback"),
    ("nano-banana-pro", {"callback_url": "https://192.168.1.20/cb"}, "callback_url", "private"),
    ("nano-banana-pro", {"callback_url": "https://localhost:8443/cb"}, "callback_url", "local host name"),
    ("nano-banana-pro", {"callback_url": "https://0x7f000001/cb"}, "callback_url", "loopback"),
    ("nano-banana-pro", {"callback_url": "https://example.com/" + "a" * 2040}, "callback_url", "2048"),
    ("wan-2.5", {"n": 5}, "n", "must be at most 4"),
    ("wan-2.5", {"n": True}, "n", "must be an integer"),
    ("wan-2.5", {"n": 2.5}, "n", "must be an integer"),
    ("wan-2.5", {"size": "1:1"}, "size", "WIDTHxHEIGHT"),
    ("wan-2.5", {"size": "1280*1280"}, "size", "WIDTHxHEIGHT"),
    ("wan-2.5", {"size": "512x512"}, "size", "Rule wan-total-pixels"),
    ("wan-2.5", {"size": "1500x1500"}, "size", "Rule wan-total-pixels"),
    ("wan-2.5", {"size": "400x2000"}, "size", "Rule wan-aspect-ratio"),
    ("wan-2.5", {"prompt_extend": "false"}, "prompt_extend", "True or False"),
    ("wan-2.5", {"image_urls": [REF]}, "image_urls", "is not a parameter"),
    ("qwen-edit", {}, "image_urls", "is required"),
    ("qwen-edit", {"image_urls": []}, "image_urls", "at least 1"),
    ("qwen-edit", {"image_urls": [REF] * 4}, "image_urls", "at most 3"),
    ("qwen-edit", {"size": "1:1"}, "size", "is not a parameter"),
    ("seedream-4.5", {"n": 0}, "n", "at least 1"),
    ("seedream-4.5", {"n": 16}, "n", "at most 15"),
    ("seedream-4.5", {"size": "8K"}, "size", "auto, a ratio such as 16:9, or WIDTHxHEIGHT"),
    ("seedream-4.5", {"size": "2K"}, "size", "auto, a ratio such as 16:9, or WIDTHxHEIGHT"),
    ("seedream-4.5", {"size": "2048x1024"}, "size", "Rule seedream-total-pixels"),
    ("seedream-4.5", {"size": "5000x4000"}, "size", "Rule seedream-total-pixels"),
    ("seedream-4.5", {"size": "8200x500"}, "size", "Rule seedream-aspect-ratio"),
    ("seedream-4.5", {"prompt_priority": "fast"}, "prompt_priority", "must be one of standard"),
    ("seedream-4.5", {"image_urls": [REF] * 15}, "image_urls", "at most 14"),
]


@pytest.mark.parametrize(("model", "params", "field", "words"), INVALID)
def test_invalid_parameter_is_rejected_before_any_request(
    client: ei.EvoLink, api: respx.MockRouter, model: str, params: dict[str, Any], field: str, words: str
) -> None:
    params = dict(params)
    prompt = params.pop("prompt", "A cat playing in the grass")
    with pytest.raises(ei.ValidationError) as caught:
        client.submit(model, prompt, **params)
    error = caught.value
    assert error.field == field
    assert words in str(error)
    assert str(error).startswith(f"{field}=")
    assert isinstance(error, ValueError)
    assert api.calls.call_count == 0, "nothing may be sent for an invalid request"


def test_validation_error_names_value_and_model(client: ei.EvoLink) -> None:
    with pytest.raises(ei.ValidationError) as caught:
        client.submit("wan-2.5", "p", size="512x512")
    error = caught.value
    assert (error.field, error.value, error.model) == ("size", "512x512", "wan2.5-text-to-image")
    assert str(error) == (
        "size='512x512' for wan2.5-text-to-image: width x height must be between 768x768 (589,824) and "
        "1440x1440 (2,073,600) pixels in total; 512x512 is 262,144 (Rule wan-total-pixels)"
    )


def test_seedream_image_budget_warns_but_sends(client: ei.EvoLink, create_route: respx.Route) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.submit("seedream-4.5", "p", n=10, image_urls=[REF] * 8)
    (warning,) = [w for w in caught if issubclass(w.category, ei.EvoLinkWarning)]
    assert "at most 7 image(s)" in str(warning.message)
    assert warning.filename == __file__, "the warning points at the caller's line"
    assert sent_body(create_route)["n"] == 10


def test_seedream_within_budget_does_not_warn(client: ei.EvoLink, create_route: respx.Route) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.submit("seedream-4.5", "p", n=7, image_urls=[REF] * 8)
    assert create_route.call_count == 1


def test_presets_describe_every_model() -> None:
    # 24 at a301c93; in the docs of 2026-10 Nano Banana 1 is gone and six are new (D17). Midjourney's are S2's count.
    assert len([model for model in ei.presets.values() if model.family != "Midjourney"]) == 29
    assert {"gpt-image-2", "grok-imagine-image-2.0", "doubao-seedream-5.0-pro-layerize", "z-image-turbo"} <= set(
        ei.presets
    )
    assert {"mj-v7", "mj-v7-upscale", "mj-v8.1", "mj-v8.1-upload-paint"} <= set(ei.presets)
    for alias in ("nano-banana", "nano-banana-pro", "seedream-4.5", "wan-2.5", "qwen-edit"):
        assert alias in ei.presets
    # Former ids the API still takes resolve to the current model, which is what is sent.
    assert ei.presets["nano-banana-beta"].id == "nano-banana-2-lite-beta"  # D17
    assert "gemini-2.5-flash-image" not in ei.presets  # no longer mapped (D17)
    assert ei.presets["nano-banana-2-lite"].id == "nano-banana-pro-beta"
    seedream = ei.presets["seedream-4.5"]
    assert (seedream.max_references, seedream.max_images) == (14, 15)
    assert ei.presets["wan-2.5"].max_images == 4
    assert ei.presets["qwen-edit"].fields["image_urls"].required
