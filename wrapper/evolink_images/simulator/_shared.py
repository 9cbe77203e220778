"""The shared simulator: one background simulator for every ``--simulator`` command, started on first use.

A command asks :func:`ensure_shared` for it: under the state folder's lock, the simulator the state file names is used
when it answers on loopback as that process; otherwise a new one is started, detached (its own session, its output in
``simulator.log``), on the world's kept port, and waited for. So its tasks, uploads and balance outlive the command
that made them, and two commands starting at once end up with one simulator. It stops itself after its idle timeout;
:func:`stop_shared` stops it sooner. See :mod:`._home` for the folder and :mod:`._daemon` for its process.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from .._errors import EvoLinkError
from ._daemon import STATUS_PATH, USE_QUERY
from ._home import (
    LOG_NAME,
    SharedState,
    keep_port,
    kept_port,
    locked,
    prepared,
    private_file,
    read_state,
    remove_state,
    simulator_home,
)
from ._server import LOOPBACK, bound_socket

__all__ = [
    "DEFAULT_IDLE_TIMEOUT",
    "Found",
    "SharedSimulatorError",
    "ensure_shared",
    "shared_status",
    "stop_shared",
    "world_url",
]

DEFAULT_IDLE_TIMEOUT = 1800.0  # seconds without a request before the shared simulator stops
_START_TIMEOUT = 30.0
# The simulators this process started, by pid: reaped when stopped (a test's own process starts them).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


class SharedSimulatorError(EvoLinkError):
    """The shared simulator could not be started or stopped."""


@attrs.frozen(kw_only=True)
class Found:
    """The shared simulator a command uses.

    Attributes:
        state: What its state file says (pid, url, speed, start, idle timeout).
        started: True when this call started it.
        moved_from: The world's former port, when that port was taken and a new one chosen (None: not moved).
    """

    state: SharedState
    started: bool = False
    moved_from: int | None = None


def ensure_shared(
    *, speed: float, idle_timeout: float = DEFAULT_IDLE_TIMEOUT, home: Path | None = None, options: Sequence[str] = ()
) -> Found:
    """The running shared simulator, started now (at *speed*, with the simulator command's *options*) when none answers.

    Raises:
        SharedSimulatorError: when it did not start (the log's last lines say why).
    """
    home = prepared(home or simulator_home())
    _reap_ended()
    with locked(home):
        state = read_state(home)
        if state is not None and _status(state, use=True) is not None:
            return Found(state=state)
        port, moved_from = _world_port(home)
        process = _spawn(home, port, speed, idle_timeout, options)
        return Found(state=_wait_until_up(home, process), started=True, moved_from=moved_from)


def shared_status(home: Path | None = None) -> tuple[SharedState, dict[str, Any]] | None:
    """The running shared simulator and what it says of itself (stats included), or None when none answers."""
    state = read_state(home or simulator_home())
    status = _status(state) if state is not None else None
    return (state, status) if state is not None and status is not None else None


def stop_shared(home: Path | None = None, timeout: float = 10.0) -> SharedState | None:
    """Stop the running shared simulator and wait until it has gone; returns it, or None when none was running.

    A state file whose simulator no longer answers is removed.
    """
    home = home or simulator_home()
    _reap_ended()
    if not home.is_dir():
        return None
    with locked(home):
        state = read_state(home)
        if state is None:
            return None
        if _status(state) is None:
            remove_state(home, state.pid)
            return None
        with suppress(ProcessLookupError):  # it ended meanwhile
            os.kill(state.pid, signal.SIGTERM)
        _wait_until_gone(state, timeout)
        remove_state(home, state.pid)
        return state


def world_url(home: Path | None = None) -> str | None:
    """The simulated world's URL (its kept port), running or not; None before a shared simulator ever started."""
    port = kept_port(home or simulator_home())
    return f"http://{LOOPBACK}:{port}" if port is not None else None


# ---------------------------------------------------------------------------------------------------- helpers
def _status(state: SharedState, *, use: bool = False) -> dict[str, Any] | None:
    """What the simulator at the state's URL says of itself, when it is the state's process; else None."""
    parts = urlsplit(state.url)
    if parts.hostname != LOOPBACK or parts.port is None:
        return None
    connection = http.client.HTTPConnection(LOOPBACK, parts.port, timeout=5)
    try:
        connection.request("GET", STATUS_PATH + ("?" + USE_QUERY.decode() if use else ""))
        response = connection.getresponse()
        data = json.loads(response.read()) if response.status == 200 else None
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    return data if isinstance(data, dict) and data.get("pid") == state.pid else None


def _free(port: int) -> bool:
    """True when 127.0.0.1:*port* can be bound now."""
    try:
        bound_socket(LOOPBACK, port).close()
    except OSError:
        return False
    return True


def _world_port(home: Path) -> tuple[int, int | None]:
    """The kept port when it is free; else a new free one, kept from now on (and the old one, to say so)."""
    kept = kept_port(home)
    if kept is not None and _free(kept):
        return kept, None
    sock = bound_socket(LOOPBACK, 0)
    port = int(sock.getsockname()[1])
    sock.close()
    keep_port(home, port)
    return port, kept


def _spawn(home: Path, port: int, speed: float, idle_timeout: float, options: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start ``python -m evolink_images simulator --shared`` detached, its output appended to the log."""
    argv = [sys.executable, "-m", "evolink_images", "simulator", "--shared", "--port", str(port)]
    argv += ["--speed", repr(speed), "--idle-timeout", repr(idle_timeout), *options]
    detach: dict[str, Any] = {"start_new_session": True}
    if sys.platform == "win32":
        detach = {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
    log = private_file(home / LOG_NAME)
    try:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=home,
            env={**os.environ, "EVOLINK_SIMULATOR_HOME": str(home)},
            **detach,
        )
    finally:
        os.close(log)
    _CHILDREN[process.pid] = process
    return process


def _wait_until_up(home: Path, process: subprocess.Popen[bytes]) -> SharedState:
    """The state the new simulator writes once it listens; an error when it ends or keeps silent."""
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SharedSimulatorError(f"the shared simulator did not start: {_log_tail(home)}")
        state = read_state(home)
        if state is not None and state.pid == process.pid and _status(state, use=True) is not None:
            return state
        time.sleep(0.02)
    process.terminate()
    raise SharedSimulatorError(f"the shared simulator did not answer within {_START_TIMEOUT:g} s: {_log_tail(home)}")


def _wait_until_gone(state: SharedState, timeout: float) -> None:
    """Wait until the simulator's process has ended (reaped, when this process started it)."""
    child = _CHILDREN.pop(state.pid, None)
    if child is not None:
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(state):
        time.sleep(0.02)


def _reap_ended() -> None:
    """Collect the simulators this process started that have ended by themselves (idle): no zombies left."""
    for pid, child in list(_CHILDREN.items()):
        if child.poll() is not None:
            del _CHILDREN[pid]


def _alive(state: SharedState) -> bool:
    """True while the state's process runs (on Windows, while it answers: signal 0 is not a probe there)."""
    if sys.platform == "win32":
        return _status(state) is not None
    try:
        os.kill(state.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _log_tail(home: Path, lines: int = 5) -> str:
    """The log's last lines, for an error message."""
    try:
        text = (home / LOG_NAME).read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return f"no log in {home}"
    return " | ".join(text[-lines:]) or f"nothing in {home / LOG_NAME}"
