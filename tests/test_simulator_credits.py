"""The simulator's credits: GET /v1/credits, reservations, settlements, refunds, 402s per limit (D48, D53, D54).

Every test drives the simulator in-process over raw HTTP (``SimulatorTransport``) on a clock of its own: a task ends
when the test moves the clock, never after a wall-clock wait. The figures come from the catalogue's billing facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import evolink_images as ei
import httpx
import pytest
from evolink_images._presets import CREDIT_LIMIT_CODES
from evolink_images.simulator import Fault, Simulator, SimulatorConfig, SimulatorTransport, parse_fault
from evolink_images.simulator import _core as core
from evolink_images.simulator._ledger import Ledger

from contract_tests.spec_contract import Spec

KEY = "sim-key"
DURATION = 5.0
LAYERIZE = "doubao-seedream-5.0-flash-layerize"
REFERENCE = ["https://example.com/poster.png"]


class Clock:
    """The simulator's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def pass_time(self, seconds: float = DURATION + 1) -> None:
        self.now += seconds


class Rig:
    """A simulator, a client on it and its clock."""

    def __init__(self, **config: Any) -> None:
        self.clock = Clock()
        self.simulator = Simulator(SimulatorConfig(duration=DURATION, **config), clock=self.clock)
        self.http = httpx.Client(
            transport=SimulatorTransport(self.simulator),
            base_url="https://sim.test",
            headers={"Authorization": f"Bearer {KEY}"},
        )

    def create(self, model: str, prompt: str | None = "a lighthouse", key: str = KEY, **body: Any) -> httpx.Response:
        payload = {"model": model, **({"prompt": prompt} if prompt is not None else {}), **body}
        return self.http.post("/v1/images/generations", json=payload, headers={"Authorization": f"Bearer {key}"})

    def task_id(self, model: str, prompt: str | None = "a lighthouse", **body: Any) -> str:
        response = self.create(model, prompt, **body)
        assert response.status_code == 200, response.text
        return str(response.json()["id"])

    def task(self, task_id: str) -> dict[str, Any]:
        response = self.http.get(f"/v1/tasks/{task_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def credits(self, key: str = KEY) -> dict[str, Any]:
        response = self.http.get("/v1/credits", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200, response.text
        return dict(response.json()["data"])

    def remaining(self, key: str = KEY) -> float:
        return float(self.credits(key)["user"]["remaining_credits"])


@pytest.fixture
def rig() -> Iterator[Rig]:
    made = Rig()
    yield made
    made.http.close()


def billing(model: str) -> ei.Billing:
    found = ei.presets[model].billing
    assert found is not None and found.credits is not None
    return found


# ---------------------------------------------------------------------------------------------------- the read
def test_the_credits_read_answers_as_the_page_shows_and_as_the_spec_says(rig: Rig) -> None:
    response = rig.http.get("/v1/credits")
    body = response.json()
    assert response.status_code == 200 and body["success"] is True and body["message"] == ""
    assert set(body["data"]) == {"token", "user"}
    assert set(body["data"]["token"]) == {"remaining_credits", "unlimited_credits", "used_credits"}
    assert set(body["data"]["user"]) == {"remaining_credits", "used_credits"}
    assert body["data"]["user"] == {"remaining_credits": core.DEFAULT_BALANCE, "used_credits": 0.0}
    assert body["data"]["token"]["unlimited_credits"] is True
    assert Spec.load().check_response("get", "/v1/credits", 200, dict(response.headers), body) == []
    assert rig.simulator.stats.credits_reads == 1


def test_the_credits_read_needs_a_key_and_takes_only_get(rig: Rig) -> None:
    anonymous = rig.http.get("/v1/credits", headers={"Authorization": ""})
    assert anonymous.status_code == 401 and anonymous.json()["error"]["type"] == "authentication_error"
    assert rig.http.post("/v1/credits").status_code == 405


def test_a_limited_key_shows_what_its_limit_leaves_and_each_key_has_its_own() -> None:
    rig = Rig(balance=100.0, key_limit=20.0)
    rig.task_id("doubao-seedream-4.5", n=2)
    reserved = 2 * billing("doubao-seedream-4.5").credits  # type: ignore[operator]
    mine, other = rig.credits(), rig.credits("another-key")
    assert mine["token"] == {"remaining_credits": pytest.approx(20.0 - reserved), "unlimited_credits": False,
                             "used_credits": pytest.approx(reserved)}  # fmt: skip
    assert other["token"] == {"remaining_credits": 20.0, "unlimited_credits": False, "used_credits": 0.0}
    assert mine["user"] == other["user"], "one account behind every key"


# ---------------------------------------------------------------------------------------------------- the bill
def test_a_create_holds_its_reservation_at_once_and_the_end_settles_it(rig: Rig) -> None:
    task_id = rig.task_id("doubao-seedream-4.5", n=3)
    reserved = rig.task(task_id)["usage"]["credits_reserved"]
    assert reserved == pytest.approx(3 * billing("doubao-seedream-4.5").credits)  # type: ignore[operator]
    running = rig.credits()["user"]
    assert running == {"remaining_credits": pytest.approx(core.DEFAULT_BALANCE - reserved),
                       "used_credits": pytest.approx(reserved)}, "held counts as used (D48)"  # fmt: skip
    rig.clock.pass_time()
    done = rig.task(task_id)
    assert done["status"] == "completed" and done["usage"]["credits_used"] == pytest.approx(reserved)
    assert rig.remaining() == pytest.approx(core.DEFAULT_BALANCE - done["usage"]["credits_used"])


def test_a_layer_decomposition_reserves_for_17_and_settles_on_the_layers_made(rig: Rig) -> None:
    facts = billing(LAYERIZE)
    task_id = rig.task_id(LAYERIZE, None, image_urls=REFERENCE)
    assert rig.task(task_id)["usage"]["credits_reserved"] == pytest.approx(17 * facts.credits)  # type: ignore[operator]
    rig.clock.pass_time()
    done = rig.task(task_id)
    made = len(done["results"])
    assert done["usage"]["credits_used"] == pytest.approx(made * facts.credits)  # type: ignore[operator]
    assert rig.remaining() == pytest.approx(core.DEFAULT_BALANCE - made * facts.credits)  # type: ignore[operator]
    stats = rig.simulator.stats
    assert stats.credits_refunded == pytest.approx((17 - made) * facts.credits)  # type: ignore[operator]


def test_a_value_the_docs_price_changes_the_bill(rig: Rig) -> None:
    standard = rig.task(rig.task_id("mj-v8.1"))["usage"]["credits_reserved"]
    hd = rig.task(rig.task_id("mj-v8.1", quality="hd"))["usage"]["credits_reserved"]
    assert hd == pytest.approx(1.5 * standard), "the page: hd is a 1.5x multiplier"


def test_a_failed_task_is_refunded_in_full(rig: Rig) -> None:
    rig.simulator.faults.add(Fault(kind="fail_task", code="service_error"))
    task_id = rig.task_id("doubao-seedream-4.5", n=2)
    rig.clock.pass_time()
    failed = rig.task(task_id)
    assert failed["status"] == "failed" and failed["usage"]["credits_used"] == 0
    assert rig.remaining() == core.DEFAULT_BALANCE
    assert rig.simulator.stats.credits_refunded == pytest.approx(failed["usage"]["credits_reserved"])


@pytest.mark.parametrize(
    ("model", "kept"),
    [("mj-v7", True), ("mj-v8.1", True), ("mj-v8.2", False), ("doubao-seedream-4.5", False)],
    ids=["v7-keeps", "v8.1-keeps", "v8.2-refunds", "others-refund"],
)
def test_a_moderated_task_is_refunded_as_its_docs_say(rig: Rig, model: str, kept: bool) -> None:
    rig.simulator.faults.add(Fault(kind="moderate"))
    task_id = rig.task_id(model)
    assert rig.task(task_id)["status"] == "pending", "it fails after it started"
    rig.clock.pass_time()
    failed = rig.task(task_id)
    assert failed["status"] == "failed" and failed["error"]["code"] == "content_policy_violation"
    reserved = failed["usage"]["credits_reserved"]
    assert failed["usage"]["credits_used"] == pytest.approx(reserved if kept else 0.0)
    assert rig.remaining() == pytest.approx(core.DEFAULT_BALANCE - (reserved if kept else 0.0))


def test_fewer_images_are_charged_for_those_made(rig: Rig) -> None:
    rig.simulator.faults.add(parse_fault("fewer_images,images=1"))
    task_id = rig.task_id("doubao-seedream-4.5", n=4)
    rig.clock.pass_time()
    done = rig.task(task_id)
    per_image = billing("doubao-seedream-4.5").credits
    assert done["status"] == "completed" and len(done["results"]) == 1
    assert done["usage"]["credits_used"] == pytest.approx(per_image)
    assert rig.remaining() == pytest.approx(core.DEFAULT_BALANCE - per_image)  # type: ignore[operator]


def test_fewer_images_of_a_model_billed_per_task_are_billed_normally(rig: Rig) -> None:
    rig.simulator.faults.add(Fault(kind="fewer_images"))
    done_id = rig.task_id("mj-v8.2")
    rig.clock.pass_time()
    done = rig.task(done_id)
    assert len(done["results"]) == 2, "half of the grid's 4"
    assert done["usage"]["credits_used"] == done["usage"]["credits_reserved"] == pytest.approx(1.8)


# ---------------------------------------------------------------------------------------------------- 402s
@pytest.mark.parametrize(
    ("config", "code", "limit_figure"),
    [
        ({"balance": 5.0}, "insufficient_user_quota", "account_balance_credits"),
        ({"key_limit": 5.0}, "insufficient_token_quota", "total_limit_credits"),
        ({"key_daily_limit": 5.0}, "token_daily_quota_exceeded", "daily_limit_credits"),
    ],
    ids=["account", "key-total", "key-daily"],
)
def test_each_limit_refuses_with_its_code_and_figures(config: dict[str, Any], code: str, limit_figure: str) -> None:
    rig = Rig(**config)
    per_image = billing("doubao-seedream-4.5").credits
    assert per_image is not None
    first = rig.create("doubao-seedream-4.5", n=2)
    assert first.status_code == 200, "the first one fits"
    left = 5.0 - 2 * per_image
    refused = rig.create("doubao-seedream-4.5", n=2)
    error = refused.json()["error"]
    assert refused.status_code == 402 and error["code"] == code and error["type"] == "insufficient_quota"
    assert error["estimated_credits"] == pytest.approx(2 * per_image)
    assert error["remaining_credits"] == pytest.approx(left)
    assert limit_figure in error
    assert f"{2 * per_image:g}" in error["message"] and f"{left:g}" in error["message"]
    assert (
        Spec.load().check_response("post", "/v1/images/generations", 402, dict(refused.headers), refused.json()) == []
    )
    assert rig.remaining() == pytest.approx(rig.simulator.config.balance - 2 * per_image), "nothing was held"
    assert rig.simulator.stats.credit_refusals == 1 and rig.simulator.stats.tasks_created == 1


def test_the_code_names_the_limit_the_catalogue_knows() -> None:
    for config, limit in (({"balance": 1.0}, "account"), ({"key_limit": 1.0}, "key_total"),
                          ({"key_daily_limit": 1.0}, "key_daily")):  # fmt: skip
        code = Rig(**config).create("doubao-seedream-4.5", n=2).json()["error"]["code"]
        assert CREDIT_LIMIT_CODES[code] == limit


def test_a_settlement_frees_what_it_returns_for_the_next_create() -> None:
    rig = Rig(key_daily_limit=25.0)
    layerize = billing(LAYERIZE)
    assert 17 * layerize.credits + 3 * layerize.credits <= 25.0 < 2 * 17 * layerize.credits  # type: ignore[operator]
    rig.task_id(LAYERIZE, None, image_urls=REFERENCE)
    assert rig.create(LAYERIZE, None, image_urls=REFERENCE).status_code == 402, "17 images held"
    rig.clock.pass_time()
    rig.credits()  # any request settles what has ended
    assert rig.create(LAYERIZE, None, image_urls=REFERENCE).status_code == 200, "the excess came back"


# ---------------------------------------------------------------------------------------------------- consistency
MIX: list[tuple[str, dict[str, Any]]] = [
    ("doubao-seedream-4.5", {"n": 3}),
    ("mj-v7", {}),
    ("mj-v8.2", {}),
    (LAYERIZE, {"prompt": None, "image_urls": REFERENCE}),
    ("nano-banana-2-lite-beta", {}),
    ("qwen-image-3.0", {"n": 2}),
]


def run_mix(rig: Rig, tasks: int = 48) -> list[dict[str, Any]]:
    """Create *tasks* tasks of the mix at concurrency 8 (with failures, moderation and fewer images), end them, and
    read each at concurrency 8 (credits reads in between)."""
    rig.simulator.faults.add(
        Fault(kind="fail_task", count=4), Fault(kind="moderate", count=6), Fault(kind="fewer_images", count=6)
    )

    def create(index: int) -> str:
        model, body = MIX[index % len(MIX)]
        params = dict(body)
        prompt = params.pop("prompt", "a lighthouse")
        return rig.task_id(model, prompt, **params)

    def read(task_id: str) -> dict[str, Any]:
        rig.credits()
        return rig.task(task_id)

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(tasks)))
        rig.clock.pass_time()
        return list(pool.map(read, ids))


