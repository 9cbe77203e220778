"""Show a task's progress: a bar redrawn in place on a terminal, one plain line per change otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .._task import Task

__all__ = ["BAR_WIDTH", "ProgressDisplay"]

BAR_WIDTH = 24


class ProgressDisplay:
    """A callable for ``on_progress`` that draws the task's status, progress and elapsed/estimated time."""

    def __init__(self, stream: TextIO | None = None, *, interactive: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.started = time.monotonic()
        self._drawn = False

    def __call__(self, task: Task) -> None:
        """Show *task*'s latest state."""
        elapsed = time.monotonic() - self.started
        estimate = f" / ~{task.estimated_time}s" if task.estimated_time else ""
        if self.interactive:
            filled = BAR_WIDTH * task.progress // 100
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"\r[{bar}] {task.progress:3d}% {task.status:<10} {elapsed:5.1f}s{estimate} "
            self.stream.write(line)
            self._drawn = True
            if task.is_final:
                self.finish()
        else:
            self.stream.write(f"{task.id}: {task.status} {task.progress}% ({elapsed:.1f}s{estimate})\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line, if one is drawn."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
