"""The one module that uses the generated client's private functions.

openapi-python-client's operation modules build a request with ``_get_kwargs`` and read a response with
``_parse_response``. Both are template internals that have changed shape between generator versions, so they are
called from here only, and ``tests/test_generated_adapter.py`` pins what this module relies on: their keyword
arguments, the relative URLs and methods they produce, and a request class for every model of the catalogue. A
generator upgrade that changes any of it fails there, in one place.

evolink_images calls the builders and parsers itself (not the generated ``*_detailed`` functions) so that its own
retry loop sits between them, and so that a body the spec does not describe never raises from deep inside
generated code with the response lost.

Importing this module loads a fixed set of generated modules, whatever the number of models: ``models`` resolves
each name on first use (the generator's ``models/__init__.py`` comes from ``openapi/templates/``), a model's request
class is looked up when a create needs it, and the create operation, whose body type names every model's request
class, is imported by the first create (``tests/test_lazy_generated.py``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any, cast

import attrs
import httpx
from evolink_images_api import Client, models
from evolink_images_api.api.account import get_credits
from evolink_images_api.api.files import get_files_quota, upload_file_stream
from evolink_images_api.api.tasks import get_task
from evolink_images_api.types import File

from ._extra_body import merged

__all__ = [
    "PARSE_ERRORS",
    "ErrorResponse",
    "File",
    "FileErrorResponse",
    "FileUploadResponse",
    "ImageGenerationTask",
    "QuotaResponse",
    "TaskDetail",
    "create_request",
    "credits_request",
    "files_quota_request",
    "get_task_request",
    "parse_create",
    "parse_credits",
    "parse_files_quota",
    "parse_get_task",
    "parse_upload",
    "request_model",
    "upload_request",
]

ErrorResponse = models.ErrorResponse
FileErrorResponse = models.FileErrorResponse
FileUploadResponse = models.FileUploadResponse
QuotaResponse = models.QuotaResponse
ImageGenerationTask = models.ImageGenerationTask
TaskDetail = models.TaskDetail
# What the generated parsers raise on a body they cannot read (a missing key, a value of the wrong shape).
PARSE_ERRORS = (ValueError, KeyError, TypeError, AttributeError)
# Parsing needs no connection or credentials: only the client's raise_on_unexpected_status (False: None instead).
_PARSING_CLIENT = Client(base_url="https://parsing.invalid")


@attrs.frozen
class _PlainBody:
    """A body the generated builder sends exactly as given.

    For requests the generated classes cannot type: a model the catalogue does not know, or values sent unchecked.
    """

    body: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.body)


def request_model(class_name: str) -> Any:
    """The generated request-body class the catalogue names for a model (its module is imported on first use)."""
    return getattr(models, class_name)


def create_request(
    body: Mapping[str, Any],
    *,
    request_class: str | None,
    idempotency_key: str,
    extra_body: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.request`` for a create, built by the generated client; URL relative.

    With a *request_class*, the body goes through that generated model; without one, it is sent as it is.
    """
    # Imported here, not at the top: the operation's body type imports every model's request class.
    from evolink_images_api.api.images import create_image_generation  # noqa: PLC0415

    if request_class is None:
        generated_body = cast(Any, _PlainBody(body))
    else:
        generated_body = request_model(request_class).from_dict(dict(body))
    kwargs: dict[str, Any] = create_image_generation._get_kwargs(body=generated_body, idempotency_key=idempotency_key)
    if extra_body:
        kwargs["json"] = merged(kwargs["json"], extra_body)
    return kwargs


def get_task_request(task_id: str) -> dict[str, Any]:
    """The keyword arguments of ``httpx.request`` for reading a task; URL relative."""
    kwargs: dict[str, Any] = get_task._get_kwargs(task_id)
    return kwargs


def parse_create(response: httpx.Response) -> Any:
    """The generated model of a create response (None for a status the spec does not document); may raise."""
    from evolink_images_api.api.images import create_image_generation  # noqa: PLC0415 - as in create_request

    return create_image_generation._parse_response(client=_PARSING_CLIENT, response=response)


def parse_get_task(response: httpx.Response) -> Any:
    """The generated model of a task response (None for a status the spec does not document); may raise."""
    return get_task._parse_response(client=_PARSING_CLIENT, response=response)


def upload_request(content: bytes, *, file_name: str, mime_type: str) -> dict[str, Any]:
    """The keyword arguments of ``httpx.request`` for a stream (multipart) upload of one image; URL relative.

    One change to what the generated builder makes: its ``Content-Type`` header fixes the multipart boundary to
    ``+++``, which an image's bytes may contain (the part would end there); it is dropped, so that httpx writes the
    header with a random boundary of its own. (httpx reads the file part from its start on every attempt, so the
    request can be sent again as it is.)
    """
    body = models.StreamUploadRequest(file=File(payload=io.BytesIO(content), file_name=file_name, mime_type=mime_type))
    kwargs: dict[str, Any] = upload_file_stream._get_kwargs(body=body)
    kwargs["headers"] = {key: value for key, value in kwargs["headers"].items() if key.lower() != "content-type"}
    return kwargs


def files_quota_request() -> dict[str, Any]:
    """The keyword arguments of ``httpx.request`` for reading the file quota; URL relative."""
    kwargs: dict[str, Any] = get_files_quota._get_kwargs()
    return kwargs


def parse_upload(response: httpx.Response) -> Any:
    """The generated model of an upload's answer (None for a status the spec does not document); may raise."""
    return upload_file_stream._parse_response(client=_PARSING_CLIENT, response=response)


def parse_files_quota(response: httpx.Response) -> Any:
    """The generated model of a quota read's answer (None for a status the spec does not document); may raise."""
    return get_files_quota._parse_response(client=_PARSING_CLIENT, response=response)


def credits_request() -> dict[str, Any]:
    """The keyword arguments of ``httpx.request`` for reading the account's credits; URL relative."""
    kwargs: dict[str, Any] = get_credits._get_kwargs()
    return kwargs


def parse_credits(response: httpx.Response) -> Any:
    """The generated model of a credits read's answer (None for a status the spec does not document); may raise."""
    return get_credits._parse_response(client=_PARSING_CLIENT, response=response)
