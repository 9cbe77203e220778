"""The spend cap holds at any concurrency: a create is admitted only while settled, in-flight and estimated credits
fit, resends included; and the summary says when the cap stopped the run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import attrs
import evolink_images as ei
import pytest
from evolink_images import _spend_cap
from evolink_images._batch import BatchResult, _waited, read_batch, run_batch
from evolink_images._presets import Presets
from evolink_images._spend_cap import Admission, SpendCap
from evolink_images.cli import main
from evolink_images.simulator import Fault, SimulatorServer

# Documented at 1.6 credits an image (nano-banana-beta, used before, is 1.2 since the docs of 2026-10: D17).
NANO = "nano-banana-pro-beta"
# A model whose cost nothing documents: every model of the catalogue has a figure, so one it does not know.
UNPRICED = next(
    (model.id for model in ei.presets.values() if model.typical_credits is None), "a-model-this-version-lacks"
)
DRAFT = {"model_params": {"speed": "draft"}}  # Midjourney V8: 24 sketches, at the price of a grid of four


def write_batch(path: Path, count: int) -> Path:
    lines = [json.dumps({"model": NANO, "prompt": f"study {n}", "key": f"shot-{n}"}) for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(server: SimulatorServer, tmp_path: Path, count: int, **options: object) -> BatchResult:
    lines, errors = read_batch(write_batch(tmp_path / "b.jsonl", count))
    assert errors == []

    async def go() -> BatchResult:
        async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=tmp_path / "j.db") as client:
            return await run_batch(client, lines, tmp_path / "out", **options)  # type: ignore[arg-type]

    return asyncio.run(go())


# ---------------------------------------------------------------------------------------------- the rule
def test_documented_figures_admit_until_the_cap_then_stop() -> None:
    async def go() -> tuple[list[Admission | None], SpendCap]:
        cap = SpendCap(5.0)
        first = [await cap.admit(NANO, {}) for _ in range(3)]  # 3 x 1.6 in flight = 4.8
        fourth = asyncio.ensure_future(cap.admit(NANO, {}))
        await asyncio.sleep(0)
        assert not fourth.done(), "it waits for the reservations in flight, which may be smaller"
        for admission in first:
            assert admission is not None
            await cap.settle(admission, 1.6)
        return [*first, await fourth], cap

    admissions, cap = asyncio.run(go())
    assert [a.estimate if a else None for a in admissions] == [1.6, 1.6, 1.6, None]
    assert cap.tripped and cap.reserved == pytest.approx(4.8)


def test_a_known_reservation_replaces_the_documented_figure() -> None:
    async def go() -> list[float | None]:
        cap = SpendCap(10.0)
        admission = await cap.admit(NANO, {})
        assert admission is not None
        await cap.settle(admission, 2.5)  # the API reserved more than the docs say
        admitted = [await cap.admit(NANO, {}) for _ in range(3)]
        fourth = asyncio.ensure_future(cap.admit(NANO, {}))
        for other in admitted:
            assert other is not None
            await cap.settle(other, 2.5)
        return [a.estimate if a else None for a in [*admitted, await fourth]]

    assert asyncio.run(go()) == [2.5, 2.5, 2.5, None], "2.5 + 3 x 2.5 = 10; a fourth would pass it"


def test_a_create_of_unknown_cost_runs_alone() -> None:
    async def go() -> None:
        cap = SpendCap(100.0)
        first = await cap.admit(UNPRICED, {})
        assert first is not None and first.estimate is None
        second = asyncio.ensure_future(cap.admit(UNPRICED, {}))
        await asyncio.sleep(0)
        assert not second.done(), "not while another create is in flight"
        await cap.settle(first, 8.0)
        admitted = await second
        assert admitted is not None and admitted.estimate == pytest.approx(8.0), "learned from the first"

    asyncio.run(go())


def test_a_midjourney_task_is_estimated_per_task_whatever_its_images() -> None:
    """A V8.2 draft makes 24 sketches for the 1.8 credits of a grid (D21): not 24 x 1.8, nor 24 x 0.45 once learned."""

    async def go() -> list[float | None]:
        cap = SpendCap(100.0)
        grid = await cap.admit("mj-v8.2", {})
        sketches = await cap.admit("mj-v8.2", DRAFT)
        assert grid is not None and sketches is not None and sketches.images == 24
        await cap.settle(grid, 1.8)
        learned = cap.estimate("mj-v8.2", DRAFT)
        return [grid.estimate, sketches.estimate, learned.estimate]

    assert asyncio.run(go()) == pytest.approx([1.8, 1.8, 1.8])


def test_the_per_task_billing_is_what_keeps_a_draft_at_one_tasks_price(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted per image, a draft would be estimated at 24 times a grid's price, and a batch of them stopped early."""
    monkeypatch.setattr(ei.ModelPreset, "billed_per_task", property(lambda self: False))
    monkeypatch.setattr(ei.ModelPreset, "typical_credits", property(lambda self: 1.8))
    mj = ei.presets["mj-v8.2"]
    assert mj.billing is not None and mj.billing.unit == "task", "the docs' billing says per call"
    per_image = attrs.evolve(mj, billing=attrs.evolve(mj.billing, unit="image"))
    monkeypatch.setattr(_spend_cap, "presets", Presets((per_image,)))
    assert SpendCap(100.0).estimate("mj-v8.2", DRAFT).estimate == pytest.approx(24 * 1.8)


