from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_error_response import FileErrorResponse
from ...models.quota_response import QuotaResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/files/quota",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FileErrorResponse | QuotaResponse | None:
    if response.status_code == 200:
        response_200 = QuotaResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = FileErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[FileErrorResponse | QuotaResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[FileErrorResponse | QuotaResponse]:
    """Read the key's file quota

     How many files the key's account stores now (unexpired uploads), how many it may store, and how many
    uploads remain. The default user group allows 2000 files.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileErrorResponse | QuotaResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> FileErrorResponse | QuotaResponse | None:
    """Read the key's file quota

     How many files the key's account stores now (unexpired uploads), how many it may store, and how many
    uploads remain. The default user group allows 2000 files.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileErrorResponse | QuotaResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[FileErrorResponse | QuotaResponse]:
    """Read the key's file quota

     How many files the key's account stores now (unexpired uploads), how many it may store, and how many
    uploads remain. The default user group allows 2000 files.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileErrorResponse | QuotaResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> FileErrorResponse | QuotaResponse | None:
    """Read the key's file quota

     How many files the key's account stores now (unexpired uploads), how many it may store, and how many
    uploads remain. The default user group allows 2000 files.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileErrorResponse | QuotaResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
