from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.doubao_seedream_50_lite_request_model_params_tools_item_type import (
    DoubaoSeedream50LiteRequestModelParamsToolsItemType,
)

T = TypeVar("T", bound="DoubaoSeedream50LiteRequestModelParamsToolsItem")


@_attrs_define
class DoubaoSeedream50LiteRequestModelParamsToolsItem:
    type_: DoubaoSeedream50LiteRequestModelParamsToolsItemType
    """ The kind of tool. """

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = DoubaoSeedream50LiteRequestModelParamsToolsItemType(d.pop("type"))

        doubao_seedream_50_lite_request_model_params_tools_item = cls(
            type_=type_,
        )

        return doubao_seedream_50_lite_request_model_params_tools_item
