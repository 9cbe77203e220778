"""``history --since``: a span back from now (``30m``, ``24h``, ``7d``, ``2w``) or a moment (an ISO date or time).

A date or a time without a zone is the local one, as ``history`` prints its times; ``2026-10-01`` is that day's
midnight. The answer is unix seconds, what the journal stores.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["SINCE_HELP", "SinceError", "parse_since"]

SINCE_HELP = "a span back from now, 30m, 24h, 7d or 2w, or an ISO date or time (2026-10-01, 2026-10-01T09:30)"

# Seconds in each unit a span may use.
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)


class SinceError(ValueError):
    """A ``--since`` that is neither a span nor an ISO date or time."""


def parse_since(text: str, now: float) -> float:
    """The moment *text* names, in unix seconds; a span counts back from *now*.

    Raises:
        SinceError: *text* is neither, or names a moment after *now*.
    """
    shown = text.strip()
    span = _SPAN.fullmatch(shown)
    if span is not None:
        seconds = float(span.group(1)) * _UNITS[span.group(2).lower()]
        if seconds <= 0:
            raise SinceError(f"--since {text!r}: a span must be longer than nothing")
        return now - seconds
    try:
        moment = datetime.fromisoformat(shown)
    except ValueError:
        raise SinceError(f"--since {text!r}: expected {SINCE_HELP}") from None
    when = moment.timestamp()  # a naive date or time is read as local, as history prints them
    if when > now:
        raise SinceError(f"--since {text!r}: that is in the future")
    return when
