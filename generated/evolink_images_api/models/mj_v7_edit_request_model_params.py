from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_image_number import MjImageNumber
from ..models.mj_speed_fast_turbo import MjSpeedFastTurbo
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_canvas import MjCanvas
    from ..models.mj_canvas_mask import MjCanvasMask
    from ..models.mj_image_position import MjImagePosition


T = TypeVar("T", bound="MjV7EditRequestModelParams")


@_attrs_define
class MjV7EditRequestModelParams:
    """The operation's own options."""

    task_id: str
    """ The id of the finished task whose image this works on. `follow_up` fills it in from the parent task. """
    canvas: MjCanvas
    """ The canvas size in pixels. """
    img_pos: MjImagePosition
    """ Where the image sits on the canvas, and its size there, in pixels. """
    image_number: MjImageNumber | Unset = UNSET
    """ Which of the source task's images to work on, 0 to 3 (the grid's top left is 0). """
    mask: MjCanvasMask | Unset = UNSET
    """ The part of the placed image to repaint, as polygons (`areas`) or as an image (`url`). """
    speed: MjSpeedFastTurbo | Unset = UNSET
    """ fast (the default) or turbo (quicker, and priced higher). """

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        canvas = self.canvas.to_dict()

        img_pos = self.img_pos.to_dict()

        image_number: int | Unset = UNSET
        if not isinstance(self.image_number, Unset):
            image_number = self.image_number.value

        mask: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mask, Unset):
            mask = self.mask.to_dict()

        speed: str | Unset = UNSET
        if not isinstance(self.speed, Unset):
            speed = self.speed.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "task_id": task_id,
                "canvas": canvas,
                "img_pos": img_pos,
            }
        )
        if image_number is not UNSET:
            field_dict["image_number"] = image_number
        if mask is not UNSET:
            field_dict["mask"] = mask
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_canvas import MjCanvas
        from ..models.mj_canvas_mask import MjCanvasMask
        from ..models.mj_image_position import MjImagePosition

        d = dict(src_dict)
        task_id = d.pop("task_id")

        canvas = MjCanvas.from_dict(d.pop("canvas"))

        img_pos = MjImagePosition.from_dict(d.pop("img_pos"))

        _image_number = d.pop("image_number", UNSET)
        image_number: MjImageNumber | Unset
        if isinstance(_image_number, Unset):
            image_number = UNSET
        else:
            image_number = MjImageNumber(_image_number)

        _mask = d.pop("mask", UNSET)
        mask: MjCanvasMask | Unset
        if isinstance(_mask, Unset):
            mask = UNSET
        else:
            mask = MjCanvasMask.from_dict(_mask)

        _speed = d.pop("speed", UNSET)
        speed: MjSpeedFastTurbo | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjSpeedFastTurbo(_speed)

        mj_v7_edit_request_model_params = cls(
            task_id=task_id,
            canvas=canvas,
            img_pos=img_pos,
            image_number=image_number,
            mask=mask,
            speed=speed,
        )

        return mj_v7_edit_request_model_params
