"""The ``generate`` command's model options, built from the catalogue.

Each field that several models take gets a flag: its API name with dashes (``--prompt-extend``), typed after the
field's JSON type (a list field repeats), with help that says which models take it and what each allows; a field whose
name a command option already uses gets ``--api-<name>``. Every other field, and nested ones, go through
``--param KEY=VALUE`` (the value is JSON when it parses as JSON; ``model_params.web_search=true`` nests).
"""

from __future__ import annotations

import argparse
import json
import shlex
from collections.abc import Callable, Mapping
from typing import Any

from .._presets import FieldSpec, ModelPreset, presets
from .._rules import describe_rule

__all__ = [
    "COMMON",
    "DEST_PREFIX",
    "FLAGS_DEST",
    "ParamError",
    "add_field_options",
    "cli_call",
    "describe",
    "field_values",
    "json_value",
    "option",
    "prompt_help",
]

# Where each field's value lands on the parsed arguments: "field_<name>", so no field can shadow a command option.
DEST_PREFIX = "field_"
# A field gets its own flag when at least this many models take it (and it is not an object).
COMMON = 2
# Where a command with field options keeps each field's flag ({"quality": "--quality"}), for messages.
FLAGS_DEST = "flags_of_fields"


class ParamError(ValueError):
    """A --param that cannot be read, or that says what a flag already said."""


def json_value(text: str) -> Any:
    """A JSON value from the command line; a bare word that is not JSON is taken as a string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _object(text: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a JSON object, like '{{\"key\": true}}', not {text!r}") from None
    return value


def _short(model: ModelPreset) -> str:
    return model.aliases[0] if model.aliases else model.id


def describe(spec: FieldSpec) -> str:
    """What a field takes, with the limits of its rules ("<pattern in words>; <min> to <max> in area")."""
    allowed = spec.allowed()
    if allowed == spec.summary.rstrip("."):  # nothing to say beyond what it is
        allowed = f"text, at most {spec.max_length} characters" if spec.max_length else "text"
    parts = [allowed]
    parts += [text for rule in spec.rules if (text := describe_rule(rule.check, rule.params))]
    return "; ".join(part for part in parts if part)


def _help(name: str, takers: list[ModelPreset]) -> str:
    """The field's summary, then what each model allows, models that allow the same thing together."""
    by_description: dict[str, list[str]] = {}
    for model in takers:
        by_description.setdefault(describe(model.fields[name]), []).append(_short(model))
    every = len(takers) == len(presets)
    parts = [
        f"{'every model' if every and len(by_description) == 1 else ', '.join(names)}: {text}"
        for text, names in by_description.items()
    ]
    summaries = [model.fields[name].summary.rstrip(".") for model in takers if model.fields[name].summary]
    summary = max(summaries, key=lambda text: (summaries.count(text), -len(text))) if summaries else name
    return f"{summary} [{' | '.join(parts)}]".replace("%", "%%")


def _argument_settings(specs: list[FieldSpec]) -> dict[str, Any]:
    kinds = {spec.kind for spec in specs}
    kind = kinds.pop() if len(kinds) == 1 else "any"
    if kind == "boolean":
        return {"action": argparse.BooleanOptionalAction, "default": None}
    if kind in {"url_list", "list"}:
        items = specs[0].schema.get("items") or {}
        item_type = {"integer": int, "number": float, "string": str}.get(str(items.get("type")), json_value)
        return {"action": "append", "type": item_type, "metavar": "URL" if kind == "url_list" else "VALUE"}
    if kind == "object":
        return {"type": _object, "metavar": "JSON"}
    if kind == "url":
        return {"type": str, "metavar": "URL"}
    return {"type": {"integer": int, "number": float, "string": str}.get(kind, json_value), "metavar": "VALUE"}


