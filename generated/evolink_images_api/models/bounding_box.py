from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BoundingBox")


@_attrs_define
class BoundingBox:
    """Where a layer sits: `absolute` in pixels of the base image, `normalized` on a 0-1000 scale. The docs do not
    show the shape of either; our reading takes four numbers (x1, y1, x2, y2), as a list or by corner names.

    """

    absolute: Any | Unset = UNSET
    normalized: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        absolute = self.absolute

        normalized = self.normalized

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if absolute is not UNSET:
            field_dict["absolute"] = absolute
        if normalized is not UNSET:
            field_dict["normalized"] = normalized

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        absolute = d.pop("absolute", UNSET)

        normalized = d.pop("normalized", UNSET)

        bounding_box = cls(
            absolute=absolute,
            normalized=normalized,
        )

        bounding_box.additional_properties = d
        return bounding_box

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
