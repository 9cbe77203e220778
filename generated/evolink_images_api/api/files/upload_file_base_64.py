from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.base_64_upload_request import Base64UploadRequest
from ...models.file_error_response import FileErrorResponse
from ...models.file_upload_response import FileUploadResponse
from ...types import Response


def _get_kwargs(
    *,
    body: Base64UploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/files/upload/base64",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FileErrorResponse | FileUploadResponse | None:
    if response.status_code == 200:
        response_200 = FileUploadResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = FileErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = FileErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = FileErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = FileErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = FileErrorResponse.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = FileErrorResponse.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FileErrorResponse | FileUploadResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Base64UploadRequest,
) -> Response[FileErrorResponse | FileUploadResponse]:
    """Upload one image as base64 or a data URL

     Stores one image (JPEG, PNG, GIF or WebP, recognised by its content) sent as base64, bare or as a
    data URL
    (`data:image/png;base64,...`), and returns its public `file_url`. Same expiry and quota as the
    stream upload.

    Args:
        body (Base64UploadRequest): The body of a base64 upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileErrorResponse | FileUploadResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Base64UploadRequest,
) -> FileErrorResponse | FileUploadResponse | None:
    """Upload one image as base64 or a data URL

     Stores one image (JPEG, PNG, GIF or WebP, recognised by its content) sent as base64, bare or as a
    data URL
    (`data:image/png;base64,...`), and returns its public `file_url`. Same expiry and quota as the
    stream upload.

    Args:
        body (Base64UploadRequest): The body of a base64 upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileErrorResponse | FileUploadResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Base64UploadRequest,
) -> Response[FileErrorResponse | FileUploadResponse]:
    """Upload one image as base64 or a data URL

     Stores one image (JPEG, PNG, GIF or WebP, recognised by its content) sent as base64, bare or as a
    data URL
    (`data:image/png;base64,...`), and returns its public `file_url`. Same expiry and quota as the
    stream upload.

    Args:
        body (Base64UploadRequest): The body of a base64 upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileErrorResponse | FileUploadResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Base64UploadRequest,
) -> FileErrorResponse | FileUploadResponse | None:
    """Upload one image as base64 or a data URL

     Stores one image (JPEG, PNG, GIF or WebP, recognised by its content) sent as base64, bare or as a
    data URL
    (`data:image/png;base64,...`), and returns its public `file_url`. Same expiry and quota as the
    stream upload.

    Args:
        body (Base64UploadRequest): The body of a base64 upload.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileErrorResponse | FileUploadResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
