"""Contains all the data models used in inputs/outputs

Each name is imported from its own module the first time it is used (PEP 562), so importing this package loads no
model: a program pays for the models it uses, not for every model of the spec. Type checkers read the imports below.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base_64_upload_request import Base64UploadRequest
    from .bounding_box import BoundingBox
    from .credits_data import CreditsData
    from .credits_response import CreditsResponse
    from .doubao_seedream_40_request import DoubaoSeedream40Request
    from .doubao_seedream_40_request_quality import DoubaoSeedream40RequestQuality
    from .doubao_seedream_45_request import DoubaoSeedream45Request
    from .doubao_seedream_45_request_prompt_priority import (
        DoubaoSeedream45RequestPromptPriority,
    )
    from .doubao_seedream_45_request_quality import DoubaoSeedream45RequestQuality
    from .doubao_seedream_50_flash_layerize_request import (
        DoubaoSeedream50FlashLayerizeRequest,
    )
    from .doubao_seedream_50_flash_layerize_request_output_format import (
        DoubaoSeedream50FlashLayerizeRequestOutputFormat,
    )
    from .doubao_seedream_50_flash_layerize_request_prompt_priority import (
        DoubaoSeedream50FlashLayerizeRequestPromptPriority,
    )
    from .doubao_seedream_50_flash_layerize_request_quality import (
        DoubaoSeedream50FlashLayerizeRequestQuality,
    )
    from .doubao_seedream_50_flash_request import DoubaoSeedream50FlashRequest
    from .doubao_seedream_50_flash_request_background import (
        DoubaoSeedream50FlashRequestBackground,
    )
    from .doubao_seedream_50_flash_request_prompt_priority import (
        DoubaoSeedream50FlashRequestPromptPriority,
    )
    from .doubao_seedream_50_flash_request_quality import (
        DoubaoSeedream50FlashRequestQuality,
    )
    from .doubao_seedream_50_lite_request import DoubaoSeedream50LiteRequest
    from .doubao_seedream_50_lite_request_model_params import (
        DoubaoSeedream50LiteRequestModelParams,
    )
    from .doubao_seedream_50_lite_request_model_params_tools_item import (
        DoubaoSeedream50LiteRequestModelParamsToolsItem,
    )
    from .doubao_seedream_50_lite_request_model_params_tools_item_type import (
        DoubaoSeedream50LiteRequestModelParamsToolsItemType,
    )
    from .doubao_seedream_50_lite_request_prompt_priority import (
        DoubaoSeedream50LiteRequestPromptPriority,
    )
    from .doubao_seedream_50_lite_request_quality import (
        DoubaoSeedream50LiteRequestQuality,
    )
    from .doubao_seedream_50_pro_layerize_request import (
        DoubaoSeedream50ProLayerizeRequest,
    )
    from .doubao_seedream_50_pro_layerize_request_output_format import (
        DoubaoSeedream50ProLayerizeRequestOutputFormat,
    )
    from .doubao_seedream_50_pro_layerize_request_quality import (
        DoubaoSeedream50ProLayerizeRequestQuality,
    )
    from .doubao_seedream_50_pro_request import DoubaoSeedream50ProRequest
    from .doubao_seedream_50_pro_request_background import (
        DoubaoSeedream50ProRequestBackground,
    )
    from .doubao_seedream_50_pro_request_quality import (
        DoubaoSeedream50ProRequestQuality,
    )
    from .error_detail import ErrorDetail
    from .error_response import ErrorResponse
    from .file_data import FileData
    from .file_error_response import FileErrorResponse
    from .file_upload_response import FileUploadResponse
    from .gemini_3_pro_image_preview_request import Gemini3ProImagePreviewRequest
    from .gemini_3_pro_image_preview_request_model_params import (
        Gemini3ProImagePreviewRequestModelParams,
    )
    from .gemini_3_pro_image_preview_request_quality import (
        Gemini3ProImagePreviewRequestQuality,
    )
    from .gemini_3_pro_image_preview_request_size import (
        Gemini3ProImagePreviewRequestSize,
    )
    from .gemini_31_flash_image_preview_request import Gemini31FlashImagePreviewRequest
    from .gemini_31_flash_image_preview_request_model_params import (
        Gemini31FlashImagePreviewRequestModelParams,
    )
    from .gemini_31_flash_image_preview_request_quality import (
        Gemini31FlashImagePreviewRequestQuality,
    )
    from .gemini_31_flash_lite_image_request import Gemini31FlashLiteImageRequest
    from .gemini_31_flash_lite_image_request_model_params import (
        Gemini31FlashLiteImageRequestModelParams,
    )
    from .gemini_31_flash_lite_image_request_quality import (
        Gemini31FlashLiteImageRequestQuality,
    )
    from .gemini_nano_banana_21_request import GeminiNanoBanana21Request
    from .gemini_nano_banana_21_request_model_params import (
        GeminiNanoBanana21RequestModelParams,
    )
    from .gemini_nano_banana_21_request_model_params_thinking_level import (
        GeminiNanoBanana21RequestModelParamsThinkingLevel,
    )
    from .gemini_nano_banana_21_request_quality import GeminiNanoBanana21RequestQuality
    from .gemini_nano_banana_21_request_size import GeminiNanoBanana21RequestSize
    from .gpt_image_2_beta_request import GptImage2BetaRequest
    from .gpt_image_2_beta_request_resolution import GptImage2BetaRequestResolution
    from .gpt_image_2_beta_request_size import GptImage2BetaRequestSize
    from .gpt_image_2_request import GptImage2Request
    from .gpt_image_2_request_quality import GptImage2RequestQuality
    from .gpt_image_15_request import GptImage15Request
    from .gpt_image_15_request_n import GptImage15RequestN
    from .gpt_image_15_request_quality import GptImage15RequestQuality
    from .gpt_image_15_request_size import GptImage15RequestSize
    from .gpt_image_25_flare_request import GptImage25FlareRequest
    from .gpt_image_25_quality import GptImage25Quality
    from .gpt_image_25_sunburst_request import GptImage25SunburstRequest
    from .gpt_image_background import GptImageBackground
    from .gpt_image_output_format import GptImageOutputFormat
    from .grok_imagine_image_20_request import GrokImagineImage20Request
    from .grok_imagine_image_20_request_size import GrokImagineImage20RequestSize
    from .image_generation_task import ImageGenerationTask
    from .krea_2_turbo_request import Krea2TurboRequest
    from .krea_2_turbo_request_quality import Krea2TurboRequestQuality
    from .krea_2_turbo_request_size import Krea2TurboRequestSize
    from .layer_result import LayerResult
    from .mj_canvas import MjCanvas
    from .mj_canvas_mask import MjCanvasMask
    from .mj_image_number import MjImageNumber
    from .mj_image_position import MjImagePosition
    from .mj_mask_areas_item import MjMaskAreasItem
    from .mj_region_mask_type_0 import MjRegionMaskType0
    from .mj_region_mask_type_1 import MjRegionMaskType1
    from .mj_speed_fast import MjSpeedFast
    from .mj_speed_fast_turbo import MjSpeedFastTurbo
    from .mj_v7_edit_request import MjV7EditRequest
    from .mj_v7_edit_request_model_params import MjV7EditRequestModelParams
    from .mj_v7_enhance_request import MjV7EnhanceRequest
    from .mj_v7_enhance_request_model_params import MjV7EnhanceRequestModelParams
    from .mj_v7_inpaint_request import MjV7InpaintRequest
    from .mj_v7_inpaint_request_model_params import MjV7InpaintRequestModelParams
    from .mj_v7_outpaint_request import MjV7OutpaintRequest
    from .mj_v7_outpaint_request_model_params import MjV7OutpaintRequestModelParams
    from .mj_v7_pan_request import MjV7PanRequest
    from .mj_v7_pan_request_model_params import MjV7PanRequestModelParams
    from .mj_v7_pan_request_model_params_direction import (
        MjV7PanRequestModelParamsDirection,
    )
    from .mj_v7_remix_request import MjV7RemixRequest
    from .mj_v7_remix_request_model_params import MjV7RemixRequestModelParams
    from .mj_v7_remix_request_model_params_mode import MjV7RemixRequestModelParamsMode
    from .mj_v7_remove_bg_request import MjV7RemoveBgRequest
    from .mj_v7_request import MjV7Request
    from .mj_v7_request_model_params import MjV7RequestModelParams
    from .mj_v7_request_model_params_speed import MjV7RequestModelParamsSpeed
    from .mj_v7_retexture_request import MjV7RetextureRequest
    from .mj_v7_retexture_request_model_params import MjV7RetextureRequestModelParams
    from .mj_v7_upload_paint_request import MjV7UploadPaintRequest
    from .mj_v7_upload_paint_request_model_params import (
        MjV7UploadPaintRequestModelParams,
    )
    from .mj_v7_upscale_request import MjV7UpscaleRequest
    from .mj_v7_upscale_request_model_params import MjV7UpscaleRequestModelParams
    from .mj_v7_upscale_request_model_params_type import (
        MjV7UpscaleRequestModelParamsType,
    )
    from .mj_v7_variation_request import MjV7VariationRequest
    from .mj_v7_variation_request_model_params import MjV7VariationRequestModelParams
    from .mj_v7_variation_request_model_params_type import (
        MjV7VariationRequestModelParamsType,
    )
    from .mj_v81_edit_request import MjV81EditRequest
    from .mj_v81_edit_request_model_params import MjV81EditRequestModelParams
    from .mj_v81_remix_request import MjV81RemixRequest
    from .mj_v81_remix_request_model_params import MjV81RemixRequestModelParams
    from .mj_v81_remix_request_model_params_mode import MjV81RemixRequestModelParamsMode
    from .mj_v81_remove_bg_request import MjV81RemoveBgRequest
    from .mj_v81_request import MjV81Request
    from .mj_v81_request_model_params import MjV81RequestModelParams
    from .mj_v81_request_model_params_speed import MjV81RequestModelParamsSpeed
    from .mj_v81_request_quality import MjV81RequestQuality
    from .mj_v81_retexture_request import MjV81RetextureRequest
    from .mj_v81_retexture_request_model_params import MjV81RetextureRequestModelParams
    from .mj_v81_upload_paint_request import MjV81UploadPaintRequest
    from .mj_v81_upload_paint_request_model_params import (
        MjV81UploadPaintRequestModelParams,
    )
    from .mj_v81_variation_request import MjV81VariationRequest
    from .mj_v81_variation_request_model_params import MjV81VariationRequestModelParams
    from .mj_v81_variation_request_model_params_type import (
        MjV81VariationRequestModelParamsType,
    )
    from .mj_v82_canvas_mask import MjV82CanvasMask
    from .mj_v82_edit_request import MjV82EditRequest
    from .mj_v82_edit_request_model_params import MjV82EditRequestModelParams
    from .mj_v82_remix_request import MjV82RemixRequest
    from .mj_v82_remix_request_model_params import MjV82RemixRequestModelParams
    from .mj_v82_remix_request_model_params_mode import MjV82RemixRequestModelParamsMode
    from .mj_v82_remove_bg_request import MjV82RemoveBgRequest
    from .mj_v82_request import MjV82Request
    from .mj_v82_request_model_params import MjV82RequestModelParams
    from .mj_v82_request_model_params_speed import MjV82RequestModelParamsSpeed
    from .mj_v82_request_quality import MjV82RequestQuality
    from .mj_v82_retexture_request import MjV82RetextureRequest
    from .mj_v82_retexture_request_model_params import MjV82RetextureRequestModelParams
    from .mj_v82_upload_paint_request import MjV82UploadPaintRequest
    from .mj_v82_upload_paint_request_model_params import (
        MjV82UploadPaintRequestModelParams,
    )
    from .mj_v82_variation_request import MjV82VariationRequest
    from .mj_v82_variation_request_model_params import MjV82VariationRequestModelParams
    from .mj_v82_variation_request_model_params_speed import (
        MjV82VariationRequestModelParamsSpeed,
    )
    from .mj_v82_variation_request_model_params_type import (
        MjV82VariationRequestModelParamsType,
    )
    from .nano_banana_2_beta_request import NanoBanana2BetaRequest
    from .nano_banana_2_beta_request_model_params import (
        NanoBanana2BetaRequestModelParams,
    )
    from .nano_banana_2_beta_request_quality import NanoBanana2BetaRequestQuality
    from .nano_banana_2_lite_beta_request import NanoBanana2LiteBetaRequest
    from .nano_banana_2_lite_beta_request_model import NanoBanana2LiteBetaRequestModel
    from .nano_banana_2_lite_beta_request_quality import (
        NanoBanana2LiteBetaRequestQuality,
    )
    from .nano_banana_21_beta_request import NanoBanana21BetaRequest
    from .nano_banana_21_beta_request_quality import NanoBanana21BetaRequestQuality
    from .nano_banana_aspect_ratio import NanoBananaAspectRatio
    from .nano_banana_pro_beta_request import NanoBananaProBetaRequest
    from .nano_banana_pro_beta_request_model import NanoBananaProBetaRequestModel
    from .nano_banana_pro_beta_request_quality import NanoBananaProBetaRequestQuality
    from .nano_banana_pro_beta_request_size import NanoBananaProBetaRequestSize
    from .output_format import OutputFormat
    from .prompt_priority import PromptPriority
    from .quota_data import QuotaData
    from .quota_response import QuotaResponse
    from .qwen_image_30_pro_request import QwenImage30ProRequest
    from .qwen_image_30_pro_request_quality import QwenImage30ProRequestQuality
    from .qwen_image_30_request import QwenImage30Request
    from .qwen_image_30_request_quality import QwenImage30RequestQuality
    from .qwen_image_edit_plus_request import QwenImageEditPlusRequest
    from .qwen_image_edit_request import QwenImageEditRequest
    from .stream_upload_request import StreamUploadRequest
    from .task_detail import TaskDetail
    from .task_detail_result_data_type_1 import TaskDetailResultDataType1
    from .task_error import TaskError
    from .task_info import TaskInfo
    from .thinking_level import ThinkingLevel
    from .token_credits import TokenCredits
    from .url_upload_request import UrlUploadRequest
    from .usage import Usage
    from .user_credits import UserCredits
    from .wan_25_image_to_image_request import Wan25ImageToImageRequest
    from .wan_25_text_to_image_request import Wan25TextToImageRequest
    from .z_image_turbo_request import ZImageTurboRequest

__all__ = (
    "Base64UploadRequest",
    "BoundingBox",
    "CreditsData",
    "CreditsResponse",
    "DoubaoSeedream40Request",
    "DoubaoSeedream40RequestQuality",
    "DoubaoSeedream45Request",
    "DoubaoSeedream45RequestPromptPriority",
    "DoubaoSeedream45RequestQuality",
    "DoubaoSeedream50FlashLayerizeRequest",
    "DoubaoSeedream50FlashLayerizeRequestOutputFormat",
    "DoubaoSeedream50FlashLayerizeRequestPromptPriority",
    "DoubaoSeedream50FlashLayerizeRequestQuality",
    "DoubaoSeedream50FlashRequest",
    "DoubaoSeedream50FlashRequestBackground",
    "DoubaoSeedream50FlashRequestPromptPriority",
    "DoubaoSeedream50FlashRequestQuality",
    "DoubaoSeedream50LiteRequest",
    "DoubaoSeedream50LiteRequestModelParams",
    "DoubaoSeedream50LiteRequestModelParamsToolsItem",
    "DoubaoSeedream50LiteRequestModelParamsToolsItemType",
    "DoubaoSeedream50LiteRequestPromptPriority",
    "DoubaoSeedream50LiteRequestQuality",
    "DoubaoSeedream50ProLayerizeRequest",
    "DoubaoSeedream50ProLayerizeRequestOutputFormat",
    "DoubaoSeedream50ProLayerizeRequestQuality",
    "DoubaoSeedream50ProRequest",
    "DoubaoSeedream50ProRequestBackground",
    "DoubaoSeedream50ProRequestQuality",
    "ErrorDetail",
    "ErrorResponse",
    "FileData",
    "FileErrorResponse",
    "FileUploadResponse",
    "Gemini3ProImagePreviewRequest",
    "Gemini3ProImagePreviewRequestModelParams",
    "Gemini3ProImagePreviewRequestQuality",
    "Gemini3ProImagePreviewRequestSize",
    "Gemini31FlashImagePreviewRequest",
    "Gemini31FlashImagePreviewRequestModelParams",
    "Gemini31FlashImagePreviewRequestQuality",
    "Gemini31FlashLiteImageRequest",
    "Gemini31FlashLiteImageRequestModelParams",
    "Gemini31FlashLiteImageRequestQuality",
    "GeminiNanoBanana21Request",
    "GeminiNanoBanana21RequestModelParams",
    "GeminiNanoBanana21RequestModelParamsThinkingLevel",
    "GeminiNanoBanana21RequestQuality",
    "GeminiNanoBanana21RequestSize",
    "GptImage2BetaRequest",
    "GptImage2BetaRequestResolution",
    "GptImage2BetaRequestSize",
    "GptImage2Request",
    "GptImage2RequestQuality",
    "GptImage15Request",
    "GptImage15RequestN",
    "GptImage15RequestQuality",
    "GptImage15RequestSize",
    "GptImage25FlareRequest",
    "GptImage25Quality",
    "GptImage25SunburstRequest",
    "GptImageBackground",
    "GptImageOutputFormat",
    "GrokImagineImage20Request",
    "GrokImagineImage20RequestSize",
    "ImageGenerationTask",
    "Krea2TurboRequest",
    "Krea2TurboRequestQuality",
    "Krea2TurboRequestSize",
    "LayerResult",
    "MjCanvas",
    "MjCanvasMask",
    "MjImageNumber",
    "MjImagePosition",
    "MjMaskAreasItem",
    "MjRegionMaskType0",
    "MjRegionMaskType1",
    "MjSpeedFast",
    "MjSpeedFastTurbo",
    "MjV7EditRequest",
    "MjV7EditRequestModelParams",
    "MjV7EnhanceRequest",
    "MjV7EnhanceRequestModelParams",
    "MjV7InpaintRequest",
    "MjV7InpaintRequestModelParams",
    "MjV7OutpaintRequest",
    "MjV7OutpaintRequestModelParams",
    "MjV7PanRequest",
    "MjV7PanRequestModelParams",
    "MjV7PanRequestModelParamsDirection",
    "MjV7RemixRequest",
    "MjV7RemixRequestModelParams",
    "MjV7RemixRequestModelParamsMode",
    "MjV7RemoveBgRequest",
    "MjV7Request",
    "MjV7RequestModelParams",
    "MjV7RequestModelParamsSpeed",
    "MjV7RetextureRequest",
    "MjV7RetextureRequestModelParams",
    "MjV7UploadPaintRequest",
    "MjV7UploadPaintRequestModelParams",
    "MjV7UpscaleRequest",
    "MjV7UpscaleRequestModelParams",
    "MjV7UpscaleRequestModelParamsType",
    "MjV7VariationRequest",
    "MjV7VariationRequestModelParams",
    "MjV7VariationRequestModelParamsType",
    "MjV81EditRequest",
    "MjV81EditRequestModelParams",
    "MjV81RemixRequest",
    "MjV81RemixRequestModelParams",
    "MjV81RemixRequestModelParamsMode",
    "MjV81RemoveBgRequest",
    "MjV81Request",
    "MjV81RequestModelParams",
    "MjV81RequestModelParamsSpeed",
    "MjV81RequestQuality",
    "MjV81RetextureRequest",
    "MjV81RetextureRequestModelParams",
    "MjV81UploadPaintRequest",
    "MjV81UploadPaintRequestModelParams",
    "MjV81VariationRequest",
    "MjV81VariationRequestModelParams",
    "MjV81VariationRequestModelParamsType",
    "MjV82CanvasMask",
    "MjV82EditRequest",
    "MjV82EditRequestModelParams",
    "MjV82RemixRequest",
    "MjV82RemixRequestModelParams",
    "MjV82RemixRequestModelParamsMode",
    "MjV82RemoveBgRequest",
    "MjV82Request",
    "MjV82RequestModelParams",
    "MjV82RequestModelParamsSpeed",
    "MjV82RequestQuality",
    "MjV82RetextureRequest",
    "MjV82RetextureRequestModelParams",
    "MjV82UploadPaintRequest",
    "MjV82UploadPaintRequestModelParams",
    "MjV82VariationRequest",
    "MjV82VariationRequestModelParams",
    "MjV82VariationRequestModelParamsSpeed",
    "MjV82VariationRequestModelParamsType",
    "NanoBanana2BetaRequest",
    "NanoBanana2BetaRequestModelParams",
    "NanoBanana2BetaRequestQuality",
    "NanoBanana2LiteBetaRequest",
    "NanoBanana2LiteBetaRequestModel",
    "NanoBanana2LiteBetaRequestQuality",
    "NanoBanana21BetaRequest",
    "NanoBanana21BetaRequestQuality",
    "NanoBananaAspectRatio",
    "NanoBananaProBetaRequest",
    "NanoBananaProBetaRequestModel",
    "NanoBananaProBetaRequestQuality",
    "NanoBananaProBetaRequestSize",
    "OutputFormat",
    "PromptPriority",
    "QuotaData",
    "QuotaResponse",
    "QwenImage30ProRequest",
    "QwenImage30ProRequestQuality",
    "QwenImage30Request",
    "QwenImage30RequestQuality",
    "QwenImageEditPlusRequest",
    "QwenImageEditRequest",
    "StreamUploadRequest",
    "TaskDetail",
    "TaskDetailResultDataType1",
    "TaskError",
    "TaskInfo",
    "ThinkingLevel",
    "TokenCredits",
    "UrlUploadRequest",
    "Usage",
    "UserCredits",
    "Wan25ImageToImageRequest",
    "Wan25TextToImageRequest",
    "ZImageTurboRequest",
)

# Each exported name -> the module (relative to this package) that defines it.
_MODULES: dict[str, str] = {
    "Base64UploadRequest": ".base_64_upload_request",
    "BoundingBox": ".bounding_box",
    "CreditsData": ".credits_data",
    "CreditsResponse": ".credits_response",
    "DoubaoSeedream40Request": ".doubao_seedream_40_request",
    "DoubaoSeedream40RequestQuality": ".doubao_seedream_40_request_quality",
    "DoubaoSeedream45Request": ".doubao_seedream_45_request",
    "DoubaoSeedream45RequestPromptPriority": ".doubao_seedream_45_request_prompt_priority",
    "DoubaoSeedream45RequestQuality": ".doubao_seedream_45_request_quality",
    "DoubaoSeedream50FlashLayerizeRequest": ".doubao_seedream_50_flash_layerize_request",
    "DoubaoSeedream50FlashLayerizeRequestOutputFormat": ".doubao_seedream_50_flash_layerize_request_output_format",
    "DoubaoSeedream50FlashLayerizeRequestPromptPriority": ".doubao_seedream_50_flash_layerize_request_prompt_priority",
    "DoubaoSeedream50FlashLayerizeRequestQuality": ".doubao_seedream_50_flash_layerize_request_quality",
    "DoubaoSeedream50FlashRequest": ".doubao_seedream_50_flash_request",
    "DoubaoSeedream50FlashRequestBackground": ".doubao_seedream_50_flash_request_background",
    "DoubaoSeedream50FlashRequestPromptPriority": ".doubao_seedream_50_flash_request_prompt_priority",
    "DoubaoSeedream50FlashRequestQuality": ".doubao_seedream_50_flash_request_quality",
    "DoubaoSeedream50LiteRequest": ".doubao_seedream_50_lite_request",
    "DoubaoSeedream50LiteRequestModelParams": ".doubao_seedream_50_lite_request_model_params",
    "DoubaoSeedream50LiteRequestModelParamsToolsItem": ".doubao_seedream_50_lite_request_model_params_tools_item",
    "DoubaoSeedream50LiteRequestModelParamsToolsItemType": ".doubao_seedream_50_lite_request_model_params_tools_item_type",
    "DoubaoSeedream50LiteRequestPromptPriority": ".doubao_seedream_50_lite_request_prompt_priority",
    "DoubaoSeedream50LiteRequestQuality": ".doubao_seedream_50_lite_request_quality",
    "DoubaoSeedream50ProLayerizeRequest": ".doubao_seedream_50_pro_layerize_request",
    "DoubaoSeedream50ProLayerizeRequestOutputFormat": ".doubao_seedream_50_pro_layerize_request_output_format",
    "DoubaoSeedream50ProLayerizeRequestQuality": ".doubao_seedream_50_pro_layerize_request_quality",
    "DoubaoSeedream50ProRequest": ".doubao_seedream_50_pro_request",
    "DoubaoSeedream50ProRequestBackground": ".doubao_seedream_50_pro_request_background",
    "DoubaoSeedream50ProRequestQuality": ".doubao_seedream_50_pro_request_quality",
    "ErrorDetail": ".error_detail",
    "ErrorResponse": ".error_response",
    "FileData": ".file_data",
    "FileErrorResponse": ".file_error_response",
    "FileUploadResponse": ".file_upload_response",
    "Gemini31FlashImagePreviewRequest": ".gemini_31_flash_image_preview_request",
    "Gemini31FlashImagePreviewRequestModelParams": ".gemini_31_flash_image_preview_request_model_params",
    "Gemini31FlashImagePreviewRequestQuality": ".gemini_31_flash_image_preview_request_quality",
    "Gemini31FlashLiteImageRequest": ".gemini_31_flash_lite_image_request",
    "Gemini31FlashLiteImageRequestModelParams": ".gemini_31_flash_lite_image_request_model_params",
    "Gemini31FlashLiteImageRequestQuality": ".gemini_31_flash_lite_image_request_quality",
    "Gemini3ProImagePreviewRequest": ".gemini_3_pro_image_preview_request",
    "Gemini3ProImagePreviewRequestModelParams": ".gemini_3_pro_image_preview_request_model_params",
    "Gemini3ProImagePreviewRequestQuality": ".gemini_3_pro_image_preview_request_quality",
    "Gemini3ProImagePreviewRequestSize": ".gemini_3_pro_image_preview_request_size",
    "GeminiNanoBanana21Request": ".gemini_nano_banana_21_request",
    "GeminiNanoBanana21RequestModelParams": ".gemini_nano_banana_21_request_model_params",
    "GeminiNanoBanana21RequestModelParamsThinkingLevel": ".gemini_nano_banana_21_request_model_params_thinking_level",
    "GeminiNanoBanana21RequestQuality": ".gemini_nano_banana_21_request_quality",
    "GeminiNanoBanana21RequestSize": ".gemini_nano_banana_21_request_size",
    "GptImage15Request": ".gpt_image_15_request",
    "GptImage15RequestN": ".gpt_image_15_request_n",
    "GptImage15RequestQuality": ".gpt_image_15_request_quality",
    "GptImage15RequestSize": ".gpt_image_15_request_size",
    "GptImage25FlareRequest": ".gpt_image_25_flare_request",
    "GptImage25Quality": ".gpt_image_25_quality",
    "GptImage25SunburstRequest": ".gpt_image_25_sunburst_request",
    "GptImage2BetaRequest": ".gpt_image_2_beta_request",
    "GptImage2BetaRequestResolution": ".gpt_image_2_beta_request_resolution",
    "GptImage2BetaRequestSize": ".gpt_image_2_beta_request_size",
    "GptImage2Request": ".gpt_image_2_request",
    "GptImage2RequestQuality": ".gpt_image_2_request_quality",
    "GptImageBackground": ".gpt_image_background",
    "GptImageOutputFormat": ".gpt_image_output_format",
    "GrokImagineImage20Request": ".grok_imagine_image_20_request",
    "GrokImagineImage20RequestSize": ".grok_imagine_image_20_request_size",
    "ImageGenerationTask": ".image_generation_task",
    "Krea2TurboRequest": ".krea_2_turbo_request",
    "Krea2TurboRequestQuality": ".krea_2_turbo_request_quality",
    "Krea2TurboRequestSize": ".krea_2_turbo_request_size",
    "LayerResult": ".layer_result",
    "MjCanvas": ".mj_canvas",
    "MjCanvasMask": ".mj_canvas_mask",
    "MjImageNumber": ".mj_image_number",
    "MjImagePosition": ".mj_image_position",
    "MjMaskAreasItem": ".mj_mask_areas_item",
    "MjRegionMaskType0": ".mj_region_mask_type_0",
    "MjRegionMaskType1": ".mj_region_mask_type_1",
    "MjSpeedFast": ".mj_speed_fast",
    "MjSpeedFastTurbo": ".mj_speed_fast_turbo",
    "MjV7EditRequest": ".mj_v7_edit_request",
    "MjV7EditRequestModelParams": ".mj_v7_edit_request_model_params",
    "MjV7EnhanceRequest": ".mj_v7_enhance_request",
    "MjV7EnhanceRequestModelParams": ".mj_v7_enhance_request_model_params",
    "MjV7InpaintRequest": ".mj_v7_inpaint_request",
    "MjV7InpaintRequestModelParams": ".mj_v7_inpaint_request_model_params",
    "MjV7OutpaintRequest": ".mj_v7_outpaint_request",
    "MjV7OutpaintRequestModelParams": ".mj_v7_outpaint_request_model_params",
    "MjV7PanRequest": ".mj_v7_pan_request",
    "MjV7PanRequestModelParams": ".mj_v7_pan_request_model_params",
    "MjV7PanRequestModelParamsDirection": ".mj_v7_pan_request_model_params_direction",
    "MjV7RemixRequest": ".mj_v7_remix_request",
    "MjV7RemixRequestModelParams": ".mj_v7_remix_request_model_params",
    "MjV7RemixRequestModelParamsMode": ".mj_v7_remix_request_model_params_mode",
    "MjV7RemoveBgRequest": ".mj_v7_remove_bg_request",
    "MjV7Request": ".mj_v7_request",
    "MjV7RequestModelParams": ".mj_v7_request_model_params",
    "MjV7RequestModelParamsSpeed": ".mj_v7_request_model_params_speed",
    "MjV7RetextureRequest": ".mj_v7_retexture_request",
    "MjV7RetextureRequestModelParams": ".mj_v7_retexture_request_model_params",
    "MjV7UploadPaintRequest": ".mj_v7_upload_paint_request",
    "MjV7UploadPaintRequestModelParams": ".mj_v7_upload_paint_request_model_params",
    "MjV7UpscaleRequest": ".mj_v7_upscale_request",
    "MjV7UpscaleRequestModelParams": ".mj_v7_upscale_request_model_params",
    "MjV7UpscaleRequestModelParamsType": ".mj_v7_upscale_request_model_params_type",
    "MjV7VariationRequest": ".mj_v7_variation_request",
    "MjV7VariationRequestModelParams": ".mj_v7_variation_request_model_params",
    "MjV7VariationRequestModelParamsType": ".mj_v7_variation_request_model_params_type",
    "MjV81EditRequest": ".mj_v81_edit_request",
    "MjV81EditRequestModelParams": ".mj_v81_edit_request_model_params",
    "MjV81RemixRequest": ".mj_v81_remix_request",
    "MjV81RemixRequestModelParams": ".mj_v81_remix_request_model_params",
    "MjV81RemixRequestModelParamsMode": ".mj_v81_remix_request_model_params_mode",
    "MjV81RemoveBgRequest": ".mj_v81_remove_bg_request",
    "MjV81Request": ".mj_v81_request",
    "MjV81RequestModelParams": ".mj_v81_request_model_params",
    "MjV81RequestModelParamsSpeed": ".mj_v81_request_model_params_speed",
    "MjV81RequestQuality": ".mj_v81_request_quality",
    "MjV81RetextureRequest": ".mj_v81_retexture_request",
    "MjV81RetextureRequestModelParams": ".mj_v81_retexture_request_model_params",
    "MjV81UploadPaintRequest": ".mj_v81_upload_paint_request",
    "MjV81UploadPaintRequestModelParams": ".mj_v81_upload_paint_request_model_params",
    "MjV81VariationRequest": ".mj_v81_variation_request",
    "MjV81VariationRequestModelParams": ".mj_v81_variation_request_model_params",
    "MjV81VariationRequestModelParamsType": ".mj_v81_variation_request_model_params_type",
    "MjV82CanvasMask": ".mj_v82_canvas_mask",
    "MjV82EditRequest": ".mj_v82_edit_request",
    "MjV82EditRequestModelParams": ".mj_v82_edit_request_model_params",
    "MjV82RemixRequest": ".mj_v82_remix_request",
    "MjV82RemixRequestModelParams": ".mj_v82_remix_request_model_params",
    "MjV82RemixRequestModelParamsMode": ".mj_v82_remix_request_model_params_mode",
    "MjV82RemoveBgRequest": ".mj_v82_remove_bg_request",
    "MjV82Request": ".mj_v82_request",
    "MjV82RequestModelParams": ".mj_v82_request_model_params",
    "MjV82RequestModelParamsSpeed": ".mj_v82_request_model_params_speed",
    "MjV82RequestQuality": ".mj_v82_request_quality",
    "MjV82RetextureRequest": ".mj_v82_retexture_request",
    "MjV82RetextureRequestModelParams": ".mj_v82_retexture_request_model_params",
    "MjV82UploadPaintRequest": ".mj_v82_upload_paint_request",
    "MjV82UploadPaintRequestModelParams": ".mj_v82_upload_paint_request_model_params",
    "MjV82VariationRequest": ".mj_v82_variation_request",
    "MjV82VariationRequestModelParams": ".mj_v82_variation_request_model_params",
    "MjV82VariationRequestModelParamsSpeed": ".mj_v82_variation_request_model_params_speed",
    "MjV82VariationRequestModelParamsType": ".mj_v82_variation_request_model_params_type",
    "NanoBanana21BetaRequest": ".nano_banana_21_beta_request",
    "NanoBanana21BetaRequestQuality": ".nano_banana_21_beta_request_quality",
    "NanoBanana2BetaRequest": ".nano_banana_2_beta_request",
    "NanoBanana2BetaRequestModelParams": ".nano_banana_2_beta_request_model_params",
    "NanoBanana2BetaRequestQuality": ".nano_banana_2_beta_request_quality",
    "NanoBanana2LiteBetaRequest": ".nano_banana_2_lite_beta_request",
    "NanoBanana2LiteBetaRequestModel": ".nano_banana_2_lite_beta_request_model",
    "NanoBanana2LiteBetaRequestQuality": ".nano_banana_2_lite_beta_request_quality",
    "NanoBananaAspectRatio": ".nano_banana_aspect_ratio",
    "NanoBananaProBetaRequest": ".nano_banana_pro_beta_request",
    "NanoBananaProBetaRequestModel": ".nano_banana_pro_beta_request_model",
    "NanoBananaProBetaRequestQuality": ".nano_banana_pro_beta_request_quality",
    "NanoBananaProBetaRequestSize": ".nano_banana_pro_beta_request_size",
    "OutputFormat": ".output_format",
    "PromptPriority": ".prompt_priority",
    "QuotaData": ".quota_data",
    "QuotaResponse": ".quota_response",
    "QwenImage30ProRequest": ".qwen_image_30_pro_request",
    "QwenImage30ProRequestQuality": ".qwen_image_30_pro_request_quality",
    "QwenImage30Request": ".qwen_image_30_request",
    "QwenImage30RequestQuality": ".qwen_image_30_request_quality",
    "QwenImageEditPlusRequest": ".qwen_image_edit_plus_request",
    "QwenImageEditRequest": ".qwen_image_edit_request",
    "StreamUploadRequest": ".stream_upload_request",
    "TaskDetail": ".task_detail",
    "TaskDetailResultDataType1": ".task_detail_result_data_type_1",
    "TaskError": ".task_error",
    "TaskInfo": ".task_info",
    "ThinkingLevel": ".thinking_level",
    "TokenCredits": ".token_credits",
    "UrlUploadRequest": ".url_upload_request",
    "Usage": ".usage",
    "UserCredits": ".user_credits",
    "Wan25ImageToImageRequest": ".wan_25_image_to_image_request",
    "Wan25TextToImageRequest": ".wan_25_text_to_image_request",
    "ZImageTurboRequest": ".z_image_turbo_request",
}


def __getattr__(name: str) -> Any:
    """Import *name* from its module on first use, then keep it here so the next lookup is a plain attribute."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
