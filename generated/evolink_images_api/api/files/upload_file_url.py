from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_error_response import FileErrorResponse
from ...models.file_upload_response import FileUploadResponse
from ...models.url_upload_request import UrlUploadRequest
from ...types import Response


def _get_kwargs(
    *,
    body: UrlUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/files/upload/url",
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
    body: UrlUploadRequest,
) -> Response[FileErrorResponse | FileUploadResponse]:
    """Upload one image the service downloads from a public URL

     The service downloads the image at `file_url` (a public http or https URL) and stores it like an
    upload:
    one image, JPEG, PNG, GIF or WebP, the same expiry and quota. A URL it cannot fetch, or content that
    is not
    such an image, is refused.

    Args:
        body (UrlUploadRequest): The body of an upload from a URL.

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
    body: UrlUploadRequest,
) -> FileErrorResponse | FileUploadResponse | None:
    """Upload one image the service downloads from a public URL

     The service downloads the image at `file_url` (a public http or https URL) and stores it like an
    upload:
    one image, JPEG, PNG, GIF or WebP, the same expiry and quota. A URL it cannot fetch, or content that
    is not
    such an image, is refused.

    Args:
        body (UrlUploadRequest): The body of an upload from a URL.

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
    body: UrlUploadRequest,
) -> Response[FileErrorResponse | FileUploadResponse]:
    """Upload one image the service downloads from a public URL

     The service downloads the image at `file_url` (a public http or https URL) and stores it like an
    upload:
    one image, JPEG, PNG, GIF or WebP, the same expiry and quota. A URL it cannot fetch, or content that
    is not
    such an image, is refused.

    Args:
        body (UrlUploadRequest): The body of an upload from a URL.

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
    body: UrlUploadRequest,
) -> FileErrorResponse | FileUploadResponse | None:
    """Upload one image the service downloads from a public URL

     The service downloads the image at `file_url` (a public http or https URL) and stores it like an
    upload:
    one image, JPEG, PNG, GIF or WebP, the same expiry and quota. A URL it cannot fetch, or content that
    is not
    such an image, is refused.

    Args:
        body (UrlUploadRequest): The body of an upload from a URL.

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