def _flag_choices(name: str, kind: str) -> list[list[str]]:
    """The flags to try for a field, best first: its name (and, for a list, its singular too), then --api-<name>."""
    flag = "--" + name.replace("_", "-")
    singular = flag.removesuffix("s")
    plural_and_singular = [flag, singular] if kind in {"url_list", "list"} and singular != flag else None
    # --image-url as well as --image-urls: one value per use reads better.
    choices = [plural_and_singular] if plural_and_singular else []
    return [*choices, [flag], [f"--api-{flag[2:]}"]]


def add_field_options(parser: argparse.ArgumentParser) -> None:
    """Add a flag for each common field of the catalogue, and ``--param`` for the rest."""
    group = parser.add_argument_group("model options (from the spec's catalogue)")
    rare = []
    flags_of_fields: dict[str, str] = {}
    for name in presets.field_names():
        if name == "prompt":
            continue
        takers = presets.taking(name)
        specs = [model.fields[name] for model in takers]
        if len(takers) < COMMON or any(spec.kind == "object" for spec in specs):
            rare.append(f"{name} ({', '.join(_short(model) for model in takers)})")
            continue
        settings = {"dest": DEST_PREFIX + name, "help": _help(name, takers), **_argument_settings(specs)}
        for flags in _flag_choices(name, specs[0].kind):
            try:
                group.add_argument(*flags, **settings)
            except argparse.ArgumentError:
                continue  # a command option has this name already
            flags_of_fields[name] = flags[-1]  # the singular of a list (--image-url): one value per use
            break
    parser.set_defaults(**{FLAGS_DEST: flags_of_fields})
    group.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"any field by its API name, the value as JSON (repeat); dots nest: model_params.web_search=true. "
        f"The fields without a flag: {'; '.join(rare) or 'none'}".replace("%", "%%"),
    )


def field_values(args: argparse.Namespace) -> dict[str, Any]:
    """The model fields given on the command line, by their API names: the flags, then every ``--param``."""
    values: dict[str, Any] = {
        key.removeprefix(DEST_PREFIX): value
        for key, value in vars(args).items()
        if key.startswith(DEST_PREFIX) and value is not None
    }
    for item in getattr(args, "param", []):
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"--param {item!r}: expected KEY=VALUE, like size=16:9 or model_params.web_search=true")
        *parents, leaf = key.strip().split(".")
        node = values
        for parent in parents:
            child = node.setdefault(parent, {})
            if not isinstance(child, dict):
                raise ParamError(f"--param {item!r}: {parent} is already set to a value, not an object")
            node = child
        if leaf in node:
            raise ParamError(f"--param {item!r}: {key} is already given")
        node[leaf] = json_value(text)
    return values


def option(flags: Mapping[str, str], name: str, value: Any) -> str:
    """One field on the command line: its flag (repeated for a list), else ``--param name=<JSON>``."""
    flag = flags.get(name)
    if flag is None:
        text = value if isinstance(value, str) and json_value(value) == value else json.dumps(value)
        return f"--param {shlex.quote(f'{name}={text}')}"
    if isinstance(value, bool):
        return flag if value else f"--no-{flag[2:]}"
    items = value if isinstance(value, list | tuple) else [value]
    return " ".join(f"{flag} {shlex.quote(item if isinstance(item, str) else json.dumps(item))}" for item in items)


def cli_call(flags: Mapping[str, str]) -> Callable[[Mapping[str, Any], str, object], str]:
    """How a refusal's ``instead`` reads on this command line: ``pass --quality 4K instead of --size 4K``.

    The model is the command's first argument, so a renamed model id reads ``pass <id> as the model``.
    """

    def call(instead: Mapping[str, Any], field: str, value: object) -> str:
        if field == "model" and set(instead) == {"model"}:
            return f"pass {instead['model']} as the model instead of {value}"
        sent = " ".join(option(flags, name, item) for name, item in instead.items())
        return f"pass {sent} instead of {option(flags, field, value)}"

    return call


def prompt_help() -> str:
    """The prompt argument's help, with the length limit when every model shares one."""
    limits = {model.fields["prompt"].max_length for model in presets.values() if "prompt" in model.fields}
    limit = limits.pop() if len(limits) == 1 else None
    return f"what to generate (at most {limit} characters)" if limit else "what to generate"
