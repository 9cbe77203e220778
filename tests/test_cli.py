"""The evolink-images CLI, end to end against the simulator on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import evolink_images as ei
import httpx
import pytest
from evolink_images.cli import _main as cli_main
from evolink_images.cli import main
from evolink_images.simulator import Fault, SimulatorServer
from evolink_images.simulator._shared import stop_shared

from tests.simulated import png_size


@pytest.fixture(autouse=True)
def _point_the_cli_at_the_simulator(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-test")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; generate and wait poll every 50 ms (the schedule has its own tests)."""
    fast = ["--poll-interval", "0.05"] if argv[0] in {"generate", "wait"} else []
    code = main([*argv, *fast])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("model", "options", "count", "size"),
    [
        ("nano-banana-pro", ["--size", "4:3", "--quality", "2K"], 1, (512, 384)),
        ("wan-2.5", ["--size", "1440x720", "--n", "2", "--no-prompt-extend"], 2, (512, 256)),
        ("qwen-edit", ["--image-url", "https://example.com/a.png"], 1, (512, 512)),
        ("seedream-4.5", ["--quality", "2K", "--n", "2", "--prompt-priority", "standard"], 2, (512, 512)),
        ("nano-banana", ["--size", "2:3"], 1, (341, 512)),
    ],
)
def test_generate_downloads_pngs_for_each_model(
    server: SimulatorServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    model: str,
    options: list[str],
    count: int,
    size: tuple[int, int],
) -> None:
    code, out, err = run(capsys, "generate", model, "a lighthouse at dawn", *options, "--out", str(tmp_path))
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines()]
    assert len(paths) == count
    assert all(path.parent == tmp_path and png_size(path) == size for path in paths)
    assert "submitted task-unified-" in err and "completed 100%" in err


def test_json_output(server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "generate", "nano-banana", "a cat", "--json", "--out", str(tmp_path))
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "completed" and len(result["files"]) == 1
    code, out, _ = run(capsys, "status", result["id"], "--json")
    assert code == 0 and json.loads(out)["id"] == result["id"]


def test_a_validation_error_is_one_line_exit_2_and_sends_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "generate", "wan-2.5", "a cat", "--size", "16:9")
    assert code == 2
    assert err.strip().splitlines() == [
        "error: --size 16:9 for wan2.5-text-to-image: must be WIDTHxHEIGHT in pixels, like 1280x1280"
    ]
    assert "Traceback" not in err and out == ""
    assert server.simulator.stats.requests == 0


def test_unknown_model_suggests_the_closest(server: SimulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "seedream", "x", "--n", "20")
    assert code == 2 and "--n 20" in err and "at most 15" in err
    code, _, err = run(capsys, "generate", "nano-banan", "x")
    assert code == 2 and "did you mean 'nano-banana'" in err


def test_a_failed_task_exits_1_with_its_code(server: SimulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.simulator.faults.add(Fault(kind="fail_task", code="image_processing_error"))
    code, _, err = run(capsys, "generate", "nano-banana", "a cat")
    assert code == 1  # a moderation code has its own: tests/test_cli_costs.py
    assert "image_processing_error" in err and "Change the input" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("fault", "expected_code", "words"),
    [
        (Fault(kind="rate_limit", route="create", count=2, retry_after=0.05), 0, ""),
        (Fault(kind="server_error", route="task", count=2, status=503), 0, ""),
        (Fault(kind="slow", route="task", delay=0.2), 0, ""),
        (Fault(kind="malformed", route="task"), 0, ""),
        (Fault(kind="drop", route="task"), 0, ""),
        (Fault(kind="drop", route="create"), 1, "may have been created"),
        (Fault(kind="server_error", route="create", status=500), 1, "charge twice"),
        (Fault(kind="expire_results"), 1, "expired"),
        (Fault(kind="fail_task", code="service_error"), 1, "A new task may succeed later"),
    ],
    ids=lambda v: getattr(v, "kind", None) and f"{v.kind}-{v.route}",
)
def test_each_fault_mode(
    server: SimulatorServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fault: Fault,
    expected_code: int,
    words: str,
) -> None:
    server.simulator.faults.add(fault)
    code, out, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path))
    assert code == expected_code, err
    assert words in err
    assert "Traceback" not in err
    if expected_code == 0:
        assert png_size(Path(out.strip())) == (512, 512)
    created = 0 if (fault.kind, fault.route) == ("server_error", "create") else 1
    assert server.simulator.stats.tasks_created == created, "never a second task for one command"


def test_ctrl_c_while_waiting_leaves_the_task_and_says_how_to_resume(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupt(self: object, task: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main.ProgressDisplay, "__call__", interrupt)
    code, _, err = run(capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path))
    assert code == 130
    task_id = err.split("Task ")[1].split()[0]
    assert f"evolink-images wait {task_id}" in err
    monkeypatch.undo()
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-test")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    code, out, _ = run(capsys, "wait", task_id, "--out", str(tmp_path))
    assert code == 0 and Path(out.strip()).name == f"{task_id}-0.png"


