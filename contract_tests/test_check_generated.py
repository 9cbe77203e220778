"""`make check-generated` passes on what is committed and fails, naming the file, when anything generated drifts.

The spec produces three things: the client package, the wrapper's model catalogue and the README's model table.
A hand edit of any of them, or a spec change without `make generate`, fails the check; so does a row of
openapi/CHANGES.md that becomes one of the catalogue's former values, and a row the generator cannot read.

Each check runs the generator (3-5 s): `make test` keeps the fixture's own check, one hand edit and the stale spec
(and runs `make check-generated` itself); the others are marked slow, for `make test-all`.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate.py"
COMMITTED = ROOT / "generated" / "evolink_images_api"
CATALOGUE = ROOT / "wrapper" / "evolink_images" / "_catalogue.py"
README = ROOT / "README.md"
SPEC = ROOT / "openapi" / "evolink-images.yaml"
CHANGES = ROOT / "openapi" / "CHANGES.md"


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "check", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def reported(result: subprocess.CompletedProcess[str], kind: str, path_end: str) -> bool:
    """Whether the check's report has a line of *kind* (changed, missing, unexpected) naming *path_end*."""
    lines = [line.strip() for line in result.stderr.splitlines()]
    return any(line.startswith(f"{kind}: ") and line.split(" (")[0].endswith(path_end) for line in lines)


@pytest.fixture
def copies(tmp_path: Path) -> dict[str, Path]:
    """Copies of the three generated things, to edit without touching the repository."""
    package = tmp_path / "evolink_images_api"
    shutil.copytree(COMMITTED, package, ignore=shutil.ignore_patterns("__pycache__"))
    catalogue, readme = tmp_path / "_catalogue.py", tmp_path / "README.md"
    shutil.copy(CATALOGUE, catalogue)
    shutil.copy(CATALOGUE.with_name("_catalogue_data.py"), tmp_path / "_catalogue_data.py")
    shutil.copy(README, readme)
    return {
        "package": package,
        "catalogue": catalogue,
        "catalogue_data": tmp_path / "_catalogue_data.py",
        "readme": readme,
    }


def check_copies(copies: dict[str, Path], *extra: str) -> subprocess.CompletedProcess[str]:
    return check(
        "--target", str(copies["package"]), "--catalogue", str(copies["catalogue"]), "--readme", str(copies["readme"]),
        *extra,
    )  # fmt: skip


def edit(path: Path, change) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the edit must change the file"
    path.write_text(after, encoding="utf-8")


@pytest.mark.slow
def test_everything_committed_matches_the_spec() -> None:
    result = check()
    assert result.returncode == 0, result.stderr


def test_the_untouched_copies_pass(copies: dict[str, Path]) -> None:
    """The fixture itself is sound: what the failing tests below change is the only difference."""
    result = check_copies(copies)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("relative", "change"),
    [
        ("models/task_detail.py", lambda text: text.replace("id: str", "id: int", 1)),
        pytest.param("api/tasks/get_task.py", lambda text: text + "\n# a hand edit\n", marks=pytest.mark.slow),
    ],
)
def test_a_hand_edit_of_generated_code_fails_the_check(copies: dict[str, Path], relative: str, change) -> None:
    edit(copies["package"] / relative, change)
    result = check_copies(copies)
    assert result.returncode == 1
    assert reported(result, "changed", f"evolink_images_api/{relative}"), result.stderr


