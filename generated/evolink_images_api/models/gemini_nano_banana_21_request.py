from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.gemini_nano_banana_21_request_quality import (
    GeminiNanoBanana21RequestQuality,
)
from ..models.gemini_nano_banana_21_request_size import GeminiNanoBanana21RequestSize
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gemini_nano_banana_21_request_model_params import (
        GeminiNanoBanana21RequestModelParams,
    )


T = TypeVar("T", bound="GeminiNanoBanana21Request")


@_attrs_define
class GeminiNanoBanana21Request:
    """Nano Banana 2.1 (gemini-nano-banana-2.1), the official channel: text-to-image, editing and multi-image
    composition with up to 14 references, 1K-4K, web and image search, four thinking levels.

    """

    prompt: str
    """ What to generate, or how to edit the input images.
    Rule nano-banana-prompt-tokens: at most 4000 tokens, counted by the model (D19).
     """
    model: Literal["gemini-nano-banana-2.1"] = "gemini-nano-banana-2.1"
    size: GeminiNanoBanana21RequestSize | Unset = GeminiNanoBanana21RequestSize.AUTO
    """ Aspect ratio of the image. """
    quality: GeminiNanoBanana21RequestQuality | Unset = (
        GeminiNanoBanana21RequestQuality.VALUE_1
    )
    """ The resolution tier (priced differently). """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image, editing and composition, billed per image. At most 14.
    Rule image-size: each image at most 20 MB.
    Rule image-format: .jpeg, .jpg, .png or .webp.
     """
    model_params: GeminiNanoBanana21RequestModelParams | Unset = UNSET
    """ The model's own options. """
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

        model_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model_params, Unset):
            model_params = self.model_params.to_dict()

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
        if model_params is not UNSET:
            field_dict["model_params"] = model_params
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gemini_nano_banana_21_request_model_params import (
            GeminiNanoBanana21RequestModelParams,
        )

        d = dict(src_dict)
        model = cast(Literal["gemini-nano-banana-2.1"], d.pop("model"))
        if model != "gemini-nano-banana-2.1":
            raise ValueError(
                f"model must match const 'gemini-nano-banana-2.1', got '{model}'"
            )

        prompt = d.pop("prompt")

        _size = d.pop("size", UNSET)
        size: GeminiNanoBanana21RequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = GeminiNanoBanana21RequestSize(_size)

        _quality = d.pop("quality", UNSET)
        quality: GeminiNanoBanana21RequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = GeminiNanoBanana21RequestQuality(_quality)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        _model_params = d.pop("model_params", UNSET)
        model_params: GeminiNanoBanana21RequestModelParams | Unset
        if isinstance(_model_params, Unset):
            model_params = UNSET
        else:
            model_params = GeminiNanoBanana21RequestModelParams.from_dict(_model_params)

        callback_url = d.pop("callback_url", UNSET)

        gemini_nano_banana_21_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            quality=quality,
            image_urls=image_urls,
            model_params=model_params,
            callback_url=callback_url,
        )

        return gemini_nano_banana_21_request
