from enum import StrEnum


class DoubaoSeedream50FlashRequestQuality(StrEnum):
    VALUE_0 = "1K"
    VALUE_1 = "1.5K"
    VALUE_2 = "2K"

    def __str__(self) -> str:
        return str(self.value)
