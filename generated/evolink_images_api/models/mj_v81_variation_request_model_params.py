from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_image_number import MjImageNumber
from ..models.mj_v81_variation_request_model_params_type import (
    MjV81VariationRequestModelParamsType,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="MjV81VariationRequestModelParams")


@_attrs_define
class MjV81VariationRequestModelParams:
    """The operation's own options."""

    task_id: str
    """ The id of the finished task whose image this works on. `follow_up` fills it in from the parent task. """
    image_number: MjImageNumber | Unset = UNSET
    """ Which of the source task's images to work on, 0 to 3 (the grid's top left is 0). """
    type_: MjV81VariationRequestModelParamsType | Unset = (
        MjV81VariationRequestModelParamsType.SUBTLE
    )
    """ How much the variants differ: subtle (the default) or strong. """

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        image_number: int | Unset = UNSET
        if not isinstance(self.image_number, Unset):
            image_number = self.image_number.value

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

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

        _type_ = d.pop("type", UNSET)
        type_: MjV81VariationRequestModelParamsType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = MjV81VariationRequestModelParamsType(_type_)

        mj_v81_variation_request_model_params = cls(
            task_id=task_id,
            image_number=image_number,
            type_=type_,
        )

        return mj_v81_variation_request_model_params
