from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.gemini_nano_banana_21_request_model_params_thinking_level import (
    GeminiNanoBanana21RequestModelParamsThinkingLevel,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="GeminiNanoBanana21RequestModelParams")


@_attrs_define
class GeminiNanoBanana21RequestModelParams:
    """The model's own options."""

    web_search: bool | Unset = False
    """ Let the model search the web first (billed per search). """
    image_search: bool | Unset = False
    """ Let the model search the web for reference images first (billed per search). """
    thinking_level: GeminiNanoBanana21RequestModelParamsThinkingLevel | Unset = (
        GeminiNanoBanana21RequestModelParamsThinkingLevel.AUTO
    )
    """ How much the model reasons before drawing: min, medium or high, or auto to let it choose. """

    def to_dict(self) -> dict[str, Any]:
        web_search = self.web_search

        image_search = self.image_search

        thinking_level: str | Unset = UNSET
        if not isinstance(self.thinking_level, Unset):
            thinking_level = self.thinking_level.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if web_search is not UNSET:
            field_dict["web_search"] = web_search
        if image_search is not UNSET:
            field_dict["image_search"] = image_search
        if thinking_level is not UNSET:
            field_dict["thinking_level"] = thinking_level

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        web_search = d.pop("web_search", UNSET)

        image_search = d.pop("image_search", UNSET)

        _thinking_level = d.pop("thinking_level", UNSET)
        thinking_level: GeminiNanoBanana21RequestModelParamsThinkingLevel | Unset
        if isinstance(_thinking_level, Unset):
            thinking_level = UNSET
        else:
            thinking_level = GeminiNanoBanana21RequestModelParamsThinkingLevel(
                _thinking_level
            )

        gemini_nano_banana_21_request_model_params = cls(
            web_search=web_search,
            image_search=image_search,
            thinking_level=thinking_level,
        )

        return gemini_nano_banana_21_request_model_params
