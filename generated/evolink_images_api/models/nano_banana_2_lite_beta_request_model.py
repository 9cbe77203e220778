from enum import StrEnum


class NanoBanana2LiteBetaRequestModel(StrEnum):
    NANO_BANANA_2_LITE_BETA = "nano-banana-2-lite-beta"
    NANO_BANANA_BETA = "nano-banana-beta"

    def __str__(self) -> str:
        return str(self.value)
