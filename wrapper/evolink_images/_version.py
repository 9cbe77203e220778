"""The package's version: defined here and nowhere else (hatchling reads it for the metadata)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
