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

T = TypeVar("T", bound="QwenImageEditPlusRequest")


@_attrs_define
class QwenImageEditPlusRequest:
    """Qwen Image Edit Plus (qwen-image-edit-plus): edits 1 to 3 images, up to 6 results."""

    prompt: str
    """ What to generate, or how to edit the input images. At most 2000 characters. """
    image_urls: list[str]
    """ The images to edit. 1 to 3 of them.
    Rule qwen-image-sides: each image's width and height in [384, 3072] pixels.
    Rule image-format: .jpg, .jpeg, .png, .bmp, .webp or .tiff.
     """
    model: Literal["qwen-image-edit-plus"] = "qwen-image-edit-plus"
    n: int | Unset = 1
    """ How many images to make (credits reserved for n, billed for those made). """
    negative_prompt: str | Unset = UNSET
    """ What the image should not show.
    Rule negative-prompt-truncated: the API keeps the first 500 characters and drops the rest (a notice, not an
    error).
     """
    size: str | Unset = UNSET
    """ Pixels WIDTHxHEIGHT; left out, the result keeps the input's shape at about 1024x1024.
    Rule qwen-edit-plus-sides: width and height each in [512, 2048].
    Rule qwen-edit-plus-size-single-image: only when n is 1 (or left out); otherwise the API refuses it.
     """
    prompt_extend: bool | Unset = True
    """ Let a language model rewrite the prompt (helps short or vague prompts). """
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

        image_urls = self.image_urls

        n = self.n

        negative_prompt = self.negative_prompt

        size = self.size

        prompt_extend = self.prompt_extend

        watermark = self.watermark

        seed = self.seed

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
                "image_urls": image_urls,
            }
        )
        if n is not UNSET:
            field_dict["n"] = n
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if size is not UNSET:
            field_dict["size"] = size
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
        model = cast(Literal["qwen-image-edit-plus"], d.pop("model"))
        if model != "qwen-image-edit-plus":
            raise ValueError(
                f"model must match const 'qwen-image-edit-plus', got '{model}'"
            )

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls"))

        n = d.pop("n", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        size = d.pop("size", UNSET)

        prompt_extend = d.pop("prompt_extend", UNSET)

        watermark = d.pop("watermark", UNSET)

        seed = d.pop("seed", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        qwen_image_edit_plus_request = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            n=n,
            negative_prompt=negative_prompt,
            size=size,
            prompt_extend=prompt_extend,
            watermark=watermark,
            seed=seed,
            callback_url=callback_url,
        )

        return qwen_image_edit_plus_request
