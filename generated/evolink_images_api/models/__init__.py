"""Contains all the data models used in inputs/outputs"""

from .doubao_seedream_45_request import DoubaoSeedream45Request
from .doubao_seedream_45_request_prompt_priority import (
    DoubaoSeedream45RequestPromptPriority,
)
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .gemini_3_pro_image_preview_request import Gemini3ProImagePreviewRequest
from .gemini_3_pro_image_preview_request_quality import (
    Gemini3ProImagePreviewRequestQuality,
)
from .gemini_3_pro_image_preview_request_size import Gemini3ProImagePreviewRequestSize
from .gemini_25_flash_image_request import Gemini25FlashImageRequest
from .gemini_25_flash_image_request_size import Gemini25FlashImageRequestSize
from .image_generation_task import ImageGenerationTask
from .qwen_image_edit_request import QwenImageEditRequest
from .task_detail import TaskDetail
from .task_error import TaskError
from .task_info import TaskInfo
from .usage import Usage
from .wan_25_text_to_image_request import Wan25TextToImageRequest
from .wan_25_text_to_image_request_n import Wan25TextToImageRequestN

__all__ = (
    "DoubaoSeedream45Request",
    "DoubaoSeedream45RequestPromptPriority",
    "ErrorDetail",
    "ErrorResponse",
    "Gemini3ProImagePreviewRequest",
    "Gemini3ProImagePreviewRequestQuality",
    "Gemini3ProImagePreviewRequestSize",
    "Gemini25FlashImageRequest",
    "Gemini25FlashImageRequestSize",
    "ImageGenerationTask",
    "QwenImageEditRequest",
    "TaskDetail",
    "TaskError",
    "TaskInfo",
    "Usage",
    "Wan25TextToImageRequest",
    "Wan25TextToImageRequestN",
)
