"""The release's bookkeeping: one version, a changelog that names it, dependency groups, and make dist's checks."""

from __future__ import annotations

import importlib.util
import re
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import evolink_images as ei
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_release_check() -> ModuleType:
    """scripts/release_check.py, loaded from its file (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("release_check", ROOT / "scripts" / "release_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release_check = _load_release_check()

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_is_defined_once() -> None:
    assert "version" not in PYPROJECT["project"] and PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "wrapper/evolink_images/_version.py"
    assert release_check.declared_version() == ei.__version__ == version("evolink-images")
    pattern = re.compile(r"""__version__\s*=\s*["']""")
    defining = [path for path in (ROOT / "wrapper").rglob("*.py") if pattern.search(path.read_text(encoding="utf-8"))]
    assert defining == [ROOT / "wrapper" / "evolink_images" / "_version.py"]


def test_the_changelog_keeps_a_changelog_form_and_names_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, flags=re.MULTILINE)
    assert releases[0] == ("Unreleased", ""), "an Unreleased section on top"
    assert releases[1][0] == ei.__version__ and releases[1][1], "the current version, dated, next"
    assert "### Added" in text


def test_development_tools_are_dependency_groups_and_extras_are_for_users() -> None:
    assert set(PYPROJECT["project"]["optional-dependencies"]) == {"sim"}
    groups = PYPROJECT["dependency-groups"]
    assert {"dev", "bench", "docs", "release"} <= set(groups)
    assert any(item.startswith("openapi-python-client==") for item in groups["dev"]), "the generator stays pinned"


def fake_wheel(path: Path, names: list[str], entry_points: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "")
        archive.writestr("evolink_images-0.1.0.dist-info/entry_points.txt", entry_points)
    return path


GOOD = [*release_check.REQUIRED_IN_WHEEL]
SCRIPT = "[console_scripts]\nevolink-images = evolink_images.cli:run\n"


def test_the_wheel_check_passes_a_complete_wheel(tmp_path: Path) -> None:
    release_check.check_wheel(
        fake_wheel(tmp_path / f"evolink_images-{ei.__version__}-py3-none-any.whl", GOOD, SCRIPT), ei.__version__
    )


@pytest.mark.parametrize(
    ("names", "entry_points", "version_in_name", "reason"),
    [
        ([n for n in GOOD if n != "evolink_images/py.typed"], SCRIPT, ei.__version__, "lacks.*py.typed"),
        (
            [n for n in GOOD if not n.startswith("evolink_images_api/")],
            SCRIPT,
            ei.__version__,
            "lacks.*evolink_images_api",
        ),
        ([*GOOD, "tests/test_x.py"], SCRIPT, ei.__version__, "development files"),
        (GOOD, "", ei.__version__, "console script"),
        (GOOD, SCRIPT, "9.9.9", "is not version"),
    ],
    ids=["no-py-typed", "no-generated-package", "tests-inside", "no-console-script", "wrong-version"],
)
def test_the_wheel_check_refuses_what_a_user_would_miss(
    tmp_path: Path, names: list[str], entry_points: str, version_in_name: str, reason: str
) -> None:
    wheel = fake_wheel(tmp_path / f"evolink_images-{version_in_name}-py3-none-any.whl", names, entry_points)
    with pytest.raises(release_check.ReleaseCheckError, match=reason):
        release_check.check_wheel(wheel, ei.__version__)
