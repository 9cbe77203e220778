from enum import StrEnum


class DoubaoSeedream50LiteRequestQuality(StrEnum):
    VALUE_0 = "2K"
    VALUE_1 = "3K"
    VALUE_2 = "4K"

    def __str__(self) -> str:
        return str(self.value)
