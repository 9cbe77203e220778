"""Follow-ups: an operation on one image of a finished task (Midjourney's upscale, variation, ...), as one call.

Which model does the operation for the parent's series, where each parameter goes (top level or ``model_params``)
and what the parent must be all come from the catalogue (``series``, ``follow_up``); nothing here names a model.
Planning is pure: the clients fetch the parent when given its id, then validate and send what this returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import ValidationError
from ._presets import ModelPreset, presets
from ._task import Task, TaskStatus

__all__ = ["NESTED", "PARENT_FIELD", "FollowUp", "follow_up_fields", "plan_follow_up"]

# Where a follow-up names its parent: model_params.task_id, filled in from the parent task.
NESTED = "model_params"
PARENT_FIELD = "task_id"


@attrs.frozen
class FollowUp:
    """A follow-up ready for validation: the operation's model, its prompt and its parameters, and the parent."""

    model: ModelPreset
    prompt: str | None
    params: dict[str, Any]
    parent_id: str
    refusal: str | None = None

    def explain(self, status: int) -> str | None:
        """Why the API refused it with *status*, when the docs say the API refuses this parent so."""
        refused = self.model.refused_after or {}
        return self.refusal if self.refusal and refused.get("status") == status else None


def follow_up_fields(model: ModelPreset) -> tuple[list[str], list[str]]:
    """The parameters a follow-up model takes flat: its top-level fields, and its ``model_params`` keys.

    The parent's id (``task_id``) is not among them: it comes from the parent.
    """
    top = [name for name in model.fields if name != NESTED]
    nested_spec = model.fields.get(NESTED)
    properties = nested_spec.schema.get("properties", {}) if nested_spec is not None else {}
    return top, [name for name in properties if name != PARENT_FIELD]


def _series_of(parent: Task) -> str:
    model = presets.by_id(parent.model) if parent.model else None
    if model is None or model.series is None or not presets.follow_ups(model.series):
        series = sorted({m.series for m in presets.values() if m.series and presets.follow_ups(m.series)})
        raise ValidationError(
            "parent",
            parent.id,
            f"is a {parent.model or 'model-less'} task; follow-ups work on tasks of {', '.join(series)}",
        )
    if parent.status != TaskStatus.COMPLETED:
        raise ValidationError(
            "parent",
            parent.id,
            f"is {parent.status}, not completed: a follow-up works on a finished task (wait for it first)",
        )
    return model.series


def _operation(series: str, operation: object) -> ModelPreset:
    offered = presets.follow_ups(series)
    if isinstance(operation, str) and operation in offered:
        return offered[operation]
    raise ValidationError(
        "operation", operation, f"is not an operation on {series} tasks; it offers: {', '.join(offered)}"
    )


def _split(model: ModelPreset, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """*params* by where the API takes them: top-level fields, and the ``model_params`` object."""
    top_names, nested_names = follow_up_fields(model)
    top: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    for name, value in params.items():
        if name == PARENT_FIELD:
            raise ValidationError(
                name, value, "comes from the parent: pass the parent task (or its id) as the first argument"
            )
        if name in top_names and name in nested_names:
            raise ValidationError(
                name, value, f"is both a top-level field and a {NESTED} key of {model.id}: pass {NESTED}={{...}}"
            )
        if name in nested_names:
            nested[name] = value
        elif name in top_names:
            top[name] = value
        elif name == NESTED and isinstance(value, Mapping):
            clash = sorted(set(value) & (set(nested) | {PARENT_FIELD}))
            if clash:
                raise ValidationError(f"{NESTED}.{clash[0]}", value[clash[0]], "is given twice (or is the parent's)")
            nested.update(value)
        else:
            takes = ", ".join([*top_names, *nested_names]) or "nothing"
            raise ValidationError(name, value, f"is not a parameter of {model.id} (it takes: {takes})", model=model.id)
    return top, nested


def _refusal(model: ModelPreset, parent: Task) -> str | None:
    """The docs' reason the API refuses *model* on *parent* (an upscale of an upscale), or None.

    Not refused here: the API judges, and answers with the documented status; this only explains that answer.
    """
    made_by = presets.by_id(parent.model)
    refused = model.refused_after or {}
    operations = refused.get("operations") or ()
    if made_by is None or made_by.follow_up not in operations:
        return None
    return (
        f"task {parent.id} is already the result of {made_by.follow_up} ({made_by.id}), and the docs say "
        f"{model.id} does not take such a task (HTTP {refused.get('status')})"
    )


def plan_follow_up(parent: Task, operation: str, params: Mapping[str, Any]) -> FollowUp:
    """The request for *operation* on *parent*: refused with a :class:`ValidationError` before anything is sent.

    Refused: a parent that is not a completed task of a series with follow-ups, an operation its series does not
    offer (the message lists those it does), and parameters the operation does not take. The values themselves are
    checked against the operation's schema afterwards, like any request (``image_number`` 0-3, for one).
    """
    if not isinstance(parent, Task):
        raise ValidationError("parent", parent, "must be a Task or a task id")
    model = _operation(_series_of(parent), operation)
    top, nested = _split(model, params)
    prompt = top.pop("prompt", None)
    params = {**top, NESTED: {PARENT_FIELD: parent.id, **nested}}
    return FollowUp(model, prompt, params, parent.id, _refusal(model, parent))
