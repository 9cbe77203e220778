"""``--simulator`` on the command line: the shared simulator, found or started; ``simulator --start/--status/--stop``.

Every ``--simulator`` command talks to one background simulator (:mod:`evolink_images.simulator._shared`), so a task
made by ``generate --simulator`` can be waited for, followed up and resumed by later commands, as EvoLink's can. Its
requests go to the journal like real ones; their rows carry the simulator's URL, which stays the same across its
restarts (the state folder keeps its port), and a command against one API never reads or polls another's rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..simulator._shared import Found

__all__ = [
    "SIMULATOR_KEY",
    "SIMULATOR_SPEED",
    "SharedOptionError",
    "forwarded_options",
    "idle_timeout",
    "interrupted_where",
    "shared_url",
    "simulated_url",
    "simulator_speed",
    "start_shared",
    "status_shared",
    "stop_shared",
]

SIMULATOR_SPEED = 15.0
SIMULATOR_KEY = "simulator"


class SharedOptionError(Exception):
    """An environment setting for the shared simulator that cannot be used: one line, exit code 2."""


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _positive_setting(name: str, default: float) -> float:
    text = os.environ.get(name, "")
    try:
        value = float(text) if text else default
    except ValueError:
        raise SharedOptionError(f"{name}={text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise SharedOptionError(f"{name}={text!r} must be a positive number")
    return value


def simulator_speed() -> float:
    """How much faster than EvoLink the shared simulator runs when a command starts it: ``$EVOLINK_SIMULATOR_SPEED``."""
    return _positive_setting("EVOLINK_SIMULATOR_SPEED", SIMULATOR_SPEED)


def idle_timeout() -> float:
    """Seconds without a request before the shared simulator stops: ``$EVOLINK_SIMULATOR_IDLE_TIMEOUT``, else 1800."""
    from ..simulator._shared import DEFAULT_IDLE_TIMEOUT  # noqa: PLC0415 - loaded only when used

    return _positive_setting("EVOLINK_SIMULATOR_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)


def shared_url() -> str:
    """The shared simulator's URL, started now when none answers; says so on stderr (one line, two when started)."""
    from ..simulator._shared import ensure_shared  # noqa: PLC0415 - loaded only when used

    speed = simulator_speed()
    found = ensure_shared(speed=speed, idle_timeout=idle_timeout())
    _say(
        f"SIMULATOR: using evolink-images' built-in simulator at {found.state.url}. Images are locally drawn "
        "test patterns, not EvoLink results; no key is used and no credits are spent."
    )
    _notes(found, speed)
    return found.state.url


def _notes(found: Found, speed: float) -> None:
    """What a command says of the shared simulator beyond its URL: started now, moved, or at another speed."""
    state = found.state
    if found.started:
        _say(
            f"SIMULATOR: started it in the background (pid {state.pid}, speed x{state.speed:g}); later --simulator "
            f"commands use it and its tasks. It stops after {_span(state.idle_timeout)} without a request, or with "
            "`evolink-images simulator --stop`."
        )
    if found.moved_from is not None:
        _say(
            f"SIMULATOR: its port {found.moved_from} was taken, so it now listens on {state.url}: requests journalled "
            f"at http://127.0.0.1:{found.moved_from} are out of reach of `resume --simulator`."
        )
    if not found.started and state.speed != speed:
        _say(
            f"SIMULATOR: it runs at speed x{state.speed:g}, as it was started; x{speed:g} applies once it starts "
            "again (`evolink-images simulator --stop`)."
        )


