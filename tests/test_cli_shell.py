"""The command line in a shell: options anywhere, the closest name for a typo, JSON Lines, and closed pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images.cli import _parsing, main
from evolink_images.cli._main import build_parser
from evolink_images.simulator import SimulatorServer

from tests.conftest import PNG

# Nothing listens here: a command that used it instead of the --base-url given would fail.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _a_key_and_no_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-shell")
    monkeypatch.setenv("EVOLINK_BASE_URL", NOWHERE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------------------------ options anywhere
@pytest.mark.parametrize(
    ("argv", "base_url", "debug"),
    [
        (["generate", "nano-banana", "a cat", "--base-url", "http://a:1", "--debug"], "http://a:1", True),
        (["--base-url", "http://a:1", "generate", "nano-banana", "a cat"], "http://a:1", False),
        (["--debug", "status", "task-1", "--base-url", "http://b:2"], "http://b:2", True),
        (["--base-url", "http://a:1", "status", "task-1", "--base-url", "http://b:2"], "http://b:2", False),
        (["files", "quota", "--base-url", "http://b:2", "--debug"], "http://b:2", True),
        (["history", "--files-base-url", "http://f:3"], None, False),
        (["models"], None, False),
    ],
)
def test_the_options_of_every_command_work_before_and_after_it(
    argv: list[str], base_url: str | None, debug: bool
) -> None:
    args = build_parser().parse_args(argv)
    assert (args.base_url, args.debug) == (base_url, debug)
    assert args.files_base_url == ("http://f:3" if "--files-base-url" in argv else None)


def test_a_command_that_does_not_repeat_an_option_keeps_the_one_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' copies have no default of their own: with one (None), the value given before is lost."""
    argv = ["--base-url", "http://a:1", "--debug", "status", "task-1"]
    kept = build_parser().parse_args(argv)
    assert (kept.base_url, kept.debug) == ("http://a:1", True)
    original = _parsing.add_global_options
    monkeypatch.setattr(_parsing, "add_global_options", lambda parser, shared=False: original(parser))
    broken = build_parser().parse_args(argv)
    assert (broken.base_url, broken.debug) == (None, False)


def test_generate_with_base_url_after_the_command_runs_against_it(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "generate", "nano-banana", "a cat", "--out", str(tmp_path), "--poll-interval", "0.05",
        "--base-url", server.url, "--debug",
    )  # fmt: skip
    assert code == 0, err
    assert Path(out.strip()).parent == tmp_path
    assert server.simulator.stats.requests >= 2, "the create and the polls went to the --base-url given last"


def test_every_command_lists_the_options_of_every_command_in_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["history", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--base-url" in text and "--debug" in text and "the later wins" in text


# ------------------------------------------------------------------------------------------------ did you mean
@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["generate", "nano-banana", "a cat", "--szie", "16:9"],
            "generate: unknown option --szie; did you mean --size?",
        ),
        (["generate", "nano-banana", "a cat", "--szie=16:9"], "generate: unknown option --szie; did you mean --size?"),
        (
            ["generate", "wan-2.5", "a cat", "--prompt-extnd"],
            "generate: unknown option --prompt-extnd; did you mean --prompt-extend?",
        ),
        (
            ["generate", "nano-banana", "a cat", "--base-ulr", "x"],
            "generate: unknown option --base-ulr; did you mean --base-url?",
        ),
        (["--debgu", "status", "task-1"], "status: unknown option --debgu; did you mean --debug?"),
        (["status", "task-1", "--jsn"], "status: unknown option --jsn; did you mean --json?"),
        (["files", "quota", "--jsno"], "files quota: unknown option --jsno; did you mean --json?"),
        (["history", "--frobnicate"], "history: unknown option --frobnicate; `evolink-images history --help`"),
        (["status", "task-1", "task-2"], "status: unexpected argument task-2"),
        (["generat", "nano-banana", "a cat"], "unknown command 'generat'; did you mean 'generate'? commands: models,"),
        (["--base-url", NOWHERE, "histroy"], "unknown command 'histroy'; did you mean 'history'?"),
        (["frobnicate"], "unknown command 'frobnicate'; commands: models, generate"),
    ],
)
def test_a_mistyped_option_or_command_is_answered_with_the_closest_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "", "refused before anything is sent (the API is nowhere: a request would exit 1)"
    assert err.startswith(f"error: {line}") and err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("flag", "param"),
    [("--web-search", "model_params.web_search"), ("--model-params", "model_params.KEY")],
)
def test_a_field_without_a_flag_of_its_own_is_answered_with_param(
    capsys: pytest.CaptureFixture[str], flag: str, param: str
) -> None:
    code, _, err = run(capsys, "generate", "nano-banana-2", "a cat", flag, "true")
    assert code == 2
    assert (
        err
        == f"error: generate: unknown option {flag}; did you mean --param {param}=VALUE? (it has no flag of its own)\n"
    )


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["generate", "nano-banana", "a cat", "--prompt", "x"], "generate: ambiguous option: --prompt could match"),
        (["generate"], "generate: the following arguments are required: model"),
        (["generate", "wan-2.5", "a cat", "--n", "two"], "generate: argument --n: invalid int value: 'two'"),
    ],
)
def test_a_command_s_usage_mistake_is_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], line: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith(f"error: {line}") and err.count("\n") == 1, err
    assert err.rstrip().endswith(f"(`evolink-images {argv[0]} --help` lists what it takes)")


