"""Run one page's Python blocks in order, in one namespace, as a reader pasting them into one session would.

``python doc_blocks_driver.py BLOCKS.json``: *BLOCKS.json* is a list of ``{"page", "line", "code"}``. Each block is
compiled under the name ``<page>:<line>`` (so a traceback points into the page) and run; ``ok <page>:<line>`` is
printed for each. A block that quotes the error it ends with (``# evolink_images.ValidationError: size=...``, continued
on further comment lines; ``...`` stands for any text) must raise that error with that message. The first block that
fails is reported on stderr with its traceback, and the exit status is 1.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from pathlib import Path

QUOTED = re.compile(r"^# (?:evolink_images\.)?(\w+Error): (.*)$")


def quoted_error(code: str) -> tuple[str, str] | None:
    """(class name, message) of the error a block says it raises, or None."""
    lines = code.splitlines()
    for index, line in enumerate(lines):
        found = QUOTED.match(line)
        if found:
            text = [found[2]]
            for more in lines[index + 1 :]:
                if not more.startswith("# "):
                    break
                text.append(more[2:])
            return found[1], " ".join(" ".join(text).split())
    return None


def says(quoted: str, message: str) -> bool:
    """Whether *message* is the *quoted* one, ``...`` standing for any text."""
    message = " ".join(message.split())
    if "..." not in quoted:
        return message == quoted
    at = 0
    for part in (part.strip() for part in quoted.split("...")):
        found = message.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def run(blocks: list[dict[str, object]]) -> int:
    """Run *blocks* in one namespace; 0 when each did what it says, else 1 (the first failure on stderr)."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    for block in blocks:
        where, code = f"{block['page']}:{block['line']}", str(block["code"])
        expected = quoted_error(code)
        try:
            exec(compile(code, where, "exec"), namespace)  # noqa: S102 - running the docs is the point
        except Exception as exc:
            names = {cls.__name__ for cls in type(exc).__mro__}
            if expected is not None and expected[0] in names and says(expected[1], str(exc)):
                print(f"ok {where} (raised {expected[0]}, as it says)", flush=True)
                continue
            print(f"FAILED {where}", file=sys.stderr)
            traceback.print_exc()
            if expected is not None:
                print(f"(the block says it raises {expected[0]}: {expected[1]})", file=sys.stderr)
            return 1
        if expected is not None:
            print(f"FAILED {where}: the block says it raises {expected[0]}; it did not", file=sys.stderr)
            return 1
        print(f"ok {where}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
