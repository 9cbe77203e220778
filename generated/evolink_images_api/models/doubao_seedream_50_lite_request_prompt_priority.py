from enum import StrEnum


class DoubaoSeedream50LiteRequestPromptPriority(StrEnum):
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
