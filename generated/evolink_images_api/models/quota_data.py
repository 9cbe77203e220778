from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QuotaData")


@_attrs_define
class QuotaData:
    """The key's file quota. The page's example (35 used of 2000, 65 remaining) does not add up; `remain_files`
    is the figure to trust for what is left (D42).

    """

    user_group: None | str | Unset = UNSET
    """ The account's tier, `default` (2000 files) or another (the list may grow). """
    used_files: int | None | Unset = UNSET
    """ Files stored now. """
    max_files: int | None | Unset = UNSET
    """ Files the account may store. """
    remain_files: int | None | Unset = UNSET
    """ Uploads left. """
    is_custom: bool | None | Unset = UNSET
    """ Whether an administrator set this quota by hand. """
    quota_reason: None | str | Unset = UNSET
    """ Why, when `is_custom` is true. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_group: None | str | Unset
        if isinstance(self.user_group, Unset):
            user_group = UNSET
        else:
            user_group = self.user_group

        used_files: int | None | Unset
        if isinstance(self.used_files, Unset):
            used_files = UNSET
        else:
            used_files = self.used_files

        max_files: int | None | Unset
        if isinstance(self.max_files, Unset):
            max_files = UNSET
        else:
            max_files = self.max_files

        remain_files: int | None | Unset
        if isinstance(self.remain_files, Unset):
            remain_files = UNSET
        else:
            remain_files = self.remain_files

        is_custom: bool | None | Unset
        if isinstance(self.is_custom, Unset):
            is_custom = UNSET
        else:
            is_custom = self.is_custom

        quota_reason: None | str | Unset
        if isinstance(self.quota_reason, Unset):
            quota_reason = UNSET
        else:
            quota_reason = self.quota_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if user_group is not UNSET:
            field_dict["user_group"] = user_group
        if used_files is not UNSET:
            field_dict["used_files"] = used_files
        if max_files is not UNSET:
            field_dict["max_files"] = max_files
        if remain_files is not UNSET:
            field_dict["remain_files"] = remain_files
        if is_custom is not UNSET:
            field_dict["is_custom"] = is_custom
        if quota_reason is not UNSET:
            field_dict["quota_reason"] = quota_reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_user_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_group = _parse_user_group(d.pop("user_group", UNSET))

        def _parse_used_files(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        used_files = _parse_used_files(d.pop("used_files", UNSET))

        def _parse_max_files(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_files = _parse_max_files(d.pop("max_files", UNSET))

        def _parse_remain_files(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        remain_files = _parse_remain_files(d.pop("remain_files", UNSET))

        def _parse_is_custom(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_custom = _parse_is_custom(d.pop("is_custom", UNSET))

        def _parse_quota_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quota_reason = _parse_quota_reason(d.pop("quota_reason", UNSET))

        quota_data = cls(
            user_group=user_group,
            used_files=used_files,
            max_files=max_files,
            remain_files=remain_files,
            is_custom=is_custom,
            quota_reason=quota_reason,
        )

        quota_data.additional_properties = d
        return quota_data

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
