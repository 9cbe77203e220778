from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_mask_areas_item import MjMaskAreasItem


T = TypeVar("T", bound="MjCanvasMask")


@_attrs_define
class MjCanvasMask:
    """The part of the placed image to repaint, as polygons (`areas`) or as an image (`url`)."""

    areas: list[MjMaskAreasItem] | Unset = UNSET
    """ Polygons to repaint, each with its bounding box. """
    url: str | Unset = UNSET
    """ URL of an image the server downloads directly (or one that starts a direct download, typically ending in
    .png or .jpg).
    Rule image-reachable: an http or https URL whose host is public; the server downloads it directly.
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

        mj_canvas_mask = cls(
            areas=areas,
            url=url,
        )

        return mj_canvas_mask
