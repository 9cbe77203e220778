from enum import StrEnum


class DoubaoSeedream50FlashLayerizeRequestQuality(StrEnum):
    AUTO = "auto"
    VALUE_1 = "1K"
    VALUE_2 = "1.5K"
    VALUE_3 = "2K"

    def __str__(self) -> str:
        return str(self.value)
