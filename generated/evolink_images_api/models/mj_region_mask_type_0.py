from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.mj_mask_areas_item import MjMaskAreasItem


T = TypeVar("T", bound="MjRegionMaskType0")


@_attrs_define
class MjRegionMaskType0:
    """Polygons."""

    areas: list[MjMaskAreasItem]
    """ Polygons to repaint, each with its bounding box. """

    def to_dict(self) -> dict[str, Any]:
        areas = []
        for componentsschemas_mj_mask_areas_item_data in self.areas:
            componentsschemas_mj_mask_areas_item = (
                componentsschemas_mj_mask_areas_item_data.to_dict()
            )
            areas.append(componentsschemas_mj_mask_areas_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "areas": areas,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_mask_areas_item import MjMaskAreasItem

        d = dict(src_dict)
        areas = []
        _areas = d.pop("areas")
        for componentsschemas_mj_mask_areas_item_data in _areas:
            componentsschemas_mj_mask_areas_item = MjMaskAreasItem.from_dict(
                componentsschemas_mj_mask_areas_item_data
            )

            areas.append(componentsschemas_mj_mask_areas_item)

        mj_region_mask_type_0 = cls(
            areas=areas,
        )

        return mj_region_mask_type_0
