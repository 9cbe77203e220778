"""Time as the clients see it: the system's, or a virtual one that makes every wait instant in tests."""

from __future__ import annotations

import time
from typing import Protocol

__all__ = ["Clock", "SystemClock", "VirtualClock"]


class Clock(Protocol):
    """What a client needs of time: a monotonic reading and two ways to wait."""

    def now(self) -> float:
        """Seconds on a monotonic clock."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block for *seconds*."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Wait *seconds* without blocking the event loop."""
        ...


class SystemClock:
    """Real time: ``time.monotonic``, ``time.sleep`` and ``asyncio.sleep``."""

    def now(self) -> float:
        """Seconds on the system's monotonic clock."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Block for *seconds*."""
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        """Wait *seconds*."""
        import asyncio  # noqa: PLC0415 - only async users pay for importing asyncio

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class VirtualClock:
    """A clock whose sleeps return at once and move its time forward: polling and retry tests take no time.

    Attributes:
        time: The current virtual time, in seconds.
        sleeps: Every wait asked for, in order.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        """The virtual time."""
        return self.time

    def sleep(self, seconds: float) -> None:
        """Record the wait and move time forward, at once."""
        self.sleeps.append(seconds)
        self.time += max(0.0, seconds)

    async def asleep(self, seconds: float) -> None:
        """Record the wait, move time forward, and let other tasks run once."""
        import asyncio  # noqa: PLC0415 - only async users pay for importing asyncio

        self.sleep(seconds)
        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"VirtualClock(time={self.time:g})"
