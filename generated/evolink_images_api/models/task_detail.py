from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_detail_object import TaskDetailObject
from ..models.task_status import TaskStatus
from ..models.task_type import TaskType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_error import TaskError
    from ..models.task_info import TaskInfo
    from ..models.usage import Usage


T = TypeVar("T", bound="TaskDetail")


@_attrs_define
class TaskDetail:
    """A task as `GET /v1/tasks/{task_id}` returns it, and the body of the completion callback.
    `results` is present once the task is completed, `error` once it has failed.

    """

    created: int
    """ Creation time, unix seconds. """
    id: str
    """ Task id (D7). """
    model: str
    """ The model actually used. """
    object_: TaskDetailObject
    progress: int
    status: TaskStatus
    """ pending and processing are transient; completed, failed and cancelled are final. Clients should treat an
    unknown value as transient and keep polling (the list may grow).
     """
    task_info: TaskInfo | Unset = UNSET
    """ Asynchronous task information. """
    type_: TaskType | Unset = UNSET
    """ The kind of output the task produces. """
    usage: Usage | Unset = UNSET
    """ Usage and billing information. """
    results: list[str] | Unset = UNSET
    """ Result URLs (completed tasks). They expire about 24 hours after completion. """
    error: TaskError | Unset = UNSET
    """ Why a task failed. Known codes, and whether a new task can help:
    no (fix the input): content_policy_violation, invalid_parameters, image_processing_error,
    image_dimension_mismatch, request_cancelled, resource_not_found;
    yes, later: service_error, generation_timeout, resource_exhausted, quota_exceeded, service_unavailable;
    disputed: generation_failed_no_content, unknown_error;
    seen only in EvoLink's client code: model_unavailable, upstream_error, rate_limited, channel_*.
    The list is open: clients must accept unknown codes.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        id = self.id

        model = self.model

        object_ = self.object_.value

        progress = self.progress

        status = self.status.value

        task_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.task_info, Unset):
            task_info = self.task_info.to_dict()

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        results: list[str] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = self.results

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "id": id,
                "model": model,
                "object": object_,
                "progress": progress,
                "status": status,
            }
        )
        if task_info is not UNSET:
            field_dict["task_info"] = task_info
        if type_ is not UNSET:
            field_dict["type"] = type_
        if usage is not UNSET:
            field_dict["usage"] = usage
        if results is not UNSET:
            field_dict["results"] = results
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.task_error import TaskError
        from ..models.task_info import TaskInfo
        from ..models.usage import Usage

        d = dict(src_dict)
        created = d.pop("created")

        id = d.pop("id")

        model = d.pop("model")

        object_ = TaskDetailObject(d.pop("object"))

        progress = d.pop("progress")

        status = TaskStatus(d.pop("status"))

        _task_info = d.pop("task_info", UNSET)
        task_info: TaskInfo | Unset
        if isinstance(_task_info, Unset):
            task_info = UNSET
        else:
            task_info = TaskInfo.from_dict(_task_info)

        _type_ = d.pop("type", UNSET)
        type_: TaskType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = TaskType(_type_)

        _usage = d.pop("usage", UNSET)
        usage: Usage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = Usage.from_dict(_usage)

        results = cast(list[str], d.pop("results", UNSET))

        _error = d.pop("error", UNSET)
        error: TaskError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = TaskError.from_dict(_error)

        task_detail = cls(
            created=created,
            id=id,
            model=model,
            object_=object_,
            progress=progress,
            status=status,
            task_info=task_info,
            type_=type_,
            usage=usage,
            results=results,
            error=error,
        )

        task_detail.additional_properties = d
        return task_detail

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
