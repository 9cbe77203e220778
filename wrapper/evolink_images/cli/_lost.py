"""How to send a lost request again, in the shell: the command that resubmits a journal row the API forgot."""

from __future__ import annotations

import json
import shlex

from .._journal import JournalEntry

__all__ = ["resubmit_command"]

_SENT_APART = ("model", "prompt")  # the body's fields the command takes as arguments rather than --param


def resubmit_command(entry: JournalEntry, *, simulator: bool = False) -> str:
    """The way to send *entry*'s request again: its batch rerun with ``--retry-lost``, else a ``generate`` command.

    The ``generate`` command sends exactly the body journalled: its model and prompt as arguments, every other field
    as ``--param KEY=JSON``, its results to the folder the request named. Either is for the API the request went to
    (*simulator*: the shared simulator, so never a paid API).
    """
    where = " --simulator" if simulator else ""
    if entry.batch_key:
        out = entry.batch_key.split("|", 1)[0]
        return f"rerun its batch file with --out {shlex.quote(out)} --retry-lost{where}"
    words = ["evolink-images", "generate", str(entry.body.get("model", entry.model))]
    prompt = entry.body.get("prompt")
    if isinstance(prompt, str) and prompt:
        words.append(prompt)
    for name, value in entry.body.items():
        if name not in _SENT_APART:
            words += ["--param", f"{name}={json.dumps(value, ensure_ascii=False)}"]
    if entry.out_dir:
        words += ["--out", entry.out_dir]
    return shlex.join(words) + where
