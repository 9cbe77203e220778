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
    from ..models.mj_v81_upload_paint_request_model_params import (
        MjV81UploadPaintRequestModelParams,
    )


T = TypeVar("T", bound="MjV81UploadPaintRequest")


@_attrs_define
class MjV81UploadPaintRequest:
    """Midjourney V8.1 Upload Paint (mj-v8.1-upload-paint): edit's canvas work on an uploaded image: place it, resize it,
    repaint a masked part and paint the rest from the prompt.

    """

    prompt: str
    """ What to paint. At most 1024 characters.
     """
    image_urls: list[str]
    """ The input image, one URL. """
    model_params: MjV81UploadPaintRequestModelParams
    """ The operation's own options. """
    model: Literal["mj-v8.1-upload-paint"] = "mj-v8.1-upload-paint"
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

        model_params = self.model_params.to_dict()

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
                "image_urls": image_urls,
                "model_params": model_params,
            }
        )
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mj_v81_upload_paint_request_model_params import (
            MjV81UploadPaintRequestModelParams,
        )

        d = dict(src_dict)
        model = cast(Literal["mj-v8.1-upload-paint"], d.pop("model"))
        if model != "mj-v8.1-upload-paint":
            raise ValueError(
                f"model must match const 'mj-v8.1-upload-paint', got '{model}'"
            )

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls"))

        model_params = MjV81UploadPaintRequestModelParams.from_dict(
            d.pop("model_params")
        )

        callback_url = d.pop("callback_url", UNSET)

        mj_v81_upload_paint_request = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            model_params=model_params,
            callback_url=callback_url,
        )

        return mj_v81_upload_paint_request
