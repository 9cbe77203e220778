"""Every CLI option is checked before the simulator starts or anything is sent; the checks are shown to matter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import evolink_images.simulator as simulator_package
import pytest
from evolink_images._batch import check_batch
from evolink_images.cli import _main as cli_main
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer

BATCH_LINE = '{"model": "nano-banana", "prompt": "a cat"}\n'


class ServerStartedError(Exception):
    """Raised by the stand-in server: the command got as far as starting the simulator."""


@pytest.fixture
def starts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to start a simulator server or find the shared one (--simulator), recorded (and stopped there)."""
    attempts: list[Any] = []

    def stand_in(*args: Any, **kwargs: Any) -> None:
        attempts.append((args, kwargs))
        raise ServerStartedError

    monkeypatch.setattr(simulator_package, "SimulatorServer", stand_in)
    monkeypatch.setattr(cli_main, "_shared_simulator", stand_in)
    return attempts


@pytest.fixture(autouse=True)
def _the_api_is_the_shared_simulator(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-test")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)


def cases(tmp_path: Path) -> list[tuple[list[str], str]]:
    """(argv, what the error must name) for one bad value of each checked option, in each command that has it."""
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("not a folder")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(BATCH_LINE)
    generate = ["generate", "nano-banana", "a cat", "--simulator"]
    return [
        ([*generate, "--timeout", "0"], "--timeout=0.0: must be a positive number"),
        ([*generate, "--timeout", "nan"], "--timeout=nan"),
        ([*generate, "--poll-interval", "-1"], "--poll-interval=-1.0"),
        ([*generate, "--out", str(a_file)], "is a file, not a folder"),
        ([*generate, "--out", str(a_file / "below")], "cannot be created"),
        ([*generate, "--journal", str(tmp_path)], "--journal"),
        ([*generate, "--size", "7:5"], "size"),
        (["generate", "no-such-model", "a cat", "--simulator"], "no-such-model"),
        (["wait", "task with spaces"], "TASK_ID=task with spaces"),
        (["wait", "task-1", "--timeout", "inf"], "--timeout=inf"),
        (["batch", str(batch), "--concurrency", "0", "--simulator"], "--concurrency=0: must be at least 1"),
        (["batch", str(batch), "--max-credits", "-3", "--simulator"], "--max-credits=-3.0"),
        (["batch", str(batch), "--timeout", "-1", "--simulator"], "--timeout=-1.0"),
        (["batch", str(batch), "--out", str(a_file), "--simulator"], "--out="),
        (["batch", str(tmp_path / "missing.jsonl"), "--simulator"], "no such file"),
        (["resume", "--timeout", "0"], "--timeout=0.0"),
        (["resume", "--out", str(a_file)], "--out="),
        (["history", "--limit", "0"], "--limit=0"),
        (["history", "--since", "yesterday"], "--since=yesterday: expected a span back from now"),
        (["history", "--since", "2999-01-01"], "--since=2999-01-01: that is in the future"),
        (["info", str(tmp_path)], "is a folder"),
        (["simulator", "--port", "70000"], "--port=70000: must be a TCP port"),
        (["simulator", "--speed", "0"], "--speed=0.0"),
        (["simulator", "--duration", "-1"], "--duration=-1.0"),
        (["simulator", "--latency", "-0.5"], "--latency=-0.5"),
        (["simulator", "--balance", "-1"], "--balance=-1.0: must be a finite number, 0 or more"),
        (["simulator", "--key-daily-limit", "nan"], "--key-daily-limit=nan"),
        (["simulator", "--progress", "sigmoid"], "sigmoid"),
        (["simulator", "--fault", "explode"], "explode"),
    ]


CASE_COUNT = 29


@pytest.mark.parametrize("index", range(CASE_COUNT))
def test_a_bad_option_is_refused_before_anything_starts(
    index: int,
    tmp_path: Path,
    server: SimulatorServer,
    starts: list[Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv, named = cases(tmp_path)[index]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert named in err and err.startswith("error: ") and "Traceback" not in err
    assert starts == [], "the simulator was not started"
    assert server.simulator.stats.requests == 0, "nothing was sent"


def test_every_case_is_run(tmp_path: Path) -> None:
    assert len(cases(tmp_path)) == CASE_COUNT


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "nano-banana", "a cat", "--simulator", "--timeout", "0"],
        ["batch", "{batch}", "--concurrency", "0", "--simulator"],
    ],
)
def test_without_the_checks_the_simulator_would_start(
    argv: list[str], tmp_path: Path, starts: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard is what keeps the simulator from starting: removed, the same commands get that far."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text(BATCH_LINE)
    monkeypatch.setattr(cli_main, "check_options", lambda args: None)
    monkeypatch.setattr(cli_main.batch_commands, "load_lines", lambda args: check_batch(batch))
    with pytest.raises(ServerStartedError):
        cli_main.main([part.replace("{batch}", str(batch)) for part in argv])
    assert len(starts) == 1


def test_without_the_request_check_a_bad_size_would_start_the_simulator(
    starts: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_main, "validate_locally", lambda *args: None)
    with pytest.raises(ServerStartedError):
        cli_main.main(["generate", "nano-banana", "a cat", "--simulator", "--size", "7:5"])
    assert len(starts) == 1
