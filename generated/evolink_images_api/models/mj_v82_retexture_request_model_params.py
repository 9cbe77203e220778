from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.mj_speed_fast import MjSpeedFast
from ..types import UNSET, Unset

T = TypeVar("T", bound="MjV82RetextureRequestModelParams")


@_attrs_define
class MjV82RetextureRequestModelParams:
    """The operation's own options."""

    speed: MjSpeedFast | Unset = UNSET
    """ Only fast on this route. """

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
        speed: MjSpeedFast | Unset
        if isinstance(_speed, Unset):
            speed = UNSET
        else:
            speed = MjSpeedFast(_speed)

        mj_v82_retexture_request_model_params = cls(
            speed=speed,
        )

        return mj_v82_retexture_request_model_params
