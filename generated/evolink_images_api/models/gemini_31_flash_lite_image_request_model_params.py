from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.thinking_level import ThinkingLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="Gemini31FlashLiteImageRequestModelParams")


@_attrs_define
class Gemini31FlashLiteImageRequestModelParams:
    """The model's own options."""

    thinking_level: ThinkingLevel | Unset = UNSET
    """ How much the model reasons before drawing: min is fastest, high is most careful, auto lets it choose. """

    def to_dict(self) -> dict[str, Any]:
        thinking_level: str | Unset = UNSET
        if not isinstance(self.thinking_level, Unset):
            thinking_level = self.thinking_level.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if thinking_level is not UNSET:
            field_dict["thinking_level"] = thinking_level

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _thinking_level = d.pop("thinking_level", UNSET)
        thinking_level: ThinkingLevel | Unset
        if isinstance(_thinking_level, Unset):
            thinking_level = UNSET
        else:
            thinking_level = ThinkingLevel(_thinking_level)

        gemini_31_flash_lite_image_request_model_params = cls(
            thinking_level=thinking_level,
        )

        return gemini_31_flash_lite_image_request_model_params
