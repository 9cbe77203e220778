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
    from ..models.mj_v7_request_model_params import MjV7RequestModelParams


T = TypeVar("T", bound="MjV7Request")


@_attrs_define
class MjV7Request:
    """Midjourney V7 (mj-v7): a grid of four images from a prompt, with Midjourney's own parameters in it (--ar, --s,
    --c ...) and image URLs at its start for image-to-image. The follow-ups (upscale, variation, ...) work on one image
    of the grid. A task can take about 20 minutes.

    """

    prompt: str
    """ What to draw, Midjourney parameters last (--ar 16:9 --s 500); image URLs (.png, .gif, .webp, .jpg, .jpeg)
    first
    make it image-to-image. At most 8192 characters.
    Rule mj-image-prompt: a single image URL needs words with it (two or more URLs may stand alone).
    Rule mj-image-prompts-max: at most 20 image URLs at the start.
    Rule mj-sref-max: at most 20 values of --sref.
    Rule mj-oref-one-image: one image for --oref.
    Rule mj-v7-oref-fast-only: --oref only at model_params.speed fast (not draft or turbo).
    Rule mj-v7-draft-no-tile: --tile not at model_params.speed draft.
    Rule mj-v7-speed-flags: --fast, --turbo and --draft are taken out of the prompt; model_params.speed sets the
    speed.
    Rule mj-v7-locked-flags: --v and --version are locked to V7, and --niji is not supported.
    Rule mj-v7-unsupported-flags: --stop, --cref, --cw, --relax, --repeat, --r, --p, --stealth and --public are not
    supported through the API.
    Rule mj-v7-unsupported-syntax: multi-prompts (::) and {a, b} permutations are not supported (a notice).
     """
    model: Literal["mj-v7"] = "mj-v7"
    model_params: MjV7RequestModelParams | Unset = UNSET
    """ The operation's own options. """
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
        if model_params is not UNSET:
            field_dict["model_params"] = model_params
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_v7_request_model_params import MjV7RequestModelParams

        d = dict(src_dict)
        model = cast(Literal["mj-v7"], d.pop("model"))
        if model != "mj-v7":
            raise ValueError(f"model must match const 'mj-v7', got '{model}'")

        prompt = d.pop("prompt")

        _model_params = d.pop("model_params", UNSET)
        model_params: MjV7RequestModelParams | Unset
        if isinstance(_model_params, Unset):
            model_params = UNSET
        else:
            model_params = MjV7RequestModelParams.from_dict(_model_params)

        callback_url = d.pop("callback_url", UNSET)

        mj_v7_request = cls(
            model=model,
            prompt=prompt,
            model_params=model_params,
            callback_url=callback_url,
        )

        return mj_v7_request
