from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.thinking_level import ThinkingLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="Gemini31FlashImagePreviewRequestModelParams")


@_attrs_define
class Gemini31FlashImagePreviewRequestModelParams:
    """The model's own options."""

    web_search: bool | Unset = UNSET
    """ Let the model use web search results. """
    image_search: bool | Unset = UNSET
    """ Let the model use web image search results. """
    thinking_level: ThinkingLevel | Unset = UNSET
    """ How much the model reasons before drawing: min is fastest, high is most careful, auto lets it choose. """

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
        thinking_level: ThinkingLevel | Unset
        if isinstance(_thinking_level, Unset):
            thinking_level = UNSET
        else:
            thinking_level = ThinkingLevel(_thinking_level)

        gemini_31_flash_image_preview_request_model_params = cls(
            web_search=web_search,
            image_search=image_search,
            thinking_level=thinking_level,
        )

        return gemini_31_flash_image_preview_request_model_params
