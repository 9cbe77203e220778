from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.credits_response import CreditsResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/credits",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreditsResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CreditsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorResponse.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorResponse.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreditsResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[CreditsResponse | ErrorResponse]:
    """Read the account's and the key's credits

     The credits left and used: `data.user` for the account (its balance, shared by every key),
    `data.token` for
    the API key that asks (its own spending limit, or `unlimited_credits`). What can be spent now is the
    smaller
    of the two remainders, unless the key is unlimited. A running task's reservation counts as used
    until it
    settles (D48). Costs nothing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditsResponse | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> CreditsResponse | ErrorResponse | None:
    """Read the account's and the key's credits

     The credits left and used: `data.user` for the account (its balance, shared by every key),
    `data.token` for
    the API key that asks (its own spending limit, or `unlimited_credits`). What can be spent now is the
    smaller
    of the two remainders, unless the key is unlimited. A running task's reservation counts as used
    until it
    settles (D48). Costs nothing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditsResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[CreditsResponse | ErrorResponse]:
    """Read the account's and the key's credits

     The credits left and used: `data.user` for the account (its balance, shared by every key),
    `data.token` for
    the API key that asks (its own spending limit, or `unlimited_credits`). What can be spent now is the
    smaller
    of the two remainders, unless the key is unlimited. A running task's reservation counts as used
    until it
    settles (D48). Costs nothing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditsResponse | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> CreditsResponse | ErrorResponse | None:
    """Read the account's and the key's credits

     The credits left and used: `data.user` for the account (its balance, shared by every key),
    `data.token` for
    the API key that asks (its own spending limit, or `unlimited_credits`). What can be spent now is the
    smaller
    of the two remainders, unless the key is unlimited. A running task's reservation counts as used
    until it
    settles (D48). Costs nothing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditsResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
