"""What tasks cost: the charge of a finished task, recorded in the journal, and its totals by model and by day."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import evolink_images as ei
import pytest
from evolink_images import _spending
from evolink_images._billing import Billing
from evolink_images._presets import Presets
from evolink_images._spending import charged_credits
from evolink_images._task import TaskFailure, failure_kind, is_retryable

BASE = "https://api.evolink.ai"
DAY_1 = datetime(2026, 10, 14, 23, 30, tzinfo=UTC).timestamp()
DAY_2 = datetime(2026, 10, 15, 0, 30, tzinfo=UTC).timestamp()


def billing(**changes: Any) -> Billing:
    facts: dict[str, Any] = {
        "unit": "image",
        "credits": 2.5,
        "by": {},
        "per_reference": None,
        "reserved_images": None,
        "settles": None,
        "moderated_refund": None,
        "varies_with": (),
        "figure_for": {},
        "passages": (),
    }
    return Billing(**{**facts, **changes})


def failure(code: str) -> TaskFailure:
    return TaskFailure(code, "m", is_retryable(code), failure_kind(code))


def task(model: str, status: str, **fields: Any) -> ei.Task:
    return ei.Task(id=fields.pop("id", "t-1"), model=model, status=ei.TaskStatus(status), **fields)


# ---------------------------------------------------------------------------------------------- one task's charge
def test_a_completed_task_costs_what_it_used() -> None:
    done = task("gpt-image-2", "completed", credits_reserved=5.0, credits_used=2.5)
    assert charged_credits(done) == 2.5


def test_a_failure_is_refunded_but_moderation_on_midjourney_is_not() -> None:
    assert charged_credits(task("gpt-image-2", "failed", credits_reserved=5.0, error=failure("service_error"))) == 0.0
    assert charged_credits(task("mj-v7", "cancelled", credits_reserved=1.8)) == 0.0
    moderated = task("mj-v7", "failed", error=failure("content_policy_violation"))
    assert charged_credits(attrs.evolve(moderated, credits_reserved=1.8)) == 1.8
    assert charged_credits(moderated, reserved=1.8) == 1.8, "the journal's reservation when the task has none"
    assert charged_credits(task("gpt-image-2", "failed", error=failure("content_policy_violation")), 5.0) == 0.0
    v8_2 = task("mj-v8.2", "failed", credits_reserved=1.8, error=failure("content_policy_violation"))
    assert charged_credits(v8_2) == 0.0, "V8.2's page: all images filtered, refunded in full"


def test_without_the_refund_rule_a_moderated_midjourney_task_reads_as_free(monkeypatch: pytest.MonkeyPatch) -> None:
    mj = ei.presets["mj-v7"]
    assert mj.billing is not None and mj.billing.moderated_refund == "none"
    refunded = attrs.evolve(mj, refunds={"failed": "full"}, billing=attrs.evolve(mj.billing, moderated_refund=None))
    monkeypatch.setattr(_spending, "presets", Presets((refunded,)))
    moderated = task("mj-v7", "failed", credits_reserved=1.8, error=failure("content_policy_violation"))
    assert charged_credits(moderated) == 0.0


def test_a_completed_task_without_usage_costs_its_reservation_only_where_the_docs_say_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gpt = ei.presets["gpt-image-2"]
    done = task("gpt-image-2", "completed", credits_reserved=5.0)
    cases = {None: None, "usage": None}  # no facts, or a charge settled on usage: not known
    for settles, expected in cases.items():
        facts = billing(settles=settles) if settles else None
        monkeypatch.setattr(_spending, "presets", Presets((attrs.evolve(gpt, billing=facts),)))
        assert charged_credits(done) is expected
    monkeypatch.setattr(_spending, "presets", Presets((attrs.evolve(gpt, billing=billing(settles=None)),)))
    assert charged_credits(done) == 5.0, "the docs say the reservation is the charge"


def test_a_task_still_running_has_no_charge_yet() -> None:
    assert charged_credits(task("gpt-image-2", "processing", credits_reserved=5.0)) is None


# ---------------------------------------------------------------------------------------------- the journal's totals
def record(journal: ei.Journal, key: str, finished: ei.Task | None, *, body: dict[str, Any], reserved: float) -> None:
    """A create of *body* that reserved *reserved*, and, when *finished* is given, how its task ended."""
    journal.begin(idempotency_key=key, base_url=BASE, body=body)
    created = ei.Task(id=f"task-{key}", model=body["model"], status=ei.TaskStatus.PENDING, credits_reserved=reserved)
    journal.submitted(key, created)
    if finished is not None:
        journal.finished(attrs.evolve(finished, id=created.id))


def dated(journal: ei.Journal, key: str, when: float) -> None:
    with sqlite3.connect(journal.path) as db:
        db.execute("UPDATE requests SET created_at = ? WHERE idempotency_key = ?", (when, key))


@pytest.fixture
def journal(tmp_path: Path) -> ei.Journal:
    journal = ei.Journal(tmp_path / "journal.sqlite3")
    two = {"model": "gpt-image-2", "prompt": "p", "n": 2}
    urls = ["https://r/0", "https://r/1"]
    record(journal, "a-0123456789abcdef", task("gpt-image-2", "completed", results=urls, credits_used=4.0), body=two,
           reserved=5.0)  # fmt: skip
    record(journal, "b-0123456789abcdef", task("gpt-image-2", "completed", results=urls[:1], credits_used=2.0),
           body=two, reserved=5.0)  # fmt: skip
    record(journal, "c-0123456789abcdef", task("mj-v7", "failed", error=failure("content_policy_violation")),
           body={"model": "mj-v7", "prompt": "p"}, reserved=1.8)  # fmt: skip
    record(journal, "d-0123456789abcdef", task("mj-v7", "failed", error=failure("service_error")),
           body={"model": "mj-v7", "prompt": "p"}, reserved=1.8)  # fmt: skip
    record(journal, "e-0123456789abcdef", None, body=two, reserved=5.0)  # still running
    journal.begin(idempotency_key="f-0123456789abcdef", base_url=BASE, body=two)  # no task: not counted
    for key in "abc":
        dated(journal, f"{key}-0123456789abcdef", DAY_1)
    for key in "def":
        dated(journal, f"{key}-0123456789abcdef", DAY_2)
    return journal


def test_the_totals_by_model_and_by_day(journal: ei.Journal) -> None:
    spending = journal.spending()
    gpt, mj = spending.by_model["gpt-image-2"], spending.by_model["mj-v7"]
    assert (gpt.tasks, gpt.reserved, gpt.charged, gpt.refunded, gpt.held) == (3, 15.0, 6.0, 4.0, 5.0)
    assert (gpt.settled, gpt.images_asked, gpt.images_made) == (2, 4, 3)
    assert (mj.tasks, mj.reserved, mj.charged, mj.refunded, mj.held) == (2, 3.6, 1.8, 1.8, 0.0)
    assert (mj.images_asked, mj.images_made) == (8, 0)
    assert list(spending.by_day) == ["2026-10-14", "2026-10-15"], "UTC dates, oldest first"
    first, second = spending.by_day.values()
    assert (first.tasks, first.charged, second.tasks, second.charged) == (3, 7.8, 2, 0.0)
    total = spending.total
    assert (total.tasks, total.reserved, total.charged, total.refunded, total.held) == (5, 18.6, 7.8, 5.8, 5.0)
    assert total.reserved == pytest.approx(total.charged + total.refunded + total.held)
    assert spending.since is None


def test_since_counts_only_what_was_created_from_then(journal: ei.Journal) -> None:
    spending = journal.spending(since=DAY_2)
    assert (spending.since, spending.total.tasks, list(spending.by_day)) == (DAY_2, 2, ["2026-10-15"])


def test_only_the_base_url_asked_for(journal: ei.Journal) -> None:
    assert journal.spending(base_url="http://127.0.0.1:8000").total == ei.SpendingTotals()
    assert journal.spending(base_url=BASE).total.tasks == 5


def test_the_entries_carry_the_charges(journal: ei.Journal) -> None:
    entries = {entry.idempotency_key[0]: entry for entry in journal.entries()}
    assert (entries["a"].credits_charged, entries["a"].images_asked, entries["a"].images_made) == (4.0, 2, 2)
    assert (entries["c"].credits_charged, entries["d"].credits_charged) == (1.8, 0.0)
    assert (entries["e"].credits_charged, entries["e"].images_asked) == (None, None)
