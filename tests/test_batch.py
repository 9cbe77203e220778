"""Batches against the loopback simulator: validation up front, concurrency, reruns, spend cap, kill and resume."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images._batch import BatchResult, read_batch, run_batch, write_contact_sheet
from evolink_images._journal import Journal
from evolink_images.cli import main
from evolink_images.simulator import Fault, Simulator, SimulatorConfig, SimulatorServer

from tests.simulated import png_size


def write_batch(path: Path, count: int, *, model: str = "nano-banana", params: dict | None = None) -> Path:
    lines = [
        json.dumps(
            {
                "model": model,
                "prompt": f"a lighthouse, study {n}",
                "params": params or {"size": "16:9"},
                "key": f"shot-{n:03d}",
            }
        )
        for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-batch-test")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    return tmp_path


def test_every_bad_line_is_reported_before_anything_is_sent(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = env / "bad.jsonl"
    batch.write_text(
        "\n".join([
            '{"model": "nano-banana", "prompt": "fine"}',
            '{"model": "wan-2.5", "prompt": "x", "params": {"n": 5}}',
            "# a comment",
            '{"model": "nano-banana", "prompt": "x", "size": "1:1"}',
            "{not json",
            '{"model": "nano-banana", "prompt": "dup", "key": "a"}',
            '{"model": "nano-banana", "prompt": "dup", "key": "a"}',
        ]) + "\n"
    )  # fmt: skip
    code, _, err = run_cli(capsys, "batch", str(batch), "--out", str(env / "out"))
    assert code == 2
    assert "4 bad line(s); nothing was sent" in err
    for number, words in (
        (2, "params.n 5 for wan2.5-text-to-image"),
        (4, "unknown key 'size'"),
        (5, "not valid JSON"),
        (7, "already used by line 6"),
    ):
        assert f"line {number}: " in err and words in err
    assert server.simulator.stats.requests == 0


def test_dry_run_prints_per_model_and_sends_nothing(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(env / "b.jsonl", 3)
    code, out, _ = run_cli(capsys, "batch", str(batch), "--dry-run")
    assert code == 0
    # nano-banana is sent as nano-banana-2-lite-beta since the docs of 2026-10 (D17).
    assert "nano-banana-2-lite-beta: 3 request(s)" in out and '"size": "16:9"' in out
    stats = server.simulator.stats
    assert stats.create_requests == 0 and stats.requests == stats.credits_reads == 1, "only the free balance read"


def test_a_batch_runs_once_and_a_rerun_skips_it(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(env / "b.jsonl", 12)
    out = env / "out"
    code, stdout, err = run_cli(capsys, "batch", str(batch), "--concurrency", "4", "--out", str(out))
    assert code == 0, err
    assert stdout.strip() == str(out / "index.html")
    assert sorted(p.name for p in out.glob("*.png")) == [f"shot-{n:03d}-0.png" for n in range(12)]
    assert "12 done" in err
    code, _, err = run_cli(capsys, "batch", str(batch), "--concurrency", "4", "--out", str(out))
    assert code == 0 and "12 skipped" in err
    assert server.simulator.stats.tasks_created == 12, "a rerun creates nothing"


def test_spend_cap_stops_new_submissions(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(env / "b.jsonl", 6)  # 1.2 credits each (nano-banana since the docs of 2026-10, D17)
    code, _, err = run_cli(
        capsys, "batch", str(batch), "--concurrency", "1", "--out", str(env / "out"), "--max-credits", "5"
    )
    assert code == 1
    assert server.simulator.stats.tasks_created == 4, "1.2 x 4 = 4.8; a fifth would pass 5"
    assert "4 done" in err and "2 not_sent" in err and "--max-credits 5" in err


def test_failed_lines_are_reported_and_retried_only_when_asked(
    env: Path, server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.simulator.faults.add(Fault(kind="fail_task", code="service_error"))
    batch = write_batch(env / "b.jsonl", 3)
    code, _, err = run_cli(capsys, "batch", str(batch), "--concurrency", "1", "--out", str(env / "out"))
    assert code == 1 and "1 failed" in err and "service_error" in err
    code, _, err = run_cli(capsys, "batch", str(batch), "--concurrency", "1", "--out", str(env / "out"))
    assert code == 1 and "2 skipped, 1 failed" in err and "--retry-failed" in err
    assert server.simulator.stats.tasks_created == 3
    code, _, err = run_cli(capsys, "batch", str(batch), "--out", str(env / "out"), "--retry-failed")
    assert code == 0 and "2 skipped" in err
    assert server.simulator.stats.tasks_created == 4


def test_two_hundred_lines_at_concurrency_sixteen(env: Path, server: SimulatorServer) -> None:
    lines, errors = read_batch(write_batch(env / "b.jsonl", 200))
    assert errors == []
    out = env / "out"

    async def run() -> BatchResult:
        async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=env / "journal.sqlite3") as client:
            return await run_batch(client, lines, out, concurrency=16)

    result = asyncio.run(run())
    assert result.count("done") == 200
    stats = server.simulator.stats
    assert (stats.creates_received, stats.tasks_created) == (200, 200), "no duplicates"
    sheet = write_contact_sheet(result, out)
    page = sheet.read_text()
    assert page.count("<img ") == 200 and "a lighthouse, study 199" in page
    assert png_size(out / "shot-000-0.png") == (512, 288)


# ---------------------------------------------------------------------------------------------- kill -9 and rerun
def _batch_process(batch: Path, out: Path, env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    script = Path(sys.executable).parent / "evolink-images"
    return subprocess.Popen(
        [str(script), "batch", str(batch), "--concurrency", "6", "--out", str(out), "--timeout", "60", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _until(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


@pytest.mark.parametrize("threshold", [6, pytest.param(14, marks=pytest.mark.slow)])  # about 16 s each
def test_a_batch_killed_with_creates_in_flight_sends_no_line_twice_unless_asked(tmp_path: Path, threshold: int) -> None:
    """SIGKILL at the worst moment: once the server has taken *threshold* creates, it holds every answer, so creates
    are in flight when the batch dies. The rerun sends each line at most once (those in flight are reported, not
    resent), and --resubmit-ambiguous resends exactly those, with their original keys. Counted at the server, which,
    like EvoLink's docs, promises nothing about Idempotency-Key."""
    lines = 30
    simulator = Simulator(SimulatorConfig(duration=0.4))
    assert not simulator.config.honour_idempotency_keys
    with SimulatorServer(simulator) as server:
        env = {**os.environ, "EVOLINK_API_KEY": "sk-kill", "EVOLINK_BASE_URL": server.url,
               "EVOLINK_JOURNAL": str(tmp_path / "journal.sqlite3")}  # fmt: skip
        batch, out = write_batch(tmp_path / "b.jsonl", lines), tmp_path / "out"
        stats = simulator.stats
        first = _batch_process(batch, out, env)
        _until(lambda: stats.creates_received >= threshold, f"{threshold} creates")
        simulator.faults.add(Fault(kind="slow", route="create", count=lines, delay=60))
        _until(lambda: stats.held_creates >= 2, "creates held in flight")
        reached = stats.creates_received
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert first.returncode == -signal.SIGKILL
        assert threshold <= reached < lines, "killed midway, after the threshold"
        time.sleep(0.3)  # what the kernel still had to deliver of the dead process's requests
        simulator.faults.clear()
        ambiguous = [entry for entry in Journal(tmp_path / "journal.sqlite3").entries() if entry.ambiguous]
        # A create the kill cut off mid-send never arrived whole (the server acts on no part of it); it is ambiguous
        # to the client all the same, which cannot know how much of it left.
        never_arrived = len(ambiguous) - stats.held_creates
        assert stats.held_creates >= 2 and never_arrived >= 0, "every create in flight at the kill is an ambiguous row"

        second = _batch_process(batch, out, env)
        _, err = second.communicate(timeout=120)
        assert second.returncode == 1 and err.count(": ambiguous: ") == len(ambiguous) and "--resubmit-ambiguous" in err
        assert stats.creates_received == lines - never_arrived, "each line was received once, the ambiguous included"
        assert max(stats.create_keys.values()) == 1, "no line was sent twice"

        third = _batch_process(batch, out, env, "--resubmit-ambiguous")
        _, err = third.communicate(timeout=120)
        assert third.returncode == 0, err
        ambiguous_keys = {entry.idempotency_key for entry in ambiguous}
        twice = {key for key, count in stats.create_keys.items() if count == 2}
        assert twice <= ambiguous_keys and len(twice) == stats.held_creates, "exactly the ambiguous lines, same keys"
        assert all(stats.create_keys.get(key) for key in ambiguous_keys), "every ambiguous line resent"
        assert max(stats.create_keys.values()) == 2, "and none more than once"
        assert stats.creates_received == lines - never_arrived + len(ambiguous)
        # This API ignores the key, as EvoLink's may: each resend of a create that had arrived made (and would
        # charge) a second task. That is the risk --resubmit-ambiguous states, and why it is never the default.
        assert stats.tasks_created == lines + stats.held_creates
        assert stats.rejected == 0, "no part of a cut-off request was acted on"
    assert sorted(p.name for p in out.glob("*.png")) == [f"shot-{n:03d}-0.png" for n in range(lines)]
    assert not list(out.glob(".*.part")), "no partial downloads are left behind"


