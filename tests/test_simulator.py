"""The simulator: lifecycle, results, auth, errors, faults, callbacks, expiry; over loopback and in-process."""

from __future__ import annotations

import asyncio
import copy
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import evolink_images as ei
import httpx
import pytest
from evolink_images._presets import rules_of
from evolink_images.simulator import (
    AsyncSimulatorTransport,
    Fault,
    Simulator,
    SimulatorConfig,
    SimulatorServer,
    SimulatorTransport,
    parse_fault,
)
from evolink_images.simulator._core import SIMULATED_LAYERS

from contract_tests.spec_contract import Spec
from tests.examples import grid_of, spec_examples
from tests.simulated import png_size


def quick(client: ei.EvoLink, model: str, prompt: str, **params: Any) -> ei.Task:
    """generate with fast fixed polling, for tests about something other than the schedule."""
    return client.generate(model, prompt, poll_interval=0.05, **params)


@pytest.fixture
def client(server: SimulatorServer) -> Iterator[ei.EvoLink]:
    with ei.EvoLink(api_key="sim-key", base_url=server.url) as evolink:
        yield evolink


def test_a_task_moves_from_pending_to_completed_with_rising_progress(
    client: ei.EvoLink, server: SimulatorServer
) -> None:
    seen: list[tuple[str, int]] = []
    task = client.generate("nano-banana", "a lighthouse", on_progress=lambda t: seen.append((t.status, t.progress)))
    assert seen[0] == ("pending", 0)
    assert seen[-1] == ("completed", 100)
    progress = [p for _, p in seen]
    assert progress == sorted(progress)
    # nano-banana is Nano Banana 2 Lite Beta since the docs of 2026-10 (D17): 1.2 credits an image, not 1.6.
    assert task.estimated_time == 1 and task.credits_reserved == 1.2
    assert server.simulator.stats.tasks_created == 1


@pytest.mark.parametrize(
    ("model", "params", "count", "size"),
    [
        ("gemini-3-pro-image-preview", {"size": "21:9"}, 1, (512, 219)),
        ("wan2.5-text-to-image", {"size": "1280x720", "n": 2}, 2, (512, 288)),
        ("qwen-image-edit", {"image_urls": ["https://example.com/a.png"]}, 1, (512, 512)),
        ("doubao-seedream-4.5", {"size": "1440x2560", "n": 3}, 3, (288, 512)),
        ("nano-banana-beta", {"size": "9:16"}, 1, (288, 512)),  # seed 004's id is no longer taken (D17)
    ],
)
def test_results_are_pngs_with_the_requested_ratio_and_count(
    client: ei.EvoLink, tmp_path: Path, model: str, params: dict[str, Any], count: int, size: tuple[int, int]
) -> None:
    task = quick(client, model, "a lighthouse at dawn", **params)
    paths = client.download(task, tmp_path)
    assert len(paths) == count
    assert {png_size(path) for path in paths} == {size}
    assert len({path.read_bytes() for path in paths}) == count, "each image of a task differs"


def test_seedream_clamps_to_the_reference_budget(client: ei.EvoLink) -> None:
    with pytest.warns(ei.EvoLinkWarning):
        task = quick(client, "seedream-4.5", "posters", n=10, image_urls=["https://example.com/a.png"] * 8)
    assert len(task.results) == 7


def raw(server: SimulatorServer, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, server.url + path, timeout=5, **kwargs)


