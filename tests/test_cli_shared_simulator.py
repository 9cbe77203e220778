"""One simulator for a session of commands: ``--simulator`` commands share a background simulator, its tasks kept.

Each test has its own state folder (``$EVOLINK_SIMULATOR_HOME``) and journal, and stops the simulator it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from evolink_images import Journal
from evolink_images._batch import check_batch, sending
from evolink_images._task import task_from_json
from evolink_images.cli import _main as cli_main
from evolink_images.cli import _shared as cli_shared
from evolink_images.cli import main
from evolink_images.simulator import _home, _shared
from evolink_images.simulator._home import SharedState, kept_port, read_state, write_state
from evolink_images.simulator._shared import Found, ensure_shared, shared_status, stop_shared

from tests.conftest import CREATED, PNG, TASK_ID, completed_json
from tests.simulated import png_size

EVOLINK = "https://api.evolink.ai"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's state folder (not created yet), journal and no key; its shared simulator is stopped after it."""
    path = tmp_path / "simulator-home"
    monkeypatch.setenv("EVOLINK_SIMULATOR_HOME", str(path))
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    for name in ("EVOLINK_API_KEY", "EVOLINK_BASE_URL", "EVOLINK_FILES_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield path
    stop_shared(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The CLI in-process; generate, wait and follow-up poll every 50 ms."""
    fast = ["--poll-interval", "0.05"] if argv[0] in {"generate", "wait", "follow-up"} else []
    code = main([*argv, *fast])
    out, err = capsys.readouterr()
    return code, out, err


def tasks_made(home: Path) -> int:
    """How many tasks the running shared simulator has made, by its own count."""
    found = shared_status(home)
    assert found is not None, "the shared simulator is running"
    return int(found[1]["stats"]["tasks_created"])


def submitted_id(err: str) -> str:
    """The task id in ``submitted <id> (...)``."""
    return err.split("submitted ", 1)[1].split(maxsplit=1)[0]


# ---------------------------------------------------------------------------------------------------- one world
def test_the_readme_flow_runs_in_separate_commands_with_one_flag(
    home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """generate mj-v7, then follow-up upscale #2, then history: each its own command, no key, no second terminal."""
    out = str(tmp_path / "out")
    code, _, err = run(capsys, "generate", "mj-v7", "a lighthouse --ar 16:9", "--simulator", "--out", out)
    assert code == 0, err
    assert "started it in the background" in err, "the first --simulator command starts the shared simulator"
    grid = submitted_id(err)
    code, status, _ = run(capsys, "status", grid, "--simulator", "--json")
    assert code == 0 and json.loads(status)["status"] == "completed", "a later command sees the task"
    code, files, err = run(capsys, "follow-up", grid, "upscale", "--image-number", "2", "--simulator", "--out", out)
    assert code == 0, err
    assert "started it" not in err, "the same simulator: not a second one"
    upscale = submitted_id(err)
    assert png_size(Path(files.strip().splitlines()[-1]))
    code, history, _ = run(capsys, "history")
    assert code == 0
    lines = history.splitlines()
    assert len(lines) == 2 and all(line.endswith("[simulated]") for line in lines), history
    assert "mj-v7" in lines[0] and "└ upscale #2" in lines[1], "the follow-up below the grid it worked on"
    code, only, _ = run(capsys, "history", "--simulator", "--json")
    assert code == 0 and [json.loads(line)["task_id"] for line in only.splitlines()] == [upscale, grid]
    assert tasks_made(home) == 2


def test_ctrl_c_says_the_truth_and_a_later_command_finishes_the_task(
    home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Ctrl-C the task runs on at the shared simulator: the printed `wait` picks it up; `resume`, another."""

    def interrupt(self: object, task: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main.ProgressDisplay, "__call__", interrupt)
    out = str(tmp_path / "out")
    code, _, first = run(capsys, "generate", "nano-banana", "a fox", "--simulator", "--out", out)
    assert code == 130
    task_id = submitted_id(first)
    assert f"Task {task_id} is still running on the shared simulator;" in first
    command = first.strip().splitlines()[-1].strip()
    assert command == f"evolink-images wait {task_id} --out {out} --simulator"
    code, _, second = run(capsys, "generate", "nano-banana", "a hare", "--simulator", "--out", out)
    assert code == 130
    monkeypatch.undo()
    monkeypatch.setenv("EVOLINK_SIMULATOR_HOME", str(home))
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    code, saved, err = run(capsys, *shlex.split(command)[1:])  # the command it printed, as printed
    assert code == 0, err
    assert Path(saved.strip()).name == f"{task_id}-0.png"
    code, resumed, _ = run(capsys, "resume", "--simulator")
    assert code == 0 and resumed.count("downloaded") == 1 and submitted_id(second) in resumed
    assert tasks_made(home) == 2, "nothing made twice"


def test_a_batch_interrupted_with_sigint_is_finished_by_resume_and_nothing_is_created_twice(
    home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A real process, interrupted twice as an impatient user does; `resume --simulator`, then the same batch."""
    assert main(["simulator", "--start", "--duration", "4"]) == 0  # long enough to be interrupted mid-wait
    capsys.readouterr()
    journal_path = tmp_path / "journal.sqlite3"
    journal = Journal(journal_path)
    batch = tmp_path / "batch.jsonl"
    prompts = ["a cat", "a dog", "a fox", "a hare"]
    batch.write_text("".join(json.dumps({"model": "nano-banana", "prompt": p, "key": p[2:]}) + "\n" for p in prompts))
    out = tmp_path / "out"
    argv = ["batch", str(batch), "--simulator", "--concurrency", "4", "--out", str(out)]
    env = {**os.environ, "EVOLINK_SIMULATOR_HOME": str(home), "EVOLINK_JOURNAL": str(journal_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "evolink_images", *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for(lambda: len(journal.entries(states=["submitted"])) == len(prompts) or process.poll() is not None)
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    text = err.decode()
    assert process.returncode == 130, text
    assert "keep running on the shared simulator" in text and "`evolink-images resume --simulator`" in text
    assert tasks_made(home) == len(prompts)
    code, resumed, _ = run(capsys, "resume", "--simulator")
    assert code == 0 and resumed.count("downloaded") == len(prompts), resumed
    code, _, err_again = run(capsys, *argv)
    assert code == 0 and f"{len(prompts)} skipped" in err_again, err_again
    assert tasks_made(home) == len(prompts), "every line finished, none created twice"


def _wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait until *condition* holds (a generous deadline: a loaded machine is slow, never a failure of speed)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


# ---------------------------------------------------------------------------------------------------- finding it
@pytest.mark.parametrize("who", ["a process that has ended", "a live process that is no simulator"])
def test_a_state_file_whose_simulator_is_gone_starts_a_fresh_one(home: Path, who: str) -> None:
    stale = _stale_state(home, ended=who.startswith("a process that has ended"))
    found = ensure_shared(speed=200, home=home)
    assert found.started and found.state.pid != stale.pid
    assert shared_status(home) is not None and read_state(home) == found.state


def test_without_the_check_a_stale_state_file_would_be_used(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = _stale_state(home, ended=True)
    monkeypatch.setattr(_shared, "_status", lambda state, use=False: {"pid": state.pid})
    found = ensure_shared(speed=200, home=home)
    assert not found.started and found.state == stale, "commands would be sent where nothing answers"


def _stale_state(home: Path, *, ended: bool) -> SharedState:
    """A state file naming a process that has ended (or this test's own), at a port where nothing listens."""
    home.mkdir(mode=0o700)
    pid = os.getpid()
    if ended:
        done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
        pid = int(done.stdout)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    state = SharedState(pid=pid, url=f"http://127.0.0.1:{port}", speed=15.0, started=0.0, idle_timeout=1800.0)
    write_state(home, state)
    return state


def _race(home: Path, patch: pytest.MonkeyPatch, meet: float = 1.0) -> tuple[list[Found | BaseException], list[int]]:
    """Two first uses at once: each reads the state only once both are there (or *meet* seconds have passed)."""
    barrier, seen = threading.Barrier(2, timeout=meet), threading.local()
    spawned: list[int] = []
    read, spawn = _shared.read_state, _shared._spawn

    def read_together(path: Path) -> SharedState | None:
        if not getattr(seen, "done", False):
            seen.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return read(path)

    def counted(*args: Any) -> subprocess.Popen[bytes]:
        process = spawn(*args)
        spawned.append(process.pid)
        return process

    results: list[Found | BaseException] = []

    def use() -> None:
        try:
            results.append(ensure_shared(speed=200, home=home))
        except _shared.SharedSimulatorError as exc:
            results.append(exc)

    with patch.context() as scoped:
        scoped.setattr(_shared, "read_state", read_together)
        scoped.setattr(_shared, "_spawn", counted)
        threads = [threading.Thread(target=use) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results, spawned


def test_two_first_uses_at_once_end_up_with_one_simulator(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results, spawned = _race(home, monkeypatch)
    assert len(spawned) == 1
    assert all(isinstance(found, Found) for found in results)
    assert {found.state.pid for found in results if isinstance(found, Found)} == set(spawned)


def test_without_the_lock_two_first_uses_start_two(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_shared, "locked", lambda path: contextlib.nullcontext())
    monkeypatch.setattr(_shared, "_START_TIMEOUT", 3.0)  # the one whose state file was overwritten waits this long
    _, spawned = _race(home, monkeypatch, meet=30.0)  # nothing holds either back: they always meet
    try:
        assert len(spawned) == 2
    finally:
        for pid in spawned:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            child = _shared._CHILDREN.pop(pid, None)
            if child is not None:
                child.wait(10)


def test_the_simulator_stops_itself_when_idle(home: Path) -> None:
    found = ensure_shared(speed=200, idle_timeout=0.5, home=home)
    child = _shared._CHILDREN[found.state.pid]
    assert child.wait(timeout=30) == 0, "it ended by itself, cleanly"
    assert read_state(home) is None and shared_status(home) is None


def test_a_simulator_within_its_idle_timeout_keeps_running(home: Path) -> None:
    """The companion: the same wait, a longer timeout: still there (it is the timeout that stops it)."""
    found = ensure_shared(speed=200, idle_timeout=3600, home=home)
    with pytest.raises(subprocess.TimeoutExpired):
        _shared._CHILDREN[found.state.pid].wait(timeout=1.0)
    assert shared_status(home) is not None


def test_the_state_folder_is_private(home: Path) -> None:
    ensure_shared(speed=200, home=home)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    names = {path.name: stat.S_IMODE(path.stat().st_mode) for path in home.iterdir()}
    assert set(names) >= {"simulator.json", "port", "lock", "simulator.log"}
    assert set(names.values()) == {0o600}, names


def test_without_the_modes_the_state_files_would_be_readable_by_others(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_home, "_PRIVATE_FILE", 0o666)
    monkeypatch.setattr(_home, "_PRIVATE_FOLDER", 0o777)
    old = os.umask(0o022)
    try:
        _home.prepared(home)
        _home.keep_port(home, 8788)
    finally:
        os.umask(old)
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    assert stat.S_IMODE((home / "port").stat().st_mode) == 0o644


# ---------------------------------------------------------------------------------------------------- its identity
def test_the_world_keeps_its_port_across_restarts_and_says_when_it_must_move(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first, _ = run(capsys, "simulator", "--start")
    assert code == 0
    code, status, _ = run(capsys, "simulator", "--status")
    assert code == 0 and f"runs at {first.strip()}" in status and "0 task(s) made" in status
    code, stopped, _ = run(capsys, "simulator", "--stop")
    assert code == 0 and "stopped the shared simulator" in stopped
    code, status, _ = run(capsys, "simulator", "--status")
    assert code == 0 and "not running" in status
    code, again, _ = run(capsys, "simulator", "--start")
    assert code == 0 and again == first, "the same URL: journalled rows name it still"
    assert run(capsys, "simulator", "--stop")[0] == 0
    port = kept_port(home)
    assert port is not None
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        code, moved, err = run(capsys, "simulator", "--start")
    assert code == 0 and moved != first and f"its port {port} was taken" in err


# ---------------------------------------------------------------------------------------------------- two worlds apart
def _simulated_row(journal: Journal, url: str, **fields: Any) -> None:
    """A journal row of a task sent to the simulator at *url*, answered and still running."""
    body = {"model": "gemini-2.5-flash-image", "prompt": "x"}
    journal.begin(idempotency_key="sim-1", base_url=url, body=body, **fields)
    journal.submitted("sim-1", task_from_json(CREATED))


def _real_resume(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, out: Path
) -> tuple[respx.Route, str]:
    """``resume`` against EvoLink (respx stands in for it): the route that polls the simulated task, and the output."""
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-real-resume-test")
    with respx.mock(assert_all_called=False) as api:
        poll = api.get(f"{EVOLINK}/v1/tasks/{TASK_ID}").respond(200, json=completed_json())
        api.get("https://files.example.com/r/0.png").respond(200, content=PNG)
        _, said, err = run(capsys, "resume", "--out", str(out))
    return poll, said + err


def test_a_real_resume_leaves_simulated_rows_alone(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _simulated_row(Journal(tmp_path / "journal.sqlite3"), "http://127.0.0.1:8799")
    poll, said = _real_resume(capsys, monkeypatch, tmp_path / "out")
    assert not poll.called, "a simulated task id is never asked of EvoLink"
    assert "nothing to resume" in said


def test_without_the_guard_a_real_resume_would_poll_simulated_tasks_at_evolink(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _simulated_row(Journal(tmp_path / "journal.sqlite3"), "http://127.0.0.1:8799")
    every = Journal.unfinished
    monkeypatch.setattr(Journal, "unfinished", lambda self, base_url=None: every(self))
    poll, _ = _real_resume(capsys, monkeypatch, tmp_path / "out")
    assert poll.called


@pytest.mark.parametrize("guarded", [True, False])
def test_a_batch_line_is_settled_only_by_rows_of_its_own_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guarded: bool
) -> None:
    """A line a simulated run has a task for is still sent by a real run (and the other way round)."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"model": "nano-banana", "prompt": "a cat", "key": "cat"}\n')
    lines = check_batch(batch)
    (line,) = list(lines)
    out = tmp_path / "out"
    journal = Journal(tmp_path / "journal.sqlite3")
    _simulated_row(journal, "http://127.0.0.1:8799", batch_key=line.batch_key(out.absolute().resolve()))
    if not guarded:
        by_key = Journal.by_batch_key
        monkeypatch.setattr(Journal, "by_batch_key", lambda self, key, base_url=None: by_key(self, key))
    ((_, send_real),) = sending(journal, check_batch(batch), out, base_url=EVOLINK)
    ((_, send_simulated),) = sending(journal, check_batch(batch), out, base_url="http://127.0.0.1:8799")
    assert not send_simulated, "the simulated run waits for its task"
    assert send_real is guarded, "a real run would otherwise wait at EvoLink for the simulator's task"


@pytest.mark.parametrize(
    ("simulated", "base_url", "given", "expected"),
    [
        (True, "http://127.0.0.1:8799", None, ("on the shared simulator", "", " --simulator")),
        (False, EVOLINK, None, ("on EvoLink", "", "")),
        (False, "https://proxy.example", None, ("at https://proxy.example", "", "")),  # from $EVOLINK_BASE_URL
        (
            False,
            "https://proxy.example",
            "https://proxy.example",
            ("at https://proxy.example", "--base-url https://proxy.example ", ""),
        ),
    ],
)
def test_an_interrupted_command_names_where_its_task_runs_and_how_to_reach_it(
    simulated: bool, base_url: str, given: str | None, expected: tuple[str, str, str]
) -> None:
    assert cli_shared.interrupted_where(simulated, base_url, given) == expected