def test_a_line_without_a_prompt_runs_and_shows_on_the_contact_sheet(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = env / "layers.jsonl"
    lines = [
        {"model": "seedream-layerize", "params": {"image_urls": ["https://example.com/poster.png"]}, "key": "poster"},
        {"model": "nano-banana", "prompt": "a <b>bold</b> fox", "key": "fox"},
    ]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, err = run_cli(capsys, "batch", str(batch), "--out", str(env / "out"))
    assert code == 0, err
    sheet = Path(out.strip()).read_text(encoding="utf-8")
    assert sheet.count('<img src="poster-') == 3, "the base image and its two layers"
    assert "a &lt;b&gt;bold&lt;/b&gt; fox" in sheet


def test_a_rerun_skipped_line_keeps_its_task_for_the_contact_sheet(env: Path, server: SimulatorServer) -> None:
    """A line done before is skipped with its task, so a follow-up line added later finds its parent on the sheet."""
    lines, _ = read_batch(write_batch(env / "b.jsonl", 2))
    out = env / "out"

    async def run() -> BatchResult:
        async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=env / "journal.sqlite3") as client:
            return await run_batch(client, lines, out, concurrency=2)

    first, second = asyncio.run(run()), asyncio.run(run())
    assert [r.outcome for r in second.results] == ["skipped", "skipped"]
    assert [r.task.id if r.task else None for r in second.results] == [r.task.id for r in first.results if r.task]
    assert all(r.task is not None and r.task.status == "completed" for r in second.results)