def test_the_balance_drops_by_exactly_the_charges_at_concurrency_8(rig: Rig) -> None:
    final = run_mix(rig)
    assert {task["status"] for task in final} == {"completed", "failed"}
    assert sum(1 for task in final if task.get("error", {}).get("code") == "content_policy_violation") == 6
    charges = sum(task["usage"]["credits_used"] for task in final)
    reserved = sum(task["usage"]["credits_reserved"] for task in final)
    assert 0 < charges < reserved
    user = rig.credits()["user"]
    assert core.DEFAULT_BALANCE - user["remaining_credits"] == pytest.approx(charges)
    assert user["used_credits"] == pytest.approx(charges)
    stats = rig.simulator.stats
    assert stats.credits_charged == pytest.approx(charges) and stats.credits_reserved == pytest.approx(reserved)
    assert stats.credits_reserved == pytest.approx(stats.credits_charged + stats.credits_refunded)


def test_the_credits_read_is_consistent_while_tasks_run(rig: Rig) -> None:
    ids = [rig.task_id("doubao-seedream-4.5", n=2) for _ in range(3)]
    reserved = sum(rig.task(task_id)["usage"]["credits_reserved"] for task_id in ids)
    assert core.DEFAULT_BALANCE - rig.remaining() == pytest.approx(reserved)
    rig.clock.pass_time()
    charged = sum(rig.task(task_id)["usage"]["credits_used"] for task_id in ids)
    assert core.DEFAULT_BALANCE - rig.remaining() == pytest.approx(charged)


