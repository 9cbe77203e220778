from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Gemini3ProImagePreviewRequestModelParams")


@_attrs_define
class Gemini3ProImagePreviewRequestModelParams:
    """The model's own options."""

    web_search: bool | Unset = UNSET
    """ Let the model use web search results. """

    def to_dict(self) -> dict[str, Any]:
        web_search = self.web_search

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if web_search is not UNSET:
            field_dict["web_search"] = web_search

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        web_search = d.pop("web_search", UNSET)

        gemini_3_pro_image_preview_request_model_params = cls(
            web_search=web_search,
        )

        return gemini_3_pro_image_preview_request_model_params
