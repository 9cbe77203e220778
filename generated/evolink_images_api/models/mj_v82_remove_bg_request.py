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

T = TypeVar("T", bound="MjV82RemoveBgRequest")


@_attrs_define
class MjV82RemoveBgRequest:
    """Midjourney V8.2 Remove Background (mj-v8.2-remove-bg): an uploaded image (.png, .jpg or .jpeg, not a signed
    result link) with its background made transparent; no options. Its result takes no follow-up.

    """

    image_urls: list[str]
    """ The input image, one public http(s) URL of at most 1024 characters.
    Rule image-format: .png, .jpg or .jpeg.
     """
    model: Literal["mj-v8.2-remove-bg"] = "mj-v8.2-remove-bg"
    prompt: str | Unset = UNSET
    """ Taken, and ignored: removing a background follows no prompt.
    Rule mj-remove-bg-prompt-ignored: the prompt has no effect (a notice, not an error).
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

        image_urls = self.image_urls

        prompt = self.prompt

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
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = cast(Literal["mj-v8.2-remove-bg"], d.pop("model"))
        if model != "mj-v8.2-remove-bg":
            raise ValueError(
                f"model must match const 'mj-v8.2-remove-bg', got '{model}'"
            )

        image_urls = cast(list[str], d.pop("image_urls"))

        prompt = d.pop("prompt", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        mj_v82_remove_bg_request = cls(
            model=model,
            image_urls=image_urls,
            prompt=prompt,
            callback_url=callback_url,
        )

        return mj_v82_remove_bg_request