# ---------------------------------------------------------------------------------------------------- faults
@pytest.mark.parametrize("kind", ["server_error", "rate_limit", "malformed"])
def test_the_credits_route_takes_the_status_faults(rig: Rig, kind: str) -> None:
    rig.simulator.faults.add(Fault(kind=kind, route="credits"))  # type: ignore[arg-type]
    faulted = rig.http.get("/v1/credits")
    assert faulted.status_code == {"server_error": 500, "rate_limit": 429, "malformed": 200}[kind]
    if kind == "malformed":
        with pytest.raises(json.JSONDecodeError):
            faulted.json()
    assert rig.http.get("/v1/credits").status_code == 200, "one request only"


def test_a_dropped_credits_read_is_dropped(rig: Rig) -> None:
    rig.simulator.faults.add(parse_fault("drop,route=credits"))
    with pytest.raises(httpx.RemoteProtocolError):
        rig.http.get("/v1/credits")
    assert rig.simulator.faults.injected == {"drop": 1}


def test_the_new_faults_parse_and_are_listed() -> None:
    assert parse_fault("fewer_images,images=2,count=3") == Fault(kind="fewer_images", images=2, count=3)
    assert parse_fault("moderate") == Fault(kind="moderate")
    assert parse_fault("server_error,route=credits").route == "credits"
    with pytest.raises(ValueError, match="route"):
        parse_fault("server_error,route=balance")


