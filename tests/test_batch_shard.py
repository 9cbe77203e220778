"""``batch --shard K/N``: shards split a batch by a stable hash of each line's key, never overlap, cover every line,
and each runs and reruns on its own with its own journal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from evolink_images._batch import Shard, check_batch
from evolink_images._journal import Journal
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer

LINES = 12


def write_batch(path: Path, count: int = LINES) -> Path:
    lines = [{"model": "nano-banana", "prompt": f"study {n}", "key": f"shot-{n:03d}"} for n in range(count)]
    lines += [{"model": "nano-banana", "prompt": "no key: line-<number> is its key"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def keys_of(path: Path, shard: Shard | None = None) -> list[str]:
    return [line.key for line in check_batch(path, shard)]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_shards_partition_the_lines(tmp_path: Path, count: int) -> None:
    batch = write_batch(tmp_path / "b.jsonl", 200)
    every = keys_of(batch)
    parts = [keys_of(batch, Shard(index, count)) for index in range(1, count + 1)]
    assert sorted(key for part in parts for key in part) == sorted(every), "no line lost, none in two shards"
    assert sum(check_batch(batch, Shard(index, count)).lines for index in range(1, count + 1)) == len(every) == 201
    if count > 1:
        assert all(part for part in parts), "200 keys spread over every shard"


def test_the_shard_of_a_key_does_not_depend_on_the_interpreter(tmp_path: Path) -> None:
    """Its hash is SHA-256, never Python's hash(): the same in processes with different hash seeds."""
    code = (
        "from evolink_images._batch import Shard; "
        "print([next(k for k in range(1, 8) if Shard(k, 7).holds(f'key-{n}')) for n in range(50)])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], env={"PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1


@pytest.mark.parametrize("text", ["0/3", "4/3", "2", "a/b", "1/0", "-1/2", ""])
def test_a_shard_must_be_k_of_n_with_k_from_1_to_n(text: str) -> None:
    with pytest.raises(ValueError, match="K/N"):
        Shard.parse(text)


def test_the_cli_refuses_a_bad_shard_before_anything_is_sent(
    server: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-shard")
    code = main(["batch", str(write_batch(tmp_path / "b.jsonl")), "--shard", "4/3", "--out", str(tmp_path / "o")])
    assert code == 2 and "--shard: shard 4/3: K/N needs 1 <= K <= N" in capsys.readouterr().err
    assert server.simulator.stats.requests == 0


# ---------------------------------------------------------------------------------------------- runs and reruns
@pytest.fixture
def env(server: SimulatorServer, monkeypatch: pytest.MonkeyPatch) -> SimulatorServer:
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-shard")
    return server


def shard_run(tmp_path: Path, batch: Path, shard: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """One machine's run of *shard*: its own journal and output folder."""
    name = shard.replace("/", "-of-")
    argv = ["batch", str(batch), "--shard", shard, "--out", str(tmp_path / name), "--journal", str(tmp_path / name)]
    code = main([*argv[:-1], str(tmp_path / f"{name}.sqlite3")])
    return code, capsys.readouterr().err


def saved(folder: Path) -> list[str]:
    return sorted(path.name.rsplit("-", 1)[0] for path in folder.glob("*.png"))


def test_each_shard_runs_its_lines_and_reruns_on_its_own(
    env: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(tmp_path / "b.jsonl")
    stats = env.simulator.stats
    code, err = shard_run(tmp_path, batch, "1/3", capsys)
    first = keys_of(batch, Shard(1, 3))
    assert code == 0 and f"shard 1/3: {len(first)} of the file's {LINES + 1} line(s)" in err
    assert stats.tasks_created == len(first) and saved(tmp_path / "1-of-3") == sorted(first)
    journalled = {entry.batch_key.split("|")[1] for entry in Journal(tmp_path / "1-of-3.sqlite3").entries()}
    assert journalled == set(first), "the shard's journal holds its lines only"

    code, err = shard_run(tmp_path, batch, "1/3", capsys)
    assert code == 0 and f"{len(first)} skipped" in err and stats.tasks_created == len(first), "a rerun: nothing new"

    for shard in ("2/3", "3/3"):
        assert shard_run(tmp_path, batch, shard, capsys)[0] == 0
    made = [key for shard in ("1-of-3", "2-of-3", "3-of-3") for key in saved(tmp_path / shard)]
    assert sorted(made) == sorted(keys_of(batch)) and stats.tasks_created == LINES + 1, "each line once, in all"


def test_without_the_shard_filter_a_shard_would_send_every_line(
    env: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: with the selection taken away, shard 1/3 sends the other shards' lines too (paid twice)."""
    monkeypatch.setattr(Shard, "holds", lambda self, key: True)
    shard_run(tmp_path, write_batch(tmp_path / "b.jsonl"), "1/3", capsys)
    assert env.simulator.stats.tasks_created == LINES + 1


def test_a_dry_run_shows_the_shard_s_lines_only(
    env: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(tmp_path / "b.jsonl")
    chosen = keys_of(batch, Shard(2, 3))
    assert main(["batch", str(batch), "--shard", "2/3", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"shard 2/3: {len(chosen)} of the file's {LINES + 1} line(s)\n")
    assert re.findall(r"^  line \d+ \(([^)]+)\): ", out, re.MULTILINE) == chosen
    assert f"dry run: {len(chosen)} valid line(s); nothing was sent" in out
    assert env.simulator.stats.create_requests == 0


def test_a_shard_that_holds_no_line_sends_nothing_and_says_so(
    env: SimulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "one.jsonl"
    batch.write_text(json.dumps({"model": "nano-banana", "prompt": "alone", "key": "solo"}) + "\n", encoding="utf-8")
    empty = next(index for index in range(1, 9) if not Shard(index, 8).holds("solo"))
    code, err = shard_run(tmp_path, batch, f"{empty}/8", capsys)
    assert code == 0 and f"shard {empty}/8: 0 of the file's 1 line(s)" in err and "nothing to send" in err
    assert env.simulator.stats.requests == 0
