from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_image_number import MjImageNumber
from ..models.mj_speed_fast_turbo import MjSpeedFastTurbo
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_region_mask_type_0 import MjRegionMaskType0
    from ..models.mj_region_mask_type_1 import MjRegionMaskType1


T = TypeVar("T", bound="MjV7InpaintRequestModelParams")


@_attrs_define
class MjV7InpaintRequestModelParams:
    """The operation's own options."""

    task_id: str
    """ The id of the finished task whose image this works on. `follow_up` fills it in from the parent task. """
    mask: MjRegionMaskType0 | MjRegionMaskType1
    """ The region to repaint, as polygons (`areas`) or as a black-and-white image (`url`). """
    image_number: MjImageNumber | Unset = UNSET
    """ Which of the source task's images to work on, 0 to 3 (the grid's top left is 0). """
    speed: MjSpeedFastTurbo | Unset = UNSET
    """ fast (the default) or turbo (quicker, and priced higher). """

    def to_dict(self) -> dict[str, Any]:
        from ..models.mj_region_mask_type_0 import MjRegionMaskType0

        task_id = self.task_id

        mask: dict[str, Any]
        if isinstance(self.mask, MjRegionMaskType0):
            mask = self.mask.to_dict()
        else:
            mask = self.mask.to_dict()

        image_number: int | Unset = UNSET
        if not isinstance(self.image_number, Unset):
            image_number = self.image_number.value

        speed: str | Unset = UNSET
        if not isinstance(self.speed, Unset):
            speed = self.speed.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "task_id": task_id,
                "mask": mask,
            }
        )
        if image_number is not UNSET:
            field_dict["image_number"] = image_number
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_region_mask_type_0 import MjRegionMaskType0
        from ..models.mj_region_mask_type_1 import MjRegionMaskType1

        d = dict(src_dict)
        task_id = d.pop("task_id")

        def _parse_mask(data: object) -> MjRegionMaskType0 | MjRegionMaskType1:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_mj_region_mask_type_0 = MjRegionMaskType0.from_dict(
                    data
                )

                return componentsschemas_mj_region_mask_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_mj_region_mask_type_1 = MjRegionMaskType1.from_dict(data)

            return componentsschemas_mj_region_mask_type_1

        mask = _parse_mask(d.pop("mask"))

        _image_number = d.pop("image_number", UNSET)
        image_number: MjImageNumber | Unset
        if isinstance(_image_number, Unset):
            image_number = UNSET
        else:
            image_number = MjImageNumber(_image_number)

        _speed = d.pop("speed", UNSET)
        speed: MjSpeedFastTurbo | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjSpeedFastTurbo(_speed)

        mj_v7_inpaint_request_model_params = cls(
            task_id=task_id,
            mask=mask,
            image_number=image_number,
            speed=speed,
        )

        return mj_v7_inpaint_request_model_params
