from enum import StrEnum


class GptImageBackground(StrEnum):
    OPAQUE = "opaque"
    TRANSPARENT = "transparent"

    def __str__(self) -> str:
        return str(self.value)
