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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_v82_remix_request_model_params import MjV82RemixRequestModelParams


T = TypeVar("T", bound="MjV82RemixRequest")


@_attrs_define
class MjV82RemixRequest:
    """Midjourney V8.2 Remix (mj-v8.2-remix): redraws one image of a finished V8.2 task (any of a draft's 24 sketches)
    from a new prompt, keeping its structure.

    """

    prompt: str
    """ The new prompt, Midjourney parameters allowed. At most 8100 characters.
     """
    model_params: MjV82RemixRequestModelParams
    """ The operation's own options. """
    model: Literal["mj-v8.2-remix"] = "mj-v8.2-remix"
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

        model_params = self.model_params.to_dict()

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
                "model_params": model_params,
            }
        )
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_v82_remix_request_model_params import (
            MjV82RemixRequestModelParams,
        )

        d = dict(src_dict)
        model = cast(Literal["mj-v8.2-remix"], d.pop("model"))
        if model != "mj-v8.2-remix":
            raise ValueError(f"model must match const 'mj-v8.2-remix', got '{model}'")

        prompt = d.pop("prompt")

        model_params = MjV82RemixRequestModelParams.from_dict(d.pop("model_params"))

        callback_url = d.pop("callback_url", UNSET)

        mj_v82_remix_request = cls(
            model=model,
            prompt=prompt,
            model_params=model_params,
            callback_url=callback_url,
        )

        return mj_v82_remix_request
