from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.doubao_seedream_40_request import DoubaoSeedream40Request
from ...models.doubao_seedream_45_request import DoubaoSeedream45Request
from ...models.doubao_seedream_50_flash_layerize_request import (
    DoubaoSeedream50FlashLayerizeRequest,
)
from ...models.doubao_seedream_50_flash_request import DoubaoSeedream50FlashRequest
from ...models.doubao_seedream_50_lite_request import DoubaoSeedream50LiteRequest
from ...models.doubao_seedream_50_pro_layerize_request import (
    DoubaoSeedream50ProLayerizeRequest,
)
from ...models.doubao_seedream_50_pro_request import DoubaoSeedream50ProRequest
from ...models.error_response import ErrorResponse
from ...models.gemini_3_pro_image_preview_request import Gemini3ProImagePreviewRequest
from ...models.gemini_31_flash_image_preview_request import (
    Gemini31FlashImagePreviewRequest,
)
from ...models.gemini_31_flash_lite_image_request import Gemini31FlashLiteImageRequest
from ...models.gemini_nano_banana_21_request import GeminiNanoBanana21Request
from ...models.gpt_image_2_beta_request import GptImage2BetaRequest
from ...models.gpt_image_2_request import GptImage2Request
from ...models.gpt_image_15_request import GptImage15Request
from ...models.gpt_image_25_flare_request import GptImage25FlareRequest
from ...models.gpt_image_25_sunburst_request import GptImage25SunburstRequest
from ...models.grok_imagine_image_20_request import GrokImagineImage20Request
from ...models.image_generation_task import ImageGenerationTask
from ...models.krea_2_turbo_request import Krea2TurboRequest
from ...models.mj_v7_edit_request import MjV7EditRequest
from ...models.mj_v7_enhance_request import MjV7EnhanceRequest
from ...models.mj_v7_inpaint_request import MjV7InpaintRequest
from ...models.mj_v7_outpaint_request import MjV7OutpaintRequest
from ...models.mj_v7_pan_request import MjV7PanRequest
from ...models.mj_v7_remix_request import MjV7RemixRequest
from ...models.mj_v7_remove_bg_request import MjV7RemoveBgRequest
from ...models.mj_v7_request import MjV7Request
from ...models.mj_v7_retexture_request import MjV7RetextureRequest
from ...models.mj_v7_upload_paint_request import MjV7UploadPaintRequest
from ...models.mj_v7_upscale_request import MjV7UpscaleRequest
from ...models.mj_v7_variation_request import MjV7VariationRequest
from ...models.mj_v81_edit_request import MjV81EditRequest
from ...models.mj_v81_remix_request import MjV81RemixRequest
from ...models.mj_v81_remove_bg_request import MjV81RemoveBgRequest
from ...models.mj_v81_request import MjV81Request
from ...models.mj_v81_retexture_request import MjV81RetextureRequest
from ...models.mj_v81_upload_paint_request import MjV81UploadPaintRequest
from ...models.mj_v81_variation_request import MjV81VariationRequest
from ...models.mj_v82_edit_request import MjV82EditRequest
from ...models.mj_v82_remix_request import MjV82RemixRequest
from ...models.mj_v82_remove_bg_request import MjV82RemoveBgRequest
from ...models.mj_v82_request import MjV82Request
from ...models.mj_v82_retexture_request import MjV82RetextureRequest
from ...models.mj_v82_upload_paint_request import MjV82UploadPaintRequest
from ...models.mj_v82_variation_request import MjV82VariationRequest
from ...models.nano_banana_2_beta_request import NanoBanana2BetaRequest
from ...models.nano_banana_2_lite_beta_request import NanoBanana2LiteBetaRequest
from ...models.nano_banana_21_beta_request import NanoBanana21BetaRequest
from ...models.nano_banana_pro_beta_request import NanoBananaProBetaRequest
from ...models.qwen_image_30_pro_request import QwenImage30ProRequest
from ...models.qwen_image_30_request import QwenImage30Request
from ...models.qwen_image_edit_plus_request import QwenImageEditPlusRequest
from ...models.qwen_image_edit_request import QwenImageEditRequest
from ...models.wan_25_image_to_image_request import Wan25ImageToImageRequest
from ...models.wan_25_text_to_image_request import Wan25TextToImageRequest
from ...models.z_image_turbo_request import ZImageTurboRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: DoubaoSeedream40Request
    | DoubaoSeedream45Request
    | DoubaoSeedream50FlashLayerizeRequest
    | DoubaoSeedream50FlashRequest
    | DoubaoSeedream50LiteRequest
    | DoubaoSeedream50ProLayerizeRequest
    | DoubaoSeedream50ProRequest
    | Gemini31FlashImagePreviewRequest
    | Gemini31FlashLiteImageRequest
    | Gemini3ProImagePreviewRequest
    | GeminiNanoBanana21Request
    | GptImage15Request
    | GptImage25FlareRequest
    | GptImage25SunburstRequest
    | GptImage2BetaRequest
    | GptImage2Request
    | GrokImagineImage20Request
    | Krea2TurboRequest
    | MjV7EditRequest
    | MjV7EnhanceRequest
    | MjV7InpaintRequest
    | MjV7OutpaintRequest
    | MjV7PanRequest
    | MjV7RemixRequest
    | MjV7RemoveBgRequest
    | MjV7Request
    | MjV7RetextureRequest
    | MjV7UploadPaintRequest
    | MjV7UpscaleRequest
    | MjV7VariationRequest
    | MjV81EditRequest
    | MjV81RemixRequest
    | MjV81RemoveBgRequest
    | MjV81Request
    | MjV81RetextureRequest
    | MjV81UploadPaintRequest
    | MjV81VariationRequest
    | MjV82EditRequest
    | MjV82RemixRequest
    | MjV82RemoveBgRequest
    | MjV82Request
    | MjV82RetextureRequest
    | MjV82UploadPaintRequest
    | MjV82VariationRequest
    | NanoBanana21BetaRequest
    | NanoBanana2BetaRequest
    | NanoBanana2LiteBetaRequest
    | NanoBananaProBetaRequest
    | QwenImage30ProRequest
    | QwenImage30Request
    | QwenImageEditPlusRequest
    | QwenImageEditRequest
    | Wan25ImageToImageRequest
    | Wan25TextToImageRequest
    | ZImageTurboRequest,
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
        isinstance(body, GptImage15Request)
        or isinstance(body, GptImage2BetaRequest)
        or isinstance(body, GptImage2Request)
        or isinstance(body, GptImage25SunburstRequest)
        or isinstance(body, GptImage25FlareRequest)
        or isinstance(body, GrokImagineImage20Request)
        or isinstance(body, Krea2TurboRequest)
        or isinstance(body, MjV7Request)
        or isinstance(body, MjV7UpscaleRequest)
        or isinstance(body, MjV7VariationRequest)
        or isinstance(body, MjV7EnhanceRequest)
        or isinstance(body, MjV7InpaintRequest)
        or isinstance(body, MjV7OutpaintRequest)
        or isinstance(body, MjV7PanRequest)
        or isinstance(body, MjV7RemixRequest)
        or isinstance(body, MjV7EditRequest)
        or isinstance(body, MjV7RemoveBgRequest)
        or isinstance(body, MjV7RetextureRequest)
        or isinstance(body, MjV7UploadPaintRequest)
        or isinstance(body, MjV81Request)
        or isinstance(body, MjV81VariationRequest)
        or isinstance(body, MjV81RemixRequest)
        or isinstance(body, MjV81EditRequest)
        or isinstance(body, MjV81RemoveBgRequest)
        or isinstance(body, MjV81RetextureRequest)
        or isinstance(body, MjV81UploadPaintRequest)
        or isinstance(body, MjV82Request)
        or isinstance(body, MjV82VariationRequest)
        or isinstance(body, MjV82RemixRequest)
        or isinstance(body, MjV82EditRequest)
        or isinstance(body, MjV82RemoveBgRequest)
        or isinstance(body, MjV82RetextureRequest)
        or isinstance(body, MjV82UploadPaintRequest)
        or isinstance(body, NanoBanana2BetaRequest)
        or isinstance(body, Gemini31FlashImagePreviewRequest)
        or isinstance(body, NanoBanana2LiteBetaRequest)
        or isinstance(body, Gemini31FlashLiteImageRequest)
        or isinstance(body, NanoBananaProBetaRequest)
        or isinstance(body, Gemini3ProImagePreviewRequest)
        or isinstance(body, GeminiNanoBanana21Request)
        or isinstance(body, NanoBanana21BetaRequest)
        or isinstance(body, QwenImage30ProRequest)
        or isinstance(body, QwenImage30Request)
        or isinstance(body, QwenImageEditPlusRequest)
        or isinstance(body, QwenImageEditRequest)
        or isinstance(body, DoubaoSeedream40Request)
        or isinstance(body, DoubaoSeedream45Request)
        or isinstance(body, DoubaoSeedream50LiteRequest)
        or isinstance(body, DoubaoSeedream50ProRequest)
        or isinstance(body, DoubaoSeedream50ProLayerizeRequest)
        or isinstance(body, DoubaoSeedream50FlashRequest)
        or isinstance(body, DoubaoSeedream50FlashLayerizeRequest)
        or isinstance(body, Wan25ImageToImageRequest)
        or isinstance(body, Wan25TextToImageRequest)
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

    if response.status_code == 405:
        response_405 = ErrorResponse.from_dict(response.json())

        return response_405

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
    body: DoubaoSeedream40Request
    | DoubaoSeedream45Request
    | DoubaoSeedream50FlashLayerizeRequest
    | DoubaoSeedream50FlashRequest
    | DoubaoSeedream50LiteRequest
    | DoubaoSeedream50ProLayerizeRequest
    | DoubaoSeedream50ProRequest
    | Gemini31FlashImagePreviewRequest
    | Gemini31FlashLiteImageRequest
    | Gemini3ProImagePreviewRequest
    | GeminiNanoBanana21Request
    | GptImage15Request
    | GptImage25FlareRequest
    | GptImage25SunburstRequest
    | GptImage2BetaRequest
    | GptImage2Request
    | GrokImagineImage20Request
    | Krea2TurboRequest
    | MjV7EditRequest
    | MjV7EnhanceRequest
    | MjV7InpaintRequest
    | MjV7OutpaintRequest
    | MjV7PanRequest
    | MjV7RemixRequest
    | MjV7RemoveBgRequest
    | MjV7Request
    | MjV7RetextureRequest
    | MjV7UploadPaintRequest
    | MjV7UpscaleRequest
    | MjV7VariationRequest
    | MjV81EditRequest
    | MjV81RemixRequest
    | MjV81RemoveBgRequest
    | MjV81Request
    | MjV81RetextureRequest
    | MjV81UploadPaintRequest
    | MjV81VariationRequest
    | MjV82EditRequest
    | MjV82RemixRequest
    | MjV82RemoveBgRequest
    | MjV82Request
    | MjV82RetextureRequest
    | MjV82UploadPaintRequest
    | MjV82VariationRequest
    | NanoBanana21BetaRequest
    | NanoBanana2BetaRequest
    | NanoBanana2LiteBetaRequest
    | NanoBananaProBetaRequest
    | QwenImage30ProRequest
    | QwenImage30Request
    | QwenImageEditPlusRequest
    | QwenImageEditRequest
    | Wan25ImageToImageRequest
    | Wan25TextToImageRequest
    | ZImageTurboRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | ImageGenerationTask]:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of the per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream40Request | DoubaoSeedream45Request |
            DoubaoSeedream50FlashLayerizeRequest | DoubaoSeedream50FlashRequest |
            DoubaoSeedream50LiteRequest | DoubaoSeedream50ProLayerizeRequest |
            DoubaoSeedream50ProRequest | Gemini31FlashImagePreviewRequest |
            Gemini31FlashLiteImageRequest | Gemini3ProImagePreviewRequest | GeminiNanoBanana21Request
            | GptImage15Request | GptImage25FlareRequest | GptImage25SunburstRequest |
            GptImage2BetaRequest | GptImage2Request | GrokImagineImage20Request | Krea2TurboRequest |
            MjV7EditRequest | MjV7EnhanceRequest | MjV7InpaintRequest | MjV7OutpaintRequest |
            MjV7PanRequest | MjV7RemixRequest | MjV7RemoveBgRequest | MjV7Request |
            MjV7RetextureRequest | MjV7UploadPaintRequest | MjV7UpscaleRequest | MjV7VariationRequest
            | MjV81EditRequest | MjV81RemixRequest | MjV81RemoveBgRequest | MjV81Request |
            MjV81RetextureRequest | MjV81UploadPaintRequest | MjV81VariationRequest | MjV82EditRequest
            | MjV82RemixRequest | MjV82RemoveBgRequest | MjV82Request | MjV82RetextureRequest |
            MjV82UploadPaintRequest | MjV82VariationRequest | NanoBanana21BetaRequest |
            NanoBanana2BetaRequest | NanoBanana2LiteBetaRequest | NanoBananaProBetaRequest |
            QwenImage30ProRequest | QwenImage30Request | QwenImageEditPlusRequest |
            QwenImageEditRequest | Wan25ImageToImageRequest | Wan25TextToImageRequest |
            ZImageTurboRequest): The create body; its shape depends on `model`.

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
    body: DoubaoSeedream40Request
    | DoubaoSeedream45Request
    | DoubaoSeedream50FlashLayerizeRequest
    | DoubaoSeedream50FlashRequest
    | DoubaoSeedream50LiteRequest
    | DoubaoSeedream50ProLayerizeRequest
    | DoubaoSeedream50ProRequest
    | Gemini31FlashImagePreviewRequest
    | Gemini31FlashLiteImageRequest
    | Gemini3ProImagePreviewRequest
    | GeminiNanoBanana21Request
    | GptImage15Request
    | GptImage25FlareRequest
    | GptImage25SunburstRequest
    | GptImage2BetaRequest
    | GptImage2Request
    | GrokImagineImage20Request
    | Krea2TurboRequest
    | MjV7EditRequest
    | MjV7EnhanceRequest
    | MjV7InpaintRequest
    | MjV7OutpaintRequest
    | MjV7PanRequest
    | MjV7RemixRequest
    | MjV7RemoveBgRequest
    | MjV7Request
    | MjV7RetextureRequest
    | MjV7UploadPaintRequest
    | MjV7UpscaleRequest
    | MjV7VariationRequest
    | MjV81EditRequest
    | MjV81RemixRequest
    | MjV81RemoveBgRequest
    | MjV81Request
    | MjV81RetextureRequest
    | MjV81UploadPaintRequest
    | MjV81VariationRequest
    | MjV82EditRequest
    | MjV82RemixRequest
    | MjV82RemoveBgRequest
    | MjV82Request
    | MjV82RetextureRequest
    | MjV82UploadPaintRequest
    | MjV82VariationRequest
    | NanoBanana21BetaRequest
    | NanoBanana2BetaRequest
    | NanoBanana2LiteBetaRequest
    | NanoBananaProBetaRequest
    | QwenImage30ProRequest
    | QwenImage30Request
    | QwenImageEditPlusRequest
    | QwenImageEditRequest
    | Wan25ImageToImageRequest
    | Wan25TextToImageRequest
    | ZImageTurboRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | ImageGenerationTask | None:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of the per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream40Request | DoubaoSeedream45Request |
            DoubaoSeedream50FlashLayerizeRequest | DoubaoSeedream50FlashRequest |
            DoubaoSeedream50LiteRequest | DoubaoSeedream50ProLayerizeRequest |
            DoubaoSeedream50ProRequest | Gemini31FlashImagePreviewRequest |
            Gemini31FlashLiteImageRequest | Gemini3ProImagePreviewRequest | GeminiNanoBanana21Request
            | GptImage15Request | GptImage25FlareRequest | GptImage25SunburstRequest |
            GptImage2BetaRequest | GptImage2Request | GrokImagineImage20Request | Krea2TurboRequest |
            MjV7EditRequest | MjV7EnhanceRequest | MjV7InpaintRequest | MjV7OutpaintRequest |
            MjV7PanRequest | MjV7RemixRequest | MjV7RemoveBgRequest | MjV7Request |
            MjV7RetextureRequest | MjV7UploadPaintRequest | MjV7UpscaleRequest | MjV7VariationRequest
            | MjV81EditRequest | MjV81RemixRequest | MjV81RemoveBgRequest | MjV81Request |
            MjV81RetextureRequest | MjV81UploadPaintRequest | MjV81VariationRequest | MjV82EditRequest
            | MjV82RemixRequest | MjV82RemoveBgRequest | MjV82Request | MjV82RetextureRequest |
            MjV82UploadPaintRequest | MjV82VariationRequest | NanoBanana21BetaRequest |
            NanoBanana2BetaRequest | NanoBanana2LiteBetaRequest | NanoBananaProBetaRequest |
            QwenImage30ProRequest | QwenImage30Request | QwenImageEditPlusRequest |
            QwenImageEditRequest | Wan25ImageToImageRequest | Wan25TextToImageRequest |
            ZImageTurboRequest): The create body; its shape depends on `model`.

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
    body: DoubaoSeedream40Request
    | DoubaoSeedream45Request
    | DoubaoSeedream50FlashLayerizeRequest
    | DoubaoSeedream50FlashRequest
    | DoubaoSeedream50LiteRequest
    | DoubaoSeedream50ProLayerizeRequest
    | DoubaoSeedream50ProRequest
    | Gemini31FlashImagePreviewRequest
    | Gemini31FlashLiteImageRequest
    | Gemini3ProImagePreviewRequest
    | GeminiNanoBanana21Request
    | GptImage15Request
    | GptImage25FlareRequest
    | GptImage25SunburstRequest
    | GptImage2BetaRequest
    | GptImage2Request
    | GrokImagineImage20Request
    | Krea2TurboRequest
    | MjV7EditRequest
    | MjV7EnhanceRequest
    | MjV7InpaintRequest
    | MjV7OutpaintRequest
    | MjV7PanRequest
    | MjV7RemixRequest
    | MjV7RemoveBgRequest
    | MjV7Request
    | MjV7RetextureRequest
    | MjV7UploadPaintRequest
    | MjV7UpscaleRequest
    | MjV7VariationRequest
    | MjV81EditRequest
    | MjV81RemixRequest
    | MjV81RemoveBgRequest
    | MjV81Request
    | MjV81RetextureRequest
    | MjV81UploadPaintRequest
    | MjV81VariationRequest
    | MjV82EditRequest
    | MjV82RemixRequest
    | MjV82RemoveBgRequest
    | MjV82Request
    | MjV82RetextureRequest
    | MjV82UploadPaintRequest
    | MjV82VariationRequest
    | NanoBanana21BetaRequest
    | NanoBanana2BetaRequest
    | NanoBanana2LiteBetaRequest
    | NanoBananaProBetaRequest
    | QwenImage30ProRequest
    | QwenImage30Request
    | QwenImageEditPlusRequest
    | QwenImageEditRequest
    | Wan25ImageToImageRequest
    | Wan25TextToImageRequest
    | ZImageTurboRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | ImageGenerationTask]:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of the per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream40Request | DoubaoSeedream45Request |
            DoubaoSeedream50FlashLayerizeRequest | DoubaoSeedream50FlashRequest |
            DoubaoSeedream50LiteRequest | DoubaoSeedream50ProLayerizeRequest |
            DoubaoSeedream50ProRequest | Gemini31FlashImagePreviewRequest |
            Gemini31FlashLiteImageRequest | Gemini3ProImagePreviewRequest | GeminiNanoBanana21Request
            | GptImage15Request | GptImage25FlareRequest | GptImage25SunburstRequest |
            GptImage2BetaRequest | GptImage2Request | GrokImagineImage20Request | Krea2TurboRequest |
            MjV7EditRequest | MjV7EnhanceRequest | MjV7InpaintRequest | MjV7OutpaintRequest |
            MjV7PanRequest | MjV7RemixRequest | MjV7RemoveBgRequest | MjV7Request |
            MjV7RetextureRequest | MjV7UploadPaintRequest | MjV7UpscaleRequest | MjV7VariationRequest
            | MjV81EditRequest | MjV81RemixRequest | MjV81RemoveBgRequest | MjV81Request |
            MjV81RetextureRequest | MjV81UploadPaintRequest | MjV81VariationRequest | MjV82EditRequest
            | MjV82RemixRequest | MjV82RemoveBgRequest | MjV82Request | MjV82RetextureRequest |
            MjV82UploadPaintRequest | MjV82VariationRequest | NanoBanana21BetaRequest |
            NanoBanana2BetaRequest | NanoBanana2LiteBetaRequest | NanoBananaProBetaRequest |
            QwenImage30ProRequest | QwenImage30Request | QwenImageEditPlusRequest |
            QwenImageEditRequest | Wan25ImageToImageRequest | Wan25TextToImageRequest |
            ZImageTurboRequest): The create body; its shape depends on `model`.

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
    body: DoubaoSeedream40Request
    | DoubaoSeedream45Request
    | DoubaoSeedream50FlashLayerizeRequest
    | DoubaoSeedream50FlashRequest
    | DoubaoSeedream50LiteRequest
    | DoubaoSeedream50ProLayerizeRequest
    | DoubaoSeedream50ProRequest
    | Gemini31FlashImagePreviewRequest
    | Gemini31FlashLiteImageRequest
    | Gemini3ProImagePreviewRequest
    | GeminiNanoBanana21Request
    | GptImage15Request
    | GptImage25FlareRequest
    | GptImage25SunburstRequest
    | GptImage2BetaRequest
    | GptImage2Request
    | GrokImagineImage20Request
    | Krea2TurboRequest
    | MjV7EditRequest
    | MjV7EnhanceRequest
    | MjV7InpaintRequest
    | MjV7OutpaintRequest
    | MjV7PanRequest
    | MjV7RemixRequest
    | MjV7RemoveBgRequest
    | MjV7Request
    | MjV7RetextureRequest
    | MjV7UploadPaintRequest
    | MjV7UpscaleRequest
    | MjV7VariationRequest
    | MjV81EditRequest
    | MjV81RemixRequest
    | MjV81RemoveBgRequest
    | MjV81Request
    | MjV81RetextureRequest
    | MjV81UploadPaintRequest
    | MjV81VariationRequest
    | MjV82EditRequest
    | MjV82RemixRequest
    | MjV82RemoveBgRequest
    | MjV82Request
    | MjV82RetextureRequest
    | MjV82UploadPaintRequest
    | MjV82VariationRequest
    | NanoBanana21BetaRequest
    | NanoBanana2BetaRequest
    | NanoBanana2LiteBetaRequest
    | NanoBananaProBetaRequest
    | QwenImage30ProRequest
    | QwenImage30Request
    | QwenImageEditPlusRequest
    | QwenImageEditRequest
    | Wan25ImageToImageRequest
    | Wan25TextToImageRequest
    | ZImageTurboRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | ImageGenerationTask | None:
    """Create an image-generation task

     Validates the body for the chosen `model` and, when accepted, reserves credits and returns the new
    task
    (status `pending`). The body's fields depend on the model: the request body is one of the per-model
    schemas, chosen by the `model` property.

    Args:
        idempotency_key (str | Unset):
        body (DoubaoSeedream40Request | DoubaoSeedream45Request |
            DoubaoSeedream50FlashLayerizeRequest | DoubaoSeedream50FlashRequest |
            DoubaoSeedream50LiteRequest | DoubaoSeedream50ProLayerizeRequest |
            DoubaoSeedream50ProRequest | Gemini31FlashImagePreviewRequest |
            Gemini31FlashLiteImageRequest | Gemini3ProImagePreviewRequest | GeminiNanoBanana21Request
            | GptImage15Request | GptImage25FlareRequest | GptImage25SunburstRequest |
            GptImage2BetaRequest | GptImage2Request | GrokImagineImage20Request | Krea2TurboRequest |
            MjV7EditRequest | MjV7EnhanceRequest | MjV7InpaintRequest | MjV7OutpaintRequest |
            MjV7PanRequest | MjV7RemixRequest | MjV7RemoveBgRequest | MjV7Request |
            MjV7RetextureRequest | MjV7UploadPaintRequest | MjV7UpscaleRequest | MjV7VariationRequest
            | MjV81EditRequest | MjV81RemixRequest | MjV81RemoveBgRequest | MjV81Request |
            MjV81RetextureRequest | MjV81UploadPaintRequest | MjV81VariationRequest | MjV82EditRequest
            | MjV82RemixRequest | MjV82RemoveBgRequest | MjV82Request | MjV82RetextureRequest |
            MjV82UploadPaintRequest | MjV82VariationRequest | NanoBanana21BetaRequest |
            NanoBanana2BetaRequest | NanoBanana2LiteBetaRequest | NanoBananaProBetaRequest |
            QwenImage30ProRequest | QwenImage30Request | QwenImageEditPlusRequest |
            QwenImageEditRequest | Wan25ImageToImageRequest | Wan25TextToImageRequest |
            ZImageTurboRequest): The create body; its shape depends on `model`.

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
