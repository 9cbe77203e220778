from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_speed_fast import MjSpeedFast
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_canvas import MjCanvas
    from ..models.mj_canvas_mask import MjCanvasMask
    from ..models.mj_image_position import MjImagePosition


T = TypeVar("T", bound="MjV81UploadPaintRequestModelParams")


@_attrs_define
class MjV81UploadPaintRequestModelParams:
    """The operation's own options."""

    mask: MjCanvasMask
    """ The part of the placed image to repaint, as polygons (`areas`) or as an image (`url`). """
    canvas: MjCanvas
    """ The canvas size in pixels. """
    img_pos: MjImagePosition
    """ Where the image sits on the canvas, and its size there, in pixels. """
    speed: MjSpeedFast | Unset = UNSET
    """ Only fast on this route. """

    def to_dict(self) -> dict[str, Any]:
        mask = self.mask.to_dict()

        canvas = self.canvas.to_dict()

        img_pos = self.img_pos.to_dict()

        speed: str | Unset = UNSET
        if not isinstance(self.speed, Unset):
            speed = self.speed.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mask": mask,
                "canvas": canvas,
                "img_pos": img_pos,
            }
        )
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_canvas import MjCanvas
        from ..models.mj_canvas_mask import MjCanvasMask
        from ..models.mj_image_position import MjImagePosition

        d = dict(src_dict)
        mask = MjCanvasMask.from_dict(d.pop("mask"))

        canvas = MjCanvas.from_dict(d.pop("canvas"))

        img_pos = MjImagePosition.from_dict(d.pop("img_pos"))

        _speed = d.pop("speed", UNSET)
        speed: MjSpeedFast | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjSpeedFast(_speed)

        mj_v81_upload_paint_request_model_params = cls(
            mask=mask,
            canvas=canvas,
            img_pos=img_pos,
            speed=speed,
        )

        return mj_v81_upload_paint_request_model_params
