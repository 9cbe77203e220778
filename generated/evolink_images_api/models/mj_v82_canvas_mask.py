from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_mask_areas_item import MjMaskAreasItem


T = TypeVar("T", bound="MjV82CanvasMask")


@_attrs_define
class MjV82CanvasMask:
    """The part of the placed image to repaint: polygons (`areas`) or a black-and-white image (`url`: white is
    repainted, black kept; transparent pixels count as white).
    Rule mask-image-pixels: a mask image has the source image's pixel dimensions.

    """

    areas: list[MjMaskAreasItem] | Unset = UNSET
    """ Polygons to repaint, each with its bounding box. """
    url: str | Unset = UNSET
    """ The mask image: an http(s) URL or a base64 data URI (data:image/png;base64,...).
    Rule mask-reachable: an http(s) URL whose host is public, or a data URI.
     """

    def to_dict(self) -> dict[str, Any]:
        areas: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.areas, Unset):
            areas = []
            for componentsschemas_mj_mask_areas_item_data in self.areas:
                componentsschemas_mj_mask_areas_item = (
                    componentsschemas_mj_mask_areas_item_data.to_dict()
                )
                areas.append(componentsschemas_mj_mask_areas_item)

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if areas is not UNSET:
            field_dict["areas"] = areas
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_mask_areas_item import MjMaskAreasItem

        d = dict(src_dict)
        _areas = d.pop("areas", UNSET)
        areas: list[MjMaskAreasItem] | Unset = UNSET
        if _areas is not UNSET:
            areas = []
            for componentsschemas_mj_mask_areas_item_data in _areas:
                componentsschemas_mj_mask_areas_item = MjMaskAreasItem.from_dict(
                    componentsschemas_mj_mask_areas_item_data
                )

                areas.append(componentsschemas_mj_mask_areas_item)

        url = d.pop("url", UNSET)

        mj_v82_canvas_mask = cls(
            areas=areas,
            url=url,
        )

        return mj_v82_canvas_mask
