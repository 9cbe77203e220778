"""When to poll a task next: a schedule that finds a finished task quickly, whatever its progress reports.

Its promise: once a task may be done, the gap between polls never exceeds ``LAG_BASE`` plus ``LAG_GROWTH`` of the
task's age (unless steadily moving progress says the end is further off), so a finished task is seen within about
0.5 s + 12 % of its duration, however its progress moves.

- ``estimated_time`` may be half or double the truth, so nothing is polled before half the estimate, and polls land
  just past half the estimate, the estimate and twice the estimate (the "anchors"), where such tasks end. Between and
  after the anchors polls come at the promised gap, which grows with the task's age.
- Progress is trusted only while it moves: two readings above 0, the later one higher. Then the schedule may skip
  ahead to the finish they predict, but never past the next anchor, so a reading that misleads (progress in steps,
  say) costs at most the way to that anchor. A reading that stalls or stays at 0 is not trusted: the promised gaps
  hold.
"""

from __future__ import annotations

import itertools
import math

import attrs

__all__ = [
    "AIM_PAST",
    "ANCHORS",
    "DEFAULT_ESTIMATE",
    "LAG_BASE",
    "LAG_GROWTH",
    "MAX_POLL_DELAY",
    "MIN_POLL_DELAY",
    "ROUNDING",
    "ROUNDING_SHARE",
    "PollSchedule",
    "next_grid_point",
]

DEFAULT_ESTIMATE = 30.0
MIN_POLL_DELAY = 0.2
MAX_POLL_DELAY = 20.0
# Poll this long after a predicted finish, so that the poll lands after it rather than just before.
AIM_PAST = 0.02
# Where tasks end when the estimate is right, double the truth, or half of it: polled just after each.
ANCHORS = (0.5, 1.0, 2.0)
# ``estimated_time`` is whole seconds, so the truth may be up to half a second more; the anchors allow for that, but
# never by more than this share of the estimate (the lag a short task can afford).
ROUNDING = 0.5
ROUNDING_SHARE = 0.06
# The longest gap between polls once the task may be done: LAG_BASE + LAG_GROWTH * age (with AIM_PAST and the
# request's own time, under 0.5 s + 12 %).
LAG_BASE = 0.45
LAG_GROWTH = 0.12
_OFFSET = LAG_BASE / LAG_GROWTH  # in log(age + _OFFSET), every promised gap is the same step
_STEP = math.log1p(LAG_GROWTH)
_EPSILON = 1e-9


def _anchors(estimated_time: float | None) -> list[float]:
    estimate = estimated_time if estimated_time and estimated_time > 0 else DEFAULT_ESTIMATE
    padded = estimate + min(ROUNDING, ROUNDING_SHARE * estimate)
    return [share * padded for share in ANCHORS]


def next_grid_point(elapsed: float, estimated_time: float | None) -> float:
    """The next time (seconds since the task started) the schedule polls without trusting progress.

    Before the first anchor: the first anchor. Between two anchors: points evenly spaced in log(age + offset), as
    few as keep every gap within the promise. After the last: one promised gap later.
    """
    anchors = _anchors(estimated_time)
    if elapsed < anchors[0]:
        return anchors[0]
    for start, end in itertools.pairwise(anchors):
        if elapsed < end:
            low, high = math.log(start + _OFFSET), math.log(end + _OFFSET)
            steps = math.ceil((high - low) / _STEP - _EPSILON)
            width = (high - low) / steps
            done = math.floor((math.log(elapsed + _OFFSET) - low) / width + _EPSILON)
            return math.exp(low + (done + 1) * width) - _OFFSET
    return (elapsed + _OFFSET) * (1 + LAG_GROWTH) - _OFFSET


def _next_anchor(elapsed: float, estimated_time: float | None) -> float:
    return next((anchor for anchor in _anchors(estimated_time) if anchor > elapsed), math.inf)


@attrs.define
class PollSchedule:
    """The schedule for one wait: fed every reading of the task, it says how long to wait before the next poll."""

    _last: tuple[float, int] | None = None

    def next_delay(self, elapsed: float, estimated_time: float | None, progress: int) -> float:
        """Seconds to wait before polling a task that started *elapsed* seconds ago and now reports *progress* %."""
        finish = self._moving_finish(elapsed, progress)
        self._last = (elapsed, progress)
        target = next_grid_point(elapsed, estimated_time)
        if finish is not None and finish > target:
            target = min(finish, _next_anchor(elapsed, estimated_time))
        return min(max(target + AIM_PAST - elapsed, MIN_POLL_DELAY), MAX_POLL_DELAY)

    def _moving_finish(self, elapsed: float, progress: int) -> float | None:
        """When progress says the task ends, if it moved since a reading above 0; else None (stalled or silent).

        Two predictions, the earlier taken: by the ratio (progress so far over time so far) and by the rate since the
        reading before.
        """
        if self._last is None:
            return None
        before, progress_before = self._last
        if not 0 < progress_before < progress < 100 or elapsed <= before:
            return None
        by_ratio = elapsed * 100 / progress
        by_rate = elapsed + (100 - progress) * (elapsed - before) / (progress - progress_before)
        return min(by_ratio, by_rate)
