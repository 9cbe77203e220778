from enum import StrEnum


class Gemini31FlashImagePreviewRequestQuality(StrEnum):
    VALUE_0 = "0.5K"
    VALUE_1 = "1K"
    VALUE_2 = "2K"
    VALUE_3 = "4K"

    def __str__(self) -> str:
        return str(self.value)
