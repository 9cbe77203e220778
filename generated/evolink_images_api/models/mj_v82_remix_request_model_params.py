from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_speed_fast import MjSpeedFast
from ..models.mj_v82_remix_request_model_params_mode import (
    MjV82RemixRequestModelParamsMode,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="MjV82RemixRequestModelParams")


@_attrs_define
class MjV82RemixRequestModelParams:
    """The operation's own options."""

    task_id: str
    """ The id of the finished task whose image this works on. `follow_up` fills it in from the parent task. """
    image_number: int | Unset = UNSET
    """ Which of the source task's images to work on: 0 to 3 of a grid, 0 to 23 of a draft's 24 sketches.
    Rule mj-v8-2-source-image: at most 3 for a source task made at fast speed (it has four images).
     """
    mode: MjV82RemixRequestModelParamsMode | Unset = (
        MjV82RemixRequestModelParamsMode.STRONG
    )
    """ How far to move from the original: strong (the default) or subtle. """
    speed: MjSpeedFast | Unset = UNSET
    """ Only fast on this route. """

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        image_number = self.image_number

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

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
        if mode is not UNSET:
            field_dict["mode"] = mode
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        task_id = d.pop("task_id")

        image_number = d.pop("image_number", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: MjV82RemixRequestModelParamsMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = MjV82RemixRequestModelParamsMode(_mode)

        _speed = d.pop("speed", UNSET)
        speed: MjSpeedFast | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjSpeedFast(_speed)

        mj_v82_remix_request_model_params = cls(
            task_id=task_id,
            image_number=image_number,
            mode=mode,
            speed=speed,
        )

        return mj_v82_remix_request_model_params
