"""``extra_body``: merged into the body as deeply as both nest; named in a warning when it overrides a known field."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import evolink_images as ei
import pytest
import respx
from evolink_images import _base, _generated
from evolink_images._extra_body import known_fields_set, merged

from tests.conftest import sent_body

GEMINI = "gemini-3-pro-image-preview"  # model_params: {web_search}


@contextmanager
def evolink_warnings() -> Iterator[list[str]]:
    """Every EvoLinkWarning raised inside, as text (other warnings pass as usual)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        texts: list[str] = []
        yield texts
    texts += [str(w.message) for w in caught if issubclass(w.category, ei.EvoLinkWarning)]


def overrides(texts: list[str]) -> list[str]:
    """The fields the override warnings name, in order."""
    return [text.split("extra_body sets ", 1)[1].split(",", 1)[0] for text in texts if "extra_body sets " in text]


# ================================================================================================ deep merge
def test_the_schema_facts_these_tests_rely_on() -> None:
    fields = ei.presets[GEMINI].fields
    assert "web_search" in fields["model_params"].schema["properties"]
    assert "new_option" not in fields["model_params"].schema["properties"]
    assert {"n", "callback_url"} <= set(ei.presets["doubao-seedream-4.5"].fields)


def test_a_nested_extra_key_is_merged_beside_the_checked_ones(client: ei.EvoLink, create_route: respx.Route) -> None:
    client.submit(GEMINI, "x", model_params={"web_search": True}, extra_body={"model_params": {"new_option": True}})
    body = sent_body(create_route)
    assert body["model_params"] == {"web_search": True, "new_option": True}
    assert (body["model"], body["prompt"]) == (GEMINI, "x")


def test_the_async_client_merges_the_same_way(async_client: ei.AsyncEvoLink, create_route: respx.Route) -> None:
    asyncio.run(
        async_client.submit(
            GEMINI, "x", model_params={"web_search": True}, extra_body={"model_params": {"new_option": True}}
        )
    )
    assert sent_body(create_route)["model_params"] == {"web_search": True, "new_option": True}


def test_lists_and_scalars_are_replaced_not_merged(client: ei.EvoLink, create_route: respx.Route) -> None:
    with evolink_warnings():
        client.submit(
            GEMINI,
            "x",
            image_urls=["https://example.com/a.png"],
            model_params={"web_search": True},
            extra_body={"image_urls": ["https://example.com/b.png"], "model_params": {"web_search": False}},
        )
    body = sent_body(create_route)
    assert body["image_urls"] == ["https://example.com/b.png"], "a list is replaced, never concatenated"
    assert body["model_params"] == {"web_search": False}


@pytest.mark.parametrize(
    ("body", "extra", "expected"),
    [
        ({"a": {"b": 1, "c": 2}}, {"a": {"c": 3, "d": 4}}, {"a": {"b": 1, "c": 3, "d": 4}}),
        ({"a": {"b": {"c": 1}}}, {"a": {"b": {"d": 2}}}, {"a": {"b": {"c": 1, "d": 2}}}),
        ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
        ({"a": {"b": 1}}, {"a": 5}, {"a": 5}),
        ({"a": 5}, {"a": {"b": 1}}, {"a": {"b": 1}}),
        ({"a": {"b": 1}}, {"a": None}, {"a": None}),
        ({"a": 1}, {}, {"a": 1}),
    ],
)
def test_merged(body: dict[str, Any], extra: dict[str, Any], expected: dict[str, Any]) -> None:
    before = repr(body)
    assert merged(body, extra) == expected
    assert repr(body) == before, "the body given is not changed"


def test_a_shallow_merge_loses_the_checked_nested_fields(
    client: ei.EvoLink, create_route: respx.Route, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard taken away: ``{**body, **extra}`` replaces the whole model_params."""
    shallow: Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, Any]] = lambda a, b: {**a, **b}  # noqa: E731
    monkeypatch.setattr(_generated, "merged", shallow)
    client.submit(GEMINI, "x", model_params={"web_search": True}, extra_body={"model_params": {"new_option": True}})
    assert sent_body(create_route)["model_params"] == {"new_option": True}, "web_search is lost"


# ==================================================================================== overriding known fields
@pytest.mark.parametrize(
    ("model", "extra", "named"),
    [
        ("doubao-seedream-4.5", {"n": 2}, ["n"]),
        ("nano-banana", {"callback_url": "http://127.0.0.1:8000/hook"}, ["callback_url"]),
        ("nano-banana", {"model": "nano-banana-pro-beta"}, ["model"]),
        (GEMINI, {"model_params": {"web_search": False}}, ["model_params.web_search"]),
        (GEMINI, {"model_params": {"web_search": False, "new_option": 1}, "n": 3}, ["model_params.web_search"]),
        ("doubao-seedream-4.5", {"n": 2, "size": "2K", "brand_new": 1}, ["n", "size"]),
    ],
)
def test_extra_body_setting_a_known_field_is_named_in_a_warning(
    client: ei.EvoLink, create_route: respx.Route, model: str, extra: dict[str, Any], named: list[str]
) -> None:
    with evolink_warnings() as texts:
        client.submit(model, "x", extra_body=extra)
    assert overrides(texts) == named
    assert all("unchecked" in text for text in texts)
    assert {key: sent_body(create_route)[key] for key in extra} == extra, "sent as given, nonetheless"


@pytest.mark.parametrize(
    ("model", "extra"),
    [
        (GEMINI, {"model_params": {"new_option": True}}),
        (GEMINI, {"brand_new": 1}),
        ("nano-banana", {"model_params": {"web_search": True}}),  # no model_params in this model's schema
        ("doubao-seedream-4.5", {"seed": 7}),
    ],
)
def test_unknown_keys_do_not_warn(client: ei.EvoLink, create_route: respx.Route, model: str, extra: dict) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.submit(model, "x", extra_body=extra)
    assert create_route.call_count == 1


def test_the_async_client_warns_too(async_client: ei.AsyncEvoLink, create_route: respx.Route) -> None:
    with evolink_warnings() as texts:
        asyncio.run(async_client.submit("doubao-seedream-4.5", "x", extra_body={"n": 2}))
    assert overrides(texts) == ["n"]


def test_unchecked_requests_warn_only_that_they_are_unchecked(client: ei.EvoLink, create_route: respx.Route) -> None:
    with evolink_warnings() as texts:
        client.submit(GEMINI, "x", validate=False, extra_body={"n": 2, "model_params": {"web_search": True}})
    assert len(texts) == 1 and "sent without client-side validation" in texts[0]
    assert overrides(texts) == []


def test_known_fields_set_reads_the_schema() -> None:
    preset = ei.presets[GEMINI]
    assert known_fields_set({"model_params": {"web_search": 1, "x": 2}, "size": "1:1", "y": 3}, preset) == [
        "model_params.web_search",
        "size",
    ]
    assert known_fields_set({"model_params": 5}, preset) == ["model_params"], "replacing the object sets the field"
    assert known_fields_set({"model": "x", "n": 1}, None) == ["model"], "an unknown model: only the model field"


def test_without_the_check_an_override_goes_unnoticed(
    client: ei.EvoLink, create_route: respx.Route, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard taken away: nothing says that extra_body replaced the checked n."""
    monkeypatch.setattr(_base, "known_fields_set", lambda extra, preset: [])
    with evolink_warnings() as texts:
        client.submit("doubao-seedream-4.5", "x", n=1, extra_body={"n": 20})
    assert sent_body(create_route)["n"] == 20
    with pytest.raises(AssertionError):
        assert overrides(texts) == ["n"]
    assert texts == []
