from enum import StrEnum


class Gemini31FlashLiteImageRequestQuality(StrEnum):
    VALUE_0 = "1K"

    def __str__(self) -> str:
        return str(self.value)
