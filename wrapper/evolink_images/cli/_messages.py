"""The library's errors in a shell user's words: the flag or the command to use, never a Python keyword.

The library words its errors for Python (``size='4K'``, ``pass api_key=...``, ``extra_body={...}``); its errors
carry what the command line needs to word them again (a refusal's field, value, ``instead`` and ``hint``; a missing
key's own class), so nothing here rewrites the library's text.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from .._errors import EvoLinkError, ValidationError
from .._http import MissingKeyError
from ._fields import cli_call, option
from ._images import IMAGE_FLAG, MASK_FLAG

__all__ = ["BATCH_HINTS", "GENERATE_HINTS", "batch_line_error", "missing_key", "refusal", "setup_error"]

# The ways forward of a refusal's ``hint``, on the command line of generate and follow-up.
GENERATE_HINTS = {
    "undocumented-field": "To send a field the catalogue lacks, add --no-validate: the request (each --param "
    "KEY=VALUE with it) then goes as given, unchecked.",
    "data-url": "To send the image, save it to a file and pass --image FILE: it is uploaded to EvoLink's files "
    "service first.",
}
# ... and in a batch file, whose lines are always checked.
BATCH_HINTS = {
    "undocumented-field": "A batch line sends documented fields only; send one the catalogue lacks with "
    "`evolink-images generate MODEL PROMPT --no-validate --param KEY=VALUE`.",
    "data-url": "To send the image, save it to a file and name the file there instead (relative to the batch "
    "file's folder): it is uploaded to EvoLink's files service first.",
}
_INDEX = re.compile(r"\[\d+\]$")
_LONGEST = 100  # a value's head beyond this is cut short: the rule after it is what matters
# The fields a command takes as its positional arguments, by the library's names.
_POSITIONAL = {
    "model": "MODEL",
    "prompt": "PROMPT",
    "task_id": "TASK_ID",
    "parent": "TASK_ID",
    "operation": "OPERATION",
}


def _quoted(value: object) -> str:
    """*value* as a shell reads it; text with a line break or a tab as JSON, so that the message stays one line."""
    if isinstance(value, str):
        return shlex.quote(value) if value.isprintable() else json.dumps(value)
    return shlex.quote(json.dumps(value))


def _head(field: str, value: object, flags: Mapping[str, str]) -> str:
    """The field as the command line gives it (``--size 16:9``, ``PROMPT ''``), cut short like the library's."""
    head = _given(field, value, flags)
    return head if len(head) <= _LONGEST else head[: _LONGEST - 3] + "..."


def _given(field: str, value: object, flags: Mapping[str, str]) -> str:
    """How *field* was given: ``--size 16:9``, ``PROMPT ''``, ``--param 'seed="x"'``.

    An item of a list field (``image_urls[1]``) shows as its flag with the item, a local file as the ``--image`` or
    ``--mask`` that gave it, and a value not given (None: a required field) as the flag alone.
    """
    if isinstance(value, PurePath):  # a local file: given with --image, or --mask where the mask goes
        return f"{MASK_FLAG if 'mask' in field else IMAGE_FLAG} {shlex.quote(str(value))}"
    name = field if field in flags else _INDEX.sub("", field)
    if name in flags:
        return flags[name] if value is None else option(flags, name, value)
    if field in _POSITIONAL:
        return _POSITIONAL[field] if value is None else f"{_POSITIONAL[field]} {_quoted(value)}"
    return f"--param {field}=VALUE" if value is None else option(flags, field, value)


def refusal(exc: ValidationError, flags: Mapping[str, str], hints: Mapping[str, str] = GENERATE_HINTS) -> str:
    """A refusal of a command's request in its flags: ``--size 16:9 for MODEL: must be ...``."""
    where = f" for {exc.model}" if exc.model else ""
    text = f"{_head(exc.field, exc.value, flags)}{where}: {exc.rule}"
    if exc.instead:
        text += f"; {cli_call(flags)(exc.instead, exc.field, exc.value)}"
    if exc.hint is not None and exc.hint in hints:
        text += f" {hints[exc.hint]}"
    return text


def batch_line_error(exc: Exception) -> str:
    """A batch line's problem in the file's own terms: its JSON keys (``"params": {"size": ...}``), no Python."""
    if not isinstance(exc, ValidationError):
        return str(exc)
    where = f" for {exc.model}" if exc.model else ""
    top = exc.field.split(".")[0].split("[")[0]
    place = exc.field if top in {"model", "prompt"} else f"params.{exc.field}"
    given = "" if exc.value is None else f" {_json(exc.value)}"
    text = f"{place}{given}{where}: {exc.rule}"
    if exc.instead:
        params = {name: value for name, value in exc.instead.items() if name not in {"model", "prompt"}}
        written = {name: value for name, value in exc.instead.items() if name in {"model", "prompt"}}
        written |= {"params": params} if params else {}
        text += f"; write {json.dumps(written, ensure_ascii=False)[1:-1]} in the line instead"
    if exc.hint is not None and exc.hint in BATCH_HINTS:
        text += f" {BATCH_HINTS[exc.hint]}"
    return text


def _json(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # a local file (a path) where an image goes
        text = json.dumps(str(value), ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def missing_key(args: argparse.Namespace) -> str:
    """No key: set ``EVOLINK_API_KEY``, or (where the command has it) add ``--simulator`` to try it offline."""
    text = "no EvoLink API key: set EVOLINK_API_KEY (get a key at https://evolink.ai)"
    if hasattr(args, "simulator"):
        return f"{text}, or add --simulator to try it offline (no key, no cost)"
    return f"{text}, or run `evolink-images simulator` and point EVOLINK_BASE_URL at it to try it offline"


def setup_error(exc: EvoLinkError, args: argparse.Namespace) -> str:
    """A client that cannot be made (no key, a malformed URL), in this command's terms."""
    return missing_key(args) if isinstance(exc, MissingKeyError) else str(exc)
