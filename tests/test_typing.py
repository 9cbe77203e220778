"""The public API, type-checked from the outside: tests/typing/api_usage.py passes mypy --strict; the check bites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
USAGE = ROOT / "tests" / "typing" / "api_usage.py"


def mypy(path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml")]
    return subprocess.run([*command, "--cache-dir", str(cache), str(path)], capture_output=True, text=True, check=False)


def test_the_typed_usage_passes_mypy_strict(tmp_path: Path) -> None:
    done = mypy(USAGE, tmp_path / "cache")
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    ("original", "loosened"),
    [  # each a mypy run of 3-5 s: `make test` runs the first, `make test-all` all three
        pytest.param("assert_type(task.results, list[str])", "assert_type(task.results, list[int])", id="task-results"),
        pytest.param(
            "assert_type(metadata, ei.ImageMetadata | None)",
            "assert_type(metadata, ei.ImageMetadata)",
            id="read-metadata",
            marks=pytest.mark.slow,
        ),
        pytest.param(
            "assert_type(task, ei.Task)\n        return",
            "assert_type(task, ei.TaskFailure)\n        return",
            id="async-generate",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_changed_public_type_fails_the_check(tmp_path: Path, original: str, loosened: str) -> None:
    source = USAGE.read_text(encoding="utf-8")
    assert original in source
    changed = tmp_path / "api_usage.py"
    changed.write_text(source.replace(original, loosened, 1), encoding="utf-8")
    done = mypy(changed, tmp_path / "cache")
    assert done.returncode == 1 and "[assert-type]" in done.stdout, done.stdout
