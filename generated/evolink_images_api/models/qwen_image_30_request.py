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

from ..models.qwen_image_30_request_quality import QwenImage30RequestQuality
from ..types import UNSET, Unset

T = TypeVar("T", bound="QwenImage30Request")


@_attrs_define
class QwenImage30Request:
    """Qwen Image 3.0 (qwen-image-3.0): the standard edition of Qwen Image 3.0 Pro, with the same parameters at a
    lower price and quality.

    """

    prompt: str
    """ What to generate, or how to edit the references. At most 4500 characters. """
    model: Literal["qwen-image-3.0"] = "qwen-image-3.0"
    image_urls: list[str] | Unset = UNSET
    """ Reference images for editing. None (or an empty list) to generate, 1 to 3 to edit; each is billed once.
    Rule qwen-image-sides: each image's width and height in [384, 3072] pixels.
    Rule image-format: .jpg, .jpeg, .png, .bmp, .webp or .tiff; no base64 or data URLs.
     """
    n: int | Unset = 1
    """ How many images to make (credits reserved for n, billed for those made). """
    negative_prompt: str | Unset = UNSET
    """ What the image should not show.
    Rule negative-prompt-truncated: the API keeps the first 500 characters and drops the rest (a notice, not an
    error).
     """
    size: str | Unset = UNSET
    """ auto (the model chooses), an aspect ratio used with `quality`, or WIDTHxHEIGHT in pixels (x or ×).
    Rule qwen-image-3-pixel-area: for WIDTHxHEIGHT, width x height in [512x512, 2048x2048] = [262144, 4194304].
    Rule qwen-image-3-aspect-ratio: for WIDTHxHEIGHT, width / height in [1/16, 16].
    The docs add that each side must be over 14 pixels: the two rules above imply it. A side may exceed 2048.
     """
    quality: QwenImage30RequestQuality | Unset = QwenImage30RequestQuality.VALUE_0
    """ The resolution tier for a ratio size (no effect with auto or pixels). """
    prompt_extend: bool | Unset = False
    """ Let a language model rewrite the prompt (off unless asked). """
    watermark: bool | Unset = UNSET
    """ Whether to mark the image with a watermark. """
    seed: int | Unset = UNSET
    """ A seed that makes a result repeatable (roughly; generation stays probabilistic); random when left out. """
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

        n = self.n

        negative_prompt = self.negative_prompt

        size = self.size

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

        prompt_extend = self.prompt_extend

        watermark = self.watermark

        seed = self.seed

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
        if n is not UNSET:
            field_dict["n"] = n
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if size is not UNSET:
            field_dict["size"] = size
        if quality is not UNSET:
            field_dict["quality"] = quality
        if prompt_extend is not UNSET:
            field_dict["prompt_extend"] = prompt_extend
        if watermark is not UNSET:
            field_dict["watermark"] = watermark
        if seed is not UNSET:
            field_dict["seed"] = seed
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["qwen-image-3.0"], d.pop("model"))
        if model != "qwen-image-3.0":
            raise ValueError(f"model must match const 'qwen-image-3.0', got '{model}'")

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        n = d.pop("n", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        size = d.pop("size", UNSET)

        _quality = d.pop("quality", UNSET)
        quality: QwenImage30RequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = QwenImage30RequestQuality(_quality)

        prompt_extend = d.pop("prompt_extend", UNSET)

        watermark = d.pop("watermark", UNSET)

        seed = d.pop("seed", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        qwen_image_30_request = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            n=n,
            negative_prompt=negative_prompt,
            size=size,
            quality=quality,
            prompt_extend=prompt_extend,
            watermark=watermark,
            seed=seed,
            callback_url=callback_url,
        )

        return qwen_image_30_request
