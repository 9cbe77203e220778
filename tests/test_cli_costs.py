"""Money from the command line, against the simulator on loopback: the balance, an estimate that sends nothing, the
charge after a task, moderation's own exit code, 402s that name their limit, and what the journal says was spent."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import attrs
import evolink_images as ei
import pytest
import respx
from evolink_images._presets import MODERATION_HTTP_CODES
from evolink_images.cli import _main as cli_main
from evolink_images.cli import main
from evolink_images.cli._since import SinceError, parse_since
from evolink_images.simulator import Fault, Simulator, SimulatorServer

from tests.conftest import PNG
from tests.simulated import FAST

NOW = 1_800_000_000.0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; generate and wait poll every 50 ms."""
    fast = ["--poll-interval", "0.05"] if argv[0] in {"generate", "wait"} and "--estimate" not in argv else []
    code = main([*argv, *fast])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _point_the_cli_at_the_simulator(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-costs")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)


def balance(server: SimulatorServer) -> ei.Credits:
    with ei.EvoLink(api_key="sk-cli-costs", base_url=server.url) as client:
        return client.credits()


# ---------------------------------------------------------------------------------------------- --since
@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30m", 1800),
        ("24h", 86400),
        ("7d", 7 * 86400),
        ("2w", 14 * 86400),
        ("90s", 90),
        ("1.5h", 5400),
        ("7D", 7 * 86400),
    ],
)
def test_a_span_counts_back_from_now(text: str, seconds: float) -> None:
    assert parse_since(text, NOW) == NOW - seconds


def test_an_iso_date_is_local_midnight_and_a_time_with_a_zone_is_that_moment() -> None:
    assert parse_since("2026-10-01", NOW) == datetime(2026, 10, 1).timestamp()
    assert parse_since("2026-10-01T09:30:00+00:00", NOW) == datetime.fromisoformat("2026-10-01T09:30Z").timestamp()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("yesterday", "expected a span"),
        ("7", "expected a span"),
        ("0d", "longer than nothing"),
        ("2030-01-01", "future"),
    ],
)
def test_a_since_that_names_no_moment_in_the_past_is_refused(text: str, words: str) -> None:
    with pytest.raises(SinceError, match=words):
        parse_since(text, NOW)


def use(shared_server: SimulatorServer, **config: object) -> SimulatorServer:
    """The loopback server, serving a fresh simulator with FAST and *config* (a small balance, a key limit)."""
    shared_server.use(Simulator(attrs.evolve(FAST, **config)))
    return shared_server


# ---------------------------------------------------------------------------------------------- credits
def test_credits_shows_the_balance_and_its_json_the_fields(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "credits")
    assert code == 0, err
    assert out.splitlines() == [
        "account: 10000 credits left (0 used)",
        "this key: no spending limit (0 used)",
        "available now: 10000 credits",
    ]
    assert run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--no-journal")[0] == 0
    code, out, _ = run(capsys, "credits", "--json")
    shown = json.loads(out)
    assert (shown["user_remaining"], shown["user_used"], shown["available"]) == (10000 - 1.2, 1.2, 10000 - 1.2)
    assert shown["key_unlimited"] is True and set(shown) >= {"key_remaining", "key_used"}
    assert server.simulator.stats.credits_reads == 2 and server.simulator.stats.tasks_created == 1


