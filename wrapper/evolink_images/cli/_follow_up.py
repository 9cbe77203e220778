"""The ``follow-up`` command's options: an operation on one image of a finished task, its parameters as KEY=VALUE."""

from __future__ import annotations

import argparse
from typing import Any

from .._follow_up import NESTED, follow_up_fields
from .._presets import json_types, presets
from ._fields import FLAGS_DEST, ParamError, json_value

__all__ = ["add_follow_up_arguments", "follow_up_params", "operations_help"]


def operations_help() -> str:
    """The operations each series offers, for the help text."""
    series = dict.fromkeys(model.series for model in presets.values() if model.series)
    offered = {name: list(presets.follow_ups(name)) for name in series if name}
    return "; ".join(f"{name}: {', '.join(operations)}" for name, operations in offered.items() if operations)


def add_follow_up_arguments(parser: argparse.ArgumentParser) -> None:
    """TASK_ID, OPERATION, --image-number, --prompt and --param."""
    parser.add_argument("task_id", help="the finished task whose image to work on (a Midjourney grid, say)")
    parser.add_argument("operation", help=f"what to do; by the task's series: {operations_help()}")
    parser.add_argument(
        "--image-number", type=int, help="which of the task's images: 0-3, 0-23 of a V8.2 draft (the API's default: 0)"
    )
    parser.add_argument("--prompt", help="the operation's prompt, where it takes one (remix and edit need one)")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="another parameter of the operation by its API name, top level or model_params alike: type=creative, "
        'scale=2, direction=left, mask=\'{"url": "https://..."}\' (JSON where the field is not text); repeat',
    )
    # How a refusal names the fields with flags of their own; any other goes through --param.
    flags = {"prompt": "--prompt", "image_number": "--image-number", f"{NESTED}.image_number": "--image-number"}
    parser.set_defaults(**{FLAGS_DEST: flags})


def _text_fields() -> set[str]:
    """The follow-up parameters whose values are text in every operation: taken as typed, never as JSON."""
    kinds: dict[str, set[str]] = {}
    for model in presets.values():
        if model.follow_up is None:
            continue
        nested = model.fields[NESTED].schema.get("properties", {}) if NESTED in model.fields else {}
        top, inner = follow_up_fields(model)
        for name in top:
            kinds.setdefault(name, set()).update(json_types(model.fields[name].schema))
        for name in inner:
            kinds.setdefault(name, set()).update(json_types(nested[name]))
    return {name for name, types in kinds.items() if types == {"string"}}


def follow_up_params(args: argparse.Namespace) -> dict[str, Any]:
    """The operation's parameters from --image-number, --prompt and each --param KEY=VALUE."""
    params: dict[str, Any] = {}
    if args.image_number is not None:
        params["image_number"] = args.image_number
    if args.prompt is not None:
        params["prompt"] = args.prompt
    text = _text_fields()
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ParamError(f"--param {item!r}: expected KEY=VALUE, like type=creative")
        if key in params:
            raise ParamError(f"--param {key}: given twice (or also as --{key.replace('_', '-')})")
        params[key] = value if key in text else json_value(value)
    return params
