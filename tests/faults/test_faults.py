"""Fault injection over real loopback sockets: every scenario ends completed or with the right exception, with no
duplicate create and no lost result, counted at the server, whose Idempotency-Key handling is off (EvoLink promises
nothing about the header, so a create received twice is a second charge).

Each scenario is a function that runs on an ``Env`` and checks its own ledger row; the last tests run the same
scenarios with a client that sends every create twice, and show the checks fail on the duplicates they count.

All of it runs on both of the simulator's servers, uvicorn and the standard library's. `make test` (tests/tiers.py)
runs it on uvicorn only, with one representative of the double-sending runs; the rest is marked slow, for `make
test-all` (the suite waits on real timeouts: about 40 s a server, whatever the CPU)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import evolink_images as ei
import httpx
import pytest
from evolink_images.simulator import Fault, Simulator, SimulatorConfig, SimulatorServer

from tests.faults.ledger import ROWS, Row, record
from tests.faults.proxy import DroppingProxy

FAST = SimulatorConfig(duration=0.15, callback_retry_delays=(0.05,))
CREATE_PATH = "/v1/images/generations"


# ---------------------------------------------------------------------------------------------- double sending
class DoubleCreate(httpx.HTTPTransport):
    """Sends every create twice, with the same body and Idempotency-Key: a client that retries a create blindly."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == CREATE_PATH:
            request.read()
            super().handle_request(request).close()
        return super().handle_request(request)


class AsyncDoubleCreate(httpx.AsyncHTTPTransport):
    """:class:`DoubleCreate` for the async client."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == CREATE_PATH:
            await request.aread()
            await (await super().handle_async_request(request)).aclose()
        return await super().handle_async_request(request)


class ResendAfterTimeout(httpx.HTTPTransport):
    """Sends a create again, with the same body and Idempotency-Key, when its answer did not come within the read
    timeout: a client that takes a silent server for one that never got the request."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == CREATE_PATH:
            request.read()
            try:
                return super().handle_request(request)
            except httpx.ReadTimeout:
                pass
        return super().handle_request(request)


@attrs.frozen
class Env:
    """What a scenario runs on: a fresh simulator behind the loopback server, a folder, and how to build clients."""

    server: SimulatorServer
    simulator: Simulator
    tmp: Path
    double_send: bool = False
    resend_after_timeout: bool = False

    def client(self, base_url: str | None = None, *, timeout: httpx.Timeout | float = 2.0) -> ei.EvoLink:
        if self.double_send:
            transport: httpx.HTTPTransport = DoubleCreate()
        else:
            transport = ResendAfterTimeout() if self.resend_after_timeout else httpx.HTTPTransport()
        http = httpx.Client(transport=transport, timeout=timeout)
        return ei.EvoLink(
            api_key="sk-faults", base_url=base_url or self.server.url, journal=self.tmp / "j.sqlite3", http_client=http
        )

    def async_client(self) -> ei.AsyncEvoLink:
        transport = AsyncDoubleCreate() if self.double_send else httpx.AsyncHTTPTransport()
        return ei.AsyncEvoLink(
            api_key="sk-faults", base_url=self.server.url, journal=self.tmp / "j.sqlite3",
            http_client=httpx.AsyncClient(transport=transport, timeout=2.0),
        )  # fmt: skip


def expect(row: Row, *, tasks: int | None = None, ambiguous: int = 0) -> None:
    """The suite's checks on a row: no duplicate, nothing lost, and the ambiguous creates (and tasks) expected."""
    assert row.duplicates == 0, f"{row.scenario}: {row.duplicates} duplicate create(s) received"
    assert row.lost == 0, f"{row.scenario}: {row.lost} result(s) lost"
    assert row.ambiguous == ambiguous, f"{row.scenario}: {row.ambiguous} ambiguous create(s), expected {ambiguous}"
    if tasks is not None:
        assert row.tasks_created == tasks, f"{row.scenario}: {row.tasks_created} task(s), expected {tasks}"


def generate_and_save(client: ei.EvoLink, out: Path) -> str:
    task = client.generate("nano-banana", "a lighthouse in a storm", poll_interval=0.05)
    files = client.download(task, out)
    return f"completed, {len(files)} file(s) saved"


# ---------------------------------------------------------------------------------------------- scenarios
@attrs.frozen
class Outcome:
    """How a scenario's steps ended: in words, with the tasks it should have made and any faults outside the server.

    ``abandoned`` names the tasks whose create answer the server sent after their client had given up on it (a read
    timeout): the server cannot see that, so the scenario says so, and the ledger counts them as ambiguous.
    """

    text: str
    tasks: int
    extra_faults: int = 0
    abandoned: frozenset[str] = frozenset()


