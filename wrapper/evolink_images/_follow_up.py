"""Follow-ups: an operation on one image of a finished task (Midjourney's upscale, variation, ...), as one call.

Which model does the operation for the parent's series, where each parameter goes (top level or ``model_params``)
and what the parent must be all come from the catalogue (``series``, ``follow_up``, ``refused_after``,
``result_follow_ups`` and the parent rules on ``model_params.task_id``); nothing here names a model. Planning is pure:
the clients fetch the parent when given its id, then validate and send what this returns.

What the parent in hand shows is checked before anything is sent (D27 of the spec): its number of images bounds
``image_number``, and a lineage rule the docs state without the API's answer (a retexture's results take only an
upscale; an outpaint not of a draft) is refused. A lineage rule whose answer the docs give (an upscale of an upscale:
403) is the API's: the request is sent, and :meth:`FollowUp.explain` gives the docs' reason for that answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import ValidationError
from ._presets import ModelPreset, presets, rules_of
from ._rules import PARENT_CHECKS
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
    refusal_status: int | None = None

    def explain(self, status: int) -> str | None:
        """Why the API refused it with *status*, when the docs say the API refuses this parent so."""
        return self.refusal if self.refusal and self.refusal_status == status else None


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


def _refusal(model: ModelPreset, parent: Task) -> tuple[str, int | None] | None:
    """The docs' reason *model* does not take *parent*, with the status the API answers (None: not documented).

    Two statements: the operation's ``refused_after`` (an upscale takes no upscale) and the parent's model's
    ``result_follow_ups`` (a retexture's results take only an upscale).
    """
    made_by = presets.by_id(parent.model)
    if made_by is None:
        return None
    refused = model.refused_after or {}
    if made_by.follow_up is not None and made_by.follow_up in (refused.get("operations") or ()):
        reason = f"task {parent.id} is already the result of {made_by.follow_up} ({made_by.id}), and the docs say "
        return reason + f"{model.id} does not take such a task (Rule {refused.get('rule')})", refused.get("status")
    allowed = made_by.result_follow_ups
    if allowed is not None and model.follow_up not in (allowed.get("only") or ()):
        only = ", ".join(allowed.get("only") or ()) or "none"
        reason = f"task {parent.id} is a result of {made_by.id}, whose results take only these follow-ups: {only}"
        return f"{reason} (Rule {allowed.get('rule')})", allowed.get("status")
    return None


def _check_image_number(parent: Task, nested: Mapping[str, Any]) -> None:
    """An ``image_number`` the parent cannot have: refused when the parent's results are known."""
    number = nested.get("image_number")
    count = _images_made(parent)
    if count and isinstance(number, int) and not isinstance(number, bool) and number >= count:
        raise ValidationError(
            f"{NESTED}.image_number",
            number,
            f"is beyond task {parent.id}'s {count} image(s): it takes 0 to {count - 1}",
        )


def _images_made(parent: Task) -> int:
    """How many images *parent* made, as far as can be told (0: unknown).

    Moderation may withhold some of them from ``results`` (D20), and the docs do not say whether image numbers then
    skip them; so the count is never less than the docs' for the parent's request: what its request made, when it is
    known, else the smallest count its model is documented to make that covers the results it returned.
    """
    returned = len(parent.results)
    made_by = presets.by_id(parent.model)
    if not returned or made_by is None:
        return returned
    if parent.request is not None:
        return max(returned, made_by.images_for(parent.request))
    documented = sorted({made_by.images_per_task or 1, *(when.images for when in made_by.images_when)})
    return next((count for count in documented if count >= returned), returned)


def _check_parent_rules(model: ModelPreset, parent: Task) -> None:
    """The rules on the parent's own request (``parent-requires``: an enhance takes a draft), when it is known.

    The parent's value of the rule's field is its request's, else the default its model's schema gives it.
    """
    made_by = presets.by_id(parent.model)
    if parent.request is None or made_by is None:
        return
    nested = model.fields.get(NESTED)
    task_id = (nested.schema.get("properties") or {}).get(PARENT_FIELD, {}) if nested is not None else {}
    for rule in (rule for rule in rules_of(task_id) if rule.check in PARENT_CHECKS):
        field = rule.params.get("parent_field")
        if not isinstance(field, str):
            continue
        problem = PARENT_CHECKS[rule.check](made_by.value_in(parent.request, field), rule.params)
        if problem:
            raise ValidationError("parent", parent.id, f"{model.id} {problem} (Rule {rule.name})")


def plan_follow_up(parent: Task, operation: str, params: Mapping[str, Any]) -> FollowUp:
    """The request for *operation* on *parent*: refused with a :class:`ValidationError` before anything is sent.

    Refused: a parent that is not a completed task of a series with follow-ups, an operation its series does not
    offer (the message lists those it does), parameters the operation does not take, an ``image_number`` beyond the
    parent's results (when it has them), and a parent the docs say the operation does not take where they give no
    answer of the API's. The values themselves are checked against the operation's schema afterwards, like any
    request (``image_number`` 0-3 on V7, for one).
    """
    if not isinstance(parent, Task):
        raise ValidationError("parent", parent, "must be a Task or a task id")
    model = _operation(_series_of(parent), operation)
    top, nested = _split(model, params)
    _check_image_number(parent, nested)
    _check_parent_rules(model, parent)
    refusal = _refusal(model, parent)
    if refusal is not None and refusal[1] is None:  # the docs give no answer of the API's: refused here (D27)
        raise ValidationError("parent", parent.id, refusal[0])
    prompt = top.pop("prompt", None)
    params = {**top, NESTED: {PARENT_FIELD: parent.id, **nested}}
    reason, status = refusal or (None, None)
    return FollowUp(model, prompt, params, parent.id, reason, status)