def test_the_cli_builds_the_simulators_account_from_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from evolink_images import simulator as package  # noqa: PLC0415 - patched where the command imports it
    from evolink_images.cli import main  # noqa: PLC0415

    seen: list[Simulator] = []

    class Server:
        url = "http://127.0.0.1:1"

        def __init__(self, simulator: Simulator, **_: Any) -> None:
            seen.append(simulator)

        def serve_forever(self) -> None:
            return None

    monkeypatch.setattr(package, "SimulatorServer", Server)
    assert main(["simulator", "--balance", "50", "--key-limit", "20", "--key-daily-limit", "5"]) == 0
    assert main(["simulator"]) == 0
    limited, default = (simulator.config for simulator in seen)
    assert (limited.balance, limited.key_limit, limited.key_daily_limit) == (50.0, 20.0, 5.0)
    assert (default.balance, default.key_limit, default.key_daily_limit) == (core.DEFAULT_BALANCE, None, None)


# ---------------------------------------------------------------------------------------------------- companions
def test_without_the_limit_check_a_create_overdraws_the_account(monkeypatch: pytest.MonkeyPatch) -> None:
    rig = Rig(balance=1.0)
    assert rig.create("doubao-seedream-4.5", n=2).status_code == 402
    monkeypatch.setattr(Ledger, "shortfall", lambda *_args: None)
    assert rig.create("doubao-seedream-4.5", n=2).status_code == 200
    assert rig.remaining() < 0, "the guard is what keeps the balance from going below zero"


