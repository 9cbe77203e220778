"""Every wrapper module is imported in each tier: a check at the end of a tier's run of the whole suite.

Each test process (each xdist worker) reports the ``evolink_images`` modules it imported, collecting or running
tests; when a run of both test folders in a named tier (``EVOLINK_TEST_TIER`` set, as `make test` and `make test-all`
do, with no ``-k``) ends and some wrapper module was imported by none of them, the run fails naming it. It checks
imports, not lines run: a module imported at the top of a test file whose tests are all slow still counts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.tiers import TIER_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wrapper" / "evolink_images"
TEST_FOLDERS = (ROOT / "tests", ROOT / "contract_tests")
# Run as a program (`python -m evolink_images`, in subprocesses), never imported by a test process.
RUN_AS_PROGRAM = frozenset({"evolink_images.__main__"})
WORKER_KEY = "evolink_images_modules"

_reported: set[str] = set()


def wrapper_modules(package: Path = PACKAGE) -> set[str]:
    """The dotted name of every module of the wrapper package, as it is imported."""
    names = set()
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names - RUN_AS_PROGRAM


def imported(modules: Iterable[str]) -> set[str]:
    """The wrapper's modules among *modules*."""
    return {name for name in modules if name == "evolink_images" or name.startswith("evolink_images.")}


def checks_imports(config: pytest.Config) -> bool:
    """Whether this run is a tier's run of the whole suite: the tier named, both test folders, no ``-k``."""
    folders = {(config.invocation_params.dir / arg).resolve() for arg in config.args}
    return bool(os.environ.get(TIER_VARIABLE)) and set(TEST_FOLDERS) <= folders and not config.option.keyword


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """An xdist worker finished: keep the modules it imported."""
    _reported.update(getattr(node, "workeroutput", {}).get(WORKER_KEY, ()))


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
    result = yield
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker: hand the controller what this process imported
        config.workeroutput[WORKER_KEY] = sorted(imported(sys.modules))  # type: ignore[attr-defined]
        return result
    if checks_imports(config):
        missing = sorted(wrapper_modules() - imported(sys.modules) - _reported)
        if missing:
            session.testsfailed += 1
            reporter = config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_sep("!", f"wrapper modules no test of this tier imported: {', '.join(missing)}")
    return result
