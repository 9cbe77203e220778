from enum import StrEnum


class Krea2TurboRequestQuality(StrEnum):
    VALUE_0 = "1K"
    VALUE_1 = "2K"

    def __str__(self) -> str:
        return str(self.value)
