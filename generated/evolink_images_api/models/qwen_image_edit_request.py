from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="QwenImageEditRequest")


@_attrs_define
class QwenImageEditRequest:
    """Qwen Image Edit (qwen-image-edit): edits 1 to 3 images. Seed page 002 described it first."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    image_urls: list[str]
    """ The images to edit. 1 to 3 of them.
    Rule qwen-image-sides: each image's width and height in [384, 3072] pixels.
    Rule image-format: .jpg, .jpeg, .png, .bmp, .webp or .tiff.
     """
    model: Literal["qwen-image-edit"] = "qwen-image-edit"
    callback_url: str | Unset = UNSET
    """ HTTPS address the API calls when the task ends. It is called when the task completes, fails or is
    cancelled, after billing is settled; HTTPS only, at most 2048 characters.
    Rule callback-public-host: never an internal address: loopback, private, link-local, unique-local and
    unspecified addresses of IPv4 and IPv6 (127.0.0.1, 10.x.x.x, 172.16-31.x.x, 192.168.x.x "and so on" in the
    docs; our reading extends "and so on" to every non-public range, in any spelling, and to `localhost`).
    The call: 10 s timeout (D3); any 2xx is success; otherwise up to 3 retries after 1 s, 2 s and 4 s; the body
    is the task detail (see the `taskFinished` callback).
     """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt = self.prompt

        image_urls = self.image_urls

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
                "image_urls": image_urls,
            }
        )
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["qwen-image-edit"], d.pop("model"))
        if model != "qwen-image-edit":
            raise ValueError(f"model must match const 'qwen-image-edit', got '{model}'")

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls"))

        callback_url = d.pop("callback_url", UNSET)

        qwen_image_edit_request = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            callback_url=callback_url,
        )

        return qwen_image_edit_request
