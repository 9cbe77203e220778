from enum import StrEnum


class DoubaoSeedream45RequestQuality(StrEnum):
    VALUE_0 = "2K"
    VALUE_1 = "4K"

    def __str__(self) -> str:
        return str(self.value)
