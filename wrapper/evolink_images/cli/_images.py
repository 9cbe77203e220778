"""``--image`` and ``--mask``: a local file or a URL wherever a model takes an image.

A value with a URL scheme (``https://...``) is sent as it is; anything else is a local file (``./photo.png``,
``~/a.jpg``, ``file:///abs/b.png``), checked here before the simulator starts or anything is sent, then uploaded by
the client to EvoLink's files service. The catalogue says where each model takes its mask (``mask_url``, or
``model_params.mask.url`` for Midjourney). ``--image-url`` and ``--mask-url`` keep taking URLs only: a local path
there is refused with the flag that takes it.
"""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._errors import ValidationError
from .._follow_up import NESTED
from .._local_images import path_refusal, read_local_image
from .._presets import ModelPreset, presets
from .._references import image_fields, restored, with_placeholders
from .._validation import validate_request
from ._fields import DEST_PREFIX

__all__ = [
    "IMAGE_FLAG",
    "MASK_FLAG",
    "ImageError",
    "add_image_options",
    "check_files",
    "follow_up_images",
    "generate_images",
    "image_source",
    "validate_locally",
]

IMAGE_FLAG, MASK_FLAG = "--image", "--mask"
_LISTS = "[]"


class ImageError(Exception):
    """An --image or --mask (or a path given to a URL flag) that cannot be sent: one line, exit code 2."""


def image_source(text: str) -> Path | str:
    """What ``--image``/``--mask`` *text* stands for: a URL as it is, anything else a local file's path."""
    if path_refusal(text) is None:
        return text
    return Path(os.path.expanduser(text.strip().removeprefix("file://")))


def add_image_options(parser: argparse.ArgumentParser, *, images_dest: str, mask_help: str) -> None:
    """``--image`` (repeatable, into *images_dest*, where ``--image-url`` may land too) and ``--mask``."""
    parser.add_argument(
        IMAGE_FLAG,
        dest=images_dest,
        action="append",
        type=image_source,
        metavar="PATH_OR_URL",
        help="a reference image: a local file (uploaded to EvoLink's files service first, once while its upload "
        "lives) or a URL; repeat for several, in order",
    )
    parser.add_argument(MASK_FLAG, dest="mask", type=image_source, metavar="PATH_OR_URL", help=mask_help)


def _shown(value: object) -> str:
    return shlex.quote(str(value))


def _check_file(flag: str, path: Path) -> None:
    try:
        read_local_image(path, flag)
    except ValidationError as exc:
        raise ImageError(f"{flag} {_shown(path)}: {exc.rule}") from None


def check_files(images: list[Any] | None, mask: object) -> None:
    """Refuse the first local file of *images* or *mask* that the files service would not take (nothing is sent)."""
    for item in images or ():
        if isinstance(item, Path):
            _check_file(IMAGE_FLAG, item)
    if isinstance(mask, Path):
        _check_file(MASK_FLAG, mask)


def _refuse_paths(flag: str, values: list[Any], instead: str) -> None:
    """A URL flag's values that read as local files: refused with the flag that uploads them."""
    for value in values:
        if isinstance(value, str) and path_refusal(value) is not None:
            text = value.strip().removeprefix("file://")
            what = "is a local file" if os.path.isfile(os.path.expanduser(text)) else "is not a URL"
            raise ImageError(
                f"{flag} {_shown(value)}: {what}, and {flag} takes URLs only; to upload a local file, pass "
                f"{instead} {_shown(text)}"
            )


def _mask_place(model: ModelPreset) -> list[str] | None:
    """Where *model* takes its mask, as keys (``["mask_url"]``, ``["model_params", "mask", "url"]``); None: nowhere."""
    found = [path for path in image_fields(model) if not path.endswith(_LISTS) and "mask" in path]
    return found[0].split(".") if len(found) == 1 else None


def _maskers() -> str:
    return ", ".join(
        model.aliases[0] if model.aliases else model.id for model in presets.values() if _mask_place(model)
    )


def _put(params: dict[str, Any], keys: list[str], value: object, flag: str) -> None:
    """*value* at *keys* in *params* (nested dicts made as needed); refused when something is there already."""
    node = params
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise ImageError(f"{flag}: {key} is already given as a value, not an object")
        node = child
    if keys[-1] in node:
        raise ImageError(f"{flag}: {'.'.join(keys)} is already given (by another flag or --param); give it once")
    node[keys[-1]] = value


def generate_images(args: argparse.Namespace, params: dict[str, Any], flags: Mapping[str, str]) -> None:
    """``generate``'s images: URL flags holding paths refused, ``--mask`` put where the model takes it, files checked.

    *params* (from the field flags, ``--image`` among them) is changed in place.
    """
    for name in ("image_urls", "mask_url"):
        given = getattr(args, DEST_PREFIX + name, None)
        if name in flags and given is not None:
            _refuse_paths(
                flags[name],
                given if isinstance(given, list) else [given],
                IMAGE_FLAG if name == "image_urls" else MASK_FLAG,
            )
    check_files(params.get("image_urls") if isinstance(params.get("image_urls"), list) else None, args.mask)
    if args.mask is None:
        return
    model = presets.get(args.model)
    if model is None:
        raise ImageError(
            f"{MASK_FLAG}: {args.model} is not in the catalogue, so where it takes a mask is unknown; pass the mask's "
            "URL with --param"
        )
    place = _mask_place(model)
    if place is None:
        raise ImageError(f"{MASK_FLAG}: {model.id} takes no mask; the models that take one: {_maskers()}")
    _put(params, place, args.mask, MASK_FLAG)


def follow_up_images(args: argparse.Namespace, params: dict[str, Any]) -> None:
    """``follow-up``'s ``--image`` (``image_urls``) and ``--mask`` (where the operation takes it), files checked.

    The operation's model is known only once the task is fetched; every model of the operation takes its mask in the
    same place, which is given flat, as a follow-up takes its ``model_params`` keys.
    """
    check_files(args.images, args.mask)
    if args.images:
        _put(params, ["image_urls"], list(args.images), IMAGE_FLAG)
    if args.mask is None:
        return
    operation = [model for model in presets.values() if model.follow_up == args.operation]
    places = {tuple(place) for model in operation if (place := _mask_place(model)) is not None}
    if len(places) != 1:
        takers = sorted({m.follow_up for m in presets.values() if m.follow_up and _mask_place(m)})
        raise ImageError(
            f"{MASK_FLAG}: {args.operation} takes no mask; the operations that take one: {', '.join(takers)}"
        )
    (keys,) = places
    _put(params, list(keys[1:] if keys[0] == NESTED else keys), args.mask, MASK_FLAG)


def validate_locally(model: str, prompt: str | None, params: Mapping[str, Any]) -> None:
    """Validate the request as the client will, its local files stood in for (read and checked, not uploaded)."""
    preset = presets.get(model)
    if preset is None:
        validate_request(model, prompt, params)  # an unknown model: refused by name
        return
    try:
        stood_in, images = with_placeholders(preset, params)
    except ValidationError as error:  # a file larger than the model takes (the files service's limits: check_files)
        if not isinstance(error.value, Path):
            raise
        flag = MASK_FLAG if "mask" in error.field else IMAGE_FLAG
        raise ImageError(f"{flag} {_shown(error.value)} for {preset.id}: {error.rule}") from None
    try:
        validate_request(model, prompt, stood_in)
    except ValidationError as error:
        raise restored(error, images) from None
