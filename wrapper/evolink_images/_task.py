"""The task as users see it: a small, stable value converted from the generated models at the boundary."""

from __future__ import annotations

import enum
import logging
import math
from collections.abc import Mapping
from typing import Any

import attrs
from evolink_images_api.models import ImageGenerationTask, TaskDetail

from ._error_codes import task_error_fact
from ._presets import presets

__all__ = [
    "BoundingBox",
    "Layer",
    "Task",
    "TaskFailure",
    "TaskStatus",
    "failure_kind",
    "is_retryable",
    "task_from_json",
    "task_from_model",
]

log = logging.getLogger("evolink_images")


class TaskStatus(enum.StrEnum):
    """A task's status. Compares equal to its string (``TaskStatus.COMPLETED == "completed"``).

    A status the API adds later parses too, as a pseudo-member that is neither final nor known: waiting goes on.
    """

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @classmethod
    def _missing_(cls, value: object) -> TaskStatus | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    @property
    def is_final(self) -> bool:
        """True for completed, failed and cancelled: the task will not change any more."""
        return self in _FINAL

    @property
    def is_known(self) -> bool:
        """False for a status this version of evolink_images does not know."""
        return self._name_ in type(self).__members__


_FINAL = frozenset({TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED})


def is_retryable(code: str | None) -> bool | None:
    """Whether a new task could succeed after a failure with *code*; None when unknown or disputed.

    From the docs' task error codes (the catalogue's ``TASK_ERROR_CODES``, prefixes such as ``channel_*`` included).
    """
    return None if code is None else task_error_fact(code).retry


def failure_kind(code: str | None) -> str | None:
    """What kind of failure *code* is: ``moderation``, ``input``, ``transient``, ``disputed`` or ``unknown``.

    ``unknown`` for a code the catalogue does not list; None without a code.
    """
    return None if code is None else task_error_fact(code).kind


@attrs.frozen
class TaskFailure:
    """Why a task failed.

    Attributes:
        code: The API's error code, e.g. ``content_policy_violation`` (the list is open).
        message: The API's explanation.
        retryable: True when a new task may succeed later, False when the input must change, None when unknown.
        kind: What kind of failure the docs say its code is: ``moderation`` (the content policy refused it),
            ``input``, ``transient``, ``disputed``, or ``unknown`` for a code they do not list; None without a code.
    """

    code: str | None
    message: str
    retryable: bool | None = attrs.field(default=None)
    kind: str | None = attrs.field(default=None)

    @property
    def moderated(self) -> bool:
        """True when moderation (the content policy) ended the task."""
        return self.kind == "moderation"


@attrs.frozen(kw_only=True)
class BoundingBox:
    """Where a layer sits in the base image, as ``(x1, y1, x2, y2)``.

    Attributes:
        absolute: In pixels of the base image.
        normalized: Scaled to 0-1000 on both axes.
    """

    absolute: tuple[float, ...] | None = None
    normalized: tuple[float, ...] | None = None


