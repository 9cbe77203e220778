"""``client.credits()``: GET /v1/credits read into ``Credits``, retried like a read, its errors typed like any other."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _credits
from evolink_images.simulator import Fault, SimulatorServer
from evolink_images_api.api.account import get_credits

CREDITS = "/v1/credits"
# The docs' example answer (account-management/get-credits).
EXAMPLE = {
    "data": {
        "token": {"remaining_credits": 99416.4429, "unlimited_credits": False, "used_credits": 583.5571},
        "user": {"remaining_credits": 1095.3996, "used_credits": 135.9048},
    },
    "message": "",
    "success": True,
}


def with_key(**token: object) -> dict[str, object]:
    return {**EXAMPLE, "data": {**EXAMPLE["data"], "token": token}}  # type: ignore[dict-item]


def test_the_balance_is_read_into_credits(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.get(CREDITS).respond(200, json=EXAMPLE)
    credits = client.credits()
    assert credits == ei.Credits(
        user_remaining=1095.3996, user_used=135.9048, key_remaining=99416.4429, key_used=583.5571, key_unlimited=False
    )
    assert credits.available == 1095.3996, "the smaller of the account's balance and the key's remaining limit"
    request = route.calls.last.request
    assert request.method == "GET" and request.headers["authorization"].startswith("Bearer ")


def test_a_key_limit_below_the_balance_is_what_can_be_spent(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(CREDITS).respond(200, json=with_key(remaining_credits=12.5, unlimited_credits=False, used_credits=1))
    assert client.credits().available == 12.5


def test_an_unlimited_key_leaves_the_balance_as_the_limit(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(CREDITS).respond(200, json=with_key(remaining_credits=0, unlimited_credits=True, used_credits=40))
    credits = client.credits()
    assert (credits.key_unlimited, credits.key_remaining, credits.available) == (True, 0.0, 1095.3996)


def test_without_the_unlimited_rule_an_unlimited_key_would_read_as_nothing_to_spend(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard's companion: an unlimited key's ``remaining_credits`` (0 here) is no limit, and must not count."""
    api.get(CREDITS).respond(200, json=with_key(remaining_credits=0, unlimited_credits=True, used_credits=40))
    monkeypatch.setattr(
        ei.Credits,
        "available",
        property(lambda self: min(x for x in (self.user_remaining, self.key_remaining) if x is not None)),
    )
    assert client.credits().available == 0.0


def test_missing_or_odd_figures_are_none_not_an_error(client: ei.EvoLink, api: respx.MockRouter) -> None:
    body = {"data": {"user": {"remaining_credits": "lots", "used_credits": 3}}, "success": True}
    api.get(CREDITS).respond(200, json=body)
    credits = client.credits()
    assert credits == ei.Credits(user_used=3.0)
    assert credits.available is None


def test_a_body_with_no_figure_at_all_is_a_malformed_response(client: ei.EvoLink, api: respx.MockRouter) -> None:
    api.get(CREDITS).respond(200, json={"success": True, "message": "", "data": {}}, headers={"x-request-id": "r-9"})
    with pytest.raises(ei.MalformedResponseError, match="without any figure") as caught:
        client.credits()
    assert caught.value.request_id == "r-9"


def test_without_that_check_an_empty_answer_would_read_as_an_unknown_balance(
    client: ei.EvoLink, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.get(CREDITS).respond(200, json={"success": True, "message": "", "data": {}})
    monkeypatch.setattr(_credits, "credits_from_response", lambda response: ei.Credits())
    assert client.credits().available is None, "no error: the user would not learn that nothing was read"


def test_it_is_retried_like_a_read(client: ei.EvoLink, api: respx.MockRouter) -> None:
    route = api.get(CREDITS).mock(
        side_effect=[
            httpx.Response(503, json={"error": {"code": 503, "message": "Service temporarily unavailable"}}),
            httpx.ConnectError("reset"),
            httpx.Response(200, json=EXAMPLE),
        ]
    )
    assert client.credits().user_remaining == 1095.3996
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(401, ei.AuthenticationError), (403, ei.PermissionDeniedError), (400, ei.BadRequestError)],
)
def test_its_errors_are_typed_like_any_other(
    client: ei.EvoLink, api: respx.MockRouter, status: int, error_class: type[ei.APIStatusError]
) -> None:
    body = {"error": {"code": status, "message": "Invalid or expired token", "type": "authentication_error"}}
    route = api.get(CREDITS).respond(status, json=body)
    with pytest.raises(error_class) as caught:
        client.credits()
    assert (caught.value.status_code, caught.value.code, caught.value.message) == (
        status,
        status,
        "Invalid or expired token",
    )
    assert route.call_count == 1, "a refusal is not retried"


def test_the_async_twin(async_client: ei.AsyncEvoLink, api: respx.MockRouter) -> None:
    api.get(CREDITS).respond(200, json=EXAMPLE)

    async def go() -> ei.Credits:
        async with async_client:
            return await async_client.credits()

    assert asyncio.run(go()).key_used == 583.5571


def test_the_generated_operation_keeps_what_the_adapter_calls() -> None:
    assert list(inspect.signature(get_credits._get_kwargs).parameters) == []
    kwargs = get_credits._get_kwargs()
    assert (kwargs["method"].upper(), kwargs["url"]) == ("GET", CREDITS)
    assert list(inspect.signature(get_credits._parse_response).parameters) == ["client", "response"]


# ---------------------------------------------------------------------------------------------- against the simulator
def test_the_simulators_balance_drops_by_what_the_journal_says_was_charged(
    server: SimulatorServer, tmp_path: Path
) -> None:
    with ei.EvoLink(api_key="sk-sim-credits", base_url=server.url, journal=tmp_path / "j.db") as client:
        before = client.credits()
        assert before.user_remaining is not None and before.available == before.user_remaining
        client.generate("nano-banana-pro-beta", "a lighthouse")
        client.generate("doubao-seedream-4.0", "two boats", n=2)
        server.simulator.faults.add(Fault(kind="fail_task", route="create", count=1))
        with pytest.raises(ei.TaskFailedError):
            client.generate("nano-banana-pro-beta", "refunded")
        after = client.credits()
        journal = client.journal
        assert journal is not None
        spending = journal.spending(base_url=server.url)
    assert after.user_remaining is not None
    assert spending.total.tasks == 3 and spending.total.held == 0.0
    assert spending.total.charged == pytest.approx(before.user_remaining - after.user_remaining)
    assert spending.total.refunded == pytest.approx(1.6), "the failed task's reservation came back"
