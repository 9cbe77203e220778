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

from ..models.doubao_seedream_40_request_quality import DoubaoSeedream40RequestQuality
from ..models.prompt_priority import PromptPriority
from ..types import UNSET, Unset

T = TypeVar("T", bound="DoubaoSeedream40Request")


@_attrs_define
class DoubaoSeedream40Request:
    """Seedream 4.0 (doubao-seedream-4.0): text-to-image, image-to-image and multi-image sets, 1K-4K."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["doubao-seedream-4.0"] = "doubao-seedream-4.0"
    n: int | Unset = UNSET
    """ The most images to make, 1 to 15; to get several, also ask for them in the prompt. Credits are reserved
    for n; the bill counts the images made.
    Rule seedream-image-budget: references + images made <= 15; beyond it the API makes 15 - references
    images (a notice, not an error).
     """
    size: str | Unset = "auto"
    """ A ratio (or auto) used with `quality`, or pixels WIDTHxHEIGHT.
    Rule seedream-4-pixel-area: for pixels, width x height in [921600, 16777216] (1280x720 to 4096x4096).
    Rule seedream-aspect-ratio: for pixels, width / height in [1/16, 16].
     """
    quality: DoubaoSeedream40RequestQuality | Unset = (
        DoubaoSeedream40RequestQuality.VALUE_1
    )
    """ The resolution tier for a ratio size. """
    prompt_priority: PromptPriority | Unset = UNSET
    """ How much effort goes into reading the prompt. standard: better results, slower; fast: quicker. """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing. At most 14 (see Rule seedream-image-budget on `n`).
    Rule image-size: each image at most 10 MB.
    Rule image-format: .jpeg, .jpg, .png, .webp, .bmp, .tiff or .gif.
    Rule seedream-image-limits: each image's ratio in [1/16, 16], sides over 14 px, at most 6000x6000 px.
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

        n = self.n

        size = self.size

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

        prompt_priority: str | Unset = UNSET
        if not isinstance(self.prompt_priority, Unset):
            prompt_priority = self.prompt_priority.value

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
        if n is not UNSET:
            field_dict["n"] = n
        if size is not UNSET:
            field_dict["size"] = size
        if quality is not UNSET:
            field_dict["quality"] = quality
        if prompt_priority is not UNSET:
            field_dict["prompt_priority"] = prompt_priority
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["doubao-seedream-4.0"], d.pop("model"))
        if model != "doubao-seedream-4.0":
            raise ValueError(
                f"model must match const 'doubao-seedream-4.0', got '{model}'"
            )

        prompt = d.pop("prompt")

        n = d.pop("n", UNSET)

        size = d.pop("size", UNSET)

        _quality = d.pop("quality", UNSET)
        quality: DoubaoSeedream40RequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = DoubaoSeedream40RequestQuality(_quality)

        _prompt_priority = d.pop("prompt_priority", UNSET)
        prompt_priority: PromptPriority | Unset
        if isinstance(_prompt_priority, Unset):
            prompt_priority = UNSET
        else:
            prompt_priority = PromptPriority(_prompt_priority)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        callback_url = d.pop("callback_url", UNSET)

        doubao_seedream_40_request = cls(
            model=model,
            prompt=prompt,
            n=n,
            size=size,
            quality=quality,
            prompt_priority=prompt_priority,
            image_urls=image_urls,
            callback_url=callback_url,
        )

        return doubao_seedream_40_request
