from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Base64UploadRequest")


@_attrs_define
class Base64UploadRequest:
    """The body of a base64 upload."""

    base64_data: str
    """ The image as base64, bare (`iVBORw0KGgo...`) or as a data URL (`data:image/png;base64,iVBORw0KGgo...`):
    one image, JPEG, PNG, GIF or WebP.
     """
    upload_path: str | Unset = UNSET
    """ A folder for the file; without it the service files it by type. """
    file_name: str | Unset = UNSET
    """ The stored file's name; without it the service makes a unique one. """

    def to_dict(self) -> dict[str, Any]:
        base64_data = self.base64_data

        upload_path = self.upload_path

        file_name = self.file_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "base64_data": base64_data,
            }
        )
        if upload_path is not UNSET:
            field_dict["upload_path"] = upload_path
        if file_name is not UNSET:
            field_dict["file_name"] = file_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        base64_data = d.pop("base64_data")

        upload_path = d.pop("upload_path", UNSET)

        file_name = d.pop("file_name", UNSET)

        base_64_upload_request = cls(
            base64_data=base64_data,
            upload_path=upload_path,
            file_name=file_name,
        )

        return base_64_upload_request
