from enum import StrEnum


class NanoBanana2LiteBetaRequestQuality(StrEnum):
    VALUE_0 = "1K"

    def __str__(self) -> str:
        return str(self.value)
