from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenCredits")


@_attrs_define
class TokenCredits:
    """The API key's own figures: what its spending limit leaves, what it has used, and whether it has a limit at
    all (an unlimited key spends from the account's balance alone).

    """

    remaining_credits: float | None | Unset = UNSET
    """ Credits the key's spending limit still allows. """
    used_credits: float | None | Unset = UNSET
    """ Credits the key has used (a running task's reservation included, D48). """
    unlimited_credits: bool | None | Unset = UNSET
    """ Whether the key has no spending limit of its own. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        remaining_credits: float | None | Unset
        if isinstance(self.remaining_credits, Unset):
            remaining_credits = UNSET
        else:
            remaining_credits = self.remaining_credits

        used_credits: float | None | Unset
        if isinstance(self.used_credits, Unset):
            used_credits = UNSET
        else:
            used_credits = self.used_credits

        unlimited_credits: bool | None | Unset
        if isinstance(self.unlimited_credits, Unset):
            unlimited_credits = UNSET
        else:
            unlimited_credits = self.unlimited_credits

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if remaining_credits is not UNSET:
            field_dict["remaining_credits"] = remaining_credits
        if used_credits is not UNSET:
            field_dict["used_credits"] = used_credits
        if unlimited_credits is not UNSET:
            field_dict["unlimited_credits"] = unlimited_credits

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_remaining_credits(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        remaining_credits = _parse_remaining_credits(d.pop("remaining_credits", UNSET))

        def _parse_used_credits(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        used_credits = _parse_used_credits(d.pop("used_credits", UNSET))

        def _parse_unlimited_credits(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        unlimited_credits = _parse_unlimited_credits(d.pop("unlimited_credits", UNSET))

        token_credits = cls(
            remaining_credits=remaining_credits,
            used_credits=used_credits,
            unlimited_credits=unlimited_credits,
        )

        token_credits.additional_properties = d
        return token_credits

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