@pytest.mark.slow
def test_a_file_added_by_hand_fails_the_check(copies: dict[str, Path]) -> None:
    (copies["package"] / "models" / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    result = check_copies(copies)
    assert result.returncode == 1
    assert reported(result, "unexpected", "evolink_images_api/models/helpers.py"), result.stderr


@pytest.mark.slow
def test_a_hand_edit_of_the_catalogue_fails_the_check_naming_it(copies: dict[str, Path]) -> None:
    edit(copies["catalogue"], lambda text: text.replace('"family": "Midjourney"', '"family": "MJ"', 1))
    result = check_copies(copies)
    assert result.returncode == 1
    assert reported(result, "changed", "_catalogue.py"), result.stderr
    assert "hand-edited, or stale" in result.stderr


@pytest.mark.slow
def test_a_hand_edit_of_a_models_data_fails_the_check_naming_its_module(copies: dict[str, Path]) -> None:
    """The models' full entries live in _catalogue_data.py (read on first use, issue 24): held like the index."""
    edit(copies["catalogue_data"], lambda text: text.replace('"maxItems": 10', '"maxItems": 12', 1))
    result = check_copies(copies)
    assert result.returncode == 1
    assert reported(result, "changed", "_catalogue_data.py"), result.stderr
    assert not reported(result, "changed", "_catalogue.py"), "the index is untouched"


@pytest.mark.slow
def test_a_hand_edit_of_the_readme_model_table_fails_the_check(copies: dict[str, Path]) -> None:
    edit(copies["readme"], lambda text: text.replace("| Nano Banana Pro |", "| Nano Banana Pro 2 |", 1))
    result = check_copies(copies)
    assert result.returncode == 1
    assert reported(result, "changed", "README.md"), result.stderr


def test_a_spec_change_without_regenerating_fails_the_check_naming_every_stale_file(
    copies: dict[str, Path], tmp_path: Path
) -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    wan = document["components"]["schemas"]["Wan25TextToImageRequest"]
    wan["properties"]["seed"] = {"type": "integer", "description": "A new field the API gained."}
    mutated = tmp_path / "evolink-images.yaml"
    mutated.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = check_copies(copies, "--spec", str(mutated))
    assert result.returncode == 1
    assert reported(result, "changed", "models/wan_25_text_to_image_request.py"), result.stderr
    assert reported(result, "changed", "_catalogue_data.py"), result.stderr
    assert "make generate" in result.stderr


@pytest.mark.slow
def test_a_spec_limit_change_leaves_the_catalogue_stale(copies: dict[str, Path], tmp_path: Path) -> None:
    """A change only the catalogue carries (a limit that changes no generated type) is caught too."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    size = document["components"]["schemas"]["Wan25TextToImageRequest"]["properties"]["size"]
    size["x-evolink-rules"][0]["max"] = "1536x1536"
    mutated = tmp_path / "evolink-images.yaml"
    mutated.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = check_copies(copies, "--spec", str(mutated))
    assert result.returncode == 1
    assert reported(result, "changed", "_catalogue_data.py"), result.stderr
    assert "evolink_images_api/" not in result.stderr, "the client itself does not change"


def _changelog_with(tmp_path: Path, row: str) -> Path:
    """A copy of CHANGES.md with *row* added to its first request-field table."""
    text = CHANGES.read_text(encoding="utf-8")
    anchor = "| doubao-seedream-4.5 | quality | field |"
    assert anchor in text, "the fixture's anchor row is gone from CHANGES.md"
    changed = tmp_path / "CHANGES.md"
    changed.write_text(text.replace(anchor, f"{row}\n{anchor}", 1), encoding="utf-8")
    return changed


@pytest.mark.slow
def test_a_changelog_row_without_regenerating_leaves_the_catalogue_stale(
    copies: dict[str, Path], tmp_path: Path
) -> None:
    """A row that becomes a former value changes the catalogue's FORMER_VALUES; the client does not change."""
    row = "| gpt-image-1.5 | quality | enum | `low`, `medium`, `high`, `ultra` | `low`, `medium`, `high` | p |"
    result = check_copies(copies, "--changes", str(_changelog_with(tmp_path, row)))
    assert result.returncode == 1
    assert reported(result, "changed", "_catalogue.py"), result.stderr
    assert "evolink_images_api/" not in result.stderr


@pytest.mark.slow
def test_a_changelog_row_that_adds_no_former_value_changes_nothing(copies: dict[str, Path], tmp_path: Path) -> None:
    """The companion: a row of a skipped kind (a default) leaves every generated file as it is."""
    row = "| gpt-image-1.5 | quality | default | `medium` | `high` | p |"
    result = check_copies(copies, "--changes", str(_changelog_with(tmp_path, row)))
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_a_changelog_row_it_cannot_read_stops_the_check_naming_file_and_line(
    copies: dict[str, Path], tmp_path: Path
) -> None:
    changed = _changelog_with(tmp_path, "| gpt-image-1.5 | quality | colour | `low` | `high` | p |")
    line = (
        changed.read_text(encoding="utf-8")
        .splitlines()
        .index("| gpt-image-1.5 | quality | colour | `low` | `high` | p |")
    )
    result = check_copies(copies, "--changes", str(changed))
    assert result.returncode == 1
    assert f"{changed}:{line + 1}: what 'colour' is neither handled nor skipped" in result.stderr, result.stderr
