from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MjMaskAreasItem")


@_attrs_define
class MjMaskAreasItem:
    width: int | Unset = UNSET
    """ The polygon's bounding-box width. """
    height: int | Unset = UNSET
    """ The polygon's bounding-box height. """
    points: list[int] | Unset = UNSET
    """ The polygon's corners as a flat list x1, y1, x2, y2, ... (closed automatically). """

    def to_dict(self) -> dict[str, Any]:
        width = self.width

        height = self.height

        points: list[int] | Unset = UNSET
        if not isinstance(self.points, Unset):
            points = self.points

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if points is not UNSET:
            field_dict["points"] = points

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        points = cast(list[int], d.pop("points", UNSET))

        mj_mask_areas_item = cls(
            width=width,
            height=height,
            points=points,
        )

        return mj_mask_areas_item