def test_missing_key_is_a_usage_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY", raising=False)
    code, _, err = run(capsys, "status", "task-1")
    assert code == 2 and "EVOLINK_API_KEY" in err and "Traceback" not in err


def test_api_errors_are_one_line(server: SimulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "status", "task-unified-0-nothere")
    assert code == 1
    assert err.strip() == err.strip().splitlines()[0]
    assert "HTTP 404 task_not_found" in err


def test_debug_shows_the_traceback(server: SimulatorServer) -> None:
    with pytest.raises(Exception, match="task_not_found"):
        main(["--debug", "status", "task-unified-0-nothere"])


def test_models_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models")
    assert code == 0
    for text in (
        "gemini-3-pro-image-preview",
        "nano-banana-pro",
        "== Seedream ==",
        "1-4",
        "1-3 (required)",
        "up to 14",
        "quality (1K, 2K, 4K)",
    ):
        assert text in out
    code, out, _ = run(capsys, "models", "--json")
    models = [json.loads(line) for line in out.splitlines()]  # JSON Lines: one model a line
    assert [m["id"] for m in models] == list(ei.presets)
    seedream = next(model for model in models if model["id"] == "doubao-seedream-4.5")
    assert (seedream["family"], seedream["fields"]["n"]["maximum"]) == ("Seedream", 15)


def test_bad_fault_spec_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "simulator", "--fault", "explode")
    assert code == 2 and "unknown fault" in err


def test_the_simulator_command_names_every_progress_curve_and_refuses_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evolink_images.simulator import PROGRESS_CURVES  # noqa: PLC0415

    with pytest.raises(SystemExit):
        run(capsys, "simulator", "--help")
    help_text = " ".join(capsys.readouterr().out.split())
    assert all(curve in help_text for curve in PROGRESS_CURVES), help_text
    code, _, err = run(capsys, "simulator", "--progress", "sigmoid")
    assert code == 2 and "--progress: 'sigmoid' is not one of linear, stuck, steps, front, none" in err


def test_the_console_script_runs_the_demo_offline(tmp_path: Path) -> None:
    """What `make demo` runs, as a real process: the built-in simulator, no key, a PNG that decodes."""
    home = tmp_path / "simulator-home"  # the shared simulator it starts: the test's own, stopped below
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVOLINK_")} | {
        "EVOLINK_SIMULATOR_SPEED": "100",
        "EVOLINK_SIMULATOR_HOME": str(home),
        "EVOLINK_JOURNAL": str(tmp_path / "journal.sqlite3"),  # --simulator runs are journalled: not the user's
    }
    script = Path(sys.executable).parent / "evolink-images"
    try:
        result = _demo(script, env, tmp_path)
    finally:
        stop_shared(home)
    assert result.returncode == 0, result.stderr
    assert "SIMULATOR" in result.stderr and "not EvoLink results" in result.stderr
    assert png_size(Path(result.stdout.strip())) == (512, 288)


def _demo(script: Path, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(script),
            "generate",
            "nano-banana",
            "a lighthouse",
            "--size",
            "16:9",
            "--simulator",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_history_and_resume_commands(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))

    def interrupt(self: object, task: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main.ProgressDisplay, "__call__", interrupt)
    assert run(capsys, "generate", "nano-banana", "a fox in snow", "--out", str(tmp_path / "first"))[0] == 130
    monkeypatch.undo()
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-test")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    code, out, _ = run(capsys, "history", "--json")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["state"], row["prompt"], row["files"]) == ("submitted", "a fox in snow", [])
    code, out, _ = run(capsys, "resume")
    assert code == 0 and "downloaded" in out
    assert (tmp_path / "first" / f"{row['task_id']}-0.png").exists(), "resumed into the folder generate asked for"
    code, out, _ = run(capsys, "history")
    assert code == 0 and "downloaded" in out and "a fox in snow" in out
    code, _, err = run(capsys, "resume")
    assert code == 0 and "nothing to resume" in err


def test_no_journal_records_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    assert run(capsys, "generate", "nano-banana", "x", "--out", str(tmp_path), "--no-journal")[0] == 0
    assert not (tmp_path / "journal.sqlite3").exists()


# ---------------------------------------------------------------------------------------------- --param, --no-validate
def created_bodies(server: SimulatorServer) -> list[dict]:
    return [
        {"model": task.model, "prompt": task.prompt, "size": task.size} for task in server.simulator._tasks.values()
    ]


