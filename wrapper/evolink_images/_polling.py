"""When to poll a task next: soon after it ends, however wrong its estimate and whatever its progress says.

By the clock, while progress says nothing (0 %), ``estimated_time`` may be far off. The first poll is an early look at
a third of the estimate, so that an estimate up to three times the truth is found out (and progress, if the task
reports any, is read in time to aim at its end), unless it would come less than half a second before half the estimate
(estimates under 3 s), where it would cost a poll for too little; the next lands just past half the estimate,
then past the estimate and twice the estimate (the "anchors", where tasks end whose estimate is twice, once or half
the truth). From half the estimate on, the gap between polls never exceeds ``LAG_BASE`` plus ``LAG_GROWTH`` of the
task's age, so a finished task is seen within about 0.5 s + 12 % of its duration; one that ends before half its
estimate, within 0.5 s + 50 %.

By progress: one reading above 0 is enough. Progress is read as the share of the work done on a steady line, rounded
down to a step (:mod:`._progress`): the readings leave a window in which the task ends; polls go where the next
reading narrows it most, always before its earliest finish (a poll that comes early costs a poll, never lag), and the
last one just past its latest finish. While progress leads, no wait is longer than 20 s or the task's age, whichever
is more: progress that misleads costs at most one such wait.

Readings that contradict the line (progress that stalls longer than a step allows, jumps ahead of it or goes
backwards) end the trust for the rest of the wait: polls go back to the clock, with the promised gaps from then on
(the task has started, so it may be near its end whatever the estimate says), skipping ahead only as far as the last
two readings, if they moved, predict the end, and never past the next anchor.
"""

from __future__ import annotations

import itertools
import math

import attrs

from ._progress import next_look, window

__all__ = [
    "AIM_PAST",
    "ANCHORS",
    "DEFAULT_ESTIMATE",
    "EARLY_LOOK",
    "EARLY_LOOK_MIN_GAIN",
    "LAG_BASE",
    "LAG_GROWTH",
    "MAX_POLL_DELAY",
    "MIN_POLL_DELAY",
    "ROUNDING",
    "ROUNDING_SHARE",
    "PollSchedule",
    "next_grid_point",
    "promised_gap",
]

DEFAULT_ESTIMATE = 30.0
MIN_POLL_DELAY = 0.2
# The longest wait by the clock; a wait guided by progress may be as long as the task's age, if that is more.
MAX_POLL_DELAY = 20.0
# Poll this long after a predicted finish, so that the poll lands after it rather than just before.
AIM_PAST = 0.02
# The first poll by the clock comes at this share of the estimate: an estimate up to 1 / EARLY_LOOK times the truth
# is found out there.
EARLY_LOOK = 1 / 3
# The early look costs a poll and can save at most the time until half the estimate; it is taken only when that is at
# least this long (estimates over about 3 s). A shorter saving is within what the promised gaps allow anyway.
EARLY_LOOK_MIN_GAIN = 0.5
# Where tasks end when the estimate is right, double the truth, or half of it: polled just after each.
ANCHORS = (0.5, 1.0, 2.0)
# ``estimated_time`` is whole seconds, so the truth may be up to half a second more; the anchors allow for that, but
# never by more than this share of the estimate (the lag a short task can afford).
ROUNDING = 0.5
ROUNDING_SHARE = 0.06
# The longest gap between polls from half the estimate on: LAG_BASE + LAG_GROWTH * age (with AIM_PAST and the
# request's own time, under 0.5 s + 12 %).
LAG_BASE = 0.45
LAG_GROWTH = 0.12
_OFFSET = LAG_BASE / LAG_GROWTH  # in log(age + _OFFSET), every promised gap is the same step
_STEP = math.log1p(LAG_GROWTH)
_EPSILON = 1e-9


def promised_gap(age: float) -> float:
    """The longest gap the clock's schedule leaves between two polls of a task this old (from half its estimate on)."""
    return LAG_BASE + LAG_GROWTH * age


def _padded(estimated_time: float | None) -> float:
    estimate = estimated_time if estimated_time and estimated_time > 0 else DEFAULT_ESTIMATE
    return estimate + min(ROUNDING, ROUNDING_SHARE * estimate)


