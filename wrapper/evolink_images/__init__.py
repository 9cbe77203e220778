"""evolink_images: a Python client for EvoLink's asynchronous image-generation API.

>>> import evolink_images as ei
>>> client = ei.EvoLink()                                   # reads EVOLINK_API_KEY
>>> task = client.generate("seedream-4.5", "a lighthouse at dawn", size="2K")
>>> client.download(task, "out/")

Every parameter is checked against the model's documented rules before any request (and any credit) is spent;
a create request that may have reached the server is never sent twice.
"""

import logging
from importlib.metadata import PackageNotFoundError, version

from ._async_client import AsyncEvoLink
from ._client import EvoLink
from ._engine import ResumeOutcome
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DownloadError,
    EvoLinkError,
    EvoLinkWarning,
    InsufficientCreditsError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TaskFailedError,
    TaskTimeoutError,
    ValidationError,
)
from ._journal import Journal, JournalEntry
from ._presets import FieldSpec, ModelPreset, Presets, presets
from ._task import Task, TaskFailure, TaskStatus

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncEvoLink",
    "AuthenticationError",
    "BadRequestError",
    "DownloadError",
    "EvoLink",
    "EvoLinkError",
    "EvoLinkWarning",
    "FieldSpec",
    "InsufficientCreditsError",
    "Journal",
    "JournalEntry",
    "MalformedResponseError",
    "ModelPreset",
    "NotFoundError",
    "PermissionDeniedError",
    "Presets",
    "RateLimitError",
    "ResumeOutcome",
    "ServerError",
    "Task",
    "TaskFailedError",
    "TaskFailure",
    "TaskStatus",
    "TaskTimeoutError",
    "ValidationError",
    "__version__",
    "presets",
]

# A library logs but never prints: the application chooses the handlers.
logging.getLogger("evolink_images").addHandler(logging.NullHandler())

try:
    __version__ = version("evolink-images")
except PackageNotFoundError:  # pragma: no cover - a source tree that was not installed
    __version__ = "0.0.0"