def test_param_sends_any_field_with_json_values_and_nests_on_dots(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[dict] = []
    original = cli_main.EvoLink.submit

    def spy(self, model, prompt=None, **params):
        sent.append({"model": model, "prompt": prompt, **params})
        return original(self, model, prompt, **params)

    monkeypatch.setattr(cli_main.EvoLink, "submit", spy)
    code, _, err = run(
        capsys, "generate", "nano-banana-2", "a fox", "--out", str(tmp_path),
        "--param", "model_params.web_search=true", "--param", "model_params.thinking_level=high",
        "--param", "quality=4K",
    )  # fmt: skip
    assert code == 0, err
    (call,) = sent
    assert call["model_params"] == {"web_search": True, "thinking_level": "high"}
    assert call["quality"] == "4K" and call["validate"] is True


@pytest.mark.parametrize(
    ("params", "words"),
    [
        (["--param", "quality"], "expected KEY=VALUE"),
        (["--size", "1:1", "--param", "size=16:9"], "size is already given"),
        (["--param", "model_params=3", "--param", "model_params.web_search=true"], "already set to a value"),
    ],
)
def test_a_bad_param_is_a_usage_error(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], params: list[str], words: str
) -> None:
    code, _, err = run(capsys, "generate", "nano-banana-2", "a fox", *params)
    assert code == 2 and words in err and "Traceback" not in err
    assert server.simulator.stats.requests == 0


def test_no_validate_sends_what_the_checks_would_refuse(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "generate", "wan-2.5", "a cat", "--n", "9")
    assert code == 2 and "--n 9" in err and server.simulator.stats.requests == 0
    code, _, err = run(capsys, "generate", "wan-2.5", "a cat", "--n", "9", "--no-validate", "--no-download")
    # The simulator, as a server would, refuses what the API documents it refuses: the request went out unchecked.
    assert code == 1 and "HTTP 400" in err and "n: 9 is greater than the maximum of 4" in err
    assert server.simulator.stats.creates_received == 1


def test_a_layer_decomposition_needs_no_prompt(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "generate", "seedream-layerize", "--image-url", "https://example.com/p.png",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    assert len(out.split()) == 3, "the base image and two layers"


def test_models_lists_one_family_or_one_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "qwen")
    assert code == 0 and out.startswith("== Qwen ==")
    assert [line.split()[0] for line in out.splitlines() if line.startswith("qwen-")] == [
        model.id for model in ei.presets.values() if model.family == "Qwen"
    ]
    code, out, _ = run(capsys, "models", "wan-2.5", "--json")
    assert [model["id"] for model in map(json.loads, out.splitlines())] == ["wan2.5-text-to-image"]
    code, _, err = run(capsys, "models", "dall-e")
    assert code == 2 and "families: GPT Image" in err


# ------------------------------------------------------------------------------------------------ provenance
def test_generate_saves_how_each_image_was_made_and_info_shows_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "generate", "nano-banana", "a lighthouse, at dawn", "--size", "16:9", "--out", str(tmp_path)
    )
    assert code == 0, err
    (path,) = [Path(line) for line in out.splitlines()]
    code, out, err = run(capsys, "info", str(path))
    assert code == 0, err
    lines = dict(line.split(None, 1) for line in out.splitlines() if not line.startswith(" "))
    assert lines["prompt"] == "a lighthouse, at dawn" and lines["task"].startswith("task-unified-")
    assert "size" in out and "16:9" in out and f"evolink-images {ei.__version__}" in out
    code, out, _ = run(capsys, "info", str(path), "--json")
    record = json.loads(out)
    assert (code, record["prompt"], record["stored_in"], record["file"]) == (
        0,
        "a lighthouse, at dawn",
        "png",
        str(path),
    )


def test_no_metadata_saves_the_file_as_served(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "generate", "nano-banana", "a private prompt", "--no-metadata", "--json", "--out", str(tmp_path)
    )
    assert code == 0, err
    shown = json.loads(out)
    (path,) = [Path(name) for name in shown["files"]]
    assert path.read_bytes() == httpx.get(shown["results"][0]).content, "byte for byte what the server sent"
    assert list(tmp_path.iterdir()) == [path], "and no sidecar"
    code, _, err = run(capsys, "info", str(path))
    assert code == 1 and "no evolink-images metadata" in err


@pytest.mark.parametrize("target", ["missing.png", "."])
def test_info_on_something_that_is_not_a_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str
) -> None:
    code, _, err = run(capsys, "info", str(tmp_path / target))
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    """`evolink-images models --json | head -1`: the reader is gone before the output is; the command ends quietly.

    The read end is closed before the command writes, so every run meets the broken pipe (however large the pipe's
    buffer), as `head` leaves it once it has its line.
    """
    command = [sys.executable, "-c", "from evolink_images.cli import run; run()", "models", "--json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        err = process.stderr.read().decode()
        code = process.wait()
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 0, "the reader had what it wanted: not a failure (1 means the API refused)"