def _span(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def simulated_url() -> str | None:
    """The shared simulator's URL, running or not (journal rows sent to it name it); None if it never started."""
    from ..simulator._shared import world_url  # noqa: PLC0415 - loaded only when used

    return world_url()


def interrupted_where(simulated: bool, base_url: str, given_base_url: str | None) -> tuple[str, str, str]:
    """Where an interrupted command's tasks still run, and what goes before and after a command to reach them there.

    (``"on the shared simulator"``, ``""``, ``" --simulator"``), (``"on EvoLink"``, ``""``, ``""``), or, for a base URL
    given on the command line, (``"at URL"``, ``"--base-url URL "``, ``""``).
    """
    from .._http import DEFAULT_BASE_URL  # noqa: PLC0415 - a constant

    if simulated:
        return "on the shared simulator", "", " --simulator"
    if base_url.rstrip("/") == DEFAULT_BASE_URL.rstrip("/"):
        return "on EvoLink", "", ""
    return f"at {base_url}", f"--base-url {given_base_url} " if given_base_url else "", ""


# ---------------------------------------------------------------------------------------------------- simulator --start
_VALUES = (
    ("duration", "--duration"),
    ("latency", "--latency"),
    ("progress", "--progress"),
    ("balance", "--balance"),
    ("key_limit", "--key-limit"),
    ("key_daily_limit", "--key-daily-limit"),
)
_FLAGS = (("honour_idempotency_keys", "--honour-idempotency-keys"), ("allow_http_callbacks", "--allow-http-callbacks"))


def forwarded_options(args: argparse.Namespace) -> list[str]:
    """The ``simulator`` options of *args* the shared simulator's process is started with (not --port, not --server)."""
    options: list[str] = []
    for dest, flag in _VALUES:
        value = getattr(args, dest)
        if value is not None:
            options += [flag, str(value)]
    options += [flag for dest, flag in _FLAGS if getattr(args, dest)]
    for spec in args.fault:
        options += ["--fault", spec]
    return options


def start_shared(args: argparse.Namespace) -> int:
    """``simulator --start``: the shared simulator started with these options, unless one runs; its URL on stdout."""
    from ..simulator._shared import ensure_shared  # noqa: PLC0415 - loaded only when used

    if args.port is not None:
        raise SharedOptionError(
            "--port: the shared simulator keeps its own port (in its state folder, so journalled tasks name the same "
            "URL); serve on a port of your choice in the foreground: evolink-images simulator --port N"
        )
    speed = args.speed if args.speed is not None else simulator_speed()
    timeout = args.idle_timeout if args.idle_timeout is not None else idle_timeout()
    found = ensure_shared(speed=speed, idle_timeout=timeout, options=forwarded_options(args))
    if not found.started:
        _say(
            f"the shared simulator already runs at {found.state.url} (pid {found.state.pid}), as it was started; "
            "`evolink-images simulator --stop` first to start it with other options"
        )
    _notes(found, speed)
    print(found.state.url)
    return 0


def status_shared(args: argparse.Namespace) -> int:
    """``simulator --status``: where the shared simulator runs, since when, its idle time and what it has done."""
    from ..simulator._home import simulator_home  # noqa: PLC0415 - loaded only when used
    from ..simulator._shared import shared_status  # noqa: PLC0415 - loaded only when used

    home = simulator_home()
    found = shared_status(home)
    if found is None:
        print(f"the shared simulator is not running (state folder: {home}); the first --simulator command starts it")
        return 0
    state, status = found
    stats = status.get("stats", {})
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(state.started))
    print(f"the shared simulator runs at {state.url} (pid {state.pid}), speed x{state.speed:g}, since {started}")
    print(
        f"  idle for {_span(float(status.get('idle_for', 0)))}; it stops after {_span(state.idle_timeout)} without a "
        "request"
    )
    print(
        f"  {stats.get('tasks_created', 0)} task(s) made, {stats.get('files_stored', 0)} file(s) uploaded, "
        f"{stats.get('requests', 0)} request(s) in all; state folder: {home}"
    )
    return 0


def stop_shared(args: argparse.Namespace) -> int:
    """``simulator --stop``: stop the shared simulator (its tasks are forgotten)."""
    from ..simulator._shared import stop_shared as stop  # noqa: PLC0415 - loaded only when used

    stopped = stop()
    if stopped is None:
        print("the shared simulator is not running")
    else:
        print(f"stopped the shared simulator at {stopped.url} (pid {stopped.pid}); its tasks are forgotten")
    return 0