def test_auth_errors_and_unknown_tasks(server: SimulatorServer) -> None:
    body = {"model": "nano-banana-beta", "prompt": "a cat"}
    assert raw(server, "POST", "/v1/images/generations", json=body).status_code == 401
    assert (
        raw(server, "POST", "/v1/images/generations", json=body, headers={"Authorization": "Basic x"}).status_code
        == 401
    )
    missing = raw(server, "GET", "/v1/tasks/task-unified-1-nothere", headers={"Authorization": "Bearer k"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "task_not_found"
    assert raw(server, "DELETE", "/v1/tasks/x", headers={"Authorization": "Bearer k"}).status_code == 405
    assert server.simulator.stats.tasks_created == 0


def test_a_configured_key_is_required() -> None:
    with SimulatorServer(Simulator(SimulatorConfig(api_key="right", duration=0.2))) as server:
        with pytest.raises(ei.AuthenticationError):
            ei.EvoLink(api_key="wrong", base_url=server.url).submit("nano-banana", "x")
        assert ei.EvoLink(api_key="right", base_url=server.url).submit("nano-banana", "x").status == "pending"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        # Seed 004's gemini-2.5-flash-image is no longer taken (D17): its former id, nano-banana-beta, is.
        ({"model": "nano-banana-beta", "prompt": "a cat", "size": "7:5"}, "size"),
        ({"model": "gemini-2.5-flash-image", "prompt": "a cat"}, "model"),
        ({"model": "nano-banana", "prompt": "a cat"}, "model"),
        ({"model": "wan2.5-text-to-image", "prompt": "a cat", "quality": "2K"}, "quality"),
        ({"model": "qwen-image-edit", "prompt": "a cat"}, "image_urls"),
        ({"model": "nano-banana-beta"}, "prompt"),
        ([1, 2], "model"),
    ],
)
def test_invalid_bodies_get_the_documented_400(server: SimulatorServer, body: object, param: str) -> None:
    response = raw(server, "POST", "/v1/images/generations", json=body, headers={"Authorization": "Bearer k"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["type"], error["param"]) == ("invalid_request", "invalid_request_error", param)
    assert server.simulator.stats.tasks_created == 0


# ---------------------------------------------------------------------------------------------- faults
def test_rate_limit_on_create_is_retried_and_creates_one_task(client: ei.EvoLink, server: SimulatorServer) -> None:
    server.simulator.faults.add(Fault(kind="rate_limit", route="create", count=2, retry_after=0.1))
    client.submit("nano-banana", "a cat")
    stats = server.simulator.stats
    assert (stats.creates_received, stats.tasks_created) == (1, 1), "429s are answered before the handler"
    assert server.simulator.faults.injected == {"rate_limit": 2}


def test_server_errors_on_polls_do_not_stop_a_wait(client: ei.EvoLink, server: SimulatorServer) -> None:
    server.simulator.faults.add(Fault(kind="server_error", route="task", count=3, status=502))
    assert quick(client, "nano-banana", "a cat").status == "completed"
    assert server.simulator.faults.injected == {"server_error": 3}


def test_a_dropped_create_is_reported_as_possibly_created(client: ei.EvoLink, server: SimulatorServer) -> None:
    server.simulator.faults.add(Fault(kind="drop", route="create"))
    with pytest.raises(ei.APIConnectionError) as caught:
        client.submit("nano-banana", "a cat")
    assert caught.value.outcome_unknown
    assert server.simulator.stats.tasks_created == 1, "the server took it: exactly why it must not be resent"
    assert server.simulator.stats.creates_received == 1


def test_slow_responses_trip_the_client_timeout(server: SimulatorServer) -> None:
    server.simulator.faults.add(Fault(kind="slow", route="task", delay=1.0))
    client = ei.EvoLink(api_key="k", base_url=server.url, timeout=0.3, max_retries=0)
    with pytest.raises(ei.APITimeoutError):
        client.get_task("task-unified-1-whatever")


def test_malformed_json_is_a_clear_error(client: ei.EvoLink, server: SimulatorServer) -> None:
    task = client.submit("nano-banana", "a cat")
    server.simulator.faults.add(Fault(kind="malformed", route="task"))
    with pytest.raises(ei.MalformedResponseError):
        client.get_task(task.id)


@pytest.mark.parametrize("code", ["content_policy_violation", "generation_timeout"])
def test_a_task_can_be_made_to_fail(client: ei.EvoLink, server: SimulatorServer, code: str) -> None:
    server.simulator.faults.add(Fault(kind="fail_task", code=code))
    with pytest.raises(ei.TaskFailedError) as caught:
        quick(client, "nano-banana", "a cat")
    assert caught.value.code == code


def test_expired_result_urls(client: ei.EvoLink, server: SimulatorServer, tmp_path: Path) -> None:
    task = quick(client, "nano-banana", "a cat")
    server.simulator.faults.add(Fault(kind="expire_results"))
    with pytest.raises(ei.DownloadError, match="expired"):
        client.download(task, tmp_path)


def test_result_urls_expire_after_their_ttl(tmp_path: Path) -> None:
    with SimulatorServer(Simulator(SimulatorConfig(duration=0.2, result_ttl=0.0))) as server:
        client = ei.EvoLink(api_key="k", base_url=server.url)
        task = quick(client, "nano-banana", "a cat")
        with pytest.raises(ei.DownloadError, match="expired"):
            client.download(task, tmp_path)


def test_fault_specs_from_the_command_line() -> None:
    assert parse_fault("rate_limit,route=create,count=2,retry_after=1.5") == Fault(
        kind="rate_limit", route="create", count=2, retry_after=1.5
    )
    assert parse_fault("fail_task,code=content_policy_violation").code == "content_policy_violation"
    for bad in ("explode", "rate_limit,count=two", "drop,route=somewhere", "slow,delay"):
        with pytest.raises(ValueError, match=r"fault|route|count|delay"):
            parse_fault(bad)


# ---------------------------------------------------------------------------------------------- callbacks
class Receiver(http.server.BaseHTTPRequestHandler):
    statuses: list[int]
    bodies: list[dict[str, Any]]

    def do_POST(self) -> None:
        self.bodies.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
        self.send_response(self.statuses.pop(0) if self.statuses else 200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[Receiver]]]:
    handler = type("Handler", (Receiver,), {"statuses": [500, 503], "bodies": []})
    httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook", handler
    httpd.shutdown()


