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
    from ..models.mj_v7_pan_request_model_params import MjV7PanRequestModelParams


T = TypeVar("T", bound="MjV7PanRequest")


@_attrs_define
class MjV7PanRequest:
    """Midjourney V7 Pan (mj-v7-pan): extends one image of a finished V7 task in one direction, up to 3x."""

    model_params: MjV7PanRequestModelParams
    """ The operation's own options. """
    model: Literal["mj-v7-pan"] = "mj-v7-pan"
    prompt: str | Unset = UNSET
    """ Optional: what to paint in the extended part.
    Rule mj-v7-no-oref: no --oref (object reference) on this operation.
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

        model_params = self.model_params.to_dict()

        prompt = self.prompt

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "model_params": model_params,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_v7_pan_request_model_params import MjV7PanRequestModelParams

        d = dict(src_dict)
        model = cast(Literal["mj-v7-pan"], d.pop("model"))
        if model != "mj-v7-pan":
            raise ValueError(f"model must match const 'mj-v7-pan', got '{model}'")

        model_params = MjV7PanRequestModelParams.from_dict(d.pop("model_params"))

        prompt = d.pop("prompt", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        mj_v7_pan_request = cls(
            model=model,
            model_params=model_params,
            prompt=prompt,
            callback_url=callback_url,
        )

        return mj_v7_pan_request
