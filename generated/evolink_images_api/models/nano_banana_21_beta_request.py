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

from ..models.nano_banana_21_beta_request_quality import NanoBanana21BetaRequestQuality
from ..models.nano_banana_aspect_ratio import NanoBananaAspectRatio
from ..types import UNSET, Unset

T = TypeVar("T", bound="NanoBanana21BetaRequest")


@_attrs_define
class NanoBanana21BetaRequest:
    """Nano Banana 2.1 Beta (nano-banana-2.1-beta): text-to-image and editing with up to 14 references, 1K-4K."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["nano-banana-2.1-beta"] = "nano-banana-2.1-beta"
    size: NanoBananaAspectRatio | Unset = UNSET
    """ Aspect ratio of the image. """
    quality: NanoBanana21BetaRequestQuality | Unset = (
        NanoBanana21BetaRequestQuality.VALUE_1
    )
    """ The resolution tier (priced differently). """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing. At most 14.
    Rule image-size: each image at most 10 MB.
    Rule image-format: .jpeg, .jpg, .png or .webp.
     """
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
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["nano-banana-2.1-beta"], d.pop("model"))
        if model != "nano-banana-2.1-beta":
            raise ValueError(
                f"model must match const 'nano-banana-2.1-beta', got '{model}'"
            )

        prompt = d.pop("prompt")

        _size = d.pop("size", UNSET)
        size: NanoBananaAspectRatio | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = NanoBananaAspectRatio(_size)

        _quality = d.pop("quality", UNSET)
        quality: NanoBanana21BetaRequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = NanoBanana21BetaRequestQuality(_quality)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        callback_url = d.pop("callback_url", UNSET)

        nano_banana_21_beta_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            quality=quality,
            image_urls=image_urls,
            callback_url=callback_url,
        )

        return nano_banana_21_beta_request
