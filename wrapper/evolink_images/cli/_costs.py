"""What the CLI says about money: the balance, an estimate, a task's charge, and why a failure was or was not paid."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._errors import ContentPolicyError, InsufficientCreditsError
from .._spending import charged_credits

if TYPE_CHECKING:
    from .._credits import Credits
    from .._estimate import Estimate
    from .._task import Task

__all__ = [
    "balance_lines",
    "charge_line",
    "covers",
    "credits_json",
    "credits_text",
    "estimate_json",
    "estimate_lines",
    "figure",
    "insufficient_hint",
    "moderation_lines",
    "refund_line",
]


def figure(value: float | None) -> str:
    """A number of credits as a person reads it: ``1.2``, ``17``, ``1095.3996``; ``?`` when unknown."""
    return "?" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def credits_text(credits: Credits) -> str:
    """The balance in a few lines: the account, the key, and what can be spent now."""
    return "\n".join(balance_lines(credits, indent=""))


def balance_lines(credits: Credits, *, indent: str = "  ") -> list[str]:
    """The account's and the key's remaining and used credits, and what can be spent now, one line each."""
    account = f"{figure(credits.user_remaining)} credits left ({figure(credits.user_used)} used)"
    if credits.key_unlimited:
        key = f"no spending limit ({figure(credits.key_used)} used)"
    else:
        key = f"{figure(credits.key_remaining)} credits left of its limit ({figure(credits.key_used)} used)"
    available = credits.available
    now = "unknown" if available is None else f"{figure(available)} credits"
    return [f"{indent}account: {account}", f"{indent}this key: {key}", f"{indent}available now: {now}"]


def covers(reserved: float | None, available: float | None) -> str:
    """Whether a balance of *available* credits covers a reservation of *reserved*, in one line."""
    if reserved is None:
        return "the balance cannot be compared: the cost is unknown"
    if available is None:
        return "whether the balance covers it is unknown: the balance says nothing of what can be spent now"
    if reserved <= available:
        return f"the balance covers it: {figure(reserved)} of {figure(available)} credits available"
    return f"the balance does not cover it: {figure(reserved)} credits, {figure(available)} available"


def credits_json(credits: Credits) -> dict[str, Any]:
    """The balance as JSON-ready data: the :class:`Credits` fields and ``available``."""
    return {**attrs.asdict(credits), "available": credits.available}


def _basis(estimate: Estimate) -> str:
    spread = ""
    if estimate.low is not None and estimate.high is not None and estimate.low != estimate.high:
        spread = f", {figure(estimate.low)} to {figure(estimate.high)}"
    if estimate.basis == "journal":
        return f"the median of {estimate.samples} charge(s) in your journal{spread}"
    if estimate.basis == "docs":
        return f"EvoLink's docs{spread}"
    return "unknown"


def estimate_lines(estimate: Estimate) -> list[str]:
    """An estimate: the credits and their basis, what the create holds until it settles, and where it comes from."""
    images = f"{estimate.images} image(s)"
    if estimate.credits is None:
        lines = [f"estimate: unknown for {estimate.model}, {images}: no figure in your journal or in EvoLink's docs"]
    else:
        lines = [f"estimate: {figure(estimate.credits)} credits for {estimate.model}, {images} ({_basis(estimate)})"]
    if estimate.reserved is not None and estimate.reserved != estimate.credits:
        lines.append(f"  reserved while it runs: {figure(estimate.reserved)} credits (settled on what it makes)")
    if estimate.detail:
        lines.append(f"  {estimate.detail}")
    return lines


def estimate_json(estimate: Estimate) -> dict[str, Any]:
    """An estimate as JSON-ready data: its fields."""
    return attrs.asdict(estimate)


def charge_line(task: Task) -> str:
    """What a finished task cost: ``charged 1.2 credits (reserved 1.2)``, or why that is not known."""
    reserved = f"reserved {figure(task.credits_reserved)}"
    if task.credits_used is None:
        return f"charged: not reported by the API ({reserved})"
    return f"charged {figure(task.credits_used)} credits ({reserved})"


def refund_line(task: Task) -> str:
    """What a failed task cost: charged and refunded, as the API reports it or as the model's refunds say."""
    reserved = task.credits_reserved
    charged = charged_credits(task)
    if charged is None:
        return f"{figure(reserved)} credits reserved; whether they came back is not known (evolink-images credits)"
    back = (reserved or 0.0) - charged
    text = f"charged {figure(charged)} credits (reserved {figure(reserved)})"
    if back > 0:
        return f"{text}; {figure(back)} refunded"
    if charged > 0 and task.error is not None and task.error.moderated:
        return f"{text}; not refunded: {task.model} does not refund requests refused by moderation"
    return text


def moderation_lines(exc: ContentPolicyError) -> list[str]:
    """The lines under a moderation refusal: retrying the same input will not help, and whether it was charged."""
    lines = ["  refused by moderation: the same input will be refused again; change the prompt or the images"]
    task: Task | None = exc.task
    if task is None:  # refused by the API at once: no task was made
        lines.append("  no task was made: nothing was charged")
    else:
        lines.append(f"  {refund_line(task)}")
    return lines


def insufficient_hint(exc: InsufficientCreditsError) -> str:
    """Where to see the balance after a 402 (its message names the limit that ran out and what to do)."""
    if exc.limit == "key_daily":
        return "  evolink-images credits shows the balance, though not the key's daily limit, which it does not report"
    shown = {"account": "the account's balance", "key_total": "this key's limit"}.get(exc.limit or "", "the balance")
    return f"  evolink-images credits shows {shown} and what can be spent now"
