from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="StreamUploadRequest")


@_attrs_define
class StreamUploadRequest:
    """The multipart body of a stream upload."""

    file: File
    """ The image's bytes: one image, JPEG, PNG, GIF or WebP (the service recognises the type by the content).
     """
    upload_path: str | Unset = UNSET
    """ A folder for the file; without it the service files it by type. """
    file_name: str | Unset = UNSET
    """ The stored file's name; without it the service makes a unique one. """

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        upload_path = self.upload_path

        file_name = self.file_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
            }
        )
        if upload_path is not UNSET:
            field_dict["upload_path"] = upload_path
        if file_name is not UNSET:
            field_dict["file_name"] = file_name

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.upload_path, Unset):
            files.append(
                ("upload_path", (None, str(self.upload_path).encode(), "text/plain"))
            )

        if not isinstance(self.file_name, Unset):
            files.append(
                ("file_name", (None, str(self.file_name).encode(), "text/plain"))
            )

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        upload_path = d.pop("upload_path", UNSET)

        file_name = d.pop("file_name", UNSET)

        stream_upload_request = cls(
            file=file,
            upload_path=upload_path,
            file_name=file_name,
        )

        return stream_upload_request
