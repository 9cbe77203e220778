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

from ..models.doubao_seedream_50_flash_request_background import (
    DoubaoSeedream50FlashRequestBackground,
)
from ..models.doubao_seedream_50_flash_request_prompt_priority import (
    DoubaoSeedream50FlashRequestPromptPriority,
)
from ..models.doubao_seedream_50_flash_request_quality import (
    DoubaoSeedream50FlashRequestQuality,
)
from ..models.output_format import OutputFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="DoubaoSeedream50FlashRequest")


@_attrs_define
class DoubaoSeedream50FlashRequest:
    """Seedream 5.0 Flash (doubao-seedream-5.0-flash): Seedream 5.0 Pro's fields, faster and cheaper; text-to-image
    and editing with up to 10 references at 1K-2K (one price per image, references free), PNG output and
    transparent backgrounds kept from the input.

    """

    prompt: str
    """ What to generate, or how to edit the references (in many languages).
    Rule seedream-5-flash-prompt-tokens: at most 4000 tokens, counted by the model (beyond, a free 400).
     """
    model: Literal["doubao-seedream-5.0-flash"] = "doubao-seedream-5.0-flash"
    size: str | Unset = "auto"
    """ A ratio (or auto) used with `quality`, or pixels WIDTHxHEIGHT.
    Rule seedream-5-flash-pixel-area: for pixels, width x height in [921600, 4624220].
    Rule seedream-aspect-ratio: for pixels, width / height in [1/16, 16].
    The docs add that each side must be over 14 pixels: the two rules above imply it.
     """
    quality: DoubaoSeedream50FlashRequestQuality | Unset = (
        DoubaoSeedream50FlashRequestQuality.VALUE_0
    )
    """ The resolution tier for a ratio size (1K, 1.5K and 2K cost the same). """
    prompt_priority: DoubaoSeedream50FlashRequestPromptPriority | Unset = (
        DoubaoSeedream50FlashRequestPromptPriority.STANDARD
    )
    """ How much effort goes into reading the prompt; only standard (Flash has no fast mode). """
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing (free). At most 10.
    Rule image-size: each image at most 30 MB.
    Rule image-format: .jpeg, .jpg, .png, .webp, .bmp, .tiff, .gif, .heic or .heif.
    Rule seedream-image-limits: each image's ratio in [1/16, 16], sides over 14 px, 196 to 6000x6000 px.
     """
    output_format: OutputFormat | Unset = UNSET
    """ The file format of the image. """
    watermark: bool | Unset = UNSET
    """ Whether to mark the image with a watermark. """
    background: DoubaoSeedream50FlashRequestBackground | Unset = (
        DoubaoSeedream50FlashRequestBackground.OPAQUE
    )
    """ opaque, or transparent to keep the input image's own transparency (it does not cut anything out).
    Rule transparent-one-image: transparent needs exactly one reference image.
    Rule transparent-is-png: transparent output is PNG; output_format jpeg with it is refused.
    Rule transparent-input-alpha: that image must be a PNG with a transparent pixel (else a refunded failure).
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

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        watermark = self.watermark

        background: str | Unset = UNSET
        if not isinstance(self.background, Unset):
            background = self.background.value

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
        if prompt_priority is not UNSET:
            field_dict["prompt_priority"] = prompt_priority
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if watermark is not UNSET:
            field_dict["watermark"] = watermark
        if background is not UNSET:
            field_dict["background"] = background
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["doubao-seedream-5.0-flash"], d.pop("model"))
        if model != "doubao-seedream-5.0-flash":
            raise ValueError(
                f"model must match const 'doubao-seedream-5.0-flash', got '{model}'"
            )

        prompt = d.pop("prompt")

        size = d.pop("size", UNSET)

        _quality = d.pop("quality", UNSET)
        quality: DoubaoSeedream50FlashRequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = DoubaoSeedream50FlashRequestQuality(_quality)

        _prompt_priority = d.pop("prompt_priority", UNSET)
        prompt_priority: DoubaoSeedream50FlashRequestPromptPriority | Unset
        if isinstance(_prompt_priority, Unset):
            prompt_priority = UNSET
        else:
            prompt_priority = DoubaoSeedream50FlashRequestPromptPriority(
                _prompt_priority
            )

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        _output_format = d.pop("output_format", UNSET)
        output_format: OutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = OutputFormat(_output_format)

        watermark = d.pop("watermark", UNSET)

        _background = d.pop("background", UNSET)
        background: DoubaoSeedream50FlashRequestBackground | Unset
        if isinstance(_background, Unset):
            background = UNSET
        else:
            background = DoubaoSeedream50FlashRequestBackground(_background)

        callback_url = d.pop("callback_url", UNSET)

        doubao_seedream_50_flash_request = cls(
            model=model,
            prompt=prompt,
            size=size,
            quality=quality,
            prompt_priority=prompt_priority,
            image_urls=image_urls,
            output_format=output_format,
            watermark=watermark,
            background=background,
            callback_url=callback_url,
        )

        return doubao_seedream_50_flash_request