def test_callbacks_post_the_task_detail_with_retries(receiver: tuple[str, type[Receiver]]) -> None:
    url, handler = receiver
    config = SimulatorConfig(duration=0.3, allow_http_callbacks=True, callback_retry_delays=(0.05, 0.1, 0.2))
    with SimulatorServer(Simulator(config)) as server:
        client = ei.EvoLink(api_key="k", base_url=server.url)
        with pytest.warns(ei.EvoLinkWarning, match="extra_body sets callback_url"):  # as the callbacks guide says
            task = client.submit("nano-banana", "a cat", extra_body={"callback_url": url})
        server.simulator.callbacks.wait_idle()
        attempts = server.simulator.callbacks.attempts
    assert [a.status_code for a in attempts] == [500, 503, 200]
    assert all(body["id"] == task.id and body["status"] == "completed" for body in handler.bodies)
    assert handler.bodies[0]["results"][0].startswith(server.url)


def test_http_callbacks_are_refused_without_the_test_switch(server: SimulatorServer) -> None:
    client = ei.EvoLink(api_key="k", base_url=server.url)
    with pytest.raises(ei.BadRequestError, match="callback_url"), pytest.warns(ei.EvoLinkWarning):
        client.submit("nano-banana", "a cat", extra_body={"callback_url": "http://127.0.0.1:9/hook"})


