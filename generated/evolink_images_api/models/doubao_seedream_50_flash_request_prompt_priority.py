from enum import StrEnum


class DoubaoSeedream50FlashRequestPromptPriority(StrEnum):
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
