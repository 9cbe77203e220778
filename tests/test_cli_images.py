"""Local images from the command line: ``--image``/``--mask``, batch lines, ``upload`` and ``files quota``.

Against the simulator on loopback: it serves the files API beside the image API, and draws a thumbnail of each
reference into its results, so a test can see the uploaded bytes reach the task.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images._presets import rules_of
from evolink_images.cli import _images as cli_images
from evolink_images.cli import _main as cli_main
from evolink_images.cli import main
from evolink_images.simulator import Fault, SimulatorServer
from PIL import Image

from tests.conftest import PNG


@pytest.fixture(autouse=True)
def _point_the_cli_at_the_simulator(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-cli-images")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    monkeypatch.delenv("EVOLINK_FILES_BASE_URL", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; generate polls every 50 ms."""
    fast = ["--poll-interval", "0.05"] if argv[0] in {"generate", "follow-up"} else []
    code = main([*argv, *fast])
    out, err = capsys.readouterr()
    return code, out, err


def solid_png(rgb: tuple[int, int, int], side: int = 32) -> bytes:
    """A PNG of one colour: its thumbnail in a result is easy to find."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    rows = b"".join(b"\x00" + bytes(rgb) * side for _ in range(side))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(solid_png((200, 40, 40)))
    return path


def created(server: SimulatorServer) -> list[dict]:
    """The bodies of the tasks the simulator made, in order."""
    return [task.request for task in server.simulator._tasks.values()]


def nothing_sent(server: SimulatorServer) -> bool:
    stats = server.simulator.stats
    return stats.requests == 0 and stats.uploads == 0 and stats.create_requests == 0


# ------------------------------------------------------------------------------------ generate --image
def test_generate_edits_a_local_png_the_task_holds_its_upload_and_the_result_shows_it(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "generate", "nano-banana", "make it night", "--image", str(photo), "--out", str(tmp_path / "out")
    )
    assert code == 0, err
    (body,) = created(server)
    (url,) = body["image_urls"]
    assert url.startswith(f"{server.url}/uploads/"), "the create's body holds the uploaded URL, not the path"
    (task,) = server.simulator._tasks.values()
    assert task.references == (photo.read_bytes(),), "the bytes on disk reached the task"
    (saved,) = (Path(line) for line in out.splitlines())
    code, info, _ = run(capsys, "info", str(saved), "--json")
    assert code == 0
    (reference,) = json.loads(info)["references"]
    assert reference["name"] == "photo.png" and reference["url"] == url, "provenance names the file and its upload"


def test_the_drawn_result_carries_the_references_colours(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    red, blue = tmp_path / "red.png", tmp_path / "blue.png"
    red.write_bytes(solid_png((220, 20, 20)))
    blue.write_bytes(solid_png((20, 20, 220)))
    results = {}
    for path in (red, blue):
        code, out, err = run(capsys, "generate", "nano-banana", "x", "--image", str(path), "--out", str(tmp_path))
        assert code == 0, err
        with Image.open(out.strip()) as drawn:
            results[path.name] = {colour[:3] for _, colour in drawn.convert("RGB").getcolors(1 << 20) or ()}
    assert (220, 20, 20) in results["red.png"] and (220, 20, 20) not in results["blue.png"]
    assert (20, 20, 220) in results["blue.png"] and (20, 20, 220) not in results["red.png"]


def test_image_is_repeatable_and_takes_urls_beside_files(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "generate", "nano-banana", "blend", "--image", str(photo), "--image", "https://example.com/b.png",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    (body,) = created(server)
    assert body["image_urls"][0].startswith(server.url) and body["image_urls"][1] == "https://example.com/b.png"


def test_a_mask_goes_where_the_model_takes_it(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path, tmp_path: Path
) -> None:
    mask = tmp_path / "mask.png"
    mask.write_bytes(PNG)
    code, _, err = run(
        capsys, "generate", "gpt-image-2", "a window here", "--image", str(photo), "--mask", str(mask),
        "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    (body,) = created(server)
    assert body["mask_url"].startswith(f"{server.url}/uploads/") and body["mask_url"] != body["image_urls"][0]


def test_a_mask_for_a_model_that_takes_none_is_refused_naming_those_that_do(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path
) -> None:
    code, out, err = run(capsys, "generate", "nano-banana", "x", "--mask", str(photo))
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: --mask: nano-banana-2-lite-beta takes no mask") and "gpt-image-2" in line
    assert nothing_sent(server)


# ------------------------------------------------------------------------------------ refusals
@pytest.mark.parametrize("kind", ["text", "oversized", "missing", "empty"])
def test_an_unfit_file_is_one_line_exit_2_before_anything_is_sent(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.png"
    if kind == "text":
        path.write_text("not an image\n")
    elif kind == "oversized":  # sparse: 100 MiB and one byte, only the PNG signature written
        with path.open("wb") as sparse:
            sparse.write(PNG[:16])
            sparse.truncate(100 * 1024 * 1024 + 1)
    elif kind == "empty":
        path.write_bytes(b"")
    expected = {"text": "is a text file", "oversized": "100 MB", "missing": "no such file", "empty": "empty"}[kind]
    for command in (["generate", "nano-banana", "x", "--image", str(path)], ["upload", str(path)]):
        code, out, err = run(capsys, *command)
        assert code == 2 and out == "", err
        (line,) = err.strip().splitlines()
        assert line.startswith("error: ") and str(path.name) in line and expected in line, line
        assert "Traceback" not in err
    assert nothing_sent(server)


def test_the_check_is_what_keeps_an_unfit_file_from_the_simulator(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the CLI's own check the library still refuses the file, but only once the run has begun."""
    text = tmp_path / "notes.png"
    text.write_text("not an image\n")
    monkeypatch.setattr(cli_images, "check_files", lambda images, mask: None)
    monkeypatch.setattr(cli_main, "validate_locally", lambda model, prompt, params: None)
    code, _, err = run(capsys, "generate", "nano-banana", "x", "--image", str(text), "--simulator")
    assert code == 2 and "is a text file" in err
    assert "SIMULATOR: using" in err, "the simulator was started before the refusal"


