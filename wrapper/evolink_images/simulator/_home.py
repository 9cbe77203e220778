"""The shared simulator's state folder: where ``--simulator`` commands find it again, readable by its owner only.

``$EVOLINK_SIMULATOR_HOME``, else ``evolink-images/simulator`` in the user's state directory (``$XDG_STATE_HOME`` or
``~/.local/state`` on Linux). It holds ``simulator.json`` (the simulator running now: pid, url, speed, when it
started, its idle timeout), ``port`` (the simulated world's port, chosen once and kept, so that the journal's rows of
simulated tasks name the same URL after a restart), ``lock`` (held while a simulator is looked for or started) and
``simulator.log`` (its output). The folder is created 0700, the files 0600.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import attrs

from .._user_dirs import user_folder

__all__ = [
    "LOG_NAME",
    "SharedState",
    "keep_port",
    "kept_port",
    "locked",
    "prepared",
    "private_file",
    "read_state",
    "remove_state",
    "simulator_home",
    "write_state",
]

_PRIVATE_FILE, _PRIVATE_FOLDER = 0o600, 0o700
_STATE, _PORT, _LOCK = "simulator.json", "port", "lock"
LOG_NAME = "simulator.log"


def simulator_home() -> Path:
    """``$EVOLINK_SIMULATOR_HOME``, else ``evolink-images/simulator`` in the user's state directory."""
    return user_folder("EVOLINK_SIMULATOR_HOME", "XDG_STATE_HOME", (".local", "state"), "simulator")


def prepared(home: Path) -> Path:
    """*home*, created 0700 when it is not there (its parents as usual); an existing folder is left as it is."""
    if not home.is_dir():
        home.parent.mkdir(parents=True, exist_ok=True)
        home.mkdir(mode=_PRIVATE_FOLDER, exist_ok=True)
    return home


def private_file(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_APPEND) -> int:
    """A descriptor of *path* opened with *flags*, created 0600 when it is new."""
    return os.open(path, flags, _PRIVATE_FILE)


@attrs.frozen(kw_only=True)
class SharedState:
    """What ``simulator.json`` says of the running shared simulator.

    Attributes:
        pid: Its process id.
        url: Its base URL, ``http://127.0.0.1:<port>``.
        speed: How much faster than EvoLink its tasks run.
        started: When it started (unix seconds).
        idle_timeout: Seconds without a request after which it stops.
    """

    pid: int
    url: str
    speed: float
    started: float
    idle_timeout: float


def read_state(home: Path) -> SharedState | None:
    """The state file's simulator, or None when there is none (or the file is not one of ours)."""
    try:
        data = json.loads((home / _STATE).read_text(encoding="utf-8"))
        return SharedState(
            pid=int(data["pid"]),
            url=str(data["url"]),
            speed=float(data["speed"]),
            started=float(data["started"]),
            idle_timeout=float(data["idle_timeout"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(home: Path, state: SharedState) -> None:
    """Write the state file at once (a reader sees the old one or the new one, never half of one)."""
    _write_private(home / _STATE, json.dumps(attrs.asdict(state)))


def remove_state(home: Path, pid: int) -> None:
    """Remove the state file when it still names *pid* (a newer simulator's is left alone)."""
    state = read_state(home)
    if state is not None and state.pid == pid:
        with suppress(FileNotFoundError):
            (home / _STATE).unlink()


def kept_port(home: Path) -> int | None:
    """The simulated world's port, when one was chosen before."""
    try:
        port = int((home / _PORT).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None


def keep_port(home: Path, port: int) -> None:
    """Remember *port* as the simulated world's."""
    _write_private(home / _PORT, f"{port}\n")


def _write_private(path: Path, text: str) -> None:
    """Write *text* to a new 0600 file beside *path*, then move it over *path*.

    The new file's name is this write's own (two threads of one process may write at once).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = private_file(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


@contextmanager
def locked(home: Path) -> Iterator[None]:
    """Hold the folder's lock: one process at a time looks for, starts or stops the shared simulator."""
    descriptor = private_file(home / _LOCK, os.O_RDWR | os.O_CREAT)
    try:
        if sys.platform == "win32":
            import msvcrt  # noqa: PLC0415 - Windows only

            msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
        else:
            import fcntl  # noqa: PLC0415 - POSIX only

            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # which releases the lock
