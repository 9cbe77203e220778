"""Midjourney's prose rules: a lone image URL is refused; flags the pages say are removed, locked or unsupported warn;
hd excludes draft across the nesting; speed without a prompt warns from inside model_params; the guides' conflicts and
maxima are refused, what they call unsupported warns (V8.2's rejected parameters are refused); a prompt a variation
ignores is sent with a notice; the masks take what their pages allow."""

from __future__ import annotations

import re
import warnings

import evolink_images as ei
import pytest
import respx
from evolink_images import _mj_prompt, _rules, _validation
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


# ---------------------------------------------------------------------------------------------------- S3: parameters
def test_a_word_with_one_dash_is_text_not_a_parameter() -> None:
    """Parameters are --name after a space: "-minimalist" is a word, so one image URL with it is a valid prompt."""
    for model in ("mj-v7", "mj-v8.1", "mj-v8.2"):
        assert validate_request(model, f"{IMAGE} -minimalist poster --ar 2:3", {}).body["model"] == model
    with pytest.raises(ei.ValidationError, match=r"Rule mj-image-prompt"):
        validate_request("mj-v7", f"{IMAGE} --minimalist", {})


def test_the_parameter_syntax_matters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read "-x" as a parameter (as before) and the words vanish: the valid prompt is refused."""
    monkeypatch.setattr(_mj_prompt, "_PARAMETER", re.compile(r"^--?[A-Za-z]"))
    with pytest.raises(ei.ValidationError, match=r"Rule mj-image-prompt"):
        validate_request("mj-v7", f"{IMAGE} -minimalist poster", {})


def test_a_prompt_is_taken_apart_into_images_words_and_parameters() -> None:
    prompt = _mj_prompt.parse_prompt(
        f"{IMAGE} {IMAGE} a well--lit -quiet room --ar 16:9 --sref {IMAGE}::2 random --RAW"
    )
    assert prompt.images == (IMAGE, IMAGE)
    assert prompt.words == "a well--lit -quiet room"
    assert prompt.parameters == (("--ar", ("16:9",)), ("--sref", (f"{IMAGE}::2", "random")), ("--raw", ()))
    assert prompt.values("--SREF") == [f"{IMAGE}::2", "random"] and prompt.uses("--raw")


# ---------------------------------------------------------------------------------------------------- S1, D24
@pytest.mark.parametrize(("model", "params"), [("mj-v8.1-variation", {}), ("mj-v8.2-variation", {"speed": "fast"})])
def test_a_prompt_a_variation_ignores_is_sent_with_a_notice(model: str, params: dict[str, object]) -> None:
    nested = {"model_params": {"task_id": "task-unified-1", **params}}
    request = validate_request(model, "at night", nested)
    assert request.body["prompt"] == "at night"
    assert any(
        "has no effect" in notice and "Rule mj-variation-prompt-ignored" in notice for notice in request.warnings
    )
    if params:
        assert any("Rule mj-variation-speed-ignored" in notice for notice in request.warnings)
    with pytest.raises(ei.ValidationError, match=r"model_params\.speed"):
        validate_request("mj-v8.2-variation", None, {"model_params": {"task_id": "t", "speed": "turbo"}})


def test_the_no_effect_notice_is_what_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(_rules.ADVISORIES, "no-effect")
    assert validate_request("mj-v8.1-variation", "at night", {"model_params": {"task_id": "t"}}).warnings == ()


# ---------------------------------------------------------------------------------------------------- L1, L3
DRAFT = {"model_params": {"speed": "draft"}}
REFUSED = [
    ("mj-v8.1", f"{IMAGE} a harbour", DRAFT, "mj-v8-1-draft-references"),
    ("mj-v8.1", f"a harbour --sref {IMAGE}", DRAFT, "mj-v8-1-draft-references"),
    ("mj-v8.1", f"a harbour --oref {IMAGE}", DRAFT, "mj-v8-1-draft-references"),
    ("mj-v7", " ".join([IMAGE] * 21) + " a harbour", {}, "mj-image-prompts-max"),
    ("mj-v8.2", "a harbour --sref " + " ".join([IMAGE] * 21), {}, "mj-sref-max"),
    ("mj-v7", f"a harbour --oref {IMAGE} {IMAGE}", {}, "mj-oref-one-image"),
    ("mj-v7", f"a harbour --oref {IMAGE}", {"model_params": {"speed": "turbo"}}, "mj-v7-oref-fast-only"),
    ("mj-v7", "a tiled floor --tile", DRAFT, "mj-v7-draft-no-tile"),
    ("mj-v8.2", "a tiled floor --tile", DRAFT, "mj-v8-2-draft-no-tile"),
    ("mj-v8.2", "a harbour --weird 100 --p abc123", {}, "mj-v8-2-weird-not-p"),
    ("mj-v8.2", "a harbour --q 5", {}, "mj-v8-2-detail-level"),
    ("mj-v8.2", f"a harbour --sref {IMAGE} --sv 4", {}, "mj-v8-2-style-version"),
    ("mj-v8.2", f"a harbour --oref {IMAGE}", {}, "mj-v8-2-rejected-flags"),
    ("mj-v8.2", "a harbour:: a lighthouse", {}, "mj-v8-2-multi-prompt"),
    ("mj-v8.2", "a" * 1025, {}, "mj-v8-2-description-length"),
]


@pytest.mark.parametrize(("model", "prompt", "params", "rule"), REFUSED, ids=[case[3] for case in REFUSED])
def test_what_the_guides_say_the_api_refuses_is_refused_before_sending(
    model: str, prompt: str, params: dict[str, object], rule: str
) -> None:
    with pytest.raises(ei.ValidationError, match=rf"\(Rule {rule}\)") as caught:
        validate_request(model, prompt, params)
    assert caught.value.field == "prompt"


ALLOWED = [
    ("mj-v8.1", f"{IMAGE} a harbour --sref {IMAGE} --oref {IMAGE}", {"model_params": {"speed": "fast"}}),
    ("mj-v8.2", f"{IMAGE} a harbour --sref {IMAGE}", DRAFT),  # V8.2's guide: verified at draft speed
    ("mj-v7", " ".join([IMAGE] * 20) + " a harbour", {}),
    ("mj-v7", f"a harbour --oref {IMAGE}", {"model_params": {"speed": "fast"}}),
    ("mj-v7", "a tiled floor --tile", {}),
    ("mj-v8.2", f"a harbour --q 3 --sref {IMAGE}::2 {IMAGE}::1 --sv 6", {}),  # weights are not multi-prompts
    ("mj-v8.2", "a" * 1024 + " --ar 16:9 --s 500", {}),  # the parameters do not count in the description
]


@pytest.mark.parametrize(("model", "prompt", "params"), ALLOWED)
def test_what_the_guides_allow_passes(model: str, prompt: str, params: dict[str, object]) -> None:
    assert validate_request(model, prompt, params).body["prompt"] == prompt


def test_the_prompt_conflict_checks_are_what_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the prompt checks, every case above would be sent."""
    for check in ("prompt-count", "prompt-excludes", "prompt-values", "prompt-flags-refused"):
        monkeypatch.delitem(_rules.CHECKS, check)
    monkeypatch.delitem(_rules.CHECKS, "prompt-syntax-refused")
    monkeypatch.delitem(_rules.CHECKS, "prompt-description-length")
    for model, prompt, params, _ in REFUSED:
        assert validate_request(model, prompt, params).body["prompt"] == prompt


