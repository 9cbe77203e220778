"""A 402 says which limit ran out (the account, the key's total or daily limit), what to do, and the body's figures."""

from __future__ import annotations

import attrs
import evolink_images as ei
import pytest
import respx
from evolink_images import _errors
from evolink_images._presets import CREDIT_LIMIT_CODES
from evolink_images.simulator import Simulator, SimulatorServer

from tests.conftest import CREATE
from tests.simulated import FAST


def refuse(api: respx.MockRouter, code: str, message: str = "Insufficient quota", **figures: object) -> respx.Route:
    body = {"error": {"code": code, "message": message, "type": "insufficient_quota", **figures}}
    return api.post(CREATE).respond(402, json=body)


@pytest.mark.parametrize(
    ("code", "limit", "words", "todo"),
    [
        ("insufficient_user_quota", "account", "the account's credit balance ran out", "top up the EvoLink account"),
        ("insufficient_token_quota", "key_total", "this API key's spending limit is used up", "raise or remove"),
        ("token_daily_quota_exceeded", "key_daily", "this API key's daily limit is used up", "wait for the daily"),
    ],
)
def test_each_documented_code_names_its_limit_and_what_to_do(
    client: ei.EvoLink, api: respx.MockRouter, code: str, limit: str, words: str, todo: str
) -> None:
    assert CREDIT_LIMIT_CODES[code] == limit, "the catalogue's fact"
    refuse(api, code)
    with pytest.raises(ei.InsufficientCreditsError) as caught:
        client.submit("nano-banana", "a cat")
    error = caught.value
    assert (error.limit, error.code, error.status_code, error.message) == (limit, code, 402, "Insufficient quota")
    assert str(error).startswith(f"HTTP 402 {code}: {words} (Insufficient quota); ")
    assert todo in str(error)
    assert not error.outcome_unknown, "a 402 made no task"


def test_the_figures_the_body_carries_are_kept_and_shown(client: ei.EvoLink, api: respx.MockRouter) -> None:
    refuse(
        api,
        "insufficient_user_quota",
        account_balance_credits=1.2,
        estimated_credits=5,
        key_name="ci",
        used_credits=True,  # not a figure: a boolean
        remaining_credits="12",  # not a figure: a string
    )
    with pytest.raises(ei.InsufficientCreditsError) as caught:
        client.submit("nano-banana", "a cat")
    assert caught.value.figures == {"account_balance_credits": 1.2, "estimated_credits": 5.0}
    assert str(caught.value).endswith("[account_balance_credits 1.2, estimated_credits 5]")


@pytest.mark.parametrize("code", ["insufficient_quota", "quota_exceeded", "something_new"])
def test_a_code_that_does_not_say_which_still_reads_as_insufficient_credits(
    client: ei.EvoLink, api: respx.MockRouter, code: str
) -> None:
    refuse(api, code, message="no credits")
    with pytest.raises(ei.InsufficientCreditsError) as caught:
        client.submit("nano-banana", "a cat")
    assert caught.value.limit is None and caught.value.figures == {}
    assert str(caught.value) == (
        f"HTTP 402 {code}: insufficient credits (no credits); top up the account, or raise the key's limits in the "
        "dashboard"
    )


def test_without_the_codes_every_402_reads_alike(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard's companion: the codes are what tell the limits apart."""
    monkeypatch.setattr(_errors, "CREDIT_LIMIT_CODES", {})
    refuse(api, "token_daily_quota_exceeded")
    with pytest.raises(ei.InsufficientCreditsError) as caught:
        client.submit("nano-banana", "a cat")
    assert caught.value.limit is None and "daily limit" not in str(caught.value)


# ---------------------------------------------------------------------------------------------- against the simulator
@pytest.mark.parametrize(
    ("config", "limit"),
    [
        ({"balance": 1.0}, "account"),
        ({"key_limit": 1.0}, "key_total"),
        ({"key_daily_limit": 1.0}, "key_daily"),
    ],
)
def test_the_simulators_limits(shared_server: SimulatorServer, config: dict[str, float], limit: str) -> None:
    shared_server.use(Simulator(attrs.evolve(FAST, **config)))
    client = ei.EvoLink(api_key="sk-sim-limits", base_url=shared_server.url)
    with client, pytest.raises(ei.InsufficientCreditsError) as caught:
        client.submit("nano-banana-pro-beta", "a lighthouse")
    assert caught.value.limit == limit
    assert caught.value.figures["estimated_credits"] == 1.6
