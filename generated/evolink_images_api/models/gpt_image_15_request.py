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

from ..models.gpt_image_15_request_n import GptImage15RequestN
from ..models.gpt_image_15_request_quality import GptImage15RequestQuality
from ..models.gpt_image_15_request_size import GptImage15RequestSize
from ..types import UNSET, Unset

T = TypeVar("T", bound="GptImage15Request")


@_attrs_define
class GptImage15Request:
    """GPT Image 1.5 (gpt-image-1.5): text-to-image, and image-to-image or editing from up to 16 references."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["gpt-image-1.5"] = "gpt-image-1.5"
    size: GptImage15RequestSize | Unset = UNSET
    """ The image's shape: a ratio (1:1, 2:3, 3:2) or its pixel equivalent. """
    quality: GptImage15RequestQuality | Unset = GptImage15RequestQuality.HIGH
    """ Rendering quality: low is fastest, high is slowest and best. """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing. 1 to 16.
    Rule image-size: each image at most 50 MB.
    Rule image-format: .jpeg, .jpg, .png or .webp.
     """
    n: GptImage15RequestN | Unset = GptImage15RequestN.VALUE_1
    """ How many images to make; only 1 for now. """
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

        size: str | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size.value

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        n: int | Unset = UNSET
        if not isinstance(self.n, Unset):
            n = self.n.value

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
        if quality is not UNSET:
            field_dict["quality"] = quality
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if n is not UNSET:
            field_dict["n"] = n
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["gpt-image-1.5"], d.pop("model"))
        if model != "gpt-image-1.5":
            raise ValueError(f"model must match const 'gpt-image-1.5', got '{model}'")

        prompt = d.pop("prompt")

        _size = d.pop("size", UNSET)
        size: GptImage15RequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = GptImage15RequestSize(_size)

        _quality = d.pop("quality", UNSET)
        quality: GptImage15RequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = GptImage15RequestQuality(_quality)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        _n = d.pop("n", UNSET)
        n: GptImage15RequestN | Unset
        if isinstance(_n, Unset):
            n = UNSET
        else:
            n = GptImage15RequestN(_n)

        callback_url = d.pop("callback_url", UNSET)

        gpt_image_15_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            quality=quality,
            image_urls=image_urls,
            n=n,
            callback_url=callback_url,
        )

        return gpt_image_15_request
