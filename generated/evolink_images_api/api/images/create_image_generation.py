from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.doubao_seedream_45_request import DoubaoSeedream45Request
from ...models.error_response import ErrorResponse
from ...models.gemini_3_pro_image_preview_request import Gemini3ProImagePreviewRequest
from ...models.gemini_25_flash_image_request import Gemini25FlashImageRequest
from ...models.image_generation_task import ImageGenerationTask
from ...models.qwen_image_edit_request import QwenImageEditRequest
from ...models.wan_25_text_to_image_request import Wan25TextToImageRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: DoubaoSeedream45Request
    | Gemini25FlashImageRequest
    | Gemini3ProImagePreviewRequest
    | QwenImageEditRequest
    | Wan25TextToImageRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/images/generations",
    }

    if (
        isinstance(body, Gemini3ProImagePreviewRequest)
        or isinstance(body, Wan25TextToImageRequest)
        or isinstance(body, QwenImageEditRequest)
        or isinstance(body, DoubaoSeedream45Request)
    ):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ImageGenerationTask | None:
    if response.status_code == 200:
        response_200 = ImageGenerationTask.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ErrorResponse.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

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
) -> Response[ErrorResponse | ImageGenerationTask]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DoubaoSeedream45Request
    | Gemini25FlashImageRequest
    | Gemini3ProImagePreviewRequest
    | QwenImageEditRequest
    | Wan25TextToImageRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | ImageGenerationTask]:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of five per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream45Request | Gemini25FlashImageRequest | Gemini3ProImagePreviewRequest
            | QwenImageEditRequest | Wan25TextToImageRequest): The create body; its shape depends on
            `model`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ImageGenerationTask]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DoubaoSeedream45Request
    | Gemini25FlashImageRequest
    | Gemini3ProImagePreviewRequest
    | QwenImageEditRequest
    | Wan25TextToImageRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | ImageGenerationTask | None:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of five per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream45Request | Gemini25FlashImageRequest | Gemini3ProImagePreviewRequest
            | QwenImageEditRequest | Wan25TextToImageRequest): The create body; its shape depends on
            `model`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ImageGenerationTask
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DoubaoSeedream45Request
    | Gemini25FlashImageRequest
    | Gemini3ProImagePreviewRequest
    | QwenImageEditRequest
    | Wan25TextToImageRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | ImageGenerationTask]:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of five per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream45Request | Gemini25FlashImageRequest | Gemini3ProImagePreviewRequest
            | QwenImageEditRequest | Wan25TextToImageRequest): The create body; its shape depends on
            `model`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ImageGenerationTask]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DoubaoSeedream45Request
    | Gemini25FlashImageRequest
    | Gemini3ProImagePreviewRequest
    | QwenImageEditRequest
    | Wan25TextToImageRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | ImageGenerationTask | None:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of five per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream45Request | Gemini25FlashImageRequest | Gemini3ProImagePreviewRequest
            | QwenImageEditRequest | Wan25TextToImageRequest): The create body; its shape depends on
            `model`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ImageGenerationTask
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