def test_an_image_url_flag_given_a_path_points_to_image(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path
) -> None:
    code, _, err = run(capsys, "generate", "nano-banana", "x", "--image-url", str(photo))
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "is a local file" in line and f"--image {photo}" in line
    assert nothing_sent(server)


def test_a_file_larger_than_the_model_takes_is_refused_with_the_models_limit(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    model = next(
        m
        for m in ei.presets.values()
        if "image_urls" in m.fields
        and any(r.params.get("max-mb") == 10 for r in rules_of(m.fields["image_urls"].schema))
    )  # found by its rule, not by name: the catalogue decides which model that is
    big = tmp_path / "big.png"
    with big.open("wb") as sparse:
        sparse.write(PNG[:16])
        sparse.truncate(11 * 1024 * 1024)
    code, _, err = run(capsys, "generate", model.id, "x", "--image", str(big))
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "takes images of at most 10 MB" in line and "big.png" in line
    assert nothing_sent(server)


# ------------------------------------------------------------------------------------ batch
def write_logo_batch(folder: Path, count: int) -> Path:
    (folder / "refs").mkdir(parents=True, exist_ok=True)
    (folder / "refs" / "logo.png").write_bytes(solid_png((10, 160, 60)))
    lines = [
        {
            "key": f"poster-{n}",
            "model": "nano-banana",
            "prompt": f"poster {n}",
            "params": {"image_urls": ["refs/logo.png"]},
        }
        for n in range(count)
    ]
    batch = folder / "posters.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return batch


def test_a_batch_sharing_one_local_reference_uploads_it_once_and_a_rerun_uploads_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = write_logo_batch(tmp_path / "job", 6)
    monkeypatch.chdir(tmp_path)  # the batch's own folder anchors refs/logo.png, not the working one
    code, _, err = run(capsys, "batch", str(batch), "--concurrency", "4", "--out", str(tmp_path / "out"))
    assert code == 0, err
    stats = server.simulator.stats
    assert stats.tasks_created == 6 and stats.uploads == 1 and stats.files_stored == 1
    (url,) = {body["image_urls"][0] for body in created(server)}
    changed = batch.read_text().replace("poster ", "flyer ")  # new lines (new keys' work), same logo
    batch.write_text(changed.replace('"poster-', '"flyer-'))
    code, _, err = run(capsys, "batch", str(batch), "--concurrency", "4", "--out", str(tmp_path / "out2"))
    assert code == 0, err
    assert stats.tasks_created == 12 and stats.uploads == 1, "the journal remembered the upload: none again"
    assert {body["image_urls"][0] for body in created(server)} == {url}


def test_a_batch_with_an_unfit_local_file_names_its_line_and_sends_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    batch = write_logo_batch(tmp_path, 2)
    (tmp_path / "refs" / "logo.png").write_text("a text file now\n")
    code, _, err = run(capsys, "batch", str(batch))
    assert code == 2 and "line 1" in err and "is a text file" in err and "Traceback" not in err
    assert nothing_sent(server)


# ------------------------------------------------------------------------------------ quota
def test_a_full_quota_is_reported_as_such_and_nothing_is_created(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path
) -> None:
    server.simulator.faults.add(Fault(kind="quota_full", route="upload", count=1))
    code, out, err = run(capsys, "generate", "nano-banana", "x", "--image", str(photo))
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert "quota" in line and "nothing was created" in line and "files quota" in line
    assert server.simulator.stats.create_requests == 0 and server.simulator.stats.quota_refusals == 1


def test_files_quota_prints_the_figures_and_json(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path
) -> None:
    assert run(capsys, "upload", str(photo))[0] == 0
    code, out, _ = run(capsys, "files", "quota")
    assert code == 0 and out.startswith("files quota: 1 of 2000 files stored, 1999 left")
    code, out, _ = run(capsys, "files", "quota", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["used_files"] == 1 and figures["max_files"] == 2000


def test_files_quota_says_when_it_is_full() -> None:
    from evolink_images.cli._files_commands import quota_text  # noqa: PLC0415

    full = ei.FilesQuota(user_group="default", max_files=5, used_files=5, remaining_files=0, is_custom=False)
    assert "it is full" in quota_text(full) and "72 hours" in quota_text(full)


# ------------------------------------------------------------------------------------ upload
def test_upload_prints_each_url_and_expiry_and_json(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path, tmp_path: Path
) -> None:
    second = tmp_path / "second.png"
    second.write_bytes(PNG)
    code, out, err = run(capsys, "upload", str(photo), str(second))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and all("/uploads/" in line and "(expires " in line for line in lines)
    assert lines[0].startswith(f"{photo}: ") and lines[1].startswith(f"{second}: ")
    code, out, _ = run(capsys, "upload", str(photo), "--json")
    (item,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and item["file"] == str(photo) and item["url"].startswith(server.url)
    assert item["mime_type"] == "image/png" and item["expires_at"].endswith("+00:00")


def test_upload_checks_every_file_before_uploading_any(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path, tmp_path: Path
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    code, out, err = run(capsys, "upload", str(photo), str(text))
    assert code == 2 and out == "" and "notes.txt" in err and "nothing was uploaded" in err
    assert server.simulator.stats.uploads == 0


def test_upload_against_the_builtin_simulator_needs_no_key(
    capsys: pytest.CaptureFixture[str], photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY")
    monkeypatch.delenv("EVOLINK_BASE_URL")
    code, out, err = run(capsys, "upload", str(photo), "--simulator")
    assert code == 0, err
    assert out.startswith(f"{photo}: http://127.0.0.1:") and "SIMULATOR: using" in err


# ------------------------------------------------------------------------------------ follow-up
def test_follow_up_takes_a_local_mask_where_the_operation_takes_it(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mask = tmp_path / "mask.png"
    mask.write_bytes(PNG)
    code, out, err = run(capsys, "generate", "mj-v7", "a harbour", "--json", "--out", str(tmp_path))
    assert code == 0, err
    grid = json.loads(out)["id"]
    code, _, err = run(
        capsys, "follow-up", grid, "inpaint", "--image-number", "1", "--mask", str(mask), "--no-download"
    )
    assert code == 0, err
    inpaint = created(server)[-1]
    assert inpaint["model_params"]["mask"]["url"].startswith(f"{server.url}/uploads/")
    assert inpaint["model_params"]["image_number"] == 1


def test_follow_up_refuses_a_mask_for_an_operation_that_takes_none(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], photo: Path
) -> None:
    code, _, err = run(capsys, "follow-up", "task-unified-1-none", "upscale", "--mask", str(photo))
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "upscale takes no mask" in line and "inpaint" in line
    assert nothing_sent(server), "refused before the task was fetched"
