"""A command whose options come from the catalogue: they are added when the command is used, not at start-up.

The ``generate`` and ``follow-up`` options describe every model (which take a flag, what each allows), so building
them reads the whole catalogue. Deferred, they cost a command that needs no model nothing: ``evolink-images status``
builds no model, and ``generate`` builds them when it parses its arguments or shows its help.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

__all__ = ["DeferredParser"]


class DeferredParser(argparse.ArgumentParser):
    """An argument parser that adds its deferred options the first time it parses, or shows its usage or help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred: list[Callable[[argparse.ArgumentParser], None]] = []

    def defer(self, add: Callable[[argparse.ArgumentParser], None]) -> None:
        """Run *add* (which adds arguments to this parser) when the parser is first used."""
        self._deferred.append(add)

    def complete(self) -> None:
        """Add every deferred argument now, in the order they were deferred."""
        while self._deferred:
            self._deferred.pop(0)(self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self.complete()
        return super().format_usage()

    def format_help(self) -> str:
        self.complete()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        """A command's usage mistake (a missing argument, a bad value, an ambiguous option) in one line, exit 2."""
        command = self.prog.partition(" ")[2] or self.prog
        self.exit(2, f"error: {command}: {message} (`{self.prog} --help` lists what it takes)\n")