@attrs.frozen
class Scenario:
    """A scenario's steps, the logical creates it makes, and the ambiguous creates it should leave."""

    run: Callable[[Env], Outcome]
    logical_creates: int = 1
    ambiguous: int = 0


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *, logical_creates: int = 1, ambiguous: int = 0) -> Callable[[Callable[[Env], Outcome]], None]:
    def register(run: Callable[[Env], Outcome]) -> None:
        SCENARIOS[name] = Scenario(run, logical_creates, ambiguous)

    return register


TRANSIENT = {
    "429 storm on create, Retry-After": [Fault(kind="rate_limit", route="create", count=2, retry_after=0.05)],
    "429 storm on polls": [Fault(kind="rate_limit", route="task", count=6, retry_after=0.05)],
    "5xx burst on polls": [Fault(kind="server_error", route="task", count=2, status=s) for s in (500, 502, 503)],
    "dropped connection on a poll": [Fault(kind="drop", route="task", count=2)],
    "slow responses": [Fault(kind="slow", route="any", count=4, delay=0.2)],
    "stalled poll past the read timeout": [Fault(kind="slow", route="task", count=1, delay=2.5)],
    "malformed JSON on a poll": [Fault(kind="malformed", route="task", count=2)],
    "truncated JSON on a poll": [Fault(kind="truncate", route="task", count=2)],
    "truncated download": [Fault(kind="truncate", route="file", count=2)],
    "429 then 5xx on downloads": [
        Fault(kind="rate_limit", route="file", retry_after=0.05),
        Fault(kind="server_error", route="file", status=503),
    ],
}


def _transient(name: str) -> Callable[[Env], Outcome]:
    def run(env: Env) -> Outcome:
        env.simulator.faults.add(*TRANSIENT[name])
        with env.client() as client:
            outcome = generate_and_save(client, env.tmp / "out")
        assert outcome.startswith("completed") and sum(env.simulator.faults.injected.values()) > 0
        return Outcome(outcome, tasks=1)

    return run


for _name in TRANSIENT:
    scenario(_name)(_transient(_name))


@scenario("5xx on create: reported, not resent")
def _server_error_on_create(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="server_error", route="create", status=502))
    with env.client() as client:
        with pytest.raises(ei.ServerError) as caught:
            client.submit("nano-banana", "a lighthouse")
        assert caught.value.outcome_unknown
        (resumed,) = client.resume(env.tmp / "out")
    assert resumed.outcome == "ambiguous", "reported with its prompt and time, never resent on its own"
    return Outcome(f"ServerError, resume: {resumed.outcome}", tasks=0)


@scenario("connection dropped after create was read", ambiguous=1)
def _dropped_after_read(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="drop", route="create"))
    with env.client() as client:
        with pytest.raises(ei.APIConnectionError) as caught:
            client.submit("nano-banana", "a lighthouse")
        assert caught.value.outcome_unknown
        (resumed,) = client.resume(env.tmp / "out")
    assert resumed.outcome == "ambiguous"
    # The server made the task but its answer never arrived: the client reports it ambiguous rather than pay twice.
    return Outcome(f"APIConnectionError, resume: {resumed.outcome}", tasks=1)


# The read timeout of the client in "create timed out after it was read", and how long the server holds its answer:
# long enough past the timeout that the answer never comes in time, short enough to keep the suite quick.
CREATE_READ_TIMEOUT = 0.3
CREATE_HELD_FOR = 0.6


def tasks_made(simulator: Simulator, count: int) -> frozenset[str]:
    """The ids of the *count* tasks the server made, once they have completed (their results name them).

    Waits up to 5 s for them: a task of the FAST configuration takes 0.15 s.
    """
    deadline = time.monotonic() + 5.0
    while True:
        made = frozenset(result.split("/")[0] for result in simulator.unsaved_results())
        if len(made) >= count or time.monotonic() > deadline:
            return made
        time.sleep(0.02)


@scenario("create timed out after it was read", ambiguous=1)
def _timed_out_after_read(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="slow", route="create", delay=CREATE_HELD_FOR))
    with env.client(timeout=httpx.Timeout(2.0, read=CREATE_READ_TIMEOUT)) as client:
        with pytest.raises(ei.APITimeoutError) as caught:
            client.submit("nano-banana", "a lighthouse")
        assert caught.value.outcome_unknown
        assert env.simulator.stats.held_creates == 1, "the server took the create in, then held its answer"
        (resumed,) = client.resume(env.tmp / "out")
    assert resumed.outcome == "ambiguous", "reported with its prompt and time, never resent on its own"
    # The server made the task and answered after the client had given up: it cannot know the answer went unread.
    made = tasks_made(env.simulator, 1)
    assert len(made) == 1, made
    return Outcome(f"APITimeoutError, resume: {resumed.outcome}", tasks=1, abandoned=made)


