from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    code: int | str
    """ Machine-readable error code, e.g. invalid_request, rate_limit_exceeded (older gateways, integers). """
    message: str
    """ Human-readable explanation. """
    type_: None | str | Unset = UNSET
    """ Error class (may be empty on gateway errors; the list may grow). """
    param: None | str | Unset = UNSET
    """ The parameter at fault, when there is one. """
    fallback_suggestion: None | str | Unset = UNSET
    """ What to do about it, in words ("retry after 60 seconds"; the credits page's errors, D47). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str
        code = self.code

        message = self.message

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        param: None | str | Unset
        if isinstance(self.param, Unset):
            param = UNSET
        else:
            param = self.param

        fallback_suggestion: None | str | Unset
        if isinstance(self.fallback_suggestion, Unset):
            fallback_suggestion = UNSET
        else:
            fallback_suggestion = self.fallback_suggestion

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
        if param is not UNSET:
            field_dict["param"] = param
        if fallback_suggestion is not UNSET:
            field_dict["fallback_suggestion"] = fallback_suggestion

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_code(data: object) -> int | str:
            return cast(int | str, data)

        code = _parse_code(d.pop("code"))

        message = d.pop("message")

        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        def _parse_param(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        param = _parse_param(d.pop("param", UNSET))

        def _parse_fallback_suggestion(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fallback_suggestion = _parse_fallback_suggestion(
            d.pop("fallback_suggestion", UNSET)
        )

        error_detail = cls(
            code=code,
            message=message,
            type_=type_,
            param=param,
            fallback_suggestion=fallback_suggestion,
        )

        error_detail.additional_properties = d
        return error_detail

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
