"""What the current docs brought: combined-field rules, notices, case-insensitive values, an optional prompt, former
ids, and the way past the checks when the API moves before the spec (``validate=False``)."""

from __future__ import annotations

import warnings
from typing import Any

import evolink_images as ei
import pytest
import respx

from tests.conftest import REF, sent_body

REFUSED = [
    # (model, params, field, words): rules on combinations of fields, from the docs' prose
    ("qwen-image-edit-plus", {"image_urls": [REF], "size": "1024x1024", "n": 2}, "size", "works only with n = 1"),
    ("seedream-5.0-pro", {"background": "transparent"}, "background", "needs image_urls as well"),
    ("seedream-5.0-pro", {"background": "transparent", "image_urls": [REF, REF]}, "background", "exactly 1"),
    (
        "seedream-5.0-pro",
        {"background": "transparent", "image_urls": [REF], "output_format": "jpeg"},
        "background",
        "cannot be combined with output_format='jpeg'",
    ),
    ("gpt-image-2", {"size": "1000x1000"}, "size", "multiples of 16; 1000x1000 is not (Rule gpt-image-2-multiple)"),
    ("gpt-image-2", {"size": "3856x1296"}, "size", "(Rule gpt-image-2-sides)"),
    ("gpt-image-2", {"resolution": "8k"}, "resolution", "1K, 2K or 4K (any letter case)"),
    ("z-image-turbo", {"size": "2000x1000"}, "size", "(Rule z-image-sides)"),
    ("grok-imagine", {"quality": "high"}, "quality", "low or medium"),
    ("seedream-layerize", {"image_urls": [REF, REF]}, "image_urls", "at most 1"),
    ("nano-banana-2", {"model_params": {"web_search": "yes"}}, "model_params.web_search", "True or False"),
    ("nano-banana-2", {"model_params": {"webSearch": True}}, "model_params.webSearch", "not a documented key"),
    (
        "seedream-5.0-lite",
        {"model_params": {"tools": [{"type": "code"}]}},
        "model_params.tools[0].type",
        "must be one of web_search",
    ),
]


@pytest.mark.parametrize(("model", "params", "field", "words"), REFUSED)
def test_documented_combinations_and_limits_are_refused_before_sending(
    client: ei.EvoLink, api: respx.MockRouter, model: str, params: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ei.ValidationError) as caught:
        client.submit(model, "a lighthouse", **params)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert api.calls.call_count == 0


TAKEN = [
    ("qwen-image-edit-plus", {"image_urls": [REF], "size": "1024x1024", "n": 1}),
    ("qwen-image-edit-plus", {"image_urls": [REF], "size": "1024x1024"}),  # n left out: its default, 1
    ("seedream-5.0-pro", {"background": "transparent", "image_urls": [REF], "output_format": "png"}),
    ("gpt-image-2", {"size": "3840\u00d72160", "resolution": "4k"}),  # the multiplication sign and any letter case
    ("grok-imagine", {"quality": "LOW", "resolution": "2k"}),
    ("z-image-turbo", {"size": "1024x768"}),  # a custom size the enum alone would have refused
    ("wan-2.5", {"n": 3}),  # any integer from 1 to 4 now
    ("nano-banana-pro", {"image_urls": [REF] * 14}),
    ("seedream-5.0-lite", {"model_params": {"tools": [{"type": "web_search"}], "output_format": "png"}}),
    ("nano-banana", {"callback_url": "HTTPS://hooks.example.com/done"}),  # the scheme is case-insensitive
]


@pytest.mark.parametrize(("model", "params"), TAKEN)
def test_what_the_docs_allow_is_sent_as_given(
    client: ei.EvoLink, create_route: respx.Route, model: str, params: dict[str, Any]
) -> None:
    client.submit(model, "a lighthouse", **params)
    assert sent_body(create_route) == {"model": ei.presets[model].id, "prompt": "a lighthouse", **params}


def test_the_layer_model_needs_no_prompt(client: ei.EvoLink, create_route: respx.Route) -> None:
    client.submit("seedream-layerize", image_urls=[REF])
    assert sent_body(create_route) == {"model": "doubao-seedream-5.0-pro-layerize", "image_urls": [REF]}
    with pytest.raises(ei.ValidationError, match="is required") as caught:
        client.submit("seedream-4.5")
    assert caught.value.field == "prompt"


@pytest.mark.parametrize(
    ("model", "params", "notice"),
    [
        ("gpt-image-2", {"mask_url": "https://example.com/mask.png"}, "has no effect without image_urls"),
        ("qwen-image-3.0", {"negative_prompt": "x" * 600}, "keeps the first 500"),
        ("seedream-4.5", {"n": 10, "image_urls": [REF] * 8}, "at most 7 image(s)"),
    ],
)
def test_valid_requests_that_will_not_do_all_they_say_warn_and_are_sent(
    client: ei.EvoLink, create_route: respx.Route, model: str, params: dict[str, Any], notice: str
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.submit(model, "p", **params)
    assert any(notice in str(w.message) for w in caught if issubclass(w.category, ei.EvoLinkWarning))
    assert create_route.call_count == 1


def test_a_former_id_is_taken_and_the_current_id_sent(client: ei.EvoLink, create_route: respx.Route) -> None:
    client.submit("nano-banana-2-lite", "p", quality="4K")
    assert sent_body(create_route)["model"] == "nano-banana-pro-beta"


# ---------------------------------------------------------------------------------------------- validate=False
def test_validate_false_sends_what_the_checks_would_refuse_and_warns(
    client: ei.EvoLink, create_route: respx.Route
) -> None:
    with pytest.raises(ei.ValidationError):
        client.submit("wan-2.5", "p", n=8, style="noir")
    assert create_route.call_count == 0
    with pytest.warns(ei.EvoLinkWarning, match="without client-side validation"):
        client.submit("wan-2.5", "p", validate=False, n=8, style="noir")
    assert sent_body(create_route) == {"model": "wan2.5-text-to-image", "prompt": "p", "n": 8, "style": "noir"}


def test_validate_false_sends_a_model_the_catalogue_does_not_know(
    client: ei.EvoLink, create_route: respx.Route
) -> None:
    with pytest.raises(ei.ValidationError, match="unknown model"):
        client.submit("flux-9-ultra", "p")
    with pytest.warns(ei.EvoLinkWarning):
        client.submit("flux-9-ultra", "p", validate=False, size=(1, 2), extra_body={"seed": 3})
    assert sent_body(create_route) == {"model": "flux-9-ultra", "prompt": "p", "size": [1, 2], "seed": 3}


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"model": "", "validate": False}, "model"),
        ({"model": "flux-9", "validate": False, "size": object()}, "size"),
        ({"model": "flux-9", "validate": False, "n": float("nan")}, "n"),
        ({"model": "flux-9", "validate": "no"}, "validate"),
    ],
)
def test_even_unchecked_the_request_must_be_json(client: ei.EvoLink, api: respx.MockRouter, arguments, field) -> None:
    arguments = dict(arguments)
    with pytest.raises(ei.ValidationError) as caught:
        client.submit(arguments.pop("model"), "p", **arguments)
    assert caught.value.field == field
    assert api.calls.call_count == 0