@scenario("connection dropped before create was read")
def _dropped_before_read(env: Env) -> Outcome:
    proxy = DroppingProxy(env.server.port)
    proxy.drop_next(1)
    try:
        with env.client(proxy.url) as client:
            try:
                task = client.submit("nano-banana", "a lighthouse")
            except ei.APIConnectionError as error:
                # Usually the reset reaches the client after it wrote the request: it cannot know the server never
                # read it, so the create is ambiguous and is not sent again.
                assert error.outcome_unknown  # noqa: PT017 - either outcome is right; see the else branch
                assert env.simulator.stats.creates_received == 0, "the request never arrived"
                tasks, outcome = 0, "APIConnectionError, reported ambiguous"
            else:
                # Under load the kernel may report the reset while connecting: then it was surely never sent, and
                # the client rightly sent it again at once.
                client.download(client.wait(task, poll_interval=0.05), env.tmp / "out")
                tasks, outcome = 1, "reset while connecting: resent at once, completed"
    finally:
        proxy.close()
    return Outcome(outcome, tasks=tasks, extra_faults=proxy.dropped)


@scenario("429 beyond the retry budget, then retried")
def _rate_limited_create(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="rate_limit", route="create", count=3, retry_after=0.05))
    with env.client() as client:
        with pytest.raises(ei.RateLimitError):
            client.submit("nano-banana", "a lighthouse")
        assert env.simulator.stats.creates_received == 0, "a 429 is not a create"
        outcome = generate_and_save(client, env.tmp / "out")
    return Outcome(f"RateLimitError, then {outcome}", tasks=1)


@scenario("oversized download")
def _oversized(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="oversize", size=3 * 1024 * 1024))
    with env.client() as client:
        task = client.generate("nano-banana", "a lighthouse", poll_interval=0.05)
        with pytest.raises(ei.DownloadError, match="limit"):
            client.download(task, env.tmp / "out", max_bytes=1024 * 1024)
        assert not list((env.tmp / "out").iterdir()), "nothing half-written is left"
        client.download(task, env.tmp / "out")
    return Outcome("DownloadError (too large), then saved", tasks=1)


@scenario("expired result URL (403)")
def _expired(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="expire_results"))
    with env.client() as client:
        task = client.generate("nano-banana", "a lighthouse", poll_interval=0.05)
        with pytest.raises(ei.DownloadError, match="expired") as caught:
            client.download(task, env.tmp / "out")
        assert caught.value.status_code == 403
        client.download(task, env.tmp / "out")
    return Outcome("DownloadError (expired), then saved", tasks=1)


@scenario("task ends failed")
def _failed_task(env: Env) -> Outcome:
    env.simulator.faults.add(Fault(kind="fail_task", code="generation_timeout"))
    with env.client() as client, pytest.raises(ei.TaskFailedError) as caught:
        client.generate("nano-banana", "a lighthouse", poll_interval=0.05)
    assert caught.value.retryable is True
    return Outcome("TaskFailedError (retryable)", tasks=1)


@scenario("24 concurrent tasks, mixed faults", logical_creates=24)
def _concurrent(env: Env) -> Outcome:
    env.simulator.faults.add(
        Fault(kind="rate_limit", route="create", count=6, retry_after=0.05),
        Fault(kind="server_error", route="task", count=8, status=503),
        Fault(kind="drop", route="task", count=5),
        Fault(kind="truncate", route="file", count=5),
        Fault(kind="malformed", route="task", count=5),
    )

    async def run() -> list[list[Path]]:
        async with env.async_client() as client:

            async def one(n: int) -> list[Path]:
                task = await client.generate("nano-banana", f"study {n}", poll_interval=0.05)
                return await client.download(task, env.tmp / "out")

            return await asyncio.gather(*(one(n) for n in range(24)))

    files = asyncio.run(run())
    return Outcome(f"completed, {sum(map(len, files))} files", tasks=24)


def run_scenario(name: str, env: Env) -> Row:
    """Run a scenario's steps, then count what the server saw and check it, whatever the steps came to.

    The counts are checked first: a client that misbehaves is caught by them even when it also changes what the
    scenario's own steps see (a resent create can consume the fault the steps expected).
    """
    spec = SCENARIOS[name]
    failure: BaseException | None = None
    try:
        outcome = spec.run(env)
    except (Exception, pytest.fail.Exception) as exc:
        failure, outcome = exc, Outcome(f"steps failed: {type(exc).__name__}", tasks=-1)
    label = f"{name} ({env.server.backend})"
    row = record(label, env.simulator, logical_creates=spec.logical_creates, outcome=outcome.text,
                 extra_faults=outcome.extra_faults, abandoned=outcome.abandoned)  # fmt: skip
    expect(row, tasks=None if failure else outcome.tasks, ambiguous=spec.ambiguous)
    if failure is not None:
        raise failure
    return row


