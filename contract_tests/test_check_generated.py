"""`make check-generated` passes on the committed client and fails, naming the files, when it drifts."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate.py"
COMMITTED = ROOT / "generated" / "evolink_images_api"
SPEC = ROOT / "openapi" / "evolink-images.yaml"


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "check", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_committed_client_matches_the_spec() -> None:
    result = check()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("relative", "edit"),
    [
        ("models/task_detail.py", lambda text: text.replace("progress: int", "progress: float", 1)),
        ("api/tasks/get_task.py", lambda text: text + "\n# a hand edit\n"),
    ],
)
def test_a_hand_edit_of_generated_code_fails_the_check(tmp_path: Path, relative: str, edit) -> None:
    copy = tmp_path / "evolink_images_api"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / relative
    edited = edit(target.read_text(encoding="utf-8"))
    assert edited != target.read_text(encoding="utf-8"), "the edit must change the file"
    target.write_text(edited, encoding="utf-8")
    result = check("--target", str(copy))
    assert result.returncode == 1
    assert f"changed: {relative}" in result.stderr


def test_a_file_added_by_hand_fails_the_check(tmp_path: Path) -> None:
    copy = tmp_path / "evolink_images_api"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "models" / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    result = check("--target", str(copy))
    assert result.returncode == 1
    assert "unexpected: models/helpers.py" in result.stderr


def test_a_spec_change_without_regenerating_fails_the_check(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    wan = document["components"]["schemas"]["Wan25TextToImageRequest"]
    wan["properties"]["seed"] = {"type": "integer", "description": "A new field the API gained."}
    mutated = tmp_path / "evolink-images.yaml"
    mutated.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = check("--spec", str(mutated))
    assert result.returncode == 1
    assert "changed: models/wan_25_text_to_image_request.py" in result.stderr
    assert "make generate" in result.stderr