def test_a_create_that_may_have_been_charged_counts_at_its_estimate() -> None:
    async def go() -> float:
        cap = SpendCap(5.0)
        admission = await cap.admit(NANO, {})
        assert admission is not None
        await cap.settle(admission, None, maybe_charged=True)
        return cap.reserved

    assert asyncio.run(go()) == pytest.approx(1.6)


def test_no_cap_admits_everything_and_counts() -> None:
    async def go() -> float:
        cap = SpendCap(None)
        admissions = [await cap.admit(NANO, {}) for _ in range(20)]
        for admission in admissions:
            assert admission is not None
            await cap.settle(admission, 1.6)
        return cap.reserved

    assert asyncio.run(go()) == pytest.approx(32.0)


# ---------------------------------------------------------------------------------------------- at concurrency 8
def hold_creates(server: SimulatorServer, count: int) -> None:
    """Every create's answer held a moment, so that all the lines are in flight together."""
    server.simulator.faults.add(Fault(kind="slow", route="create", count=count, delay=0.3))


def test_a_cap_of_5_at_concurrency_8_reserves_at_most_5(server: SimulatorServer, tmp_path: Path) -> None:
    hold_creates(server, 8)
    result = run(server, tmp_path, 8, concurrency=8, max_credits=5.0)
    assert server.simulator.stats.creates_received == 3, "1.6 x 3 = 4.8; a fourth would pass 5"
    assert result.credits_reserved == pytest.approx(4.8) and result.stopped_by_spend_cap
    assert (result.count("done"), result.count("not_sent")) == (3, 5)