@pytest.mark.parametrize(
    ("model", "prompt", "rule"),
    [
        ("mj-v7", "a cat:: a dog", "mj-v7-unsupported-syntax"),
        ("mj-v8.1", "a {red, blue} door", "mj-v8-unsupported-syntax"),
        ("mj-v8.2", "a {red, blue} door", "mj-v8-2-unsupported-syntax"),
        ("mj-v8.2", "a door --bs 2 --v 7", "mj-v8-2-stripped-flags"),
    ],
)
def test_what_a_guide_calls_unsupported_or_stripped_only_warns(model: str, prompt: str, rule: str) -> None:
    request = validate_request(model, prompt, {})
    assert request.body["prompt"] == prompt
    assert any(f"Rule {rule}" in notice for notice in request.warnings), request.warnings


# ---------------------------------------------------------------------------------------------------- S2, D4, D28
MASKS = [{}, {"areas": []}, {"url": "https://example.com/m.png"}, {"areas": [], "url": "https://example.com/m.png"}]


@pytest.mark.parametrize("mask", MASKS)
def test_v7_edit_takes_every_mask_upload_paint_takes(mask: dict[str, object]) -> None:
    """The two masks are worded alike in the docs; neither refuses what the other takes (D25)."""
    place = {"canvas": {"width": 1024, "height": 1024}, "img_pos": {"width": 512, "height": 512, "x": 0, "y": 0}}
    edit = {"model_params": {"task_id": "task-unified-1", "mask": mask, **place}}
    paint = {"image_urls": [IMAGE], "model_params": {"mask": mask, **place}}
    assert validate_request("mj-v7-edit", "sky", edit).body["model_params"]["mask"] == mask
    assert validate_request("mj-v7-upload-paint", "sky", paint).body["model_params"]["mask"] == mask


