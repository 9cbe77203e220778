"""The ``evolink-images`` command-line interface."""

from ._main import main, run

__all__ = ["main", "run"]