# ---------------------------------------------------------------------------------------------- in-process
def test_in_process_transports(tmp_path: Path) -> None:
    simulator = Simulator(SimulatorConfig(duration=0.2))
    sync = ei.EvoLink(
        api_key="k", base_url="http://sim.test", http_client=httpx.Client(transport=SimulatorTransport(simulator))
    )
    (path,) = sync.download(quick(sync, "nano-banana", "a cat", size="16:9"), tmp_path)
    assert png_size(path) == (512, 288)

    async def run() -> ei.Task:
        transport = AsyncSimulatorTransport(simulator)
        async with ei.AsyncEvoLink(
            api_key="k", base_url="http://sim.test", http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            return await client.generate("wan-2.5", "a lake", n=4, poll_interval=0.05)

    assert len(asyncio.run(run()).results) == 4
    assert simulator.stats.tasks_created == 2


# ---------------------------------------------------------------------------------------------- the spec
def test_every_simulator_response_conforms_to_the_spec(server: SimulatorServer, tmp_path: Path) -> None:
    """Record every exchange of a scenario that touches every documented status, and check each against the spec."""
    exchanges: list[httpx.Response] = []
    http = httpx.Client(event_hooks={"response": [lambda r: (r.read() and None) or exchanges.append(r)]})
    client = ei.EvoLink(api_key="k", base_url=server.url, http_client=http, max_retries=3)
    faults = server.simulator.faults
    faults.add(
        Fault(kind="rate_limit", route="create", retry_after=0.05), Fault(kind="server_error", route="task", status=503)
    )
    task = quick(client, "wan-2.5", "a lake", n=2, size="1280x720")
    faults.add(Fault(kind="fail_task", code="content_policy_violation"))
    with pytest.raises(ei.TaskFailedError):
        quick(client, "seedream-4.5", "a lake")
    for call in (
        lambda: client.get_task("task-unified-0-missing"),
        lambda: ei.EvoLink(api_key="k", base_url=server.url, http_client=http).submit(
            "nano-banana", "x", validate=False, size="7:5"
        ),
    ):
        with pytest.raises(ei.APIStatusError):
            call()
    httpx.Client(event_hooks={"response": [lambda r: (r.read() and None) or exchanges.append(r)]}).post(
        server.url + "/v1/images/generations", json={"model": "nano-banana-beta", "prompt": "x"}
    )
    spec = Spec.load()
    api_exchanges = [r for r in exchanges if r.request.url.path.startswith("/v1/")]
    statuses = {r.status_code for r in api_exchanges}
    assert {200, 400, 401, 404, 429, 503} <= statuses
    for response in api_exchanges:
        body = json.loads(response.content)
        drifts = spec.check_response(
            response.request.method, response.request.url.path, response.status_code, response.headers, body
        )
        assert drifts == [], [str(d) for d in drifts]
    assert len(task.results) == 2


# ---------------------------------------------------------------------------------------------- a server of its own
def in_process(simulator: Simulator) -> ei.EvoLink:
    return ei.EvoLink(api_key="k", http_client=httpx.Client(transport=SimulatorTransport(simulator)))


def test_the_simulator_validates_without_the_clients_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the client's validation out of order, the simulator still accepts what the spec accepts, and refuses
    what it refuses: its check is its own, from the spec's schemas and rules."""
    from evolink_images import _validation  # noqa: PLC0415

    def broken(*_: object, **__: object) -> None:
        raise AssertionError("the simulator must not use the client's validation")

    for name in ("validate_request", "resolve_model", "_checked", "_apply_rules"):
        monkeypatch.setattr(_validation, name, broken)
    simulator = Simulator(SimulatorConfig(duration=0.0))
    http = httpx.Client(base_url="http://sim.test", transport=SimulatorTransport(simulator))
    http.headers["Authorization"] = "Bearer k"
    model = next(iter(ei.presets.values()))
    assert http.post("/v1/images/generations", json={"model": model.id, "prompt": "p"}).status_code == 200
    refused = http.post("/v1/images/generations", json={"model": model.id, "prompt": "x" * 100_000})
    assert (refused.status_code, refused.json()["error"]["param"]) == (400, "prompt")


def test_the_simulator_catches_a_client_that_lets_an_invalid_request_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client bug (list limits unchecked) sends a request the spec forbids: the simulator answers 400, as the API
    would. Without the bug, the client refuses it before sending."""
    from evolink_images import _validation  # noqa: PLC0415

    model = next(m for m in ei.presets.values() if m.max_references)
    references = ["https://example.com/a.png"] * (model.max_references + 1)
    simulator = Simulator(SimulatorConfig(duration=0.0))
    with pytest.raises(ei.ValidationError):
        in_process(simulator).submit(model.id, "p", image_urls=references)
    assert simulator.stats.create_requests == 0

    monkeypatch.setattr(_validation, "_check_array", lambda items, schema, path, scope: items)
    with pytest.raises(ei.BadRequestError) as caught:
        in_process(simulator).submit(model.id, "p", image_urls=references)
    assert simulator.stats.create_requests == 1
    assert caught.value.body["error"]["param"] == "image_urls"


@pytest.mark.parametrize("model", [m for m in ei.presets.values() if m.series], ids=lambda m: m.id)
def test_a_series_models_images_and_credits_are_per_task(model: ei.ModelPreset) -> None:
    """A Midjourney task makes the images the spec gives for its body (a grid: 4, an upscale: 1), billed per task."""
    now = [0.0]
    simulator = Simulator(SimulatorConfig(speed=10.0), clock=lambda: now[0])
    client = in_process(simulator)
    body = copy.deepcopy(spec_examples()[model.id][0])
    if model.follow_up:
        task_id = model.fields["model_params"].schema["properties"]["task_id"]
        needs = [rule.params for rule in rules_of(task_id) if rule.check == "parent-requires"]  # an enhance: a draft
        head, _, key = needs[0]["parent_field"].partition(".") if needs else ("", "", "")
        made = {head: {key: needs[0]["values"][0]}} if needs else {}
        parent = client.submit(grid_of(str(model.series)).id, "a lighthouse", **made)
        now[0] += 10_000.0
        body["model_params"]["task_id"] = parent.id
    task = client.submit(body.pop("model"), body.pop("prompt", None), **body)
    served = simulator.task(task.id)
    assert served is not None and model.images_per_task is not None
    assert served.images == model.images_for(body)
    assert served.duration == pytest.approx((model.typical_seconds or 30.0) / 10.0)
    assert model.billed_per_task and model.credits_per_task is not None
    assert task.credits_reserved == pytest.approx(model.credits_per_task)


@pytest.mark.parametrize("model", [m for m in ei.presets.values() if not m.series], ids=lambda m: m.id)
def test_durations_credits_and_image_counts_come_from_the_catalogue(model: ei.ModelPreset) -> None:
    simulator = Simulator(SimulatorConfig(speed=10.0))
    params: dict[str, Any] = {}
    if "image_urls" in model.fields and model.fields["image_urls"].required:
        params["image_urls"] = ["https://example.com/a.png"] * (model.fields["image_urls"].min_items or 1)
    if "n" in model.fields:
        params["n"] = model.max_images
    task = in_process(simulator).submit(model.id, "p", **params)
    served = simulator.task(task.id)
    assert served is not None
    assert served.duration == pytest.approx((model.typical_seconds or 30.0) / 10.0)
    assert task.credits_reserved == pytest.approx((model.credits_per_image or 1.0) * params.get("n", 1))
    count = model.fields.get("n")
    budgets = [rule.params["total"] for rule in (count.rules if count else ()) if rule.check == "image-budget"]
    budget = budgets[0] if budgets else None
    expected = params.get("n", 1) if budget is None else min(params["n"], budget - len(params.get("image_urls", [])))
    if model.output == "layers":
        expected = 1 + SIMULATED_LAYERS  # a base image and its layers, however many the request asks for
    assert served.images == expected


def test_importing_evolink_images_does_not_import_the_simulator() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = "import sys, evolink_images; print(sorted(m for m in sys.modules if m.startswith('evolink_images.sim')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------- keys and curves
def _post_twice(simulator: Simulator, bodies: tuple[dict[str, Any], dict[str, Any]]) -> list[httpx.Response]:
    headers = {"Authorization": "Bearer k", "Idempotency-Key": "same-key-0123456789"}
    with httpx.Client(transport=SimulatorTransport(simulator), base_url="http://sim.test") as http:
        return [http.post("/v1/images/generations", json=body, headers=headers) for body in bodies]


def test_a_repeated_idempotency_key_is_two_tasks_by_default() -> None:
    """EvoLink promises nothing about the header, so by default the simulator plays an API that ignores it."""
    simulator = Simulator()
    body = {"model": "nano-banana-beta", "prompt": "a lighthouse"}
    first, second = _post_twice(simulator, (body, body))
    assert first.json()["id"] != second.json()["id"]
    stats = simulator.stats
    assert (stats.creates_received, stats.tasks_created, stats.create_keys) == (2, 2, {"same-key-0123456789": 2})


def test_a_repeated_idempotency_key_is_answered_once_when_honoured() -> None:
    simulator = Simulator(SimulatorConfig(honour_idempotency_keys=True))
    body = {"model": "nano-banana-beta", "prompt": "a lighthouse"}
    first, again = _post_twice(simulator, (body, body))
    assert again.json()["id"] == first.json()["id"] and again.headers["idempotency-replayed"] == "true"
    _, other = _post_twice(simulator, (body, {**body, "prompt": "a harbour"}))
    assert other.status_code == 400 and other.json()["error"]["param"] == "Idempotency-Key"
    # Received: every POST, replays included; created: one task.
    assert (simulator.stats.creates_received, simulator.stats.tasks_created) == (4, 1)


@pytest.mark.parametrize(
    ("curve", "expected"),
    [
        ("linear", [0, 10, 40, 79, 80, 89, 100]),
        ("stuck", [0, 0, 0, 0, 80, 89, 100]),
        ("steps", [0, 0, 25, 75, 75, 75, 100]),
        ("front", [0, 31, 63, 89, 89, 94, 100]),
        ("none", [0, 0, 0, 0, 0, 0, 100]),
    ],
)
def test_progress_follows_the_configured_curve(curve: str, expected: list[int]) -> None:
    """Progress at 5, 10, 40, 79.5, 80.5, 89.5 and 100 % of a 10 s task (the first 10 % is pending, at 0)."""
    now = [0.0]
    simulator = Simulator(SimulatorConfig(duration=10.0, progress=curve), clock=lambda: now[0])  # type: ignore[arg-type]
    with httpx.Client(transport=SimulatorTransport(simulator), base_url="http://sim.test") as http:
        headers = {"Authorization": "Bearer k"}
        task_id = http.post(
            "/v1/images/generations", json={"model": "nano-banana-beta", "prompt": "a lighthouse"}, headers=headers
        ).json()["id"]
        seen = []
        for at in (0.5, 1.0, 4.0, 7.95, 8.05, 8.95, 10.0):
            now[0] = at
            seen.append(http.get(f"/v1/tasks/{task_id}", headers=headers).json()["progress"])
    assert seen == expected
