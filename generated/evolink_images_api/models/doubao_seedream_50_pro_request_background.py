from enum import StrEnum


class DoubaoSeedream50ProRequestBackground(StrEnum):
    OPAQUE = "opaque"
    TRANSPARENT = "transparent"

    def __str__(self) -> str:
        return str(self.value)
