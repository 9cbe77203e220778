"""A batch's spend cap: a create is admitted only while what it may cost still fits, at any concurrency.

The credits that count are this run's spending: what its settled tasks were charged, the reservations its running
tasks still hold, and the estimates of the creates still in flight. A create is admitted when those and its own
estimate stay within the cap. So a cap stops on spending, not on reservations: a layer decomposition that reserves for
17 images and is charged for the 5 it made, or a failed task refunded in full, counts at its charge once it settles.

A create's estimate is the largest reservation per image (per task, for a model billed per task) seen for its model in
this run, else what the docs lead one to expect it to reserve, else unknown: a create of unknown cost is admitted only
when no other create is in flight, so that its reservation is known before anything else is sent. A create that does
not fit waits while anything counted may still shrink (a create in flight, whose reservation may be smaller than
estimated; a running task, whose charge may be smaller than its reservation); when nothing may, the cap has stopped
the run.

A create whose outcome is unknown (it may have reached the API) counts at its estimate: it may have been charged. A
reservation whose charge never becomes known (the wait timed out) counts in full.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import attrs

from ._estimate import reservation_estimate
from ._presets import presets

__all__ = ["Admission", "SpendCap"]


@attrs.frozen
class Admission:
    """One admitted create: its model, the images it asks for, and the credits it was admitted at (None: unknown)."""

    model_id: str
    images: int
    estimate: float | None


class SpendCap:
    """Admits a batch's creates within *cap* credits (None: no cap, only counting)."""

    def __init__(self, cap: float | None) -> None:
        self.cap = cap
        self.tripped = False
        self._reserved = 0.0  # every reservation of this run, and the estimates of creates that may have been charged
        self._spent = 0.0  # what counts for good: charges, reservations of unknown charge, those estimates
        self._charged = 0.0  # the charges known
        self._held: dict[str, float] = {}  # reservations of running tasks, by task id: they may still shrink
        self._in_flight: list[Admission] = []
        self._per_image: dict[str, float] = {}
        self._changed = asyncio.Condition()

    @property
    def reserved(self) -> float:
        """Credits the API reserved for this run's creates, and those counted for creates of unknown outcome."""
        return self._reserved

    @property
    def charged(self) -> float:
        """Credits this run's settled tasks were charged (those whose charge is known)."""
        return self._charged

    @property
    def held(self) -> float:
        """Credits reserved by this run's tasks that are still running."""
        return sum(self._held.values())

    @property
    def spent(self) -> float:
        """What the cap counts: charges, reservations still held or of unknown charge, creates maybe charged."""
        return self._spent + self.held

    def estimate(self, model_id: str, body: Mapping[str, Any]) -> Admission:
        """What a create of *body* may cost: learned in this run, else documented, else unknown."""
        preset = presets.by_id(model_id)
        images = preset.images_requested(body) if preset is not None else 1
        if model_id in self._per_image:
            per_task = preset is not None and preset.billed_per_task
            return Admission(model_id, images, self._per_image[model_id] * (1 if per_task else images))
        return Admission(model_id, images, reservation_estimate(preset, body) if preset is not None else None)

    async def admit(self, model_id: str, body: Mapping[str, Any]) -> Admission | None:
        """Wait until a create of *body* fits, and count it in flight; None once the cap has stopped the run."""
        async with self._changed:
            while True:
                admission = self.estimate(model_id, body)  # learned meanwhile, perhaps
                verdict = self._verdict(admission)
                if verdict == "admit":
                    self._in_flight.append(admission)
                    return admission
                if verdict == "stop":
                    self.tripped = True
                    return None
                await self._changed.wait()

    def _verdict(self, admission: Admission) -> str:
        if self.tripped:
            return "stop"
        if self.cap is None:
            return "admit"
        if admission.estimate is None:  # unknown: alone, so that its reservation is known before the next
            fits = not self._in_flight and self.spent < self.cap
        else:
            in_flight = sum(other.estimate or 0.0 for other in self._in_flight)
            fits = self.spent + in_flight + admission.estimate <= self.cap
        if fits:
            return "admit"
        return "wait" if self._in_flight or self._held else "stop"  # wait while anything counted may shrink

    async def settle(
        self, admission: Admission, reserved: float | None, *, maybe_charged: bool = False, task_id: str | None = None
    ) -> None:
        """The create ended: *reserved* is what the API reserved (None when it made no task, or none is known).

        With the *task_id* of the task it made, the reservation is held until :meth:`charge` says what the task
        cost; without one, it counts in full.
        """
        async with self._changed:
            self._in_flight.remove(admission)
            if reserved is not None:
                self._reserved += reserved
                if task_id is not None:
                    self._held[task_id] = reserved
                else:
                    self._spent += reserved
                preset = presets.by_id(admission.model_id)
                per_task = preset is not None and preset.billed_per_task
                per_image = reserved / (1 if per_task else max(1, admission.images))
                self._per_image[admission.model_id] = max(self._per_image.get(admission.model_id, 0.0), per_image)
            elif maybe_charged:
                self._reserved += admission.estimate or 0.0
                self._spent += admission.estimate or 0.0
            self._changed.notify_all()

    async def charge(self, task_id: str, charged: float | None) -> None:
        """Task *task_id* of this run ended: *charged* is what it cost.

        None when that is not known: its reservation then counts in full. A task this run did not create is ignored.
        """
        async with self._changed:
            held = self._held.pop(task_id, None)
            if held is None:
                return
            if charged is None:
                self._spent += held
            else:
                self._spent += charged
                self._charged += charged
            self._changed.notify_all()
