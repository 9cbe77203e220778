from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_v82_variation_request_model_params_speed import (
    MjV82VariationRequestModelParamsSpeed,
)
from ..models.mj_v82_variation_request_model_params_type import (
    MjV82VariationRequestModelParamsType,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="MjV82VariationRequestModelParams")


@_attrs_define
class MjV82VariationRequestModelParams:
    """The operation's own options."""

    task_id: str
    """ The id of the finished task whose image this works on. `follow_up` fills it in from the parent task. """
    image_number: int | Unset = UNSET
    """ Which of the source task's images to work on: 0 to 3 of a grid, 0 to 23 of a draft's 24 sketches.
    Rule mj-v8-2-source-image: at most 3 for a source task made at fast speed (it has four images).
     """
    type_: MjV82VariationRequestModelParamsType | Unset = (
        MjV82VariationRequestModelParamsType.SUBTLE
    )
    """ How much the variants differ: subtle (the default) or strong. """
    speed: MjV82VariationRequestModelParamsSpeed | Unset = UNSET
    """ Taken only as fast, and ignored.
    Rule mj-variation-speed-ignored: the speed has no effect (a notice, not an error).
     """

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        image_number = self.image_number

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

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
        if type_ is not UNSET:
            field_dict["type"] = type_
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        task_id = d.pop("task_id")

        image_number = d.pop("image_number", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: MjV82VariationRequestModelParamsType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = MjV82VariationRequestModelParamsType(_type_)

        _speed = d.pop("speed", UNSET)
        speed: MjV82VariationRequestModelParamsSpeed | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjV82VariationRequestModelParamsSpeed(_speed)

        mj_v82_variation_request_model_params = cls(
            task_id=task_id,
            image_number=image_number,
            type_=type_,
            speed=speed,
        )

        return mj_v82_variation_request_model_params
