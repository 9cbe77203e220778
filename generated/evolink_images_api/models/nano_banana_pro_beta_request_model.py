from enum import StrEnum


class NanoBananaProBetaRequestModel(StrEnum):
    NANO_BANANA_2_LITE = "nano-banana-2-lite"
    NANO_BANANA_PRO_BETA = "nano-banana-pro-beta"

    def __str__(self) -> str:
        return str(self.value)
