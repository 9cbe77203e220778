"""The `utf8-bytes` check: a limit in bytes of UTF-8, which `maxLength` (characters) cannot state (D16)."""

from __future__ import annotations

import evolink_images as ei
import pytest
import respx
from evolink_images import _rules

from tests.conftest import sent_body

MAX = 60_000  # GPT Image 2's prompt: 60,000 bytes (and 32,000 characters)
EURO = "\u20ac"  # three bytes in UTF-8


def test_the_check_counts_bytes_not_characters() -> None:
    check = _rules.CHECKS["utf8-bytes"]
    assert check(EURO * (MAX // 3), {"max": MAX}, {}) is None
    refused = check(EURO * (MAX // 3 + 1), {"max": MAX}, {})
    assert refused is not None
    assert "60,000 bytes" in refused and "60,003 bytes" in refused and "20,001 characters" in refused
    assert check("x" * MAX, {"max": MAX}, {}) is None


@pytest.mark.parametrize("params", [{}, {"max": "60000"}, {"max": True}])
def test_limits_it_cannot_read_refuse_nothing(params: dict[str, object]) -> None:
    assert _rules.CHECKS["utf8-bytes"](EURO * MAX, params, {}) is None


def test_a_prompt_within_its_characters_but_over_its_bytes_is_refused(
    client: ei.EvoLink, api: respx.MockRouter
) -> None:
    prompt = EURO * (MAX // 3 + 1)  # 20,001 characters: well within maxLength 32000
    with pytest.raises(ei.ValidationError) as caught:
        client.submit("gpt-image-2", prompt)
    assert caught.value.field == "prompt"
    assert "(Rule prompt-bytes)" in str(caught.value)
    assert api.calls.call_count == 0


def test_a_prompt_at_the_limit_is_sent(client: ei.EvoLink, create_route: respx.Route) -> None:
    client.submit("gpt-image-2", EURO * (MAX // 3))
    assert len(sent_body(create_route)["prompt"].encode()) == MAX


def test_without_the_check_the_long_prompt_would_be_sent(
    client: ei.EvoLink, create_route: respx.Route, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard is what refuses it: JSON Schema's maxLength alone lets it through."""
    monkeypatch.delitem(_rules.CHECKS, "utf8-bytes")
    client.submit("gpt-image-2", EURO * (MAX // 3 + 1))
    assert create_route.call_count == 1
