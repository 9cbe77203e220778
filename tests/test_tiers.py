"""The two test tiers hold together.

`make test-all` runs every test file, deselecting nothing, at full strength; `make test` runs the very same pytest
commands with ``-m "not slow"`` and the fast tier's example counts, so a test leaves the fast tier only by its
``slow`` marker. Every wrapper module is imported in each tier (tests/wrapper_imports.py checks it at the end of the
tier's run; here, that the check bites). What `make -n` shows is what make would run: the Makefile is read, not
re-stated.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import tiers, wrapper_imports

ROOT = Path(__file__).resolve().parent.parent
TEST_FOLDERS = ("tests", "contract_tests")
OPTIONS_WITH_VALUES = {"-n", "-m", "-p", "-k", "--deselect", "--hypothesis-profile"}


def pytest_commands(target: str) -> list[tuple[dict[str, str], list[str]]]:
    """The pytest commands of `make -n <target>`: each as (the variables set before it, its arguments)."""
    if shutil.which("make") is None:
        pytest.fail("make is the project's front door: install it")
    shown = subprocess.run(
        ["make", "-n", "--no-print-directory", target],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    commands = []
    for line in shown.stdout.splitlines():
        words = shlex.split(line)
        variables = {}
        while words and "=" in words[0] and not words[0].startswith("-"):
            name, value = words.pop(0).split("=", 1)
            variables[name] = value
        if words and Path(words[0]).name == "pytest":
            commands.append((variables, words[1:]))
    return commands


def options(arguments: list[str]) -> dict[str, list[str | None]]:
    """Each option of a pytest command with its values (``None`` for a flag); paths are under ``paths``."""
    found: dict[str, list[str | None]] = {}
    words = iter(arguments)
    for word in words:
        if word in OPTIONS_WITH_VALUES:
            found.setdefault(word, []).append(next(words))
        elif word.startswith("-") and "=" in word:
            name, value = word.split("=", 1)
            found.setdefault(name, []).append(value)
        elif word.startswith("-"):
            found.setdefault(word, []).append(None)
        else:
            found.setdefault("paths", []).append(word)
    return found


def collected_files(arguments: list[str]) -> set[Path]:
    """The test files a pytest command collects: those under its paths, less those under its ``--ignore``s."""
    given = options(arguments)
    ignored = [ROOT / str(path) for path in given.get("--ignore", [])]
    return {
        path
        for folder in given.get("paths", [])
        for path in (ROOT / str(folder)).rglob("test_*.py")
        if not any(path.is_relative_to(skipped) for skipped in ignored)
    }


def every_test_file() -> set[Path]:
    return {path for folder in TEST_FOLDERS for path in (ROOT / folder).rglob("test_*.py")}


def test_test_all_runs_every_test_file_at_full_strength() -> None:
    commands = pytest_commands("test-all")
    assert commands, "make test-all runs pytest"
    assert set().union(*(collected_files(arguments) for _, arguments in commands)) == every_test_file()
    for variables, arguments in commands:
        assert variables.get(tiers.TIER_VARIABLE) == "full", arguments
        assert not {"-m", "-k", "--deselect"} & set(options(arguments)), f"test-all deselects nothing: {arguments}"


def test_make_test_is_test_all_less_the_slow_tests() -> None:
    """The fast tier's pytest commands are test-all's, with ``-m "not slow"`` and the fast tier's example counts."""
    full = pytest_commands("test-all")
    fast = pytest_commands("test")
    assert all(variables.get(tiers.TIER_VARIABLE) == "fast" for variables, _ in fast), fast
    assert all(options(arguments).get("-m") == ["not slow"] for _, arguments in fast), fast
    as_full = [
        ({**variables, tiers.TIER_VARIABLE: "full"}, [word for word in arguments if word not in {"-m", "not slow"}])
        for variables, arguments in fast
    ]
    assert as_full == full


def test_the_tier_sets_the_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(tiers.TIER_VARIABLE, raising=False)
    assert (tiers.tier(), tiers.examples(2000)) == ("full", 2000), "a bare pytest runs at full strength"
    monkeypatch.setenv(tiers.TIER_VARIABLE, "fast")
    assert (tiers.examples(2000), tiers.examples(300), tiers.examples(60)) == (100, 15, tiers.FAST_FLOOR)
    monkeypatch.setenv(tiers.TIER_VARIABLE, "quick")
    with pytest.raises(pytest.UsageError, match="EVOLINK_TEST_TIER='quick'"):
        tiers.examples(10)


def test_the_wrapper_modules_are_every_module_of_the_package() -> None:
    modules = wrapper_imports.wrapper_modules()
    files = list((ROOT / "wrapper" / "evolink_images").rglob("*.py"))
    assert len(modules) == len(files) - len(wrapper_imports.RUN_AS_PROGRAM)
    assert {"evolink_images", "evolink_images.cli", "evolink_images.cli._main", "evolink_images.simulator"} <= modules


def finish(session: SimpleNamespace) -> None:
    """Run the import check's hook as pytest would at the end of the test loop."""
    loop = wrapper_imports.pytest_runtestloop(session)  # type: ignore[arg-type]
    next(loop)
    with pytest.raises(StopIteration):
        loop.send(True)


def controller(arguments: list[str]) -> SimpleNamespace:
    config = SimpleNamespace(
        args=arguments,
        invocation_params=SimpleNamespace(dir=ROOT),
        option=SimpleNamespace(keyword=""),
        pluginmanager=SimpleNamespace(get_plugin=lambda name: None),
    )
    return SimpleNamespace(config=config, testsfailed=0)


def test_a_tier_run_fails_when_a_wrapper_module_was_never_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tiers.TIER_VARIABLE, "fast")
    monkeypatch.setattr(wrapper_imports, "_reported", set())
    imported_now = wrapper_imports.imported(sys.modules)
    monkeypatch.setattr(wrapper_imports, "wrapper_modules", lambda: set(imported_now))
    finish(session := controller(["tests", "contract_tests"]))
    assert session.testsfailed == 0
    never = "evolink_images._imported_by_no_test"
    monkeypatch.setattr(wrapper_imports, "wrapper_modules", lambda: {*imported_now, never})
    for arguments in (["tests/test_tiers.py"], ["tests/faults"]):
        finish(part := controller(arguments))
        assert part.testsfailed == 0, f"only a run of the whole suite is checked, not {arguments}"
    finish(session)
    assert session.testsfailed == 1
    monkeypatch.delenv(tiers.TIER_VARIABLE)
    finish(bare := controller(["tests", "contract_tests"]))
    assert bare.testsfailed == 0, "a bare pytest, in no named tier, is not checked"


def test_a_worker_hands_its_imports_to_the_controller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wrapper_imports, "_reported", set())
    worker = SimpleNamespace(config=SimpleNamespace(workerinput={}, workeroutput={}), testsfailed=0)
    finish(worker)
    reported = worker.config.workeroutput[wrapper_imports.WORKER_KEY]
    assert "evolink_images" in reported and all(name.startswith("evolink_images") for name in reported)
    wrapper_imports.pytest_testnodedown(SimpleNamespace(workeroutput={wrapper_imports.WORKER_KEY: ["x.y"]}), None)
    assert wrapper_imports._reported == {"x.y"}
