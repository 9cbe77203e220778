from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bounding_box import BoundingBox


T = TypeVar("T", bound="LayerResult")


@_attrs_define
class LayerResult:
    """One image of a layer decomposition (D13)."""

    z_index: int | None | Unset = UNSET
    """ Stacking order, 0 for the base image, then 1, 2, ... for the layers. """
    name: None | str | Unset = UNSET
    """ The layer's name. """
    description: None | str | Unset = UNSET
    """ What the layer shows. """
    bounding_box: BoundingBox | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.bounding_box import BoundingBox

        z_index: int | None | Unset
        if isinstance(self.z_index, Unset):
            z_index = UNSET
        else:
            z_index = self.z_index

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        bounding_box: dict[str, Any] | None | Unset
        if isinstance(self.bounding_box, Unset):
            bounding_box = UNSET
        elif isinstance(self.bounding_box, BoundingBox):
            bounding_box = self.bounding_box.to_dict()
        else:
            bounding_box = self.bounding_box

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if z_index is not UNSET:
            field_dict["z_index"] = z_index
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if bounding_box is not UNSET:
            field_dict["bounding_box"] = bounding_box

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bounding_box import BoundingBox

        d = dict(src_dict)

        def _parse_z_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        z_index = _parse_z_index(d.pop("z_index", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_bounding_box(data: object) -> BoundingBox | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                bounding_box_type_0 = BoundingBox.from_dict(data)

                return bounding_box_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BoundingBox | None | Unset, data)

        bounding_box = _parse_bounding_box(d.pop("bounding_box", UNSET))

        layer_result = cls(
            z_index=z_index,
            name=name,
            description=description,
            bounding_box=bounding_box,
        )

        layer_result.additional_properties = d
        return layer_result

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
