"""The polling schedule: in virtual time, through the real client and the simulator, it keeps its bounds on every
progress curve and for any estimate from 0.3 to 3 times the truth; its guards are what keep them (each test that
removes one shows the bounds break); and its promises hold for any readings."""

from __future__ import annotations

import math

import pytest
from evolink_images import _polling, _progress
from evolink_images._polling import (
    AIM_PAST,
    EARLY_LOOK,
    MAX_POLL_DELAY,
    MIN_POLL_DELAY,
    PollSchedule,
    next_grid_point,
    promised_gap,
)
from evolink_images._progress import Window, window
from hypothesis import example, given, settings
from hypothesis import strategies as st

from benchmarks import polling
from benchmarks.polling import SweepPoint, measure_point


def missed(curves: tuple[str, ...], durations: tuple[float, ...] = polling.FULL_DURATIONS) -> list[tuple[object, ...]]:
    """The adaptive scenarios that break a bound, run in virtual time."""
    rows = polling.measure_virtual(durations, curves)
    adaptive = [row for row in rows if row["strategy"] == "adaptive"]
    assert len(adaptive) == len(curves) * len(durations) * len(polling.ESTIMATES)
    return [(row["curve"], row["duration"], row["estimate"]) for row in adaptive if not row["met"]]


def point(curve: str, duration: float, ratio: float) -> dict[str, object]:
    """One point of the sweep (eleven tasks, virtual time), with its targets and whether they are met."""
    return measure_point(SweepPoint(curve, duration, ratio))


# ---------------------------------------------------------------------------------------------- the bounds
@pytest.mark.parametrize("curve", polling.CURVES)
def test_every_scenario_keeps_the_bounds(curve: str) -> None:
    """4, 12 and 45 s tasks, estimate exact, half and double: median lag <= 0.3 s + 6 %, every lag <= 0.5 s + 12 %,
    median polls <= 12 (13 for silent progress: the early look costs it one)."""
    assert missed((curve,)) == []


def test_steadily_moving_progress_saves_polls() -> None:
    rows = [row for row in polling.measure_virtual() if row["strategy"] == "adaptive"]

    def mean_polls(curve: str) -> float:
        return sum(row["median_polls"] for row in rows if row["curve"] == curve) / 9

    assert mean_polls("linear") < mean_polls("none") - 2


# ---------------------------------------------------------------------------------------------- any estimate
RATIOS = st.floats(min_value=0.3, max_value=3.0)
DURATIONS = st.sampled_from(polling.FULL_SWEEP_DURATIONS)


@settings(max_examples=30, deadline=None)
@given(ratio=RATIOS, duration=DURATIONS, curve=st.sampled_from(polling.AIMED))
def test_moving_progress_is_seen_near_its_end_whatever_the_estimate(ratio: float, duration: float, curve: str) -> None:
    """Linear or steps progress, estimate 0.3 to 3 times the truth: median lag <= 0.25 s + 3 %, median polls <= 8."""
    row = point(curve, duration, ratio)
    assert row["met"], row


@settings(max_examples=30, deadline=None)
@given(ratio=RATIOS, duration=DURATIONS)
def test_silent_progress_keeps_the_promised_lag_whatever_the_estimate(ratio: float, duration: float) -> None:
    """Every task seen within 0.5 s + 12 % of its duration for estimates 0.5 to 2 times the truth, + 50 % beyond."""
    row = point("none", duration, ratio)
    assert row["met"], row


def test_the_sweep_bites() -> None:
    """The sweep's judge fails a point that misses: fixed 1 s polling is over the lag target on 6 s tasks."""
    assert polling.sweep((6.0,), 2.7)["baseline"][0]["met"] is False


