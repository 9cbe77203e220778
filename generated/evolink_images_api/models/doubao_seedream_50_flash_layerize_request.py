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

from ..models.doubao_seedream_50_flash_layerize_request_output_format import (
    DoubaoSeedream50FlashLayerizeRequestOutputFormat,
)
from ..models.doubao_seedream_50_flash_layerize_request_prompt_priority import (
    DoubaoSeedream50FlashLayerizeRequestPromptPriority,
)
from ..models.doubao_seedream_50_flash_layerize_request_quality import (
    DoubaoSeedream50FlashLayerizeRequestQuality,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="DoubaoSeedream50FlashLayerizeRequest")


@_attrs_define
class DoubaoSeedream50FlashLayerizeRequest:
    """Seedream 5.0 Flash Layer Decomposition (doubao-seedream-5.0-flash-layerize): splits one image into a base
    image and its layers (1 to 17 images in all, each layer a transparent PNG), faster and cheaper than 5.0 Pro's;
    the prompt, optional, says what to split out. Results come with `result_data` (see TaskDetail).

    """

    image_urls: list[str]
    """ The image to split. Exactly one.
    Rule layerize-image-format: .png, .jpeg or .jpg only.
    Rule image-size: at most 30 MB.
    Rule layerize-image-limits: 512x512 (262144) to 6000x6000 pixels, ratio in [1/16, 16].
     """
    model: Literal["doubao-seedream-5.0-flash-layerize"] = (
        "doubao-seedream-5.0-flash-layerize"
    )
    prompt: str | Unset = UNSET
    """ Optional: what to split out, in words or with <bbox>x1 y1 x2 y2</bbox> tags (0-1000); left out, every
    major element is split.
     """
    quality: DoubaoSeedream50FlashLayerizeRequestQuality | Unset = (
        DoubaoSeedream50FlashLayerizeRequestQuality.AUTO
    )
    """ The resolution tier; auto follows the input (tiers only, no ratios or pixels; all cost the same). """
    prompt_priority: DoubaoSeedream50FlashLayerizeRequestPromptPriority | Unset = (
        DoubaoSeedream50FlashLayerizeRequestPromptPriority.STANDARD
    )
    """ How much effort goes into reading the prompt; only standard (Flash has no fast mode). """
    output_format: DoubaoSeedream50FlashLayerizeRequestOutputFormat | Unset = (
        DoubaoSeedream50FlashLayerizeRequestOutputFormat.JPEG
    )
    """ The base image's format; the layers are always PNG. """
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

        image_urls = self.image_urls

        prompt = self.prompt

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

        prompt_priority: str | Unset = UNSET
        if not isinstance(self.prompt_priority, Unset):
            prompt_priority = self.prompt_priority.value

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "image_urls": image_urls,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if quality is not UNSET:
            field_dict["quality"] = quality
        if prompt_priority is not UNSET:
            field_dict["prompt_priority"] = prompt_priority
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["doubao-seedream-5.0-flash-layerize"], d.pop("model"))
        if model != "doubao-seedream-5.0-flash-layerize":
            raise ValueError(
                f"model must match const 'doubao-seedream-5.0-flash-layerize', got '{model}'"
            )

        image_urls = cast(list[str], d.pop("image_urls"))

        prompt = d.pop("prompt", UNSET)

        _quality = d.pop("quality", UNSET)
        quality: DoubaoSeedream50FlashLayerizeRequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = DoubaoSeedream50FlashLayerizeRequestQuality(_quality)

        _prompt_priority = d.pop("prompt_priority", UNSET)
        prompt_priority: DoubaoSeedream50FlashLayerizeRequestPromptPriority | Unset
        if isinstance(_prompt_priority, Unset):
            prompt_priority = UNSET
        else:
            prompt_priority = DoubaoSeedream50FlashLayerizeRequestPromptPriority(
                _prompt_priority
            )

        _output_format = d.pop("output_format", UNSET)
        output_format: DoubaoSeedream50FlashLayerizeRequestOutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = DoubaoSeedream50FlashLayerizeRequestOutputFormat(
                _output_format
            )

        callback_url = d.pop("callback_url", UNSET)

        doubao_seedream_50_flash_layerize_request = cls(
            model=model,
            image_urls=image_urls,
            prompt=prompt,
            quality=quality,
            prompt_priority=prompt_priority,
            output_format=output_format,
            callback_url=callback_url,
        )

        return doubao_seedream_50_flash_layerize_request
