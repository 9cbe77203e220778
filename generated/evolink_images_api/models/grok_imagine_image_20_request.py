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

from ..models.grok_imagine_image_20_request_size import GrokImagineImage20RequestSize
from ..types import UNSET, Unset

T = TypeVar("T", bound="GrokImagineImage20Request")


@_attrs_define
class GrokImagineImage20Request:
    """Grok Imagine Image 2.0 (grok-imagine-image-2.0): text-to-image, or editing when 1 to 3 references are given
    (refer to them in the prompt as <IMAGE_0>, <IMAGE_1>, <IMAGE_2>).

    """

    prompt: str
    """ What to generate, or how to edit the references (<IMAGE_0> names the first). """
    model: Literal["grok-imagine-image-2.0"] = "grok-imagine-image-2.0"
    image_urls: list[str] | Unset = UNSET
    """ Reference images for editing. 0 to 3: without them the model generates, with them it edits (billed once per
    request).
    Rule image-format: .jpeg, .jpg, .png or .webp; no base64 or data URLs.
     """
    size: GrokImagineImage20RequestSize | Unset = GrokImagineImage20RequestSize.AUTO
    """ Aspect ratio of the image, or auto (the model chooses, usually portrait). """
    resolution: str | Unset = "1K"
    """ The pixel tier, 1K or 2K in any letter case. """
    quality: str | Unset = "medium"
    """ How deeply the model works, low or medium in any letter case. """
    n: int | Unset = 1
    """ How many images to make, each billed on its own. """
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

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        size: str | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size.value

        resolution = self.resolution

        quality = self.quality

        n = self.n

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if size is not UNSET:
            field_dict["size"] = size
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if quality is not UNSET:
            field_dict["quality"] = quality
        if n is not UNSET:
            field_dict["n"] = n
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["grok-imagine-image-2.0"], d.pop("model"))
        if model != "grok-imagine-image-2.0":
            raise ValueError(
                f"model must match const 'grok-imagine-image-2.0', got '{model}'"
            )

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        _size = d.pop("size", UNSET)
        size: GrokImagineImage20RequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = GrokImagineImage20RequestSize(_size)

        resolution = d.pop("resolution", UNSET)

        quality = d.pop("quality", UNSET)

        n = d.pop("n", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        grok_imagine_image_20_request = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            size=size,
            resolution=resolution,
            quality=quality,
            n=n,
            callback_url=callback_url,
        )

        return grok_imagine_image_20_request
