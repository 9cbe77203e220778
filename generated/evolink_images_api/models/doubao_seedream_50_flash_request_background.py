from enum import StrEnum


class DoubaoSeedream50FlashRequestBackground(StrEnum):
    OPAQUE = "opaque"
    TRANSPARENT = "transparent"

    def __str__(self) -> str:
        return str(self.value)
