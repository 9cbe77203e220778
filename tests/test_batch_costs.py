"""A batch's money, from the CLI against the simulator: the dry run's estimates add up, the summary's charge is the
balance's drop (refunds not counted), the balance check refuses before anything is sent, and --retry-failed does not
pay twice for a moderation refusal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import evolink_images as ei
import pytest
from evolink_images import _batch, _batch_results
from evolink_images.cli import _batch_commands as batch_commands
from evolink_images.cli import main
from evolink_images.simulator import Fault, Simulator, SimulatorServer

from tests.simulated import FAST

KEY = "sk-batch-costs"
# A line of each kind of billing: per image, per image at a tier and n, a decomposition that reserves for 17 images
# and is charged for those made, per task (Midjourney), and a request the docs do not price.
LINES = [
    {"model": "nano-banana", "prompt": "a fox", "key": "fox"},
    {"model": "seedream-4.5", "prompt": "a lighthouse", "params": {"quality": "2K", "n": 2}, "key": "lighthouse"},
    {"model": "seedream-layerize", "params": {"image_urls": ["https://example.com/p.png"]}, "key": "layers"},
    {"model": "mj-v7", "prompt": "a cat", "key": "grid"},
    {"model": "gpt-image-2", "prompt": "a logo", "params": {"quality": "high"}, "key": "logo"},
]
NUMBER = r"(\d+(?:\.\d+)?)"


def write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def nano(count: int) -> list[dict]:
    return [{"model": "nano-banana", "prompt": f"study {n}", "key": f"shot-{n}"} for n in range(count)]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("EVOLINK_API_KEY", KEY)
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    return tmp_path


def use(shared_server: SimulatorServer, **config: object) -> SimulatorServer:
    shared_server.use(Simulator(attrs.evolve(FAST, **config)))
    return shared_server


def available(server: SimulatorServer) -> float:
    with ei.EvoLink(api_key=KEY, base_url=server.url) as client:
        figure = client.credits().available
    assert figure is not None
    return figure


def money(err: str) -> tuple[float, float, float]:
    """The summary's credits reserved by the run, charged and refunded."""
    found = re.search(rf"; {NUMBER} credits reserved by this run, {NUMBER} charged, {NUMBER} refunded", err)
    assert found, err
    reserved, charged, refunded = (float(value) for value in found.groups())
    return reserved, charged, refunded


# ---------------------------------------------------------------------------------------------- --dry-run
def test_the_dry_run_total_is_the_sum_of_the_lines_estimates(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "batch", str(write(env / "b.jsonl", LINES)), "--dry-run")
    assert code == 0, err
    shown = [float(value) for value in re.findall(rf"^  line \d+ \(\w+\): {NUMBER} credits", out, re.MULTILINE)]
    client = ei.EvoLink(api_key=KEY, base_url=server.url)
    expected = [client.estimate(line["model"], line.get("prompt"), **line.get("params", {})) for line in LINES]
    assert shown == [estimate.credits for estimate in expected if estimate.credits is not None]
    assert [estimate.basis for estimate in expected] == ["docs", "docs", "docs", "docs", "unknown"]
    total = re.search(rf"^estimated total for 5 line\(s\): {NUMBER} credits", out, re.MULTILINE)
    assert total and float(total[1]) == pytest.approx(sum(shown))
    assert "1 line(s) of unknown cost, not counted" in out, "never counted as 0 silently"
    assert re.search(r"^  line 5 \(logo\): unknown cost: ", out, re.MULTILINE)
    assert "balance: 10000 credits available; it covers" in out
    stats = server.simulator.stats
    assert stats.create_requests == 0 and stats.requests == stats.credits_reads == 1, "only the free balance read"
    assert not (env / "journal.sqlite3").exists(), "a dry run creates no journal"


