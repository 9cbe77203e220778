from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MjCanvas")


@_attrs_define
class MjCanvas:
    """The canvas size in pixels."""

    width: int
    """ Canvas width in pixels. """
    height: int
    """ Canvas height in pixels. """

    def to_dict(self) -> dict[str, Any]:
        width = self.width

        height = self.height

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "width": width,
                "height": height,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        width = d.pop("width")

        height = d.pop("height")

        mj_canvas = cls(
            width=width,
            height=height,
        )

        return mj_canvas