@attrs.frozen(kw_only=True)
class Layer:
    """One image of a layer decomposition: the base image (``z_index`` 0) or a layer above it.

    The docs describe the items of ``result_data`` in prose only; our reading: they come in the order of
    ``results``, each with a stacking order, and layers with a name, a description and a bounding box.

    Attributes:
        z_index: Stacking order: 0 for the base image, then 1, 2, ... for the layers.
        url: The image's URL (the item's own, else the result at the same position).
        name: The layer's name, e.g. what it shows.
        description: The model's description of the layer.
        bounding_box: Where it sits in the base image.
        raw: The item as received.
    """

    z_index: int | None = None
    url: str | None = None
    name: str | None = None
    description: str | None = None
    bounding_box: BoundingBox | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class Task:
    """An image-generation task as last seen.

    Attributes:
        id: The task id.
        model: The model that ran it (may differ from the one requested).
        status: ``pending``, ``processing``, ``completed``, ``failed`` or ``cancelled`` (or a newer one).
        progress: 0 to 100.
        results: The result image URLs, once completed; they expire about 24 hours later. Empty otherwise.
        error: Why it failed, or None.
        estimated_time: The API's estimate of the seconds from creation to completion, when given.
        credits_reserved: Credits reserved for it, when given.
        credits_used: Credits charged, when given.
        created: Creation time, unix seconds.
        layers: For a layer decomposition, the base image and its layers (from ``result_data``); empty otherwise.
        raw: The JSON object the API sent, as received.
        started_at: When the task started on the client's monotonic clock, when this client submitted it
            (the adaptive polling schedule uses it).
        request: The JSON body sent to create it, when this client created it (or its journal knows it);
            :meth:`~evolink_images.EvoLink.download` saves it with the images.
    """

    id: str
    model: str
    status: TaskStatus
    progress: int = 0
    results: list[str] = attrs.field(factory=list)
    error: TaskFailure | None = None
    estimated_time: int | None = None
    credits_reserved: float | None = None
    credits_used: float | None = None
    created: int | None = None
    layers: tuple[Layer, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    started_at: float | None = attrs.field(default=None, repr=False, eq=False)
    request: Mapping[str, Any] | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def is_final(self) -> bool:
        """True once the task is completed, failed or cancelled."""
        return self.status.is_final

    @property
    def images_asked(self) -> int | None:
        """The images its request asked for (``n``, or the model's count for the request), when known.

        None when the request is not known (a task fetched by id) or its model is not in the catalogue. A completed
        task may hold fewer (``results``).
        """
        if self.request is None:
            return None
        model = self.request.get("model")
        preset = presets.by_id(model if isinstance(model, str) else self.model)
        return preset.images_requested(self.request) if preset is not None else None


def task_from_model(model: ImageGenerationTask | TaskDetail) -> Task:
    """Convert a generated model into a :class:`Task`.

    The generated parser checks the structure (required fields, enums) but not every value's type, so the values
    go through the same checks as a lenient read (and the same ValueError when not even an id can be read).
    """
    return task_from_json(model.to_dict())


def task_from_json(data: Mapping[str, Any]) -> Task:
    """Convert a task body the generated models refused (a new status, a missing field) as far as it goes.

    Raises:
        ValueError: when not even an ``id`` and a ``status`` can be read.
    """
    task_id, status = data.get("id"), data.get("status")
    if not isinstance(task_id, str) or not isinstance(status, str):
        raise ValueError("a task needs a string 'id' and 'status'")
    info = _mapping(data.get("task_info"))
    usage = _mapping(data.get("usage"))
    error = _mapping(data.get("error"))
    raw_code = error.get("code")
    code = str(raw_code) if isinstance(raw_code, str | int) and not isinstance(raw_code, bool) else None
    results = data.get("results")
    urls = [url for url in results if isinstance(url, str)] if isinstance(results, list) else []
    return Task(
        id=task_id,
        model=_text(data.get("model")),
        status=TaskStatus(status),
        progress=min(100, max(0, _int(data.get("progress")) or 0)),
        results=urls,
        error=TaskFailure(code, _text(error.get("message")), is_retryable(code), failure_kind(code)) if error else None,
        estimated_time=_int(info.get("estimated_time")),
        credits_reserved=_float(usage.get("credits_reserved")),
        credits_used=_float(usage.get("credits_used")),
        created=_int(data.get("created")),
        layers=_layers(data.get("result_data"), urls),
        raw=dict(data),
    )


def _layers(result_data: Any, urls: list[str]) -> tuple[Layer, ...]:
    """The layers of a ``result_data`` list (other shapes, such as other products' objects, give none)."""
    if not isinstance(result_data, list):
        return ()
    items = [item for item in result_data if isinstance(item, Mapping)]
    aligned = len(items) == len(urls)
    return tuple(_layer(item, urls[index] if aligned else None) for index, item in enumerate(items))


def _layer(item: Mapping[str, Any], result_url: str | None) -> Layer:
    own = next((item[key] for key in ("url", "image_url") if isinstance(item.get(key), str)), None)
    box = _mapping(item.get("bounding_box"))
    return Layer(
        z_index=_int(item.get("z_index")),
        url=own or result_url,
        name=_text(item.get("name")) or None,
        description=_text(item.get("description")) or None,
        bounding_box=BoundingBox(absolute=_box(box.get("absolute")), normalized=_box(box.get("normalized")))
        if box
        else None,
        raw=dict(item),
    )


_CORNERS = (("x1", "y1", "x2", "y2"), ("left", "top", "right", "bottom"), ("xmin", "ymin", "xmax", "ymax"))


def _box(value: Any) -> tuple[float, ...] | None:
    """``(x1, y1, x2, y2)`` from a list of four numbers or a mapping of corners; None for any other shape."""
    if isinstance(value, list) and len(value) == 4:
        numbers = [_float(number) for number in value]
        return tuple(number for number in numbers if number is not None) if None not in numbers else None
    if isinstance(value, Mapping):
        for keys in _CORNERS:
            corners = [_float(value.get(key)) for key in keys]
            if None not in corners:
                return tuple(corner for corner in corners if corner is not None)
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _number(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _int(value: Any) -> int | None:
    return int(value) if _number(value) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if _number(value) and not isinstance(value, bool) else None
