"""Show a task's progress: a bar redrawn in place on a terminal, one plain line per change otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .._presets import presets
from .._task import Task

__all__ = ["BAR_WIDTH", "ProgressDisplay"]

BAR_WIDTH = 24


def _duration(seconds: float) -> str:
    """Seconds in the unit a person reads them in: ``45s``, ``30m``, ``1h30m``."""
    whole = round(seconds)
    if whole < 120:
        return f"{whole}s"
    hours, minutes = divmod(round(whole / 60), 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


class ProgressDisplay:
    """A callable for ``on_progress`` that draws the task's status, progress, elapsed and estimated time.

    It also says how long the wait lasts before it gives up: *timeout*, else the task's model's own wait.
    """

    def __init__(
        self, stream: TextIO | None = None, *, interactive: bool | None = None, timeout: float | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.timeout = timeout
        self.started = time.monotonic()
        self._drawn = False

    def __call__(self, task: Task) -> None:
        """Show *task*'s latest state."""
        elapsed = time.monotonic() - self.started
        limit = self.timeout if self.timeout is not None else presets.wait_timeout(task.model)
        estimate = f" / ~{task.estimated_time}s" if task.estimated_time else ""
        estimate += f", waits up to {_duration(limit)}"
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
