from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MjRegionMaskType1")


@_attrs_define
class MjRegionMaskType1:
    """A black-and-white image; white is repainted, black kept."""

    url: str
    """ URL of an image the server downloads directly (or one that starts a direct download, typically ending in
    .png or .jpg).
    Rule image-reachable: an http or https URL whose host is public; the server downloads it directly.
     """

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        url = d.pop("url")

        mj_region_mask_type_1 = cls(
            url=url,
        )

        return mj_region_mask_type_1
