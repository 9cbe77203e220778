from enum import StrEnum


class QwenImage30RequestQuality(StrEnum):
    VALUE_0 = "1K"
    VALUE_1 = "2K"

    def __str__(self) -> str:
        return str(self.value)
