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

from ..models.krea_2_turbo_request_quality import Krea2TurboRequestQuality
from ..models.krea_2_turbo_request_size import Krea2TurboRequestSize
from ..types import UNSET, Unset

T = TypeVar("T", bound="Krea2TurboRequest")


@_attrs_define
class Krea2TurboRequest:
    """Krea 2 Turbo (krea-2-turbo): fast, cinematic text-to-image; no references."""

    prompt: str
    """ What to generate (English works best).
    Rule krea-prompt-tokens: at most 640 tokens, counted by the model.
     """
    model: Literal["krea-2-turbo"] = "krea-2-turbo"
    size: Krea2TurboRequestSize | Unset = Krea2TurboRequestSize.VALUE_0
    """ Aspect ratio of the image; with `quality` it sets the pixels. """
    quality: Krea2TurboRequestQuality | Unset = Krea2TurboRequestQuality.VALUE_0
    """ The resolution tier, 1K or 2K (priced differently). """
    seed: int | Unset = UNSET
    """ A seed for similar compositions; 0 or none is random. """
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

        size: str | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size.value

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

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
        if quality is not UNSET:
            field_dict["quality"] = quality
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
        model = cast(Literal["krea-2-turbo"], d.pop("model"))
        if model != "krea-2-turbo":
            raise ValueError(f"model must match const 'krea-2-turbo', got '{model}'")

        prompt = d.pop("prompt")

        _size = d.pop("size", UNSET)
        size: Krea2TurboRequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = Krea2TurboRequestSize(_size)

        _quality = d.pop("quality", UNSET)
        quality: Krea2TurboRequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = Krea2TurboRequestQuality(_quality)

        seed = d.pop("seed", UNSET)

        nsfw_check = d.pop("nsfw_check", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        krea_2_turbo_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            quality=quality,
            seed=seed,
            nsfw_check=nsfw_check,
            callback_url=callback_url,
        )

        return krea_2_turbo_request
