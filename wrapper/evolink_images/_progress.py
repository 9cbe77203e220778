"""What progress readings say about when a task ends, and when the next poll learns the most.

The model: reported progress is the share of the work done, rounded down to some step (1 % for most tasks, 25 % for
progress in quarters), and the work goes at a steady pace from the task's start. Then a reading of *p* % at age *t*
says the task ends by ``100 t / p`` (the latest finish) and, since the share was below the next step, after
``100 t / (p + step)`` (the earliest). Readings of 0 say only that the share was below the first step seen; every
reading says the task was not done when it was read. The step is not reported: if the levels are multiples of one
step, the greatest common divisor of those seen is a multiple of it, and taking it never puts the earliest finish
too late.

Together the readings leave a window ``(earliest, latest]``. A poll before ``earliest`` cannot come after the end,
so it costs a poll and never lag: the next poll is placed where the reading it brings narrows the window most (just
after the next step is due, halfway through the window in which it is due), and once the window is narrow, at its
latest finish. Readings that contradict the model (progress that runs ahead of the line or goes backwards, a stall
longer than a step allows) empty the window: then it says nothing, and the caller falls back on polling by the clock.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import attrs

__all__ = [
    "FINAL_BASE",
    "FINAL_SHARE",
    "LADDER_SHARE",
    "LADDER_STEPS",
    "SETTLED_SHARE",
    "SETTLE_READINGS",
    "Window",
    "next_look",
    "window",
]

# A window this narrow (or less) gets its last poll at its latest finish: the lag is at most its width.
FINAL_SHARE = 0.04
FINAL_BASE = 0.15
# Polls are worth less after a wait has made a few: from this many readings on (the first is the task as submitted), a
# window within SETTLED_SHARE (of its earliest finish, plus FINAL_BASE) gets its last poll too, not one that narrows it.
SETTLE_READINGS = 8
SETTLED_SHARE = 0.12
# When no step is left to wait for, the window is walked up in rungs of this share of the earliest finish (plus
# FINAL_BASE), or of a LADDER_STEPS-th of the window if that is more (but never more than the promised gap).
LADDER_SHARE = 0.03
LADDER_STEPS = 6
# The candidates for the next poll: at most this many of the steps still to come.
_CANDIDATE_STEPS = 8


@attrs.frozen
class Window:
    """When a task ends, by its progress readings: after *earliest* and no later than *latest* (seconds of age).

    *step* is the coarsest rounding the readings allow (the greatest common divisor of the levels seen) and
    *progress* the latest reading.
    """

    earliest: float
    latest: float
    step: int
    progress: int

    def narrow(self, readings: int) -> bool:
        """Whether the next poll should be the last: at the latest finish, the lag is small enough."""
        share = SETTLED_SHARE if readings >= SETTLE_READINGS else FINAL_SHARE
        return self.latest <= self.earliest * (1 + share) + FINAL_BASE


def window(readings: Sequence[tuple[float, int]]) -> Window | None:
    """The window the readings (age in seconds, progress %) leave; None if none is above 0 or they contradict.

    Progress that goes backwards always contradicts: the step divides the fall, so the later reading's earliest
    finish is past the earlier one's latest.
    """
    found = _bounds(readings)
    return found if found is not None and found.earliest < found.latest else None


def _bounds(readings: Sequence[tuple[float, int]]) -> Window | None:
    """The earliest and latest finish each reading allows, combined (None if no reading is above 0)."""
    levels = sorted({progress for _, progress in readings if 0 < progress < 100})
    if not levels:
        return None
    step = _step(levels)
    latest = min(100 * age / progress for age, progress in readings if 0 < progress < 100)
    earliest = 0.0
    for age, progress in readings:
        below = progress + step if 0 < progress < 100 else levels[0] if progress <= 0 else math.inf
        earliest = max(earliest, age, 100 * age / below)
    return Window(earliest, latest, step, readings[-1][1])


def _step(levels: Sequence[int]) -> int:
    """The coarsest rounding that could have given these levels (%): their greatest common divisor."""
    return math.gcd(*levels)


def next_look(
    found: Window, *, soonest: float, reach: float, readings: int, longest_rung: Callable[[float], float]
) -> float:
    """When to poll next (an age in seconds, from *soonest* to *reach*) to see the end of a task in *found*.

    *readings* counts the readings so far (after a few, a wider window is settled for); *longest_rung* gives, for an
    age, the longest step the ladder may take from it.
    """
    if found.narrow(readings) and found.latest <= reach:
        return found.latest
    rung = max(LADDER_SHARE * found.earliest + FINAL_BASE, (found.latest - found.earliest) / LADDER_STEPS)
    ladder = min(found.latest, found.earliest + min(rung, longest_rung(found.earliest)))
    candidates = [look for look in _looks(found) if soonest <= look <= min(found.earliest, reach)]
    scored = [(_polls_after(look, found), -look) for look in candidates]
    if scored:
        polls, look = min(scored)
        if polls < _polls_left(found, steps_left=False) or ladder > reach:
            return -look
    return min(ladder, reach)


def _looks(found: Window) -> list[float]:
    """Where the steps still to come are due, halfway (geometrically) through their windows; and the earliest end."""
    middle = math.sqrt(found.earliest * found.latest)
    levels = list(range(found.progress + found.step, 100, found.step))
    if len(levels) > _CANDIDATE_STEPS:
        stride = math.ceil(len(levels) / _CANDIDATE_STEPS)
        levels = [*levels[-1::-stride]]
    return [level / 100 * middle for level in levels] + [found.earliest]


def _polls_after(look: float, found: Window) -> int:
    """The most polls a poll at *look* may leave to do, whatever it reads."""
    step, worst = found.step, 0
    lowest = max(found.progress, step * math.floor((100 * look / found.latest - step) / step))
    highest = min(100 - step, math.ceil(100 * look / found.earliest))
    for level in range(lowest, highest + 1, step):
        earliest = max(found.earliest, 100 * look / (level + step))
        latest = min(found.latest, 100 * look / level) if level > 0 else found.latest
        if latest > earliest:
            after = Window(earliest, latest, step, level)
            worst = max(worst, _polls_left(after, steps_left=level + step < 100))
    return worst


def _polls_left(found: Window, *, steps_left: bool) -> int:
    """About how many polls it takes to see the end from *found*.

    One per halving while steps are still to come, else one per rung of the ladder (at its shortest); and the last.
    """
    if found.narrow(0):
        return 1
    if steps_left:
        return 1 + math.ceil(math.log2(math.log(found.latest / found.earliest) / math.log1p(FINAL_SHARE)))
    rung = LADDER_SHARE * found.earliest + FINAL_BASE
    return 1 + math.ceil((found.latest - found.earliest * (1 + FINAL_SHARE) - FINAL_BASE) / rung)
