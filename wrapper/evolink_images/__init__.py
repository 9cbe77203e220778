"""evolink_images: a Python client for EvoLink's asynchronous image-generation API.

The hand-written layer over the generated low-level client, ``evolink_images_api``.
"""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("evolink-images")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0.0.0"
