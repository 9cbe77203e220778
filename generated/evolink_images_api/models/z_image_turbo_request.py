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

T = TypeVar("T", bound="ZImageTurboRequest")


@_attrs_define
class ZImageTurboRequest:
    """Z Image Turbo (z-image-turbo): very fast text-to-image, in ratios or custom pixel sizes."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    model: Literal["z-image-turbo"] = "z-image-turbo"
    size: str | Unset = UNSET
    """ A preset ratio, or custom pixels WIDTHxHEIGHT.
    Rule z-image-sides: for pixels, width and height each in [376, 1536].
     """
    seed: int | Unset = UNSET
    """ A seed for repeatable results; random when left out. """
    nsfw_check: bool | Unset = UNSET
    """ Whether to apply stricter content moderation (basic moderation always applies). """
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

        seed = self.seed

        nsfw_check = self.nsfw_check

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
        if seed is not UNSET:
            field_dict["seed"] = seed
        if nsfw_check is not UNSET:
            field_dict["nsfw_check"] = nsfw_check
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["z-image-turbo"], d.pop("model"))
        if model != "z-image-turbo":
            raise ValueError(f"model must match const 'z-image-turbo', got '{model}'")

        prompt = d.pop("prompt")

        size = d.pop("size", UNSET)

        seed = d.pop("seed", UNSET)

        nsfw_check = d.pop("nsfw_check", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        z_image_turbo_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            seed=seed,
            nsfw_check=nsfw_check,
            callback_url=callback_url,
        )

        return z_image_turbo_request
