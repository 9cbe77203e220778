from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.layer_result import LayerResult
    from ..models.task_detail_result_data_type_1 import TaskDetailResultDataType1
    from ..models.task_error import TaskError
    from ..models.task_info import TaskInfo
    from ..models.usage import Usage


T = TypeVar("T", bound="TaskDetail")


@_attrs_define
class TaskDetail:
    """A task as `GET /v1/tasks/{task_id}` returns it, and the body of the completion callback.
    `results` is present once the task is completed, `error` once it has failed.

    """

    id: str
    """ Task id (D7). """
    status: str
    """ pending and processing are transient; completed, failed and cancelled are final. The list may grow: a
    client treats a value it does not know as transient and keeps polling.
     """
    created: int | None | Unset = UNSET
    """ Creation time, unix seconds. """
    model: None | str | Unset = UNSET
    """ The model actually used. """
    object_: None | str | Unset = UNSET
    """ The kind of task; the task endpoint serves every product's tasks (the list may grow). """
    progress: int | None | Unset = UNSET
    task_info: None | TaskInfo | Unset = UNSET
    type_: None | str | Unset = UNSET
    """ The kind of output the task produces (the list may grow). """
    usage: None | Unset | Usage = UNSET
    results: list[str] | None | Unset = UNSET
    """ Result URLs (completed tasks). They expire about 24 hours after completion. """
    error: None | TaskError | Unset = UNSET
    result_data: list[LayerResult] | None | TaskDetailResultDataType1 | Unset = UNSET
    """ More about the results, for models that say more than URLs: for a layer decomposition, one item per
    result, in the order of `results`. Other products (audio, video) put an object here.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.task_detail_result_data_type_1 import TaskDetailResultDataType1
        from ..models.task_error import TaskError
        from ..models.task_info import TaskInfo
        from ..models.usage import Usage

        id = self.id

        status = self.status

        created: int | None | Unset
        if isinstance(self.created, Unset):
            created = UNSET
        else:
            created = self.created

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        object_: None | str | Unset
        if isinstance(self.object_, Unset):
            object_ = UNSET
        else:
            object_ = self.object_

        progress: int | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        else:
            progress = self.progress

        task_info: dict[str, Any] | None | Unset
        if isinstance(self.task_info, Unset):
            task_info = UNSET
        elif isinstance(self.task_info, TaskInfo):
            task_info = self.task_info.to_dict()
        else:
            task_info = self.task_info

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        usage: dict[str, Any] | None | Unset
        if isinstance(self.usage, Unset):
            usage = UNSET
        elif isinstance(self.usage, Usage):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        results: list[str] | None | Unset
        if isinstance(self.results, Unset):
            results = UNSET
        elif isinstance(self.results, list):
            results = self.results

        else:
            results = self.results

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, TaskError):
            error = self.error.to_dict()
        else:
            error = self.error

        result_data: dict[str, Any] | list[dict[str, Any]] | None | Unset
        if isinstance(self.result_data, Unset):
            result_data = UNSET
        elif isinstance(self.result_data, list):
            result_data = []
            for result_data_type_0_item_data in self.result_data:
                result_data_type_0_item = result_data_type_0_item_data.to_dict()
                result_data.append(result_data_type_0_item)

        elif isinstance(self.result_data, TaskDetailResultDataType1):
            result_data = self.result_data.to_dict()
        else:
            result_data = self.result_data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if created is not UNSET:
            field_dict["created"] = created
        if model is not UNSET:
            field_dict["model"] = model
        if object_ is not UNSET:
            field_dict["object"] = object_
        if progress is not UNSET:
            field_dict["progress"] = progress
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
        if result_data is not UNSET:
            field_dict["result_data"] = result_data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.layer_result import LayerResult
        from ..models.task_detail_result_data_type_1 import TaskDetailResultDataType1
        from ..models.task_error import TaskError
        from ..models.task_info import TaskInfo
        from ..models.usage import Usage

        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        def _parse_created(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created = _parse_created(d.pop("created", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_object_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        object_ = _parse_object_(d.pop("object", UNSET))

        def _parse_progress(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        progress = _parse_progress(d.pop("progress", UNSET))

        def _parse_task_info(data: object) -> None | TaskInfo | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                task_info_type_0 = TaskInfo.from_dict(data)

                return task_info_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaskInfo | Unset, data)

        task_info = _parse_task_info(d.pop("task_info", UNSET))

        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        def _parse_usage(data: object) -> None | Unset | Usage:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_0 = Usage.from_dict(data)

                return usage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | Usage, data)

        usage = _parse_usage(d.pop("usage", UNSET))

        def _parse_results(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                results_type_0 = cast(list[str], data)

                return results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        results = _parse_results(d.pop("results", UNSET))

        def _parse_error(data: object) -> None | TaskError | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = TaskError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaskError | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_result_data(
            data: object,
        ) -> list[LayerResult] | None | TaskDetailResultDataType1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                result_data_type_0 = []
                _result_data_type_0 = data
                for result_data_type_0_item_data in _result_data_type_0:
                    result_data_type_0_item = LayerResult.from_dict(
                        result_data_type_0_item_data
                    )

                    result_data_type_0.append(result_data_type_0_item)

                return result_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_data_type_1 = TaskDetailResultDataType1.from_dict(data)

                return result_data_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[LayerResult] | None | TaskDetailResultDataType1 | Unset, data
            )

        result_data = _parse_result_data(d.pop("result_data", UNSET))

        task_detail = cls(
            id=id,
            status=status,
            created=created,
            model=model,
            object_=object_,
            progress=progress,
            task_info=task_info,
            type_=type_,
            usage=usage,
            results=results,
            error=error,
            result_data=result_data,
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