def test_credits_of_a_key_with_a_limit_name_the_smaller_as_available(
    shared_server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    use(shared_server, balance=500.0, key_limit=20.0)
    code, out, _ = run(capsys, "credits")
    assert code == 0
    assert "this key: 20 credits left of its limit (0 used)" in out and "available now: 20 credits" in out


def test_credits_asks_the_built_in_simulator_without_a_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY")
    code, out, err = run(capsys, "credits", "--simulator")
    assert code == 0, err
    assert "available now: 10000 credits" in out and "SIMULATOR" in err


# ---------------------------------------------------------------------------------------------- --estimate
def test_estimate_prints_the_figure_and_the_balance_and_sends_only_the_balance_read(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "generate", "seedream-4.5", "a lighthouse", "--quality", "2K", "--n", "2", "--estimate"
    )
    assert code == 0, err
    expected = ei.EvoLink(api_key="k", base_url=server.url).estimate("seedream-4.5", "a lighthouse", quality="2K", n=2)
    assert expected.credits is not None and expected.basis == "docs"
    assert out.startswith(
        f"estimate: {expected.credits:g} credits for doubao-seedream-4.5, 2 image(s) (EvoLink's docs)"
    )
    assert expected.detail in out
    assert "available now: 10000 credits" in out and f"the balance covers it: {expected.reserved:g} of 10000" in out
    stats = server.simulator.stats
    assert (stats.requests, stats.credits_reads, stats.create_requests) == (1, 1, 0), "only the free balance read"


def test_estimate_of_a_request_the_docs_do_not_price_says_unknown(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "generate", "gpt-image-2", "a logo", "--quality", "high", "--estimate", "--json")
    shown = json.loads(out)
    assert code == 0
    assert (shown["estimate"]["credits"], shown["estimate"]["basis"]) == (None, "unknown")
    assert shown["balance"]["available"] == 10000 and shown["balance_unknown"] is None
    assert server.simulator.stats.create_requests == 0


def test_estimate_without_a_key_sends_nothing_at_all(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY")
    code, out, err = run(capsys, "generate", "nano-banana", "a cat", "--estimate")
    assert code == 0, err
    assert "estimate: 1.2 credits" in out and "balance: unknown (no EVOLINK_API_KEY is set)" in out
    assert server.simulator.stats.requests == 0


def test_without_the_key_check_the_estimate_would_read_the_balance_with_a_stand_in_key(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard: with no key set, the stand-in key the client holds is never sent."""
    monkeypatch.delenv("EVOLINK_API_KEY")
    balance_of = cli_main._balance
    monkeypatch.setattr(cli_main, "_balance", lambda client, keyless: balance_of(client, keyless=False))
    code, out, _ = run(capsys, "generate", "nano-banana", "a cat", "--estimate")
    assert code == 0 and "available now" in out
    assert server.simulator.stats.credits_reads == 1, "the balance read went out, with the stand-in key"


def test_estimate_reads_a_local_image_and_uploads_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    code, out, err = run(capsys, "generate", "nano-banana", "make it night", "--image", str(photo), "--estimate")
    assert code == 0, err
    assert "estimate:" in out and server.simulator.stats.uploads == 0 and server.simulator.stats.create_requests == 0
    code, _, err = run(capsys, "generate", "nano-banana", "x", "--image", str(tmp_path / "gone.png"), "--estimate")
    assert code == 2 and "gone.png" in err


def test_estimate_refuses_what_generate_refuses(server: SimulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "wan-2.5", "a cat", "--size", "16:9", "--estimate")
    assert code == 2 and "--size 16:9 for wan2.5-text-to-image" in err
    assert server.simulator.stats.requests == 0


# ---------------------------------------------------------------------------------------------- the charge after
def test_generate_prints_the_charge_and_its_json_carries_both_figures(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--json")
    assert code == 0, err
    assert "charged 1.2 credits (reserved 1.2)" in err.splitlines()
    shown = json.loads(out)
    assert (shown["credits_reserved"], shown["credits_charged"]) == (1.2, 1.2)


def test_a_layer_decomposition_is_charged_less_than_it_reserved(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "generate", "seedream-layerize", "--image-url", "https://example.com/p.png", "--out", str(tmp_path),
        "--json",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)
    assert shown["credits_charged"] < shown["credits_reserved"], "reserved for 17 images, settled on those made"
    assert f"charged {shown['credits_charged']:g} credits (reserved {shown['credits_reserved']:g})" in err


def test_wait_prints_the_charge_too(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with ei.EvoLink(api_key="k", base_url=server.url) as client:
        task = client.submit("nano-banana", "a cat")
    code, _, err = run(capsys, "wait", task.id, "--out", str(tmp_path), "--no-journal")
    assert code == 0 and "charged 1.2 credits (reserved 1.2)" in err


def test_fewer_images_than_asked_is_one_warning_line(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.simulator.faults.add(Fault(kind="fewer_images", images=1))
    code, out, err = run(capsys, "generate", "wan-2.5", "a lake", "--n", "3", "--out", str(tmp_path), "--no-journal")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "1 of the 3 images" in warnings[0]
    assert len(out.split()) == 1


# ---------------------------------------------------------------------------------------------- failures
def test_a_moderation_failure_exits_3_says_retrying_will_not_help_and_that_it_was_refunded(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.simulator.faults.add(Fault(kind="moderate"))
    code, _, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--no-journal")
    assert code == cli_main.EXIT_MODERATION == 3
    assert "content_policy_violation" in err and "the same input will be refused again" in err
    assert "charged 0 credits (reserved 1.2); 1.2 refunded" in err
    assert "Traceback" not in err


def test_a_moderation_failure_on_midjourney_keeps_its_reservation_and_says_so(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.simulator.faults.add(Fault(kind="moderate"))
    before = balance(server).user_remaining
    code, _, err = run(capsys, "generate", "mj-v7", "a cat", "--out", str(tmp_path), "--no-journal")
    assert code == 3
    assert "charged 1.8 credits (reserved 1.8); not refunded: mj-v7 does not refund" in err
    assert balance(server).user_remaining == pytest.approx((before or 0) - 1.8)


def test_without_its_branch_a_moderation_failure_would_exit_1_like_any_failure(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The exit code comes from the error's class: with the branch pointed at a class never raised, it is gone."""
    monkeypatch.setattr(cli_main, "ContentPolicyError", type("NeverRaised", (Exception,), {}))
    server.simulator.faults.add(Fault(kind="moderate"))
    code, _, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--no-journal")
    assert code == 1 and "refused by moderation" not in err


def test_another_failure_exits_1_with_what_it_was_charged(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.simulator.faults.add(Fault(kind="fail_task", code="service_error"))
    code, _, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--no-journal")
    assert code == 1
    assert "service_error" in err and "charged 0 credits (reserved 1.2); 1.2 refunded" in err


@pytest.mark.parametrize(
    ("config", "limit", "words"),
    [
        ({"balance": 1.0}, "account", "the account's credit balance ran out"),
        ({"key_limit": 1.0}, "key_total", "spending limit"),
        ({"key_daily_limit": 1.0}, "key_daily", "daily limit"),
    ],
)
def test_a_402_names_the_limit_that_ran_out_and_where_to_see_it(
    shared_server: SimulatorServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    config: dict[str, float],
    limit: str,
    words: str,
) -> None:
    server = use(shared_server, **config)
    code, _, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--no-journal")
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("error: HTTP 402") and words in lines[0]
    assert lines[1].startswith("  evolink-images credits shows")
    assert server.simulator.stats.tasks_created == 0


# ---------------------------------------------------------------------------------------------- history --since
def test_history_since_totals_the_charges_per_model_and_per_day(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    out_dir = str(tmp_path / "out")
    server.simulator.faults.add(Fault(kind="fail_task", code="service_error"))
    assert run(capsys, "generate", "nano-banana", "a failed cat", "--out", out_dir)[0] == 1
    assert run(capsys, "generate", "nano-banana", "a cat", "--out", out_dir)[0] == 0
    assert run(capsys, "generate", "mj-v7", "a grid", "--out", out_dir)[0] == 0
    # A task of another API (the built-in simulator) in the same journal is not counted with this one's.
    journal = str(tmp_path / "journal.sqlite3")
    elsewhere = ["generate", "nano-banana", "elsewhere", "--simulator", "--journal", journal, "--out", out_dir]
    assert run(capsys, *elsewhere)[0] == 0
    code, out, err = run(capsys, "history", "--since", "1h", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["base_url"] == server.url
    total = shown["total"]
    assert (total["tasks"], total["charged"], total["refunded"], total["held"]) == (3, pytest.approx(3.0), 1.2, 0)
    assert shown["by_model"]["nano-banana-2-lite-beta"]["tasks"] == 2
    assert shown["by_model"]["mj-v7"]["charged"] == 1.8
    assert list(shown["by_day"]) == [time.strftime("%Y-%m-%d", time.gmtime())]
    code, out, _ = run(capsys, "history", "--since", "1h")
    assert code == 0
    assert out.splitlines()[0].endswith(f"at {server.url}: 3 task(s), 4.2 credits reserved, 3 charged, 1.2 refunded")
    assert "mj-v7" in out and "by day (UTC)" in out
    other = next(e.base_url for e in ei.Journal(tmp_path / "journal.sqlite3").entries() if e.prompt == "elsewhere")
    code, out, _ = run(capsys, "--base-url", other, "history", "--since", "1h")
    assert code == 0 and f"at {other}: 1 task(s), 1.2 credits reserved, 1.2 charged" in out, "that API's own"


def test_history_since_a_moment_after_every_task_counts_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    assert run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path))[0] == 0
    code, out, _ = run(capsys, "history", "--since", "1h")
    assert code == 0 and "1 task(s)" in out
    (entry,) = ei.Journal(tmp_path / "journal.sqlite3").entries()
    just_after = datetime.fromtimestamp(entry.created_at + 0.001).astimezone().isoformat()  # the task took longer
    code, out, _ = run(capsys, "history", "--since", just_after)
    assert code == 0 and "0 task(s)" in out


# ---------------------------------------------------------------------------------------------- the exit codes
def test_the_moderation_exit_code_is_documented_where_the_exit_codes_are() -> None:
    root = Path(__file__).resolve().parent.parent
    assert "3 refused by moderation" in " ".join(str(cli_main.__doc__).split())
    assert "| 3 | refused by moderation" in (root / "docs" / "guides" / "cli.md").read_text(encoding="utf-8")
    assert "3 refused by moderation" in " ".join((root / "README.md").read_text(encoding="utf-8").split())
    codes = {cli_main.EXIT_OK, cli_main.EXIT_FAILED, cli_main.EXIT_USAGE, cli_main.EXIT_INTERRUPTED}
    assert cli_main.EXIT_MODERATION not in codes, "a code of its own"


def test_a_create_refused_for_its_content_exits_3_and_says_nothing_was_charged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTTP-level refusal (a 400 with a moderation code): no task was made, so nothing was charged."""
    monkeypatch.setenv("EVOLINK_BASE_URL", "https://api.evolink.ai")
    code_of_refusal = sorted(MODERATION_HTTP_CODES)[0]
    body = {"error": {"code": code_of_refusal, "message": "blocked by the content filter", "type": "x"}}
    with respx.mock(assert_all_called=True) as api:
        create = api.post("https://api.evolink.ai/v1/images/generations").respond(400, json=body)
        code, _, err = run(capsys, "generate", "nano-banana", "a cat", "--no-journal")
    assert code == 3 and create.call_count == 1
    lines = err.strip().splitlines()
    assert lines[0] == f"error: HTTP 400 {code_of_refusal}: blocked by the content filter"
    assert "the same input will be refused again" in lines[1]
    assert lines[2] == "  no task was made: nothing was charged"


def test_estimate_learns_from_the_journal_and_says_from_how_many_charges(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    code, out, _ = run(capsys, "generate", "nano-banana", "a cat", "--estimate")
    assert code == 0 and "(EvoLink's docs)" in out, "an empty journal: the docs' figure"
    for prompt in ("a cat", "a dog"):
        assert run(capsys, "generate", "nano-banana", prompt, "--out", str(tmp_path))[0] == 0
    code, out, _ = run(capsys, "generate", "nano-banana", "a bird", "--estimate")
    assert code == 0
    assert (
        "estimate: 1.2 credits for nano-banana-2-lite-beta, 1 image(s) (the median of 2 charge(s) in your journal)"
        in out
    )
    code, out, _ = run(capsys, "generate", "nano-banana", "a bird", "--estimate", "--no-journal")
    assert "(EvoLink's docs)" in out, "--no-journal: nothing learned"
