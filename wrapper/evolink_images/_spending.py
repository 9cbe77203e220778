"""What tasks cost: the charge of one finished task, and the journal's totals by model and by day.

A create reserves credits; the task's end settles them. A completed task is charged what its ``usage`` says it used
(``credits_used``); a failed or cancelled one is refunded, except a moderation failure on a model that does not
refund moderated requests (its refunds say so: Midjourney), which keeps its reservation. Reserved minus charged is
what came back. A task the API no longer knows (lost) never settles as far as the client can tell: it may have been
charged or refunded, so its reservation is counted apart, as lost, neither charged nor held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import attrs

from ._presets import ModelPreset, presets
from ._task import Task, TaskStatus

__all__ = ["Spending", "SpendingRow", "SpendingTotals", "charged_credits", "moderated_refund", "spending_from_rows"]


def charged_credits(task: Task, reserved: float | None = None) -> float | None:
    """The credits a final *task* cost, when known; *reserved* stands in for the task's reservation if it has none.

    Completed: its ``credits_used``; without one, its reservation where the docs say the reservation is the charge
    (the model's billing settles nothing), else None: not known. Failed or cancelled: 0, unless moderation failed it
    on a model that keeps moderated requests' credits: then its reservation. None for a task not final.
    """
    model = presets.by_id(task.model) if task.model else None
    held = task.credits_reserved if task.credits_reserved is not None else reserved
    if task.status == TaskStatus.COMPLETED:
        if task.credits_used is not None:
            return task.credits_used
        billing = model.billing if model is not None else None
        return held if billing is not None and billing.settles is None else None
    if task.status not in {TaskStatus.FAILED, TaskStatus.CANCELLED}:
        return None
    failure = task.error
    if failure is not None and failure.moderated and model is not None and moderated_refund(model) == "none":
        return held
    return 0.0


def moderated_refund(model: ModelPreset) -> str | None:
    """What a task of *model* that moderation made fail gets back: ``none``, ``full``, or None.

    None when the docs do not single moderation out (a failed task is then refunded in full). The model's billing
    facts say it where they do (V8.2's page: refunded in full), else its refunds.
    """
    billing = model.billing
    if billing is not None and billing.moderated_refund is not None:
        return billing.moderated_refund
    return model.refunds.get("moderated")


@attrs.frozen(kw_only=True)
class SpendingRow:
    """What one journalled task contributes: its model, when it was created, its credits and images; lost or not."""

    model: str
    created_at: float
    reserved: float | None
    charged: float | None
    images_asked: int | None
    images_made: int | None
    lost: bool = False


@attrs.frozen(kw_only=True)
class SpendingTotals:
    """Credits and images of a set of tasks.

    Attributes:
        tasks: Tasks created (journal rows with a task id).
        reserved: Credits their creates reserved.
        charged: Credits charged for the settled ones (completed, failed or cancelled, with a known charge).
        refunded: Reserved minus charged, over the settled ones: what came back.
        held: Credits reserved by tasks not settled yet (running, or whose charge is not known), lost ones apart.
        settled: Tasks whose charge is known.
        images_asked: Images their requests asked for.
        images_made: Images their results held.
        lost: Credits reserved by tasks the API no longer knows: whether they were charged is unknown.
        lost_tasks: Those tasks.
    """

    tasks: int = 0
    reserved: float = 0.0
    charged: float = 0.0
    refunded: float = 0.0
    held: float = 0.0
    settled: int = 0
    images_asked: int = 0
    images_made: int = 0
    lost: float = 0.0
    lost_tasks: int = 0

    def plus(self, row: SpendingRow) -> SpendingTotals:
        """These totals with *row* added."""
        reserved = row.reserved or 0.0
        settled = row.charged is not None
        charged = row.charged or 0.0
        lost = row.lost and not settled
        return SpendingTotals(
            tasks=self.tasks + 1,
            reserved=self.reserved + reserved,
            charged=self.charged + charged,
            refunded=self.refunded + (reserved - charged if settled and row.reserved is not None else 0.0),
            held=self.held + (0.0 if settled or lost else reserved),
            settled=self.settled + settled,
            images_asked=self.images_asked + (row.images_asked or 0),
            images_made=self.images_made + (row.images_made or 0),
            lost=self.lost + (reserved if lost else 0.0),
            lost_tasks=self.lost_tasks + lost,
        )


@attrs.frozen(kw_only=True)
class Spending:
    """What the journal's tasks reserved, were charged and got back: in all, by model, and by day (UTC).

    Attributes:
        since: The earliest creation time counted (unix seconds), or None for the whole journal.
        total: Every task counted.
        by_model: By model id, the models in alphabetical order.
        by_day: By the UTC date of each task's creation (``"2026-10-14"``), oldest first.
    """

    since: float | None
    total: SpendingTotals
    by_model: Mapping[str, SpendingTotals]
    by_day: Mapping[str, SpendingTotals]


def spending_from_rows(rows: Iterable[SpendingRow], since: float | None = None) -> Spending:
    """The totals of *rows* (those created before *since* left out)."""
    total = SpendingTotals()
    by_model: dict[str, SpendingTotals] = {}
    by_day: dict[str, SpendingTotals] = {}
    for row in rows:
        if since is not None and row.created_at < since:
            continue
        day = datetime.fromtimestamp(row.created_at, UTC).date().isoformat()
        total = total.plus(row)
        by_model[row.model] = by_model.get(row.model, SpendingTotals()).plus(row)
        by_day[day] = by_day.get(day, SpendingTotals()).plus(row)
    return Spending(
        since=since,
        total=total,
        by_model=dict(sorted(by_model.items())),
        by_day=dict(sorted(by_day.items())),
    )
