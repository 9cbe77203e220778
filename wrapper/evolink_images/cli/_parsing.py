"""Options anywhere, and the closest valid name for a mistyped option or command.

The options of every command (``--base-url``, ``--files-base-url``, ``--debug``, ``--version``) are accepted before
the command and after it: each command's parser has them too, with no default of its own (``argparse.SUPPRESS``), so
a command that does not repeat one keeps the value given before it, and one given after the command wins over one
given before (the later wins).

An option or a command argparse does not know is answered in one line with the closest valid name of that command
(``generate: unknown option --szie; did you mean --size?``), exit code 2.
"""

from __future__ import annotations

import argparse
import difflib
import shlex
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from .._version import __version__

__all__ = [
    "GLOBAL_OPTIONS",
    "CommandLineError",
    "ShellParser",
    "add_global_options",
    "chosen_command",
    "share_global_options",
    "unknown_command",
    "unknown_option",
]

# The options of every command that take a value: what follows them is no command name.
GLOBAL_OPTIONS = ("--base-url", "--files-base-url")
_GROUP = "options of every command (also accepted before the command; given in both places, the later wins)"


class CommandLineError(Exception):
    """The top-level parser refused the command line; *message* is argparse's."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ShellParser(argparse.ArgumentParser):
    """The top-level parser, whose refusals are raised (:class:`CommandLineError`) to be answered in one line.

    A mistyped command is then answered with the closest one, not the list of every command.
    """

    def error(self, message: str) -> NoReturn:
        raise CommandLineError(message)


def add_global_options(parser: argparse.ArgumentParser, *, shared: bool = False) -> None:
    """The options of every command; *shared*: on a command's own parser (listed apart, no defaults of their own)."""
    target: Any = parser.add_argument_group(_GROUP) if shared else parser
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if shared else {}
    target.add_argument("--version", action="version", version=f"evolink-images {__version__}")
    target.add_argument("--debug", action="store_true", help="show tracebacks and debug logs", **unset)
    target.add_argument(
        "--base-url", help="API base URL (default: $EVOLINK_BASE_URL or https://api.evolink.ai)", **unset
    )
    target.add_argument(
        "--files-base-url",
        help="files service base URL, where local images are uploaded (default: $EVOLINK_FILES_BASE_URL or "
        "https://files-api.evolink.ai; the API's own when that is on this machine)",
        **unset,
    )


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands of *parser* by name (none for a parser without subcommands)."""
    for action in parser._actions:  # argparse has no public way to list them
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _every_command(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for command in dict.fromkeys(_subcommands(parser).values()):  # aliases share a parser
        yield command
        yield from _every_command(command)


def share_global_options(parser: argparse.ArgumentParser) -> None:
    """Give every command (and sub-command) of *parser* the options of every command: they work after it too."""
    for command in _every_command(parser):
        add_global_options(command, shared=True)


def chosen_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, argparse.ArgumentParser]:
    """The command *args* ran (``files quota``) and its parser."""
    names: list[str] = []
    current = parser
    while True:
        action = next(
            (a for a in current._actions if isinstance(a, argparse._SubParsersAction)),
            None,
        )
        name = getattr(args, action.dest, None) if action is not None else None
        if action is None or name not in action.choices:
            return " ".join(names), current
        names.append(name)
        current = action.choices[name]


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [flag for action in parser._actions for flag in action.option_strings if flag.startswith("--")]


def unknown_option(command: str, parser: argparse.ArgumentParser, extras: Sequence[str]) -> str:
    """What to say of arguments *command* does not take: the first unknown option and the closest of its own.

    A command that takes ``--param`` answers a catalogue field without a flag of its own (``--web-search``) with the
    ``--param`` that sends it.
    """
    token = next((item for item in extras if item.startswith("-") and item != "-"), None)
    see = f"`evolink-images {command} --help` lists what it takes"
    if token is None:
        return f"{command}: unexpected argument {shlex.quote(extras[0])} (quote a value with spaces); {see}"
    flag = token.split("=", 1)[0]
    field = _catalogue_field(flag) if "--param" in _options(parser) else None
    if field is not None:
        return f"{command}: unknown option {flag}; did you mean --param {field}=VALUE? (it has no flag of its own)"
    close = difflib.get_close_matches(flag, _options(parser), n=1, cutoff=0.6)
    if close:
        return f"{command}: unknown option {flag}; did you mean {close[0]}?"
    return f"{command}: unknown option {flag}; {see}"


def _catalogue_field(flag: str) -> str | None:
    """The catalogue field a flag names, as ``--param`` writes it: ``model_params.web_search`` for ``--web-search``.

    A field of an object (``model_params``) is found by its own name too; the object itself reads ``model_params.KEY``.
    """
    from .._presets import presets  # noqa: PLC0415 - the catalogue, only for a command that takes its fields

    name = flag.lstrip("-").replace("-", "_")
    for model in presets.values():
        for field, spec in model.fields.items():
            keys = spec.schema.get("properties") if spec.kind == "object" else None
            if field == name:
                return f"{name}.KEY" if keys else name
            if keys and name in keys:
                return f"{field}.{name}"
    return None


def unknown_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """The line for a mistyped command in *argv* (``unknown command 'generat'; did you mean 'generate'?``).

    None when *argv*'s command word is a command, or there is none: argparse's own message says better then.
    """
    commands = _subcommands(parser)
    word = _command_word(argv)
    if word is None or word in commands:
        return None
    close = difflib.get_close_matches(word, list(commands), n=1, cutoff=0.6)
    suggestion = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown command {word!r}; {suggestion}commands: {', '.join(commands)}"


def _command_word(argv: Sequence[str]) -> str | None:
    """The first argument of *argv* that is neither an option nor an option's value: the command's name."""
    items = iter(argv)
    for item in items:
        if item in GLOBAL_OPTIONS:
            next(items, None)  # its value
        elif not item.startswith("-"):
            return item
    return None
