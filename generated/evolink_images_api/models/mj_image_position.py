from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MjImagePosition")


@_attrs_define
class MjImagePosition:
    """Where the image sits on the canvas, and its size there, in pixels."""

    width: int
    """ The image's width on the canvas. """
    height: int
    """ The image's height on the canvas. """
    x: int
    """ Offset of the image's left edge from the canvas's. """
    y: int
    """ Offset of the image's top edge from the canvas's. """

    def to_dict(self) -> dict[str, Any]:
        width = self.width

        height = self.height

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "width": width,
                "height": height,
                "x": x,
                "y": y,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        width = d.pop("width")

        height = d.pop("height")

        x = d.pop("x")

        y = d.pop("y")

        mj_image_position = cls(
            width=width,
            height=height,
            x=x,
            y=y,
        )

        return mj_image_position
