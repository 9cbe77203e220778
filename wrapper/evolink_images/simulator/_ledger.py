"""The simulated account: its balance, each key's spending, and the 402 a create gets when a limit cannot cover it.

One account (``SimulatorConfig.balance``) is shared by every key; each key (a digest of its Bearer token) has its own
figures, held to ``key_limit`` (its total) and ``key_daily_limit`` (per UTC day) when they are set. A create holds
its reservation at once; the task's end settles it into a charge and a refund. What ``GET /v1/credits`` shows follows
from the figures (D48): the account's remaining credits are its balance less what is held and what was charged, and
its used credits are what is held plus what was charged, so the balance drops by the reservation at once and rises
again by whatever the task's end returns.

Not thread-safe on its own: the simulator calls it under its lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["KeyAccount", "Ledger", "Shortfall"]

_SECONDS_PER_DAY = 86400


def _round(value: float) -> float:
    return round(value, 6)


@attrs.define
class KeyAccount:
    """One key's figures.

    Attributes:
        held: Credits its running tasks hold (reserved, not settled yet).
        charged: Credits its settled tasks were charged.
        day: The UTC day (days since the epoch) ``daily`` counts.
        daily: What it spent that day: reservations made that day, less what their settlement returned.
    """

    held: float = 0.0
    charged: float = 0.0
    day: int = 0
    daily: float = 0.0

    @property
    def used(self) -> float:
        """Held and charged: what its spending limit counts."""
        return _round(self.held + self.charged)


@attrs.frozen
class Shortfall:
    """Why a reservation was refused: the code the API answers, which limit, a message and the figures.

    Attributes:
        code: ``insufficient_user_quota``, ``insufficient_token_quota`` or ``token_daily_quota_exceeded``.
        limit: ``account``, ``key_total`` or ``key_daily``.
        message: What ran out, in words, with the figures.
        figures: The error body's figures (the names EvoLink's client reads): ``estimated_credits`` (what the create
            needs), ``remaining_credits`` (what the limit that ran out has left), and that limit's own.
    """

    code: str
    limit: str
    message: str
    figures: dict[str, Any]


class Ledger:
    """The account's balance and every key's figures."""

    def __init__(
        self,
        balance: float,
        key_limit: float | None = None,
        key_daily_limit: float | None = None,
        *,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.balance = float(balance)
        self.key_limit = key_limit
        self.key_daily_limit = key_daily_limit
        self._wall = wall
        self._keys: dict[str, KeyAccount] = {}

    def account(self, owner: str) -> KeyAccount:
        """The figures of the key *owner* names (a digest of its token), with its day brought to today."""
        today = int(self._wall() // _SECONDS_PER_DAY)
        key = self._keys.setdefault(owner, KeyAccount(day=today))
        if key.day != today:
            key.day, key.daily = today, 0.0
        return key

    @property
    def held(self) -> float:
        """Credits every key's running tasks hold."""
        return _round(sum(key.held for key in self._keys.values()))

    @property
    def charged(self) -> float:
        """Credits every key's settled tasks were charged."""
        return _round(sum(key.charged for key in self._keys.values()))

    @property
    def remaining(self) -> float:
        """The account's credits left: its balance, less what is held and what was charged (D48)."""
        return _round(self.balance - self.held - self.charged)

    def shortfall(self, owner: str, amount: float) -> Shortfall | None:
        """Why *owner* cannot reserve *amount* now (the account first, then the key's total, then its day), or None."""
        key = self.account(owner)
        needed = _round(amount)
        left = self.remaining
        base: dict[str, Any] = {"estimated_credits": needed, "account_balance_credits": left}
        if amount > left + 1e-9:
            message = f"Insufficient account balance: this request needs {needed:g} credits, the account has {left:g}"
            return Shortfall("insufficient_user_quota", "account", message, {**base, "remaining_credits": left})
        if self.key_limit is not None and amount > self.key_limit - key.used + 1e-9:
            rest = _round(max(0.0, self.key_limit - key.used))
            message = (
                f"This API key's spending limit is used up: this request needs {needed:g} credits, the key's limit of "
                f"{self.key_limit:g} has {rest:g} left"
            )
            figures = {
                **base,
                "remaining_credits": rest,
                "total_limit_credits": self.key_limit,
                "used_credits": key.used,
            }
            return Shortfall("insufficient_token_quota", "key_total", message, figures)
        if self.key_daily_limit is not None and amount > self.key_daily_limit - key.daily + 1e-9:
            rest = _round(max(0.0, self.key_daily_limit - key.daily))
            message = (
                f"This API key's daily limit is used up: this request needs {needed:g} credits, today's limit of "
                f"{self.key_daily_limit:g} has {rest:g} left (it resets at midnight UTC)"
            )
            figures = {
                **base,
                "remaining_credits": rest,
                "daily_limit_credits": self.key_daily_limit,
                "daily_used_credits": _round(key.daily),
                "reset_timezone": "UTC",
            }
            return Shortfall("token_daily_quota_exceeded", "key_daily", message, figures)
        return None

    def reserve(self, owner: str, amount: float) -> Shortfall | None:
        """Hold *amount* for *owner*'s new task, unless a limit cannot cover it (then nothing is held)."""
        refused = self.shortfall(owner, amount)
        if refused is None:
            key = self.account(owner)
            key.held = _round(key.held + amount)
            key.daily = _round(key.daily + amount)
        return refused

    def settle(self, owner: str, reserved: float, charged: float) -> float:
        """Turn a task's reservation into its charge; what is returned (the refund)."""
        key = self.account(owner)
        charge = min(charged, reserved)
        refund = _round(reserved - charge)
        key.held = _round(max(0.0, key.held - reserved))
        key.charged = _round(key.charged + charge)
        key.daily = _round(max(0.0, key.daily - refund))
        return refund

    def credits(self, owner: str) -> dict[str, Any]:
        """``data`` of ``GET /v1/credits`` for *owner*: the key's figures (``token``) and the account's (``user``).

        An unlimited key's remaining credits are the account's: what it can spend.
        """
        key = self.account(owner)
        remaining = self.remaining
        token_left = remaining if self.key_limit is None else _round(max(0.0, self.key_limit - key.used))
        token = {"remaining_credits": token_left, "unlimited_credits": self.key_limit is None, "used_credits": key.used}
        user = {"remaining_credits": remaining, "used_credits": _round(self.held + self.charged)}
        return {"token": token, "user": user}
