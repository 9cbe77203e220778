"""The fault suite's ledger: one row per scenario, printed as a table at the end of the run."""

from __future__ import annotations

import attrs
from evolink_images.simulator import Simulator


@attrs.frozen
class Row:
    scenario: str
    faults: int
    logical_creates: int
    tasks_created: int
    duplicates: int
    lost: int
    outcome: str


ROWS: list[Row] = []


def record(scenario: str, simulator: Simulator, *, logical_creates: int, outcome: str, extra_faults: int = 0) -> Row:
    """Count what the server saw for one scenario; duplicates and losses are what the suite exists to keep at 0."""
    stats = simulator.stats
    row = Row(
        scenario=scenario,
        faults=sum(simulator.faults.injected.values()) + extra_faults,
        logical_creates=logical_creates,
        tasks_created=stats.tasks_created,
        duplicates=max(0, stats.tasks_created - logical_creates),
        lost=len(simulator.unsaved_results()),
        outcome=outcome,
    )
    ROWS.append(row)
    return row


def table() -> str:
    header = ("scenario", "faults", "requests", "tasks", "duplicates", "lost", "outcome")
    rows = [header] + [
        (
            r.scenario,
            str(r.faults),
            str(r.logical_creates),
            str(r.tasks_created),
            str(r.duplicates),
            str(r.lost),
            r.outcome,
        )
        for r in ROWS
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    total_faults = sum(r.faults for r in ROWS)
    lines.append(
        f"{len(ROWS)} scenarios, {total_faults} faults injected, "
        f"{sum(r.duplicates for r in ROWS)} duplicate creates, {sum(r.lost for r in ROWS)} lost results"
    )
    return "\n".join(lines)