def test_without_the_in_flight_estimate_concurrency_8_passes_the_cap(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bug reported: each create estimated from the reservations settled so far (none at the start)."""
    monkeypatch.setattr(SpendCap, "estimate", lambda self, model_id, body: Admission(model_id, 1, 0.0))
    hold_creates(server, 8)
    result = run(server, tmp_path, 8, concurrency=8, max_credits=5.0)
    assert server.simulator.stats.creates_received == 8
    assert result.credits_reserved == pytest.approx(12.8) and not result.stopped_by_spend_cap


def test_from_the_cli_with_the_simulator_the_cap_holds_and_the_summary_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(tmp_path / "b.jsonl", 8)
    argv = ["batch", str(batch), "--simulator", "--concurrency", "8", "--max-credits", "5"]
    code = main([*argv, "--out", str(tmp_path / "out"), "--journal", str(tmp_path / "j.db")])
    err = capsys.readouterr().err
    assert code == 1
    assert "3 done, 5 not_sent; 4.8 credits reserved by this run" in err
    assert "stopped submitting: the next line would pass --max-credits 5" in err


def test_resends_are_counted_and_capped(server: SimulatorServer, tmp_path: Path) -> None:
    server.simulator.faults.add(Fault(kind="drop", route="create", count=4))
    first = run(server, tmp_path, 4, concurrency=4)
    assert first.count("ambiguous") == 4 and server.simulator.stats.creates_received == 4
    again = run(server, tmp_path, 4, concurrency=4, resubmit_ambiguous=True, max_credits=3.2)
    stats = server.simulator.stats
    assert stats.creates_received == 6, "two resends fit 3.2 credits; the other two are not sent"
    assert sorted(stats.create_keys.values()) == [1, 1, 2, 2]
    assert (again.count("done"), again.count("not_sent")) == (2, 2) and again.stopped_by_spend_cap
    assert again.credits_reserved == pytest.approx(3.2)


# ------------------------------------------------------------------------------------ spending, not reservations
def test_reservations_held_by_running_tasks_count_until_they_settle_at_their_charge() -> None:
    """Three tasks hold 4.8 of a cap of 5; two are refunded and one charged 1.6: a fourth then fits."""

    async def go() -> tuple[Admission | None, SpendCap]:
        cap = SpendCap(5.0)
        first = [await cap.admit(NANO, {}) for _ in range(3)]
        fourth = asyncio.ensure_future(cap.admit(NANO, {}))
        for number, admission in enumerate(first):
            assert admission is not None
            await cap.settle(admission, 1.6, task_id=f"t{number}")
        await asyncio.sleep(0)
        assert not fourth.done(), "the running tasks hold 4.8: it waits for their charges, which may be smaller"
        assert (cap.held, cap.spent, cap.charged) == (pytest.approx(4.8), pytest.approx(4.8), 0.0)
        await cap.charge("t0", 0.0)
        await cap.charge("t1", 0.0)
        await cap.charge("t2", 1.6)
        return await fourth, cap

    fourth, cap = asyncio.run(go())
    assert fourth is not None and fourth.estimate == pytest.approx(1.6)
    assert (cap.reserved, cap.charged, cap.held, cap.tripped) == (pytest.approx(4.8), pytest.approx(1.6), 0.0, False)


def test_counting_reservations_instead_stops_too_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """The companion: the former count (every reservation, whatever the task was charged) stops the same run."""
    monkeypatch.setattr(SpendCap, "spent", property(lambda self: self.reserved))

    async def go() -> Admission | None:
        cap = SpendCap(5.0)
        first = [await cap.admit(NANO, {}) for _ in range(3)]
        fourth = asyncio.ensure_future(cap.admit(NANO, {}))
        for number, admission in enumerate(first):
            assert admission is not None
            await cap.settle(admission, 1.6, task_id=f"t{number}")
        for number, charged in enumerate((0.0, 0.0, 1.6)):
            await cap.charge(f"t{number}", charged)
        return await fourth

    assert asyncio.run(go()) is None


def test_a_charge_that_stays_unknown_counts_the_reservation_and_other_tasks_are_ignored() -> None:
    async def go() -> SpendCap:
        cap = SpendCap(10.0)
        admission = await cap.admit(NANO, {})
        assert admission is not None
        await cap.settle(admission, 1.6, task_id="t0")
        await cap.charge("t0", None)  # the wait timed out: what it cost is not known
        await cap.charge("a-task-of-another-run", 0.0)
        return cap

    cap = asyncio.run(go())
    assert (cap.spent, cap.charged, cap.held) == (pytest.approx(1.6), 0.0, 0.0)


def test_a_batch_whose_first_tasks_are_refunded_goes_on_within_the_cap(server: SimulatorServer, tmp_path: Path) -> None:
    """At concurrency 8 with a cap of 5: three lines fit; their tasks fail and are refunded, so three more are sent."""
    hold_creates(server, 8)
    server.simulator.faults.add(Fault(kind="fail_task", route="create", count=3))
    result = run(server, tmp_path, 8, concurrency=8, max_credits=5.0)
    assert server.simulator.stats.creates_received == 6
    assert (result.count("failed"), result.count("done"), result.count("not_sent")) == (3, 3, 2)
    assert result.stopped_by_spend_cap


def test_a_batch_counting_reservations_would_have_stopped_after_the_refunded_three(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The companion: the same run, each charge taken as its reservation (the former count)."""
    charge = SpendCap.charge

    async def as_reserved(self: SpendCap, task_id: str, charged: float | None) -> None:
        await charge(self, task_id, None)

    monkeypatch.setattr(SpendCap, "charge", as_reserved)
    hold_creates(server, 8)
    server.simulator.faults.add(Fault(kind="fail_task", route="create", count=3))
    result = run(server, tmp_path, 8, concurrency=8, max_credits=5.0)
    assert server.simulator.stats.creates_received == 3
    assert (result.count("failed"), result.count("not_sent")) == (3, 5)


def test_a_task_created_completed_releases_its_hold_without_a_wait() -> None:
    """A create answered with a completed task (a replayed answer) is not waited for; its hold must still settle, or
    every line waiting for it would wait for ever."""

    class NoWait:
        async def wait(self, task: ei.Task, *, timeout: float | None) -> ei.Task:
            raise AssertionError("a completed task is not waited for")

    async def go() -> SpendCap:
        cap = SpendCap(5.0)
        admission = await cap.admit(NANO, {})
        assert admission is not None
        await cap.settle(admission, 1.6, task_id="t0")
        done = ei.Task(id="t0", model=NANO, status=ei.TaskStatus.COMPLETED, results=["u"], credits_used=1.6)
        await _waited(NoWait(), cap, done, None)  # type: ignore[arg-type]
        return cap

    cap = asyncio.run(go())
    assert (cap.held, cap.charged) == (0.0, pytest.approx(1.6))
