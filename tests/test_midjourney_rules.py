"""Midjourney's prose rules: a lone image URL is refused; flags the pages say are removed, locked or unsupported warn;
hd excludes draft across the nesting; speed without a prompt warns from inside model_params."""

from __future__ import annotations

import warnings

import evolink_images as ei
import pytest
import respx
from evolink_images import _validation
from evolink_images._validation import validate_request

from tests.conftest import CREATE, task_json

IMAGE = "https://example.com/ref.png"


@pytest.mark.parametrize("model", ["mj-v7", "mj-v8.1"])
def test_one_image_url_without_words_is_refused(model: str) -> None:
    with pytest.raises(ei.ValidationError, match=r"Rule mj-image-prompt") as caught:
        validate_request(model, f"{IMAGE} --ar 16:9 --iw 2", {})
    assert caught.value.field == "prompt"


@pytest.mark.parametrize(
    "prompt",
    [
        f"{IMAGE} a sunset in watercolour --iw 1.5",
        f"{IMAGE} {IMAGE}",
        f"{IMAGE} {IMAGE} --ar 1:1",
        "a cat --sref " + IMAGE,
    ],
)
def test_image_prompts_the_pages_allow_pass(prompt: str) -> None:
    assert validate_request("mj-v7", prompt, {}).body["prompt"] == prompt


def test_flags_the_api_removes_or_ignores_only_warn_and_are_sent() -> None:
    request = validate_request("mj-v7", "a cat --ar 16:9 --turbo --niji 6 --stop 50", {})
    assert request.body["prompt"] == "a cat --ar 16:9 --turbo --niji 6 --stop 50"
    notices = " | ".join(request.warnings)
    assert "--turbo in the prompt" in notices and "Rule mj-v7-speed-flags" in notices
    assert "--niji" in notices and "Rule mj-v7-locked-flags" in notices
    assert "--stop" in notices and "Rule mj-v7-unsupported-flags" in notices
    assert validate_request("mj-v7", "a cat --ar 16:9 --stylize 500 --profile", {}).warnings == ()


def test_hd_cannot_be_combined_with_draft_speed() -> None:
    with pytest.raises(ei.ValidationError, match=r"model_params\.speed='draft' \(Rule mj-hd-not-draft\)"):
        validate_request("mj-v8.1", "a cat", {"quality": "hd", "model_params": {"speed": "draft"}})
    assert validate_request("mj-v8.1", "a cat", {"quality": "hd", "model_params": {"speed": "fast"}}).warnings == ()
    assert validate_request("mj-v8.1", "a cat", {"quality": "standard", "model_params": {"speed": "draft"}})


def test_a_nested_field_warns_about_the_top_level_field_it_needs(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.post(CREATE).respond(200, json=task_json())
    with pytest.warns(ei.EvoLinkWarning, match=r"model_params\.speed: has no effect without prompt"):
        client.submit("mj-v7-pan", model_params={"task_id": "task-unified-1", "speed": "turbo"})
    assert route.call_count == 1, "a notice, not a refusal"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.submit("mj-v7-pan", "a starry sky", model_params={"task_id": "task-unified-1", "speed": "turbo"})


def test_nested_notices_are_kept_only_because_the_scope_carries_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before nested rules shared the request's scope, their notices were dropped: this shows the difference."""
    params = {"model_params": {"task_id": "task-unified-1", "speed": "turbo"}}
    assert validate_request("mj-v7-pan", None, params).warnings
    original = _validation._apply_rules

    def top_level_only(schema, value, path, scope):  # type: ignore[no-untyped-def]
        original(schema, value, path, scope if "." not in path else _validation._Scope(scope.request))

    monkeypatch.setattr(_validation, "_apply_rules", top_level_only)
    assert validate_request("mj-v7-pan", None, params).warnings == ()
