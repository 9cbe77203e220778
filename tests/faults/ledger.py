"""The fault suite's ledger: one row per scenario, counted at the server, printed as a table at the end of the run.

A duplicate is a create POST the server received beyond one per logical create: received, not created, since an
API that does not honour Idempotency-Key (EvoLink promises nothing about it) charges every one. A 429 answered before
any handler is not a create. A lost result is one the server made for a task its client learned of, and nobody
saved; a task whose create answer never reached its client is ambiguous (reported by resume, never resent on its own).
The server knows of the answers it dropped or cut short; of those it sent after their client had given up (a read
timeout), only the scenario knows, and it names those tasks (``abandoned``).
"""

from __future__ import annotations

from collections.abc import Collection

import attrs
from evolink_images.simulator import Simulator


@attrs.frozen
class Row:
    scenario: str
    faults: int
    logical_creates: int
    creates_received: int
    tasks_created: int
    duplicates: int
    lost: int
    ambiguous: int
    outcome: str


ROWS: list[Row] = []


def record(
    scenario: str,
    simulator: Simulator,
    *,
    logical_creates: int,
    outcome: str,
    extra_faults: int = 0,
    abandoned: Collection[str] = (),
) -> Row:
    """Count what the server saw for one scenario; duplicates and losses are what the suite exists to keep at 0."""
    stats = simulator.stats
    unanswered = set(simulator.unanswered_tasks()) | set(abandoned)
    row = Row(
        scenario=scenario,
        faults=sum(simulator.faults.injected.values()) + extra_faults,
        logical_creates=logical_creates,
        creates_received=stats.creates_received,
        tasks_created=stats.tasks_created,
        duplicates=max(0, stats.creates_received - logical_creates),
        lost=sum(1 for result in simulator.unsaved_results() if result.split("/")[0] not in unanswered),
        ambiguous=len(unanswered),
        outcome=outcome,
    )
    ROWS.append(row)
    return row


def table() -> str:
    header = ("scenario", "faults", "creates", "received", "tasks", "duplicates", "lost", "ambiguous", "outcome")
    rows = [header] + [
        (r.scenario, str(r.faults), str(r.logical_creates), str(r.creates_received), str(r.tasks_created),
         str(r.duplicates), str(r.lost), str(r.ambiguous), r.outcome)
        for r in ROWS
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    total_faults = sum(r.faults for r in ROWS)
    lines.append(
        f"{len(ROWS)} scenario runs, {total_faults} faults injected, "
        f"{sum(r.duplicates for r in ROWS)} duplicate creates (counted as create POSTs received), "
        f"{sum(r.lost for r in ROWS)} lost results, "
        f"{sum(r.ambiguous for r in ROWS)} ambiguous creates reported"
    )
    return "\n".join(lines)
