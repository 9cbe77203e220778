from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """Usage and billing information."""

    billing_rule: None | str | Unset = UNSET
    """ How the task is billed (the list may grow). """
    credits_reserved: float | None | Unset = UNSET
    """ Credits reserved when the task was accepted (refunded if it fails). """
    credits_used: float | None | Unset = UNSET
    """ Credits actually charged, once known. """
    cost: float | None | Unset = UNSET
    """ The final charge, where the task reports it so (Midjourney V8.2's guide). """
    user_group: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billing_rule: None | str | Unset
        if isinstance(self.billing_rule, Unset):
            billing_rule = UNSET
        else:
            billing_rule = self.billing_rule

        credits_reserved: float | None | Unset
        if isinstance(self.credits_reserved, Unset):
            credits_reserved = UNSET
        else:
            credits_reserved = self.credits_reserved

        credits_used: float | None | Unset
        if isinstance(self.credits_used, Unset):
            credits_used = UNSET
        else:
            credits_used = self.credits_used

        cost: float | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        else:
            cost = self.cost

        user_group: None | str | Unset
        if isinstance(self.user_group, Unset):
            user_group = UNSET
        else:
            user_group = self.user_group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if billing_rule is not UNSET:
            field_dict["billing_rule"] = billing_rule
        if credits_reserved is not UNSET:
            field_dict["credits_reserved"] = credits_reserved
        if credits_used is not UNSET:
            field_dict["credits_used"] = credits_used
        if cost is not UNSET:
            field_dict["cost"] = cost
        if user_group is not UNSET:
            field_dict["user_group"] = user_group

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_billing_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        billing_rule = _parse_billing_rule(d.pop("billing_rule", UNSET))

        def _parse_credits_reserved(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        credits_reserved = _parse_credits_reserved(d.pop("credits_reserved", UNSET))

        def _parse_credits_used(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        credits_used = _parse_credits_used(d.pop("credits_used", UNSET))

        def _parse_cost(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cost = _parse_cost(d.pop("cost", UNSET))

        def _parse_user_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_group = _parse_user_group(d.pop("user_group", UNSET))

        usage = cls(
            billing_rule=billing_rule,
            credits_reserved=credits_reserved,
            credits_used=credits_used,
            cost=cost,
            user_group=user_group,
        )

        usage.additional_properties = d
        return usage

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