# ---------------------------------------------------------------------------------------------- tests
@pytest.fixture(scope="module", params=["uvicorn", pytest.param("stdlib", marks=pytest.mark.slow)])
def fault_server(request: pytest.FixtureRequest) -> Iterator[SimulatorServer]:
    """The loopback server the scenarios run on: each of the simulator's two servers in turn."""
    with SimulatorServer(Simulator(FAST), backend=request.param) as server:
        yield server


@pytest.fixture
def env(fault_server: SimulatorServer, tmp_path: Path) -> Env:
    simulator = fault_server.use(Simulator(FAST))
    assert not simulator.config.honour_idempotency_keys, "count what an API that ignores the key would charge"
    return Env(fault_server, simulator, tmp_path)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(name: str, env: Env) -> None:
    run_scenario(name, env)


# The scenarios in which a doubled create reaches the server twice. Left out: the create dropped before it was read
# (neither copy arrives), the 429s beyond the retry budget (the copies use up the 429s themselves, so the steps fail
# before anything is received twice; the other 429 scenarios show the doubling), and the create that timed out (the
# first copy times out, and DoubleCreate gives up with it; ResendAfterTimeout below is the client that resends it).
NOT_DOUBLED = {
    "connection dropped before create was read",
    "429 beyond the retry budget, then retried",
    "create timed out after it was read",
}
DOUBLE_SENT = [name for name in SCENARIOS if name not in NOT_DOUBLED]
DOUBLE_SENT_IN_MAKE_TEST = "connection dropped after create was read"  # the others are marked slow


@pytest.mark.parametrize(
    "name",
    [name if name == DOUBLE_SENT_IN_MAKE_TEST else pytest.param(name, marks=pytest.mark.slow) for name in DOUBLE_SENT],
)
def test_a_client_that_sends_each_create_twice_fails_the_suite(name: str, env: Env) -> None:
    """The counting bites: the same scenario, with every create sent twice under the same key, is caught by the
    suite's own check on the duplicates received (whatever the tasks created say)."""
    with pytest.raises(AssertionError, match="duplicate create"):
        run_scenario(name, attrs.evolve(env, double_send=True))
    row = ROWS.pop()  # not a row of the real client's table
    assert row.duplicates >= 1, row


def test_without_the_one_post_guard_the_server_receives_two_creates(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were dropped creates treated as never sent, the create would be resent, and an API that ignores the key would
    create, and charge, a second task."""
    from evolink_images import _requests  # noqa: PLC0415

    monkeypatch.setattr(_requests, "create_never_sent", lambda error: True)
    env.simulator.faults.add(Fault(kind="drop", route="create"))
    with env.client() as client:
        client.submit("nano-banana", "a lighthouse")
    assert (env.simulator.stats.creates_received, env.simulator.stats.tasks_created) == (2, 2)


def test_a_client_that_resends_a_create_after_a_read_timeout_fails_the_suite(env: Env) -> None:
    """A read timeout leaves the create with the server: sent again, it is received twice, and the suite's own
    duplicate check says so (the resent copy is answered at once, so the steps alone would not)."""
    with pytest.raises(AssertionError, match="duplicate create"):
        run_scenario("create timed out after it was read", attrs.evolve(env, resend_after_timeout=True))
    row = ROWS.pop()  # not a row of the real client's table
    assert (row.creates_received, row.duplicates) == (2, 1), row


def test_the_readme_counts_every_scenario() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    counts = [int(n) for n in re.findall(r"in (\d+) fault\s+scenarios", readme)]
    assert counts == [len(SCENARIOS)], f"README says {counts}, the suite runs {len(SCENARIOS)} scenarios"


def test_without_the_one_post_guard_a_timed_out_create_is_received_twice(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a read timeout taken to mean the create never arrived, the scenario would catch the resent copy."""
    from evolink_images import _requests  # noqa: PLC0415

    never_sent = _requests.create_never_sent
    monkeypatch.setattr(
        _requests, "create_never_sent", lambda error: isinstance(error, httpx.ReadTimeout) or never_sent(error)
    )
    with pytest.raises(AssertionError, match="duplicate create"):
        run_scenario("create timed out after it was read", env)
    row = ROWS.pop()  # not a row of the real client's table
    assert (row.creates_received, row.duplicates) == (2, 1), row
