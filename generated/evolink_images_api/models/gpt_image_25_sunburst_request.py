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

from ..models.gpt_image_25_quality import GptImage25Quality
from ..models.gpt_image_background import GptImageBackground
from ..models.gpt_image_output_format import GptImageOutputFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="GptImage25SunburstRequest")


@_attrs_define
class GptImage25SunburstRequest:
    """GPT Image 2.5 Sunburst (gpt-image-2.5-sunburst): GPT Image 2.5 tuned for edit fidelity; text-to-image,
    editing and inpainting, ratios with a 1K-4K tier or exact pixel sizes, five quality tiers up to max.

    """

    prompt: str
    """ What to generate, or how to edit the input images: at most 32000 characters (code points) and 60,000 bytes.
    Rule prompt-bytes: at most 60,000 bytes in UTF-8 (D16); a prompt of 32,000 characters can be longer.
     """
    model: Literal["gpt-image-2.5-sunburst"] = "gpt-image-2.5-sunburst"
    image_urls: list[str] | Unset = UNSET
    """ Reference images for image-to-image and editing. 1 to 16 (they add input cost).
    Rule image-size: each image at most 50 MB.
    Rule image-pixels: each image at most 178,956,970 pixels, each side at most 23170.
    Rule image-format: .jpeg, .jpg, .png or .webp.
     """
    mask_url: str | Unset = UNSET
    """ An inpainting mask for the (first) reference image: its transparent pixels are redrawn.
    Rule mask-needs-image: without `image_urls` the API ignores the mask (a notice, not an error).
    Rule mask-format: a PNG with an alpha channel, exactly as large as the reference image.
    Rule image-reachable: an http or https URL whose host is public; the server downloads it directly.
     """
    size: str | Unset = UNSET
    """ auto (the model chooses), an aspect ratio used with `resolution`, or exact pixels WIDTHxHEIGHT (x or ×).
    Rule gpt-image-2-pixel-area: for pixels, width x height in [655360, 8294400] (1024x640 to 3840x2160).
    Rule gpt-image-2-sides: for pixels, each side in [16, 3840].
    Rule gpt-image-2-multiple: for pixels, both sides multiples of 16.
    Rule gpt-image-2-aspect-ratio: for pixels, width / height in [1/3, 3].
     """
    resolution: str | Unset = UNSET
    """ The resolution tier for a ratio size, 1K, 2K or 4K in any letter case (ignored otherwise). """
    quality: GptImage25Quality | Unset = UNSET
    """ How much reasoning (and cost) goes into the image: low, medium, high, xhigh or max; GPT Image 2.5's high
    matches GPT Image 2's medium, and its max GPT Image 2's high.
     """
    background: GptImageBackground | Unset = UNSET
    """ opaque (no alpha channel) or transparent (keeps one; a preview feature).
    Rule transparent-png-or-webp: transparent needs output_format png or webp (the default png is fine).
     """
    output_format: GptImageOutputFormat | Unset = UNSET
    """ The file format of the images: png (lossless), jpeg (smaller) or webp (both kinds of trade-off). """
    n: int | Unset = UNSET
    """ How many images to make, each billed on its own. The docs warn that n > 1 often returns one image: the
    task's results and usage say what was made and billed.
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

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        mask_url = self.mask_url

        size = self.size

        resolution = self.resolution

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

        background: str | Unset = UNSET
        if not isinstance(self.background, Unset):
            background = self.background.value

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

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
        if mask_url is not UNSET:
            field_dict["mask_url"] = mask_url
        if size is not UNSET:
            field_dict["size"] = size
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if quality is not UNSET:
            field_dict["quality"] = quality
        if background is not UNSET:
            field_dict["background"] = background
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if n is not UNSET:
            field_dict["n"] = n
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["gpt-image-2.5-sunburst"], d.pop("model"))
        if model != "gpt-image-2.5-sunburst":
            raise ValueError(
                f"model must match const 'gpt-image-2.5-sunburst', got '{model}'"
            )

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        mask_url = d.pop("mask_url", UNSET)

        size = d.pop("size", UNSET)

        resolution = d.pop("resolution", UNSET)

        _quality = d.pop("quality", UNSET)
        quality: GptImage25Quality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = GptImage25Quality(_quality)

        _background = d.pop("background", UNSET)
        background: GptImageBackground | Unset
        if isinstance(_background, Unset):
            background = UNSET
        else:
            background = GptImageBackground(_background)

        _output_format = d.pop("output_format", UNSET)
        output_format: GptImageOutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = GptImageOutputFormat(_output_format)

        n = d.pop("n", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        gpt_image_25_sunburst_request = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            mask_url=mask_url,
            size=size,
            resolution=resolution,
            quality=quality,
            background=background,
            output_format=output_format,
            n=n,
            callback_url=callback_url,
        )

        return gpt_image_25_sunburst_request
