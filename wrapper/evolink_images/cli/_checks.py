"""Every command-line option checked before a command starts the simulator, opens the journal or sends anything.

argparse checks types (``--timeout abc``); these are the rules it cannot express: ranges, numbers that are not
finite, folders that cannot be written, files that are not there. Each failure names the option, the value and the
rule, as a :class:`OptionError`.
"""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from .._errors import EvoLinkError, ValidationError
from .._http import resolve_base_url
from .._requests import check_task_id
from ._since import SinceError, parse_since

__all__ = ["OptionError", "check_options"]


class OptionError(Exception):
    """An option's value breaks its rule: one line for the user, exit code 2."""

    def __init__(self, option: str, value: object, rule: str) -> None:
        super().__init__(f"{option}={value}: {rule}")


def _positive(value: float) -> str | None:
    return None if math.isfinite(value) and value > 0 else "must be a positive number of seconds"


def _not_negative(value: float) -> str | None:
    return None if math.isfinite(value) and value >= 0 else "must be a finite number, 0 or more"


def _credits(value: float) -> str | None:
    return None if math.isfinite(value) and value > 0 else "must be a positive number of credits"


def _speed(value: float) -> str | None:
    return None if math.isfinite(value) and value > 0 else "must be a positive factor (15 runs 15 times faster)"


def _at_least_one(value: int) -> str | None:
    return None if value >= 1 else "must be at least 1"


def _port(value: int) -> str | None:
    return None if 0 <= value <= 65535 else "must be a TCP port, 0 to 65535 (0 picks a free one)"


def _folder(value: Path) -> str | None:
    """A folder that exists, or can be created: its nearest existing ancestor is a writable folder."""
    if value.exists():
        if not value.is_dir():
            return "is a file, not a folder"
        return None if os.access(value, os.W_OK) else "is a folder this user cannot write to"
    ancestor = value.absolute().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"cannot be created: {ancestor} is a file"
    return None if os.access(ancestor, os.W_OK) else f"cannot be created: {ancestor} is not writable"


def _journal_file(value: Path) -> str | None:
    if value.is_dir():
        return "is a folder; give the journal's file name (a SQLite file)"
    return _folder(value.parent)


def _existing_file(value: Path) -> str | None:
    if value.is_dir():
        return "is a folder; give a file"
    return None if value.is_file() else "no such file"


def _since(value: str) -> str | None:
    try:
        parse_since(value, time.time())
    except SinceError as exc:
        return str(exc).split(": ", 1)[-1]
    return None


def _url(value: str) -> str | None:
    try:
        resolve_base_url(value)
    except (EvoLinkError, httpx.InvalidURL):
        return "must be an http(s) URL with a host, like https://api.evolink.ai or http://127.0.0.1:8787"
    return None


def _task_id(value: str) -> str | None:
    try:
        check_task_id(value)
    except ValidationError as exc:
        return exc.rule
    return None


# The rule for each option, by its argparse destination; an option a command does not have is not checked.
_RULES: dict[str, tuple[str, Callable[..., str | None]]] = {
    "timeout": ("--timeout", _positive),
    "poll_interval": ("--poll-interval", _positive),
    "concurrency": ("--concurrency", _at_least_one),
    "max_credits": ("--max-credits", _credits),
    "limit": ("--limit", _at_least_one),
    "port": ("--port", _port),
    "speed": ("--speed", _speed),
    "idle_timeout": ("--idle-timeout", _positive),
    "duration": ("--duration", _not_negative),
    "latency": ("--latency", _not_negative),
    "balance": ("--balance", _not_negative),
    "key_limit": ("--key-limit", _not_negative),
    "key_daily_limit": ("--key-daily-limit", _not_negative),
    "out": ("--out", _folder),
    "journal": ("--journal", _journal_file),
    "file": ("FILE", _existing_file),
    "task_id": ("TASK_ID", _task_id),
    "since": ("--since", _since),
    "base_url": ("--base-url", _url),
    "files_base_url": ("--files-base-url", _url),
}


def check_options(args: argparse.Namespace) -> None:
    """Raise :class:`OptionError` for the first option of *args* that breaks its rule (unset options pass)."""
    for dest, (option, rule) in _RULES.items():
        value = getattr(args, dest, None)
        if value is None:
            continue
        problem = rule(value)
        if problem is not None:
            raise OptionError(option, value, problem)