def test_without_a_command_argparse_says_so_with_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and err.startswith("usage: evolink-images") and "COMMAND" in err


# ------------------------------------------------------------------------------------------------ JSON Lines
def _lines(out: str) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(isinstance(row, dict) for row in rows)
    return rows


def test_models_json_is_one_model_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "--json")
    assert code == 0 and [row["id"] for row in _lines(out)] == list(ei.presets)
    code, out, _ = run(capsys, "models", "wan-2.5", "--json")
    assert code == 0 and [row["id"] for row in _lines(out)] == ["wan2.5-text-to-image"]


def test_history_json_is_one_request_a_line_and_since_one_object(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for prompt in ("a fox", "an owl"):
        code, _, err = run(
            capsys, "--base-url", server.url, "generate", "nano-banana", prompt, "--out", str(tmp_path),
            "--poll-interval", "0.05",
        )  # fmt: skip
        assert code == 0, err
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0 and [row["prompt"] for row in _lines(out)] == ["an owl", "a fox"]
    code, out, _ = run(capsys, "history", "--json", "--since", "1d", "--base-url", server.url)
    totals = json.loads(out)
    assert code == 0 and totals["total"]["tasks"] == 2


def test_upload_json_is_one_file_a_line(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = [tmp_path / "a.png", tmp_path / "b.png"]
    for index, path in enumerate(files):
        path.write_bytes(PNG + bytes([index]))  # two contents: two uploads
    code, out, err = run(capsys, "upload", *map(str, files), "--json", "--base-url", server.url)
    assert code == 0, err
    assert [row["file"] for row in _lines(out)] == [str(path) for path in files]


# ------------------------------------------------------------------------------------------------ closed pipes
def _closed_early(entry: str, *argv: str, env: dict[str, str]) -> tuple[int, str]:
    """Run the CLI through *entry* with its stdout a pipe whose reader is gone before anything is written."""
    command = [sys.executable, "-c", entry, *argv]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        err = process.stderr.read().decode()
        return process.wait(timeout=60), err


RUN = "from evolink_images.cli import run; run()"


@pytest.mark.parametrize(
    "argv",
    [
        ["models"],  # more than a pipe's buffer: broken while printing
        ["models", "wan-2.5", "--json"],  # one line, still buffered: broken at the flush on the way out
        ["history", "--json"],
        ["history"],
    ],
)
def test_a_reader_that_goes_away_ends_the_command_quietly_with_0(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    code, _, err = run(
        capsys, "--base-url", server.url, "generate", "nano-banana", "a cat", "--no-download", "--poll-interval", "0.05"
    )
    assert code == 0, err
    code, err = _closed_early(RUN, *argv, env=dict(os.environ))
    assert (code, err) == (0, "")


def test_without_the_handler_a_closed_pipe_is_loud() -> None:
    """The companion: the same command through main alone (no handler) fails or reports the failed flush."""
    _, err = _closed_early(
        "import sys; from evolink_images.cli import main; sys.exit(main())", "models", "--json", env=dict(os.environ)
    )
    assert "BrokenPipeError" in err
