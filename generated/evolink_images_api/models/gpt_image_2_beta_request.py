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

from ..models.gpt_image_2_beta_request_resolution import GptImage2BetaRequestResolution
from ..models.gpt_image_2_beta_request_size import GptImage2BetaRequestSize
from ..types import UNSET, Unset

T = TypeVar("T", bound="GptImage2BetaRequest")


@_attrs_define
class GptImage2BetaRequest:
    """GPT Image 2 Beta (gpt-image-2-beta): the cheaper channel of GPT Image 2, at 1K only: auto or a ratio, one
    image per request (no `n`, no `quality`), up to 16 references.

    """

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["gpt-image-2-beta"] = "gpt-image-2-beta"
    size: GptImage2BetaRequestSize | Unset = GptImage2BetaRequestSize.AUTO
    """ auto (the model chooses) or an aspect ratio; pixel sizes are not taken on this channel. """
    resolution: GptImage2BetaRequestResolution | Unset = (
        GptImage2BetaRequestResolution.VALUE_0
    )
    """ The resolution tier for a ratio size; only 1K on this channel (ignored with auto). """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing. At most 16.
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

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution.value

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
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["gpt-image-2-beta"], d.pop("model"))
        if model != "gpt-image-2-beta":
            raise ValueError(
                f"model must match const 'gpt-image-2-beta', got '{model}'"
            )

        prompt = d.pop("prompt")

        _size = d.pop("size", UNSET)
        size: GptImage2BetaRequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = GptImage2BetaRequestSize(_size)

        _resolution = d.pop("resolution", UNSET)
        resolution: GptImage2BetaRequestResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = GptImage2BetaRequestResolution(_resolution)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        callback_url = d.pop("callback_url", UNSET)

        gpt_image_2_beta_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            resolution=resolution,
            image_urls=image_urls,
            callback_url=callback_url,
        )

        return gpt_image_2_beta_request
