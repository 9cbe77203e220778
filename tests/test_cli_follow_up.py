"""The follow-up command against the simulator on loopback: a grid, an upscale of image 2, a variation of the grid's
image 0, then the upscale refused when upscaled again, with the documented 403, all from the CLI; a V8.2 draft's 24
sketches, its 24th varied, and image numbers beyond the schema or the parent refused before sending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evolink_images import Journal
from evolink_images._png import read_text
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer


@pytest.fixture(autouse=True)
def _point_the_cli_at_the_simulator(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-test")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    fast = ["--poll-interval", "0.05"] if argv[0] in {"generate", "follow-up"} else []
    code = main([*argv, *fast])
    out, err = capsys.readouterr()
    return code, out, err


def test_grid_upscale_variation_and_the_refused_upscale(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "images")
    code, stdout, _ = run(capsys, "generate", "mj-v7", "a lighthouse at dawn --ar 16:9", "--json", "--out", out)
    assert code == 0
    grid = json.loads(stdout)
    assert len(grid["files"]) == 4, "a Midjourney grid is four images"

    code, stdout, err = run(capsys, "follow-up", grid["id"], "upscale", "--image-number", "2", "--json", "--out", out)
    assert code == 0, err
    upscale = json.loads(stdout)
    assert upscale["model"] == "mj-v7-upscale" and len(upscale["files"]) == 1
    assert f"of {grid['id']}" in err

    code, stdout, err = run(capsys, "follow-up", grid["id"], "variation", "--image-number", "0", "--json", "--out", out)
    assert code == 0, err
    variation = json.loads(stdout)
    assert variation["model"] == "mj-v7-variation"

    creates = server.simulator.stats.creates_received
    code, _, err = run(capsys, "follow-up", upscale["id"], "upscale", "--out", out)
    assert code == 1, "the API refused it: exit 1, as for generate"
    assert "403" in err or "already" in err
    assert "already the result of upscale" in err, "the docs' reason is shown"
    assert server.simulator.stats.creates_received == creates + 1, "sent once, refused by the API"

    with Path(upscale["files"][0]).open("rb") as image:
        label = read_text(image).get("Comment", "")
    assert "UPSCALE" in label.upper() and "2" in label, "the drawn image says what made it"

    journal = Journal(tmp_path / "journal.sqlite3")
    parents = {entry.task_id: entry.parent_task_id for entry in journal.entries()}
    assert parents[upscale["id"]] == grid["id"] and parents[variation["id"]] == grid["id"]
    code, stdout, _ = run(capsys, "history")
    lines = stdout.splitlines()
    grid_line = next(i for i, line in enumerate(lines) if "mj-v7 " in line and "lighthouse" in line)
    below = lines[grid_line + 1 :]
    assert below[0].startswith("  └ upscale #2"), "the upscale, right below its grid"
    assert below[1].startswith("    └ upscale #0") and "rejected" in below[1], "the refused upscale, below it"
    assert below[2].startswith("  └ variation #0")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["zoom"], "it offers: upscale, variation"),
        (["upscale", "--image-number", "4"], "--image-number 4: is beyond task"),
        (["upscale", "--param", "speed=fast"], "is not a parameter of mj-v7-upscale"),
        (["upscale", "--param", "nonsense"], "expected KEY=VALUE"),
    ],
)
def test_refusals_exit_2_and_send_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    code, stdout, _ = run(capsys, "generate", "mj-v7", "a cat", "--json", "--out", str(tmp_path))
    assert code == 0
    grid = json.loads(stdout)["id"]
    creates = server.simulator.stats.creates_received
    code, _, err = run(capsys, "follow-up", grid, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert server.simulator.stats.creates_received == creates


def test_a_parent_that_is_not_midjourney_is_refused(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, stdout, _ = run(capsys, "generate", "nano-banana", "a cat", "--json", "--out", str(tmp_path))
    parent = json.loads(stdout)["id"]
    creates = server.simulator.stats.creates_received
    code, _, err = run(capsys, "follow-up", parent, "upscale")
    assert code == 2 and "follow-ups work on tasks of" in err
    assert server.simulator.stats.creates_received == creates


def _parsed(*argv: str) -> dict[str, object]:
    from evolink_images.cli._follow_up import follow_up_params  # noqa: PLC0415
    from evolink_images.cli._main import build_parser  # noqa: PLC0415

    return follow_up_params(build_parser().parse_args(["follow-up", "task-unified-1", "remix", *argv]))


def test_params_are_json_except_where_every_operation_takes_text() -> None:
    params = _parsed(
        "--image-number", "1", "--param", "prompt=1984", "--param", "scale=2", "--param", 'mask={"url": "u"}'
    )
    assert params == {"image_number": 1, "prompt": "1984", "scale": 2, "mask": {"url": "u"}}
    assert _parsed("--param", "mode=strong") == {"mode": "strong"}


def test_the_text_guard_matters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the list of text fields, a prompt that reads as JSON would be sent as a number (and refused)."""
    from evolink_images.cli import _follow_up  # noqa: PLC0415

    monkeypatch.setattr(_follow_up, "_text_fields", set)
    assert _parsed("--param", "prompt=1984") == {"prompt": 1984}


def test_a_param_given_twice_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["follow-up", "task-unified-1", "remix", "--prompt", "a", "--param", "prompt=b"])
    assert code == 2 and "given twice" in capsys.readouterr().err


def test_a_v8_2_draft_is_24_sketches_and_its_24th_can_be_varied(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "images")
    speed = ["--param", "model_params.speed=draft"]
    code, stdout, err = run(capsys, "generate", "mj-v8.2", "a lighthouse, pencil", *speed, "--json", "--out", out)
    assert code == 0, err
    sketches = json.loads(stdout)
    assert len(sketches["files"]) == 24, "a V8.2 draft is 24 sketches"
    code, stdout, err = run(
        capsys, "follow-up", sketches["id"], "variation", "--image-number", "23", "--json", "--out", out
    )
    assert code == 0, err
    assert json.loads(stdout)["model"] == "mj-v8.2-variation"

    creates = server.simulator.stats.creates_received
    code, stdout, err = run(capsys, "follow-up", sketches["id"], "variation", "--image-number", "24", "--json")
    assert code != 0 and "--image-number 24" in err, "beyond the schema's 0-23: refused before sending"
    code, stdout, err = run(capsys, "generate", "mj-v8.2", "a harbour", "--json", "--out", out)
    grid = json.loads(stdout)
    code, _, err = run(capsys, "follow-up", grid["id"], "variation", "--image-number", "4", "--json")
    assert code != 0 and "beyond task" in err, "a grid has four images: refused before sending"
    assert server.simulator.stats.creates_received == creates + 1, "only the grid was sent"
