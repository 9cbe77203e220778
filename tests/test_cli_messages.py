"""The CLI's errors name the flag or the command to use, never a Python keyword; the library keeps Python's words.

Each message of the library that speaks Python (``pass api_key=...``, ``extra_body={...}``, ``prompt=None``,
``pathlib.Path``, ``base_url``, ``validate=False``) is shown here in the CLI's words, and in the library's for Python.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer

from tests.conftest import PNG

# What Python says and a shell user cannot type: a keyword argument, a Python call, a Python type.
PYTHON = re.compile(r"\b\w+=(\.\.\.|None\b|False\b|True\b|\{)|extra_body|pathlib|b64decode|\bapi_key\b|\bbase_url\b")
DATA_URL = "data:image/png;base64,iVBORw0KGgo="
NANO = ei.presets["nano-banana"].id


@pytest.fixture(autouse=True)
def _the_api_is_the_simulator(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-messages")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one error line of a command refused with exit code 2, checked for Python."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert not PYTHON.search(err), err
    return err


def test_a_missing_key_says_to_set_it_or_try_the_simulator(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY")
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"model": "nano-banana", "prompt": "a cat"}\n')
    for argv in (["generate", "nano-banana", "a cat"], ["credits"], ["batch", str(batch)]):
        err = refused(capsys, *argv)
        assert "set EVOLINK_API_KEY" in err and "add --simulator to try it offline" in err, err
    err = refused(capsys, "files", "quota")
    assert "set EVOLINK_API_KEY" in err and "simulator" in err, err
    assert server.simulator.stats.requests == 0
    with pytest.raises(ei.EvoLinkError, match=r"pass api_key=\.\.\. or set the EVOLINK_API_KEY"):
        ei.EvoLink()  # Python's words for Python


def test_an_undocumented_field_says_how_the_command_line_sends_one(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "generate", "nano-banana", "a cat", "--param", "colour=blue")
    assert err.startswith(f"error: --param colour=blue for {NANO}: is not a parameter"), err
    assert "add --no-validate" in err
    with pytest.raises(ei.ValidationError, match=r"Send undocumented fields with extra_body=\{\.\.\.\}\."):
        ei.EvoLink(api_key="k").submit("nano-banana", "a cat", colour="blue")


def test_a_missing_prompt_names_the_argument(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "generate", "nano-banana")
    assert err.startswith(f"error: PROMPT for {NANO}: is required"), err
    with pytest.raises(ei.ValidationError, match=r"^prompt=None for"):
        ei.EvoLink(api_key="k").submit("nano-banana", None)


def test_a_data_url_says_to_pass_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "generate", "nano-banana", "a cat", "--image-url", DATA_URL)
    assert err.startswith(f"error: --image-url '{DATA_URL}' for ") and "is a data: URL" in err, err
    assert "pass --image FILE" in err
    with pytest.raises(ei.ValidationError, match="pass its bytes"):
        ei.EvoLink(api_key="k").submit("nano-banana", "a cat", image_urls=[DATA_URL])


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--base-url", "ftp://example.com", "status", "task-1"], "--base-url=ftp://example.com: must be an http(s)"),
        (["status", "task-1", "--files-base-url", "nohost"], "--files-base-url=nohost: must be an http(s) URL"),
        (["status", "task with spaces"], "TASK_ID=task with spaces"),
        (["generate", "nano-banan", "a cat"], "MODEL nano-banan: unknown model; did you mean 'nano-banana'?"),
        (["generate", "seedream", "a cat", "--n", "20"], "--n 20 for doubao-seedream-4.5: must be at most 15"),
        (["generate", "wan-2.5", "a cat", "--no-prompt-extend", "--size", "1:1"], "--size 1:1 for wan2.5"),
    ],
)
def test_each_refusal_names_the_flag_or_argument(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert words in refused(capsys, *argv)


def test_the_library_names_the_variable_a_bad_base_url_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOLINK_BASE_URL", "nohost")
    with pytest.raises(ei.EvoLinkError, match=r"^EVOLINK_BASE_URL must be an http"):
        ei.EvoLink(api_key="k")
    with pytest.raises(ei.EvoLinkError, match=r"^base_url must be an http"):
        ei.EvoLink(api_key="k", base_url="nohost")


def test_a_batch_line_is_refused_in_the_file_s_own_terms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        '{"model": "nano-banana", "prompt": "a cat", "params": {"colour": "blue"}}\n'
        '{"model": "nano-banana"}\n'
        f'{{"model": "nano-banana", "prompt": "a cat", "params": {{"image_urls": ["{DATA_URL}"]}}}}\n'
    )
    code = main(["batch", str(batch), "--dry-run"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert not PYTHON.search(err), err
    assert f'line 1: params.colour "blue" for {NANO}: is not a parameter' in err
    assert "A batch line sends documented fields only" in err and "--no-validate --param KEY=VALUE" in err
    assert f"line 2: prompt for {NANO}: is required" in err
    assert f'line 3: params.image_urls[0] "{DATA_URL}"' in err and "name the file there instead" in err


def test_no_validate_warns_in_words_both_read(server: SimulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    main(["generate", "nano-banana", "a cat", "--no-validate", "--no-download", "--poll-interval", "0.05"])
    err = capsys.readouterr().err
    assert f"warning: {NANO}: sent without client-side validation" in err
    assert not PYTHON.search(err), err


def test_info_on_an_image_without_a_record_names_the_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    image = tmp_path / "plain.png"
    image.write_bytes(PNG)
    assert main(["info", str(image)]) == 1
    err = capsys.readouterr().err
    assert "--no-metadata" in err and not PYTHON.search(err), err


def test_the_python_pattern_catches_what_the_library_says() -> None:
    """The companion of every check above: PYTHON finds the library's own words, so its absence means something."""
    for action in (
        lambda: ei.EvoLink(api_key="k").submit("nano-banana", "a cat", colour="blue"),
        lambda: ei.EvoLink(api_key="k").submit("nano-banana", None),
        lambda: ei.EvoLink(api_key="k").submit("nano-banana", "a cat", image_urls=[DATA_URL]),
        lambda: ei.EvoLink(api_key="k", base_url="nohost"),
    ):
        with pytest.raises(ei.EvoLinkError) as caught:
            action()
        assert PYTHON.search(str(caught.value)), str(caught.value)


def test_a_long_value_is_cut_short_and_the_rule_still_shows(capsys: pytest.CaptureFixture[str]) -> None:
    limit = ei.presets["nano-banana"].fields["prompt"].max_length
    assert limit is not None
    err = refused(capsys, "generate", "nano-banana", "x" * (limit + 1))
    assert len(err) < 400 and f"must be at most {limit} characters" in err, err
    assert err.startswith("error: PROMPT xxx") and "..." in err


def test_a_follow_up_refusal_names_its_flags(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["generate", "mj-v7", "a lighthouse", "--no-download", "--poll-interval", "0.05", "--json"]) == 0
    grid = json.loads(capsys.readouterr().out)["id"]
    err = refused(capsys, "follow-up", grid, "remix", "--out", str(tmp_path))
    assert err.startswith("error: --prompt for mj-v7-remix: is required"), err
    err = refused(capsys, "follow-up", grid, "zoom")
    assert err.startswith("error: OPERATION zoom: is not an operation on"), err
    err = refused(capsys, "follow-up", grid, "upscale", "--param", "colour=blue")
    assert err.startswith("error: --param colour=blue for mj-v7-upscale: is not a parameter"), err
