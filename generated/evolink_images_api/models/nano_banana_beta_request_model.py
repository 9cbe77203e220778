from enum import StrEnum


class NanoBananaBetaRequestModel(StrEnum):
    GEMINI_2_5_FLASH_IMAGE = "gemini-2.5-flash-image"
    NANO_BANANA_BETA = "nano-banana-beta"

    def __str__(self) -> str:
        return str(self.value)