def _early_look(estimated_time: float | None) -> float | None:
    """When the early look goes (a third of the padded estimate), or None when it would gain too little to pay."""
    padded = _padded(estimated_time)
    early = EARLY_LOOK * padded
    return early if ANCHORS[0] * padded - early >= EARLY_LOOK_MIN_GAIN else None


def _anchors(estimated_time: float | None) -> list[float]:
    """The anchors: half, once and twice the estimate (padded for rounding)."""
    padded = _padded(estimated_time)
    return [share * padded for share in ANCHORS]


def next_grid_point(elapsed: float, estimated_time: float | None) -> float:
    """The next time (seconds since the task started) the schedule polls by the clock.

    Before the first anchor: the early look, then the first anchor. Between two anchors: points evenly spaced in
    log(age + offset), as few as keep every gap within the promise. After the last: one promised gap later.
    """
    early, anchors = _early_look(estimated_time), _anchors(estimated_time)
    if early is not None and elapsed < early:
        return early
    if elapsed < anchors[0]:
        return anchors[0]
    for start, end in itertools.pairwise(anchors):
        if elapsed < end:
            low, high = math.log(start + _OFFSET), math.log(end + _OFFSET)
            steps = math.ceil((high - low) / _STEP - _EPSILON)
            width = (high - low) / steps
            done = math.floor((math.log(elapsed + _OFFSET) - low) / width + _EPSILON)
            return math.exp(low + (done + 1) * width) - _OFFSET
    return elapsed + promised_gap(elapsed)


def _longest_wait(age: float) -> float:
    """The longest wait while progress leads: 20 s, or the task's age if more."""
    return max(MAX_POLL_DELAY, age)


def _next_anchor(elapsed: float, estimated_time: float | None) -> float:
    """The next of the early look (if taken) and the anchors, after *elapsed*."""
    early = _early_look(estimated_time)
    points = _anchors(estimated_time) if early is None else [early, *_anchors(estimated_time)]
    return next((point for point in points if point > elapsed), math.inf)


@attrs.define
class PollSchedule:
    """The schedule for one wait: fed every reading of the task, it says how long to wait before the next poll."""

    _readings: list[tuple[float, int]] = attrs.field(factory=list)
    _trusted: bool = True

    def next_delay(
        self, elapsed: float, estimated_time: float | None, progress: int, *, read_at: float | None = None
    ) -> float:
        """Seconds to wait before polling a task that started *elapsed* seconds ago and reports *progress* %.

        *read_at* is the task's age when *progress* was read, if that was earlier (a poll since has failed). Each
        reading counts once, however often it is passed.
        """
        age = elapsed if read_at is None else min(read_at, elapsed)
        if not self._readings or self._readings[-1] != (age, progress):
            self._readings.append((age, progress))
        found = window(self._readings) if self._trusted else None
        if found is not None:
            longest = _longest_wait(elapsed)
            target = next_look(
                found,
                soonest=elapsed + MIN_POLL_DELAY,
                reach=elapsed + longest,
                readings=len(self._readings),
                longest_rung=promised_gap,
            )
            return min(max(target + AIM_PAST - elapsed, MIN_POLL_DELAY), longest)
        started = any(reading > 0 for _, reading in self._readings)
        self._trusted = self._trusted and not started  # progress above 0 and no window: the readings contradict
        target = next_grid_point(elapsed, estimated_time)
        if started:
            target = min(target, elapsed + promised_gap(elapsed))
            finish = self._moving_finish()
            if finish is not None and finish > target:
                target = min(finish, _next_anchor(elapsed, estimated_time))
        return min(max(target + AIM_PAST - elapsed, MIN_POLL_DELAY), MAX_POLL_DELAY)

    def _moving_finish(self) -> float | None:
        """When the last two readings say the task ends, if progress moved between them; else None.

        The earlier of two predictions: by the ratio (progress so far over time so far) and by the rate since the
        reading before.
        """
        if len(self._readings) < 2:
            return None
        (before, progress_before), (age, progress) = self._readings[-2:]
        if not 0 < progress_before < progress < 100 or age <= before:
            return None
        by_ratio = age * 100 / progress
        by_rate = age + (100 - progress) * (age - before) / (progress - progress_before)
        return min(by_ratio, by_rate)
