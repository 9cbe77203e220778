from enum import StrEnum


class DoubaoSeedream50FlashLayerizeRequestPromptPriority(StrEnum):
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