def test_a_dry_run_needs_no_key_and_then_sends_nothing(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY")
    code, out, err = run(capsys, "batch", str(write(env / "b.jsonl", nano(3))), "--dry-run")
    assert code == 0, err
    assert "estimated total for 3 line(s): 3.6 credits" in out
    assert "balance: unknown (no EVOLINK_API_KEY is set)" in out
    assert server.simulator.stats.requests == 0


def test_a_dry_run_counts_only_the_lines_a_run_would_send_against_the_balance(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch, out_dir = write(env / "b.jsonl", nano(2)), str(env / "out")
    assert run(capsys, "batch", str(batch), "--out", out_dir)[0] == 0
    write(batch, nano(5))
    code, out, _ = run(capsys, "batch", str(batch), "--out", out_dir, "--dry-run")
    assert code == 0
    assert "estimated total for 5 line(s): 6 credits" in out
    assert "a run now would send 3 of them (the journal settles the others): 3.6 credits" in out
    assert "it covers 3.6" in out


# ---------------------------------------------------------------------------------------------- after the run
def test_the_summary_charge_is_the_balance_drop_and_a_refunded_failure_is_not_charged(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.simulator.faults.add(Fault(kind="fail_task", code="service_error"))  # the first line's task: refunded
    lines = [{"model": "nano-banana", "prompt": "refunded", "key": "first"}, *LINES[:4]]
    before = available(server)
    code, out, err = run(
        capsys, "batch", str(write(env / "b.jsonl", lines)), "--out", str(env / "out"), "--concurrency", "1"
    )
    assert code == 1 and "4 done, 1 failed" in err
    drop = before - available(server)
    reserved, charged, refunded = money(err)
    assert charged == pytest.approx(drop, abs=1e-3), "what the summary says was charged is what the balance lost"
    assert refunded == pytest.approx(reserved - charged, abs=1e-3)
    assert refunded > 1.2, "the failure's 1.2 came back, and the decomposition's excess reservation"
    assert re.search(r"^  nano-banana-2-lite-beta: 2 task\(s\), 2\.4 reserved, 1\.2 charged, 1\.2 refunded$", err, re.M)
    assert re.search(r"^  doubao-seedream-5\.0-pro-layerize: 1 task\(s\), ", err, re.M)
    sheet = Path(out.strip()).read_text(encoding="utf-8")
    assert (
        "Credits of this run" in sheet and "<td>nano-banana-2-lite-beta</td><td>2</td><td>2.4</td><td>1.2</td>" in sheet
    )


def test_without_the_settled_charge_the_summary_would_say_the_reservations(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary counts each task's charge: counted at its reservation, a refunded failure looks paid."""
    reservation = lambda task, reserved=None: task.credits_reserved  # noqa: E731
    monkeypatch.setattr(_batch, "charged_credits", reservation)  # what the spend cap counts
    monkeypatch.setattr(_batch_results, "charged_credits", reservation)  # what the summary counts
    server.simulator.faults.add(Fault(kind="fail_task", code="service_error"))
    before = available(server)
    code, _, err = run(
        capsys, "batch", str(write(env / "b.jsonl", nano(2))), "--out", str(env / "out"), "--concurrency", "1"
    )
    assert code == 1
    _, charged, _ = money(err)
    assert charged == pytest.approx(2.4) and before - available(server) == pytest.approx(1.2)


# ---------------------------------------------------------------------------------------------- the balance check
def test_a_batch_that_would_reserve_more_than_the_balance_does_not_start(
    env: Path, shared_server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = use(shared_server, balance=3.0)
    code, out, err = run(capsys, "batch", str(write(env / "b.jsonl", nano(3))), "--out", str(env / "out"))
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: balance: 3 credits available; it does not cover the 3.6 credits")
    assert "nothing was sent" in line and "--ignore-balance" in line
    assert server.simulator.stats.create_requests == 0


def test_ignore_balance_goes_ahead_and_the_api_refuses_what_it_cannot_cover(
    env: Path, shared_server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = use(shared_server, balance=3.0)
    argv = ["batch", str(write(env / "b.jsonl", nano(3))), "--out", str(env / "out"), "--concurrency", "1"]
    code, _, err = run(capsys, *argv, "--ignore-balance")
    assert code == 1 and "2 done, 1 failed" in err and "402" in err
    assert server.simulator.stats.create_requests == 3


def test_a_cap_below_the_balance_lets_the_batch_start(
    env: Path, shared_server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = use(shared_server, balance=3.0)
    argv = ["batch", str(write(env / "b.jsonl", nano(3))), "--out", str(env / "out"), "--concurrency", "1"]
    code, _, err = run(capsys, *argv, "--max-credits", "2.5")
    assert code == 1 and "2 done, 1 not_sent" in err
    assert "stopped submitting: the next line would pass --max-credits 2.5" in err
    assert server.simulator.stats.create_requests == 2


def test_a_balance_that_cannot_be_read_is_a_warning_and_the_batch_goes_on(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.simulator.faults.add(Fault(kind="server_error", route="credits", status=503, count=0))
    code, _, err = run(capsys, "batch", str(write(env / "b.jsonl", nano(2))), "--out", str(env / "out"))
    assert code == 0 and "2 done" in err
    assert "warning: the balance could not be read, so it was not checked: HTTP 503" in err


def test_without_the_balance_check_the_batch_would_start(
    env: Path, shared_server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        batch_commands, "balance_verdict", lambda *args: batch_commands.BalanceVerdict(True, "not checked")
    )
    server = use(shared_server, balance=3.0)
    run(capsys, "batch", str(write(env / "b.jsonl", nano(3))), "--out", str(env / "out"), "--concurrency", "1")
    assert server.simulator.stats.create_requests == 3


# ---------------------------------------------------------------------------------------------- --retry-failed
def failed_twice(env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]) -> Path:
    """A batch of three whose first line moderation refused and whose second failed for a while."""
    server.simulator.faults.add(Fault(kind="moderate"), Fault(kind="fail_task", code="service_error"))
    batch = write(env / "b.jsonl", nano(3))
    code, _, err = run(capsys, "batch", str(batch), "--out", str(env / "out"), "--concurrency", "1")
    assert code == 1 and "1 done, 2 failed" in err and "content_policy_violation" in err
    assert server.simulator.stats.create_requests == 3
    return batch


def test_retry_failed_does_not_resend_a_moderation_refusal_and_says_why(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = failed_twice(env, server, capsys)
    code, _, err = run(capsys, "batch", str(batch), "--out", str(env / "out"), "--retry-failed")
    assert code == 1 and "2 done" not in err and "1 done, 1 skipped, 1 failed" in err
    assert server.simulator.stats.create_requests == 4, "only the line worth retrying was sent again"
    (listed,) = [line for line in err.splitlines() if line.startswith("line 1 (shot-0): failed:")]
    assert "content_policy_violation" in listed and "refused by moderation" in listed and "--retry-all-failed" in listed
    assert "1 failed line(s) not sent again: 1 refused by moderation" in err
    code, _, err = run(capsys, "batch", str(batch), "--out", str(env / "out"), "--retry-all-failed")
    assert code == 0 and "1 done, 2 skipped" in err
    assert server.simulator.stats.create_requests == 5


def test_without_a_retry_option_no_failed_line_is_resent_and_each_says_why(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = failed_twice(env, server, capsys)
    code, _, err = run(capsys, "batch", str(batch), "--out", str(env / "out"))
    assert code == 1 and server.simulator.stats.create_requests == 3
    assert "2 failed line(s) not sent again: 1 refused by moderation" in err and "1 no retry was asked for" in err
    assert "rerun with --retry-failed" in err


def test_without_the_retry_policy_retry_failed_would_pay_for_the_refusal_again(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = failed_twice(env, server, capsys)
    monkeypatch.setattr(_batch, "not_worth_retrying", lambda code: None)
    run(capsys, "batch", str(batch), "--out", str(env / "out"), "--retry-failed")
    assert server.simulator.stats.create_requests == 5, "the moderation refusal was sent again"


@pytest.mark.parametrize(
    ("error", "code", "reason"),
    [
        ("content_policy_violation: refused", "content_policy_violation", "moderation"),
        ("image_processing_error: unreadable", "image_processing_error", "input"),
        ("service_error: try later", "service_error", None),
        ("generation_failed_no_content: disputed", "generation_failed_no_content", None),
        ("a_code_nobody_knows: ?", "a_code_nobody_knows", None),
        ("None: no code", None, None),
        ("the task ended cancelled", None, None),
    ],
)
def test_which_failures_are_worth_a_new_task(error: str, code: str | None, reason: str | None) -> None:
    assert _batch.failure_code(error) == code
    assert _batch.not_worth_retrying(code) == reason
