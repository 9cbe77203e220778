from enum import StrEnum


class GptImage2BetaRequestResolution(StrEnum):
    VALUE_0 = "1K"

    def __str__(self) -> str:
        return str(self.value)
