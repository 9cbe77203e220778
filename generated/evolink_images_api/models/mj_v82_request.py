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

from ..models.mj_v82_request_quality import MjV82RequestQuality
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_v82_request_model_params import MjV82RequestModelParams


T = TypeVar("T", bound="MjV82Request")


@_attrs_define
class MjV82Request:
    """Midjourney V8.2 (mj-v8.2): a grid of four images from a prompt (24 small sketches at draft speed), native 2K with
    `quality: hd`, Midjourney's own parameters in the prompt (the detail level as --q 1-4). Its follow-ups:
    variation, remix, edit. A task can take about 20 minutes; its result links last 30 days.

    """

    prompt: str
    """ What to draw, Midjourney parameters last (--ar 16:9 --s 500 --q 3); image URLs (.png, .gif, .webp, .jpg,
    .jpeg)
    first make it image-to-image. At most 2048 characters, of which at most 1024 are the description.
    Rule mj-image-prompt: a single image URL needs words with it (two or more URLs may stand alone).
    Rule mj-v8-2-description-length: the description (the words, without image URLs and parameters) is at most
    1024 characters.
    Rule mj-image-prompts-max: at most 20 image URLs at the start.
    Rule mj-sref-max: at most 20 values of --sref.
    Rule mj-v8-2-draft-no-tile: --tile not at model_params.speed draft.
    Rule mj-v8-2-weird-not-p: --weird (--w) not with --p.
    Rule mj-v8-2-detail-level: --q (--quality) is 1, 2, 3 or 4.
    Rule mj-v8-2-style-version: --sv only as --sv 6 (with --sref).
    Rule mj-v8-2-rejected-flags: --oref, --ow, --cref, --cw, --stop and --edit make the task fail.
    Rule mj-v8-2-multi-prompt: a multi-prompt (::) makes the task fail.
    Rule mj-v8-2-stripped-flags: --v, --version, --niji, --fast, --turbo, --draft, --relax, --hd, --bs and
    --batchsize are taken out of the prompt (a notice); model_params.speed and quality set these.
    Rule mj-v8-2-unsupported-flags: --repeat, --r, --stealth and --public are not supported (a notice).
    Rule mj-v8-2-unsupported-syntax: {a, b} permutations are not supported (a notice).
     """
    model: Literal["mj-v8.2"] = "mj-v8.2"
    quality: MjV82RequestQuality | Unset = MjV82RequestQuality.STANDARD
    """ standard (the default, about 1024 px on the long side) or hd, native 2K at 1.5 times the price (multiplied
    with the speed's price).
    Rule mj-hd-not-draft: hd cannot be combined with model_params.speed draft.
     """
    model_params: MjV82RequestModelParams | Unset = UNSET
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

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality.value

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
        if quality is not UNSET:
            field_dict["quality"] = quality
        if model_params is not UNSET:
            field_dict["model_params"] = model_params
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_v82_request_model_params import MjV82RequestModelParams

        d = dict(src_dict)
        model = cast(Literal["mj-v8.2"], d.pop("model"))
        if model != "mj-v8.2":
            raise ValueError(f"model must match const 'mj-v8.2', got '{model}'")

        prompt = d.pop("prompt")

        _quality = d.pop("quality", UNSET)
        quality: MjV82RequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = MjV82RequestQuality(_quality)

        _model_params = d.pop("model_params", UNSET)
        model_params: MjV82RequestModelParams | Unset
        if isinstance(_model_params, Unset):
            model_params = UNSET
        else:
            model_params = MjV82RequestModelParams.from_dict(_model_params)

        callback_url = d.pop("callback_url", UNSET)

        mj_v82_request = cls(
            model=model,
            prompt=prompt,
            quality=quality,
            model_params=model_params,
            callback_url=callback_url,
        )

        return mj_v82_request
