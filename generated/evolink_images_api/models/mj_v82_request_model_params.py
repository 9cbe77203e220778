from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_v82_request_model_params_speed import MjV82RequestModelParamsSpeed
from ..types import UNSET, Unset

T = TypeVar("T", bound="MjV82RequestModelParams")


@_attrs_define
class MjV82RequestModelParams:
    """The operation's own options."""

    speed: MjV82RequestModelParamsSpeed | Unset = MjV82RequestModelParamsSpeed.FAST
    """ fast (the default: four images) or draft (24 small 512 px sketches in one run, at the same price).
     """

    def to_dict(self) -> dict[str, Any]:
        speed: str | Unset = UNSET
        if not isinstance(self.speed, Unset):
            speed = self.speed.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if speed is not UNSET:
            field_dict["speed"] = speed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _speed = d.pop("speed", UNSET)
        speed: MjV82RequestModelParamsSpeed | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjV82RequestModelParamsSpeed(_speed)

        mj_v82_request_model_params = cls(
            speed=speed,
        )

        return mj_v82_request_model_params
