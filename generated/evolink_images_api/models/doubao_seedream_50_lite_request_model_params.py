from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.output_format import OutputFormat
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.doubao_seedream_50_lite_request_model_params_tools_item import (
        DoubaoSeedream50LiteRequestModelParamsToolsItem,
    )


T = TypeVar("T", bound="DoubaoSeedream50LiteRequestModelParams")


@_attrs_define
class DoubaoSeedream50LiteRequestModelParams:
    """The model's own options."""

    output_format: OutputFormat | Unset = UNSET
    """ The file format of the image. """
    tools: list[DoubaoSeedream50LiteRequestModelParamsToolsItem] | Unset = UNSET
    """ Tools the model may use: [{"type": "web_search"}] lets it search the web (at extra cost). """

    def to_dict(self) -> dict[str, Any]:
        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if tools is not UNSET:
            field_dict["tools"] = tools

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.doubao_seedream_50_lite_request_model_params_tools_item import (
            DoubaoSeedream50LiteRequestModelParamsToolsItem,
        )

        d = dict(src_dict)
        _output_format = d.pop("output_format", UNSET)
        output_format: OutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = OutputFormat(_output_format)

        _tools = d.pop("tools", UNSET)
        tools: list[DoubaoSeedream50LiteRequestModelParamsToolsItem] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = DoubaoSeedream50LiteRequestModelParamsToolsItem.from_dict(
                    tools_item_data
                )

                tools.append(tools_item)

        doubao_seedream_50_lite_request_model_params = cls(
            output_format=output_format,
            tools=tools,
        )

        return doubao_seedream_50_lite_request_model_params
