"""Print the fault suite's summary table at the end of the run."""

from __future__ import annotations

import pytest

from tests.faults.ledger import ROWS, table


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if ROWS:
        terminalreporter.section("fault injection summary")
        terminalreporter.write_line(table())
