from enum import StrEnum


class DoubaoSeedream45RequestPromptPriority(StrEnum):
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
