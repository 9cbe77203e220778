from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_image_number import MjImageNumber
from ..models.mj_speed_fast_turbo import MjSpeedFastTurbo
from ..models.mj_v7_pan_request_model_params_direction import (
    MjV7PanRequestModelParamsDirection,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="MjV7PanRequestModelParams")


@_attrs_define
class MjV7PanRequestModelParams:
    """The operation's own options."""

    task_id: str
    """ The id of the finished task whose image this works on. `follow_up` fills it in from the parent task. """
    image_number: MjImageNumber | Unset = UNSET
    """ Which of the source task's images to work on, 0 to 3 (the grid's top left is 0). """
    direction: MjV7PanRequestModelParamsDirection | Unset = (
        MjV7PanRequestModelParamsDirection.DOWN
    )
    """ Which way to extend (default down). """
    scale: float | Unset = 1.5
    """ How far to extend, 1.1 to 3.0 times (default 1.5). """
    speed: MjSpeedFastTurbo | Unset = UNSET
    """ fast (the default) or turbo (quicker, and priced higher). """

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        image_number: int | Unset = UNSET
        if not isinstance(self.image_number, Unset):
            image_number = self.image_number.value

        direction: str | Unset = UNSET
        if not isinstance(self.direction, Unset):
            direction = self.direction.value

        scale = self.scale

        speed: str | Unset = UNSET
        if not isinstance(self.speed, Unset):
            speed = self.speed.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "task_id": task_id,
            }
        )
        if image_number is not UNSET:
            field_dict["image_number"] = image_number
        if direction is not UNSET:
            field_dict["direction"] = direction
        if scale is not UNSET:
            field_dict["scale"] = scale
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        task_id = d.pop("task_id")

        _image_number = d.pop("image_number", UNSET)
        image_number: MjImageNumber | Unset
        if isinstance(_image_number, Unset):
            image_number = UNSET
        else:
            image_number = MjImageNumber(_image_number)

        _direction = d.pop("direction", UNSET)
        direction: MjV7PanRequestModelParamsDirection | Unset
        if isinstance(_direction, Unset):
            direction = UNSET
        else:
            direction = MjV7PanRequestModelParamsDirection(_direction)

        scale = d.pop("scale", UNSET)

        _speed = d.pop("speed", UNSET)
        speed: MjSpeedFastTurbo | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjSpeedFastTurbo(_speed)

        mj_v7_pan_request_model_params = cls(
            task_id=task_id,
            image_number=image_number,
            direction=direction,
            scale=scale,
            speed=speed,
        )

        return mj_v7_pan_request_model_params