def test_without_the_settlement_the_drop_is_the_reservations_not_the_charges(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Simulator, "settle", lambda _self: None)
    final = run_mix(rig, tasks=12)
    charges = sum(task["usage"]["credits_used"] for task in final)
    drop = core.DEFAULT_BALANCE - rig.credits()["user"]["remaining_credits"]
    assert drop != pytest.approx(charges), "nothing settled: every reservation is still held"


def test_without_the_moderation_rule_midjourney_would_refund_what_its_docs_keep(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core, "task_error_fact", lambda _code: ei.ErrorCodeFact(retry=None, kind="unknown"))
    rig.simulator.faults.add(Fault(kind="moderate"))
    task_id = rig.task_id("mj-v7")
    rig.clock.pass_time()
    assert rig.task(task_id)["usage"]["credits_used"] == 0, "refunded, which the V7 page says does not happen"


def test_a_task_is_settled_once_and_without_that_bookkeeping_it_would_count_twice() -> None:
    """The settlement takes each ended task out of the unsettled ones: settling twice changes nothing."""
    rig = Rig()
    rig.task_id("doubao-seedream-4.5", n=2)
    rig.clock.pass_time()
    rig.simulator.settle()
    once = rig.simulator.stats.credits_charged
    rig.simulator.settle()
    assert rig.simulator.stats.credits_charged == once
    task = next(iter(rig.simulator._tasks.values()))
    rig.simulator._unsettled[task.id] = task  # what a settlement without its bookkeeping would leave behind
    rig.simulator.settle()
    assert rig.simulator.stats.credits_charged == pytest.approx(2 * once)
