"""The engine's journal writes once a task exists. No I/O: effects only.

A journal that fails before a create is sent stops it (:class:`JournalError`: nothing sent, nothing charged). Once
the API has a task, the work is done or under way and only its record is missing: a failed write then warns
(``EvoLinkWarning``, naming the task) and the operation goes on, so the task, its results or its files reach the
caller rather than being lost behind an error.
"""

from __future__ import annotations

import warnings
from typing import Any

from ._effects import JournalCall, Steps
from ._errors import EvoLinkWarning, JournalError

__all__ = ["record_or_warn"]


def record_or_warn(call: JournalCall, task_id: str | None) -> Steps[Any]:
    """Carry out *call*; when the journal fails, warn and answer None."""
    try:
        return (yield call)
    except JournalError as exc:
        subject = f"task {task_id}" if task_id else "the request"
        warnings.warn(
            f"{subject} is not recorded in the journal ({exc}); it goes on without it, so note its id",
            EvoLinkWarning,
            stacklevel=2,
        )
        return None
