from enum import StrEnum


class GptImage2RequestBackground(StrEnum):
    OPAQUE = "opaque"
    TRANSPARENT = "transparent"

    def __str__(self) -> str:
        return str(self.value)
