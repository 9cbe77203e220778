"""The adaptive polling schedule: in virtual time, through the real client and the simulator, it keeps its bounds on
every progress curve; its guards are what keep them (each test that removes one shows the bounds break); and its
promises hold for any readings."""

from __future__ import annotations

import math

import pytest
from evolink_images import _polling
from evolink_images._polling import (
    AIM_PAST,
    LAG_BASE,
    LAG_GROWTH,
    MAX_POLL_DELAY,
    MIN_POLL_DELAY,
    PollSchedule,
    next_grid_point,
)
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import polling


def missed(curves: tuple[str, ...], durations: tuple[float, ...] = polling.FULL_DURATIONS) -> list[tuple[object, ...]]:
    """The adaptive scenarios that break a bound, run in virtual time."""
    rows = polling.measure_virtual(durations, curves)
    adaptive = [row for row in rows if row["strategy"] == "adaptive"]
    assert len(adaptive) == len(curves) * len(durations) * len(polling.ESTIMATES)
    return [(row["curve"], row["duration"], row["estimate"]) for row in adaptive if not row["met"]]


# ---------------------------------------------------------------------------------------------- the bounds
@pytest.mark.parametrize("curve", polling.CURVES)
def test_every_scenario_keeps_the_bounds(curve: str) -> None:
    """4, 12 and 45 s tasks, estimate exact, half and double: median lag <= 0.3 s + 6 %, every lag <= 0.5 s + 12 %,
    median polls <= 12."""
    assert missed((curve,)) == []


def test_steadily_moving_progress_saves_polls() -> None:
    rows = [row for row in polling.measure_virtual() if row["strategy"] == "adaptive"]

    def mean_polls(curve: str) -> float:
        return sum(row["median_polls"] for row in rows if row["curve"] == curve) / 9

    assert mean_polls("linear") < mean_polls("none") - 2


# ---------------------------------------------------------------------------------------------- without the guards
def _single_reading_finish(self: PollSchedule, elapsed: float, progress: int) -> float | None:
    """What a schedule that trusts any progress reading predicts: elapsed * 100 / progress."""
    return elapsed * 100 / progress if 0 < progress < 100 else None


def test_trusting_a_single_progress_reading_breaks_the_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress in steps reads 25 from a quarter to half of the way: one reading predicts up to twice the time."""
    assert missed(("steps",)) == []
    monkeypatch.setattr(PollSchedule, "_moving_finish", _single_reading_finish)
    assert ("steps", 12.0, "half") in missed(("steps",))


def test_skipping_past_an_anchor_breaks_the_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_polling, "_next_anchor", lambda elapsed, estimated_time: math.inf)
    assert ("steps", 45.0, "double") in missed(("steps",))


def test_without_allowing_for_whole_second_estimates_the_bounds_break(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 45 s task estimated at half is reported as 22 s, not 22.5: twice that is a second short of the end."""
    monkeypatch.setattr(_polling, "ROUNDING", 0.0)
    assert ("none", 45.0, "half") in missed(("none",))


# ---------------------------------------------------------------------------------------------- its promises
def test_nothing_is_polled_before_half_the_estimate() -> None:
    assert PollSchedule().next_delay(0.0, 20, 0) == pytest.approx(0.5 * 20.5 + AIM_PAST)
    assert PollSchedule().next_delay(0.0, None, 0) == pytest.approx(0.5 * 30.5 + AIM_PAST), "no estimate: 30 s"
    assert PollSchedule().next_delay(0.0, 300, 0) == MAX_POLL_DELAY, "never a wait longer than the cap"


def polls_of_a_silent_task(estimate: float, until: float) -> list[float]:
    """When the schedule polls a task that reports 0 % until *until*."""
    schedule, elapsed, times = PollSchedule(), 0.0, []
    while elapsed < until:
        elapsed += schedule.next_delay(elapsed, estimate, 0)
        times.append(elapsed)
    return times


@pytest.mark.parametrize("estimate", [1, 4, 20, 90])
def test_a_silent_task_is_polled_just_past_each_anchor(estimate: int) -> None:
    padded = estimate + min(0.5, 0.06 * estimate)
    times = polls_of_a_silent_task(estimate, 3 * estimate)
    for anchor in (0.5 * padded, padded, 2 * padded):
        assert any(anchor < time <= anchor + AIM_PAST + 1e-9 for time in times), (anchor, times)


@given(
    estimate=st.integers(min_value=1, max_value=600),
    stalled_at=st.integers(min_value=0, max_value=99),
    start=st.floats(min_value=0, max_value=2000),
)
def test_once_a_task_may_be_done_stalled_progress_never_stretches_a_gap(
    estimate: int, stalled_at: int, start: float
) -> None:
    """A reading that does not move is not trusted: every gap after half the estimate keeps the promise."""
    schedule, elapsed = PollSchedule(), start
    for _ in range(30):
        delay = schedule.next_delay(elapsed, estimate, stalled_at)
        assert MIN_POLL_DELAY <= delay <= MAX_POLL_DELAY
        if elapsed >= next_grid_point(0.0, estimate):
            assert delay <= max(MIN_POLL_DELAY, LAG_BASE + LAG_GROWTH * elapsed + AIM_PAST) + 1e-9
        elapsed += delay


@given(
    estimate=st.integers(min_value=1, max_value=300),
    readings=st.lists(st.tuples(st.floats(min_value=0.01, max_value=30), st.integers(0, 99)), max_size=25),
)
def test_no_reading_makes_the_schedule_skip_an_anchor(estimate: int, readings: list[tuple[float, int]]) -> None:
    """Whatever progress says, the next poll is never past the next anchor (half, once and twice the estimate)."""
    padded = estimate + min(0.5, 0.06 * estimate)
    schedule, elapsed = PollSchedule(), 0.0
    for step, progress in readings:
        delay = schedule.next_delay(elapsed, estimate, progress)
        upcoming = [anchor for anchor in (0.5 * padded, padded, 2 * padded) if anchor > elapsed]
        if upcoming:
            assert elapsed + delay <= max(upcoming[0] + AIM_PAST, elapsed + MIN_POLL_DELAY) + 1e-9
        elapsed += min(step, delay)  # the next reading may come earlier (a retry) but never later than asked


def test_the_promises_are_broken_without_their_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two property tests above bite: trusting a stalled reading stretches a gap, and without the anchor cap a
    moving reading skips an anchor."""
    with monkeypatch.context() as patched:
        patched.setattr(PollSchedule, "_moving_finish", _single_reading_finish)
        with pytest.raises(AssertionError):
            test_once_a_task_may_be_done_stalled_progress_never_stretches_a_gap()
    with monkeypatch.context() as patched:
        patched.setattr(_polling, "_next_anchor", lambda elapsed, estimated_time: math.inf)
        with pytest.raises(AssertionError):
            test_no_reading_makes_the_schedule_skip_an_anchor()