# ---------------------------------------------------------------------------------------------- without the guards
def test_without_the_early_look_an_estimate_far_too_long_is_found_out_late(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 2.5 times the truth, the first poll would come at 1.25 times the task's duration.

    (Silent progress keeps its bound without it: half an estimate three times too long is 1.5 times the duration.)
    """
    assert point("linear", 6.0, 2.5)["met"] and point("steps", 6.0, 2.9)["met"]
    monkeypatch.setattr(_polling, "EARLY_LOOK", 0.5)
    assert not point("linear", 6.0, 2.5)["met"]
    assert not point("steps", 6.0, 2.9)["met"]


def test_without_aiming_by_progress_the_lag_breaks_the_target(monkeypatch: pytest.MonkeyPatch) -> None:
    """The early look reads 73 % at 2.2 times the truth; without the window, the clock and the ratio of two readings
    take it past the end."""
    assert point("linear", 6.0, 2.2)["met"] and point("steps", 45.0, 0.5)["met"]
    monkeypatch.setattr(_polling, "window", lambda readings: None)
    assert not point("linear", 6.0, 2.2)["met"]
    assert not point("steps", 45.0, 0.5)["met"], "polls at the promised gaps: more than 8"


def test_assuming_one_percent_steps_sees_progress_in_quarters_late(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading of 25 says the task is between a quarter and half done, not that it is 25 % done."""
    assert point("steps", 45.0, 1.1)["met"]
    monkeypatch.setattr(_progress, "_step", lambda levels: 1)
    row = point("steps", 45.0, 1.1)
    assert not row["met"] and row["median_lag_s"] > 3, row


def test_without_falling_back_on_contradicting_readings_front_loaded_progress_costs_polls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Front-loaded progress runs ahead of the line: believed regardless, it asks for a poll every 0.2 s."""
    assert point("front", 45.0, 1.0)["median_polls"] <= 12
    monkeypatch.setattr(_polling, "window", _progress._bounds)
    assert point("front", 45.0, 1.0)["median_polls"] > 12


def test_without_allowing_for_whole_second_estimates_the_bounds_break(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 45 s task estimated at half is reported as 22 s, not 22.5: twice that is a second short of the end."""
    monkeypatch.setattr(_polling, "ROUNDING", 0.0)
    assert ("none", 45.0, "half") in missed(("none",))


def test_after_a_contradiction_moving_progress_skips_no_further_than_the_next_anchor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """50 % at 2 s says the end comes by 4 s; still running at 4.5 s, the line is broken: the ratio of the last two
    readings (55 % at 4.5 s: 8.2 s) may lead no further than the early look (a third of 20.5 s)."""

    def delay_after_the_contradiction() -> float:
        schedule = PollSchedule()
        for age, progress in ((0.0, 0), (2.0, 50)):
            schedule.next_delay(age, 20, progress)
        return schedule.next_delay(4.5, 20, 55)

    assert 4.5 + delay_after_the_contradiction() == pytest.approx(EARLY_LOOK * 20.5 + AIM_PAST)
    monkeypatch.setattr(_polling, "_next_anchor", lambda elapsed, estimated_time: math.inf)
    assert 4.5 + delay_after_the_contradiction() > 8


# ---------------------------------------------------------------------------------------------- its promises
def test_the_first_poll_is_an_early_look_at_a_third_of_the_estimate() -> None:
    """Changed by issue 24 (it was: nothing is polled before half the estimate)."""
    assert PollSchedule().next_delay(0.0, 30, 0) == pytest.approx(30.5 / 3 + AIM_PAST)
    assert PollSchedule().next_delay(0.0, None, 0) == pytest.approx(30.5 / 3 + AIM_PAST), "no estimate: 30 s"
    assert PollSchedule().next_delay(0.0, 300, 0) == MAX_POLL_DELAY, "never a wait longer than the cap"


def polls_of_a_silent_task(estimate: float, until: float) -> list[float]:
    """When the schedule polls a task that reports 0 % until *until*."""
    schedule, elapsed, times = PollSchedule(), 0.0, []
    while elapsed < until:
        elapsed += schedule.next_delay(elapsed, estimate, 0)
        times.append(elapsed)
    return times


@pytest.mark.parametrize("estimate", [3, 4, 20, 90])
def test_a_silent_task_is_polled_just_past_the_early_look_and_each_anchor(estimate: int) -> None:
    padded = estimate + min(0.5, 0.06 * estimate)
    times = polls_of_a_silent_task(estimate, 3 * estimate)
    for anchor in (padded / 3, 0.5 * padded, padded, 2 * padded):
        assert any(anchor < time <= anchor + AIM_PAST + 1e-9 for time in times), (anchor, times)


@pytest.mark.parametrize("estimate", [1, 2])
def test_a_short_estimate_skips_the_early_look_that_would_gain_under_half_a_second(estimate: int) -> None:
    """Issue 24: at 1,000 concurrent 2 s tasks the early look added half again as many polls for at most 0.35 s."""
    padded = estimate + min(0.5, 0.06 * estimate)
    assert PollSchedule().next_delay(0.0, estimate, 0) == pytest.approx(0.5 * padded + AIM_PAST)
    assert polls_of_a_silent_task(estimate, 0.5 * padded)[0] > 0.5 * padded


def test_without_the_minimum_gain_a_short_estimate_takes_the_early_look(monkeypatch: pytest.MonkeyPatch) -> None:
    """The companion: the guard above is what keeps the extra poll away."""
    monkeypatch.setattr(_polling, "EARLY_LOOK_MIN_GAIN", 0.0)
    assert PollSchedule().next_delay(0.0, 2, 0) == pytest.approx(2.12 / 3 + AIM_PAST)


@given(
    estimate=st.integers(min_value=1, max_value=600),
    start=st.floats(min_value=0, max_value=2000),
)
def test_silence_never_stretches_a_gap(estimate: int, start: float) -> None:
    """Progress at 0: after the early look, every gap within 0.5 s + 50 % of the age; from half the estimate on,
    within the promised 0.45 s + 12 %."""
    schedule, elapsed = PollSchedule(), start
    for _ in range(30):
        delay = schedule.next_delay(elapsed, estimate, 0)
        assert MIN_POLL_DELAY <= delay <= MAX_POLL_DELAY
        if elapsed >= next_grid_point(0.0, estimate):
            share = 0.12 if elapsed >= next_grid_point(next_grid_point(0.0, estimate), estimate) else 0.5
            assert delay <= max(MIN_POLL_DELAY, 0.45 + share * elapsed + AIM_PAST) + 1e-9
        elapsed += delay


@given(
    estimate=st.integers(min_value=1, max_value=600),
    stalled_at=st.integers(min_value=1, max_value=99),
    first=st.floats(min_value=0.5, max_value=60),
)
@example(estimate=600, stalled_at=50, first=1.0)  # past its line's end at 2 s, long before half the estimate
def test_once_a_stalled_reading_is_past_its_latest_finish_every_gap_keeps_the_promise(
    estimate: int, stalled_at: int, first: float
) -> None:
    """A reading that does not move is trusted only until the line it draws says the task should be done: from then
    on, whatever the estimate, no gap is longer than the promised 0.45 s + 12 % of the age."""
    schedule, elapsed = PollSchedule(), first
    for _ in range(40):
        delay = schedule.next_delay(elapsed, estimate, stalled_at)
        if elapsed > 100 * first / stalled_at:
            assert delay <= max(MIN_POLL_DELAY, promised_gap(elapsed) + AIM_PAST) + 1e-9
        elapsed += delay


READINGS = st.lists(st.tuples(st.floats(min_value=0.01, max_value=60), st.integers(0, 99)), max_size=25)


@given(estimate=st.integers(min_value=1, max_value=300), readings=READINGS)
@example(estimate=30, readings=[(10.0, 0), (5.0, 10)])  # 10 % at 10 s: the end is not before 50 s, by the line
def test_no_wait_is_longer_than_twenty_seconds_or_the_tasks_age(
    estimate: int, readings: list[tuple[float, int]]
) -> None:
    """Whatever progress says (it may mislead), it buys at most one wait of 20 s, or of the task's age if more."""
    schedule, elapsed = PollSchedule(), 0.0
    steps, progresses = [step for step, _ in readings], sorted(progress for _, progress in readings)
    for step, progress in zip(steps, progresses, strict=True):  # progress that moves on, as a task's does
        delay = schedule.next_delay(elapsed, estimate, progress)
        assert MIN_POLL_DELAY <= delay <= max(MAX_POLL_DELAY, elapsed) + 1e-9
        elapsed += min(step, delay)  # the next reading may come earlier (a retry) but never later than asked


def test_the_promises_are_broken_without_their_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property tests above bite: without the promised gaps after a contradiction, a stalled reading before
    half the estimate waits for it; without the cap on waits, progress buys any wait."""
    with monkeypatch.context() as patched:
        patched.setattr(_polling, "promised_gap", lambda age: math.inf)
        with pytest.raises(AssertionError):
            test_once_a_stalled_reading_is_past_its_latest_finish_every_gap_keeps_the_promise()
    with monkeypatch.context() as patched:
        patched.setattr(_polling, "_longest_wait", lambda age: math.inf)
        with pytest.raises(AssertionError):
            test_no_wait_is_longer_than_twenty_seconds_or_the_tasks_age()


# ---------------------------------------------------------------------------------------------- the window
def test_one_reading_gives_a_window_and_more_readings_narrow_it() -> None:
    """40 % at 4 s: the task ends after 5 s (it was below 80 %, if progress moves in steps of 40) and by 10 s. 50 % at
    5 s as well: the steps may be 10 %, so 40 % meant below 50 % (after 8 s) and 50 % below 60 % (after 8.3 s)."""
    assert window([(0.0, 0), (4.0, 40)]) == Window(5.0, 10.0, 40, 40)
    found = window([(0.0, 0), (4.0, 40), (5.0, 50)])
    assert found == Window(pytest.approx(100 * 5 / 60), 10.0, 10, 50)


@pytest.mark.parametrize(
    "readings",
    [
        [(1.0, 60), (2.0, 30)],  # backwards
        [(1.0, 60), (2.0, 0)],  # back to nothing
        [(1.0, 50), (2.5, 50)],  # a stall past the line's end (50 % at 1 s: done by 2 s)
        [(1.0, 0), (2.0, 0)],  # nothing said
    ],
)
def test_readings_that_say_nothing_or_contradict_the_line_give_no_window(readings: list[tuple[float, int]]) -> None:
    assert window(readings) is None
