from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileData")


@_attrs_define
class FileData:
    """A stored file."""

    file_id: None | str | Unset = UNSET
    """ The file's id. """
    file_name: None | str | Unset = UNSET
    """ The stored file's name. """
    original_name: None | str | Unset = UNSET
    """ The name the file was sent with. """
    file_size: int | None | Unset = UNSET
    """ Size in bytes. """
    mime_type: None | str | Unset = UNSET
    """ The file's type (the list may grow). """
    upload_path: None | str | Unset = UNSET
    """ The folder the file is stored in. """
    file_url: None | str | Unset = UNSET
    """ The file's public URL, what a model's image field takes, until `expires_at`. """
    download_url: None | str | Unset = UNSET
    """ A URL that downloads the file. """
    upload_time: datetime.datetime | None | Unset = UNSET
    """ When it was uploaded (ISO 8601). """
    expires_at: datetime.datetime | None | Unset = UNSET
    """ When it expires (ISO 8601), 72 hours after the upload. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_id: None | str | Unset
        if isinstance(self.file_id, Unset):
            file_id = UNSET
        else:
            file_id = self.file_id

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        original_name: None | str | Unset
        if isinstance(self.original_name, Unset):
            original_name = UNSET
        else:
            original_name = self.original_name

        file_size: int | None | Unset
        if isinstance(self.file_size, Unset):
            file_size = UNSET
        else:
            file_size = self.file_size

        mime_type: None | str | Unset
        if isinstance(self.mime_type, Unset):
            mime_type = UNSET
        else:
            mime_type = self.mime_type

        upload_path: None | str | Unset
        if isinstance(self.upload_path, Unset):
            upload_path = UNSET
        else:
            upload_path = self.upload_path

        file_url: None | str | Unset
        if isinstance(self.file_url, Unset):
            file_url = UNSET
        else:
            file_url = self.file_url

        download_url: None | str | Unset
        if isinstance(self.download_url, Unset):
            download_url = UNSET
        else:
            download_url = self.download_url

        upload_time: None | str | Unset
        if isinstance(self.upload_time, Unset):
            upload_time = UNSET
        elif isinstance(self.upload_time, datetime.datetime):
            upload_time = self.upload_time.isoformat()
        else:
            upload_time = self.upload_time

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if file_id is not UNSET:
            field_dict["file_id"] = file_id
        if file_name is not UNSET:
            field_dict["file_name"] = file_name
        if original_name is not UNSET:
            field_dict["original_name"] = original_name
        if file_size is not UNSET:
            field_dict["file_size"] = file_size
        if mime_type is not UNSET:
            field_dict["mime_type"] = mime_type
        if upload_path is not UNSET:
            field_dict["upload_path"] = upload_path
        if file_url is not UNSET:
            field_dict["file_url"] = file_url
        if download_url is not UNSET:
            field_dict["download_url"] = download_url
        if upload_time is not UNSET:
            field_dict["upload_time"] = upload_time
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_id = _parse_file_id(d.pop("file_id", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("file_name", UNSET))

        def _parse_original_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        original_name = _parse_original_name(d.pop("original_name", UNSET))

        def _parse_file_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        file_size = _parse_file_size(d.pop("file_size", UNSET))

        def _parse_mime_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mime_type = _parse_mime_type(d.pop("mime_type", UNSET))

        def _parse_upload_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        upload_path = _parse_upload_path(d.pop("upload_path", UNSET))

        def _parse_file_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_url = _parse_file_url(d.pop("file_url", UNSET))

        def _parse_download_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        download_url = _parse_download_url(d.pop("download_url", UNSET))

        def _parse_upload_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                upload_time_type_0 = datetime.datetime.fromisoformat(data)

                return upload_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        upload_time = _parse_upload_time(d.pop("upload_time", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        file_data = cls(
            file_id=file_id,
            file_name=file_name,
            original_name=original_name,
            file_size=file_size,
            mime_type=mime_type,
            upload_path=upload_path,
            file_url=file_url,
            download_url=download_url,
            upload_time=upload_time,
            expires_at=expires_at,
        )

        file_data.additional_properties = d
        return file_data

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
