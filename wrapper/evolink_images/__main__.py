"""``python -m evolink_images`` runs the CLI."""

from .cli import run

run()
