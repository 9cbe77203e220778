"""Where evolink-images keeps a user's files by default: the platform's per-user folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["user_folder"]


def user_folder(setting: str, xdg_variable: str, xdg_default: tuple[str, ...], *parts: str) -> Path:
    """``$setting`` if set, else *parts* under the user's folder for such files.

    That folder is ``%LOCALAPPDATA%`` on Windows, ``~/Library/Application Support`` on macOS, and elsewhere
    ``$xdg_variable`` or ``~/<xdg_default>`` (``XDG_DATA_HOME`` / ``.local/share``, ``XDG_STATE_HOME`` /
    ``.local/state``).
    """
    configured = os.environ.get(setting)
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get(xdg_variable) or Path.home().joinpath(*xdg_default))
    return base.joinpath("evolink-images", *parts)
