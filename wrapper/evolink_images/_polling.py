"""How long to wait before the next poll: a pure function of what the task has told us so far.

The task's ``estimated_time`` can be half or double the truth, so the schedule leans on reported progress when
there is some: if a task is at 40 % after 4 s, it will probably finish at 10 s, and the next poll is aimed just
past that. With no progress yet, it checks at half the estimate, then at the estimate. Once a task is overdue, polls
come quickly at first and then further apart, so a late task is seen fast without flooding the API.
"""

from __future__ import annotations

__all__ = [
    "AIM_PAST",
    "DEFAULT_ESTIMATE",
    "MAX_POLL_DELAY",
    "MIN_POLL_DELAY",
    "OVERDUE_BACKOFF",
    "next_poll_delay",
    "predicted_finish",
]

DEFAULT_ESTIMATE = 30.0
MIN_POLL_DELAY = 0.2
MAX_POLL_DELAY = 20.0
# Aim this far past the predicted finish, so that the poll lands after it rather than just before.
AIM_PAST = 0.05
# While overdue, wait this fraction of the time overdue so far (plus the minimum).
OVERDUE_BACKOFF = 0.5


def predicted_finish(elapsed: float, estimated_time: float | None, progress: int) -> tuple[float, bool]:
    """When the task should finish, in seconds since it started, and whether progress (not the estimate) says so."""
    if 0 < progress < 100 and elapsed > 0:
        return elapsed * 100 / progress, True
    return (estimated_time if estimated_time and estimated_time > 0 else DEFAULT_ESTIMATE), False


def next_poll_delay(elapsed: float, estimated_time: float | None, progress: int) -> float:
    """Seconds to wait before polling a task that started *elapsed* seconds ago and reports *progress* %."""
    finish, from_progress = predicted_finish(elapsed, estimated_time, progress)
    remaining = finish - elapsed
    if remaining > MIN_POLL_DELAY:
        halfway = finish / 2 - elapsed
        delay = remaining + AIM_PAST if from_progress or halfway <= MIN_POLL_DELAY else halfway
    else:
        overdue = max(0.0, -remaining)
        delay = MIN_POLL_DELAY + OVERDUE_BACKOFF * overdue
    return min(max(delay, MIN_POLL_DELAY), MAX_POLL_DELAY)
