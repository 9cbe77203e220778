from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UrlUploadRequest")


@_attrs_define
class UrlUploadRequest:
    """The body of an upload from a URL."""

    file_url: str
    """ A public http or https URL of one image, JPEG, PNG, GIF or WebP; the service downloads it.
     """
    upload_path: str | Unset = UNSET
    """ A folder for the file; without it the service files it by type. """
    file_name: str | Unset = UNSET
    """ The stored file's name; without it the service makes a unique one. """

    def to_dict(self) -> dict[str, Any]:
        file_url = self.file_url

        upload_path = self.upload_path

        file_name = self.file_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_url": file_url,
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
        file_url = d.pop("file_url")

        upload_path = d.pop("upload_path", UNSET)

        file_name = d.pop("file_name", UNSET)

        url_upload_request = cls(
            file_url=file_url,
            upload_path=upload_path,
            file_name=file_name,
        )

        return url_upload_request
