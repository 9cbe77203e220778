from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskError")


@_attrs_define
class TaskError:
    """Why a task failed. Known codes, and whether a new task can help:
    no (fix the input): content_policy_violation, invalid_parameters, image_processing_error,
    image_dimension_mismatch, request_cancelled, resource_not_found;
    yes, later: service_error, generation_timeout, resource_exhausted, quota_exceeded, service_unavailable;
    disputed: generation_failed_no_content, unknown_error;
    seen only in EvoLink's client code: model_unavailable, upstream_error, rate_limited, channel_*.
    The list is open: clients must accept unknown codes. `x-evolink-task-error-codes` states each code's facts
    (D50): `retry` (whether a new task can help: yes, no, disputed) and `kind` (moderation, input, transient,
    disputed), with the passage of the error codes page, or the record of a code no page names; `channel_*`
    stands for every code with that prefix.

    """

    code: str
    message: str
    type_: None | str | Unset = UNSET
    """ The kind of error (the list may grow). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        task_error = cls(
            code=code,
            message=message,
            type_=type_,
        )

        task_error.additional_properties = d
        return task_error

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
