"""A way forward for a value an earlier version of the API took: what it became, and when, from openapi/CHANGES.md.

The entries are the catalogue's ``FORMER_VALUES``, which ``make generate`` compiles from the changelog's tables
(``scripts/former_values.py``). Validation asks here only once it has refused a value, and adds what it finds to that
refusal: nothing here refuses anything, so a value the API takes is never turned away because it once meant
something else.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from . import _catalogue

__all__ = ["WayForward", "for_model_id", "for_unknown_field", "for_value"]

_CHANGELOG = "openapi/CHANGES.md"
_BOUNDS: Mapping[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "maximum": ("at most", operator.le),
    "maxItems": ("at most", operator.le),
    "maxLength": ("at most", operator.le),
    "exclusiveMaximum": ("less than", operator.lt),
    "minimum": ("at least", operator.ge),
    "minItems": ("at least", operator.ge),
    "minLength": ("at least", operator.ge),
    "exclusiveMinimum": ("more than", operator.gt),
}
_UNITS = {"items": " items", "characters": " characters", "bytes": " bytes"}


@attrs.frozen
class WayForward:
    """What became of a refused value.

    Attributes:
        words: What it became and when, for the refusal's rule.
        instead: The fields to send in its place, when the way forward is mechanical (``{"quality": "4K"}``); None
            when it takes a person (a value removed, a limit lowered).
    """

    words: str
    instead: Mapping[str, Any] | None = None


def _entries() -> tuple[Mapping[str, Any], ...]:
    return tuple(_catalogue.FORMER_VALUES)  # read at each call: the generated list, as it is now


def _same(value: object, expected: object) -> bool:
    """JSON equality: True is not 1."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value is expected
    return value == expected


def _when(entry: Mapping[str, Any]) -> str:
    date = f"{entry['date']}, " if entry.get("date") else ""
    return f"EvoLink's docs changed it by {date}commit {entry['commit']} (see {_CHANGELOG})"


def _measured(value: object, measure: str | None) -> float | None:
    """The number a limit is about: the value, its item count, its length in characters or in UTF-8 bytes."""
    if measure == "items":
        return len(value) if isinstance(value, list | tuple) else None
    if measure in {"characters", "bytes"}:
        if not isinstance(value, str):
            return None
        return len(value.encode()) if measure == "bytes" else len(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def _past_limit(value: object, entry: Mapping[str, Any]) -> bool:
    """Whether *value* breaks the entry's limit now, and met the limit before it (none before: any value did)."""
    words_and_holds = _BOUNDS.get(str(entry.get("keyword")))
    measured = _measured(value, entry.get("measure"))
    if words_and_holds is None or measured is None:
        return False
    _, holds = words_and_holds
    return not holds(measured, entry["new"]) and (entry["old"] is None or holds(measured, entry["old"]))


def _limit_words(entry: Mapping[str, Any]) -> str:
    words, _ = _BOUNDS[str(entry["keyword"])]
    unit = _UNITS.get(str(entry.get("measure")), "")
    before = "none" if entry["old"] is None else f"{words} {entry['old']}{unit}"
    return f"{entry['field']}'s limit was {before}, now {words} {entry['new']}{unit}"


def _model_words(entry: Mapping[str, Any]) -> tuple[str, Mapping[str, Any] | None]:
    """A model id (or the client's alias) renamed or withdrawn."""
    old, new = entry["old"], entry["new"]
    alias = entry.get("keyword") == "alias"
    if entry["kind"] == "renamed":
        return (f"the alias {old} now names {new}" if alias else f"{old} was renamed {new}"), {"model": new}
    now = str(entry["now"]).removeprefix("none").lstrip(":;, ")
    what = "an alias of this client" if alias else "a model id of this API"
    return f"{old} is no longer {what}" + (f" ({now})" if now else ""), None


def _field_words(entry: Mapping[str, Any], model: str | None) -> tuple[str, Mapping[str, Any] | None]:
    """A field moved to another (sent there instead) or removed."""
    old, new = entry["old"], entry["new"]
    if new is not None:
        return f"{old} became {new}", {new: None}
    return f"{old} was a parameter of {model or 'this model'} before and no longer is", None


def _words(entry: Mapping[str, Any], model: str | None) -> tuple[str, Mapping[str, Any] | None]:
    """What one entry says about a refused value, and what to send instead (None: no call follows from it).

    In what to send, None stands for the refused value itself.
    """
    kind, field = entry["kind"], entry["field"]
    if field == "model" and kind in {"renamed", "removed"}:
        return _model_words(entry)
    if kind == "field":
        return _field_words(entry, model)
    if kind == "moved":
        return f"{entry['old']} moved from {field} to {entry['new']}", {entry["new"]: None}
    if kind == "limit":
        return _limit_words(entry), None
    return f"{field} took {entry['old']!r} before and no longer does", None


def _way_forward(found: Iterable[Mapping[str, Any]], model: str | None, value: object) -> WayForward | None:
    """The words of every entry found, in the changelog's order; the last one says what to send, if anything."""
    parts: list[str] = []
    send: Mapping[str, Any] | None = None
    for entry in found:
        words, send = _words(entry, model)
        parts.append(f"{words}; {_when(entry)}")
    if not parts:
        return None
    instead = {key: value if sent is None else sent for key, sent in send.items()} if send is not None else None
    return WayForward("; ".join(parts), instead)


def _of_model(entry: Mapping[str, Any], model: str) -> bool:
    return entry["model"] in {model, "*"}


def for_value(model: str, path: str, value: object) -> WayForward | None:
    """What became of *value* of the field at *path* (``size``, ``model_params.speed``) of *model*, once refused."""
    found = [
        entry
        for entry in _entries()
        if entry["field"] == path
        and _of_model(entry, model)
        and (
            (entry["kind"] in {"moved", "removed"} and _same(value, entry["old"]))
            or (entry["kind"] == "limit" and _past_limit(value, entry))
        )
    ]
    return _way_forward(found, model, value)


def for_model_id(name: object) -> WayForward | None:
    """What became of a model id the catalogue does not know, if the changelog says."""
    found = [
        entry
        for entry in _entries()
        if entry["field"] == "model" and entry["kind"] in {"renamed", "removed"} and _same(name, entry["old"])
    ]
    return _way_forward(found, None, name)


def for_unknown_field(model: str, name: str, value: object) -> WayForward | None:
    """What became of a field *model* does not take, if the changelog says it did once."""
    found = [
        entry for entry in _entries() if entry["kind"] == "field" and _of_model(entry, model) and entry["old"] == name
    ]
    return _way_forward(found, model, value)
