"""evolink_images: a Python client for EvoLink's asynchronous image-generation API.

>>> import evolink_images as ei
>>> client = ei.EvoLink()                          # reads EVOLINK_API_KEY
>>> model = ei.presets.names()[0]                  # any model id or alias the spec describes
>>> task = client.generate(model, "a lighthouse at dawn")
>>> client.download(task, "out/")                 # each file records how it was made
>>> ei.read_metadata("out/<task id>-0.png").prompt

Every parameter is checked against the model's documented rules before any request (and any credit) is spent;
a create request that may have reached the server is never sent twice. Where a model takes an image, a local file
(``pathlib.Path``, bytes or a binary file object) may stand for its URL: it is uploaded to EvoLink's files service
first (``client.upload`` does that alone).
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

from ._billing import Billing
from ._client import EvoLink
from ._credits import Credits
from ._error_codes import ErrorCodeFact
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyError,
    ContentPolicyRefusalError,
    DownloadError,
    EvoLinkError,
    EvoLinkWarning,
    FewerImagesWarning,
    FilesQuotaError,
    InsufficientCreditsError,
    JournalError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TaskFailedError,
    TaskNotFoundError,
    TaskTimeoutError,
    ValidationError,
    WebhookError,
)
from ._estimate import Estimate
from ._files_service import FilesQuota, UploadedFile
from ._metadata import ImageMetadata, read_metadata
from ._presets import FieldSpec, ModelPreset, Presets, RuleSpec, presets
from ._resume import ResumeOutcome
from ._spending import Spending, SpendingTotals
from ._task import BoundingBox, Layer, Task, TaskFailure, TaskStatus
from ._version import __version__

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncEvoLink",
    "AuthenticationError",
    "BadRequestError",
    "Billing",
    "BoundingBox",
    "ContentPolicyError",
    "ContentPolicyRefusalError",
    "Credits",
    "DownloadError",
    "ErrorCodeFact",
    "Estimate",
    "EvoLink",
    "EvoLinkError",
    "EvoLinkWarning",
    "FewerImagesWarning",
    "FieldSpec",
    "FilesQuota",
    "FilesQuotaError",
    "ImageMetadata",
    "InsufficientCreditsError",
    "Journal",
    "JournalEntry",
    "JournalError",
    "Layer",
    "MalformedResponseError",
    "ModelPreset",
    "NotFoundError",
    "PermissionDeniedError",
    "Presets",
    "RateLimitError",
    "ResumeOutcome",
    "RuleSpec",
    "ServerError",
    "Spending",
    "SpendingTotals",
    "Task",
    "TaskFailedError",
    "TaskFailure",
    "TaskNotFoundError",
    "TaskStatus",
    "TaskTimeoutError",
    "UploadedFile",
    "ValidationError",
    "WebhookError",
    "__version__",
    "presets",
    "read_metadata",
]

# A library logs but never prints: the application chooses the handlers.
logging.getLogger("evolink_images").addHandler(logging.NullHandler())


if TYPE_CHECKING:
    from ._async_client import AsyncEvoLink
    from ._journal import Journal, JournalEntry

# Loaded on first use: asyncio and sqlite3 cost a blocking-only, journal-less user nothing at import.
_LAZY = {"AsyncEvoLink": "._async_client", "Journal": "._journal", "JournalEntry": "._journal"}


def __getattr__(name: str) -> Any:
    """The lazily loaded names."""
    if name not in _LAZY:
        raise AttributeError(f"module 'evolink_images' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value
