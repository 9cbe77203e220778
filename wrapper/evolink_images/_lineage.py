"""Lineage: what a follow-up did to which task, and items ordered so that each follow-up comes after what it follows.

The contact sheet groups a batch's follow-ups with the result they work on; ``history`` indents them below it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ._follow_up import NESTED, PARENT_FIELD
from ._presets import presets

__all__ = ["FollowUpOf", "family_order", "follow_up_of"]

T = TypeVar("T")


@attrs.frozen
class FollowUpOf:
    """What a follow-up did: its operation (None for a model the catalogue lacks), on which image of which task."""

    parent_task_id: str
    operation: str | None
    image_number: int

    @property
    def label(self) -> str:
        """``upscale #2``."""
        return f"{self.operation or 'follow-up'} #{self.image_number}"


def follow_up_of(model_id: str, body: Mapping[str, Any], parent_task_id: str | None = None) -> FollowUpOf | None:
    """What a request did, when it is a follow-up; None for any other request.

    Its parent is *parent_task_id* (the journal's) or, for a model the catalogue lists as a follow-up, its body's
    ``model_params.task_id``. The image number is ``model_params.image_number``, 0 when not given.
    """
    model = presets.by_id(model_id)
    operation = model.follow_up if model is not None else None
    nested = body.get(NESTED)
    nested = nested if isinstance(nested, Mapping) else {}
    parent = parent_task_id or (nested.get(PARENT_FIELD) if operation else None)
    if not isinstance(parent, str) or not parent:
        return None
    number = nested.get("image_number", 0)
    return FollowUpOf(parent, operation, number if type(number) is int else 0)


def family_order(
    items: Sequence[T],
    id_of: Callable[[T], str | None],
    parent_of: Callable[[T], str | None],
    *,
    reverse_siblings: bool = False,
) -> list[tuple[T, int]]:
    """*items*, each with its depth, an item whose parent is among them right after it (and after earlier siblings).

    Items without a parent among them keep their order, at depth 0; siblings keep theirs (reversed when
    *reverse_siblings*). An item in a loop of parents (bad data) is shown at depth 0 rather than lost.
    """
    index: dict[str, int] = {}
    for i, item in enumerate(items):
        key = id_of(item)
        if key is not None:
            index.setdefault(key, i)
    parents = [index.get(parent) if (parent := parent_of(item)) is not None else None for item in items]
    children: list[list[int]] = [[] for _ in items]
    for i, parent_index in enumerate(parents):
        if parent_index is not None and parent_index != i:
            children[parent_index].append(i)
    ordered: list[tuple[T, int]] = []
    seen: set[int] = set()

    def visit(root: int) -> None:
        stack = [(root, 0)]  # not recursive: a chain of variations of variations may be long
        while stack:
            i, depth = stack.pop()
            if i not in seen:
                seen.add(i)
                ordered.append((items[i], depth))
                stacked = children[i] if reverse_siblings else reversed(children[i])
                stack.extend((child, depth + 1) for child in stacked)

    for i, parent_index in enumerate(parents):
        if parent_index is None or parent_index == i:
            visit(i)
    for i in range(len(items)):  # a loop of parents: no root reaches it
        visit(i)
    return ordered
