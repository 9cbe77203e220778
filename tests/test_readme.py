"""The README's examples stay true: every literal ``generate``/``submit`` call in its Python blocks is a valid request
(or, marked ``validate=False``, a deliberately unchecked one), and every CLI line parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from evolink_images._validation import validate_request
from evolink_images.cli._main import build_parser

from tests import examples

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
SHELL = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)


def literal_calls() -> list[tuple[str, dict[str, Any], bool]]:
    """(model, arguments, checked) of every call whose arguments are all literals."""
    # A block that quotes a refusal is held by test_readme_error_example_is_what_the_client_says instead.
    return [call for block in BLOCKS if "ValidationError:" not in block for call in examples.literal_calls(block)]


CALLS = literal_calls()


def test_the_readme_has_an_example_for_every_family() -> None:
    import evolink_images as ei  # noqa: PLC0415

    shown = {ei.presets[model].family for model, _, checked in CALLS if checked and model in ei.presets}
    assert shown == set(ei.presets.families())


@pytest.mark.parametrize(("model", "arguments", "checked"), CALLS, ids=[call[0] for call in CALLS])
def test_each_example_call_is_valid(model: str, arguments: dict[str, Any], checked: bool) -> None:
    examples.check_call(model, arguments, checked)


def test_readme_error_example_is_what_the_client_says() -> None:
    """The validation error the README quotes is the one the client gives, word for word."""
    with pytest.raises(ValueError, match=r"512x512 is 262,144 \(Rule wan-total-pixels\)") as caught:
        validate_request("wan-2.5", "a cat", {"size": "512x512"})
    quoted = " ".join(re.search(r"# (evolink_images\.ValidationError: size='512x512'.*?)```", README, re.S)[1].split())
    assert " ".join(f"evolink_images.ValidationError: {caught.value}".split()) in quoted.replace("# ", "")


COMMANDS = [
    line.split("#")[0].strip()
    for block in SHELL
    for line in block.splitlines()
    if line.strip().startswith(("evolink-images ", ".venv/bin/evolink-images "))
]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_cli_line_parses(command: str) -> None:
    arguments = shlex.split(command)[1:]
    arguments = [argument.replace("task-unified-...", "task-unified-1-abcdefgh") for argument in arguments]
    build_parser().parse_args(arguments)


# ---------------------------------------------------------------------------------------------- performance
RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results.json"
# Numbers in the Performance section that are not measurements: the targets and bounds, and the Python version.
NOT_MEASURED = {"0.3", "0.5", "1.25", "3.11.7"}


def _numbers(value: object) -> list[float]:
    if isinstance(value, dict):
        return [number for item in value.values() for number in _numbers(item)]
    if isinstance(value, list):
        return [number for item in value for number in _numbers(item)]
    return [float(value)] if isinstance(value, int | float) and not isinstance(value, bool) else []


def test_every_figure_in_the_performance_section_comes_from_the_benchmark_results() -> None:
    """Each decimal figure in the README's Performance section is a value of benchmarks/results.json (as printed, to
    the same number of decimals): no figure from a run no script reproduces."""
    import json  # noqa: PLC0415

    section = README.split("## Performance", 1)[1].split("\n## ", 1)[0]
    measured = _numbers(json.loads(RESULTS.read_text(encoding="utf-8")))
    figures = [token for token in re.findall(r"\d+\.\d+(?:\.\d+)*", section) if token not in NOT_MEASURED]
    assert len(figures) > 20, "the section's figures were found"
    unmatched = [
        figure
        for figure in figures
        if not any(round(value, len(figure.split(".")[1])) == float(figure) for value in measured)
    ]
    assert unmatched == []