def test_the_mask_pixel_rule_is_only_where_a_page_states_it() -> None:
    def mask_rules(model: str) -> set[str]:
        nested = ei.presets[model].fields["model_params"].schema["properties"]
        return {rule["name"] for rule in nested["mask"].get("x-evolink-rules", [])}

    assert "mask-image-pixels" not in mask_rules("mj-v7-upload-paint") | mask_rules("mj-v7-edit")
    assert {"mask-image-pixels"} <= mask_rules("mj-v8.1-upload-paint") & mask_rules("mj-v8.2-edit")


def test_a_v8_2_mask_may_be_a_data_uri_where_v8_1_takes_only_urls() -> None:
    place = {"canvas": {"width": 1, "height": 1}, "img_pos": {"width": 1, "height": 1, "x": 0, "y": 0}}
    mask = {"url": "data:image/png;base64,iVBORw0KGgo="}
    body = {"model_params": {"task_id": "task-unified-1", "mask": mask, **place}}
    assert validate_request("mj-v8.2-edit", "sky", body).body["model_params"]["mask"] == mask
    with pytest.raises(ei.ValidationError, match=r"model_params\.mask\.url"):
        validate_request("mj-v8.1-edit", "sky", body)


def test_v8_2_remove_bg_refuses_a_signed_result_link() -> None:
    signed = f"{IMAGE}?Expires=1790000000&OSSAccessKeyId=x&Signature=abc%3D"
    with pytest.raises(ei.ValidationError, match=r"Rule mj-unsigned-url") as caught:
        validate_request("mj-v8.2-remove-bg", None, {"image_urls": [signed]})
    assert caught.value.field == "image_urls[0]"
    assert validate_request("mj-v8.2-retexture", "neon", {"image_urls": [signed]}), "retexture takes signed links"
    assert validate_request("mj-v8.2-remove-bg", None, {"image_urls": [f"{IMAGE}?size=large"]})
    notice = validate_request("mj-v8.2-remove-bg", "x", {"image_urls": [IMAGE]}).warnings
    assert any("Rule mj-remove-bg-prompt-ignored" in line for line in notice)


def test_the_signed_link_check_is_what_refuses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(_rules.CHECKS, "unsigned-url")
    signed = f"{IMAGE}?Expires=1790000000&Signature=abc"
    assert validate_request("mj-v8.2-remove-bg", None, {"image_urls": [signed]}).body["image_urls"] == [signed]
