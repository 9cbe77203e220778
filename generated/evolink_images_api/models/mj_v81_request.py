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

from ..models.mj_v81_request_quality import MjV81RequestQuality
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mj_v81_request_model_params import MjV81RequestModelParams


T = TypeVar("T", bound="MjV81Request")


@_attrs_define
class MjV81Request:
    """Midjourney V8.1 (mj-v8.1): a grid of four images from a prompt (24 small sketches at draft speed), native HD with
    `quality: hd`, Midjourney's own parameters in the prompt. Its follow-ups: variation, remix, edit. A task can take
    about 20 minutes; its result links last 30 days.

    """

    prompt: str
    """ What to draw, Midjourney parameters last (--ar 16:9 --s 500); image URLs (.png, .gif, .webp, .jpg, .jpeg)
    first
    make it image-to-image. At most 1024 characters.
    Rule mj-image-prompt: a single image URL needs words with it (two or more URLs may stand alone).
    Rule mj-image-prompts-max: at most 20 image URLs at the start.
    Rule mj-sref-max: at most 20 values of --sref.
    Rule mj-oref-one-image: one image for --oref.
    Rule mj-v8-1-draft-references: no image prompt, --sref or --oref at model_params.speed draft (use fast).
    Rule mj-v8-settings-flags: --draft, --fast, --turbo and --hd do nothing in the prompt; model_params.speed and
    quality set them.
    Rule mj-v8-locked-flags: --v and --version are locked to V8.1, and --niji is not supported.
    Rule mj-v8-unsupported-flags: --q, --quality, --no, --weird, --w, --tile, --sv, --stop, --cref, --cw, --relax,
    --repeat, --r, --p, --stealth and --public are not supported on this route.
    Rule mj-v8-unsupported-syntax: multi-prompts (::) and {a, b} permutations are not supported (a notice).
     """
    model: Literal["mj-v8.1"] = "mj-v8.1"
    quality: MjV81RequestQuality | Unset = MjV81RequestQuality.STANDARD
    """ standard (the default) or hd, native HD at 1.5 times the price (multiplied with the speed's price).
    Rule mj-hd-not-draft: hd cannot be combined with model_params.speed draft.
     """
    model_params: MjV81RequestModelParams | Unset = UNSET
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
        from ..models.mj_v81_request_model_params import MjV81RequestModelParams

        d = dict(src_dict)
        model = cast(Literal["mj-v8.1"], d.pop("model"))
        if model != "mj-v8.1":
            raise ValueError(f"model must match const 'mj-v8.1', got '{model}'")

        prompt = d.pop("prompt")

        _quality = d.pop("quality", UNSET)
        quality: MjV81RequestQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = MjV81RequestQuality(_quality)

        _model_params = d.pop("model_params", UNSET)
        model_params: MjV81RequestModelParams | Unset
        if isinstance(_model_params, Unset):
            model_params = UNSET
        else:
            model_params = MjV81RequestModelParams.from_dict(_model_params)

        callback_url = d.pop("callback_url", UNSET)

        mj_v81_request = cls(
            model=model,
            prompt=prompt,
            quality=quality,
            model_params=model_params,
            callback_url=callback_url,
        )

        return mj_v81_request
