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

T = TypeVar("T", bound="Wan25TextToImageRequest")


@_attrs_define
class Wan25TextToImageRequest:
    """Wan 2.5 (wan2.5-text-to-image): text-to-image in pixel sizes, up to 4 images. Seed page 001 described it first."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["wan2.5-text-to-image"] = "wan2.5-text-to-image"
    size: str | Unset = UNSET
    """ Image size in pixels, WIDTHxHEIGHT (pixel format only), e.g. 768x768, 1280x1280, 1440x1440.
    Rule wan-total-pixels: width x height in [768x768, 1440x1440] = [589824, 2073600].
    Rule wan-aspect-ratio: width / height in [1/4, 4].
     """
    n: int | Unset = UNSET
    """ How many images to make (credits reserved for n, billed for those made). """
    prompt_extend: bool | Unset = True
    """ Let a language model rewrite the prompt (helps short or vague prompts). """
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

        size = self.size

        n = self.n

        prompt_extend = self.prompt_extend

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
        if n is not UNSET:
            field_dict["n"] = n
        if prompt_extend is not UNSET:
            field_dict["prompt_extend"] = prompt_extend
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["wan2.5-text-to-image"], d.pop("model"))
        if model != "wan2.5-text-to-image":
            raise ValueError(
                f"model must match const 'wan2.5-text-to-image', got '{model}'"
            )

        prompt = d.pop("prompt")

        size = d.pop("size", UNSET)

        n = d.pop("n", UNSET)

        prompt_extend = d.pop("prompt_extend", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        wan_25_text_to_image_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            n=n,
            prompt_extend=prompt_extend,
            callback_url=callback_url,
        )

        return wan_25_text_to_image_request
