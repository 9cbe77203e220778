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

from ..models.gemini_25_flash_image_request_size import Gemini25FlashImageRequestSize
from ..types import UNSET, Unset

T = TypeVar("T", bound="Gemini25FlashImageRequest")


@_attrs_define
class Gemini25FlashImageRequest:
    """Nano Banana (gemini-2.5-flash-image): text-to-image, image-to-image and editing with up to 5 reference
    images. Source: seed page 004.

    """

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["gemini-2.5-flash-image"] = "gemini-2.5-flash-image"
    size: Gemini25FlashImageRequestSize | Unset = Gemini25FlashImageRequestSize.AUTO
    """ Aspect ratio of the generated image. """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing. At most 5 per request; a URL may also be one that
    triggers a direct download (typically ending in .png or .jpg).
    Rule image-size: each image at most 10 MB.
    Rule image-format: .jpg, .jpeg, .png or .webp.
     """
    callback_url: str | Unset = UNSET
    """ HTTPS address the API calls when the task ends. It is called when the task completes, fails or is
    cancelled, after billing is settled; at most 2048 characters.
    Rule callback-https: HTTPS only.
    Rule callback-public-host: never an internal address: loopback, private, link-local, unique-local and
    unspecified addresses of IPv4 and IPv6 (127.0.0.1, 10.x.x.x, 172.16-31.x.x, 192.168.x.x "and so on" in the
    seeds; our reading extends "and so on" to every non-public range, in any spelling, and to `localhost`).
    The call: 10 s timeout (D3); any 2xx is success; otherwise up to 3 retries after 1 s, 2 s and 4 s; the body
    is the task detail (see the `taskFinished` callback).
     """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt = self.prompt

        size: str | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size.value

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if size is not UNSET:
            field_dict["size"] = size
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["gemini-2.5-flash-image"], d.pop("model"))
        if model != "gemini-2.5-flash-image":
            raise ValueError(
                f"model must match const 'gemini-2.5-flash-image', got '{model}'"
            )

        prompt = d.pop("prompt")

        _size = d.pop("size", UNSET)
        size: Gemini25FlashImageRequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = Gemini25FlashImageRequestSize(_size)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        callback_url = d.pop("callback_url", UNSET)

        gemini_25_flash_image_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            image_urls=image_urls,
            callback_url=callback_url,
        )

        return gemini_25_flash_image_request
