"""A batch's spend cap: a create is admitted only while what it may cost still fits, at any concurrency.

The credits that count are those of this run's creates: reserved by the API (settled), and estimated for the creates
still in flight. A create is admitted when settled + in flight + its own estimate stay within the cap. Its estimate
is the largest reservation per image (per task, for a model billed per task) seen for its model in this run, else
the docs' figure for the model (the catalogue's), else unknown: a create of unknown cost is admitted only when no
other create is in flight, so that its reservation is known before anything else is sent. A create that does not fit
while others are in flight waits for their reservations (which may be smaller than estimated); when none is in
flight, the cap has stopped the run.

A create whose outcome is unknown (it may have reached the API) counts at its estimate: it may have been charged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import attrs

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
        self.settled = 0.0
        self.tripped = False
        self._in_flight: list[Admission] = []
        self._per_image: dict[str, float] = {}
        self._changed = asyncio.Condition()

    @property
    def reserved(self) -> float:
        """Credits the API reserved for this run's creates, and those counted for creates of unknown outcome."""
        return self.settled

    def estimate(self, model_id: str, body: Mapping[str, Any]) -> Admission:
        """What a create of *body* may cost: learned in this run, else documented, else unknown."""
        preset = presets.by_id(model_id)
        images = preset.images_requested(body) if preset is not None else 1
        if model_id in self._per_image:
            per_task = preset is not None and preset.billed_per_task
            return Admission(model_id, images, self._per_image[model_id] * (1 if per_task else images))
        return Admission(model_id, images, preset.documented_credits(body) if preset is not None else None)

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
            if self._in_flight:
                return "wait"
            return "admit" if self.settled < self.cap else "stop"
        in_flight = sum(other.estimate or 0.0 for other in self._in_flight)
        if self.settled + in_flight + admission.estimate <= self.cap:
            return "admit"
        return "wait" if self._in_flight else "stop"

    async def settle(self, admission: Admission, reserved: float | None, *, maybe_charged: bool = False) -> None:
        """The create ended: *reserved* is what the API reserved (None when it made no task, or none is known)."""
        async with self._changed:
            self._in_flight.remove(admission)
            if reserved is not None:
                self.settled += reserved
                preset = presets.by_id(admission.model_id)
                per_task = preset is not None and preset.billed_per_task
                per_image = reserved / (1 if per_task else max(1, admission.images))
                self._per_image[admission.model_id] = max(self._per_image.get(admission.model_id, 0.0), per_image)
            elif maybe_charged:
                self.settled += admission.estimate or 0.0
            self._changed.notify_all()
